#!/usr/bin/env bash
# Warehouse benchmark (docs/warehouse.md, docs/benchmarks.md): a totesys database with N sales orders (default
# 1,000,000) and proportional other tables (0.4 N purchase orders, a transaction and a payment per order, and
# N/500 addresses, N/1000 counterparties, staff and designs: 4.2 N rows in all), generated in PostgreSQL with
# generate_series; then, RUNS times (default 3) on a new warehouse and a new app database: the full load
# ingest -> process -> load, and an incremental run after 1,000 sales orders changed. Prints JSON: seconds per
# step, source rows/s end to end, the peak heap during the run (sampled with jstat every 200 ms), the app's CPU
# seconds (user + system, /proc; on shared cores the wall clock is mostly waiting) and the load average, each
# run and their medians.
# Zones: a local directory (greenhouse.warehouse.*.store=local), so the figures are the pipeline's, not an S3
# server's. The steps are called one after the other through a bench-only route (POST /bench/warehouse/<step>
# -> direct:warehouse-<step>) added with camel.main.routes-include-pattern; the app's chain and cron are off.
# Needs a JDK 17 (with jstat), curl, psql and a PostgreSQL server (BENCH_PG_HOST=127.0.0.1 BENCH_PG_PORT=5432
# BENCH_PG_USER=postgres BENCH_PG_DB=postgres; schemas wh_bench_totesys, wh_bench_dw and wh_bench_app are
# dropped and created). Usage: [BENCH_JAVA_OPTS=-Xmx512m] [RUNS=3] bench/warehouse-bench.sh [--skip-build]
# [--keep-source] [orders]. --keep-source reuses a totesys schema of the same size; BENCH_TARGET_PARAMS is
# appended to the warehouse's JDBC URL (e.g. "&reWriteBatchedInserts=true"); BENCH_JFR=file.jfr records a
# profile. BENCH_PEER=1 also runs the seed-style peer (bench/warehouse_peer.py: pandas, row-by-row inserts;
# Debian's python3-pandas and python3-psycopg2) once on the same source and prints its figures and the ratio
# of its full load to the app's median (at 1,000,000 orders it takes about 11 minutes and 3.6 GB). App logs
# go to bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."

SKIP_BUILD=false; KEEP_SOURCE=false
while [ "${1:-}" = "--skip-build" ] || [ "${1:-}" = "--keep-source" ]; do
  [ "$1" = "--skip-build" ] && SKIP_BUILD=true
  [ "$1" = "--keep-source" ] && KEEP_SOURCE=true
  shift
done
ORDERS=${1:-1000000}
RUNS=${RUNS:-3}
JAVA_OPTS=${BENCH_JAVA_OPTS:--Xmx512m}
PORT=${BENCH_PORT:-18080}
PG_HOST=${BENCH_PG_HOST:-127.0.0.1}
PG_PORT=${BENCH_PG_PORT:-5432}
PG_USER=${BENCH_PG_USER:-postgres}
PG_DB=${BENCH_PG_DB:-postgres}
PG_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$PG_DB"
WORK=$(mktemp -d)
APP_PID=; JSTAT_PID=

$SKIP_BUILD || ./mvnw -q -B package -DskipTests >&2

