# Turns one page of docs/ into a manual page (man(7) macros), at build
# time (CMakeLists.txt, "Manual pages"). POSIX awk; run it with LC_ALL=C
# so that text is bytes in every awk (UTF-8 becomes \[uXXXX] below).
#
#   awk -f md2man.awk -v page=archdoc-render -v version=0.1.0 -v out=FILE \
#       docs/cli.md docs/render.md
#
# The first file is always docs/cli.md: its command table gives the list
# of commands (for links and SEE ALSO) and the one-line summary for NAME.
# The second is the page (docs/cli.md again for archdoc(1)).
#
# The Markdown is the subset docs/ uses: headings, paragraphs, "-" and
# "1." lists (with indented continuation lines and fenced code inside),
# fenced code blocks, pipe tables, code spans (any number of backticks),
# **bold**, *italic*, links and backslash escapes. A table becomes a list
# of tagged paragraphs (.TP): the first cell is the tag, the second the
# text, further cells follow as "header: cell" lines; so no tbl is needed.
# The first code block after the title is the SYNOPSIS; the text before
# the first "##" heading the DESCRIPTION.

BEGIN {
	for (i = 1; i < 256; i++)
		ord[sprintf("%c", i)] = i
	# what a backslash escapes in Markdown
	PUNCT = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
	ncmds = 0
	mode = ""
	buf = ""
	title_seen = 0
	synopsis_pending = 0
	description_pending = 0
	if (page == "" || out == "") {
		print "md2man.awk: give -v page=NAME -v out=FILE" > "/dev/stderr"
		exit 2
	}
	self = page
	sub(/^archdoc-?/, "", self)   # "" for archdoc(1)
}

# --- the first file: docs/cli.md's command table ---------------------------
FNR == NR {
	if ($0 ~ /^\| `[a-z]+[ `]/) {
		name = $0
		sub(/^\| `/, "", name)
		sub(/[ `].*/, "", name)
		cmds[++ncmds] = name
		iscmd[name] = 1
		s = $0
		sub(/^\|[^|]*\|[ ]*/, "", s)
		sub(/[ ]*\|[ ]*$/, "", s)
		sub(/^\[[^]]*\]\([^)]*\):[ ]*/, "", s)
		gsub(/`/, "", s)
		summary[name] = s
	}
	next
}

# --- the page ---------------------------------------------------------------
{
	line = $0
	sub(/\r$/, "", line)
}

mode == "fence" {
	l = line
	for (k = 0; k < fence_indent && substr(l, 1, 1) == " "; k++)
		l = substr(l, 2)
	if (l ~ /^(```+|~~~+)[ \t]*$/ && substr(l, 1, 1) == fence_char) {
		t = l
		sub(/[ \t]*$/, "", t)
		if (length(t) >= fence_len) {
			close_fence()
			next
		}
	}
	emit_code(l)
	next
}

!title_seen {
	if (line ~ /^# /) {
		title_seen = 1
		header()
		synopsis_pending = 1
	}
	next
}

# HTML comments on lines of their own are not shown
line ~ /^[ ]*<!--.*-->[ ]*$/ { next }

