/* model must not see the table backend */
#include "table.h"
int layer_probe(void);
int layer_probe(void)
{
	return 0;
}
