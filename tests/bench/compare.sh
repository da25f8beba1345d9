#!/bin/sh
# Whole runs against bare Graphviz on the same graph: `archdoc render -f svg`
# and `dot -Tsvg` on the DOT that archdoc itself exports for the model
# (render -f dot), each timed with /usr/bin/time over RUNS runs (median).
#   compare.sh ARCHDOC RUNS MODEL...
# With LAYOUT set, archdoc renders (and exports) with --layout "$LAYOUT".
set -eu
archdoc=$1
runs=$2
shift 2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
timed() { # timed OUT_PREFIX CMD...: wall seconds and peak KiB of one run
  prefix=$1
  shift
  /usr/bin/time -f "%e %M" -o "$prefix.time" "$@" >/dev/null 2>"$prefix.err" || {
    echo "failed: $*" >&2; cat "$prefix.err" >&2; return 1; }
  cat "$prefix.time"
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
