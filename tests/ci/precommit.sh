#!/bin/sh
# The pre-commit hooks of .pre-commit-hooks.yaml, run by pre-commit itself
# on real commits: a repository of hooks made from this checkout's file,
# a project whose .pre-commit-config.yaml points at it (rev: its commit),
# `pre-commit install`, then `git commit` of
#   1. a good model with its renders: both hooks pass, the commit is made;
#   2. a broken model: archdoc-check fails with archdoc's diagnostic, no commit;
#   3. a changed model without new renders: archdoc-render-check fails
#      naming the stale outputs, no commit.
# Usage: precommit.sh ARCHDOC SOURCE_DIR
# Exit 77 (SKIP) when pre-commit or git is not installed.
set -eu
archdoc=$1
src=$2
for tool in git pre-commit; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "SKIP: $tool is not installed (Debian 12 package $tool; scripts/test installs it)"
    exit 77
  fi
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "$*"; exit 1; }
mkdir "$work/bin" "$work/home"
ln -s "$archdoc" "$work/bin/archdoc"
export PATH="$work/bin:$PATH" HOME="$work/home" PRE_COMMIT_HOME="$work/cache" NO_COLOR=1 \
  GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@example.org \
  GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@example.org
git config --global init.defaultBranch main
git config --global commit.gpgsign false

# the hooks, as this checkout has them
git init -q "$work/hooks"
cp "$src/.pre-commit-hooks.yaml" "$work/hooks/"
git -C "$work/hooks" add .pre-commit-hooks.yaml
git -C "$work/hooks" commit -qm hooks
rev=$(git -C "$work/hooks" rev-parse HEAD)

# a project that uses them, configured as docs/ci.md says
p=$work/project
git init -q "$p"
# the configuration docs/ci.md shows, pointed at the hooks repository
awk '/^```yaml/ { on = 1; buf = ""; next } /^```/ && on { on = 0; if (buf ~ /repos:/) { printf "%s", buf; exit } } on { buf = buf $0 "\n" }' \
  "$src/docs/ci.md" | sed "s|^\(  - repo: \).*|\1$work/hooks|; s|^\(    rev: \).*|\1$rev|" >"$p/.pre-commit-config.yaml"
grep -q "repo: $work/hooks" "$p/.pre-commit-config.yaml" || fail "no pre-commit configuration in docs/ci.md"
cd "$p"
pre-commit install >/dev/null
mkdir model
cp "$src/model/genesys-pulse.xml" model/
archdoc render model/genesys-pulse.xml -o output/ -q
git add -A

# 1. good: both hooks pass
git commit -m "good model" >"$work/1.log" 2>&1 || { cat "$work/1.log"; fail "1: the commit of a good model failed"; }
grep -Eq '^archdoc check\.+Passed' "$work/1.log" || { cat "$work/1.log"; fail "1: archdoc-check did not pass"; }
grep -Eq '^archdoc render --check\.+Passed' "$work/1.log" || { cat "$work/1.log"; fail "1: archdoc-render-check did not pass"; }
head=$(git rev-parse HEAD)

# 2. broken: archdoc-check fails with the diagnostic, nothing committed
cp "$src/tests/check/duplicate-id.xml" model/broken.xml
git add model/broken.xml
if git commit -m "broken model" >"$work/2.log" 2>&1; then cat "$work/2.log"; fail "2: a broken model was committed"; fi
[ "$(git rev-parse HEAD)" = "$head" ] || fail "2: HEAD moved"
grep -Eq '^archdoc check\.+Failed' "$work/2.log" || { cat "$work/2.log"; fail "2: archdoc-check did not fail"; }
sed 's|^check/duplicate-id\.xml:|model/broken.xml:|' "$src/tests/check/duplicate-id.err" >"$work/2.expected"
while IFS= read -r line; do
  grep -qxF "$line" "$work/2.log" || { cat "$work/2.log"; fail "2: the hook's output lacks: $line"; }
done <"$work/2.expected"
git rm -q --cached model/broken.xml
rm model/broken.xml

# 3. stale renders: the model changes, output/ does not
sed -i 's|title="Genesys Pulse private edition"|title="Genesys Pulse (changed)"|' model/genesys-pulse.xml
grep -q 'Genesys Pulse (changed)' model/genesys-pulse.xml || fail "3: the model's title was not found to change"
git add model/genesys-pulse.xml
if git commit -m "stale renders" >"$work/3.log" 2>&1; then cat "$work/3.log"; fail "3: a model with stale renders was committed"; fi
[ "$(git rev-parse HEAD)" = "$head" ] || fail "3: HEAD moved"
grep -Eq '^archdoc check\.+Passed' "$work/3.log" || { cat "$work/3.log"; fail "3: archdoc-check did not pass"; }
grep -Eq '^archdoc render --check\.+Failed' "$work/3.log" || { cat "$work/3.log"; fail "3: archdoc-render-check did not fail"; }
grep -qx 'output/genesys-pulse.svg: differs from what render would write' "$work/3.log" ||
  { cat "$work/3.log"; fail "3: the stale SVG is not named"; }
echo "pre-commit $(pre-commit --version | sed 's/^pre-commit //'): good model committed; broken model and stale renders refused with archdoc's messages"