line ~ /^[ ]*(```|~~~)/ {
	open_fence(line)
	next
}

line ~ /^##+ / {
	flush_all()
	level = line
	sub(/ .*/, "", level)
	text = line
	sub(/^#+ +/, "", text)
	sub(/[ #]*$/, "", text)
	if (synopsis_pending) {
		synopsis_pending = 0
	}
	description_pending = 0
	if (length(level) == 2)
		print ".SH " macro_arg(toupper(plain(text))) > out
	else
		print ".SS " macro_arg(plain(text)) > out
	next
}

line ~ /^[ ]*\|/ {
	if (mode != "table") {
		flush_all()
		start_content()
		mode = "table"
		nrows = 0
	}
	if (line ~ /^[ ]*\|[ |:-]*$/ && line ~ /-/)
		next   # the delimiter row
	rows[++nrows] = line
	next
}

mode == "table" { flush_table(); mode = "" }

line ~ /^[ \t]*$/ {
	if (mode == "para") {
		flush_para()
		mode = ""
	} else if (mode == "list") {
		flush_item()
		saw_blank = 1
	}
	next
}

line ~ /^ ?([-*+]|[0-9]+[.)]) / {
	if (mode == "para")
		flush_para()
	if (mode == "list")
		flush_item()
	start_content()
	mode = "list"
	saw_blank = 0
	marker = line
	sub(/^ ?/, "", marker)
	sub(/ .*/, "", marker)
	text = line
	sub(/^ ?([-*+]|[0-9]+[.)]) +/, "", text)
	if (marker ~ /^[0-9]/) {
		item_tag = marker
		item_indent = 4
	} else {
		item_tag = "\\(bu"
		item_indent = 2
	}
	item_first = 1
	buf = text
	next
}

mode == "list" && (line ~ /^  / || !saw_blank) {
	# continuation of the item (indented, or lazy)
	if (saw_blank) {
		flush_item()
		saw_blank = 0
	}
	t = line
	sub(/^[ \t]+/, "", t)
	buf = (buf == "") ? t : buf "\n" t
	next
}

{
	if (mode == "list")
		end_list()
	if (mode != "para") {
		start_content()
		mode = "para"
		buf = ""
	}
	t = line
	sub(/^[ \t]+/, "", t)
	buf = (buf == "") ? t : buf "\n" t
}

END {
	if (page == "" || out == "")
		exit 2
	if (mode == "fence")
		close_fence()
	flush_all()
	see_also()
	close(out)
}

# --- blocks -----------------------------------------------------------------

function header(   up, i, s) {
	up = toupper(page)
	gsub(/-/, "\\-", up)
	print ".\\\" Generated from docs/" (self == "" ? "cli" : self) ".md by scripts/md2man.awk; edit the Markdown." > out
	print ".TH " up " 1 \"\" \"archdoc " version "\" \"archdoc manual\"" > out
	print ".SH NAME" > out
	if (self == "")
		s = "render architecture documentation from one XML model"
	else
		s = summary[self]
	print esc(page) " \\- " esc(s) > out
}

# What follows the synopsis and comes before the first "##" heading is the
# description.
function start_content() {
	if (synopsis_pending) {
		synopsis_pending = 0
		description_pending = 1
	}
	if (description_pending) {
		description_pending = 0
		print ".SH DESCRIPTION" > out
	}
}

function open_fence(l,   t) {
	t = l
	fence_indent = 0
	while (substr(t, 1, 1) == " ") {
		t = substr(t, 2)
		fence_indent++
	}
	fence_char = substr(t, 1, 1)
	fence_len = 0
	while (substr(t, 1, 1) == fence_char) {
		t = substr(t, 2)
		fence_len++
	}
	if (synopsis_pending && mode == "") {
		synopsis_pending = 0
		description_pending = 1
		fence_return = ""
		fence_kind = "synopsis"
		print ".SH SYNOPSIS" > out
		print ".nf" > out
		mode = "fence"
		return
	}
	fence_kind = "code"
	if (mode == "list" && fence_indent > 0) {
		flush_item()
		fence_return = "list"
		print ".IP \"\" " item_indent > out
	} else {
		if (mode == "list")
			end_list()
		else
			flush_all()
		start_content()
		fence_return = ""
		print ".PP" > out
	}
	print ".RS 4" > out
	print ".nf" > out
	mode = "fence"
}

function close_fence() {
	print ".fi" > out
	if (fence_kind == "code")
		print ".RE" > out
	mode = fence_return
	saw_blank = 0
	item_first = 0
}

function emit_code(l) {
	l = esc(l)
	if (l ~ /^[.']/)
		l = "\\&" l
	print l > out
}

function flush_para() {
	if (buf != "") {
		print ".PP" > out
		emit_text(inline(buf))
	}
	buf = ""
}

function flush_item() {
	if (buf != "") {
		if (item_first)
			print ".IP " item_tag " " item_indent > out
		else
			print ".IP \"\" " item_indent > out
		emit_text(inline(buf))
		item_first = 0
	}
	buf = ""
}

function end_list() {
	flush_item()
	mode = ""
	saw_blank = 0
}

function flush_all() {
	if (mode == "para")
		flush_para()
	else if (mode == "list")
		end_list()
	else if (mode == "table")
		flush_table()
	mode = ""
}

function flush_table(   r, n, k, hn, head) {
	hn = split_cells(rows[1], head)
	for (r = 2; r <= nrows; r++) {
		n = split_cells(rows[r], cell)
		if (n < 2) {
			print ".PP" > out
			emit_text(inline(cell[1]))
			continue
		}
		print ".TP" > out
		emit_text(inline(cell[1]))
		emit_text(inline(cell[2]))
		for (k = 3; k <= n; k++) {
			print ".br" > out
			emit_text(esc(k <= hn ? head[k] : "") ": " inline(cell[k]))
		}
	}
	nrows = 0
}

# A table row's cells; "\|" is a "|" inside a cell.
function split_cells(row, cells,   n, i, c, cur) {
	sub(/^[ ]*\|/, "", row)
	sub(/\|[ ]*$/, "", row)
	n = 0
	cur = ""
	for (i = 1; i <= length(row); i++) {
		c = substr(row, i, 1)
		if (c == "\\" && substr(row, i + 1, 1) == "|") {
			cur = cur "|"
			i++
		} else if (c == "|") {
			cells[++n] = trim(cur)
			cur = ""
		} else {
			cur = cur c
		}
	}
	cells[++n] = trim(cur)
	return n
}

function see_also(   i, s, sep) {
	print ".SH SEE ALSO" > out
	s = ""
	sep = ""
	if (self != "") {
		s = "\\fBarchdoc\\fR(1)"
		sep = ", "
	}
	for (i = 1; i <= ncmds; i++)
		if (cmds[i] != self) {
			s = s sep "\\fBarchdoc\\-" esc(cmds[i]) "\\fR(1)"
			sep = ", "
		}
	print s > out
	print ".PP" > out
	print "This page is docs/" esc(self == "" ? "cli" : self) ".md of archdoc's documentation, installed with the other pages in share/doc/archdoc." > out
}

# --- text -------------------------------------------------------------------

function emit_text(s,   n, i, parts, l) {
	n = split(s, parts, "\n")
	for (i = 1; i <= n; i++) {
		l = parts[i]
		sub(/^[ \t]+/, "", l)
		sub(/[ \t]+$/, "", l)
		if (l == "")
			continue
		if (l ~ /^[.']/)
			l = "\\&" l
		print l > out
	}
}

function trim(s) {
	sub(/^[ \t]+/, "", s)
	sub(/[ \t]+$/, "", s)
	return s
}

# A macro's argument: no quotes inside (they would end it).
function macro_arg(s) {
	gsub(/"/, "\\(dq", s)
	return s
}

# Markdown to plain text (headings): code spans and emphasis dropped.
function plain(s) {
	gsub(/`/, "", s)
	gsub(/\*\*/, "", s)
	return esc(s)
}

