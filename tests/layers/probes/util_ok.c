/* util: its own headers */
#include "arena.h"
#include "array.h"
#include "atomic.h"
#include "buf.h"
#include "file.h"
#include "hash.h"
#include "html.h"
#include "num.h"
#include "options.h"
#include "terminal.h"
#include "utf8.h"
int layer_probe(void);
int layer_probe(void)
{
	return 0;
}
