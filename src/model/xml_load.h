/*
 * The XML loader's parts (load_xml.c drives them): parsing with positions
 * (xml_parse.c), the structure check with the field limits
 * (xml_structure.c), and building the model from the tree (xml_build.c).
 */
#ifndef ARCHDOC_XML_LOAD_H
#define ARCHDOC_XML_LOAD_H

#include <stdint.h>

#include <libxml/tree.h>

#include "load.h"

#define NS ARCHDOC_MODEL_NAMESPACE

/* The byte offset of an element's start tag (recorded while parsing). */
static inline size_t node_offset(const xmlNode *node)
{
	return node && node->_private ? (size_t)(uintptr_t)node->_private - 1 : 0;
}

static inline int in_ns(const xmlNode *node)
{
	return node->ns && xmlStrEqual(node->ns->href, BAD_CAST NS);
}

static inline int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* xml_parse.c: the document, or NULL after reporting why (syntax,
 * encoding, DOCTYPE, limits) or running out of memory (L->oom). */
xmlDocPtr archdoc_xml__parse(archdoc_loader *L);

/* xml_structure.c: check root and everything in it against the format's
 * elements and attributes; returns the errors found. */
unsigned archdoc_xml__check(archdoc_loader *L, xmlNode *root);
/* The length limit of an attribute, and of an element's text. */
size_t archdoc_xml__attr_limit(const char *name);
size_t archdoc_xml__text_limit(const xmlNode *node);

/* xml_build.c: the model from a checked tree. */
void archdoc_xml__build(archdoc_loader *L, xmlNode *root);

#endif
