/*
 * Untrusted text for a terminal (docs/cli.md, "Untrusted text"): what could
 * move the cursor, change the terminal's state, end a line or reorder text
 * is written as \u{XX}, and bytes that are not UTF-8 as \x{XX}.
 */
#include "terminal.h"

#include "utf8.h"

/* What could move the cursor, change the terminal's state, end a line or
 * make text show in another order than it is stored (Trojan Source). */
static int unsafe(unsigned cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x061C || cp == 0x200E || cp == 0x200F ||
			(cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

void archdoc_terminal_escape(FILE *f, const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, start = 0;

	while (i < len) {
		unsigned cp = 0;
		size_t n = archdoc_utf8_decode(s + i, len - i, &cp);

		if (n && !unsafe(cp)) {
			i += n;
			continue;
		}
		fwrite(s + start, 1, i - start, f);
		if (n)
			fprintf(f, "\\u{%02X}", cp);
		else
			fprintf(f, "\\x{%02X}", (unsigned)s[i]);
		i += n ? n : 1;
		start = i;
	}
	fwrite(s + start, 1, len - start, f);
}