cleanup() {
  mkdir -p bench/results && cp "$WORK"/app-*.log bench/results/ 2>/dev/null || true
  [ -n "$JSTAT_PID" ] && kill "$JSTAT_PID" 2>/dev/null || true
  [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

psql_bench() { psql -q -t -A -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$PG_DB" "$@"; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# ---- the source: totesys with ORDERS sales orders, last_updated spread over 2024 (the incremental run's
# changes are stamped now, so its re-read window holds them only)
generate_source() {
  local n=$1 p=$(( $1 * 2 / 5 )) a=$(( $1 / 500 )) c=$(( $1 / 1000 )) s=$(( $1 / 1000 )) d=$(( $1 / 1000 ))
  psql_bench -c 'DROP SCHEMA IF EXISTS wh_bench_totesys CASCADE' -c 'CREATE SCHEMA wh_bench_totesys' >/dev/null
  { echo "SET search_path = wh_bench_totesys;"
    cat src/main/resources/warehouse/totesys-postgresql.sql
    cat <<SQL
CREATE FUNCTION ts(g BIGINT, n BIGINT) RETURNS TIMESTAMP(3) AS
  \$\$ SELECT TIMESTAMP '2024-01-01' + (g * 31536000000 / n) * INTERVAL '1 millisecond' \$\$ LANGUAGE SQL IMMUTABLE;
INSERT INTO address (address_line_1, address_line_2, district, city, postal_code, country, phone, created_at, last_updated)
  SELECT g || ' High Street', CASE WHEN g % 3 = 0 THEN NULL ELSE 'Flat ' || g % 40 END, 'District ' || g % 50,
         'City ' || g % 300, 'PC' || g, 'Country ' || g % 60, '0123 ' || g, ts(g, $a), ts(g, $a) FROM generate_series(1, $a) g;
INSERT INTO department (department_name, location, manager, created_at, last_updated)
  SELECT 'Department ' || g, 'Floor ' || g, 'Manager ' || g, ts(g, 20), ts(g, 20) FROM generate_series(1, 20) g;
INSERT INTO currency (currency_code, created_at, last_updated)
  SELECT c, TIMESTAMP '2024-01-01', TIMESTAMP '2024-01-01' FROM unnest(ARRAY['GBP', 'USD', 'EUR']) c;
INSERT INTO payment_type (payment_type_name, created_at, last_updated)
  SELECT t::payment_type_name, TIMESTAMP '2024-01-01', TIMESTAMP '2024-01-01'
  FROM unnest(ARRAY['SALES_RECEIPT', 'SALES_REFUND', 'PURCHASE_PAYMENT', 'PURCHASE_REFUND']) t;
INSERT INTO counterparty (counterparty_legal_name, legal_address_id, commercial_contact, delivery_contact, created_at, last_updated)
  SELECT 'Counterparty ' || g || ' Ltd', 1 + g % $a, 'Contact ' || g, 'Delivery ' || g, ts(g, $c), ts(g, $c) FROM generate_series(1, $c) g;
INSERT INTO staff (first_name, last_name, department_id, email_address, created_at, last_updated)
  SELECT 'First' || g, 'Last' || g, 1 + g % 20, 'staff' || g || '@terrifictotes.com', ts(g, $s), ts(g, $s) FROM generate_series(1, $s) g;
INSERT INTO design (design_name, file_location, file_name, created_at, last_updated)
  SELECT 'Design ' || g, '/designs/' || g % 10, 'design-' || g || '.json', ts(g, $d), ts(g, $d) FROM generate_series(1, $d) g;
INSERT INTO sales_order (design_id, staff_id, counterparty_id, units_sold, unit_price, currency_id, agreed_delivery_date,
    agreed_payment_date, agreed_delivery_location_id, created_at, last_updated)
  SELECT 1 + g % $d, 1 + g % $s, 1 + g % $c, 1 + g % 100000, (100 + g % 900) / 100.0, 1 + g % 3,
         to_char(DATE '2024-01-05' + (g % 400)::INT, 'YYYY-MM-DD'), to_char(DATE '2024-01-10' + (g % 400)::INT, 'YYYY-MM-DD'),
         1 + g % $a, ts(g, $n), ts(g, $n) FROM generate_series(1, $n) g;
INSERT INTO purchase_order (staff_id, counterparty_id, item_code, item_quantity, item_unit_price, currency_id,
    agreed_delivery_date, agreed_payment_date, agreed_delivery_location_id, created_at, last_updated)
  SELECT 1 + g % $s, 1 + g % $c, 'ITEM' || g % 5000, 1 + g % 1000, (100 + g % 9000) / 100.0, 1 + g % 3,
         to_char(DATE '2024-01-05' + (g % 400)::INT, 'YYYY-MM-DD'), to_char(DATE '2024-01-10' + (g % 400)::INT, 'YYYY-MM-DD'),
         1 + g % $a, ts(g, $p), ts(g, $p) FROM generate_series(1, $p) g;
INSERT INTO transaction (transaction_type, sales_order_id, purchase_order_id, created_at, last_updated)
  SELECT 'SALE'::transaction_type, g, NULL, ts(g, $n), ts(g, $n) FROM generate_series(1, $n) g
  UNION ALL SELECT 'PURCHASE'::transaction_type, NULL, g, ts(g, $p), ts(g, $p) FROM generate_series(1, $p) g;
INSERT INTO payment (transaction_id, counterparty_id, payment_amount, currency_id, payment_type_id, paid, payment_date,
    company_ac_number, counterparty_ac_number, created_at, last_updated)
  SELECT g, 1 + g % $c, (100 + g % 90000) / 100.0, 1 + g % 3, 1 + g % 4, g % 2 = 0,
         to_char(DATE '2024-01-15' + (g % 400)::INT, 'YYYY-MM-DD'), 10000000 + g % 1000, 20000000 + g % 1000,
         ts(g, $n + $p), ts(g, $n + $p) FROM generate_series(1, $n + $p) g;
VACUUM ANALYZE;
SQL
  } | psql_bench >/dev/null
}

source_rows() {
  psql_bench -c "SELECT SUM(n) FROM (SELECT COUNT(*) n FROM wh_bench_totesys.address UNION ALL
    SELECT COUNT(*) FROM wh_bench_totesys.counterparty UNION ALL SELECT COUNT(*) FROM wh_bench_totesys.currency UNION ALL
    SELECT COUNT(*) FROM wh_bench_totesys.department UNION ALL SELECT COUNT(*) FROM wh_bench_totesys.design UNION ALL
    SELECT COUNT(*) FROM wh_bench_totesys.staff UNION ALL SELECT COUNT(*) FROM wh_bench_totesys.sales_order UNION ALL
    SELECT COUNT(*) FROM wh_bench_totesys.purchase_order UNION ALL SELECT COUNT(*) FROM wh_bench_totesys.payment_type UNION ALL
    SELECT COUNT(*) FROM wh_bench_totesys.transaction UNION ALL SELECT COUNT(*) FROM wh_bench_totesys.payment) t"
}

if $KEEP_SOURCE && [ "$(psql_bench -c "SELECT COUNT(*) FROM wh_bench_totesys.sales_order" 2>/dev/null || echo 0)" = "$ORDERS" ]; then
  echo "reusing wh_bench_totesys ($ORDERS sales orders)" >&2
else
  t0=$(now_ms); generate_source "$ORDERS"; echo "generated the source in $(( $(now_ms) - t0 )) ms" >&2
fi
ROWS=$(source_rows)

# ---- the bench-only route: each step on demand
mkdir -p "$WORK/routes"
cat > "$WORK/routes/warehouse-bench.yaml" <<'YAML'
- route:
    id: warehouse-bench
    from:
      uri: platform-http:/bench/warehouse/{step}
      parameters:
        httpMethodRestrict: POST
      steps:
        - toD: direct:warehouse-${header.step}
        # the step's report (a record) as its text
        - convertBodyTo:
            type: java.lang.String
YAML

start_app() { # log
  # shellcheck disable=SC2086
  java $JAVA_OPTS ${BENCH_JFR:+-XX:StartFlightRecording=filename=$BENCH_JFR,settings=profile} \
       -Xlog:gc:file="$GC_LOG" -Dquarkus.http.port="$PORT" \
       -Dcamel.main.routes-include-pattern="classpath:routes/*.yaml,file:$WORK/routes/*.yaml" \
       -Dgreenhouse.db.url="$PG_URL?currentSchema=wh_bench_app" -Dgreenhouse.db.username="$PG_USER" \
       -Dgreenhouse.plant.base-url="http://127.0.0.1:$PORT/simulator" -Dgreenhouse.plant.schedule-enabled=false \
       -Dgreenhouse.archive.schedule-enabled=false -Dgreenhouse.batch.schedule-enabled=false \
       -Dgreenhouse.events.delivery.enabled=false -Dgreenhouse.archive.s3.bucket=unused \
       -Dgreenhouse.warehouse.enabled=true -Dgreenhouse.warehouse.schedule-enabled=false \
       -Dgreenhouse.warehouse.chain=false -Dgreenhouse.warehouse.catch-up-period=24h \
       -Dgreenhouse.warehouse.source.url="$PG_URL?currentSchema=wh_bench_totesys" \
       -Dgreenhouse.warehouse.source.username="$PG_USER" \
       -Dgreenhouse.warehouse.target.url="$PG_URL?currentSchema=wh_bench_dw${BENCH_TARGET_PARAMS:-}" \
       -Dgreenhouse.warehouse.target.username="$PG_USER" \
       -Dgreenhouse.warehouse.ingestion.store=local -Dgreenhouse.warehouse.ingestion.local-dir="$WORK/zones" \
       -Dgreenhouse.warehouse.processed.store=local -Dgreenhouse.warehouse.processed.local-dir="$WORK/zones" \
       -Dgreenhouse.warehouse.work-dir="$WORK/tmp" \
       ${BENCH_APP_OPTS:-} -jar target/quarkus-app/quarkus-run.jar > "$1" 2>&1 &
  APP_PID=$!
  for _ in $(seq 1 6000); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/q/health/ready" || true)" = 200 ] && return 0
    kill -0 "$APP_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "the app did not become ready:" >&2; tail -40 "$1" >&2; exit 1
}

step() { # step log -> milliseconds; fails on anything but 200
  local t0 code; t0=$(now_ms)
  code=$(curl -s -o "$WORK/step.out" -w '%{http_code}' -X POST "http://127.0.0.1:$PORT/bench/warehouse/$1")
  local ms=$(( $(now_ms) - t0 ))
  if [ "$code" != 200 ]; then
    echo "$1 answered $code: $(head -c 400 "$WORK/step.out")" >&2; grep -E "ERROR|WARN" "$2" | head -20 >&2; exit 1
  fi
  echo "$1 $(head -c 300 "$WORK/step.out")" >&2
  echo "$ms"
}

TICK=$(getconf CLK_TCK)
cpu_ms() { awk -v tick="$TICK" '{printf "%d\n", ($14 + $15) * 1000 / tick}' "/proc/$APP_PID/stat"; }

heap_start() { jstat -gc "$APP_PID" 200 | awk 'NR > 1 {printf "%d\n", ($3 + $4 + $6 + $8) / 1024; fflush()}' > "$1" & JSTAT_PID=$!; }
heap_stop() { kill "$JSTAT_PID" 2>/dev/null || true; wait "$JSTAT_PID" 2>/dev/null || true; JSTAT_PID=; sort -n "$1" | tail -n 1; }
# the most heap any collection so far left in use (MB): an upper bound of the live data, which the peak used is
# not (G1 lets garbage fill the heap it has before collecting)
heap_after_gc() { grep -oE -- '->[0-9]+M' "$GC_LOG" | tr -dc '0-9\n' | sort -n | tail -n 1; }

RESULTS=()
for run in $(seq 1 "$RUNS"); do
  psql_bench -c 'DROP SCHEMA IF EXISTS wh_bench_dw CASCADE' -c 'CREATE SCHEMA wh_bench_dw' \
             -c 'DROP SCHEMA IF EXISTS wh_bench_app CASCADE' -c 'CREATE SCHEMA wh_bench_app' >/dev/null 2>&1
  rm -rf "$WORK/zones" "$WORK/tmp"; mkdir -p "$WORK/zones" "$WORK/tmp"
  log="$WORK/app-warehouse-$run.log"; GC_LOG="$WORK/gc-$run.log"
  start_app "$log"
  load_before=$(cut -d' ' -f1 /proc/loadavg)
  heap_start "$WORK/heap-full-$run"
  cpu0=$(cpu_ms)
  ingest=$(step ingest "$log"); process=$(step process "$log"); load=$(step load "$log")
  full_cpu=$(( $(cpu_ms) - cpu0 ))
  full_peak=$(heap_stop "$WORK/heap-full-$run")
  full_live=$(heap_after_gc)
  loaded=$(psql_bench -c "SELECT COUNT(*) FROM wh_bench_dw.fact_sales_order")
  [ "$loaded" -ge "$ORDERS" ] || { echo "fact_sales_order has $loaded rows of $ORDERS" >&2; exit 1; }
  # 1,000 sales orders change (a new version each: the facts gain 1,000 rows)
  psql_bench -c "UPDATE wh_bench_totesys.sales_order SET units_sold = units_sold + 1, last_updated = LOCALTIMESTAMP(3)
    WHERE sales_order_id IN (SELECT sales_order_id FROM wh_bench_totesys.sales_order ORDER BY random() LIMIT 1000)" >/dev/null
  heap_start "$WORK/heap-incr-$run"
  cpu0=$(cpu_ms)
  i_ingest=$(step ingest "$log"); i_process=$(step process "$log"); i_load=$(step load "$log")
  incr_cpu=$(( $(cpu_ms) - cpu0 ))
  incr_peak=$(heap_stop "$WORK/heap-incr-$run")
  after=$(psql_bench -c "SELECT COUNT(*) FROM wh_bench_dw.fact_sales_order")
  [ "$after" -eq $(( loaded + 1000 )) ] || { echo "fact_sales_order: $after rows after the change, not $(( loaded + 1000 ))" >&2; exit 1; }
  load_after=$(cut -d' ' -f1 /proc/loadavg)
  kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; APP_PID=
  full=$(( ingest + process + load )); incr=$(( i_ingest + i_process + i_load ))
  RESULTS+=("$full $ingest $process $load $full_peak $incr $i_ingest $i_process $i_load $incr_peak $load_before $load_after $full_cpu $incr_cpu $full_live")
  echo "run $run: full ${full} ms (ingest $ingest, process $process, load $load; app CPU ${full_cpu} ms)," \
       "peak heap ${full_peak} MB (after a collection at most ${full_live} MB); incremental ${incr} ms (app CPU ${incr_cpu} ms); load average $load_before -> $load_after" >&2
done

# the seed-style peer (bench/warehouse_peer.py) on the same source, once, after the app's runs
PEER_JSON=null; PEER_RATIO=null
if [ "${BENCH_PEER:-0}" = 1 ]; then
  psql_bench -c 'DROP SCHEMA IF EXISTS wh_peer_dw CASCADE' -c 'CREATE SCHEMA wh_peer_dw' >/dev/null 2>&1
  { echo "SET search_path = wh_peer_dw;"; grep -v -- '^ *--' src/main/resources/db/warehouse/h2-postgresql/V1__star_schemas.sql; } \
    | psql_bench >/dev/null
  PEER_JSON=$(/usr/bin/python3 bench/warehouse_peer.py --pg "host=$PG_HOST port=$PG_PORT user=$PG_USER dbname=$PG_DB" \
    --source-schema wh_bench_totesys --target-schema wh_peer_dw)
  echo "peer: $PEER_JSON" >&2
  psql_bench -c 'DROP SCHEMA wh_peer_dw CASCADE' >/dev/null 2>&1
fi

median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }
col() { printf '%s\n' "${RESULTS[@]}" | cut -d' ' -f"$1" | median; }
runs_json=$(printf '%s\n' "${RESULTS[@]}" | awk -v rows="$ROWS" 'BEGIN {sep = ""} {
  printf "%s\n    {\"full_ms\": %d, \"ingest_ms\": %d, \"process_ms\": %d, \"load_ms\": %d, \"rows_per_s\": %d, \"peak_heap_used_mb\": %d, \"incremental_ms\": %d, \"incremental_steps_ms\": [%d, %d, %d], \"incremental_peak_heap_mb\": %d, \"load_average\": [%s, %s], \"app_cpu_ms\": %d, \"rows_per_app_cpu_s\": %d, \"incremental_app_cpu_ms\": %d, \"heap_after_gc_max_mb\": %d}", sep, $1, $2, $3, $4, rows * 1000 / $1, $5, $6, $7, $8, $9, $10, $11, $12, $13, rows * 1000 / $13, $14, $15; sep = "," }')
