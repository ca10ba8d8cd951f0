"""scripts/fuzz.sh's helper (standard library only, so it runs with any Python 3.10+).

  fuzz_helper.py ports N          N free 127.0.0.1 ports, held open together while picked so they differ
  fuzz_helper.py token ROLE       a demo-tenant token for ROLE, signed with $PORTAL_JWT_SECRET
  fuzz_helper.py operations ROLE  the operationIds of openapi.yaml whose x-roles hold ROLE ("none": the local-only
                                  operations that take no token), one per line
  fuzz_helper.py summary FILE...  totals over Schemathesis's ndjson event streams, one per role

The token mirrors local/.../Hs256.java's token() and DemoTenant.PEOPLE (the same claims for the same person), so
the fuzz run calls the API as make dev's printed tokens do; fuzz.sh checks each token on the server before fuzzing.
"""

import base64
import hashlib
import hmac
import json
import os
import socket
import sys
import time

# DemoTenant.PEOPLE, by role: sub, email, name, client_id.
PEOPLE = {
    "client": ("u-alice", "alice@globex.example", "Alice Client", "cli_globex"),
    "client_admin": ("u-bob", "bob@globex.example", "Bob Client-Admin", "cli_globex"),
    "agent": ("u-agent", "agent@demo.example", "Dana Agent", None),
    "admin": ("u-admin", "admin@demo.example", "Sam Admin", None),
}
TENANT = "demo"


def b64(data: bytes) -> str:
    # Hs256 accepts only base64url without padding, character for character.
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def token(role: str, hours: int = 12) -> str:
    sub, email, name, client_id = PEOPLE[role]
    claims = {"sub": sub, "email": email, "name": name, "tenant_id": TENANT}
    if client_id is not None:
        claims["client_id"] = client_id
    now = int(time.time())
    claims.update(roles=[role], iat=now, exp=now + hours * 3600)
    header = b64(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    payload = b64(json.dumps(claims, separators=(",", ":")).encode())
    secret = os.environ["PORTAL_JWT_SECRET"].encode()
    signature = hmac.new(secret, f"{header}.{payload}".encode("ascii"), hashlib.sha256).digest()
    return f"{header}.{payload}.{b64(signature)}"


def operations(role: str, document: str) -> list[str]:
    import yaml  # PyYAML: in the tools venv (moto and cfn-lint bring it)

    with open(document, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    ids = []
    for item in doc["paths"].values():
        for method, op in item.items():
            if method not in ("get", "put", "post", "patch", "delete"):
                continue
            if role == "none" and op.get("x-local-only") and op.get("security") == []:
                ids.append(op["operationId"])
            elif role in op.get("x-roles", []):
                ids.append(op["operationId"])
    return ids


def summary(files: list[str]) -> int:
    """Prints the test cases per operation and role, then per role and in all; exit status 1 on any failure or error."""
    roles = [os.path.basename(path).removesuffix(".ndjson") for path in files]
    per_op: dict[str, dict[str, int]] = {}
    totals = {}
    for role, path in zip(roles, files):
        cases = failures = errors = 0
        with open(path, encoding="utf-8") as f:
            for line in f:
                (kind, body), = json.loads(line).items()
                if kind == "NonFatalError":
                    errors += 1
                if kind != "ScenarioFinished":
                    continue
                if body.get("status") == "error":
                    errors += 1
                recorder = body.get("recorder") or {}
                # The stateful phase's scenarios chain several operations; they count under one label.
                label = recorder.get("label") or "?"
                n = len(recorder.get("cases") or {})
                per_op.setdefault(label, {}).setdefault(role, 0)
                per_op[label][role] += n
                cases += n
                failures += sum(1 for checks in (recorder.get("checks") or {}).values()
                                for check in checks if check.get("status", "").lower() == "failure")
        totals[role] = (sum(1 for label, op in per_op.items() if op.get(role) and label != "Stateful tests"), cases,
                        failures, errors)
    width = max(len(op) for op in per_op) if per_op else 10
    print(f"{'test cases per operation':<{width}}  " + " ".join(f"{r:>12}" for r in roles))
    for op in sorted(per_op, key=lambda o: (o == "Stateful tests", o.split(" ", 1)[-1], o)):
        print(f"{op:<{width}}  " + " ".join(f"{per_op[op].get(r, '-'):>12}" for r in roles))
    for role in roles:
        ops, cases, failures, errors = totals[role]
        print(f"fuzz {role:<13} operations {ops:>3}  test cases {cases:>5}  failed checks {failures}  errors {errors}")
    ops = len([op for op in per_op if op != "Stateful tests"])
    cases, failures, errors = (sum(t[i] for t in totals.values()) for i in (1, 2, 3))
    print(f"fuzz total: {ops} operations, {len(roles)} runs, {cases} test cases, {failures} failed checks, {errors} errors")
    return 1 if failures or errors else 0


def main(argv: list[str]) -> int:
    command, args = argv[1], argv[2:]
    if command == "ports":
        sockets = []
        for _ in range(int(args[0])):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            sockets.append(s)
        print(" ".join(str(s.getsockname()[1]) for s in sockets))
        for s in sockets:
            s.close()
    elif command == "token":
        print(token(args[0]))
    elif command == "operations":
        print("\n".join(operations(args[0], args[1] if len(args) > 1 else "openapi.yaml")))
    elif command == "summary":
        return summary(args)
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
