#!/bin/sh
# output/genesys-pulse.diff.{svg,png,html} are what scripts/setup makes of
# the example and tests/diff/genesys-pulse-changed.xml today (as
# render --check does for the renders): a change to the diff's picture
# must come with the regenerated files.
#   fresh.sh ARCHDOC SOURCE_DIR
set -eu
archdoc=$1
cd "$2"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for f in svg png html; do
  rc=0
  "$archdoc" diff model/genesys-pulse.xml tests/diff/genesys-pulse-changed.xml -o "$work/d.$f" || rc=$?
  [ "$rc" -eq 1 ] || { echo "diff/output-fresh: archdoc diff -o d.$f: exit $rc, expected 1"; exit 1; }
  if ! cmp -s "$work/d.$f" "output/genesys-pulse.diff.$f"; then
    echo "diff/output-fresh: output/genesys-pulse.diff.$f is stale: run sh scripts/setup (or archdoc diff" \
      "model/genesys-pulse.xml tests/diff/genesys-pulse-changed.xml -o output/genesys-pulse.diff.$f)"
    status=1
  fi
done
[ "$status" -ne 0 ] || echo "diff/output-fresh: output/genesys-pulse.diff.svg, .png, .html are current"
exit $status
