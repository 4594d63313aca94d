#!/usr/bin/env bash
# Daily summary benchmark: one day of readings of P plants (default 10,000; one reading per plant and minute,
# 14.4 M readings) written as the archive stores them (local store, hour partitions, 500,000 readings per
# object), then the day's summaries computed the archive's way under a heap limit (default -Xmx256m), and,
# as the peer in the same run and under the same limit, every reading of the day held in memory as the
# archive did before. Prints one JSON line each: the bounded run's time and peak heap, the peer's outcome.
# Usage: [BENCH_HEAP=256m] bench/summary-bench.sh [--skip-build] [plants]. Needs a JDK 17 and ~1 GB of disk.
set -euo pipefail
cd "$(dirname "$0")/.."

SKIP_BUILD=false
[ "${1:-}" = "--skip-build" ] && { SKIP_BUILD=true; shift; }
PLANTS=${1:-10000}
HEAP=${BENCH_HEAP:-256m}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

$SKIP_BUILD || ./mvnw -q -B test-compile >&2
./mvnw -q -B -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/cp.txt" >&2
# a copy of the classes: a build during the run changes nothing in it
cp -r target/classes "$WORK/classes" && cp -r target/test-classes "$WORK/test-classes"
CP="$WORK/classes:$WORK/test-classes:$(cat "$WORK/cp.txt")"

mkdir -p "$WORK/archive" "$WORK/work"
java -Xmx1g -cp "$CP" org.greenhouse.archive.DailySummaryBench generate "$WORK/archive" "$PLANTS"
java -Xmx"$HEAP" -cp "$CP" org.greenhouse.archive.DailySummaryBench bounded "$WORK/archive" "$WORK/work"
java -Xmx"$HEAP" -cp "$CP" org.greenhouse.archive.DailySummaryBench in-memory "$WORK/archive"
