#!/usr/bin/env bash
# Archive benchmark: N readings (default 1,000,000, then N/5 for comparison) in PostgreSQL are archived by
# one run into S3Proxy (a real S3 API server, started here from the test classpath, files under a temp
# dir). Prints JSON: rows/s of the run and the peak heap during it (sampled with jstat every 200 ms), so
# that "memory does not grow with the row count" can be read off the two sizes.
# Needs a JDK 17 (with jstat), curl, psql and a PostgreSQL server (BENCH_PG_HOST=127.0.0.1
# BENCH_PG_PORT=5432 BENCH_PG_USER=postgres BENCH_PG_DB=postgres; schema greenhouse_bench is dropped and
# created). Usage: [BENCH_JAVA_OPTS=-Xmx256m] bench/archive-bench.sh [--skip-build] [rows]: with a heap
# limit, finishing at all shows the run's memory is bounded. The app logs are left in bench/results/.
# Peers in the same run, on the same rows just before the archive run: PostgreSQL exporting them flat (joined)
# as CSV with COPY, and DuckDB writing that CSV as Snappy Parquet (bench/ParquetPeer.java).
# Everything runs on loopback. BENCH_JAR=path/to/quarkus-run.jar measures another build (before/after);
# BENCH_WARM_RUNS (default 6, at least 3) is how many runs follow the first one in each JVM; the steady state
# is the median of the last three.
set -euo pipefail
cd "$(dirname "$0")/.."

SKIP_BUILD=false
[ "${1:-}" = "--skip-build" ] && { SKIP_BUILD=true; shift; }
ROWS=${1:-1000000}
WARM_RUNS=${BENCH_WARM_RUNS:-6}
[ "$WARM_RUNS" -ge 3 ] || { echo "BENCH_WARM_RUNS must be at least 3, not $WARM_RUNS" >&2; exit 2; }
PORT=${BENCH_PORT:-18080}
S3_PORT=${BENCH_S3_PORT:-18081}
PG_HOST=${BENCH_PG_HOST:-127.0.0.1}
PG_PORT=${BENCH_PG_PORT:-5432}
PG_USER=${BENCH_PG_USER:-postgres}
PG_DB=${BENCH_PG_DB:-postgres}
WORK=$(mktemp -d)
APP_PID=; S3_PID=

$SKIP_BUILD || ./mvnw -q -B package -DskipTests >&2
./mvnw -q -B -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/cp.txt" >&2

