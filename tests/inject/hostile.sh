#!/bin/sh
# inject on hostile repositories (issue 11): what a document may make
# inject write and read, and when. Each case builds its tree in a scratch
# folder (symbolic links are made here, never committed), runs archdoc from
# there so messages hold relative paths, and checks the exit status, the
# exact standard error and the bytes of every file that must not change.
#   hostile.sh ARCHDOC FIXTURE_DIR CASE
# CASE: symlink-src, confinement, all-or-nothing, html-blocks
set -u
archdoc=$1
src=$2
case_name=$3
work=$(mktemp -d /tmp/archdoc-inject-hostile-XXXXXX)
trap 'rm -rf "$work"' EXIT
export NO_COLOR=1 LC_ALL=C
fail=0
cd "$work" || exit 2

say_fail() { echo "FAIL: $*"; fail=1; }

# run EXIT EXPECTED_STDERR CMD...: exit status and the exact standard error
# (EXPECTED_STDERR is printf'd, so \n separates lines).
run() {
  want=$1
  printf "$2" >expected.err
  shift 2
  "$@" >out 2>err
  got=$?
  [ "$got" = "$want" ] || say_fail "$*: exit $got, expected $want"
  cmp -s err expected.err || { say_fail "$*: stderr differs:"; diff -u expected.err err; }
}

# run_marker EXIT EXPECTED CMD...: as run, comparing only the inject-marker
# lines (the model's own diagnostics belong to the loader's tests)
run_marker() {
  want=$1
  printf "$2" >expected.err
  shift 2
  "$@" >out 2>err
  got=$?
  [ "$got" = "$want" ] || say_fail "$*: exit $got, expected $want"
  grep -F '[inject-marker]' err >marker.err
  cmp -s marker.err expected.err || { say_fail "$*: stderr differs:"; diff -u expected.err err; }
}

# keep FILE...: remember the bytes; intact: compare (absent stays absent)
keep() {
  kept="$*"
  for f in "$@"; do
    k="kept.$(echo "$f" | tr / _)"
    if [ -e "$f" ] || [ -L "$f" ]; then cp -P "$f" "$k"; else rm -f "$k"; fi
  done
}
intact() {
  for f in $kept; do
    k="kept.$(echo "$f" | tr / _)"
    if [ -e "$k" ] || [ -L "$k" ]; then
      if [ -L "$k" ]; then
        [ -L "$f" ] && [ "$(readlink "$f")" = "$(readlink "$k")" ] || say_fail "$f: the link was replaced"
      else
        cmp -s "$f" "$k" || say_fail "$f changed"
      fi
    else
      [ ! -e "$f" ] && [ ! -L "$f" ] || say_fail "$f was created"
    fi
  done
}
# golden NAME FILE: FILE must equal expected/NAME (ARCHDOC_UPDATE_GOLDEN=1
# rewrites expected/NAME)
golden() {
  if [ -n "${ARCHDOC_UPDATE_GOLDEN:-}" ]; then
    cp "$2" "$src/expected/$1"
  elif ! cmp -s "$2" "$src/expected/$1"; then
    say_fail "$2 differs from expected/$1:"; diff -u "$src/expected/$1" "$2" | head -40
  fi
}
# no_temporaries DIR...: no hidden .NAME.XXXXXX file of the writer left
no_temporaries() {
  for d in "$@"; do
    if ls -A "$d" | grep -q '^\..*\.[A-Za-z0-9]\{6\}$'; then say_fail "temporary file left in $d: $(ls -A "$d")"; fi
  done
}

diagram() { # diagram MODEL SRC: a diagram marker pair
  printf '<!-- archdoc:diagram model=%s src=%s -->\n<!-- /archdoc:diagram -->\n' "$1" "$2"
}

# A model whose title would put a line of its own into a file the diagram
# is written to (Graphviz and the SVG keep the newline).
attacker_model() {
  sed 's/title="Web shop"/title="Web shop\&#10;ssh-rsa AAAA attacker@evil\&#10;"/' "$src/shop.xml"
}

case $case_name in

