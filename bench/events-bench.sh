#!/usr/bin/env bash
# Event ingestion benchmark: POST /api/events with 1 and with 100 events per request, and, in the same run,
# the same events put one PutRecord each straight into Kinesis (the seed's Lambda). Kinesis is kinesalite
# (installed into target/kinesalite by the test build, or here with npm). Prints one JSON document.
# Needs a JDK 17, Node.js + npm and curl. Usage: bench/events-bench.sh [--skip-build]. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${BENCH_PORT:-18080}
KPORT=${BENCH_KINESIS_PORT:-18567}
CLIENTS=${BENCH_CLIENTS:-8}
WORK=$(mktemp -d)
APP_PID=; K_PID=

[ "${1:-}" = "--skip-build" ] || ./mvnw -q -B package -DskipTests >&2
./mvnw -q -B -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/cp.txt" >&2
[ -f target/kinesalite/node_modules/kinesalite/cli.js ] || npm install --no-audit --no-fund --no-save \
  --ignore-scripts --prefix target/kinesalite kinesalite@3.3.3 >&2

cleanup() {
  [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null || true
  [ -n "$K_PID" ] && kill "$K_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

node target/kinesalite/node_modules/kinesalite/cli.js --port "$KPORT" --createStreamMs 0 > "$WORK/kinesalite.log" 2>&1 &
K_PID=$!
until curl -s -o /dev/null "http://127.0.0.1:$KPORT"; do sleep 0.1; done
load() { java -cp "$(cat "$WORK/cp.txt")" bench/EventsLoad.java "$@"; }
load create "http://127.0.0.1:$KPORT" bench 4

java -Dquarkus.http.port="$PORT" -Dquarkus.log.level=WARN -Dgreenhouse.db.url="jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1" \
     -Dgreenhouse.plant.base-url=http://127.0.0.1:1 -Dgreenhouse.plant.schedule-enabled=false \
     -Dgreenhouse.archive.schedule-enabled=false -Dgreenhouse.batch.schedule-enabled=false \
     -Dgreenhouse.events.delivery.enabled=false -Dgreenhouse.events.api-keys=bench-key \
     -Dgreenhouse.events.kinesis.stream=bench -Dgreenhouse.events.kinesis.region=us-east-1 \
     -Dgreenhouse.events.kinesis.emulator=true -Dgreenhouse.events.kinesis.endpoint-override="http://127.0.0.1:$KPORT" \
     -jar target/quarkus-app/quarkus-run.jar > "$WORK/app.log" 2>&1 &
APP_PID=$!
until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/q/health/ready")" = 200 ]; do sleep 0.1; done

one=$(load app "http://127.0.0.1:$PORT/api/events" bench-key 1 3000 "$CLIENTS")
hundred=$(load app "http://127.0.0.1:$PORT/api/events" bench-key 100 300 "$CLIENTS")
perrecord=$(load putrecord "http://127.0.0.1:$KPORT" bench 3000 "$CLIENTS")

cat <<JSON
{
  "machine": {"cores": $(nproc), "memory_gb": $(awk '/MemTotal/ {printf "%d", $2/1048576}' /proc/meminfo)},
  "post_1_event_per_request": $one,
  "post_100_events_per_request": $hundred,
  "one_putrecord_per_event": $perrecord,
  "targets": {"throughput_vs_putrecord": 10, "p99_ms_at_100_per_request": 25}
}
JSON
