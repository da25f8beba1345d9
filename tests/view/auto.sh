#!/bin/sh
# Automatic views (docs/render.md): render -o DIR of a model of more than
# 150 connections and no views writes the whole model's table, an overview
# and one view per boundary of the first level holding two or more;
# --no-auto-views writes the whole model only.
#   auto.sh ARCHDOC GEN_MODEL
set -eu
archdoc=$1
gen=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
"$gen" 200 >"$work/big.xml"
"$gen" 100 >"$work/small.xml"
"$archdoc" render "$work/big.xml" -f md -o "$work/auto/" -q
namespaces=$(grep -c 'kind="namespace"' "$work/big.xml")
expect=$((namespaces + 2))   # the model's table, the overview, one per namespace
got=$(ls "$work/auto" | wc -l)
[ "$got" = "$expect" ] || { echo "FAIL: $got files, expected $expect:"; ls "$work/auto"; fail=1; }
id=$(sed -n 's/.*<architecture[^>]* id="\([^"]*\)".*/\1/p' "$work/big.xml" | head -n 1)
for f in "$id.md" "$id.view-overview.md" "$id.view-ns0.md"; do
  [ -f "$work/auto/$f" ] || { echo "FAIL: $f missing"; fail=1; }
done
# no diagram of the whole model with automatic views
"$archdoc" render "$work/big.xml" -f svg -o "$work/svg/" -q --view overview 2>/dev/null && {
  echo "FAIL: --view overview found a view the model does not declare"; fail=1; }
"$archdoc" render "$work/big.xml" -f md -o "$work/whole/" -q --no-auto-views
[ "$(ls "$work/whole")" = "$id.md" ] || { echo "FAIL: --no-auto-views wrote:"; ls "$work/whole"; fail=1; }
# under the size, no automatic views
"$archdoc" render "$work/small.xml" -f md -o "$work/small/" -q
[ "$(ls "$work/small" | wc -l)" = 1 ] || { echo "FAIL: a small model got views:"; ls "$work/small"; fail=1; }
exit $fail
