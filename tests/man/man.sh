#!/bin/sh
# The manual pages made from docs/ at build time (scripts/md2man.awk):
# one per command archdoc --help lists, plus archdoc(1); each renders with
# groff and with man -l without a single warning; each command's OPTIONS
# section names exactly the options its --help names; and --help's last
# line points to the page.
# Usage: man.sh ARCHDOC MAN_DIR
# Exit 77 (SKIP) when groff or man is not installed.
set -eu
archdoc=$1
mandir=$2
for tool in groff man; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "SKIP: $tool is not installed (Debian: groff-base, man-db; scripts/test installs them)"
    exit 77
  fi
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export LC_ALL=C.UTF-8 MANWIDTH=80 MANPAGER=cat PAGER=cat
fail=0
say() { echo "$*"; fail=1; }

commands=$("$archdoc" --help | awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { on = 0 }')
test -n "$commands" || { echo "no commands in archdoc --help"; exit 1; }
case $("$archdoc" --help | tail -n 1) in
  *"man archdoc,"*) ;;
  *) say "archdoc --help does not end with a pointer to man archdoc" ;;
esac

# The options of a usage text: the "-x, --long ARG" part of lines that
# start with spaces and a dash, before the description.
help_options() {
  sed -n 's/^ \{1,\}\(-.*\)/\1/p' | sed 's/   .*//' | tr ', ' '\n\n' | grep -E '^--?[A-Za-z][A-Za-z-]*$' | sort -u
}
# The options the OPTIONS section of a page names in its tags (.TP).
page_options() {
  awk '/^\.SH / { on = ($0 ~ /^\.SH OPTIONS/) } on && tag { print; tag = 0 } on && /^\.TP/ { tag = 1 }' "$1" |
    sed 's/\\f[BIRP]//g; s/\\%//g; s/\\-/-/g; s/\\e/\\/g' | tr ', /|' '\n\n\n\n' | grep -E '^--?[A-Za-z][A-Za-z-]*$' | sort -u
}

for page in archdoc $(for c in $commands; do echo "archdoc-$c"; done); do
  f=$mandir/$page.1
  if [ ! -f "$f" ]; then say "$page: no manual page $f"; continue; fi
  # groff itself, every warning on
  if ! groff -ww -z -man -Tutf8 "$f" 2>"$work/groff.err" || [ -s "$work/groff.err" ]; then
    say "$page: groff warns:"; cat "$work/groff.err"
  fi
  # man-db, as a reader runs it (its preprocessors, its warnings)
  if ! man --warnings=all -l "$f" >"$work/man.out" 2>"$work/man.err" || [ -s "$work/man.err" ]; then
    say "$page: man -l failed or warned:"; cat "$work/man.err"
  fi
  grep -Eq "^ *$page +- +[a-z]" "$work/man.out" || say "$page: man -l shows no NAME line '$page - ...'"
done

for c in $commands; do
  f=$mandir/archdoc-$c.1
  [ -f "$f" ] || continue
  "$archdoc" "$c" --help >"$work/help"
  last=$(tail -n 1 "$work/help")
  [ "$last" = "See man archdoc-$c, or docs/$c.md (installed in share/doc/archdoc)." ] ||
    say "archdoc $c --help ends with '$last', not a pointer to man archdoc-$c"
  help_options <"$work/help" >"$work/help.opts"
  page_options "$f" >"$work/page.opts"
  test -s "$work/help.opts" || say "archdoc $c --help: no options found"
  if ! cmp -s "$work/help.opts" "$work/page.opts"; then
    say "archdoc-$c(1) OPTIONS and archdoc $c --help differ (< only in --help, > only in the page, docs/$c.md):"
    diff "$work/help.opts" "$work/page.opts" | grep '^[<>]' || true
  fi
done
[ "$fail" = 0 ] && echo "manual pages: $(echo "$commands" | wc -w) commands and archdoc(1) render cleanly; options agree with --help"
exit $fail
