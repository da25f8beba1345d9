#!/bin/sh
# Writes the length-limit fixtures next to this script (they are committed:
# the check goldens and the fuzz seeds use them; run this again after a
# limit changes). The limits are in src/model/model.h and docs/security.md.
#   limits-ok.xml       every field exactly at its limit: loads clean
#   field-too-long.xml  each field one character over: one error each
#   too-many-ports.xml  1,025 ports in one port attribute
set -eu
cd "$(dirname "$0")"

# rep TEXT N: TEXT N times
rep() { awk -v s="$1" -v n="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s }'; }
# fill PREFIX N: PREFIX, then "x" up to N characters in all
fill() { printf '%s' "$1"; rep x $(($2 - ${#1})); }
# words N: "lorem ipsum ..." cut to exactly N characters (ASCII)
words() { rep "lorem ipsum dolor sit amet " $(($1 / 27 + 1)) | cut -c "1-$1"; }
# ports N WIDTH: 1,2,...,N padded with spaces after the first comma to WIDTH characters
ports() {
	list=$(awk -v n="$1" 'BEGIN { for (i = 1; i <= n; i++) printf "%s%d", (i > 1 ? "," : ""), i }')
	first=${list%%,*}
	rest=${list#*,}
	printf '%s,' "$first"
	rep ' ' $(($2 - ${#list}))
	printf '%s' "$rest"
}

ns='xmlns="urn:archdoc:model:1"'
a128=$(fill a 128)
b128=$(fill b 128)
c128=$(fill c 128)

{
	printf '<architecture %s id="%s" title="%s">\n' "$ns" "$(fill m 128)" "$(fill 'Model ' 256)"
	printf '  <description>%s</description>\n' "$(words 65536)"
	printf '  <table columns="number source destination protocol port classification data">\n'
	printf '    <header column="data">%s</header>\n' "$(fill 'Data ' 256)"
	printf '  </table>\n'
	printf '  <boundary id="%s" title="%s" kind="%s">\n' "$b128" "$(fill 'Boundary ' 256)" "$(fill 'zone ' 256)"
	printf '    <component id="%s" title="%s" kind="service"/>\n' "$a128" "$(fill 'Alpha ' 256)"
	printf '  </boundary>\n'
	printf '  <component id="%s" title="%s" kind="database"/>\n' "$c128" "$(fill 'Gamma ' 256)"
	printf '  <connection n="1" from="%s" to="%s" protocol="%s" port="%s" classification="%s">%s</connection>\n' \
		"$a128" "$c128" "$(fill 'TCP ' 256)" "$(ports 1024 16384)" "$(fill 'Internal ' 256)" "$(words 10000)"
	printf '</architecture>\n'
} > limits-ok.xml

# One character over each limit. Where the value is padded with spaces,
# the trimmed value is valid, so each line gets exactly one error.
{
	printf '<architecture %s id="over" title="%s">\n' "$ns" "$(fill 'Model ' 257)"
	printf '  <description>%s</description>\n' "$(words 65537)"
	printf '  <table columns="number%s">\n' "$(rep , 251)"
	printf '    <header column="data">%s</header>\n' "$(fill 'Data ' 257)"
	printf '  </table>\n'
	printf '  <diagram layout="badges%s"/>\n' "$(rep ' ' 65531)"
	printf '  <boundary id="b" title="B" kind="%s">\n' "$(fill 'zone ' 257)"
	printf '    <component id="%sa" title="A" kind="service"/>\n' "$a128"
	printf '  </boundary>\n'
	printf '  <component id="c" title="%s" kind="database"/>\n' "$(fill 'Gamma ' 257)"
	printf '  <connection\n'
	printf '      n="%s1"\n' "$(rep ' ' 128)"
	printf '      from="%sa" to="c"\n' "$a128"
	printf '      protocol="%s"\n' "$(fill 'TCP ' 257)"
	printf '      port="443%s"\n' "$(rep ' ' 16382)"
	printf '      classification="%s">%s</connection>\n' "$(fill 'Internal ' 257)" "$(words 10001)"
	printf '</architecture>\n'
} > field-too-long.xml

{
	printf '<architecture %s id="ports" title="Ports">\n' "$ns"
	printf '  <component id="a" title="A" kind="service"/>\n'
	printf '  <component id="b" title="B" kind="service"/>\n'
	printf '  <connection from="a" to="b" port="%s">1,024 ports are allowed.</connection>\n' "$(ports 1024 4012)"
	printf '  <connection from="a" to="b" port="%s">1,025 are not.</connection>\n' "$(ports 1025 4017)"
	printf '</architecture>\n'
} > too-many-ports.xml
