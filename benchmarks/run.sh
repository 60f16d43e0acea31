#!/usr/bin/env bash
# Runs every timerfd4j benchmark side by side and writes docs/benchmarks.md and docs/benchmarks.svg.
#
#   benchmarks/run.sh            full run (about 10 minutes on 2 cores), writes docs/
#   benchmarks/run.sh --quick    2-minute smoke run, writes benchmarks/target/quick/
#
# Each competitor runs in its own process (its CPU time is its own), one after another, and every
# ratio in the report compares figures of this one run. Needs Linux, a JDK 17+, Maven and gcc.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
MODE=full
OUT="$ROOT/docs"
for arg in "$@"; do
  case "$arg" in
    --quick) MODE=quick; OUT="$ROOT/benchmarks/target/quick" ;;
    --out=*) OUT="${arg#--out=}" ;;
    *) echo "usage: $0 [--quick] [--out=DIR]" >&2; exit 2 ;;
  esac
done
mkdir -p "$OUT" "$ROOT/benchmarks/target"

echo "== building (maven, gcc)"
mvn -B -q -Pbenchmarks -pl benchmarks -am package -DskipTests
gcc -O2 -Wall -o "$ROOT/benchmarks/target/timerfd_floor" "$ROOT/benchmarks/src/main/c/timerfd_floor.c" -lm
JAR="$ROOT/benchmarks/target/timerfd4j-benchmarks.jar"
FLOOR="$ROOT/benchmarks/target/timerfd_floor"

# 10,000 and 100,000 timers need as many descriptors. Raising the hard limit needs
# CAP_SYS_RESOURCE; without it go as high as the hard limit allows.
ulimit -Hn 1048576 2>/dev/null || true
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
NOFILE=$(ulimit -n)

if [ "$MODE" = quick ]; then
  DUR=2000; WARM=500; MAX_TIMERS=20000; RATE_DUR=1500; RATE_WARM=300; IDLE_DUR=2000
else
  DUR=6000; WARM=2000; MAX_TIMERS=100000; RATE_DUR=3000; RATE_WARM=1000; IDLE_DUR=5000
fi
if [ "$NOFILE" -lt $((MAX_TIMERS + 1000)) ]; then
  MAX_TIMERS=$((NOFILE - 1000))
  echo "   descriptor limit $NOFILE: most-timers scenario uses $MAX_TIMERS"
fi

RESULTS="$ROOT/benchmarks/target/results-$MODE.txt"
: > "$RESULTS"
meta() { echo "META $1=$2" >> "$RESULTS"; }
meta date "$(date -u '+%Y-%m-%d %H:%M UTC')"
meta nproc "$(nproc)"
meta cpu "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
meta kernel "$(uname -r)"
meta java "$(java -version 2>&1 | head -1 | sed 's/"//g')"
meta mode "$([ "$MODE" = quick ] && echo --quick || true)"
meta durations "warm-up $((WARM / 1000)).$((WARM % 1000 / 100)) s, measured $((DUR / 1000)) s, fd limit $NOFILE"
meta note "load average when the run started: $(cut -d" " -f1-3 /proc/loadavg) (2 cores; p99 and max are sensitive to other load)"

JAVA_COMPETITORS=$(java -jar "$JAR" competitors)
JAVA_OPTS=(-Xms256m -Xmx2g -XX:+UseParallelGC)

# run NAME ARGS...: one C process and one JVM per Java competitor, same arguments.
run() {
  local scenario=$1; shift
  echo "== $scenario: $*"
  if [ "$SKIP_C" != yes ]; then
    "$FLOOR" --scenario "$scenario" "$@" | tee -a "$RESULTS" || echo "   c-floor failed"
  fi
  for c in $JAVA_COMPETITORS; do
    if [ "$scenario" = slow ] && [ "$c" = timerfd4j-core ]; then continue; fi
    java "${JAVA_OPTS[@]}" -jar "$JAR" run --competitor "$c" --scenario "$scenario" "$@" \
      | tee -a "$RESULTS" || echo "   $c failed"
  done
}

SKIP_C=no
run t1 --timers 1 --period-ns 1000000 --duration-ms $DUR --warmup-ms $WARM
run t100 --timers 100 --period-ns 10000000 --duration-ms $DUR --warmup-ms $WARM
run t1000 --timers 1000 --period-ns 100000000 --duration-ms $DUR --warmup-ms $WARM
run t10000 --timers 10000 --period-ns 100000000 --duration-ms $DUR --warmup-ms $WARM
run maxtimers --timers $MAX_TIMERS --period-ns 1000000000 --duration-ms $DUR --warmup-ms $WARM
run idle --mode idle --timers 1000 --period-ns 1000000000 --duration-ms $IDLE_DUR
run maxrate --mode maxrate --timers 50 --period-ns 10000000 --duration-ms $RATE_DUR \
  --warmup-ms $RATE_WARM --max-p99-ns 5000000
echo "== alloc: core loop thread, counting handler"
java "${JAVA_OPTS[@]}" -jar "$JAR" run --competitor timerfd4j-core --scenario alloc --mode alloc \
  --timers 10 --period-ns 1000000 --duration-ms $DUR --warmup-ms $WARM | tee -a "$RESULTS"
SKIP_C=yes # a C program has no subscriber to be slow
run slow --mode slow --period-ns 1000000 --duration-ms $((DUR < 5000 ? DUR : 5000))

java -jar "$JAR" report "$RESULTS" "$OUT/benchmarks.md" "$OUT/benchmarks.svg" "$ROOT/benchmarks/target/benchmarks-summary.md"
echo "== wrote $OUT/benchmarks.md and $OUT/benchmarks.svg (raw: $RESULTS)"

# A full run also refreshes the summary table in README.md (between the two markers), so the
# README always shows the figures of the committed run.
if [ "$MODE" = full ] && grep -q '<!-- benchmarks:begin -->' "$ROOT/README.md"; then
  awk -v summary="$ROOT/benchmarks/target/benchmarks-summary.md" '
    /<!-- benchmarks:begin -->/ { print; while ((getline line < summary) > 0) print line; skip = 1; next }
    /<!-- benchmarks:end -->/ { skip = 0 }
    !skip { print }' "$ROOT/README.md" > "$ROOT/README.md.tmp" && mv "$ROOT/README.md.tmp" "$ROOT/README.md"
  echo "== refreshed the benchmark summary in README.md"
fi
