#!/bin/sh
# archdoc diff --git REV MODEL in a real repository: the model as committed
# at REV against the working copy, from the repository's root and from a
# folder inside it; outside a repository, an unknown revision and a
# revision that looks like an option are errors (exit 2).
#   git.sh ARCHDOC SOURCE_DIR
set -eu
archdoc=$1
src=$2
command -v git >/dev/null 2>&1 || { echo "diff/git: skipped: git is not installed"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "diff/git: $*"; exit 1; }
export GIT_CONFIG_NOSYSTEM=1 HOME="$work" LC_ALL=C
mkdir -p "$work/repo/docs"
cd "$work/repo"
git init -q .
git config user.email ci@example.invalid
git config user.name CI
cp "$src/tests/diff/shop-v1.xml" docs/shop.xml
git add docs/shop.xml
git commit -qm v1
cp "$src/tests/diff/shop-v2.xml" docs/shop.xml

"$archdoc" diff "$src/tests/diff/shop-v1.xml" docs/shop.xml >"$work/files.txt" || true
rc=0
"$archdoc" diff --git HEAD docs/shop.xml >"$work/git.txt" || rc=$?
[ "$rc" -eq 1 ] || fail "--git HEAD: exit $rc, expected 1"
cmp -s "$work/files.txt" "$work/git.txt" || { diff "$work/files.txt" "$work/git.txt"; fail "--git HEAD differs from the diff of the two files"; }
# from a folder inside the repository, with a path relative to it
(cd docs && "$archdoc" diff --git HEAD shop.xml >"$work/sub.txt") || true
cmp -s "$work/files.txt" "$work/sub.txt" || fail "--git HEAD from docs/ differs"
# the Markdown names the old side REV:PATH
"$archdoc" diff --git HEAD docs/shop.xml -f md >"$work/git.md" || true
grep -q '^From HEAD:docs/shop.xml to docs/shop.xml.$' "$work/git.md" || { cat "$work/git.md"; fail "-f md does not name HEAD:docs/shop.xml"; }
# committed: no difference
git commit -qam v2
"$archdoc" diff --git HEAD docs/shop.xml >/dev/null || fail "--git HEAD after the commit: exit $?, expected 0"
rc=0
"$archdoc" diff --git HEAD~1 docs/shop.xml >/dev/null || rc=$?
[ "$rc" -eq 1 ] || fail "--git HEAD~1: exit $rc, expected 1"

for rev in no-such-branch --output=x HEAD:other; do
  rc=0
  "$archdoc" diff --git "$rev" docs/shop.xml >/dev/null 2>"$work/err" || rc=$?
  [ "$rc" -eq 2 ] || fail "--git $rev: exit $rc, expected 2"
  grep -q '^archdoc: diff: --git' "$work/err" || { cat "$work/err"; fail "--git $rev: no message"; }
done
[ ! -e x ] || fail "--git --output=x was read as an option"
# a file that did not exist at the revision
cp docs/shop.xml docs/new.xml
rc=0
"$archdoc" diff --git HEAD docs/new.xml >/dev/null 2>"$work/err" || rc=$?
[ "$rc" -eq 2 ] || fail "--git HEAD on a new file: exit $rc, expected 2"
# outside a repository
mkdir "$work/plain"
cp docs/shop.xml "$work/plain/shop.xml"
rc=0
(cd "$work/plain" && GIT_CEILING_DIRECTORIES="$work" "$archdoc" diff --git HEAD shop.xml >/dev/null 2>"$work/err") || rc=$?
[ "$rc" -eq 2 ] || fail "outside a repository: exit $rc, expected 2"
grep -q 'not a git repository' "$work/err" || { cat "$work/err"; fail "outside a repository: git's reason not reported"; }
echo "diff/git: --git reads the committed model; errors exit 2"
