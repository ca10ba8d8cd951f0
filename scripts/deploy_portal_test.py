"""make deploy's portal step (deploy_portal.py) against moto, run by scripts/deploy_test.sh: no AWS account.

A stack in moto's CloudFormation with the outputs the real stack has (its portal bucket a real S3 bucket of that
stack, the distribution one made through moto's CloudFront), a small build in a temporary folder, then the script as
make deploy runs it. Checked: each object's content type and cache header, config.json from the outputs (API URL
without the trailing slash, issuer, client id, the hosted UI's logout URL), and CloudFront's invalidation; and
config.json for the stacks that offer no usable sign-in. Prints ok/FAIL lines; exits 1 on any failure.
Usage (AWS_ENDPOINT_URL pointing at moto): deploy_portal_test.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import urllib.parse
from pathlib import Path

import boto3

sys.path.insert(0, str(Path(__file__).parent))
import deploy_portal  # noqa: E402

HERE = Path(__file__).resolve().parent
failures = 0


def check(name: str, ok: bool, detail: object = "") -> None:
    global failures
    if ok:
        print(f"ok   {name}")
    else:
        failures += 1
        print(f"FAIL {name}: {detail}")


STACK_TEMPLATE = """
AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  DistributionId: {Type: String}
Resources:
  PortalSiteBucket: {Type: 'AWS::S3::Bucket'}
Outputs:
  PortalSiteBucketName: {Value: !Ref PortalSiteBucket}
  PortalDistributionId: {Value: !Ref DistributionId}
  PortalUrl: {Value: 'https://d111111abcdef8.cloudfront.net/'}
  ApiUrl: {Value: 'https://abc123.execute-api.eu-west-1.amazonaws.com/'}
  PortalOidcIssuer: {Value: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Example'}
  PortalOidcClientId: {Value: 'portalclient123'}
  PortalAuthDomainUrl: {Value: 'https://acme-portal.auth.eu-west-1.amazoncognito.com'}
"""


def distribution() -> str:
    cloudfront = boto3.client("cloudfront")
    return cloudfront.create_distribution(DistributionConfig={
        "CallerReference": "deploy-test",
        "Comment": "deploy test",
        "Enabled": True,
        "Origins": {"Quantity": 1, "Items": [{
            "Id": "portal-site", "DomainName": "portal-site.s3.amazonaws.com",
            "S3OriginConfig": {"OriginAccessIdentity": ""}}]},
        "DefaultCacheBehavior": {"TargetOriginId": "portal-site", "ViewerProtocolPolicy": "redirect-to-https",
                                 "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6"},
    })["Distribution"]["Id"]


def publishes_the_build_with_types_caching_config_and_invalidation() -> None:
    dist_id = distribution()
    cfn = boto3.client("cloudformation")
    cfn.create_stack(StackName="portal-deploy-test", TemplateBody=STACK_TEMPLATE,
                     Parameters=[{"ParameterKey": "DistributionId", "ParameterValue": dist_id}])
    outputs = {o["OutputKey"]: o["OutputValue"]
               for o in cfn.describe_stacks(StackName="portal-deploy-test")["Stacks"][0]["Outputs"]}
    bucket = outputs["PortalSiteBucketName"]
    with tempfile.TemporaryDirectory() as tmp:
        dist = Path(tmp)
        (dist / "index.html").write_text('<!doctype html><script type="module" src="app-ABCD1234.js"></script>')
        (dist / "app-ABCD1234.js").write_text("console.log('app')")
        (dist / "app-WXYZ5678.css").write_text("body{}")
        (dist / "robots.txt").write_text("User-agent: *")
        # A config.json left in dist/ by hand never reaches the bucket: the stack's outputs decide.
        (dist / "config.json").write_text('{"apiBase":"http://127.0.0.1:8080","localMode":true}')
        run = subprocess.run([sys.executable, str(HERE / "deploy_portal.py"), "--stack-name", "portal-deploy-test",
                              "--dist", str(dist)], capture_output=True, text=True, timeout=120)
    check("deploy_portal.py exits 0", run.returncode == 0, run.stdout + run.stderr)
    s3 = boto3.client("s3")
    expected = {
        "index.html": ("text/html; charset=utf-8", "no-cache"),
        "config.json": ("application/json", "no-cache"),
        "app-ABCD1234.js": ("text/javascript; charset=utf-8", "public, max-age=31536000, immutable"),
        "app-WXYZ5678.css": ("text/css; charset=utf-8", "public, max-age=31536000, immutable"),
        "robots.txt": ("text/plain; charset=utf-8", "public, max-age=300"),
    }
    for key, (ctype, cache) in expected.items():
        try:
            head = s3.head_object(Bucket=bucket, Key=key)
            got = (head.get("ContentType"), head.get("CacheControl"))
        except Exception as e:  # noqa: BLE001 - reported as the check's failure
            got = repr(e)
        check(f"{key} uploaded as {ctype}, {cache}", got == (ctype, cache), got)
    config = json.loads(s3.get_object(Bucket=bucket, Key="config.json")["Body"].read())
    logout = ("https://acme-portal.auth.eu-west-1.amazoncognito.com/logout?client_id=portalclient123&logout_uri="
              + urllib.parse.quote("https://d111111abcdef8.cloudfront.net/", safe=""))
    check("config.json carries the API URL, the pool's issuer, the portal client and the hosted UI's logout",
          config == {"apiBase": "https://abc123.execute-api.eu-west-1.amazonaws.com", "localMode": False,
                     "oidc": {"issuer": outputs["PortalOidcIssuer"], "clientId": "portalclient123",
                              "scope": "openid email profile", "logoutUrl": logout}}, config)
    items = boto3.client("cloudfront").list_invalidations(DistributionId=dist_id)["InvalidationList"].get("Items", [])
    paths = []
    if items:
        inv = boto3.client("cloudfront").get_invalidation(DistributionId=dist_id, Id=items[0]["Id"])
        paths = sorted(inv["Invalidation"]["InvalidationBatch"]["Paths"]["Items"])
    check("CloudFront invalidates /, /index.html and /config.json once",
          len(items) == 1 and paths == ["/", "/config.json", "/index.html"], (items, paths))


def config_without_a_usable_sign_in_offers_none() -> None:
    base = {"ApiUrl": "https://a.example/", "PortalUrl": "https://p.example/"}
    config, warnings = deploy_portal.portal_config(
        {**base, "PortalOidcIssuer": "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_X",
         "PortalOidcClientId": "c"})
    check("a pool without a hosted sign-in domain: no oidc in config.json, a warning",
          "oidc" not in config and any("AuthDomainPrefix" in w for w in warnings), (config, warnings))
    config, warnings = deploy_portal.portal_config(base)
    check("an external issuer without PortalOidcClientId: no oidc, a warning",
          "oidc" not in config and len(warnings) == 1, (config, warnings))
    config, warnings = deploy_portal.portal_config(
        {**base, "PortalOidcIssuer": "https://login.example.com/realms/acme", "PortalOidcClientId": "portal"})
    check("an external issuer with a client id: oidc without a logout URL (no hosted UI)",
          config.get("oidc") == {"issuer": "https://login.example.com/realms/acme", "clientId": "portal",
                                 "scope": "openid email profile"} and not warnings, (config, warnings))


if __name__ == "__main__":
    if not os.environ.get("AWS_ENDPOINT_URL"):
        sys.exit("deploy_portal_test.py: set AWS_ENDPOINT_URL to a moto server")
    config_without_a_usable_sign_in_offers_none()
    publishes_the_build_with_types_caching_config_and_invalidation()
    sys.exit(1 if failures else 0)
