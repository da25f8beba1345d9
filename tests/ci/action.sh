#!/bin/sh
# The GitHub composite action (action.yml), each step's script run here as
# the runner runs it (run_action.py) in a workspace that is a git
# repository of a project with two versions of a model:
#   A. install: source - archdoc built from the action's own checkout
#      (this source tree) and installed under RUNNER_TEMP; the checks pass
#      and the job summary holds the diff against the pull request's base;
#   B. install: installed - the archdoc under test; a render deleted from
#      output/: the drift step fails naming it;
#   C. a broken model: the check step fails with archdoc's diagnostic.
# Usage: action.sh ARCHDOC SOURCE_DIR
# Exit 77 (SKIP) without git, python3 or its yaml module (python3-yaml).
set -eu
archdoc=$1
src=$2
command -v git >/dev/null 2>&1 || { echo "SKIP: git is not installed"; exit 77; }
python3 -c 'import yaml' 2>/dev/null || { echo "SKIP: python3 with yaml is not installed (Debian: python3-yaml; scripts/test installs it)"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "$*"; exit 1; }
mkdir "$work/bin"
ln -s "$archdoc" "$work/bin/archdoc"
export NO_COLOR=1 GIT_CONFIG_NOSYSTEM=1 HOME="$work" GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@example.org \
  GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@example.org

# the project: model/shop.xml at the base, changed at the head with its
# renders and a document whose table is current
ws=$work/ws
git init -q "$ws"
mkdir "$ws/model" "$ws/docs"
cp "$src/tests/diff/shop-v1.xml" "$ws/model/shop.xml"
git -C "$ws" add -A
git -C "$ws" commit -qm base
base=$(git -C "$ws" rev-parse HEAD)
cp "$src/tests/diff/shop-v2.xml" "$ws/model/shop.xml"
printf '# Shop\n\n<!-- archdoc:table model=../model/shop.xml -->\n<!-- /archdoc:table -->\n' >"$ws/docs/arch.md"
(cd "$ws" && "$archdoc" render model/shop.xml -o output/ -q && "$archdoc" inject docs/arch.md >/dev/null)
git -C "$ws" add -A
git -C "$ws" commit -qm head

run() { # run SCENARIO INPUT=VALUE...: the action in a fresh copy of the workspace
  name=$1; shift
  rm -rf "$work/$name" && mkdir "$work/$name"
  cp -a "$ws" "$work/$name/ws"
  rc=0
  python3 "$src/tests/ci/run_action.py" "$src/action.yml" "$work/$name/ws" "$work/$name" "$@" \
    >"$work/$name.log" 2>&1 || rc=$?
}

# A: from source, everything current; PATH has no archdoc of ours
run A install=source documents=docs/*.md pr_base="$base"
[ "$rc" = 0 ] || { cat "$work/A.log"; fail "A: step $rc failed"; }
grep -qx "using $work/A/runner/archdoc/bin/archdoc: archdoc [0-9.]* (model format [0-9]*)" "$work/A.log" ||
  { cat "$work/A.log"; fail "A: the checks did not use the archdoc built from the action's checkout"; }
for step in 1 2 3 4; do
  grep -q "^step $step (.*): exit 0" "$work/A.log" || { cat "$work/A.log"; fail "A: step $step did not run"; }
done
# the summary: the diff of model/shop.xml against the base
{
  printf '## Architecture changes since %s\n\n### model/shop.xml\n\n' "$(echo "$base" | cut -c1-12)"
  if "$archdoc" diff --help | grep -q -- '--git'; then
    (cd "$ws" && "$archdoc" diff --git "$base" model/shop.xml -f md) || true
  else
    printf '```\n'; cat "$src/tests/diff/changes.out"; printf '```\n'
  fi
  printf '\n'
} >"$work/A.expected"
if ! cmp -s "$work/A.expected" "$work/A/github_step_summary"; then
  diff -u "$work/A.expected" "$work/A/github_step_summary" || true
  fail "A: the job summary differs from the expected diff"
fi

# B: the archdoc on PATH; a render missing from output/
rm "$ws/output/shop.md"
PATH="$work/bin:$PATH" run B install=installed
[ "$rc" = 4 ] || { cat "$work/B.log"; fail "B: expected the drift step (4) to fail, got $rc"; }
grep -qx "output/shop.md: missing" "$work/B.log" || { cat "$work/B.log"; fail "B: the missing render is not named"; }
grep -qx "::error::renders are stale: run archdoc render model/shop.xml -o output/ and commit the result" "$work/B.log" ||
  { cat "$work/B.log"; fail "B: no error annotation"; }
grep -q "no diff-base and not a pull request" "$work/B.log" || { cat "$work/B.log"; fail "B: the diff step did not skip"; }
git -C "$ws" checkout -q output/shop.md

# C: a broken model fails the check step with the diagnostic
cp "$src/tests/check/duplicate-id.xml" "$ws/model/broken.xml"
PATH="$work/bin:$PATH" run C install=installed
[ "$rc" = 3 ] || { cat "$work/C.log"; fail "C: expected the check step (3) to fail, got $rc"; }
grep -qxF "model/broken.xml:5:14: error: id 'cluster' is already used; components and boundaries share one id space, so give this one another id [duplicate-id]" "$work/C.log" ||
  { cat "$work/C.log"; fail "C: the diagnostic is missing"; }
# the problem matcher turns that line into an annotation
python3 - "$src/.ci/archdoc-matcher.json" "$work/C.log" <<'PY' || fail "C: the problem matcher does not match the diagnostic"
import json, re, sys
p = json.load(open(sys.argv[1]))["problemMatcher"][0]["pattern"][0]
lines = [l for l in open(sys.argv[2]).read().splitlines() if "[duplicate-id]" in l]
m = re.match(p["regexp"], lines[0])
assert m and m.group(p["file"]) == "model/broken.xml" and m.group(p["line"]) == "5" \
    and m.group(p["column"]) == "14" and m.group(p["severity"]) == "error" and m.group(p["code"]) == "duplicate-id"
PY
echo "action.yml: A (built from source, summary as expected), B (stale render refused), C (broken model refused) as GitHub would run them"