# roff-escape text: backslash, hyphen-minus (so options copy as typed),
# and every UTF-8 character as \[uXXXX].
function esc(s,   r, i, n, c, b, cp, need) {
	r = ""
	n = length(s)
	for (i = 1; i <= n; i++) {
		c = substr(s, i, 1)
		b = ord[c]
		if (c == "\\")
			r = r "\\e"
		else if (c == "-")
			r = r "\\-"
		else if (b < 128)
			r = r c
		else {
			if (b >= 240) { cp = b - 240; need = 3 }
			else if (b >= 224) { cp = b - 224; need = 2 }
			else if (b >= 192) { cp = b - 192; need = 1 }
			else { r = r "?"; continue }
			while (need-- > 0 && i < n) {
				i++
				cp = cp * 64 + (ord[substr(s, i, 1)] - 128)
			}
			r = r sprintf("\\[u%04X]", cp)
		}
	}
	return r
}

# Inline Markdown to roff: code spans bold, **bold**, *italic*, links as
# their text (a page of another command as its manual page).
function inline(s,   r, plain_run, i, n, c, k, j, run, code, font, close_at, t, u, m) {
	r = ""
	plain_run = ""
	font = "R"
	n = length(s)
	for (i = 1; i <= n; i++) {
		c = substr(s, i, 1)
		if (c == "\\" && i < n && index(PUNCT, substr(s, i + 1, 1))) {
			plain_run = plain_run substr(s, i + 1, 1)
			i++
			continue
		}
		if (c == "`") {
			k = i
			while (substr(s, k, 1) == "`")
				k++
			run = substr(s, i, k - i)
			close_at = find_run(s, k, length(run))
			if (close_at) {
				code = substr(s, k, close_at - k)
				gsub(/\n/, " ", code)
				if (code ~ /^ .* $/ && code !~ /^ *$/)
					code = substr(code, 2, length(code) - 2)
				# \% : a code span is never hyphenated
				code = esc(code)
				gsub(/ /, " \\%", code)
				r = r esc(plain_run) "\\fB\\%" code "\\f" font
				plain_run = ""
				i = close_at + length(run) - 1
				continue
			}
			plain_run = plain_run run
			i = k - 1
			continue
		}
		if (c == "*" && substr(s, i + 1, 1) == "*") {
			r = r esc(plain_run)
			plain_run = ""
			font = (font == "B") ? "R" : "B"
			r = r "\\f" font
			i++
			continue
		}
		if (c == "*" && (font == "I" || (substr(s, i + 1, 1) ~ /[^ \n*]/ && index(substr(s, i + 2), "*")))) {
			r = r esc(plain_run)
			plain_run = ""
			font = (font == "I") ? "R" : "I"
			r = r "\\f" font
			continue
		}
		if ((c == "[" || (c == "!" && substr(s, i + 1, 1) == "[")) && match(substr(s, i), /^!?\[[^]]*\]\([^)]*\)/)) {
			m = substr(s, i, RLENGTH)
			t = m
			sub(/^!?\[/, "", t)
			sub(/\]\(.*/, "", t)
			u = m
			sub(/^!?\[[^]]*\]\(/, "", u)
			sub(/\)$/, "", u)
			r = r esc(plain_run) link(t, u, font)
			plain_run = ""
			i += RLENGTH - 1
			continue
		}
		plain_run = plain_run c
	}
	r = r esc(plain_run)
	if (font != "R")
		r = r "\\fR"
	return r
}

