"""make test: a new value of a parameter a function reads must publish a new version of it.

Translates template.yaml with SAM's own translator (the venv's samtranslator, the one `sam` and CloudFormation's
AWS::Serverless transform use) for two values of each parameter the functions read, and checks what CloudFormation
would do: SAM names the AWS::Lambda::Version after a hash taken with parameters unresolved, so its logical id stays;
the version's Description must then differ, since a changed Description replaces the version, which publishes a new
one from the updated $LATEST (docs/operations.md). Needs no AWS account: the managed policies are given by name.
"""
import copy
import logging
import re
import sys

from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse


class ManagedPolicies:
    def load(self):
        names = ["AWSLambdaBasicExecutionRole", "AWSXrayWriteOnlyAccess", "AWSLambdaSQSQueueExecutionRole",
                 "AWSLambdaDynamoDBExecutionRole"]
        return {n: "arn:aws:iam::aws:policy/service-role/" + n for n in names}


BASE = {"JwtIssuer": "https://issuer.example", "JwtAudience": "client", "PortalOrigins": "https://portal.example",
        "LogLevel": "INFO", "MailDomain": "mail.example", "CursorSecretParameter": "/portal/cursor-secret"}
CHANGED = {"LogLevel": "DEBUG", "MailDomain": "mail2.example", "CursorSecretParameter": "/portal/cursor-secret-2"}


def versions(template, parameters):
    out = transform(copy.deepcopy(template), parameters, ManagedPolicies())
    found = {}
    for logical_id, resource in out["Resources"].items():
        if resource["Type"] == "AWS::Lambda::Version":
            function = resource["Properties"]["FunctionName"]["Ref"]
            found[function] = (logical_id, resolve(resource["Properties"].get("Description"), parameters))
    return found, out


def resolve(description, parameters):
    """CloudFormation's Fn::Sub over parameters, enough for a description."""
    if isinstance(description, dict) and "Fn::Sub" in description:
        return re.sub(r"\$\{(\w+)}", lambda m: parameters.get(m.group(1), m.group(0)), description["Fn::Sub"])
    return description


def main(path):
    text = open(path).read()
    # sam build/package put an S3 location here; the translator insists on one.
    text = re.sub(r"CodeUri: functions/([a-z-]+)", r"CodeUri: s3://bucket/\1.zip", text)
    template = yaml_parse(text)
    before, translated = versions(template, BASE)
    if not before:
        sys.exit("check_versions: no function has a published version (AutoPublishAlias)")
    failures = []
    for name, value in CHANGED.items():
        after, _ = versions(template, {**BASE, name: value})
        for function, (logical_id, description) in before.items():
            env = translated["Resources"][function]["Properties"].get("Environment", {}).get("Variables", {})
            reads = any(v == {"Ref": name} for v in env.values())
            new_id, new_description = after[function]
            republished = new_id != logical_id or new_description != description
            if reads and not republished:
                failures.append(f"{function}: a new {name} keeps version {logical_id} ('{description}')")
    for f in failures:
        print("check_versions: " + f, file=sys.stderr)
    if failures:
        sys.exit(1)
    print(f"check_versions: {len(before)} functions publish a new version when a parameter they read changes")


if __name__ == "__main__":
    logging.disable(logging.WARNING)  # the translator's own notes on metrics it never publishes here
    main(sys.argv[1] if len(sys.argv) > 1 else "template.yaml")
