/*
 * libxml2 API differences between Debian 12's 2.9.14 and current releases,
 * in one place.
 */
#ifndef ARCHDOC_XML_COMPAT_H
#define ARCHDOC_XML_COMPAT_H

#include <libxml/xmlerror.h>
#include <libxml/xmlversion.h>

/* The structured error callback takes a const pointer since 2.12. */
#if LIBXML_VERSION >= 21200
#define ARCHDOC_XML_ERROR_T const xmlError *
#else
#define ARCHDOC_XML_ERROR_T xmlErrorPtr
#endif

#endif
