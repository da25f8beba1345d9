#!/bin/sh
# Every command `archdoc --help` lists has its page docs/NAME.md, and every
# model rule id the check fixtures produce is documented in model-format.md.
# Usage: pages.sh ARCHDOC PROJECT_DIR
set -eu
archdoc=$1
root=$2
fail=0
commands=$("$archdoc" --help | awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { on = 0 }')
test -n "$commands" || { echo "no commands found in archdoc --help"; exit 1; }
for c in $commands; do
  if [ ! -f "$root/docs/$c.md" ]; then
    echo "command '$c' has no page docs/$c.md"; fail=1
  elif ! grep -q "($c.md)" "$root/docs/cli.md"; then
    echo "command '$c' is not listed in docs/cli.md"; fail=1
  fi
done
rules=$(cat "$root"/tests/check/*.err | sed -n 's/.*\[\([a-z-]*\)\]$/\1/p' | sort -u)
test -n "$rules" || { echo "no rule ids found in tests/check/*.err"; exit 1; }
for r in $rules; do
  grep -q "^| \`$r\` |" "$root/docs/model-format.md" || { echo "rule '$r' is not in docs/model-format.md"; fail=1; }
done
exit $fail
