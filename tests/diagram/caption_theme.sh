#!/bin/sh
# The caption (the model's title above the drawing, --no-title), the
# themes (--theme light|dark for SVG, PNG), a transparent background's
# middle-tone lines, and the legend following --label.
# Usage: caption_theme.sh ARCHDOC MODEL
set -u
archdoc=$1
model=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
say_fail() { echo "FAIL: $*"; fail=1; }

"$archdoc" render "$model" -f svg -o "$work/c.svg" -q || say_fail "render svg"
grep -q '<g id="genesys-pulse-caption" class="caption">' "$work/c.svg" || say_fail "no caption group"
grep -q '>Genesys Pulse private edition</text>' "$work/c.svg" || say_fail "the caption does not show the title"
"$archdoc" render "$model" -f svg --no-title -o "$work/n.svg" -q || say_fail "render --no-title"
grep -q 'class="caption"' "$work/n.svg" && say_fail "--no-title still draws a caption"
grep -q '@media (prefers-color-scheme: dark)' "$work/c.svg" || say_fail "light SVG: no dark-mode rules"
"$archdoc" render "$model" -f svg --theme dark -o "$work/d.svg" -q || say_fail "render --theme dark"
grep -q '@media (prefers-color-scheme: light)' "$work/d.svg" || say_fail "dark SVG: no light-mode rules"
grep -q 'fill="#16191d"' "$work/d.svg" || say_fail "dark SVG: no dark background"
"$archdoc" render "$model" -f svg --background transparent -o "$work/t.svg" -q || say_fail "render transparent"
grep -q 'stroke="#7b8794"' "$work/t.svg" || say_fail "transparent SVG: lines not in the middle tone"
"$archdoc" render "$model" -f svg --legend --label number+port -o "$work/l.svg" -q || say_fail "render --legend"
grep -q '>to port 443; the arrow points from</text>' "$work/l.svg" || say_fail "the legend does not follow --label"
grep -q '>boundary inside</text>' "$work/l.svg" || say_fail "the legend shows no boundary style"
for theme in light dark; do
  "$archdoc" render "$model" -f png --theme $theme -o "$work/$theme.png" -q || say_fail "render png $theme"
done
"$archdoc" render "$model" -f png --background transparent -o "$work/tr.png" -q || say_fail "render png transparent"
# the top-left pixel is the page: white, dark, or fully transparent
python3 - "$work" <<'PY' || fail=1
import struct, sys, zlib
def first_pixel(path):
    d = open(path, 'rb').read()
    i, idat, ct = 8, b'', None
    while i < len(d):
        n = struct.unpack('>I', d[i:i + 4])[0]
        t, c = d[i + 4:i + 8], d[i + 8:i + 8 + n]
        i += 12 + n
        if t == b'IHDR':
            ct = c[9]
        elif t == b'IDAT':
            idat += c
    raw = zlib.decompressobj().decompress(idat, 64)
    bpp = 4 if ct == 6 else 3
    return tuple(raw[1:1 + bpp])   # filter byte, then the first pixel (no left neighbour)
w = sys.argv[1]
checks = {'light.png': (255, 255, 255), 'dark.png': (0x16, 0x19, 0x1d)}
bad = 0
for name, want in checks.items():
    px = first_pixel(w + '/' + name)
    if px[:3] != want:
        print('FAIL: %s starts with %r, expected %r' % (name, px, want)); bad = 1
px = first_pixel(w + '/tr.png')
if len(px) != 4 or px[3] != 0:
    print('FAIL: tr.png starts with %r, expected a transparent pixel' % (px,)); bad = 1
sys.exit(bad)
PY
[ $fail = 0 ] && echo "ok: caption, themes, transparent, legend"
exit $fail
