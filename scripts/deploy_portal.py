"""make deploy's last step: publishes the built portal (portal/dist) to the stack's portal bucket and tells it where
the API and the sign-in are.

From the stack's outputs (describe-stacks) it writes config.json: the API's base URL, and for the company sign-in the
issuer, the portal's client id and, with the pool's hosted UI, its logout URL. Every file goes up with its content
type and a cache header: the hashed bundle and stylesheet (app-<hash>.js) are immutable for a year, index.html and
config.json are revalidated on every load (no-cache). The hashed files go first and index.html last, so a browser that
gets the new index.html finds what it names; the previous hashed files stay, for pages loaded before. Then CloudFront
is told to drop index.html, config.json and / from its caches.

Usage: deploy_portal.py --stack-name NAME [--dist portal/dist]
       deploy_portal.py --samconfig samconfig.local.toml [--dist portal/dist]
The AWS SDK's own configuration decides the account, region and endpoint (scripts/deploy_test.sh runs it on moto).
"""

from __future__ import annotations

import argparse
import json
import mimetypes
import re
import sys
import time
import tomllib
import urllib.parse
from pathlib import Path

import boto3

# The build names the bundle and the stylesheet <name>-<esbuild hash>.<ext> (portal/build.mjs).
HASHED = re.compile(r"^[A-Za-z0-9_]+-[A-Z0-9]{8}\.(js|css)$")
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".txt": "text/plain; charset=utf-8",
    ".map": "application/json",
    ".woff2": "font/woff2",
}
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
SHORT = "public, max-age=300"
SCOPE = "openid email profile"


def content_type(name: str) -> str:
    suffix = Path(name).suffix.lower()
    return TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"


def cache_control(name: str) -> str:
    if name in ("index.html", "config.json"):
        return REVALIDATE
    if HASHED.match(Path(name).name):
        return IMMUTABLE
    return SHORT


def upload_plan(dist: Path) -> list[tuple[str, Path, str, str]]:
    """(key, file, content type, cache control) for every file of the build, index.html last."""
    files = sorted(p for p in dist.rglob("*") if p.is_file())
    keys = [(p.relative_to(dist).as_posix(), p) for p in files]
    if "index.html" not in {k for k, _ in keys}:
        raise SystemExit(f"deploy_portal: no index.html in {dist}; build the portal first (scripts/portal.sh)")
    keys.sort(key=lambda kp: kp[0] == "index.html")
    return [(k, p, content_type(k), cache_control(k)) for k, p in keys if k != "config.json"]


def portal_config(outputs: dict[str, str]) -> tuple[dict, list[str]]:
    """The portal's config.json from the stack's outputs, and warnings for the person deploying."""
    warnings = []
    config: dict = {"apiBase": outputs["ApiUrl"].rstrip("/"), "localMode": False}
    issuer = outputs.get("PortalOidcIssuer", "")
    client_id = outputs.get("PortalOidcClientId", "")
    auth = outputs.get("PortalAuthDomainUrl", "")
    portal_url = outputs["PortalUrl"]
    cognito = urllib.parse.urlsplit(issuer).hostname or ""
    if not issuer or not client_id:
        warnings.append("the stack names no sign-in for the portal (JwtIssuer without PortalOidcClientId):"
                        " the portal will say that no sign-in is configured")
    elif cognito.startswith("cognito-idp.") and not auth:
        warnings.append("the user pool has no hosted sign-in domain (AuthDomainPrefix is empty): the portal"
                        " cannot sign anyone in; deploy again with AuthDomainPrefix set")
    else:
        oidc = {"issuer": issuer, "clientId": client_id, "scope": SCOPE}
        if auth:
            # Cognito's hosted UI has no end_session_endpoint in its discovery document; /logout takes these two.
            query = urllib.parse.urlencode({"client_id": client_id, "logout_uri": portal_url})
            oidc["logoutUrl"] = f"{auth.rstrip('/')}/logout?{query}"
        config["oidc"] = oidc
    return config, warnings


def stack_name_from(samconfig: Path) -> str:
    data = tomllib.loads(samconfig.read_text()) if samconfig.is_file() else {}
    default = data.get("default", {})
    for section in ("deploy", "global"):
        name = default.get(section, {}).get("parameters", {}).get("stack_name")
        if name:
            return name
    return "helpdesk-portal"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stack-name")
    parser.add_argument("--samconfig", type=Path, default=Path("samconfig.local.toml"))
    parser.add_argument("--dist", type=Path, default=Path("portal/dist"))
    args = parser.parse_args()
    stack = args.stack_name or stack_name_from(args.samconfig)

    described = boto3.client("cloudformation").describe_stacks(StackName=stack)["Stacks"][0]
    outputs = {o["OutputKey"]: o["OutputValue"] for o in described.get("Outputs", [])}
    for needed in ("PortalSiteBucketName", "PortalDistributionId", "ApiUrl", "PortalUrl"):
        if needed not in outputs:
            raise SystemExit(f"deploy_portal: stack {stack} has no output {needed}; is it this project's stack?")
    config, warnings = portal_config(outputs)
    for w in warnings:
        print(f"warning: {w}", file=sys.stderr)

    s3 = boto3.client("s3")
    bucket = outputs["PortalSiteBucketName"]
    plan = upload_plan(args.dist)
    # The config before index.html: a browser with the new page must find the new config.
    config_at = len(plan) - 1
    for i, (key, path, ctype, cache) in enumerate(plan):
        if i == config_at:
            s3.put_object(Bucket=bucket, Key="config.json", Body=json.dumps(config).encode(),
                          ContentType="application/json", CacheControl=REVALIDATE)
            print(f"    config.json  {REVALIDATE}")
        s3.put_object(Bucket=bucket, Key=key, Body=path.read_bytes(), ContentType=ctype, CacheControl=cache)
        print(f"    {key}  {ctype}  {cache}")

    invalidation = boto3.client("cloudfront").create_invalidation(
        DistributionId=outputs["PortalDistributionId"],
        InvalidationBatch={
            "Paths": {"Quantity": 3, "Items": ["/", "/index.html", "/config.json"]},
            "CallerReference": f"make-deploy-{time.time_ns()}",
        },
    )["Invalidation"]
    print(f"==> portal published to s3://{bucket} ({len(plan) + 1} files); CloudFront invalidation"
          f" {invalidation['Id']} ({invalidation['Status']}); open {outputs['PortalUrl']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
