#!/bin/sh
# archdoc inject, end to end, on copies of the fixtures in a scratch folder.
# Usage: run.sh ARCHDOC FIXTURE_DIR   (ARCHDOC_UPDATE_GOLDEN=1 rewrites goldens)
set -u
archdoc=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export NO_COLOR=1 LC_ALL=C
fail=0
cp "$src"/*.md "$src"/shop.xml "$work/"
mkdir -p "$work/img"
cd "$work" || exit 2

golden() { # golden NAME FILE: compare FILE with expected/NAME
  if [ -n "${ARCHDOC_UPDATE_GOLDEN:-}" ]; then
    cp "$2" "$src/expected/$1"
  elif ! cmp -s "$2" "$src/expected/$1"; then
    echo "FAIL: $2 differs from expected/$1:"; diff -u "$src/expected/$1" "$2" | head -40; fail=1
  fi
}
expect_exit() { # expect_exit CODE GOT WHAT
  if [ "$1" != "$2" ]; then echo "FAIL: $3: exit $2, expected $1"; fail=1; fi
}

# --check on the stale documents: a diff on stdout, exit 1, nothing written
"$archdoc" inject --check doc.md crlf.md >check.out 2>check.err
expect_exit 1 $? "inject --check on stale documents"
golden doc.check.out check.out
cmp -s doc.md "$src/doc.md" || { echo "FAIL: --check changed doc.md"; fail=1; }
test -e img/shop.svg && { echo "FAIL: --check wrote the SVG"; fail=1; }

# inject: regions regenerated, the rest byte for byte, the SVG written
"$archdoc" inject doc.md crlf.md >out 2>err
expect_exit 0 $? "inject"
golden doc.md doc.md
golden crlf.md crlf.md
test -s img/shop.svg || { echo "FAIL: img/shop.svg not written"; fail=1; }
test -s err && { echo "FAIL: inject printed:"; cat err; fail=1; }

# a second run changes nothing: same bytes, same mtime, --check clean
touch -d '2001-01-01 00:00:00' doc.md img/shop.svg
"$archdoc" inject doc.md >out 2>err
expect_exit 0 $? "second inject"
test "$(stat -c %Y doc.md)" = "$(date -d '2001-01-01 00:00:00' +%s)" || { echo "FAIL: second run rewrote doc.md"; fail=1; }
test "$(stat -c %Y img/shop.svg)" = "$(date -d '2001-01-01 00:00:00' +%s)" || { echo "FAIL: second run rewrote the SVG"; fail=1; }
"$archdoc" inject --check doc.md crlf.md >out 2>err
expect_exit 0 $? "inject --check after inject"
test -s out && { echo "FAIL: --check after inject printed:"; cat out; fail=1; }

# marker errors: exact diagnostics, nothing written
cp unbalanced.md unbalanced.orig
"$archdoc" inject unbalanced.md >out 2>err
expect_exit 1 $? "unbalanced markers"
golden unbalanced.err err
cmp -s unbalanced.md unbalanced.orig || { echo "FAIL: unbalanced.md was changed"; fail=1; }
"$archdoc" inject unclosed.md >out 2>err
expect_exit 1 $? "unclosed marker"
golden unclosed.err err
"$archdoc" inject badmodel.md >out 2>err
expect_exit 2 $? "missing model"
golden badmodel.err err
"$archdoc" inject nosuch.md >out 2>err
expect_exit 2 $? "missing document"

# docs/inject.md shows markers only inside code: inject leaves it alone
cp "$src/../../docs/inject.md" page.md
"$archdoc" inject --check page.md >out 2>err
expect_exit 0 $? "inject --check on docs/inject.md"
test -s out && { echo "FAIL: docs/inject.md would change:"; cat out; fail=1; }

exit $fail
