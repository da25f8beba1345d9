/* inject: page, table, diagram, model, util */
#include "injector.h"
#include "table.h"
#include "format.h"
#include "model.h"
#include "hash.h"
int layer_probe(void);
int layer_probe(void)
{
	return 0;
}
