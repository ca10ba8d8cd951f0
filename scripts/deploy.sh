#!/usr/bin/env bash
# make deploy: checks it is about to talk to a real AWS account, installs SAM CLI and the AWS CLI into .tools/venv,
# builds, runs a guided `sam deploy`, then publishes the browser portal to its bucket behind CloudFront. The
# checklist around it (secret, identity provider, SES): docs/deploy.md.
#
# Refuses (exit 2, nothing built, nothing sent) when an emulator endpoint is configured, when no region is set, when
# no AWS credentials are found, or when the account is an emulator's. Every refusal says what to do.
# DEPLOY_GUIDED=1 asks every question again even when samconfig.local.toml holds earlier answers.
set -euo pipefail
# The region the person chose, before env.sh puts in local mode's default (us-east-1).
CHOSEN_REGION="${AWS_REGION:-${AWS_DEFAULT_REGION:-}}"
source "$(dirname "$0")/env.sh"
cd "$ROOT"
# The AWS CLI v1 from PyPI, installed beside the other tools under its own stamp: make test and make dev never need it.
AWSCLI_PIN="awscli==1.46.3"
LOCAL_CONFIG="samconfig.local.toml"

refuse() {
  echo "make deploy: refused: $1" >&2
  shift
  for line in "$@"; do echo "  $line" >&2; done
  exit 2
}

# 1. Never an emulator: the SDKs and both CLIs send every call to AWS_ENDPOINT_URL(_<SERVICE>) when set.
endpoint_vars=$(env | grep -E '^AWS_ENDPOINT_URL(_[A-Z0-9_]+)?=' | cut -d= -f1 | tr '\n' ' ' || true)
if [ -n "$endpoint_vars" ]; then
  refuse "${endpoint_vars% } set, which points the AWS tools at an emulator (make dev's), not at AWS." \
    "Deploy from a shell without it: env -u AWS_ENDPOINT_URL make deploy"
fi

# 2. Tools: SAM CLI (scripts/tools.sh) and the AWS CLI.
"$ROOT/scripts/tools.sh"
if [ ! -f "$VENV/.pins-deploy" ] || [ "$(cat "$VENV/.pins-deploy")" != "$AWSCLI_PIN" ]; then
  echo "==> installing $AWSCLI_PIN into .tools/venv"
  "$VENV/bin/pip" install -q --disable-pip-version-check "$AWSCLI_PIN"
  echo "$AWSCLI_PIN" > "$VENV/.pins-deploy"
fi
AWS="$VENV/bin/aws"
SAM="$VENV/bin/sam"

# 3. A region the person chose (environment or profile), never local mode's default.
if [ -n "$CHOSEN_REGION" ]; then
  export AWS_REGION="$CHOSEN_REGION" AWS_DEFAULT_REGION="$CHOSEN_REGION"
else
  unset AWS_REGION AWS_DEFAULT_REGION
  CHOSEN_REGION=$("$AWS" configure get region 2>/dev/null || true)
  [ -n "$CHOSEN_REGION" ] || refuse "no AWS region is configured." \
    "Pick one where SES receives email (docs/deploy.md, step 1), e.g.: AWS_REGION=eu-west-1 make deploy"
  export AWS_REGION="$CHOSEN_REGION" AWS_DEFAULT_REGION="$CHOSEN_REGION"
fi
if configured=$("$AWS" configure get endpoint_url 2>/dev/null) && [ -n "$configured" ]; then
  refuse "the AWS profile sets endpoint_url=$configured (an emulator?)." \
    "Use a profile without it: AWS_PROFILE=<profile> make deploy"
fi

# 4. Credentials that AWS accepts. The timeouts keep a dead network from hanging here.
sts_err=$(mktemp)
if ! account=$("$AWS" sts get-caller-identity --query Account --output text \
    --cli-connect-timeout 10 --cli-read-timeout 20 2>"$sts_err"); then
  reason=$(grep -v '^\s*$' "$sts_err" | tail -n 2); rm -f "$sts_err"
  refuse "no usable AWS credentials (aws sts get-caller-identity failed: ${reason//$'\n'/ })" \
    "Configure some first, e.g. aws configure (access key) or aws configure sso, then run make deploy again;" \
    "the account and the rights needed: docs/deploy.md, step 0."
fi
rm -f "$sts_err"
case "$account" in
  123456789012|000000000000)
    refuse "account $account is an emulator's (moto, LocalStack), not a real AWS account." ;;
esac
echo "==> deploying to account $account, region $AWS_REGION"

case "$AWS_REGION" in
  us-east-1|us-east-2|us-west-2|ca-central-1|eu-west-1|eu-west-2|eu-central-1|ap-southeast-1|ap-southeast-2|ap-southeast-3|ap-northeast-1) ;;
  *) echo "warning: $AWS_REGION was not among the regions where SES receives email when docs/deploy.md was written;" \
       "check the current list there (step 1): without receiving, the stack's receipt rule set never sees a message." >&2 ;;
esac

# 5. The cursor secret must exist before the listing functions need it; a warning, as its name is a stack parameter.
secret_name="${CURSOR_SECRET_PARAMETER:-/helpdesk-portal/cursor-secret}"
if ! "$AWS" ssm get-parameter --name "$secret_name" --query Parameter.Type --output text > /dev/null 2>&1; then
  echo "warning: no SSM parameter $secret_name; create it before the first list request (docs/deploy.md, step 2):" >&2
  echo "  $AWS ssm put-parameter --type SecureString --name $secret_name --value \"\$(openssl rand -base64 32)\"" >&2
fi

# 6. Build (the portal first: a failed build stops before anything changes) and deploy. An unchanged stack is no
# error (--no-fail-on-empty-changeset): make deploy then publishes the portal alone.
echo "==> building the browser portal (portal/dist)"
bash "$ROOT/scripts/portal.sh"
echo "==> building the function artifacts"
$MVN -q install -DskipTests
echo "==> sam build"
"$SAM" build
if grep -qs parameter_overrides "$LOCAL_CONFIG" && [ "${DEPLOY_GUIDED:-0}" != 1 ]; then
  echo "==> sam deploy with the answers saved in $LOCAL_CONFIG (DEPLOY_GUIDED=1 to answer again)"
  "$SAM" deploy --config-file "$LOCAL_CONFIG" --no-fail-on-empty-changeset
else
  # The guided questions start from samconfig.toml's settings; the answers go to the git-ignored local copy.
  [ -f "$LOCAL_CONFIG" ] || cp samconfig.toml "$LOCAL_CONFIG"
  echo "==> sam deploy --guided: answer the stack parameters (docs/deploy.md, step 4) and let it save them to"
  echo "    $LOCAL_CONFIG (git-ignored): the next make deploy reuses them"
  "$SAM" deploy --guided --config-file "$LOCAL_CONFIG" --region "$AWS_REGION" --no-fail-on-empty-changeset
fi
# 7. The portal: its files to the portal bucket (content types, cache headers), config.json from the stack's outputs
# (API URL, issuer, client id, hosted UI), then a CloudFront invalidation (scripts/deploy_portal.py).
echo "==> publishing the browser portal"
"$VENV/bin/python" "$ROOT/scripts/deploy_portal.py" --samconfig "$LOCAL_CONFIG" --dist "$ROOT/portal/dist"
echo "==> deployed. Next: docs/deploy.md from step 5 (activate the receipt rule set, DNS records, smoke test)."
