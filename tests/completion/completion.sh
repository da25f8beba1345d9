#!/bin/sh
# Drives the shell completion for real: the bash script is sourced in
# bash, COMP_WORDS/COMP_CWORD set as bash sets them, _archdoc called and
# COMPREPLY compared; the zsh function is installed on fpath of an
# interactive zsh on a pseudo-terminal with the completion system
# (compinit), the words are typed and TAB pressed, and the matches zsh
# accepts are compared. Both ask the archdoc under test (`archdoc
# complete ...`), found on PATH as `archdoc`.
# Usage: completion.sh bash|zsh ARCHDOC SOURCE_DIR
# Exit 77 (SKIP) when the shell is not installed.
set -eu
shell=$1
archdoc=$2
src=$3
here=$src/tests/completion
if ! command -v "$shell" >/dev/null 2>&1; then
  echo "SKIP: $shell is not installed (Debian package $shell; scripts/test installs it)"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/bin" "$work/dir" "$work/dir/sub"
ln -s "$archdoc" "$work/bin/archdoc"
# a.xml: a model with two views, for --view
cat >"$work/dir/a.xml" <<'XML'
<architecture xmlns="urn:archdoc:model:1" id="a" title="A">
  <component id="x" title="X" kind="service"/>
  <component id="y" title="Y" kind="service"/>
  <connection n="1" from="x" to="y">Bytes.</connection>
  <view id="edge"><include component="x" depth="1"/></view>
  <view id="everything"><exclude connections="2-3"/></view>
</architecture>
XML
: >"$work/dir/b.md"; : >"$work/dir/c.csv"
grep -v '^#' "$here/cases.txt" | grep -v '^$' >"$work/cases"
cd "$work/dir"
export PATH="$work/bin:$PATH" LC_ALL=C

case $shell in
bash)
  bash --norc --noprofile -c '
    . "$1"
    while IFS= read -r line; do
      eval "COMP_WORDS=($line)"
      COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
      COMPREPLY=()
      _archdoc
      printf "%s =>" "$line"
      printf " %s" $(printf "%s\n" "${COMPREPLY[@]}" | sort)
      printf "\n"
    done <"$2"
  ' bash "$src/scripts/completion/archdoc.bash" "$work/cases" >"$work/got"
  ;;
zsh)
  # Each case in a real interactive zsh on a pseudo-terminal (zsh/zpty),
  # completion system loaded (compinit), TAB typed; a compadd wrapper
  # prints every match zsh accepted, and comppostfuncs marks the end. The
  # pty echoes what is typed: the markers are split by "" there, so only
  # what zsh prints has them whole.
  while IFS= read -r line; do
    case $line in *" = "*) echo "$line => (bash only)"; continue ;; esac
    zsh -f -c '
      zmodload zsh/zpty || exit 3
      eval "typed=($2)"
      zpty z zsh -f -i
      zpty -w z "PROMPT= ; fpath=(${(q)1} \$fpath); autoload -Uz compinit; compinit -u -D"
      zpty -w z "compadd() { if [[ \"\$*\" == *-[OAD]\\ * ]]; then builtin compadd \"\$@\"; return; fi; local -a m; builtin compadd -O m \"\$@\"; builtin compadd \"\$@\"; local x; for x in \$m; do print -r -- \"MAT\"\"CH:\$IPREFIX\$x\"; done; }"
      zpty -w z "comppostfuncs=(end_of_matches); end_of_matches() { print -r -- END-OF-\"\"MATCHES; }; bindkey \"^I\" complete-word; print RE\"\"ADY"
      while zpty -r z out; do [[ $out == *READY* ]] && break; done
      zpty -w -n z "${(j: :)typed}"$'"'"'\t'"'"'
      while zpty -r z out; do
        out=${out//$'"'"'\r'"'"'/}
        [[ $out == *END-OF-MATCHES* ]] && break
        [[ $out == *MATCH:* ]] && print -r -- ${out#*MATCH:}
      done
      zpty -d z
    ' zsh "$src/scripts/completion" "$line" | sed '/^$/d' | LC_ALL=C sort -u >"$work/matches"
    printf '%s =>' "$line"
    while IFS= read -r m; do printf ' %s' "$m"; done <"$work/matches"
    printf '\n'
  done <"$work/cases" >"$work/got"
  ;;
esac
if [ -n "${ARCHDOC_UPDATE_GOLDEN:-}" ]; then
  cp "$work/got" "$here/$shell.expected"
fi
if ! diff -u "$here/$shell.expected" "$work/got"; then
  echo "$shell completion differs from tests/completion/$shell.expected"
  exit 1
fi
echo "$shell completion: $(wc -l <"$work/got") cases as expected"
