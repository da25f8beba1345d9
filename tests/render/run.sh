#!/bin/sh
# archdoc render, the main job, end to end in a scratch folder: several
# formats and models, unchanged files left alone, --check, failures that
# leave every earlier output byte-identical, and --watch.
# Usage: run.sh ARCHDOC PROJECT_DIR
set -u
archdoc=$1
project=$2
work=$(mktemp -d)
trap 'kill "$watcher" 2>/dev/null; rm -rf "$work"' EXIT
watcher=
export NO_COLOR=1 LC_ALL=C
fail=0
cd "$work" || exit 2
cp "$project/model/genesys-pulse.xml" pulse.xml
cp "$project/tests/inject/shop.xml" shop.xml
cp "$project/tests/check/duplicate-id.xml" broken.xml

check() { # check WHAT EXPECTED_EXIT GOT
  if [ "$2" != "$3" ]; then echo "FAIL: $1: exit $3, expected $2"; fail=1; fi
}
same_tree() { # same_tree DIR SNAPSHOT: byte-identical, no leftovers
  if ! diff -r "$1" "$2" >/dev/null; then echo "FAIL: $1 changed:"; diff -r "$1" "$2" | head; fail=1; fi
}

# the default formats of two models into a new folder
"$archdoc" render pulse.xml shop.xml -o out >log 2>&1
check "render two models" 0 $?
for f in genesys-pulse.svg genesys-pulse.png genesys-pulse.md genesys-pulse.html \
         genesys-pulse.view-edge.svg genesys-pulse.view-dcu.md genesys-pulse.view-overview.html \
         shop.svg shop.png shop.md shop.html; do
  test -s "out/$f" || { echo "FAIL: out/$f missing"; fail=1; }
done
grep -q "out/genesys-pulse.svg: created" log || { echo "FAIL: no 'created' line:"; cat log; fail=1; }
head -c 8 out/shop.png | od -An -tx1 | grep -q "89 50 4e 47 0d 0a 1a 0a" || { echo "FAIL: shop.png is not a PNG"; fail=1; }
ls -A out | grep -q '^\.' && { echo "FAIL: temporaries left in out/"; ls -A out; fail=1; }

