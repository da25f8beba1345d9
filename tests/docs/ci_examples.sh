#!/bin/sh
# Every example of docs/ci.md: each ```sh block runs (sh -e) in a project
# whose renders and documents are current, and must succeed; each ```yaml
# block must parse and agree with what it configures: the hook ids of a
# pre-commit configuration exist in .pre-commit-hooks.yaml, a workflow's
# `with:` names only inputs of action.yml, a GitLab include sets only
# variables of .ci/archdoc.gitlab-ci.yml. (tests/ci/ runs those files.)
# Usage: ci_examples.sh ARCHDOC SOURCE_DIR
# Exit 77 (SKIP) without git, python3 or its yaml module.
set -eu
archdoc=$1
src=$2
command -v git >/dev/null 2>&1 || { echo "SKIP: git is not installed"; exit 77; }
python3 -c 'import yaml' 2>/dev/null || { echo "SKIP: python3 with yaml is not installed (Debian: python3-yaml)"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "$*"; exit 1; }
mkdir "$work/bin" "$work/blocks"
ln -s "$archdoc" "$work/bin/archdoc"
export PATH="$work/bin:$PATH" NO_COLOR=1

awk -v dir="$work/blocks" '
  /^```(sh|yaml)[ \t]*$/ && !inblock { inblock = 1; kind = substr($0, 4); sub(/[ \t]*$/, "", kind); n++; file = sprintf("%s/%02d.%s", dir, n, kind); printf "" > file; next }
  /^```/ && inblock { inblock = 0; close(file); next }
  inblock { print > file }
' "$src/docs/ci.md"

p=$work/project
git init -q "$p"
mkdir "$p/model" "$p/docs"
cp "$src/model/genesys-pulse.xml" "$p/model/"
printf '# Architecture\n\n<!-- archdoc:table model=../model/genesys-pulse.xml -->\n<!-- /archdoc:table -->\n' >"$p/docs/architecture.md"
(cd "$p" && archdoc render model/*.xml -o output/ -q && archdoc inject docs/*.md >/dev/null)

sh_count=0
for b in "$work"/blocks/*.sh; do
  [ -e "$b" ] || continue
  sh_count=$((sh_count + 1))
  if ! (cd "$p" && sh -e "$b") >"$work/out" 2>&1; then
    echo "docs/ci.md: this example fails:"; cat "$b"; echo "--- it printed:"; cat "$work/out"; exit 1
  fi
done

yaml_count=$(ls "$work"/blocks/*.yaml 2>/dev/null | wc -l)
python3 - "$src" "$work"/blocks/*.yaml <<'PY'
import sys, yaml
src = sys.argv[1]
hooks = {h["id"] for h in yaml.safe_load(open(src + "/.pre-commit-hooks.yaml"))}
inputs = set(yaml.safe_load(open(src + "/action.yml"))["inputs"])
variables = set(yaml.safe_load(open(src + "/.ci/archdoc.gitlab-ci.yml"))["variables"])
for path in sys.argv[2:]:
    doc = yaml.safe_load(open(path))
    if "repos" in doc:
        ids = [h["id"] for r in doc["repos"] for h in r["hooks"]]
        assert ids and set(ids) <= hooks, "pre-commit example names hooks %s; .pre-commit-hooks.yaml has %s" % (ids, hooks)
    elif "jobs" in doc:
        uses = [s for j in doc["jobs"].values() for s in j["steps"] if "archdoc@" in s.get("uses", "")]
        assert uses, "the workflow example does not use the action"
        for s in uses:
            extra = set(s.get("with", {})) - inputs
            assert not extra, "the workflow example gives inputs action.yml lacks: %s" % extra
    elif "include" in doc:
        assert any("archdoc.gitlab-ci.yml" in str(i) for i in doc["include"]), "the GitLab example includes no template"
        extra = set(doc.get("variables", {})) - variables
        assert not extra, "the GitLab example sets variables the template lacks: %s" % extra
    else:
        raise SystemExit("docs/ci.md: a YAML example this test does not know: " + path)
PY
[ "$sh_count" -ge 3 ] || fail "docs/ci.md: only $sh_count sh examples found"
[ "$yaml_count" -ge 3 ] || fail "docs/ci.md: only $yaml_count YAML examples found"
echo "docs/ci.md: $sh_count sh examples ran, $yaml_count YAML examples agree with the files they configure"
