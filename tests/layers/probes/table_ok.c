/* table: its own headers, model and util */
#include "markdown.h"
#include "table.h"
#include "model.h"
#include "buf.h"
int layer_probe(void);
int layer_probe(void)
{
	return 0;
}
