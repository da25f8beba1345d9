#!/bin/sh
# archdoc diff -o FILE: each format lands in its file (the format from the
# extension), the exit status stays diff's, a failed run leaves the old
# file as it was, and a symbolic link is refused.
#   outputs.sh ARCHDOC SOURCE_DIR
set -eu
archdoc=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
old=$src/tests/diff/shop-v1.xml
new=$src/tests/diff/shop-v2.xml
fail() { echo "diff/outputs: $*"; exit 1; }

for ext in txt md json svg png pdf html; do
  rc=0
  "$archdoc" diff "$old" "$new" -o "$work/d.$ext" || rc=$?
  [ "$rc" -eq 1 ] || fail "-o d.$ext: exit $rc, expected 1 (differences)"
  [ -s "$work/d.$ext" ] || fail "-o d.$ext wrote nothing"
done
# each file holds its format
"$archdoc" diff "$old" "$new" >"$work/stdout.txt" || true
cmp -s "$work/d.txt" "$work/stdout.txt" || fail "-o d.txt differs from the text on standard output"
head -c 8 "$work/d.png" | od -An -c | tr -d ' \n' | grep -q '211PNG' || fail "d.png is not a PNG"
head -c 5 "$work/d.pdf" | grep -q '%PDF-' || fail "d.pdf is not a PDF"
head -n 1 "$work/d.svg" | grep -q '^<?xml' || fail "d.svg does not start with an XML declaration"
grep -q '^{' "$work/d.json" || fail "d.json is not JSON"
grep -q '^<!DOCTYPE html>' "$work/d.html" || fail "d.html is not HTML"
grep -q '<svg' "$work/d.html" || fail "d.html holds no picture"
grep -qi '<script' "$work/d.html" && fail "d.html holds a script"
# -f with a file name without extension
"$archdoc" diff "$old" "$new" -f md -o "$work/summary" || true
cmp -s "$work/summary" "$work/d.md" || fail "-f md -o summary differs from -o d.md"
# no differences: exit 0, and the file says so
"$archdoc" diff "$old" "$old" -o "$work/same.md" || fail "same models: exit $?, expected 0"
grep -q 'No changes.' "$work/same.md" || fail "same.md does not say 'No changes.'"
# a model with errors: exit 2, the old file untouched
cp "$work/d.md" "$work/keep.md"
rc=0
"$archdoc" diff "$old" "$src/tests/check/duplicate-id.xml" -o "$work/d.md" 2>/dev/null || rc=$?
[ "$rc" -eq 2 ] || fail "broken model: exit $rc, expected 2"
cmp -s "$work/d.md" "$work/keep.md" || fail "a failed diff changed d.md"
# a link is not followed
ln -s "$work/target.md" "$work/link.md"
rc=0
"$archdoc" diff "$old" "$new" -o "$work/link.md" 2>/dev/null || rc=$?
[ "$rc" -eq 2 ] || fail "-o a symbolic link: exit $rc, expected 2"
[ ! -e "$work/target.md" ] || fail "-o a symbolic link wrote through it"
echo "diff/outputs: every format written to its file"
