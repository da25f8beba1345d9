#!/bin/sh
# Whole runs against bare Graphviz on the same graph: `archdoc render -f svg`
# and `dot -Tsvg` on the DOT that archdoc itself exports for the model
# (render -f dot), each timed over RUNS runs (median).
#   compare.sh ARCHDOC RUNS MODEL...
# With LAYOUT set, archdoc renders (and exports) with --layout "$LAYOUT".
set -eu
archdoc=$1
runs=$2
shift 2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.4f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# /usr/bin/time's wall clock has 10 ms steps, as long as the example takes:
# the wall time comes from date's nanoseconds, the peak memory from time.
timed() { # timed OUT_PREFIX CMD...: wall seconds and peak KiB of one run
  prefix=$1
  shift
  t0=$(date +%s%N)
  /usr/bin/time -f "%M" -o "$prefix.time" "$@" >/dev/null 2>"$prefix.err" || {
    echo "failed: $*" >&2; cat "$prefix.err" >&2; return 1; }
  t1=$(date +%s%N)
  awk -v a="$t0" -v b="$t1" -v m="$(cat "$prefix.time")" 'BEGIN { printf "%.4f %s\n", (b - a) / 1e9, m }'
}

printf '%-28s %6s %12s %12s %8s %10s %10s\n' model conns "archdoc s" "dot -Tsvg s" ratio "archdoc KiB" "dot KiB"
for model in "$@"; do
  name=$(basename "$model" .xml)
  conns=$(grep -c "<connection" "$model" || true)
  set -- render "$model" -q
  [ -n "${LAYOUT:-}" ] && set -- "$@" --layout "$LAYOUT"
  "$archdoc" "$@" -f dot -o "$work/$name.dot"
  : >"$work/a" ; : >"$work/d"
  i=0
  while [ $i -lt "$runs" ]; do
    timed "$work/ta" "$archdoc" "$@" -f svg -o - >>"$work/a"
    timed "$work/td" dot -Tsvg "$work/$name.dot" >>"$work/d"
    i=$((i + 1))
  done
  a=$(cut -d' ' -f1 "$work/a" | median)
  d=$(cut -d' ' -f1 "$work/d" | median)
  am=$(cut -d' ' -f2 "$work/a" | median)
  dm=$(cut -d' ' -f2 "$work/d" | median)
  ratio=$(awk -v a="$a" -v d="$d" 'BEGIN { if (d > 0) printf "%.2f", a / d; else print "-" }')
  printf '%-28s %6s %12s %12s %8s %10s %10s\n' "$name" "$conns" "$a" "$d" "$ratio" "$am" "$dm"
done
