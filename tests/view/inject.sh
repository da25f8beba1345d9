#!/bin/sh
# inject markers take view=ID: the view's table and diagram, the model's
# numbers; a view the model lacks is an error at the marker, nothing written.
#   inject.sh ARCHDOC VIEW_DIR   (ARCHDOC_UPDATE_GOLDEN=1 rewrites the golden)
set -u
archdoc=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
cp "$src/views.xml" "$work/"
cd "$work" || exit 2
cat >doc.md <<'DOC'
# Checkout

<!-- archdoc:diagram model=views.xml view=collapse src=img/checkout.svg -->
<!-- /archdoc:diagram -->

<!-- archdoc:table model=views.xml view=depth columns=number,source,destination -->
<!-- /archdoc:table -->
DOC
mkdir img
"$archdoc" inject doc.md 2>err
[ $? = 0 ] || { echo "FAIL: inject failed:"; cat err; fail=1; }
if [ -n "${ARCHDOC_UPDATE_GOLDEN:-}" ]; then
  cp doc.md "$src/inject.md"
elif ! cmp -s doc.md "$src/inject.md"; then
  echo "FAIL: doc.md differs:"; diff -u "$src/inject.md" doc.md; fail=1
fi
grep -q 'id="shop-connection-3"' img/checkout.svg || { echo "FAIL: the view's SVG lacks connection 3"; fail=1; }
grep -q 'id="shop-connection-2"' img/checkout.svg && { echo "FAIL: connection 2 is inside the collapsed boundary"; fail=1; }
# an unknown view: error at the marker, nothing written
cat >bad.md <<'DOC'
<!-- archdoc:table model=views.xml view=nope -->
<!-- /archdoc:table -->
DOC
cp bad.md bad.before
"$archdoc" inject bad.md 2>err
[ $? = 1 ] || { echo "FAIL: an unknown view did not fail"; fail=1; }
grep -q 'bad.md:1:1: error: view="nope" in archdoc:table marker: views.xml has no such view' err ||
  { echo "FAIL: message:"; cat err; fail=1; }
cmp -s bad.md bad.before || { echo "FAIL: bad.md was changed"; fail=1; }
exit $fail
