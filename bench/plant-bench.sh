#!/usr/bin/env bash
# Plant pipeline benchmark. Builds the app (unless --skip-build), starts the packaged jar and prints one
# JSON document with:
#   startup          JVM launch until /q/health/ready answers 200, Quarkus's own "started in", idle RSS
#   cycle_50_plants  cycle time for 50 plants against a plant API in its own process with 200 ms latency
#                    (../shared/bench/latency_sim.py), vs the slowest single request, at the default
#                    parallelism (warmed up: BENCH_WARMUP_CYCLES=200, and its first cycles after the start)
#                    and at 16 (the default before); 50 requests at once from curl (the limit: fetching
#                    only, the fastest client there is here); and in the same run the seed's pipeline
#                    on the same API (../shared/bench/seed_style_pipeline.py: aiohttp batches of 30, and
#                    one request after the other). Both store into PostgreSQL when one is there.
#   throughput_pg    readings per second into PostgreSQL for 10,000 plants at 0 ms latency
#                    (end to end, and the store step alone), against a plant API in a process of its own
#                    (bench/PlantApiSim.java: the recorded responses from non-blocking sockets); cycles 3-7
#                    after the start (the JIT still compiling) and, in the same JVM, BENCH_THROUGHPUT_WARM
#                    (10) cycles after 20; what each process (app, API, PostgreSQL) used of the CPU
#                    over those warm cycles; and, on the same API and PostgreSQL, the seed's pipeline
#                    (aiohttp batches of 30, 3 cycles) as the peer
# Needs a JDK 17, curl, python3 with Debian's python3-aiohttp python3-pandas python3-psycopg2
# python3-requests (for the seed), and a PostgreSQL server with psql (BENCH_PG_HOST=127.0.0.1
# BENCH_PG_PORT=5432 BENCH_PG_USER=postgres BENCH_PG_DB=postgres; schemas greenhouse_bench and
# greenhouse_bench_seed are dropped and created). BENCH_PEERS=../shared/bench by default. Everything runs
# on loopback; a run takes about 10 minutes. BENCH_SECTIONS="startup cycle throughput" (the default) picks
# what runs (the JSON says null for the rest); BENCH_JFR=file.jfr records the default-parallelism cycle run
# with JFR (settings=profile); BENCH_JAR=path/quarkus-run.jar runs another build (a before/after pair).
# Ports: BENCH_PORT (app), BENCH_SIM_PORT (plant APIs), BENCH_JOLOKIA_PORT.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${BENCH_PORT:-18080}
PG_HOST=${BENCH_PG_HOST:-127.0.0.1}
PG_PORT=${BENCH_PG_PORT:-5432}
PG_USER=${BENCH_PG_USER:-postgres}
PG_DB=${BENCH_PG_DB:-postgres}
PEERS=${BENCH_PEERS:-../shared/bench}
SIM_PORT=${BENCH_SIM_PORT:-18200}
JOLOKIA_PORT=${BENCH_JOLOKIA_PORT:-18778}
SECTIONS=${BENCH_SECTIONS:-startup cycle throughput}
THROUGHPUT_PARALLELISM=${BENCH_THROUGHPUT_PARALLELISM:-32}
WARMUP_CYCLES=${BENCH_WARMUP_CYCLES:-200}
THROUGHPUT_WARM=${BENCH_THROUGHPUT_WARM:-10}
FIXTURES=${BENCH_FIXTURES:-$PEERS/../fixtures/plant-api/current}
JAR=${BENCH_JAR:-target/quarkus-app/quarkus-run.jar}
WORK=$(mktemp -d)
APP_PID=
SIM_PID=

[ "${1:-}" = "--skip-build" ] || ./mvnw -q -B package -DskipTests >&2

