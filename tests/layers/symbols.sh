#!/bin/sh
# Link direction between the layers: each archdoc_ symbol a layer's object
# files leave undefined must be defined in that layer or in a layer below
# it. Usage: symbols.sh LAYER|BELOW,BELOW|OBJ|OBJ... (one argument per layer)
set -eu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
: >"$tmp/defined"
: >"$tmp/used"
for spec in "$@"; do
  layer=${spec%%|*}
  rest=${spec#*|}
  below=${rest%%|*}
  objects=$(printf '%s' "${rest#*|}" | tr '|' ' ')
  echo "$layer $below" >>"$tmp/below"
  for o in $objects; do
    # defined, global: "sym layer"; used: "layer file sym"
    nm -g --defined-only "$o" | awk -v l="$layer" '$3 ~ /^archdoc_/ { print $3, l }' >>"$tmp/defined"
    nm -u "$o" | awk -v l="$layer" -v f="${o##*/}" '$2 ~ /^archdoc_/ { print l, f, $2 }' >>"$tmp/used"
  done
done
test -s "$tmp/defined" || { echo "no archdoc_ symbols found: were the objects built?"; exit 1; }
awk '
  FILENAME ~ /below$/   { n = split($2, b, ","); for (i = 1; i <= n; i++) ok[$1 "," b[i]] = 1; next }
  FILENAME ~ /defined$/ { home[$1] = $2; next }
  {
    layer = $1; file = $2; sym = $3
    if (!(sym in home)) { printf "%s: %s uses %s, which no layer defines\n", layer, file, sym; bad = 1; next }
    if (home[sym] != layer && !((layer "," home[sym]) in ok)) {
      printf "%s: %s uses %s, defined in %s (not below %s)\n", layer, file, sym, home[sym], layer; bad = 1
    }
  }
  END { exit bad }
' "$tmp/below" "$tmp/defined" "$tmp/used"
echo "every layer uses only archdoc_ symbols of its own layer and the ones below"
