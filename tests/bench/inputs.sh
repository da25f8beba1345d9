#!/bin/sh
# Hostile shapes of input, timed (docs/performance.md, docs/security.md):
#  - check of 100,000 connections written one element per line, and the
#    same model minified onto one line (must stay within 2 x);
#  - 1.9 million empty elements on one line (1.9 million errors);
#  - render of a model with every field at its length limit
#    (tests/check/limits-ok.xml), each format.
# Medians of RUNS runs; wall time from date, peak memory from /usr/bin/time.
#   inputs.sh ARCHDOC GEN_MODEL RUNS LIMITS_MODEL
set -eu
archdoc=$1
gen_model=$2
runs=$3
limits=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.4f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# measure NAME CMD...: RUNS runs; prints NAME, median seconds, median peak KiB,
# bytes on stderr (of the last run). The exit status does not matter.
measure() {
  name=$1
  shift
  : >"$work/s"
  : >"$work/m"
  i=0
  while [ "$i" -lt "$runs" ]; do
    t0=$(date +%s%N)
    /usr/bin/time -f "%M" -o "$work/time" "$@" >/dev/null 2>"$work/err" || true
    t1=$(date +%s%N)
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f\n", (b - a) / 1e9 }' >>"$work/s"
    tail -n 1 "$work/time" >>"$work/m"
    i=$((i + 1))
  done
  printf '%-44s %8s s %8s KiB %10s bytes on stderr\n' "$name" "$(median <"$work/s")" "$(median <"$work/m")" \
    "$(wc -c <"$work/err")"
}

"$gen_model" 100000 >"$work/multi.xml"
# the same elements, indentation and line ends removed
sed 's/^ *//' "$work/multi.xml" | tr -d '\n' >"$work/one.xml"
echo "== check of 100,000 connections ($(wc -c <"$work/multi.xml") bytes): one element per line, then one line"
measure "check, one element per line" "$archdoc" check -q "$work/multi.xml"
a=$(median <"$work/s")
measure "check, one line" "$archdoc" check -q "$work/one.xml"
b=$(median <"$work/s")
awk -v a="$a" -v b="$b" 'BEGIN { printf "one line / one element per line: %.2f (at most 2)\n", b / a }'

{
  printf '<architecture xmlns="urn:archdoc:model:1" id="x" title="X">'
  awk 'BEGIN { for (i = 0; i < 1900000; i++) printf "<x/>" }'
  printf '</architecture>'
} >"$work/errors.xml"
echo "== 1.9 million empty elements on one line ($(wc -c <"$work/errors.xml") bytes), an error each"
measure "check (first 1,000 shown)" "$archdoc" check "$work/errors.xml"
measure "check --max-errors 0 (all shown)" "$archdoc" check --max-errors 0 "$work/errors.xml"

echo "== every field at its length limit ($limits)"
measure "check" "$archdoc" check "$limits"
for f in svg png pdf md html; do
  for label in number number+protocol+port; do
    measure "render -f $f --label $label" "$archdoc" render "$limits" -f "$f" --label "$label" -o "$work/out/" -q
  done
done
