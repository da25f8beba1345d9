#!/bin/sh
# render --check of outputs that are up to date prints nothing and exits 0,
# also for a model whose layout makes Graphviz complain.
# Usage: check_quiet.sh ARCHDOC MODEL
set -u
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$1" render "$2" -f svg,md -o "$work/" -q 2>"$work/first.err" || { echo "FAIL: render: exit $?"; cat "$work/first.err"; exit 1; }
"$1" render "$2" -f svg,md -o "$work/" --check >"$work/out" 2>"$work/err"
rc=$?
if [ $rc -ne 0 ] || [ -s "$work/out" ] || [ -s "$work/err" ]; then
  echo "FAIL: render --check: exit $rc, expected 0 and no output; stdout:"; cat "$work/out"
  echo "stderr:"; cat "$work/err"; exit 1
fi
echo "ok: render --check quiet"
