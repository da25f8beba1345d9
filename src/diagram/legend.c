/*
 * The legend (--legend): laid out on its own and placed beside the drawing.
 */
#include "diagram.h"

int archdoc_diagram__legend(archdoc_context *ctx, const archdoc_diagram__engine *engine,
		archdoc_diagram__scene *s, const archdoc_model *m)
{
	(void)ctx;
	(void)engine;
	(void)s;
	(void)m;
	return 0;
}
