#!/bin/sh
# What archdoc prints to a terminal, where the text comes from outside:
# model paths (given on the command line or read from a document), names
# given to cli_error, and the document lines inject --check echoes. Every
# control character, C1 control, bidirectional control and stray byte must
# come out escaped (\u{XX}, \x{XX}); the goldens are plain ASCII. Also the
# default cap of 1,000 diagnostics, and the cap in each render of --watch.
# Usage: terminal.sh ARCHDOC TESTS_DIR   (ARCHDOC_UPDATE_GOLDEN=1 rewrites goldens)
set -u
archdoc=$1
src=$2/check
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export NO_COLOR=1 LC_ALL=C
fail=0
cd "$work" || exit 2

golden() { # golden NAME FILE: compare FILE with check/NAME (not *.err: docs/pages reads those for model rule ids)
  if [ -n "${ARCHDOC_UPDATE_GOLDEN:-}" ]; then
    cp "$2" "$src/$1"
  elif ! cmp -s "$2" "$src/$1"; then
    echo "FAIL: $2 differs from check/$1:"; diff -u "$src/$1" "$2" | head -40; fail=1
  fi
}
expect_exit() { # expect_exit CODE GOT WHAT
  if [ "$1" != "$2" ]; then echo "FAIL: $3: exit $2, expected $1"; fail=1; fi
}
# no byte below 0x20 but the line feeds, no DEL, no C1 (UTF-8 C2 80-9F), no
# bidi control (E2 80 8E/8F/AA-AE, E2 81 A6-A9), no ALM (D8 9C), no stray byte
raw() { # raw FILE: 0 when FILE holds something that must have been escaped
  LC_ALL=C grep -q "$(printf '[\001-\011\013-\037\177]')" "$1" && return 0
  od -An -tx1 -v "$1" | tr -s ' \n' '  ' |
    grep -Eq ' c2 [89][0-9a-f]| e2 80 (8e|8f|a[8-9a-e])| e2 81 (a6|a7|a8|a9)| d8 9c| ff'
}

# 1. A model path with a line feed, a forged summary, ESC, CSI (U+009B),
# RLO (U+202E) and a byte that is not UTF-8, on the command line.
evil=$(printf 'evil\n0 errors, 0 warnings\033[2J\302\233\342\200\256\377.xml')
cp "$src/unknown-reference.xml" "$evil"
"$archdoc" check "$evil" >out 2>path.err
expect_exit 1 $? "check of a model with a hostile path"
raw path.err && { echo "FAIL: a raw control character reached stderr:"; od -c path.err | head; fail=1; }
golden terminal-path.stderr path.err

# 2. cli_error escapes what it prints (an unknown command, a help topic).
"$archdoc" "$(printf 'chec\033[8mk\n0 errors')" >out 2>cli.err
expect_exit 2 $? "unknown command"
"$archdoc" help "$(printf 'x\302\205y\342\201\246')" >out 2>>cli.err
expect_exit 2 $? "help on an unknown command"
raw cli.err && { echo "FAIL: a raw control character reached stderr:"; od -c cli.err | head; fail=1; }
golden terminal-cli.stderr cli.err

# 3. inject --check: the document's lines in the diff, the model's text in
# the new table, and a model path read from a document.
cat >model.xml <<'EOF'
<architecture xmlns="urn:archdoc:model:1" id="m" title="M" classify-by="k">
  <boundary id="k" title="K" kind="cluster"><component id="a" title="A" kind="service"/></boundary>
  <component id="b" title="B &#x9B;31m" kind="service"/>
  <connection from="a" to="b" port="443">Data &#x202E;reversed&#x202C;.</connection>
</architecture>
EOF
printf '# Doc \033[31mred\033[0m\n\nCSI \302\233 and RLO \342\200\256 here.\n\n<!-- archdoc:table model=model.xml -->\nstale \033]0;title\007\n<!-- /archdoc:table -->\nafter \342\201\246x\342\201\251\r\n' >doc.md
"$archdoc" inject --check doc.md >inject.out 2>inject.err
expect_exit 1 $? "inject --check of a stale document"
# the CR of the last line's CR LF stays (it ends that line)
tr -d '\r' <inject.out >inject.nocr
raw inject.nocr && { echo "FAIL: a raw control character reached stdout:"; od -c inject.out | head -40; fail=1; }
golden terminal-inject.out inject.out
test -s inject.err && { echo "FAIL: inject --check printed:"; cat inject.err; fail=1; }
printf '<!-- archdoc:table model=\033[2Jgone\302\205.xml -->\n<!-- /archdoc:table -->\n' >bad.md
"$archdoc" inject --check bad.md >out 2>inject-path.err
expect_exit 2 $? "inject --check naming a missing model"
raw inject-path.err && { echo "FAIL: a raw control character reached stderr:"; od -c inject-path.err | head; fail=1; }
golden terminal-inject-path.stderr inject-path.err

