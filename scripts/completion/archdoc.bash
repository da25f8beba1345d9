# bash completion for archdoc: commands, options, option values (formats
# from archdoc's registries, columns, ...) and --view ids, all asked of the
# program itself through its hidden helper, `archdoc complete ...`, so
# they follow the installed version. Installed as
# share/bash-completion/completions/archdoc; tests/completion/ drives it.

_archdoc_models() {
	# the model files named on the command line so far
	local w
	for w in "${COMP_WORDS[@]:2}"; do
		[[ $w == *.xml && -f $w ]] && printf '%s\n' "$w"
	done
}

_archdoc() {
	local prog=${COMP_WORDS[0]} cur=${COMP_WORDS[COMP_CWORD]} prev= cmd opt arg
	local opts= values
	local -a argopts=() argnames=()
	COMPREPLY=()
	command -v "$prog" >/dev/null 2>&1 || prog=archdoc
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
	# --opt=value: bash splits it at "=" (COMP_WORDBREAKS)
	if [[ $cur == = ]]; then
		cur=
	elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
		prev=${COMP_WORDS[COMP_CWORD - 2]}
	elif [[ $cur == --*=* ]]; then
		prev=${cur%%=*}
		cur=${cur#*=}
	fi
	if ((COMP_CWORD == 1)); then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W '--help --version' -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$("$prog" complete commands 2>/dev/null) help" -- "$cur"))
		fi
		return 0
	fi
	cmd=${COMP_WORDS[1]}
	if [[ $cmd == help ]]; then
		((COMP_CWORD == 2)) && COMPREPLY=($(compgen -W "$("$prog" complete commands 2>/dev/null)" -- "$cur"))
		return 0
	fi
	while read -r opt arg; do
		opts+="$opt "
		if [[ -n $arg ]]; then
			argopts+=("$opt")
			argnames+=("$arg")
		fi
	done < <("$prog" complete options "$cmd" 2>/dev/null)

	if [[ $prev == --view ]]; then
		COMPREPLY=($(compgen -W "$("$prog" complete views $(_archdoc_models) 2>/dev/null)" -- "$cur"))
		return 0
	fi
	local i
	for i in "${!argopts[@]}"; do
		[[ ${argopts[i]} == "$prev" ]] || continue
		values=$("$prog" complete values "$cmd" "$prev" 2>/dev/null)
		if [[ -z $values ]]; then
			# a path (-o), or free text (a URL, a number): files help the first
			[[ ${argnames[i]} == @(PATH|FILE) ]] && { compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")); }
		elif [[ ${argnames[i]} == LIST && $cur == *,* ]]; then
			# a comma-separated list: complete its last item
			COMPREPLY=($(compgen -P "${cur%,*}," -W "$values" -- "${cur##*,}"))
			compopt -o nospace 2>/dev/null
		else
			COMPREPLY=($(compgen -W "$values" -- "$cur"))
		fi
		return 0
	done
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
		return 0
	fi
	compopt -o filenames 2>/dev/null
	case $cmd in
	inject) COMPREPLY=($(compgen -f -X '!*.md' -- "$cur") $(compgen -d -- "$cur")) ;;
	import)
		local ext
		for ext in md markdown html htm csv; do
			COMPREPLY+=($(compgen -f -X "!*.$ext" -- "$cur"))
		done
		COMPREPLY+=($(compgen -d -- "$cur"))
		;;
	*) COMPREPLY=($(compgen -f -X '!*.xml' -- "$cur") $(compgen -d -- "$cur")) ;;
	esac
	return 0
}
complete -F _archdoc archdoc
