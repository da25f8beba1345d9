#!/bin/sh
# Automatic views (docs/render.md): render -o DIR of a model of more than
# 150 connections and no views writes the whole model's table, an overview
# and detail views split until each draws at most 40 lines (the files are
# auto-200.list: the synthetic model's two namespaces are too big, so each
# of their services gets its own view); --no-auto-views writes the whole
# model only.
#   auto.sh ARCHDOC GEN_MODEL LIST
set -eu
archdoc=$1
gen=$2
list=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
"$gen" 200 >"$work/big.xml"
"$gen" 100 >"$work/small.xml"
"$archdoc" render "$work/big.xml" -f md -o "$work/auto/" -q
(cd "$work/auto" && LC_ALL=C ls) >"$work/got.list"
diff -u "$list" "$work/got.list" || { echo "FAIL: the files differ from $list"; fail=1; }
id=$(sed -n 's/.*<architecture[^>]* id="\([^"]*\)".*/\1/p' "$work/big.xml" | head -n 1)
# every automatic view's drawing: at most 40 lines (one badge each), its
# numbers the rows of its table
"$archdoc" render "$work/big.xml" -f svg -o "$work/svg/" -q
for f in "$work"/svg/*.svg; do
  badges=$(grep -c 'class="badge"' "$f")
  [ "$badges" -le 40 ] || { echo "FAIL: $(basename "$f") draws $badges lines"; fail=1; }
  [ "$badges" -ge 1 ] || { echo "FAIL: $(basename "$f") draws nothing"; fail=1; }
done
[ "$(ls "$work/svg" | wc -l)" = "$(($(wc -l <"$list") - 1))" ] || { echo "FAIL: not one SVG per view"; fail=1; }
# a boundary whose id is "overview" gets its own files, not the overview's
sed 's/"svc0"/"overview"/g' "$work/big.xml" >"$work/clash.xml"
"$archdoc" render "$work/clash.xml" -f md -o "$work/clash/" -q
[ "$(ls "$work/clash" | wc -l)" = "$(wc -l <"$list")" ] || { echo "FAIL: a view's files replaced another's:"; ls "$work/clash"; fail=1; }
[ -f "$work/clash/$id.view-overview-2.md" ] || { echo "FAIL: no overview-2 for the boundary named overview"; fail=1; }
grep -q "Service 0" "$work/clash/$id.view-overview-2.md" || { echo "FAIL: overview-2 is not the boundary's view"; fail=1; }
# --view names an automatic view too: alone, it draws the bytes the folder
# has (the overview, and a detail view with its quick search), and table
# --view gives its table; an unknown id lists the automatic views
for v in overview svc1; do
  "$archdoc" render "$work/big.xml" -f svg -o "$work/one-$v.svg" -q --view "$v"
  cmp -s "$work/one-$v.svg" "$work/svg/$id.view-$v.svg" || {
    echo "FAIL: render --view $v differs from the folder's $id.view-$v.svg"; fail=1; }
  "$archdoc" table "$work/big.xml" --view "$v" >"$work/one-$v.md"
  cmp -s "$work/one-$v.md" "$work/auto/$id.view-$v.md" || {
    echo "FAIL: table --view $v differs from the folder's $id.view-$v.md"; fail=1; }
done
[ "$("$archdoc" complete views "$work/big.xml" | LC_ALL=C sort | tr '\n' ' ')" = \
  "$(sed -n "s/^$id\.view-\(.*\)\.md$/\1/p" "$list" | LC_ALL=C sort | tr '\n' ' ')" ] || {
  echo "FAIL: complete views does not list the automatic views"; fail=1; }
if "$archdoc" render "$work/big.xml" -f svg -o "$work/none.svg" --view nope 2>"$work/err"; then
  echo "FAIL: --view nope found a view"; fail=1
fi
grep -q "has no view 'nope' (its automatic views: overview, " "$work/err" || {
  echo "FAIL: the unknown view's message:"; cat "$work/err"; fail=1; }
# with a view of its own, a big model has no automatic ones
sed 's|</architecture>|<view id="mine" title="Mine"><include boundary="cluster"/></view></architecture>|' \
  "$work/big.xml" >"$work/own.xml"
if "$archdoc" render "$work/own.xml" -f svg -o "$work/own.svg" --view overview 2>/dev/null; then
  echo "FAIL: --view overview found an automatic view in a model with views"; fail=1
fi
"$archdoc" render "$work/own.xml" -f svg -o "$work/own.svg" -q --view mine || {
  echo "FAIL: the model's own view"; fail=1; }
"$archdoc" render "$work/big.xml" -f md -o "$work/whole/" -q --no-auto-views
[ "$(ls "$work/whole")" = "$id.md" ] || { echo "FAIL: --no-auto-views wrote:"; ls "$work/whole"; fail=1; }
# under the size, no automatic views
"$archdoc" render "$work/small.xml" -f md -o "$work/small/" -q
[ "$(ls "$work/small" | wc -l)" = 1 ] || { echo "FAIL: a small model got views:"; ls "$work/small"; fail=1; }
exit $fail