symlink-src)
  # item 1: a committed link at (or on the way to) src= is never written
  # through; the file it names stays byte-identical, even with a title
  # holding a newline. Layout: home/.ssh is outside the repository.
  mkdir -p home/.ssh repo/.git repo/docs/img
  printf 'ssh-rsa KEEP me@laptop\n' >home/.ssh/authorized_keys
  attacker_model >repo/docs/m.xml
  ln -s ../../../home/.ssh/authorized_keys repo/docs/img/d.svg
  { echo "# Page"; echo; diagram m.xml img/d.svg; } >repo/docs/a.md
  keep home/.ssh/authorized_keys repo/docs/img/d.svg repo/docs/a.md
  run 1 'repo/docs/a.md:3:1: error: archdoc:diagram src=img/d.svg is a symbolic link; inject never writes through a link [inject-marker]\n1 error, 0 warnings\n' \
    "$archdoc" inject repo/docs/a.md
  intact
  grep -rq attacker home && say_fail "the attacker's line reached home/"
  # --check reports the same and writes nothing
  run 1 'repo/docs/a.md:3:1: error: archdoc:diagram src=img/d.svg is a symbolic link; inject never writes through a link [inject-marker]\n1 error, 0 warnings\n' \
    "$archdoc" inject --check repo/docs/a.md
  intact

  # a dangling link (the file it names does not exist yet): refused too
  ln -s ../../../home/.ssh/new_key repo/docs/img/new.svg
  diagram m.xml img/new.svg >repo/docs/b.md
  keep home/.ssh/new_key repo/docs/img/new.svg repo/docs/b.md
  run 1 'repo/docs/b.md:1:1: error: archdoc:diagram src=img/new.svg is a symbolic link; inject never writes through a link [inject-marker]\n1 error, 0 warnings\n' \
    "$archdoc" inject repo/docs/b.md
  intact

  # a link to a folder on the way: refused, nothing created behind it
  ln -s ../../home/.ssh repo/docs/keys
  diagram m.xml keys/authorized_keys.svg >repo/docs/c.md
  keep home/.ssh/authorized_keys.svg repo/docs/c.md
  run 1 'repo/docs/c.md:1:1: error: archdoc:diagram src=keys/authorized_keys.svg goes through the symbolic link docs/keys; inject never writes through a link [inject-marker]\n1 error, 0 warnings\n' \
    "$archdoc" inject repo/docs/c.md
  intact
  # ".." is read as a browser reads the image link (keys/../img/x.svg is
  # img/x.svg), never through the link: the kernel would have gone to
  # home/.ssh/../img/x.svg = home/img/x.svg
  mkdir home/img
  diagram m.xml keys/../img/x.svg >repo/docs/c2.md
  keep home/img/x.svg
  run 0 '' "$archdoc" inject repo/docs/c2.md
  intact
  [ -f repo/docs/img/x.svg ] && [ ! -L repo/docs/img/x.svg ] || say_fail "repo/docs/img/x.svg was not written"

  # not a regular file: a FIFO (refused at once, no hang), a folder
  mkfifo repo/docs/img/pipe.svg
  mkdir repo/docs/img/dir.svg
  { diagram m.xml img/pipe.svg; echo; diagram m.xml img/dir.svg; } >repo/docs/d.md
  run 1 'repo/docs/d.md:1:1: error: archdoc:diagram src=img/pipe.svg is a FIFO; inject writes the diagram only to a regular file [inject-marker]\nrepo/docs/d.md:4:1: error: archdoc:diagram src=img/dir.svg is a folder; inject writes the diagram only to a regular file [inject-marker]\n2 errors, 0 warnings\n' \
    "$archdoc" inject repo/docs/d.md
  [ -p repo/docs/img/pipe.svg ] && [ -d repo/docs/img/dir.svg ] || say_fail "the FIFO or the folder was replaced"

  # a document that is itself a link: inject does not write through it
  cp "$src/shop.xml" repo/docs/shop.xml
  printf '<!-- archdoc:table model=shop.xml -->\n<!-- /archdoc:table -->\n' >home/page.md
  ln -s ../../home/page.md repo/docs/linked.md
  keep home/page.md
  run 2 'archdoc: repo/docs/linked.md: is a symbolic link; inject never writes through a link\n' \
    "$archdoc" inject repo/docs/linked.md
  intact
  no_temporaries home home/.ssh repo/docs repo/docs/img
  ;;