# 4. By default, 1,000 diagnostics and one line for the rest; the summary
# counts all (1,500 unknown elements on one line).
{
  printf '<architecture xmlns="urn:archdoc:model:1" id="x" title="X">'
  awk 'BEGIN { for (i = 0; i < 1500; i++) printf "<x/>" }'
  printf '</architecture>\n'
} >many.xml
"$archdoc" check many.xml >out 2>many.err
expect_exit 1 $? "check of 1,500 errors"
test "$(wc -l <many.err)" -eq 1002 || { echo "FAIL: expected 1,002 lines, got $(wc -l <many.err)"; fail=1; }
tail -n 3 many.err >many.tail
golden terminal-many.tail many.tail
"$archdoc" check --max-errors 0 many.xml >out 2>many.err
test "$(wc -l <many.err)" -eq 1501 || { echo "FAIL: --max-errors 0: expected 1,501 lines, got $(wc -l <many.err)"; fail=1; }

# 5. render --watch: each render shows its own first diagnostics (the
# limit starts again), and says how many it did not show.
cp "$src/max-errors.xml" m.xml
"$archdoc" render m.xml -o out/ -f md --max-errors 2 --watch >watch.out 2>watch.log &
watcher=$!
wait_for() { # wait_for PATTERN COUNT: up to 60 s for COUNT lines of watch.log
  i=0
  while [ $i -lt 600 ]; do
    [ "$(grep -c "$1" watch.log)" -ge "$2" ] && return 0
    sleep 0.1; i=$((i + 1))
  done
  echo "FAIL: timed out waiting for '$1' in:"; cat watch.log; fail=1; return 1
}
if wait_for "waiting for changes" 1; then
  cp "$src/max-errors.xml" m.new && mv m.new m.xml
  if wait_for "waiting for changes" 2; then
    test "$(grep -c '^m\.xml:[0-9]*:[0-9]*: ' watch.log)" -eq 4 ||
      { echo "FAIL: expected 2 diagnostics per render:"; cat watch.log; fail=1; }
    test "$(grep -c '^archdoc: 5 more diagnostics not shown' watch.log)" -eq 2 ||
      { echo "FAIL: expected one 'not shown' line per render:"; cat watch.log; fail=1; }
  fi
fi
kill -INT "$watcher" 2>/dev/null
wait "$watcher" 2>/dev/null

# 6. Text a model or a path brings into other commands' output: diff's
# titles and layouts, render's and layout's paths, table's --columns.
cat >d1.xml <<'EOF2'
<architecture xmlns="urn:archdoc:model:1" id="d" title="Shop">
  <component id="a" title="A" kind="service"/><component id="b" title="B" kind="service"/>
  <connection from="a" to="b">Data.</connection>
</architecture>
EOF2
cat >d2.xml <<'EOF2'
<architecture xmlns="urn:archdoc:model:1" id="d" title="Shop &#x9B;2J&#x202E;">
  <component id="a" title="A&#x85;" kind="service"/><component id="b" title="B" kind="service"/>
  <component id="c" title="C&#x2066;x" kind="service"/>
  <connection from="a" to="b">Data.</connection>
  <connection from="a" to="c" protocol="T&#x9B;P">More.</connection>
</architecture>
EOF2
"$archdoc" diff d1.xml d2.xml >diff.out 2>diff.err
expect_exit 1 $? "diff of two models"
raw diff.out && { echo "FAIL: a raw control character reached diff's stdout:"; od -c diff.out | head -20; fail=1; }
golden terminal-diff.out diff.out
evil=$(printf 'out\nx\033[2J\302\233')
mkdir -p "$evil"
cp d1.xml "$evil/d.xml"
"$archdoc" render "$evil/d.xml" -f md -o "$evil/" >render.out 2>render.err
expect_exit 0 $? "render into a hostile folder"
"$archdoc" render "$evil/d.xml" -f md -o "$evil/" --check >>render.out 2>>render.err
"$archdoc" layout "$evil/d.xml" d1.xml >>render.out 2>>render.err
"$archdoc" table d1.xml --columns "$(printf 'number,x\033[2J\302\205')" >>render.out 2>>render.err
cat render.out render.err >paths.out
raw paths.out && { echo "FAIL: a raw control character reached the terminal:"; od -c paths.out | head -20; fail=1; }
grep -q 'out\\u{0A}x\\u{1B}\[2J\\u{9B}/d.md: created' paths.out ||
  { echo "FAIL: render did not name its output escaped:"; cat paths.out; fail=1; }
grep -q 'unknown column .x\\u{1B}\[2J\\u{85}. in --columns' paths.out ||
  { echo "FAIL: table did not escape the --columns name:"; cat paths.out; fail=1; }

exit $fail
