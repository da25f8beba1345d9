#!/bin/sh
# The published Genesys web table, end to end through the program: import,
# check, render (diagram and table), and the same 27 numbered connections
# come out as went in. Usage: end_to_end.sh ARCHDOC TESTS_DIR
set -u
archdoc=$1
tests=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export NO_COLOR=1 LC_ALL=C
fail=0
"$archdoc" import "$tests/import/genesys-web.md" -o "$work/genesys.xml" 2>"$work/import.err" ||
  { echo "FAIL: import"; cat "$work/import.err"; exit 1; }
grep -q '"Ingress" and "Ingress controller" may denote one component' "$work/import.err" ||
  { echo "FAIL: the report does not name Ingress / Ingress controller"; fail=1; }
"$archdoc" check "$work/genesys.xml" 2>"$work/check.err" || { echo "FAIL: check"; cat "$work/check.err"; fail=1; }
"$archdoc" render "$work/genesys.xml" -o "$work/out/" -f svg,md -q || { echo "FAIL: render"; exit 1; }
# the diagram: 27 connection groups numbered 1..27
n=$(grep -o '<g class="connection" id="genesys-web-connection-[0-9]*" data-n="[0-9]*"' "$work/out/genesys-web.svg" |
    sed 's/.*data-n="\([0-9]*\)"/\1/' | sort -n | tr '\n' ' ')
[ "$n" = "$(seq 1 27 | tr '\n' ' ')" ] || { echo "FAIL: diagram numbers: $n"; fail=1; }
# the table: the input's 27 rows, number, source, destination, protocol, port, classification
cut -d'|' -f1-6 "$tests/import/genesys-web.md" | grep -E '^[0-9]+ ' | sed 's/ *| */|/g; s/ *$//' >"$work/in.txt"
grep -E '^\| [0-9]+ ' "$work/out/genesys-web.md" | cut -d'|' -f2-7 | sed 's/ *| */|/g; s/^ *//; s/ *$//' >"$work/out.txt"
[ "$(wc -l <"$work/in.txt")" = 27 ] || { echo "FAIL: the fixture does not have 27 rows"; fail=1; }
cmp -s "$work/in.txt" "$work/out.txt" || { echo "FAIL: rows differ:"; diff "$work/in.txt" "$work/out.txt" | head; fail=1; }
exit $fail
