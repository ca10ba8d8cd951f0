#!/usr/bin/env python3
"""Prints the shade filter that keeps, of an AWS SDK service module's model/ and transform/
packages, only what the operations our functions call can reach (the parent pom's "model closure"
filters; docs/pinned-versions.md).

usage: scripts/sdk_model_closure.py <module jar> <service package> <Operation>...
  e.g. scripts/sdk_model_closure.py ~/.m2/.../sesv2-2.35.0.jar sesv2 SendEmail

Kept:
- every class outside model/ and transform/ (client, builders, endpoints, auth, paginators, waiters);
- for each named operation its request, response and request marshaller;
- every modelled exception (the protocol's error unmarshaller registers them all on each call);
- every top-level *Request class, without its builder: the verifier loads each one when it links
  the default client, whose methods pass them where an SdkRequest is expected;
- and everything those classes name, transitively (the class files' constant pools, read as bytes:
  class names there are ASCII), except what the client, its interface, the paginators and the
  waiters and the endpoint interceptor name (they name every operation, and the code of an
  operation we never call never runs: the interceptor switches on the operation's name), and
  except what the parent pom leaves out of every jar anyway (asynchronous clients, SQS's batch
  managers, DynamoDB Streams, which shares DynamoDB's model package).

A class left out that a kept class names in code we do call fails at once with
NoClassDefFoundError; DeployableJarsIT runs every jar through each of its paths that reach AWS.
"""
import re
import sys
import zipfile


def main():
    jar, svc, ops = sys.argv[1], sys.argv[2], sys.argv[3:]
    base = f"software/amazon/awssdk/services/{svc}/"
    z = zipfile.ZipFile(jar)
    classes = {
        n[: -len(".class")]: n for n in z.namelist() if n.startswith(base) and n.endswith(".class")
    }
    trimmed = (base + "model/", base + "transform/")
    ref = re.compile(rb"software/amazon/awssdk/services/" + svc.encode() + rb"/(?:model|transform)/[A-Za-z0-9_$]+")

    def refs(name):
        return {m.decode() for m in ref.findall(z.read(classes[name]))} & classes.keys()

    def names_every_operation(name):
        rest = name[len(base):]
        return (
            rest.startswith(("paginators/", "waiters/", "streams/"))
            or "Async" in rest
            or "batchmanager/" in rest
            or rest.endswith("ResolveEndpointInterceptor")
            or "/" not in rest and (rest.startswith("Default") and rest.endswith("Client") or rest.endswith("Client"))
        )

    roots = set()
    for name in classes:
        if not name.startswith(trimmed):
            if not names_every_operation(name):
                roots.add(name)
        elif name.startswith(base + "model/") and "$" not in name and name.endswith("Exception"):
            roots.add(name)
    for op in ops:
        for name in (f"{base}model/{op}Request", f"{base}model/{op}Response", f"{base}transform/{op}RequestMarshaller"):
            if name not in classes:
                sys.exit(f"no class {name} in {jar}")
            roots.add(name)

    kept, todo = set(), list(roots)
    while todo:
        name = todo.pop()
        if name in kept:
            continue
        kept.add(name)
        todo.extend(refs(name) - kept)
    # Loaded, never linked, by the client's verification: the class itself, not its builders.
    kept |= {
        n for n in classes if n.startswith(base + "model/") and "$" not in n and n.endswith("Request")
    }

    out = sorted(n for n in kept if n.startswith(trimmed))
    dropped = [n for n in classes if n.startswith(trimmed) and n not in kept]
    others = sorted(
        {
            name[len(base):].split("/")[0]
            for name in z.namelist()
            if name.startswith(base) and not name.startswith(trimmed) and "/" in name[len(base):]
        }
    )
    indent = " " * 20
    print(f"{indent}<filter>")
    print(f"{indent}  <!-- generated: scripts/sdk_model_closure.py {svc} {' '.join(ops)} -->")
    print(f"{indent}  <artifact>software.amazon.awssdk:{svc}</artifact>")
    print(f"{indent}  <includes>")
    print(f"{indent}    <include>META-INF/**</include>")
    print(f"{indent}    <include>{base}*</include>")
    for d in others:
        print(f"{indent}    <include>{base}{d}/**</include>")
    for name in out:
        print(f"{indent}    <include>{classes[name]}</include>")
    print(f"{indent}  </includes>")
    print(f"{indent}</filter>")
    print(
        f"<!-- {len(out)} of {len(out) + len(dropped)} model/transform classes kept -->",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