confinement)
  # item 1: src= and model= stay inside the document's repository (the
  # nearest folder holding .git, a folder or a file; else the document's
  # own folder), and one SVG shows one model.
  mkdir -p outside repo/.git repo/docs/img repo/art wt/docs wt/art plain/sub
  cp "$src/shop.xml" repo/docs/m.xml
  cp "$src/shop.xml" outside/m.xml
  sed 's/Web shop/Other shop/' "$src/shop.xml" >repo/docs/m2.xml
  # src: outside by "..", by an absolute path; inside by ".." is fine
  { diagram m.xml ../../outside/x.svg; echo; diagram m.xml "$work/outside/y.svg"; } >repo/docs/out.md
  keep outside/x.svg outside/y.svg repo/docs/out.md
  run 1 "repo/docs/out.md:1:1: error: archdoc:diagram src=../../outside/x.svg is outside the document's repository; inject writes diagrams only inside it (below the nearest folder holding .git, or the document's folder when there is none) [inject-marker]\nrepo/docs/out.md:4:1: error: archdoc:diagram src=$work/outside/y.svg is outside the document's repository; inject writes diagrams only inside it (below the nearest folder holding .git, or the document's folder when there is none) [inject-marker]\n2 errors, 0 warnings\n" \
    "$archdoc" inject repo/docs/out.md
  intact
  diagram m.xml ../art/x.svg >repo/docs/in.md
  run 0 '' "$archdoc" inject repo/docs/in.md
  [ -s repo/art/x.svg ] || say_fail "repo/art/x.svg (inside the repository) was not written"

  # model: outside by "..", and through a link that leads outside
  ln -s ../../outside/m.xml repo/docs/lm.xml
  { printf '<!-- archdoc:table model=../../outside/m.xml -->\n<!-- /archdoc:table -->\n\n'
    printf '<!-- archdoc:table model=lm.xml -->\n<!-- /archdoc:table -->\n'; } >repo/docs/models.md
  keep repo/docs/models.md
  run 1 "repo/docs/models.md:1:1: error: the model '../../outside/m.xml' named by this marker is outside the document's repository; inject reads models only from inside it (docs/inject.md) [inject-marker]\nrepo/docs/models.md:4:1: error: the model 'lm.xml' named by this marker is outside the document's repository; inject reads models only from inside it (docs/inject.md) [inject-marker]\n2 errors, 0 warnings\n" \
    "$archdoc" inject repo/docs/models.md
  intact

  # ".git" as a file (a worktree or submodule) marks the root too
  printf 'gitdir: /nowhere\n' >wt/.git
  cp "$src/shop.xml" wt/docs/m.xml
  diagram m.xml ../art/w.svg >wt/docs/w.md
  run 0 '' "$archdoc" inject wt/docs/w.md
  [ -s wt/art/w.svg ] || say_fail "wt/art/w.svg was not written"

  # no repository: the document's own folder is the root
  cp "$src/shop.xml" plain/sub/m.xml
  diagram m.xml ../p.svg >plain/sub/p.md
  keep plain/p.svg plain/sub/p.md
  run 1 "plain/sub/p.md:1:1: error: archdoc:diagram src=../p.svg is outside the document's repository; inject writes diagrams only inside it (below the nearest folder holding .git, or the document's folder when there is none) [inject-marker]\n1 error, 0 warnings\n" \
    "$archdoc" inject plain/sub/p.md
  intact

  # one SVG, two models: in one document (spelt differently) ...
  { diagram m.xml img/s.svg; echo; diagram m2.xml ./img/../img//s.svg; } >repo/docs/two.md
  keep repo/docs/img/s.svg repo/docs/two.md
  run 1 "repo/docs/two.md:4:1: error: archdoc:diagram src=./img/../img//s.svg is already the diagram of model=m.xml (repo/docs/two.md:1:1); one SVG shows one model [inject-marker]\n1 error, 0 warnings\n" \
    "$archdoc" inject repo/docs/two.md
  intact
  # ... and across two documents of one run; nothing of either is written
  diagram m.xml img/s.svg >repo/docs/one.md
  diagram ../docs/m2.xml ../docs/img/s.svg >repo/art/other.md
  keep repo/docs/img/s.svg repo/docs/one.md repo/art/other.md
  run 1 "repo/art/other.md:1:1: error: archdoc:diagram src=../docs/img/s.svg is already the diagram of model=m.xml (repo/docs/one.md:1:1); one SVG shows one model [inject-marker]\n1 error, 0 warnings\n" \
    "$archdoc" inject repo/docs/one.md repo/art/other.md
  intact
  # the same model twice is fine
  diagram ../docs/m.xml ../docs/img/s.svg >repo/art/same.md
  run 0 '' "$archdoc" inject repo/docs/one.md repo/art/same.md
  [ -s repo/docs/img/s.svg ] || say_fail "repo/docs/img/s.svg was not written"
  no_temporaries outside repo/docs repo/docs/img repo/art plain
  ;;

all-or-nothing)
  # item 2: every document and SVG of a run is prepared first and written
  # only when every marker of every document succeeded.
  mkdir img
  cp "$src/shop.xml" shop.xml
  printf '<architecture xmlns="urn:archdoc:model:1" id="x" title="X">\n  <component id="a" title="A" kind="service"/>\n  <component id="a" title="B" kind="service"/>\n</architecture>\n' >broken.xml
  { echo "# C"; echo; diagram shop.xml img/c.svg; echo
    printf '<!-- archdoc:table model=broken.xml -->\n<!-- /archdoc:table -->\n'; } >c.md
  broken_err='c.md:6:1: error: the model '"'"'broken.xml'"'"' named by this marker does not load (see above) [inject-marker]\n'
  # the SVG does not exist: it is not created
  keep img/c.svg c.md
  run_marker 1 "$broken_err" "$archdoc" inject c.md
  intact
  # it exists: it is not replaced
  printf 'old svg\n' >img/c.svg
  keep img/c.svg c.md
  run_marker 1 "$broken_err" "$archdoc" inject c.md
  intact

  # two documents on one command line, the broken one second or first:
  # the good one is written by neither run
  { diagram shop.xml img/g.svg; echo; printf '<!-- archdoc:table model=shop.xml -->\nstale\n<!-- /archdoc:table -->\n'; } >good.md
  printf '<!-- archdoc:table model=broken.xml -->\n<!-- /archdoc:table -->\n' >bad.md
  keep good.md img/g.svg bad.md
  bad_err='bad.md:1:1: error: the model '"'"'broken.xml'"'"' named by this marker does not load (see above) [inject-marker]\n'
  run_marker 1 "$bad_err" "$archdoc" inject good.md bad.md
  intact
  run_marker 1 "$bad_err" "$archdoc" inject bad.md good.md
  intact
  # an I/O failure in the second document (its SVG folder is missing):
  # exit 2, and the first document is not written either
  diagram shop.xml nofolder/n.svg >io.md
  keep good.md img/g.svg io.md
  "$archdoc" inject good.md io.md >out 2>err
  got=$?
  [ $got = 2 ] || say_fail "inject good.md io.md: exit $got, expected 2"
  grep -q '^archdoc: nofolder/n.svg: cannot create a temporary file: No such file or directory$' err || { say_fail "io.md: unexpected stderr:"; cat err; }
  intact
  # and when everything succeeds, everything is written
  run 0 '' "$archdoc" inject good.md
  [ -s img/g.svg ] && ! grep -q stale good.md || say_fail "good.md and its SVG were not written"
  no_temporaries . img
  ;;

