#!/bin/sh
# Numbers are identity (docs/model-format.md, "Views"): render -o DIR writes
# the model and every view (MODEL.view-ID.EXT); in each view's SVG the
# connection numbers are exactly the rows of its table, and a subset of the
# model's numbers, which no view renumbers.
#   numbers.sh ARCHDOC MODEL...
set -eu
archdoc=$1
shift
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
for model in "$@"; do
  rm -rf "$work/out"
  "$archdoc" render "$model" -f svg,csv -o "$work/out/" -q
  id=$(sed -n 's/.*<architecture[^>]* id="\([^"]*\)".*/\1/p' "$model" | head -n 1)
  # the model's numbers, from its own table
  tail -n +2 "$work/out/$id.csv" | cut -d, -f1 | sort >"$work/all"
  views=$(sed -n 's/.*<view id="\([^"]*\)".*/\1/p' "$model")
  [ -n "$views" ] || { echo "$model: no views" >&2; fail=1; }
  for v in $views; do
    svg="$work/out/$id.view-$v.svg"
    csv="$work/out/$id.view-$v.csv"
    for f in "$svg" "$csv"; do
      [ -f "$f" ] || { echo "missing: $(basename "$f")" >&2; fail=1; continue 2; }
    done
    grep -o "id=\"$id-connection-[0-9]*\"" "$svg" | sed 's/.*-\([0-9]*\)"/\1/' | sort >"$work/svg"
    tail -n +2 "$csv" | cut -d, -f1 | sort >"$work/rows"
    if ! cmp -s "$work/svg" "$work/rows"; then
      echo "$model view $v: the diagram's numbers are not the table's rows" >&2
      diff "$work/svg" "$work/rows" >&2 || true
      fail=1
    fi
    if [ ! -s "$work/rows" ] || [ -n "$(comm -23 "$work/rows" "$work/all")" ]; then
      echo "$model view $v: rows empty or not among the model's numbers" >&2
      fail=1
    fi
  done
done
exit $fail
