#include "html.h"

void archdoc_html__escape(archdoc_buf *b, const char *s)
{
	const char *run = s;

	for (; *s; s++) {
		const char *rep;

		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		case '\r': rep = "&#13;"; break;
		default: continue;
		}
		archdoc_buf_put(b, run, (size_t)(s - run));
		archdoc_buf_puts(b, rep);
		run = s + 1;
	}
	archdoc_buf_put(b, run, (size_t)(s - run));
}
