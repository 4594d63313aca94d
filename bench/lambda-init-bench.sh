#!/usr/bin/env bash
# Lambda cold start (issue [9], docs/lambda.md): target/function.zip unpacked as the task root and run as the
# java17 runtime runs it, under AWS's runtime interface client (copied by the lambda build into
# target/lambda-runtime-interface-client/), against a Runtime API of the bench's own (bench/lambda_runtime_api.py)
# with the environment the terraform module gives the function. Prints JSON: per run and as medians, init (the
# process's start to its first invocation/next, what Lambda reports as Init Duration), the first invocation (an
# event naming no pipeline: the handler's dispatch without I/O) and the peak RSS (VmHWM). Runs alternate between
# the function as deployed (QUARKUS_HTTP_HOST_ENABLED=false: no HTTP server) and with the HTTP server on, so the
# server's share is measured in the same run. The database (an H2 file) is migrated by a first start that is not
# measured, as a deployed function finds it. SnapStart cannot run here (it needs the Lambda service), so the
# figure is a start without a snapshot.
# Needs a JDK 17, python3, curl. Usage: [RUNS=5] bench/lambda-init-bench.sh [--skip-build]
set -euo pipefail
cd "$(dirname "$0")/.."

SKIP_BUILD=false; [ "${1:-}" = "--skip-build" ] && SKIP_BUILD=true
RUNS=${RUNS:-5}
PORT=${BENCH_RUNTIME_API_PORT:-19001}
WORK=$(mktemp -d)
FUNCTION_PID=; API_PID=
cleanup() {
  [ -n "$FUNCTION_PID" ] && kill "$FUNCTION_PID" 2>/dev/null || true
  [ -n "$API_PID" ] && kill "$API_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# verify, not package: the runtime interface client is copied before the lambda build's integration tests
$SKIP_BUILD || ./mvnw -q -B verify -Plambda -DskipITs >&2
RIC=$(ls "$PWD"/target/lambda-runtime-interface-client/*.jar | sort | paste -sd:)
mkdir -p "$WORK/task" && (cd "$WORK/task" && unzip -q "$OLDPWD/target/function.zip")
HANDLER=io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

one_run() { # http_host_enabled -> "init_ms invocation_ms hwm_mb"
  /usr/bin/python3 bench/lambda_runtime_api.py "$PORT" no-such-pipeline > "$WORK/marks.json" & API_PID=$!
  sleep 0.3
  local t0; t0=$(now_ms)
  # the terraform module's environment (modules/lambda), and what the Lambda service sets; the task root is the
  # working directory, as in Lambda (the runtime interface client loads the handler from there)
  (cd "$WORK/task" && exec env -i PATH="$PATH" HOME="$WORK" \
    AWS_LAMBDA_RUNTIME_API="127.0.0.1:$PORT" LAMBDA_TASK_ROOT="$WORK/task" _HANDLER="$HANDLER" \
    AWS_LAMBDA_FUNCTION_NAME=greenhouse AWS_LAMBDA_FUNCTION_VERSION=1 AWS_LAMBDA_FUNCTION_MEMORY_SIZE=2048 \
    AWS_LAMBDA_LOG_GROUP_NAME=/aws/lambda/greenhouse AWS_LAMBDA_LOG_STREAM_NAME=bench AWS_REGION=eu-west-2 \
    AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench \
    QUARKUS_LAMBDA_HANDLER=greenhouse QUARKUS_HTTP_HOST_ENABLED="$1" \
    JAVA_TOOL_OPTIONS="-XX:+TieredCompilation -XX:TieredStopAtLevel=1" \
    GREENHOUSE_INTERNAL_TRIGGERS=false GREENHOUSE_JOLOKIA_ENABLED=false \
    GREENHOUSE_DB_URL="jdbc:h2:file:$WORK/db/greenhouse" GREENHOUSE_DB_USERNAME=sa \
    GREENHOUSE_PLANT_BASE_URL=http://127.0.0.1:9/plants GREENHOUSE_BATCH_BASE_URL=http://127.0.0.1:9/api \
    GREENHOUSE_EVENTS_API_KEYS=bench-key-0123456789 GREENHOUSE_ARCHIVE_S3_BUCKET=greenhouse-archive \
    java -Xmx512m -cp "$RIC" com.amazonaws.services.lambda.runtime.api.client.AWSLambda "$HANDLER" \
    > "$WORK/function-$1.log" 2>&1) & FUNCTION_PID=$!
  # the Runtime API exits once the first invocation is answered; a function that dies first fails the run
  while kill -0 "$API_PID" 2>/dev/null; do
    kill -0 "$FUNCTION_PID" 2>/dev/null || { echo "the function exited:" >&2; tail -c 3000 "$WORK/function-$1.log" >&2; exit 1; }
    sleep 0.1
  done
  API_PID=
  local hwm; hwm=$(awk '/VmHWM/ {printf "%d", $2 / 1024}' "/proc/$FUNCTION_PID/status")
  kill "$FUNCTION_PID"; wait "$FUNCTION_PID" 2>/dev/null || true; FUNCTION_PID=
  /usr/bin/python3 - "$WORK/marks.json" "$t0" "$hwm" "$WORK/function-$1.log" <<'PY'
import json, sys
marks = json.load(open(sys.argv[1])); t0 = int(sys.argv[2])
if "init_done_ms" not in marks or "init_error" in marks or "unknown pipeline" not in marks.get("answer", ""):
    sys.exit("the function did not start and answer: %s\n%s" % (marks, open(sys.argv[4]).read()[-3000:]))
print(marks["init_done_ms"] - t0, marks["invocation_done_ms"] - marks["init_done_ms"], sys.argv[3])
PY
}

# a deployed function finds its database migrated: one start first, not measured, runs Flyway's migrations
mkdir -p "$WORK/db"
one_run false > /dev/null

declare -A RESULTS=([false]="" [true]="")
for run in $(seq 1 "$RUNS"); do
  for http in false true; do
    figures=$(one_run "$http")
    RESULTS[$http]+="$figures"$'\n'
    echo "run $run, HTTP server $([ "$http" = true ] && echo on || echo off): init, first invocation (ms), peak RSS (MB): $figures" >&2
  done
done

median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }
col() { printf '%s' "${RESULTS[$1]}" | grep . | cut -d' ' -f"$2" | median; }
runs() { printf '%s' "${RESULTS[$1]}" | grep . | awk 'BEGIN {sep = ""} {printf "%s[%d, %d, %d]", sep, $1, $2, $3; sep = ", "}'; }
cat <<JSON
{
  "machine": {"cores": $(nproc), "java": "$(java -version 2>&1 | head -n 1 | sed 's/"//g')"},
  "runs_init_invocation_rss": {"as_deployed": [$(runs false)], "http_server_on": [$(runs true)]},
  "median": {
    "as_deployed": {"init_ms": $(col false 1), "first_invocation_ms": $(col false 2), "peak_rss_mb": $(col false 3)},
    "http_server_on": {"init_ms": $(col true 1), "first_invocation_ms": $(col true 2), "peak_rss_mb": $(col true 3)}
  },
  "target": {"init_ms": 1500},
  "note": "no SnapStart here (it needs the Lambda service): a start without a snapshot, -Xmx512m, JAVA_TOOL_OPTIONS of the terraform module"
}
JSON
