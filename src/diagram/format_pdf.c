/*
 * PDF: drawn by cairo (Graphviz's pango plugin); its creation date is made
 * fixed, so the same model gives the same bytes.
 */
#include <string.h>

#include "format.h"

/*
 * cairo 1.16 stamps each PDF with the time it was made, so the same model
 * would give different bytes on every run. Overwrite the date in place with
 * a fixed one of the same length (the cross-reference offsets stay right).
 */
static void pdf_fixed_date(char *pdf, size_t len)
{
	static const char key[] = "/CreationDate (D:";
	const size_t klen = sizeof(key) - 1;

	for (size_t i = 0; i + klen < len; i++) {
		size_t j;

		if (memcmp(pdf + i, key, klen) != 0)
			continue;
		/* D:YYYYMMDDHHmmSS followed by Z or +HH'mm' */
		for (j = i + klen; j < len && pdf[j] != ')' && j - (i + klen) < 32; j++)
			;
		if (j < len && pdf[j] == ')') {
			static const char fixed[] = "20000101000000+00'00'";

			for (size_t k = i + klen, f = 0; k < j; k++, f++) {
				if (f < sizeof(fixed) - 1)
					pdf[k] = fixed[f];
				if (f == 14 && j - k == 1)
					pdf[k] = 'Z';   /* the UTC form, "...SSZ" */
			}
		}
		return;
	}
}

static int finish(archdoc_context *ctx, const archdoc_model *m, const archdoc_diagram__scene *s,
		const archdoc_diagram_options *o, char *raw, size_t raw_len, char **out, size_t *out_len)
{
	(void)ctx;
	(void)m;
	(void)s;
	(void)o;
	pdf_fixed_date(raw, raw_len);
	*out = raw;
	*out_len = raw_len;
	return 0;
}

const archdoc_diagram__format archdoc_diagram__pdf = {
	.id = ARCHDOC_DIAGRAM_PDF, .name = "pdf", .title = "PDF", .media_type = "application/pdf",
	.device = "pdf:cairo", .default_dpi = 96, .binary = 1, .finish = finish
};
