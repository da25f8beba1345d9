#!/bin/sh
# The Debian package (CPack, CMakeLists.txt): cpack -G DEB from the build
# folder, then dpkg-deb --info/--contents checks, apt-get's simulation of
# installing it (nothing is installed), and the package unpacked into a
# throw-away root with dpkg -x, where its own archdoc checks and renders
# the example model it ships, its renders match the committed output/,
# and its manual pages and completion are in place.
# Usage: deb.sh BUILD_DIR SOURCE_DIR VERSION SANITIZE (ON: a sanitizer build,
# whose libarchdoc.so a plain program cannot link: that part is left out)
# Exit 77 (SKIP) without dpkg-deb, dpkg-shlibdeps (Debian: dpkg-dev) or file.
set -eu
build=$1
src=$2
version=$3
sanitize=${4:-OFF}
for tool in dpkg dpkg-deb dpkg-shlibdeps file cpack; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "SKIP: $tool is not installed (Debian: dpkg-dev, file; scripts/test installs them)"
    exit 77
  fi
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "$*"; exit 1; }

arch=$(dpkg --print-architecture)
(cd "$work" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/out") >"$work/cpack.log" 2>&1 ||
  { cat "$work/cpack.log"; fail "cpack -G DEB failed"; }
deb=$work/out/archdoc_${version}_${arch}.deb
[ -f "$deb" ] || { ls "$work/out"; fail "no archdoc_${version}_${arch}.deb"; }

# control fields
dpkg-deb --field "$deb" Package Version Architecture >"$work/fields"
printf 'Package: archdoc\nVersion: %s\nArchitecture: %s\n' "$version" "$arch" | cmp -s - "$work/fields" ||
  { cat "$work/fields"; fail "wrong control fields"; }
depends=$(dpkg-deb --field "$deb" Depends)
for lib in libc6 libgvc6 libcgraph6 libxml2 libcmark; do
  case " $depends" in
    *" $lib"*) ;;
    *) fail "Depends lacks $lib (dpkg-shlibdeps): $depends" ;;
  esac
done

# contents: program, library, headers, pkg-config, CMake package, manual
# pages, completion, docs and the example
dpkg-deb --contents "$deb" | awk '{ print $6 }' | sed 's|^\./|/|' >"$work/contents"
for f in /usr/bin/archdoc /usr/lib/libarchdoc.so /usr/lib/libarchdoc.a /usr/include/archdoc/archdoc.h \
    /usr/include/archdoc/version.h /usr/lib/pkgconfig/archdoc.pc /usr/lib/cmake/archdoc/archdocConfig.cmake \
    /usr/share/man/man1/archdoc.1 /usr/share/man/man1/archdoc-render.1 /usr/share/man/man1/archdoc-check.1 \
    /usr/share/bash-completion/completions/archdoc /usr/share/zsh/site-functions/_archdoc \
    /usr/share/doc/archdoc/cli.md /usr/share/doc/archdoc/render.md /usr/share/doc/archdoc/examples/genesys-pulse.xml; do
  grep -qx "$f" "$work/contents" || fail "the package lacks $f"
done
if grep -v '^/usr/' "$work/contents" | grep -q .; then
  fail "the package installs outside /usr: $(grep -v '^/usr/' "$work/contents" | head -3)"
fi

# would it install here? (a simulation: apt resolves Depends, changes nothing)
if command -v apt-get >/dev/null 2>&1; then
  apt-get install -s "$deb" >"$work/apt.log" 2>&1 || { cat "$work/apt.log"; fail "apt-get cannot install the package"; }
  grep -q "^Inst archdoc " "$work/apt.log" || { cat "$work/apt.log"; fail "apt-get would not install archdoc"; }
fi

# unpacked into a throw-away root and run from there
root=$work/root
dpkg -x "$deb" "$root"
bin=$root/usr/bin/archdoc
example=$root/usr/share/doc/archdoc/examples/genesys-pulse.xml
export LD_LIBRARY_PATH="$root/usr/lib" NO_COLOR=1
"$bin" --version | grep -qx "archdoc $version (model format [0-9]*)" || fail "archdoc --version: $("$bin" --version)"
"$bin" check "$example" 2>"$work/check.err" || { cat "$work/check.err"; fail "the packaged archdoc rejects its example"; }
grep -qx "0 errors, 0 warnings" "$work/check.err" || { cat "$work/check.err"; fail "archdoc check: unexpected summary"; }
"$bin" render "$example" -o "$work/rendered/" >"$work/render.out" || fail "the packaged archdoc cannot render its example"
for ext in svg png md html; do
  [ -s "$work/rendered/genesys-pulse.$ext" ] || fail "render wrote no genesys-pulse.$ext"
done
# the same bytes as the committed outputs
"$bin" render "$example" -o "$src/output/" --check || fail "the packaged archdoc's renders differ from output/"
# libarchdoc.so loads and links
if [ "$sanitize" != ON ] && command -v cc >/dev/null 2>&1; then
  cc -std=c11 -o "$work/example" "$root/usr/share/doc/archdoc/example-check.c" -I"$root/usr/include" \
    -L"$root/usr/lib" -larchdoc
  out=$("$work/example" "$example")
  [ "$out" = "genesys-pulse: 27 connections, 0 errors, 0 warnings" ] || fail "example-check against the package: $out"
fi
# the manual pages render from the package
if command -v man >/dev/null 2>&1; then
  MANPAGER=cat MANWIDTH=80 man -l "$root/usr/share/man/man1/archdoc-render.1" 2>&1 | grep -Eq "^ +archdoc-render +- " ||
    fail "man -l cannot show the packaged archdoc-render(1)"
fi
echo "$(basename "$deb"): $(wc -l <"$work/contents") paths, Depends: $depends; the example checks and renders from dpkg -x"
