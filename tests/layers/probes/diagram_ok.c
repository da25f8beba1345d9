/* diagram: its own headers, model and util */
#include "cache.h"
#include "diagram.h"
#include "engine.h"
#include "format.h"
#include "quality.h"
#include "scene.h"
#include "theme.h"
#include "layout.h"
#include "array.h"
int layer_probe(void);
int layer_probe(void)
{
	return 0;
}
