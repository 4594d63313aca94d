#!/usr/bin/env bash
# Event ingestion benchmark: POST /api/events with 1 and with 100 events per request, and, in the same run,
# the same events put one PutRecord each straight into Kinesis (the seed's Lambda), against two Kinesis
# emulators in turn, each on a fresh stream, to tell the emulator's cost from the app's:
#   kinesalite     3.3.3 (Node.js; installed into target/kinesalite by the test build, or here with npm)
#   kinesis-local  0.6.2 (kinesis-mock on Node.js, npm, into target/kinesis-local). Its PutRecords cost grows
#                  with the records already in the shard (it hashes the shard's record list once per entry) and
#                  it runs on one thread: on 4 shards, 100-record calls from 8 clients queue past the app's
#                  greenhouse.events.kinesis.attempt-timeout (2 s), which the app answers with 503 (a timed-out
#                  call is never resent). So its stream has 32 shards (BENCH_KL_SHARDS; its limit is 50).
# After each emulator's loads the stream's records are counted: every accepted event must be there.
# Prints one JSON document. Needs a JDK 17, Node.js + npm and curl. Loopback only.
# Usage: [BENCH_EMULATORS="kinesalite kinesis-local"] [BENCH_APP_OPTS=<jvm options>] bench/events-bench.sh [--skip-build]
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${BENCH_PORT:-18080}
KPORT=${BENCH_KINESIS_PORT:-18567}
CLIENTS=${BENCH_CLIENTS:-8}
EMULATORS=${BENCH_EMULATORS:-kinesalite kinesis-local}
# the loads: requests of 1 event, requests of 100, single PutRecords; EventsLoad warms up with min(200, n) first
ONES=3000; HUNDREDS=300; PUTS=3000; WARMUP=200
WORK=$(mktemp -d)
APP_PID=; K_PID=

[ "${1:-}" = "--skip-build" ] || ./mvnw -q -B package -DskipTests >&2
./mvnw -q -B -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/cp.txt" >&2
[ -f target/kinesalite/node_modules/kinesalite/cli.js ] || npm install --no-audit --no-fund --no-save \
  --ignore-scripts --prefix target/kinesalite kinesalite@3.3.3 >&2
case " $EMULATORS " in *" kinesis-local "*)
  [ -f target/kinesis-local/node_modules/kinesis-local/main.js ] || npm install --no-audit --no-fund --no-save \
    --prefix target/kinesis-local kinesis-local@0.6.2 >&2 ;;
esac

stop() { # stop PID: kills it and waits until it is gone (its port free)
  if [ -n "$1" ]; then kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; fi
}
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{printf "%d", ($14 + $15) * 1000 / hz}' "/proc/$1/stat"; }
cleanup() { stop "$APP_PID"; stop "$K_PID"; rm -rf "$WORK"; }
trap cleanup EXIT

# a failing load (an answer other than 202) ends the run, with the app's last warnings
load() {
  timeout 600 java -cp "$(cat "$WORK/cp.txt")" bench/EventsLoad.java "$@" 2> "$WORK/load.err" || {
    echo "load $* failed:" >&2; grep -v '^\s*at ' "$WORK/load.err" | tail -5 >&2
    grep -E 'WARN|ERROR' "$WORK/app.log" | grep -v '^\s*at ' | tail -5 >&2; exit 1; }
}

