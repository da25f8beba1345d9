/*
 * The registry of diagram formats, indexed by archdoc_diagram_format: the
 * one list of what render can draw.
 */
#include "format.h"

#include <stdio.h>
#include <string.h>

static const archdoc_diagram__format *const formats[] = {
	&archdoc_diagram__svg,
	&archdoc_diagram__png,
	&archdoc_diagram__pdf,
	&archdoc_diagram__dot,
};
#define FORMAT_COUNT (sizeof(formats) / sizeof(formats[0]))

const archdoc_diagram__format *archdoc_diagram__format_of(archdoc_diagram_format id)
{
	return (unsigned)id < FORMAT_COUNT ? formats[id] : NULL;
}

int archdoc_diagram_format_from_name(const char *name)
{
	for (size_t i = 0; name && i < FORMAT_COUNT; i++)
		if (strcmp(name, formats[i]->name) == 0)
			return (int)formats[i]->id;
	return -1;
}

const char *archdoc_diagram_format_name(archdoc_diagram_format format)
{
	const archdoc_diagram__format *f = archdoc_diagram__format_of(format);

	return f ? f->name : NULL;
}

void archdoc_diagram__format_list(char *buf, size_t size, const char *prefix, const char *suffix)
{
	size_t at = (size_t)snprintf(buf, size, "%s", prefix);

	for (size_t i = 0; i < FORMAT_COUNT && at < size; i++)
		at += (size_t)snprintf(buf + at, size - at, "%s%s", i ? ", " : "", formats[i]->name);
	if (at < size)
		snprintf(buf + at, size - at, "%s", suffix);
}
