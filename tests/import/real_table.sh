#!/bin/sh
# Issue 14's end-to-end line: one table shaped like the vendor tables
# (real-table.md: a packed "Source and Destination" column, a row-span gap
# in Markdown, a list cell, a row naming one end, no number column) gives
# a model that `check --werror` accepts once its placeholder is named, and
# whose table shows every row with its number; the list cell is one
# connection with two sources.
# Usage: real_table.sh ARCHDOC TESTS_DIR
set -u
archdoc=$1
tests=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export NO_COLOR=1 LC_ALL=C
fail=0
"$archdoc" import "$tests/import/real-table.md" -o "$work/m.xml" 2>"$work/import.err" ||
  { echo "FAIL: import"; cat "$work/import.err"; exit 1; }
# the placeholder fails the strict check ...
if "$archdoc" check --werror "$work/m.xml" 2>"$work/check1.err"; then
  echo "FAIL: check --werror accepts a model with a placeholder"; fail=1
fi
grep -q '\[placeholder\]$' "$work/check1.err" || { echo "FAIL: no placeholder rule:"; cat "$work/check1.err"; fail=1; }
[ "$(grep -c 'error:' "$work/check1.err")" = 1 ] || { echo "FAIL: more than the placeholder:"; cat "$work/check1.err"; fail=1; }
# ... until someone names it: that is the only edit
n=$(grep -c 'placeholder="true"' "$work/m.xml")
[ "$n" = 1 ] || { echo "FAIL: $n placeholders, expected 1"; fail=1; }
sed 's/title="Unknown destination of connection 6" kind="service" placeholder="true"/title="Probe collector" kind="service"/' \
  "$work/m.xml" >"$work/named.xml"
"$archdoc" check --werror "$work/named.xml" 2>"$work/check2.err" ||
  { echo "FAIL: check --werror after naming the placeholder:"; cat "$work/check2.err"; fail=1; }
grep -q '<connection n="5" from="me rm" to="config-db"' "$work/named.xml" ||
  { echo "FAIL: the list cell is not one connection from me and rm"; fail=1; }
# every row with its number, in order: the four directions of the two
# packed rows, the list cell (one row naming both sources), the named
# placeholder
"$archdoc" table "$work/named.xml" >"$work/table.md" || { echo "FAIL: table"; fail=1; }
cat >"$work/want.md" <<'WANT'
| \# | Source and Destination | Protocol | Port | Data |
| --- | --- | --- | --- | --- |
| 1 | Agents -> Ingress Controller | HTTPS | 443 | Desktop traffic, both ways. |
| 2 | Ingress Controller -> Agents | HTTPS | 443 | Desktop traffic, both ways. |
| 3 | Agents -> Ingress Controller | WSS | 443 | Live updates, both ways. |
| 4 | Ingress Controller -> Agents | WSS | 443 | Live updates, both ways. |
| 5 | ME, RM -> Config DB | TCP | 5432 | Settings reads. |
| 6 | Probes -> Probe collector | UDP | 5060 | Captured signalling. |
WANT
cmp -s "$work/want.md" "$work/table.md" || { echo "FAIL: table differs:"; diff "$work/want.md" "$work/table.md"; fail=1; }
exit $fail
