#!/bin/sh
# Install the build into a scratch prefix and use it as a consumer would.
# Usage: run.sh BUILD_DIR SOURCE_DIR MODE, MODE one of:
#   example        docs/example-check.c with pkg-config (shared), on the
#                  bundled model and on a broken one
#   cmake-shared   tests/consumer/project with find_package, archdoc::archdoc
#   cmake-static   the same with archdoc::archdoc_static
#   pc-shared      project/main.c with pkg-config --cflags --libs archdoc
#   pc-static      the same with pkg-config --static and libarchdoc.a
# Each consumer's output is compared with expected.out.
set -eu
build=$1
src=$2
mode=$3
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null
test -f "$prefix/include/archdoc/archdoc.h"
test -f "$prefix/include/archdoc/version.h"
test -x "$prefix/bin/archdoc"
pcdir=$(dirname "$(find "$prefix" -name archdoc.pc | head -n 1)")
export PKG_CONFIG_PATH="$pcdir"
pc() { pkg-config --define-variable=prefix="$prefix" "$@" archdoc; }
libdir=$(pc --variable=libdir)
model=$src/model/genesys-pulse.xml

check_output() {
  if ! LD_LIBRARY_PATH="$libdir" "$1" "$model" >"$prefix/out" 2>"$prefix/err"; then
    echo "$mode: the consumer failed:"; cat "$prefix/err"; exit 1
  fi
  if ! cmp -s "$prefix/out" "$src/tests/consumer/expected.out"; then
    echo "$mode: the output differs from tests/consumer/expected.out:"
    diff "$src/tests/consumer/expected.out" "$prefix/out" | head -20; exit 1
  fi
  test ! -s "$prefix/err" || { echo "$mode: the consumer wrote to stderr:"; cat "$prefix/err"; exit 1; }
}

case $mode in
example)
  # shellcheck disable=SC2046
  cc -std=c11 -Wall -Wextra -Werror -o "$prefix/example" "$src/docs/example-check.c" $(pc --cflags --libs)
  out=$(LD_LIBRARY_PATH="$libdir" "$prefix/example" "$model")
  test "$out" = "genesys-pulse: 27 connections, 0 errors, 0 warnings"
  if LD_LIBRARY_PATH="$libdir" "$prefix/example" "$src/tests/check/duplicate-number.xml" >"$prefix/bad.out" 2>&1; then
    echo "the example accepted a broken model"; exit 1
  fi
  grep -q "duplicate-number" "$prefix/bad.out"
  ;;
cmake-shared|cmake-static)
  static=OFF
  [ "$mode" = cmake-static ] && static=ON
  cmake -S "$src/tests/consumer/project" -B "$prefix/consumer" -DCMAKE_PREFIX_PATH="$prefix" \
    -DCONSUMER_STATIC=$static >"$prefix/configure.log" 2>&1 || { cat "$prefix/configure.log"; exit 1; }
  cmake --build "$prefix/consumer" >"$prefix/build.log" 2>&1 || { cat "$prefix/build.log"; exit 1; }
  # the static one carries no libarchdoc.so: nothing of the install may be needed at run time
  if [ "$static" = ON ] && readelf -d "$prefix/consumer/consumer" | grep -q "libarchdoc\.so"; then
    echo "$mode: the consumer links libarchdoc.so"; exit 1
  fi
  check_output "$prefix/consumer/consumer"
  ;;
pc-shared)
  # shellcheck disable=SC2046
  cc -std=c11 -Wall -Wextra -Werror -o "$prefix/consumer" "$src/tests/consumer/project/main.c" $(pc --cflags --libs)
  check_output "$prefix/consumer"
  ;;
pc-static)
  # only the static library in the prefix, so -larchdoc must take it
  rm -f "$libdir"/libarchdoc.so*
  # shellcheck disable=SC2046
  cc -std=c11 -Wall -Wextra -Werror -o "$prefix/consumer" "$src/tests/consumer/project/main.c" \
    $(pc --cflags --libs --static)
  if readelf -d "$prefix/consumer" | grep -q "libarchdoc\.so"; then
    echo "$mode: the consumer links libarchdoc.so"; exit 1
  fi
  check_output "$prefix/consumer"
  ;;
*)
  echo "unknown mode $mode"; exit 2
  ;;
esac
echo "$mode: OK"
