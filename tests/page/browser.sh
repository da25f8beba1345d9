#!/bin/sh
# The standalone page in a real browser: headless Chromium renders it, and
# the screenshots show that the page draws, that choosing a connection or a
# row (#MODEL-connection-N, #MODEL-row-N) changes what is shown (CSS :target),
# and that dark mode changes it too. Skips (exit 77) where Chromium is not
# installed. The diff's page (archdoc diff -f html) the same way.
# Screenshots are kept in BUILD_DIR/tests/page/ to look at.
# Usage: browser.sh ARCHDOC PROJECT_DIR OUT_DIR
set -u
archdoc=$1
project=$2
out=$3
chromium=$(command -v chromium || command -v chromium-browser || true)
[ -n "$chromium" ] || { echo "SKIP: chromium is not installed"; exit 77; }
mkdir -p "$out"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
fail=0
"$archdoc" render "$project/model/genesys-pulse.xml" -f html -o "$out/page.html" -q || exit 1

shot() { # shot NAME URL [FLAGS...]
  name=$1
  url=$2
  shift 2
  rm -f "$out/$name.png"
  timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --hide-scrollbars --window-size=1400,3000 "$@" \
    --screenshot="$out/$name.png" "$url" >"$out/$name.log" 2>&1
  if [ ! -s "$out/$name.png" ]; then
    echo "FAIL: no screenshot $name:"; tail -5 "$out/$name.log"; fail=1; return
  fi
  # a PNG, 1400 x 3000 (IHDR width and height, big-endian): tall enough
  # for the whole page, so choosing a row scrolls nothing (headless Chromium
  # paints a scrolled viewport only partly)
  if [ "$(od -An -tx1 -j0 -N8 "$out/$name.png" | tr -d ' \n')" != 89504e470d0a1a0a ] ||
     [ "$(od -An -tx1 -j16 -N8 "$out/$name.png" | tr -d ' \n')" != 0000057800000bb8 ]; then
    echo "FAIL: $name.png is not a 1400x3000 PNG"; fail=1
  fi
  # a page that drew something is far larger than a blank one
  [ "$(stat -c %s "$out/$name.png")" -gt 40000 ] || { echo "FAIL: $name.png looks blank"; fail=1; }
}

base="file://$out/page.html"
shot plain "$base"
shot connection "$base#genesys-pulse-connection-21"
shot row "$base#genesys-pulse-row-21"
shot dark "$base" --force-dark-mode --blink-settings=preferredColorScheme=0
for other in connection row dark; do
  if [ -s "$out/plain.png" ] && [ -s "$out/$other.png" ] && cmp -s "$out/plain.png" "$out/$other.png"; then
    echo "FAIL: the $other screenshot is the same as the plain one"; fail=1
  fi
done

# the diff's page (archdoc diff -f html): it draws, the picture's marks
# follow dark mode, and choosing a changed connection highlights it
rc=0
"$archdoc" diff "$project/model/genesys-pulse.xml" "$project/tests/diff/genesys-pulse-changed.xml" -f html \
  -o "$out/diff.html" || rc=$?
[ "$rc" -eq 1 ] || { echo "FAIL: archdoc diff -f html: exit $rc, expected 1"; exit 1; }
base="file://$out/diff.html"
shot diff "$base"
shot diff-connection "$base#genesys-pulse-connection-27"
shot diff-dark "$base" --force-dark-mode --blink-settings=preferredColorScheme=0
for other in diff-connection diff-dark; do
  if [ -s "$out/diff.png" ] && [ -s "$out/$other.png" ] && cmp -s "$out/diff.png" "$out/$other.png"; then
    echo "FAIL: the $other screenshot is the same as the plain diff one"; fail=1
  fi
done
exit $fail
