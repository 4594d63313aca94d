#!/usr/bin/env bash
# Plant pipeline benchmark. Builds the app (unless --skip-build), starts the packaged jar against the
# built-in simulator and prints one JSON document with:
#   startup          JVM launch until /q/health/ready answers 200, Quarkus's own "started in", idle RSS
#   cycle_50_plants  cycle time for 50 plants at 200 ms simulated latency, vs the slowest single request,
#                    at the default parallelism (16) and at 64
#   throughput_pg    readings per second into PostgreSQL for 10,000 plants at 0 ms latency
#                    (end to end, and the store step alone)
# Needs a JDK 17, curl, and for throughput_pg a PostgreSQL server with psql
# (BENCH_PG_HOST=127.0.0.1 BENCH_PG_PORT=5432 BENCH_PG_USER=postgres BENCH_PG_DB=postgres; schema
# greenhouse_bench is dropped and created). Everything runs on loopback.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${BENCH_PORT:-18080}
PG_HOST=${BENCH_PG_HOST:-127.0.0.1}
PG_PORT=${BENCH_PG_PORT:-5432}
PG_USER=${BENCH_PG_USER:-postgres}
PG_DB=${BENCH_PG_DB:-postgres}
JAR=target/quarkus-app/quarkus-run.jar
WORK=$(mktemp -d)
APP_PID=

[ "${1:-}" = "--skip-build" ] || ./mvnw -q -B package -DskipTests >&2

