#include "options.h"

#include <assert.h>
#include <string.h>

#include "archdoc/errors.h"

int archdoc_options_init(void *opts, const void *init, size_t size, unsigned asked, unsigned have)
{
	assert(opts);
	if (asked != have)
		return ARCHDOC_EUSAGE;
	memcpy(opts, init, size);
	return 0;
}
