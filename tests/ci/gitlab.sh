#!/bin/sh
# The GitLab CI template (.ci/archdoc.gitlab-ci.yml) run here as the runner
# runs a job: its variables exported, before_script and script lines in one
# bash -eo pipefail session in the project folder. ARCHDOC_GIT is a git
# repository made from this source tree, so the job really clones, builds
# and installs archdoc (under a scratch prefix); the apt-get line finds
# every package installed and does nothing (or, not root, says why).
#   A. a project whose renders and documents are current: the job passes,
#      using the archdoc it installed;
#   B. a render deleted: the job fails at render --check, naming it.
# Also: the template's package list holds every package scripts/deps.sh
# installs for a build.
# Usage: gitlab.sh ARCHDOC SOURCE_DIR
# Exit 77 (SKIP) without git, python3 or its yaml module (python3-yaml).
set -eu
archdoc=$1
src=$2
command -v git >/dev/null 2>&1 || { echo "SKIP: git is not installed"; exit 77; }
python3 -c 'import yaml' 2>/dev/null || { echo "SKIP: python3 with yaml is not installed (Debian: python3-yaml; scripts/test installs it)"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "$*"; exit 1; }
export NO_COLOR=1 GIT_CONFIG_NOSYSTEM=1 HOME="$work" GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@example.org \
  GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@example.org
template=$src/.ci/archdoc.gitlab-ci.yml

# the job's lines and variables, as GitLab reads them
python3 - "$template" "$work" <<'PY'
import sys, yaml, shlex
doc = yaml.safe_load(open(sys.argv[1]))
job = doc["archdoc"]
assert job["image"] == "debian:12", "the job's image"
lines = job["before_script"] + job["script"]
assert all(isinstance(l, str) for l in lines), "every script line is a string"
with open(sys.argv[2] + "/job.sh", "w") as f:
    f.write("\n".join(lines) + "\n")
with open(sys.argv[2] + "/variables.sh", "w") as f:
    for k, v in doc["variables"].items():
        f.write("export %s=%s\n" % (k, shlex.quote(str(v))))
PY

# every build package of scripts/deps.sh is in the template's list
deps=$(sed -n '/^archdoc_packages="/,/"$/p' "$src/scripts/deps.sh" | tr -d '\\"' | sed 's/archdoc_packages=//; s/\${ARCHDOC_EXTRA_PACKAGES:-}//')
for p in $deps; do
  grep -q "for p in .* $p[ ;]" "$work/job.sh" || fail "the template does not install $p (scripts/deps.sh does)"
done

# archdoc's sources as a git repository (the files of this tree, committed)
mkdir "$work/archdoc.git"
if git -C "$src" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  (cd "$src" && git ls-files -co --exclude-standard -z | xargs -0 tar cf -) | tar xf - -C "$work/archdoc.git"
else
  (cd "$src" && tar cf - --exclude='./build*' .) | tar xf - -C "$work/archdoc.git"
fi
git -C "$work/archdoc.git" init -q -b main
git -C "$work/archdoc.git" add -A
git -C "$work/archdoc.git" commit -qm sources

# the project
p=$work/project
git init -q "$p"   # a CI checkout is a repository (inject reads only inside it)
mkdir -p "$p/model" "$p/docs"
cp "$src/tests/diff/shop-v2.xml" "$p/model/shop.xml"
printf '# Shop\n\n<!-- archdoc:table model=../model/shop.xml -->\n<!-- /archdoc:table -->\n' >"$p/docs/arch.md"
(cd "$p" && "$archdoc" render model/shop.xml -o output/ -q && "$archdoc" inject docs/arch.md >/dev/null)

job() { # job NAME: run the job in the project; rc and NAME.log
  rc=0
  (
    cd "$p"
    . "$work/variables.sh"
    export ARCHDOC_GIT="file://$work/archdoc.git" ARCHDOC_PREFIX="$work/$1/prefix" \
      ARCHDOC_SRC="$work/$1/src" ARCHDOC_BUILD="$work/$1/build" ARCHDOC_DOCUMENTS="docs/*.md" CI=true GITLAB_CI=true
    bash --noprofile --norc -eo pipefail "$work/job.sh"
  ) >"$work/$1.log" 2>&1 || rc=$?
}

job A
[ "$rc" = 0 ] || { cat "$work/A.log"; fail "A: the job failed ($rc)"; }
grep -Eq "^archdoc: (the build dependencies are installed|not root, so not installing:)" "$work/A.log" ||
  { cat "$work/A.log"; fail "A: the apt-get line said nothing"; }
grep -qx "using $work/A/prefix/bin/archdoc: archdoc [0-9.]* (model format [0-9]*)" "$work/A.log" ||
  { cat "$work/A.log"; fail "A: the job did not use the archdoc it installed"; }
grep -qx "0 errors, 0 warnings" "$work/A.log" || { cat "$work/A.log"; fail "A: no check summary"; }

rm "$p/output/shop.svg"
job B
[ "$rc" = 1 ] || { cat "$work/B.log"; fail "B: expected the job to fail with 1, got $rc"; }
grep -qx "output/shop.svg: missing" "$work/B.log" || { cat "$work/B.log"; fail "B: the missing render is not named"; }
echo "GitLab template: cloned, built and installed archdoc, then A passed and B (stale render) failed as expected"
