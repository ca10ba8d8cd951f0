# Sourced by the other scripts: one place that picks the JDK and the tool locations.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT
if [ -z "${JAVA_HOME:-}" ] || ! "${JAVA_HOME}/bin/java" -version 2>&1 | grep -q '"25'; then
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk /usr/lib/jvm/java-25-openjdk-amd64; do
    if [ -x "$candidate/bin/java" ]; then export JAVA_HOME="$candidate"; break; fi
  done
fi
if [ -z "${JAVA_HOME:-}" ] || ! "${JAVA_HOME}/bin/java" -version 2>&1 | grep -q '"25'; then
  echo "error: a Java 25 JDK is needed; set JAVA_HOME to one" >&2
  exit 1
fi
export PATH="$JAVA_HOME/bin:$PATH"
export VENV="$ROOT/.tools/venv"
# The region the caller chose, if any, before the emulators' default below.
CHOSEN_REGION="${AWS_REGION:-${AWS_DEFAULT_REGION:-}}"
export AWS_REGION="${AWS_REGION:-us-east-1}"
export AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-$AWS_REGION}"

# For a script that talks to a real account: the caller's region (variable, else their profile's), never the
# emulators' default; refuses when there is none.
use_account_region() {
  if [ -z "$CHOSEN_REGION" ]; then
    unset AWS_REGION AWS_DEFAULT_REGION
    CHOSEN_REGION=$("$VENV/bin/python" -c 'import boto3; print(boto3.session.Session().region_name or "")')
  fi
  [ -n "$CHOSEN_REGION" ] || { echo "error: no AWS region configured: set AWS_REGION to the stack's" >&2; exit 2; }
  export AWS_REGION="$CHOSEN_REGION" AWS_DEFAULT_REGION="$CHOSEN_REGION"
}
export SAM_CLI_TELEMETRY=0
MVN="mvn -B -ntp"
