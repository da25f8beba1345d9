#!/bin/sh
# The diff's colours meet WCAG 2.1 contrast in both themes, read from the
# style sheet of a real diff SVG (both the theme it starts in and the one
# prefers-color-scheme switches to): each mark 3:1 or more against the
# background and both boundary fills (graphics), and the number on a badge
# 4.5:1 or more against the badge (text).
#   contrast.sh ARCHDOC SOURCE_DIR
set -eu
archdoc=$1
src=$2
command -v python3 >/dev/null 2>&1 || { echo "diff/contrast: skipped: python3 is not installed"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$archdoc" diff "$src/tests/diff/shop-v1.xml" "$src/tests/diff/shop-v2.xml" -f svg >"$work/light.svg" || true
"$archdoc" diff "$src/tests/diff/shop-v1.xml" "$src/tests/diff/shop-v2.xml" -f svg --theme dark >"$work/dark.svg" || true
python3 - "$work/light.svg" "$work/dark.svg" <<'PY'
import re, sys
def lum(h):
    r, g, b = (int(h[i:i + 2], 16) / 255 for i in (1, 3, 5))
    f = lambda c: c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b)
def ratio(a, b):
    x, y = sorted((lum(a), lum(b)))
    return (y + 0.05) / (x + 0.05)
checked = 0
for path in sys.argv[1:]:
    css = open(path).read()
    blocks = re.findall(r"svg\.archdoc\{(--archdoc-[^}]*)\}", css)
    if len(blocks) != 2:
        sys.exit(f"diff/contrast: {path}: expected 2 theme blocks, found {len(blocks)}")
    for block in blocks:
        v = dict(re.findall(r"--archdoc-([a-z-]+):(#[0-9a-f]{6})", block))
        for mark in ("added", "removed", "changed", "unchanged"):
            if mark not in v:
                sys.exit(f"diff/contrast: {path}: no colour for {mark}")
            for bg in ("background", "boundary-fill", "boundary-fill-inner"):
                r = ratio(v[mark], v[bg])
                if r < 3:
                    sys.exit(f"diff/contrast: {mark} {v[mark]} on {bg} {v[bg]}: {r:.2f}:1, under 3:1")
                checked += 1
            r = ratio(v[mark], v["badge-text"])
            if r < 4.5:
                sys.exit(f"diff/contrast: badge text {v['badge-text']} on {mark} {v[mark]}: {r:.2f}:1, under 4.5:1")
            checked += 1
print(f"diff/contrast: {checked} pairs meet WCAG 2.1 contrast")
PY