# Where the closing backtick run of exactly this length starts, or 0.
function find_run(s, from, len,   n, i, k) {
	n = length(s)
	for (i = from; i <= n; i++) {
		if (substr(s, i, 1) != "`")
			continue
		k = i
		while (substr(s, k, 1) == "`")
			k++
		if (k - i == len)
			return i
		i = k - 1
	}
	return 0
}

function link(text, url, font,   file, base, ref, shown) {
	shown = inline_text(text, font)
	if (url ~ /^https?:/)
		return shown " <" esc(url) ">"
	file = url
	sub(/#.*/, "", file)
	sub(/^(\.\/)+/, "", file)
	sub(/^\.\.\/docs\//, "", file)
	if (file == "" || file !~ /\.md$/)
		return shown
	base = file
	sub(/\.md$/, "", base)
	ref = ""
	if (base == "cli")
		ref = "\\fBarchdoc\\f" font "(1)"
	else if (base in iscmd)
		ref = "\\fBarchdoc\\-" esc(base) "\\f" font "(1)"
	if (ref != "") {
		if (text == file || text == base || text == "`" file "`")
			return ref
		return shown " (" ref ")"
	}
	if (text == file)
		return shown
	return shown " (" esc(file) ")"
}

# A link's text, formatted inside the current font.
function inline_text(text, font,   saved, r) {
	r = inline(text)
	if (font != "R")
		sub(/\\fR$/, "", r)
	return r
}