html-blocks)
  # item 3: markers inside HTML blocks (<details>, <div>) are read and
  # regenerated; markers in code stay text; errors there are errors.
  mkdir img
  cp "$src/shop.xml" shop.xml
  cp "$src/html.md" html.md
  run 1 '' "$archdoc" inject --check html.md
  golden html.check.out out
  cmp -s html.md "$src/html.md" || say_fail "--check changed html.md"
  run 0 '' "$archdoc" inject html.md
  golden html.md html.md
  [ -s img/h.svg ] || say_fail "img/h.svg (marker inside <div>) was not written"
  # idempotent: a second run changes nothing, --check is clean
  cp html.md html.once
  run 0 '' "$archdoc" inject html.md
  cmp -s html.md html.once || say_fail "a second inject changed html.md"
  run 0 '' "$archdoc" inject --check html.md
  [ -s out ] && { say_fail "--check after inject printed:"; cat out; }

  # errors inside HTML blocks: an unknown marker, a missing model, a marker
  # sharing its line, a marker in raw HTML (<pre>), a comment never closed
  cat >bad.md <<'EOF'
<details>
<summary>Bad</summary>
<!-- archdoc:frobnicate model=shop.xml -->
  <!-- archdoc:table -->
  <!-- /archdoc:table -->
</details>

<div><!-- archdoc:table model=shop.xml --></div>

<pre>
<!-- archdoc:table model=shop.xml -->
</pre>

<div>
<!-- archdoc:table model=shop.xml
EOF
  keep bad.md
  run 1 "bad.md:3:1: error: unknown archdoc marker 'archdoc:frobnicate'; the markers are archdoc:table and archdoc:diagram [inject-marker]\nbad.md:4:3: error: archdoc:table marker without model=PATH [inject-marker]\nbad.md:8:6: error: archdoc markers must stand on lines of their own, with blank lines or block boundaries around them [inject-marker]\nbad.md:11:1: error: archdoc marker inside raw HTML (<pre>, <script>, <style>, <textarea>, <?...?>, <!...>), where it can be text rather than a comment: move it out of that block [inject-marker]\nbad.md:15:1: error: archdoc marker comment is never closed with --> [inject-marker]\n5 errors, 0 warnings\n" \
    "$archdoc" inject --check bad.md
  intact

  # a closing marker whose HTML block goes on: regenerating the region ends
  # the block, and the fence after it would hide the next markers from a
  # second run; refused rather than written
  cat >fence.md <<'EOF'
<div>
<!-- archdoc:table model=shop.xml columns=number -->
<!-- /archdoc:table -->
```text
<!-- archdoc:table model=shop.xml columns=what -->
<!-- /archdoc:table -->
</div>
EOF
  keep fence.md
  run 1 "fence.md:3:1: error: the document would read differently once inject has regenerated it: the lines after this marker continue an HTML block (or a list) that the regenerated region ends, so a second run would find other markers; put a blank line after it [inject-marker]\n1 error, 0 warnings\n" \
    "$archdoc" inject fence.md
  intact
  ;;

*)
  echo "unknown case $case_name"; exit 2 ;;
esac
exit $fail
