#!/bin/sh
# cmake --install into a scratch prefix puts in place what --help and the
# docs promise: the program, the manual pages (man finds them with -M),
# the docs (--help points to share/doc/archdoc), the example model, and
# bash and zsh completion.
# Usage: install.sh BUILD_DIR
set -eu
build=$1
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null
fail() { echo "$*"; exit 1; }
test -x "$prefix/bin/archdoc" || fail "no bin/archdoc"
for c in $("$prefix/bin/archdoc" complete commands); do
  test -f "$prefix/share/man/man1/archdoc-$c.1" || fail "no share/man/man1/archdoc-$c.1"
  test -f "$prefix/share/doc/archdoc/$c.md" || fail "no share/doc/archdoc/$c.md (archdoc $c --help points to it)"
done
test -f "$prefix/share/man/man1/archdoc.1" || fail "no share/man/man1/archdoc.1"
test -f "$prefix/share/doc/archdoc/cli.md" || fail "no share/doc/archdoc/cli.md"
test -f "$prefix/share/doc/archdoc/examples/genesys-pulse.xml" || fail "no example model"
test -f "$prefix/share/bash-completion/completions/archdoc" || fail "no bash completion"
test -f "$prefix/share/zsh/site-functions/_archdoc" || fail "no zsh completion"
if command -v man >/dev/null 2>&1; then
  MANPAGER=cat MANWIDTH=80 man -M "$prefix/share/man" archdoc-check 2>/dev/null | grep -Eq "^ +archdoc-check +- " ||
    fail "man -M PREFIX/share/man archdoc-check finds no page"
fi
echo "installed: program, $(ls "$prefix/share/man/man1" | wc -l) manual pages, $(ls "$prefix/share/doc/archdoc" | wc -l) docs entries, completion"