cleanup() {
  # the app logs stay for a look at where the time went
  mkdir -p bench/results && cp "$WORK"/app-*.log bench/results/ 2>/dev/null || true
  [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null || true
  [ -n "$S3_PID" ] && kill "$S3_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# the backfill endpoint needs an admin user: the test profile's (org.greenhouse.testing.AdminCredentials), whose
# hash has a low cost, so checking it adds nothing to the timing
ADMIN=test-admin:test-admin-password
ADMIN_USERS=$(grep -o 'test-admin:admin:[^,]*' src/main/resources/application.properties)

psql_bench() { psql -q -t -A -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$PG_DB" "$@"; }

# ---- S3Proxy with a filesystem store and one bucket
mkdir -p "$WORK/blobs/archive"
cat > "$WORK/s3proxy.conf" <<CONF
s3proxy.endpoint=http://127.0.0.1:$S3_PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=bench
s3proxy.credential=bench-secret
jclouds.provider=filesystem
jclouds.filesystem.basedir=$WORK/blobs
jclouds.identity=bench
jclouds.credential=bench-secret
CONF
# its logging at INFO (bench/S3ProxyServer.java)
java -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "$(cat "$WORK/cp.txt")" bench/S3ProxyServer.java --properties "$WORK/s3proxy.conf" > "$WORK/s3proxy.log" 2>&1 &
S3_PID=$!

# readings of the 50 plants, one per plant and minute, from 2026-10-01 on
insert_readings() {
  psql_bench -c "INSERT INTO greenhouse_bench.plant_reading (plant_id, recording_taken, soil_moisture, temperature, last_watered)
    SELECT 1 + g % 50, TIMESTAMP '2026-10-01' + (g / 50) * INTERVAL '1 minute', 50 + (g % 500) / 10.0,
           15 + (g % 100) / 10.0, TIMESTAMP '2026-10-01' + (g / 5000) * INTERVAL '1 hour'
    FROM generate_series(1, $1) AS g" -c "VACUUM ANALYZE greenhouse_bench.plant_reading"
}

cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{printf "%d", ($14 + $15) * 1000 / hz}' "/proc/$1/stat"; }

# archive_once ROWS LABEL -> "ms peak_heap_mb objects app_cpu_ms": one backfill of every reading through the endpoint;
# the app's CPU time during it (its threads and the JVM's: on a busy machine steadier than the wall time)
archive_once() {
  local rows=$1 peak="$WORK/heap-$1-$2.txt" cpu0; cpu0=$(cpu_ms "$APP_PID")
  jstat -gc "$APP_PID" 200 | awk 'NR > 1 {printf "%d\n", ($3 + $4 + $6 + $8) / 1024; fflush()}' > "$peak" &
  local jstat_pid=$!
  local t0; t0=$(date +%s%N)
  local report; report=$(curl -s -S -u "$ADMIN" -X POST "http://127.0.0.1:$PORT/archive/backfill?from=2000-01-01T00:00:00Z&to=2026-11-01T00:00:00Z")
  local t1; t1=$(date +%s%N)
  kill "$jstat_pid" 2>/dev/null || true
  local archived; archived=$(echo "$report" | grep -o '"rows":[0-9]*' | cut -d: -f2 || true)
  [ "$archived" = "$rows" ] || { echo "$2 run archived '$archived' of $rows: $report" >&2; grep -v "^\s*at " "$WORK/app-$rows.log" | grep -B2 -A3 -E "ERROR|WARN" | head -40 >&2; exit 1; }
  echo "$(( (t1 - t0) / 1000000 )) $(sort -n "$peak" | tail -n 1) $(echo "$report" | grep -o '"objects":[0-9]*' | cut -d: -f2) $(( $(cpu_ms "$APP_PID") - cpu0 ))"
}

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }

run_size() { # rows -> "seconds rows_per_s peak_heap_mb objects copy_s duckdb_s steady_s steady_rows_per_s [warm runs' seconds] steady_app_cpu_s"
  local rows=$1 log="$WORK/app-$1.log"
  # this runs in a subshell of its own: a failure here stops the app it started
  trap '[ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null || true' EXIT
  psql_bench -c 'DROP SCHEMA IF EXISTS greenhouse_bench CASCADE' -c 'CREATE SCHEMA greenhouse_bench' 2>/dev/null
  rm -rf "$WORK"/blobs/archive/* # an empty bucket: days holding only the run's objects are summarized as written
  # shellcheck disable=SC2086
  java ${BENCH_JAVA_OPTS:-} -Dquarkus.http.port="$PORT" -Daws.accessKeyId=bench -Daws.secretAccessKey=bench-secret \
       -Dgreenhouse.db.url="jdbc:postgresql://$PG_HOST:$PG_PORT/$PG_DB?currentSchema=greenhouse_bench" \
       -Dgreenhouse.db.username="$PG_USER" -Dgreenhouse.admin.users="$ADMIN_USERS" \
       -Dgreenhouse.jolokia.enabled=false -Dgreenhouse.events.delivery.enabled=false \
       -Dgreenhouse.events.process.enabled=false -Dgreenhouse.batch.schedule-enabled=false \
       -Dgreenhouse.plant.base-url="http://127.0.0.1:$PORT/simulator" -Dgreenhouse.simulator.enabled=true \
       -Dgreenhouse.simulator.latency=0ms -Dgreenhouse.simulator.rates.not-found=0 \
       -Dgreenhouse.simulator.rates.sensor-fault=0 -Dgreenhouse.simulator.rates.on-loan=0 \
       -Dgreenhouse.simulator.rates.slow=0 -Dgreenhouse.simulator.rates.malformed=0 \
       -Dgreenhouse.plant.period=1h -Dgreenhouse.plant.initial-delay=1s \
       -Dgreenhouse.archive.schedule-enabled=false -Dgreenhouse.archive.backfill-endpoint-enabled=true \
       -Dgreenhouse.archive.s3.bucket=archive -Dgreenhouse.archive.s3.region=us-east-1 \
       -Dgreenhouse.archive.s3.endpoint-override="http://127.0.0.1:$S3_PORT" -Dgreenhouse.archive.s3.path-style=true \
       -jar "${BENCH_JAR:-target/quarkus-app/quarkus-run.jar}" > "$log" 2>&1 &
  APP_PID=$!
  # one plant cycle stores the 50 simulated plants
  for _ in $(seq 1 600); do
    kill -0 "$APP_PID" 2>/dev/null || { echo "the app stopped: $log" >&2; grep -v "^\s*at " "$log" | tail -20 >&2; exit 1; }
    [ "$(psql_bench -c "SELECT COUNT(*) FROM greenhouse_bench.pipeline_run WHERE status = 'SUCCEEDED'" 2>/dev/null || echo 0)" = 1 ] && break
    sleep 0.2
  done
  insert_readings "$rows"
  # peers, the rows the archive run takes (not the plant cycle's), same moment: PostgreSQL exports them flat (joined as the archive writes them) as CSV,
  # DuckDB writes that CSV as Snappy Parquet
  local c0; c0=$(date +%s%N)
  local flat="SELECT r.reading_id, r.plant_id, p.name, p.scientific_name, b.name, b.email, b.phone, ci.city_name,
    co.country_name, co.country_code, o.latitude, o.longitude, r.recording_taken, r.soil_moisture, r.temperature,
    r.last_watered FROM greenhouse_bench.plant_reading r JOIN greenhouse_bench.plant p USING (plant_id)
    JOIN greenhouse_bench.botanist b USING (botanist_id) JOIN greenhouse_bench.origin o USING (origin_id)
    JOIN greenhouse_bench.city ci USING (city_id) JOIN greenhouse_bench.country co USING (country_id)
    WHERE r.recording_taken < TIMESTAMP '2026-11-01' ORDER BY r.recording_taken, r.reading_id"
  # \copy is one line
  psql_bench -c "\\copy ($(echo $flat)) TO '$WORK/peer.csv' CSV"
  local c1; c1=$(date +%s%N)
  local duckdb; duckdb=$(java -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "$(cat "$WORK/cp.txt")" bench/ParquetPeer.java "$WORK/peer.csv" "$WORK/peer.parquet")
  [ "${duckdb#* }" = "$rows" ] || { echo "DuckDB wrote ${duckdb#* } of $rows rows" >&2; exit 1; }
  rm -f "$WORK/peer.csv" "$WORK/peer.parquet"
  # the run measured on the app as started (cold: its JIT has compiled nothing of the archive yet), then the
  # same rows inserted again and archived by WARM_RUNS more runs in the same JVM, as later hourly runs find it:
  # the per-file and per-object code (a few hundred calls a run) reaches the JIT's last tier only after
  # several runs (on 2 cores runs 2-4 still spend seconds compiling it), so the second run alone is not yet the
  # steady state: steady is the median of the last three
  read -r cold_ms cold_peak objects _ < <(archive_once "$rows" cold)
  local warm_runs=() warm_cpus=() warm_peak=0 ms peak cpu
  for k in $(seq 1 "$WARM_RUNS"); do
    rm -rf "$WORK"/blobs/archive/*
    insert_readings "$rows"
    read -r ms peak _ cpu < <(archive_once "$rows" "warm$k")
    warm_runs+=("$ms"); warm_cpus+=("$cpu"); [ "$peak" -gt "$warm_peak" ] && warm_peak=$peak
  done
  local steady_ms; steady_ms=$(median "${warm_runs[@]: -3}")
  local steady_cpu_ms; steady_cpu_ms=$(median "${warm_cpus[@]: -3}")
  local warm_list; warm_list=$(IFS=,; echo "${warm_runs[*]}")
  kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; APP_PID=
  awk -v ms="$cold_ms" -v steady_ms="$steady_ms" -v rows="$rows" -v objects="$objects" -v peak="$(( cold_peak > warm_peak ? cold_peak : warm_peak ))" \
    -v copy_ms=$(( (c1 - c0) / 1000000 )) -v duckdb_ms="${duckdb% *}" \
    -v warm_list="$warm_list" -v steady_cpu_ms="$steady_cpu_ms" \
    'BEGIN {n = split(warm_list, w, ","); list = ""; for (i = 1; i <= n; i++) list = list (i > 1 ? "," : "") sprintf("%.1f", w[i] / 1000)
            printf "%.1f %d %d %d %.2f %.2f %.1f %d [%s] %.1f\n", ms / 1000, rows * 1000 / ms, peak, objects, copy_ms / 1000, duckdb_ms / 1000, steady_ms / 1000, rows * 1000 / steady_ms, list, steady_cpu_ms / 1000}'
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
read -r small_s small_rate small_peak small_objects small_copy small_duckdb small_steady_s small_steady_rate small_warm_runs small_steady_cpu < <(run_size $(( ROWS / 5 )))
read -r big_s big_rate big_peak big_objects big_copy big_duckdb big_steady_s big_steady_rate big_warm_runs big_steady_cpu < <(run_size "$ROWS")
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

cat <<JSON
{
  "machine": {"cores": $(nproc), "memory_gb": $(awk '/MemTotal/ {printf "%d", $2/1048576}' /proc/meminfo), "java": "$(java -version 2>&1 | head -n 1 | sed 's/"//g')"},
  "archive_pg_to_s3proxy": [
    {"rows": $(( ROWS / 5 )), "seconds": $small_s, "rows_per_s": $small_rate, "warm_runs_s": $small_warm_runs, "steady_seconds": $small_steady_s, "steady_rows_per_s": $small_steady_rate, "steady_app_cpu_s": $small_steady_cpu, "peak_heap_used_mb": $small_peak, "objects": $small_objects,
     "peer_pg_copy_csv_s": $small_copy, "peer_duckdb_csv_to_snappy_parquet_s": $small_duckdb},
    {"rows": $ROWS, "seconds": $big_s, "rows_per_s": $big_rate, "warm_runs_s": $big_warm_runs, "steady_seconds": $big_steady_s, "steady_rows_per_s": $big_steady_rate, "steady_app_cpu_s": $big_steady_cpu, "peak_heap_used_mb": $big_peak, "objects": $big_objects,
     "peer_pg_copy_csv_s": $big_copy, "peer_duckdb_csv_to_snappy_parquet_s": $big_duckdb}
  ],
  "load_average_before_after": ["$LOAD_BEFORE", "$LOAD_AFTER"],
  "java_opts": "${BENCH_JAVA_OPTS:-}",
  "target_rows_per_s": 250000,
  "note": "each run end to end: stream from PostgreSQL, Parquet per hour, upload, HEAD, daily summaries, delete; seconds: the first run after the start (cold JIT), warm_runs_s: the same rows again in the same JVM, run after run (BENCH_WARM_RUNS), as later hourly runs find it; steady: the median of the last three, seconds, rows/s and the app CPU seconds"
}
JSON
