#!/usr/bin/env bash
# Startup benchmark: the packaged app (target/quarkus-app) launched on embedded defaults (H2 in memory, the
# simulator, no schedules) until /q/health/ready answers 200, and its RSS 5 s later, on each runtime there is to
# choose from, in the same run:
#   jdk17      the default java (OpenJDK 17), as the container image and the Lambda runtime run it now
#   jdk25      Temurin 25 (BENCH_JDK25, default /usr/lib/jvm/temurin-25-jdk-amd64)
#   jdk25-aot  Temurin 25 with an AOT cache (JEP 483/515: classes loaded and linked, method profiles) made
#              by one training launch first (-XX:AOTCacheOutput), then used by each run (-XX:AOTCache)
# Prints JSON: per runtime the median (and every run) of launch to ready in ms and of the RSS in MB.
# Usage: [RUNS=5] bench/startup-bench.sh [--skip-build]
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-5}
PORT=${BENCH_PORT:-28480}
JDK25=${BENCH_JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
WORK=$(mktemp -d)
APP_PID=
trap '[ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null; rm -rf "$WORK"' EXIT

[ "${1:-}" = "--skip-build" ] || ./mvnw -q -B package -DskipTests >&2

# launch JAVA LOG [jvm options...] -> "ready_ms rss_mb"
launch() {
  local java=$1 log=$2; shift 2
  local t0; t0=$(date +%s%N)
  "$java" "$@" -Dquarkus.http.port="$PORT" -Dquarkus.log.level=WARN \
    -Dgreenhouse.db.url="jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1" -Dgreenhouse.plant.schedule-enabled=false \
    -Dgreenhouse.archive.schedule-enabled=false -Dgreenhouse.batch.schedule-enabled=false \
    -Dgreenhouse.events.delivery.enabled=false -Dgreenhouse.simulator.enabled=true \
    -Dgreenhouse.jolokia.port=$((PORT + 1)) -Dgreenhouse.plant.base-url="http://127.0.0.1:$PORT/simulator" \
    -jar target/quarkus-app/quarkus-run.jar > "$log" 2>&1 &
  APP_PID=$!
  local ready=
  for _ in $(seq 1 6000); do
    kill -0 "$APP_PID" 2>/dev/null || { echo "the app stopped: $log" >&2; tail -20 "$log" >&2; exit 1; }
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/q/health/ready" || true)" = 200 ]; then
      ready=$(( ($(date +%s%N) - t0) / 1000000 )); break
    fi
    sleep 0.01
  done
  [ -n "$ready" ] || { echo "not ready after 60 s: $log" >&2; exit 1; }
  sleep 5
  echo "$ready $(( $(awk '/VmRSS/ {print $2}' /proc/"$APP_PID"/status) / 1024 ))"
  kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; APP_PID=
}

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
join() { paste -sd, -; }

# the AOT cache from one training launch of the same jar with the same settings
launch "$JDK25/bin/java" "$WORK/train.log" -XX:AOTCacheOutput="$WORK/app.aot" > /dev/null
for _ in $(seq 1 100); do [ -s "$WORK/app.aot" ] && break; sleep 0.1; done
[ -s "$WORK/app.aot" ] || { echo "no AOT cache was written: $WORK/train.log" >&2; tail -5 "$WORK/train.log" >&2; exit 1; }
AOT_MB=$(( $(stat -c %s "$WORK/app.aot") / 1048576 ))

declare -A ready rss
for i in $(seq 1 "$RUNS"); do # the runtimes in turn, so that a noisy moment spreads over all of them
  for runtime in jdk17 jdk25 jdk25-aot; do
    case $runtime in
      jdk17) read -r r m < <(launch java "$WORK/$runtime-$i.log") ;;
      jdk25) read -r r m < <(launch "$JDK25/bin/java" "$WORK/$runtime-$i.log") ;;
      jdk25-aot) read -r r m < <(launch "$JDK25/bin/java" "$WORK/$runtime-$i.log" -XX:AOTCache="$WORK/app.aot") ;;
    esac
    ready[$runtime]+="$r "; rss[$runtime]+="$m "
  done
done

figures() {
  local runtime=$1
  echo "{\"launch_to_ready_ms_median\": $(echo ${ready[$runtime]} | tr ' ' '\n' | median), \"launch_to_ready_ms\": [$(echo ${ready[$runtime]} | tr ' ' '\n' | join)], \"rss_mb_median\": $(echo ${rss[$runtime]} | tr ' ' '\n' | median), \"rss_mb\": [$(echo ${rss[$runtime]} | tr ' ' '\n' | join)]}"
}
cat <<JSON
{
  "machine": {"cores": $(nproc), "load_average": "$(cut -d' ' -f1-3 /proc/loadavg)"},
  "jdk17": $(figures jdk17),
  "jdk25": $(figures jdk25),
  "jdk25_aot_cache": $(figures jdk25-aot),
  "aot_cache_mb": $AOT_MB,
  "runs": $RUNS,
  "target": {"launch_to_ready_s": 1.5, "rss_mb": 250}
}
JSON
