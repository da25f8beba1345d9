#include "archdoc/errors.h"

#include <stdlib.h>

#include "archdoc/common.h"

const char *archdoc_strerror(int code)
{
	switch (code) {
	case ARCHDOC_OK: return "success";
	case ARCHDOC_ERROR: return "failed";
	case ARCHDOC_ENOMEM: return "out of memory";
	case ARCHDOC_EIO: return "input/output error";
	case ARCHDOC_EINVALID: return "the model has errors";
	case ARCHDOC_ELIMIT: return "a limit was exceeded";
	case ARCHDOC_ENOTFOUND: return "not found";
	case ARCHDOC_EUSAGE: return "invalid option or argument";
	case ARCHDOC_ERENDER: return "Graphviz could not lay out or render the diagram";
	default: return "unknown error";
	}
}

const char *archdoc_version(void)
{
	return ARCHDOC_VERSION;
}

void archdoc_free(void *ptr)
{
	free(ptr);
}
