#!/bin/sh
# render -o DIR in several processes (--jobs N; docs/performance.md): the
# model and each view are made apart, then written by one process, so the
# files, the listing and the messages are those of --jobs 1, byte for
# byte; a view that fails fails the same way, and nothing is written.
#   jobs.sh ARCHDOC EXAMPLE
set -eu
archdoc=$1
example=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
for j in 1 3; do
  "$archdoc" render "$example" -o "$work/d$j/" --jobs "$j" >"$work/out$j" 2>"$work/err$j"
done
diff -r "$work/d1" "$work/d3" >/dev/null || { echo "FAIL: --jobs 3 wrote other files than --jobs 1"; fail=1; }
[ "$(ls "$work/d1" | wc -l)" -ge 16 ] || { echo "FAIL: the example's model and views were not all written"; fail=1; }
sed "s|$work/d1/|DIR/|" "$work/err1" >"$work/e1"
sed "s|$work/d3/|DIR/|" "$work/err3" >"$work/e3"
cmp -s "$work/e1" "$work/e3" || { echo "FAIL: the listing differs:"; diff "$work/e1" "$work/e3"; fail=1; }
# a view whose PNG is over the pixel budget at 600 dpi: the error of one
# process, exit 1, nothing written
mkdir -p "$work/f1" "$work/f3"
for j in 1 3; do
  st=0
  "$archdoc" render "$example" -o "$work/f$j/" --dpi 600 --jobs "$j" >/dev/null 2>"$work/ferr$j" || st=$?
  [ "$st" = 1 ] || { echo "FAIL: --jobs $j over the budget exited $st"; fail=1; }
  [ -z "$(ls "$work/f$j")" ] || { echo "FAIL: --jobs $j wrote files although a PNG failed"; fail=1; }
done
grep -q '\[limit\]' "$work/ferr1" || { echo "FAIL: no limit error"; cat "$work/ferr1"; fail=1; }
cmp -s "$work/ferr1" "$work/ferr3" || { echo "FAIL: the errors differ:"; diff "$work/ferr1" "$work/ferr3"; fail=1; }
exit $fail