full_median=$(col 1)
[ "$PEER_JSON" = null ] || PEER_RATIO=$(echo "$PEER_JSON" | sed -E 's/.*"full_s": ([0-9.]+).*/\1/' \
  | awk -v ours="$full_median" '{printf "%.1f", $1 * 1000 / ours}')
cat <<JSON
{
  "machine": {"cores": $(nproc), "memory_gb": $(awk '/MemTotal/ {printf "%d", $2/1048576}' /proc/meminfo), "java": "$(java -version 2>&1 | head -n 1 | sed 's/"//g')", "java_opts": "$JAVA_OPTS"},
  "sales_orders": $ORDERS,
  "source_rows": $ROWS,
  "runs": [$runs_json
  ],
  "median": {"full_ms": $full_median, "ingest_ms": $(col 2), "process_ms": $(col 3), "load_ms": $(col 4),
             "rows_per_s": $(( ROWS * 1000 / full_median )), "peak_heap_used_mb": $(col 5), "incremental_ms": $(col 6),
             "app_cpu_ms": $(col 13), "incremental_app_cpu_ms": $(col 14), "heap_after_gc_max_mb": $(col 15)},
  "peer": $PEER_JSON,
  "peer_full_over_ours": $PEER_RATIO,
  "targets": {"rows_per_s": 100000, "incremental_ms": 5000},
  "note": "full load: ingest, process, load one after the other (bench route), zones in a local directory; incremental: 1,000 sales orders changed"
}
JSON