cleanup() {
  [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null || true
  [ -n "$SIM_PID" ] && kill "$SIM_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# start_app LOG [-Dkey=value ...]: the packaged app on embedded defaults, no schedule unless overridden
start_app() {
  local log=$1; shift
  java -Dquarkus.http.port="$PORT" -Dquarkus.log.level=WARN \
       -Dquarkus.log.category.\"org.greenhouse\".level=INFO -Dquarkus.log.category.\"io.quarkus\".level=INFO \
       -Dgreenhouse.db.url="jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1" \
       -Dgreenhouse.plant.base-url="http://127.0.0.1:$PORT/simulator" \
       -Dgreenhouse.plant.schedule-enabled=false -Dgreenhouse.archive.schedule-enabled=false \
       -Dgreenhouse.batch.schedule-enabled=false -Dgreenhouse.events.delivery.enabled=false \
       -Dgreenhouse.simulator.enabled=true \
       -Dgreenhouse.simulator.rates.not-found=0 -Dgreenhouse.simulator.rates.sensor-fault=0 \
       -Dgreenhouse.simulator.rates.on-loan=0 -Dgreenhouse.simulator.rates.slow=0 \
       -Dgreenhouse.simulator.rates.malformed=0 -Dgreenhouse.jolokia.port="$JOLOKIA_PORT" \
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
    [ "$(grep -c 'plant-ingest run [0-9]*:' "$log" || true)" -ge "$n" ] && break
    sleep 0.5
  done
  grep 'plant-ingest run [0-9]*:' "$log" | head -n "$n" |
    sed -E 's/.*inserted=([0-9]+).* in ([0-9]+) ms \(storing ([0-9]+) ms\).*/\2 \3 \1/'
}

run_section() { case " $SECTIONS " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

median() { sort -n | awk '{a[NR]=$1} END {if (NR==0) print "null"; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

# ---- startup and idle memory (3 launches)
startups=(); quarkus_started=(); rss=()
run_section startup && for i in 1 2 3; do
  t0=$(now_ms)
  start_app "$WORK/start$i.log"
  wait_ready
  startups+=($(( $(now_ms) - t0 )))
  quarkus_started+=("$(grep -o 'started in [0-9.]*s' "$WORK/start$i.log" | grep -o '[0-9.]*' || echo null)")
  sleep 10
  rss+=($(( $(awk '/VmRSS/ {print $2}' /proc/"$APP_PID"/status) / 1024 )))
  stop_app
done

# ---- cycle time for 50 plants at 200 ms latency: the plant API in a process of its own, the app and the
# seed's pipeline asking it in the same run, both storing into PostgreSQL when there is one
have_pg=false
if command -v psql >/dev/null && pg_isready -q -h "$PG_HOST" -p "$PG_PORT" 2>/dev/null; then have_pg=true; fi
pg() { psql -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$PG_DB" "$@" >&2; }
have_seed=false
if /usr/bin/python3 -c 'import aiohttp, pandas, psycopg2, requests' 2>/dev/null; then have_seed=true; fi
# seed_run MODE RUNS IDS -> "median_cycle_ms median_fetch_ms median_readings": seed_style_pipeline.py's own
# figures, against the plant API on SIM_PORT
seed_run() {
  local dsn=()
  if $have_pg; then
    dsn=(--pg "host=$PG_HOST port=$PG_PORT user=$PG_USER dbname=$PG_DB options='-c search_path=greenhouse_bench_seed'")
  fi
  local lines; lines=$(for _ in $(seq 1 "$2"); do
    /usr/bin/python3 "$PEERS/seed_style_pipeline.py" --base "http://127.0.0.1:$SIM_PORT" --ids "$3" --mode "$1" "${dsn[@]}"
  done)
  echo "$(echo "$lines" | sed -E 's/.*"cycle_s": ([0-9.]+).*/\1/' | awk '{printf "%d\n", $1*1000}' | median) \
$(echo "$lines" | sed -E 's/.*"fetch_s": ([0-9.]+).*/\1/' | awk '{printf "%d\n", $1*1000}' | median) \
$(echo "$lines" | sed -E 's/.*"readings": ([0-9]+).*/\1/' | median)"
}

cycle='null'
if run_section cycle; then
[ -f "$PEERS/latency_sim.py" ] || { echo "no $PEERS/latency_sim.py: set BENCH_PEERS to ../shared/bench" >&2; exit 1; }
/usr/bin/python3 "$PEERS/latency_sim.py" "$SIM_PORT" 200 > "$WORK/latency_sim.log" 2>&1 &
SIM_PID=$!
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$SIM_PORT/plants/1" && break; sleep 0.1; done

# single_requests N: N requests one after the other, each on a connection of its own, each time_total in ms.
# Not one kept-alive connection: latency_sim.py (Python's http.server) writes headers and body apart, so
# back-to-back requests on one connection wait out the client's delayed ACK (about 40 ms each); the app's
# pooled connections have been idle for a period before each cycle, and after such a gap Linux acknowledges
# at once, as on a new connection.
single_requests() {
  for _ in $(seq 1 "$1"); do
    curl -s -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$SIM_PORT/plants/7" | awk '{printf "%d\n", $1*1000}'
  done
}

cycle_run() { # name [-Dkey=value ...] -> "median_cycle_ms median_storing_ms"
  local name=$1 log="$WORK/cycle-$1.log"; shift
  local db=()
  if $have_pg; then
    pg -c 'DROP SCHEMA IF EXISTS greenhouse_bench CASCADE' -c 'CREATE SCHEMA greenhouse_bench'
    db=(-Dgreenhouse.db.url="jdbc:postgresql://$PG_HOST:$PG_PORT/$PG_DB?currentSchema=greenhouse_bench"
        -Dgreenhouse.db.username="$PG_USER")
  fi
  start_app "$log" "${db[@]}" -Dgreenhouse.plant.base-url="http://127.0.0.1:$SIM_PORT" -Dgreenhouse.plant.ids=1-50 \
    -Dgreenhouse.plant.schedule-enabled=true -Dgreenhouse.plant.period=3s -Dgreenhouse.plant.initial-delay=1s "$@"
  wait_ready
  # the first two cycles warm the JIT up; the next seven count
  local figures; figures=$(cycle_figures "$log" 9 | tail -n 7)
  stop_app
  echo "$(echo "$figures" | awk '{print $1}' | median) $(echo "$figures" | awk '{print $2}' | median)"
}
# warm_run -> "first_cycle_ms first_storing_ms warm_cycle_ms warm_storing_ms": the default parallelism in one JVM,
# cycles run through the admin endpoint (a bench user with a cheap hash), each after a 3 s pause as the timer
# would leave them: cycles 3-9 after the start (the JIT still compiling what the cycle runs), then
# BENCH_WARMUP_CYCLES more 1 s apart, then 9 of which the last 7 count (the JIT done: a long-running service's
# state; at the production period of 60 s the warm-up is that many minutes). Pauses of 1 s or more, because
# back to back on kept-alive connections latency_sim.py's split writes wait out the delayed ACK (see above).
warm_run() {
  local log="$WORK/cycle-default.log" hash db=()
  if $have_pg; then
    pg -c 'DROP SCHEMA IF EXISTS greenhouse_bench CASCADE' -c 'CREATE SCHEMA greenhouse_bench'
    db=(-Dgreenhouse.db.url="jdbc:postgresql://$PG_HOST:$PG_PORT/$PG_DB?currentSchema=greenhouse_bench"
        -Dgreenhouse.db.username="$PG_USER")
  fi
  hash=$(/usr/bin/python3 -c "import hashlib, base64, os; s = os.urandom(16); print('pbkdf2-sha256\$10000\$' + base64.b64encode(s).decode() + '\$' + base64.b64encode(hashlib.pbkdf2_hmac('sha256', b'bench', s, 10000)).decode())")
  start_app "$log" "${db[@]}" -Dgreenhouse.plant.base-url="http://127.0.0.1:$SIM_PORT" -Dgreenhouse.plant.ids=1-50 \
    "-Dgreenhouse.admin.users=bench:admin:$hash" ${BENCH_JFR:+-XX:StartFlightRecording=filename=$BENCH_JFR,settings=profile}
  wait_ready
  run_cycles() { # N PAUSE_S
    for _ in $(seq 1 "$1"); do
      sleep "$2"
      curl -s -o /dev/null -u bench:bench -X POST "http://127.0.0.1:$PORT/admin/pipelines/plant-ingest/run"
    done
  }
  run_cycles 9 3
  run_cycles "$WARMUP_CYCLES" 1
  run_cycles 9 3
  local total=$(( 18 + WARMUP_CYCLES )) first warm
  first=$(cycle_figures "$log" "$total" | sed -n '3,9p')
  warm=$(cycle_figures "$log" "$total" | tail -n 7)
  stop_app
  echo "$(echo "$first" | awk '{print $1}' | median) $(echo "$first" | awk '{print $2}' | median)" \
       "$(echo "$warm" | awk '{print $1}' | median) $(echo "$warm" | awk '{print $2}' | median)"
}
# curl_parallel N -> the slowest transfer's time_total in ms: 50 requests at once from curl's event loop, fetching
# only, on new connections; the fastest client of this API there is here, so its cycle is the limit
curl_parallel() {
  local args=() i
  for i in $(seq 1 50); do args+=(-o /dev/null "http://127.0.0.1:$SIM_PORT/plants/$i"); done
  for _ in $(seq 1 "$1"); do
    sleep 1
    curl -s --parallel --parallel-immediate --parallel-max 64 -w '%{time_total}\n' "${args[@]}" |
      sort -n | tail -n 1 | awk '{printf "%d\n", $1*1000}'
  done
}
default_parallelism=$(sed -n 's/^greenhouse.plant.parallelism=//p' src/main/resources/application.properties)
read -r cd sd cw sw < <(warm_run)
curl_limit=$(curl_parallel 7 | median)
read -r c16 s16 < <(cycle_run p16 -Dgreenhouse.plant.parallelism=16)
singles=$(single_requests 15)
single_median=$(echo "$singles" | median)
slowest=$(echo "$singles" | sort -n | tail -n 1)

seed_batch='null'; seed_sequential='null'
if $have_seed; then
  $have_pg && pg -c 'DROP SCHEMA IF EXISTS greenhouse_bench_seed CASCADE' -c 'CREATE SCHEMA greenhouse_bench_seed'
  read -r cb fb _ < <(seed_run batch30 7 1-50)
  read -r cs fs _ < <(seed_run sequential 1 1-50)
  seed_batch="{\"cycle_ms_median\": $cb, \"fetch_ms_median\": $fb, \"cycle_to_slowest_single\": $(awk "BEGIN {printf \"%.2f\", $cb / $slowest}")}"
  seed_sequential="{\"cycle_ms\": $cs, \"fetch_ms\": $fs, \"cycle_to_slowest_single\": $(awk "BEGIN {printf \"%.2f\", $cs / $slowest}")}"
fi
kill "$SIM_PID" 2>/dev/null || true; wait "$SIM_PID" 2>/dev/null || true; SIM_PID=
cycle="{
    \"api\": \"latency_sim.py, 200 ms\", \"store\": \"$($have_pg && echo PostgreSQL || echo H2 in memory)\", \"load_average\": \"$(cut -d' ' -f1-3 /proc/loadavg)\",
    \"single_request_ms_median\": $single_median, \"single_request_ms_slowest\": $slowest,
    \"curl_parallel_50_slowest_transfer_ms_median\": $curl_limit, \"curl_parallel_to_slowest_single\": $(awk "BEGIN {printf \"%.2f\", $curl_limit / $slowest}"),
    \"default_parallelism_$default_parallelism\": {\"cycle_ms_median\": $cw, \"storing_ms_median\": $sw, \"cycle_to_slowest_single\": $(awk "BEGIN {printf \"%.2f\", $cw / $slowest}"), \"cycle_to_median_single\": $(awk "BEGIN {printf \"%.2f\", $cw / $single_median}"), \"after\": \"$WARMUP_CYCLES warm-up cycles\"},
    \"default_parallelism_${default_parallelism}_first_cycles\": {\"cycle_ms_median\": $cd, \"storing_ms_median\": $sd, \"cycle_to_slowest_single\": $(awk "BEGIN {printf \"%.2f\", $cd / $slowest}"), \"after\": \"cycles 3-9 after the start\"},
    \"parallelism_16\": {\"cycle_ms_median\": $c16, \"storing_ms_median\": $s16, \"cycle_to_slowest_single\": $(awk "BEGIN {printf \"%.2f\", $c16 / $slowest}")},
    \"seed_batch30\": $seed_batch,
    \"seed_sequential\": $seed_sequential,
    \"target_ratio\": 1.15}"
fi

# rates FIGURES: the medians of cycle_figures' lines as JSON
rates() {
  echo "{\"cycles\": $(echo "$1" | wc -l), \"readings_per_cycle\": $(echo "$1" | awk '{print $3}' | median), \"cycle_ms_median\": $(echo "$1" | awk '{print $1}' | median), \"readings_per_s_end_to_end\": $(echo "$1" | awk '{printf "%d\n", $3 * 1000 / $1}' | median), \"readings_per_s_store_step\": $(echo "$1" | awk '{printf "%d\n", $3 * 1000 / $2}' | median)}"
}
# cpu_ticks: "app sim postgres" CPU ticks so far (every PostgreSQL process, the bench's connections among them)
cpu_ticks() {
  local pg=0 p
  for p in $(pgrep -x postgres); do pg=$((pg + $(awk '{print $14 + $15}' /proc/"$p"/stat 2>/dev/null || echo 0))); done
  echo "$(awk '{print $14 + $15}' /proc/"$APP_PID"/stat) $(awk '{print $14 + $15}' /proc/"$SIM_PID"/stat) $pg"
}
# cpu_per_cycle BEFORE AFTER CYCLES: CPU seconds per cycle of each, as JSON
cpu_per_cycle() {
  echo "$1 $2" | awk -v n="$3" -v t="$(getconf CLK_TCK)" '{printf "{\"app\": %.2f, \"api\": %.2f, \"postgresql\": %.2f}", ($4 - $1) / t / n, ($5 - $2) / t / n, ($6 - $3) / t / n}'
}

# ---- readings per second into PostgreSQL, 10,000 plants, 0 ms latency, the plant API in its own process
throughput='null'
if run_section throughput && $have_pg; then
  pg -c 'DROP SCHEMA IF EXISTS greenhouse_bench CASCADE' -c 'CREATE SCHEMA greenhouse_bench'
  java bench/PlantApiSim.java "$SIM_PORT" 10000 "$FIXTURES" > "$WORK/plant_api_sim.log" 2>&1 &
  SIM_PID=$!
  for _ in $(seq 1 300); do curl -s -o /dev/null "http://127.0.0.1:$SIM_PORT/plants/1" && break; sleep 0.1; done
  log="$WORK/throughput.log"
  # period 2 s: a plant's next recording is never within the second of the last (readings are unique per second)
  start_app "$log" -Dgreenhouse.db.url="jdbc:postgresql://$PG_HOST:$PG_PORT/$PG_DB?currentSchema=greenhouse_bench" \
    -Dgreenhouse.db.username="$PG_USER" -Dgreenhouse.plant.base-url="http://127.0.0.1:$SIM_PORT" \
    -Dgreenhouse.plant.ids=1-10000 -Dgreenhouse.plant.parallelism="$THROUGHPUT_PARALLELISM" \
    -Dgreenhouse.plant.schedule-enabled=true -Dgreenhouse.plant.period=2s -Dgreenhouse.plant.initial-delay=1s
  wait_ready
  # the first two cycles insert the plants and warm the JIT up; the next five count as the first cycles
  first=$(cycle_figures "$log" 7 | tail -n 5)
  # then the warm cycles, with each process's CPU (utime + stime, /proc) over them
  cycle_figures "$log" 20 > /dev/null
  cpu_before=$(cpu_ticks)
  warm=$(cycle_figures "$log" $((20 + THROUGHPUT_WARM)) | tail -n "$THROUGHPUT_WARM")
  cpu_after=$(cpu_ticks)
  stop_app
  # the peer on the same API and PostgreSQL, the app stopped: the seed's pipeline (aiohttp batches of 30,
  # pandas, a row-by-row insert), three cycles of the same 10,000 plants
  seed_peer='null'
  if $have_seed; then
    pg -c 'DROP SCHEMA IF EXISTS greenhouse_bench_seed CASCADE' -c 'CREATE SCHEMA greenhouse_bench_seed'
    read -r seed_cycle seed_fetch seed_readings < <(seed_run batch30 3 1-10000)
    warm_rate=$(echo "$warm" | awk '{printf "%d\n", $3 * 1000 / $1}' | median)
    seed_rate=$(awk "BEGIN {printf \"%d\", $seed_readings * 1000 / $seed_cycle}")
    seed_peer="{\"cycle_ms_median\": $seed_cycle, \"fetch_ms_median\": $seed_fetch, \"readings_per_cycle\": $seed_readings, \"readings_per_s\": $seed_rate, \"app_warm_to_seed\": $(awk "BEGIN {printf \"%.1f\", $warm_rate / $seed_rate}")}"
  fi
  kill "$SIM_PID" 2>/dev/null || true; wait "$SIM_PID" 2>/dev/null || true; SIM_PID=
  throughput="{\"api\": \"bench/PlantApiSim.java, 0 ms\", \"plants\": 10000, \"parallelism\": $THROUGHPUT_PARALLELISM, \"load_average\": \"$(cut -d' ' -f1-3 /proc/loadavg)\", \"first_cycles\": $(rates "$first"), \"warm_cycles\": $(rates "$warm"), \"warm_cpu_s_per_cycle\": $(cpu_per_cycle "$cpu_before" "$cpu_after" "$THROUGHPUT_WARM"), \"seed_batch30\": $seed_peer, \"target_readings_per_s\": 20000}"
fi

join() { local IFS=,; echo "$*"; }
startup='null'
run_section startup && startup="{\"launch_to_ready_ms\": [$(join "${startups[@]}")], \"quarkus_started_in_s\": [$(join "${quarkus_started[@]}")], \"idle_rss_mb\": [$(join "${rss[@]}")], \"target_start_s\": 1.5}"
cat <<JSON
{
  "machine": {"cores": $(nproc), "memory_gb": $(awk '/MemTotal/ {printf "%d", $2/1048576}' /proc/meminfo), "java": "$(java -version 2>&1 | head -n 1 | sed 's/"//g')"},
  "startup": $startup,
  "cycle_50_plants_200ms_latency": $cycle,
  "throughput_pg": $throughput
}
JSON