# measure EMULATOR SHARDS -> one JSON object: the three loads against that emulator, and the records counted
measure() {
  local emulator=$1 shards=$2
  # this runs in a subshell of its own: a failure here stops what it started
  trap 'stop "$APP_PID"; stop "$K_PID"' EXIT
  case $emulator in
    kinesalite)
      node target/kinesalite/node_modules/kinesalite/cli.js --port "$KPORT" --createStreamMs 0 > "$WORK/$emulator.log" 2>&1 & ;;
    kinesis-local)
      # from its own directory: it reads its TLS certificate (server.json) from there; TLS (unused) on the next port
      (cd target/kinesis-local/node_modules/kinesis-local && KINESIS_MOCK_PLAIN_PORT="$KPORT" \
        KINESIS_MOCK_TLS_PORT=$((KPORT + 1)) CREATE_STREAM_DURATION=0ms LOG_LEVEL=WARN exec node main.js) \
        > "$WORK/$emulator.log" 2>&1 & ;;
  esac
  K_PID=$!
  until curl -s -o /dev/null "http://127.0.0.1:$KPORT"; do
    kill -0 "$K_PID" 2>/dev/null || { echo "$emulator stopped:" >&2; tail -5 "$WORK/$emulator.log" >&2; exit 1; }
    sleep 0.1
  done
  load create "http://127.0.0.1:$KPORT" bench "$shards"

  java -Dquarkus.http.port="$PORT" -Dquarkus.log.level=WARN -Dgreenhouse.db.url="jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1" \
       -Dgreenhouse.plant.base-url=http://127.0.0.1:1 -Dgreenhouse.plant.schedule-enabled=false \
       -Dgreenhouse.archive.schedule-enabled=false -Dgreenhouse.batch.schedule-enabled=false \
       -Dgreenhouse.events.delivery.enabled=false -Dgreenhouse.events.process.enabled=false \
       -Dgreenhouse.events.api-keys=bench-key \
       -Dgreenhouse.events.kinesis.stream=bench -Dgreenhouse.events.kinesis.region=us-east-1 \
       -Dgreenhouse.events.kinesis.emulator=true -Dgreenhouse.events.kinesis.endpoint-override="http://127.0.0.1:$KPORT" \
       ${BENCH_APP_OPTS:-} -jar target/quarkus-app/quarkus-run.jar > "$WORK/app.log" 2>&1 &
  APP_PID=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/q/health/ready")" = 200 ]; do
    kill -0 "$APP_PID" 2>/dev/null || { echo "the app stopped:" >&2; tail -20 "$WORK/app.log" >&2; exit 1; }
    sleep 0.1
  done

  local one hundred perrecord records
  one=$(load app "http://127.0.0.1:$PORT/api/events" bench-key 1 "$ONES" "$CLIENTS")
  # the CPU the app and the emulator spend on the 100-per-request load and on the PutRecords tell whose cost it is
  local app0 k0 app1 k1 k2
  app0=$(cpu_ms "$APP_PID"); k0=$(cpu_ms "$K_PID")
  hundred=$(load app "http://127.0.0.1:$PORT/api/events" bench-key 100 "$HUNDREDS" "$CLIENTS")
  app1=$(cpu_ms "$APP_PID"); k1=$(cpu_ms "$K_PID")
  perrecord=$(load putrecord "http://127.0.0.1:$KPORT" bench "$PUTS" "$CLIENTS")
  k2=$(cpu_ms "$K_PID")
  records=$(load count "http://127.0.0.1:$KPORT" bench)
  local sent=$(( WARMUP + ONES + 100 * (WARMUP + HUNDREDS) + WARMUP + PUTS ))
  [ "$records" = "$sent" ] || { echo "$emulator: $records records in the stream, $sent accepted" >&2; exit 1; }
  stop "$APP_PID"; APP_PID=
  stop "$K_PID"; K_PID=
  local ratio; ratio=$(awk -v h="$(echo "$hundred" | grep -o '"events_per_s": [0-9]*' | grep -o '[0-9]*$')" \
    -v p="$(echo "$perrecord" | grep -o '"events_per_s": [0-9]*' | grep -o '[0-9]*$')" 'BEGIN {printf "%.1f", h / p}')
  echo "{\"shards\": $shards, \"post_1_event_per_request\": $one, \"post_100_events_per_request\": $hundred,
    \"one_putrecord_per_event\": $perrecord, \"ratio_100_per_request_to_putrecord\": $ratio,
    \"cpu_ms_during_100_per_request\": {\"app\": $((app1 - app0)), \"emulator\": $((k1 - k0)), \"events\": $((100 * (WARMUP + HUNDREDS)))},
    \"emulator_cpu_ms_during_putrecords\": $((k2 - k1)),
    \"records_in_stream\": $records, \"records_sent\": $sent}"
}

results=()
for emulator in $EMULATORS; do
  case $emulator in
    kinesalite) results+=("\"kinesalite\": $(measure kinesalite "${BENCH_SHARDS:-4}")") ;;
    kinesis-local) results+=("\"kinesis_local\": $(measure kinesis-local "${BENCH_KL_SHARDS:-32}")") ;;
    *) echo "unknown emulator $emulator" >&2; exit 2 ;;
  esac
done

cat <<JSON
{
  "machine": {"cores": $(nproc), "memory_gb": $(awk '/MemTotal/ {printf "%d", $2/1048576}' /proc/meminfo), "load_average": "$(cut -d' ' -f1-3 /proc/loadavg)"},
  $(IFS=,; echo "${results[*]}"),
  "targets": {"throughput_vs_putrecord": 20, "p99_ms_at_100_per_request": 25}
}
JSON
