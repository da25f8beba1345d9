#!/bin/sh
# Extract each ```xml block of docs/*.md that holds a whole model and check it.
# Usage: example_models.sh ARCHDOC DOCS_DIR
set -eu
archdoc=$1
docs=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
count=0
for md in "$docs"/*.md; do
  awk -v dir="$work" -v base="$(basename "$md" .md)" '
    /^```xml[ \t]*$/ { inblock = 1; n++; file = dir "/" base "-" n ".xml"; next }
    /^```[ \t]*$/ && inblock { inblock = 0; close(file); next }
    inblock { print > file }
  ' "$md"
done
for f in "$work"/*.xml; do
  [ -e "$f" ] || continue
  grep -q "<architecture" "$f" || continue
  count=$((count + 1))
  if ! NO_COLOR=1 "$archdoc" check "$f" 2>"$work/err"; then
    echo "$f (from docs) does not check:"; cat "$work/err"; exit 1
  fi
  if ! grep -qx "0 errors, 0 warnings" "$work/err"; then
    echo "$f (from docs) has warnings:"; cat "$work/err"; exit 1
  fi
done
test "$count" -gt 0 || { echo "no example models found in $docs"; exit 1; }
echo "$count example models check cleanly"
