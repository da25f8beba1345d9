#!/bin/sh
# render -f dot exports the settings its layout used (rankdir, newrank,
# ranksep, nodesep, ratio, rank=same groups, edge lengths), so that dot lays the
# exported DOT out as archdoc did: the benchmark's comparison is fair.
#   dot_export.sh ARCHDOC EXAMPLE
set -eu
archdoc=$1
example=$2
out=$("$archdoc" render -f dot -o - "$example")
fail=0
for want in 'rankdir=TB' 'newrank=true' 'ranksep=0.3' 'nodesep=0.3' 'ratio=0.55' 'rank=same'; do
  if ! printf '%s\n' "$out" | grep -q "$want"; then
    echo "the exported DOT lacks $want" >&2
    fail=1
  fi
done
# the positions stay: every component has one
if ! printf '%s\n' "$out" | grep -q 'pos="'; then
  echo "the exported DOT lost its positions" >&2
  fail=1
fi
exit $fail