cleanup() { [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# start_app LOG [-Dkey=value ...]: the packaged app on embedded defaults, no schedule unless overridden
start_app() {
  local log=$1; shift
  java -Dquarkus.http.port="$PORT" -Dquarkus.log.level=WARN \
       -Dquarkus.log.category.\"org.greenhouse\".level=INFO -Dquarkus.log.category.\"io.quarkus\".level=INFO \
       -Dgreenhouse.db.url="jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1" \
       -Dgreenhouse.plant.base-url="http://127.0.0.1:$PORT/simulator" \
       -Dgreenhouse.plant.schedule-enabled=false \
       -Dgreenhouse.simulator.enabled=true \
       -Dgreenhouse.simulator.rates.not-found=0 -Dgreenhouse.simulator.rates.sensor-fault=0 \
       -Dgreenhouse.simulator.rates.on-loan=0 -Dgreenhouse.simulator.rates.slow=0 \
       -Dgreenhouse.simulator.rates.malformed=0 \
       "$@" -jar "$JAR" > "$log" 2>&1 &
  APP_PID=$!
}

stop_app() { kill "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; APP_PID=; }

wait_ready() {
  for _ in $(seq 1 3000); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/q/health/ready" || true)" = 200 ] && return 0
    sleep 0.01
  done
  echo "app did not become ready" >&2; exit 1
}

# cycle_figures LOG N: waits for N cycle log lines, prints "duration_ms storing_ms inserted" per cycle
cycle_figures() {
  local log=$1 n=$2
  for _ in $(seq 1 1200); do
    [ "$(grep -c 'plant-ingest run' "$log" || true)" -ge "$n" ] && break
    sleep 0.5
  done
  grep 'plant-ingest run' "$log" | head -n "$n" |
    sed -E 's/.*inserted=([0-9]+).* in ([0-9]+) ms \(storing ([0-9]+) ms\).*/\2 \3 \1/'
}

median() { sort -n | awk '{a[NR]=$1} END {if (NR==0) print "null"; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

# ---- startup and idle memory (3 launches)
startups=(); quarkus_started=(); rss=()
for i in 1 2 3; do
  t0=$(now_ms)
  start_app "$WORK/start$i.log"
  wait_ready
  startups+=($(( $(now_ms) - t0 )))
  quarkus_started+=("$(grep -o 'started in [0-9.]*s' "$WORK/start$i.log" | grep -o '[0-9.]*' || echo null)")
  sleep 10
  rss+=($(( $(awk '/VmRSS/ {print $2}' /proc/"$APP_PID"/status) / 1024 )))
  stop_app
done

# ---- cycle time for 50 plants at 200 ms latency
cycle_run() { # parallelism -> "median_cycle_ms median_single_ms slowest_single_ms"
  local p=$1 log="$WORK/cycle$1.log"
  start_app "$log" -Dgreenhouse.simulator.latency=200ms -Dgreenhouse.plant.parallelism="$p" \
    -Dgreenhouse.plant.schedule-enabled=true -Dgreenhouse.plant.period=5s -Dgreenhouse.plant.initial-delay=1s
  wait_ready
  # the first cycle warms the JIT up; the next five count
  local med; med=$(cycle_figures "$log" 6 | tail -n 5 | awk '{print $1}' | median)
  # single requests in the pause after the sixth cycle (the seventh starts 5 s after the sixth did)
  local singles; singles=$(for _ in $(seq 1 8); do
    curl -s -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$PORT/simulator/plants/7" | awk '{printf "%d\n", $1*1000}'
  done)
  stop_app
  echo "$med $(echo "$singles" | median) $(echo "$singles" | sort -n | tail -n 1)"
}
read -r c16 m16 s16 < <(cycle_run 16)
read -r c64 m64 s64 < <(cycle_run 64)

# ---- readings per second into PostgreSQL, 10,000 plants, 0 ms latency
throughput='null'
if command -v psql >/dev/null && pg_isready -q -h "$PG_HOST" -p "$PG_PORT" 2>/dev/null; then
  psql -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$PG_DB" \
    -c 'DROP SCHEMA IF EXISTS greenhouse_bench CASCADE' -c 'CREATE SCHEMA greenhouse_bench' >&2
  log="$WORK/throughput.log"
  start_app "$log" -Dgreenhouse.db.url="jdbc:postgresql://$PG_HOST:$PG_PORT/$PG_DB?currentSchema=greenhouse_bench" \
    -Dgreenhouse.db.username="$PG_USER" \
    -Dgreenhouse.simulator.plants=10000 -Dgreenhouse.simulator.latency=0ms -Dgreenhouse.plant.ids=1-10000 \
    -Dgreenhouse.plant.parallelism=32 -Dgreenhouse.plant.schedule-enabled=true \
    -Dgreenhouse.plant.period=1s -Dgreenhouse.plant.initial-delay=1s
  wait_ready
  figures=$(cycle_figures "$log" 4 | tail -n 3)
  stop_app
  e2e=$(echo "$figures" | awk '{printf "%d\n", $3 * 1000 / $1}' | median)
  store=$(echo "$figures" | awk '{printf "%d\n", $3 * 1000 / $2}' | median)
  cycle=$(echo "$figures" | awk '{print $1}' | median)
  inserted=$(echo "$figures" | awk '{print $3}' | median)
  throughput="{\"plants\": 10000, \"parallelism\": 32, \"readings_per_cycle\": $inserted, \"cycle_ms_median\": $cycle, \"readings_per_s_end_to_end\": $e2e, \"readings_per_s_store_step\": $store, \"target_readings_per_s\": 20000}"
fi

join() { local IFS=,; echo "$*"; }
cat <<JSON
{
  "machine": {"cores": $(nproc), "memory_gb": $(awk '/MemTotal/ {printf "%d", $2/1048576}' /proc/meminfo), "java": "$(java -version 2>&1 | head -n 1 | sed 's/"//g')"},
  "startup": {"launch_to_ready_ms": [$(join "${startups[@]}")], "quarkus_started_in_s": [$(join "${quarkus_started[@]}")], "idle_rss_mb": [$(join "${rss[@]}")], "target_start_s": 1.5},
  "cycle_50_plants_200ms_latency": {
    "parallelism_16": {"cycle_ms_median": $c16, "single_request_ms_median": $m16, "single_request_ms_slowest": $s16, "cycle_to_slowest_single": $(awk "BEGIN {printf \"%.2f\", $c16 / $s16}")},
    "parallelism_64": {"cycle_ms_median": $c64, "single_request_ms_median": $m64, "single_request_ms_slowest": $s64, "cycle_to_slowest_single": $(awk "BEGIN {printf \"%.2f\", $c64 / $s64}")},
    "target_ratio": 1.15},
  "throughput_pg": $throughput
}
JSON
