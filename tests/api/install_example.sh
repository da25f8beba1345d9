#!/bin/sh
# Install the build into a scratch prefix, compile docs/example-check.c with
# the flags pkg-config gives for archdoc, and run it on the bundled model and
# on a broken one. Usage: install_example.sh BUILD_DIR SOURCE_DIR
set -eu
build=$1
src=$2
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null
test -f "$prefix/include/archdoc/archdoc.h"
test -x "$prefix/bin/archdoc"
pcdir=$(dirname "$(find "$prefix" -name archdoc.pc | head -n 1)")
export PKG_CONFIG_PATH="$pcdir"
# shellcheck disable=SC2046
cc -std=c11 -Wall -Wextra -Werror -o "$prefix/example" "$src/docs/example-check.c" \
  $(pkg-config --define-variable=prefix="$prefix" --cflags --libs archdoc)
libdir=$(pkg-config --define-variable=prefix="$prefix" --variable=libdir archdoc)
out=$(LD_LIBRARY_PATH="$libdir" "$prefix/example" "$src/model/genesys-pulse.xml")
test "$out" = "genesys-pulse: 27 connections, 0 errors, 0 warnings"
if LD_LIBRARY_PATH="$libdir" "$prefix/example" "$src/tests/check/duplicate-number.xml" >"$prefix/bad.out" 2>&1; then
  echo "the example accepted a broken model"; exit 1
fi
grep -q "duplicate-number" "$prefix/bad.out"
echo "installed library and example OK"