# unchanged files are not rewritten: their mtime stays
touch -d '2001-01-01 00:00:00' out/*
"$archdoc" render pulse.xml shop.xml -o out/ >log 2>&1
check "second render" 0 $?
for f in out/*; do
  test "$(stat -c %Y "$f")" = "$(date -d '2001-01-01 00:00:00' +%s)" || { echo "FAIL: $f rewritten"; fail=1; }
done
# 4 formats of the example and its 3 views, 4 of shop
test "$(grep -c ': unchanged$' log)" = 20 || { echo "FAIL: expected 20 unchanged:"; cat log; fail=1; }

# --check: clean, then stale
"$archdoc" render pulse.xml shop.xml -o out --check >out.txt 2>err.txt
check "--check on current outputs" 0 $?
test -s out.txt && { echo "FAIL: --check printed:"; cat out.txt; fail=1; }
echo "stale" >> out/shop.md
rm out/genesys-pulse.png
cp -r out snapshot
"$archdoc" render pulse.xml shop.xml -o out --check >out.txt 2>err.txt
check "--check on stale outputs" 1 $?
printf 'out/genesys-pulse.png: missing\nout/shop.md: differs from what render would write\n' >expected.txt
cmp -s out.txt expected.txt || { echo "FAIL: --check output:"; cat out.txt; fail=1; }
same_tree out snapshot

# a failing render replaces nothing: an invalid model among valid ones...
"$archdoc" render pulse.xml shop.xml broken.xml -o out >log 2>&1
check "render with an invalid model" 1 $?
grep -q "duplicate-id" log || { echo "FAIL: no diagnostic:"; cat log; fail=1; }
same_tree out snapshot
# ...an output path that cannot be written (a folder where a file goes)...
rm out/shop.html && mkdir out/shop.html && rm -rf snapshot && cp -r out snapshot
"$archdoc" render pulse.xml shop.xml -o out >log 2>&1
check "render onto a folder" 2 $?
grep -q "out/shop.html: is a folder, not a regular file" log || { echo "FAIL: message:"; cat log; fail=1; }
same_tree out snapshot
rmdir out/shop.html && rm -rf snapshot && cp -r out snapshot
# ...an output folder that cannot be created (its parent is a file)
echo file > notadir
"$archdoc" render shop.xml -o notadir/sub/ >log 2>&1
check "render under a file" 2 $?
grep -q "cannot create the output folder" log || { echo "FAIL: message:"; cat log; fail=1; }
# ...and a model that does not exist
"$archdoc" render shop.xml missing.xml -o out >log 2>&1
check "render with a missing model" 2 $?
same_tree out snapshot

# one model, one format: a file, standard output, or the extension's format
"$archdoc" render shop.xml -f md -o shop-table.md >log 2>&1
check "-o FILE" 0 $?
cmp -s shop-table.md out/shop.md 2>/dev/null || "$archdoc" table shop.xml | cmp -s - shop-table.md || { echo "FAIL: -o FILE differs from archdoc table"; fail=1; }
"$archdoc" render shop.xml -f svg -o - >stdout.svg 2>log
check "-o -" 0 $?
head -c 5 stdout.svg | grep -q '<?xml' || { echo "FAIL: -o - did not write the SVG"; fail=1; }
"$archdoc" render shop.xml -o picture.pdf >log 2>&1
check "-o FILE.pdf picks pdf" 0 $?
head -c 4 picture.pdf | grep -q '%PDF' || { echo "FAIL: picture.pdf is not a PDF"; fail=1; }
# cairo stamps PDFs with the time: a second later, the bytes must still agree
sleep 1.1
"$archdoc" render shop.xml -o picture2.pdf >log 2>&1
cmp -s picture.pdf picture2.pdf || { echo "FAIL: two renders of one model give different PDFs"; fail=1; }
# a device is not a regular file: refused (standard output is -o -)
"$archdoc" render shop.xml -f svg -o /dev/null >log 2>&1
check "-o /dev/null" 2 $?
grep -q "^archdoc: /dev/null: is not a regular file (a character device)" log || { echo "FAIL: message:"; cat log; fail=1; }
test -c /dev/null || { echo "FAIL: /dev/null is no longer a device"; fail=1; }
"$archdoc" render shop.xml >log 2>&1
check "no -o with several formats" 2 $?
"$archdoc" render shop.xml pulse.xml -o - >log 2>&1
check "-o - with two models" 2 $?
"$archdoc" render shop.xml -f svg,bogus -o out >log 2>&1
check "unknown format" 2 $?
cp shop.xml shop2.xml
"$archdoc" render shop.xml shop2.xml -o twins >log 2>&1
check "two models with one id" 2 $?
test -e twins && { echo "FAIL: twins/ created for a refused render"; fail=1; }

# a PNG over the pixel budget: exit 1, the limit's message, nothing written
# (the other formats of the same render included)
cp "$project/tests/render/png-budget.xml" budget.xml
"$archdoc" render budget.xml -o budget.png >log 2>&1
check "PNG over the budget" 1 $?
grep -q "^budget.xml: error: the PNG would be .* over the limit of 40 megapixels .*\[limit\]$" log || { echo "FAIL: message:"; cat log; fail=1; }
test -e budget.png && { echo "FAIL: budget.png written"; fail=1; }
"$archdoc" render budget.xml -f md,png -o budget-out >log 2>&1
check "PNG over the budget, with md" 1 $?
test -n "$(ls -A budget-out 2>/dev/null)" && { echo "FAIL: written: $(ls -A budget-out)"; fail=1; }
ls -A . | grep -q '^\.' && { echo "FAIL: temporaries left: $(ls -A .)"; fail=1; }

# --watch: renders, renders again on change, survives errors, ends on SIGINT
rm -rf w && mkdir w && cp shop.xml w/m.xml
"$archdoc" render w/m.xml -o w/out/ -f md --watch >watch.log 2>&1 &
watcher=$!
wait_for() { # wait_for FILE PATTERN: up to 10 s
  i=0
  while [ $i -lt 100 ]; do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; i=$((i + 1)); done
  echo "FAIL: timed out waiting for '$2' in $1:"; cat "$1"; fail=1; return 1
}
wait_for watch.log "waiting for changes"
sed 's/Shoppers/Customers/' shop.xml > w/m.new && mv w/m.new w/m.xml
wait_for w/out/shop.md "Customers"
echo "<broken" > w/m.xml
wait_for watch.log "render failed, existing outputs kept"
grep -q "Customers" w/out/shop.md || { echo "FAIL: a failed render changed the output"; fail=1; }
kill -INT "$watcher"
wait "$watcher"
check "--watch ended by SIGINT" 130 $?
watcher=
grep -q "interrupted; existing outputs are intact" watch.log || { echo "FAIL: no interrupt message"; cat watch.log; fail=1; }
ls -A w/out | grep -q '^\.' && { echo "FAIL: temporaries left in w/out"; fail=1; }

exit $fail
