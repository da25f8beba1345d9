/*
 * Output safety: is an SVG or HTML document archdoc wrote safe to embed in
 * a page other people open? Parsed with libxml2 (no network, no DTD, no
 * entities), then every node is checked:
 *
 * - no element that runs code, embeds another document or changes how the
 *   page loads: script, foreignObject, iframe, frame(set), object, embed,
 *   applet, base, link, form, SVG animation elements (set, animate*: they
 *   can rewrite an href), handler, listener, and meta with http-equiv;
 * - no event-handler attribute (any attribute whose name starts with "on");
 * - no attribute that loads a resource by itself (src, srcset, poster,
 *   data, background, ...); href only on <a> and only a fragment (#...), a
 *   URL starting with the caller's allowed prefix (--link-base), or, when
 *   the caller allows links the model's author wrote in Markdown
 *   (SAFETY_AUTHOR_LINKS), a relative, http(s) or mailto URL; href on any
 *   other element (use, image, feImage) only as a fragment;
 * - never a javascript:, vbscript:, data:, file: or other-scheme URL, even
 *   hidden by case, white space or control characters;
 * - no external stylesheet: no @import, url(...) other than url(#id),
 *   expression() or behavior in a <style> element or style attribute;
 * - no processing instruction (xml-stylesheet), no DOCTYPE with an
 *   external identifier, no entity reference.
 *
 * The raw bytes are also searched for "<script", "<foreignobject" and
 * "<iframe" in any case, so a tag the HTML parser would read differently
 * from a browser cannot slip through.
 *
 * safety_check returns the number of problems and writes the first into
 * why. Header-only, shared by the hostile tests and the fuzz targets.
 */
#ifndef ARCHDOC_TEST_SAFETY_H
#define ARCHDOC_TEST_SAFETY_H

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#define SAFETY_HTML (1u << 0)          /* parse as HTML (else as XML, e.g. SVG) */
#define SAFETY_AUTHOR_LINKS (1u << 1)  /* <a href> may hold relative, http(s), mailto URLs */

typedef struct safety_state {
	unsigned flags;
	const char *allowed_prefix; /* e.g. the --link-base; NULL for none */
	int problems;
	char *why;
	size_t why_len;
} safety_state;

static void safety_problem(safety_state *s, const char *what, const char *detail)
{
	if (!s->problems++ && s->why && s->why_len)
		snprintf(s->why, s->why_len, "%s: %.200s", what, detail ? detail : "");
}

static int safety_name_in(const char *name, const char *const *list)
{
	for (; *list; list++)
		if (strcasecmp(name, *list) == 0)
			return 1;
	return 0;
}

/* The URL as a browser sees it: ASCII white space and control characters
 * dropped (browsers strip tabs and newlines anywhere, and leading C0 and
 * spaces), lower case; at most cap - 1 bytes. */
static void safety_url_norm(const char *v, char *out, size_t cap)
{
	size_t n = 0;

	for (; *v && n + 1 < cap; v++) {
		unsigned char c = (unsigned char)*v;

		if (c <= 0x20 || c == 0x7f)
			continue;
		out[n++] = (char)tolower(c);
	}
	out[n] = '\0';
}

/* The URL's scheme (lower case, without ':') into scheme, or "" when the
 * URL is relative. */
static void safety_url_scheme(const char *url, char *scheme, size_t cap)
{
	size_t i = 0;

	scheme[0] = '\0';
	if (!isalpha((unsigned char)url[0]))
		return;
	while (url[i] && (isalnum((unsigned char)url[i]) || url[i] == '+' || url[i] == '-' || url[i] == '.'))
		i++;
	if (url[i] == ':' && i < cap) {
		memcpy(scheme, url, i);
		scheme[i] = '\0';
	}
}

static void safety_check_url(safety_state *s, const char *element, const char *attr, const char *value)
{
	char url[1024], scheme[64];
	int is_a = strcasecmp(element, "a") == 0;

	safety_url_norm(value, url, sizeof(url));
	safety_url_scheme(url, scheme, sizeof(scheme));
	if (!strcmp(scheme, "javascript") || !strcmp(scheme, "vbscript") || !strcmp(scheme, "data") ||
			!strcmp(scheme, "file") || !strcmp(scheme, "livescript")) {
		safety_problem(s, "dangerous URL", value);
		return;
	}
	if (url[0] == '#' || url[0] == '\0')
		return; /* within the page */
	if (s->allowed_prefix && is_a && strncmp(value, s->allowed_prefix, strlen(s->allowed_prefix)) == 0)
		return;
	if (!is_a) {
		safety_problem(s, "a reference to another document outside <a>", attr);
		return;
	}
	if (!(s->flags & SAFETY_AUTHOR_LINKS)) {
		safety_problem(s, "an external link nobody asked for", value);
		return;
	}
	if (url[0] == '/' && url[1] == '/')
		return; /* protocol-relative: http(s) */
	if (scheme[0] && strcmp(scheme, "http") && strcmp(scheme, "https") && strcmp(scheme, "mailto"))
		safety_problem(s, "a link with an unexpected scheme", value);
}

/* CSS must not load anything: no @import, no url() but url(#id), no IE
 * expression() or behavior. */
static void safety_check_css(safety_state *s, const char *css)
{
	char low[4096];
	const char *p;

	safety_url_norm(css, low, sizeof(low)); /* white space out: "u r l (" is not CSS, "url (" neither */
	if (strstr(low, "@import") || strstr(low, "expression(") || strstr(low, "behavior:") ||
			strstr(low, "-moz-binding"))
		safety_problem(s, "CSS that loads or runs something", css);
	for (p = low; (p = strstr(p, "url(")) != NULL; p += 4) {
		const char *q = p + 4;

		if (*q == '"' || *q == '\'')
			q++;
		if (*q != '#')
			safety_problem(s, "CSS url() outside the page", css);
	}
	/* CSS escapes could spell any of the above ("\75rl(") */
	if (strchr(low, '\\'))
		safety_problem(s, "CSS with an escape", css);
}

static void safety_walk(safety_state *s, xmlNode *n)
{
	static const char *const banned[] = { "script", "foreignobject", "iframe", "frame", "frameset",
		"object", "embed", "applet", "base", "link", "form", "set", "animate", "animatemotion",
		"animatetransform", "animatecolor", "handler", "listener", "portal", "noscript", "template",
		"svg:script", NULL };
	static const char *const loads[] = { "src", "srcset", "poster", "data", "background", "codebase",
		"classid", "archive", "dynsrc", "lowsrc", "longdesc", "usemap", "ping", "manifest", "action",
		"formaction", "cite", "profile", "icon", NULL };

	for (; n; n = n->next) {
		switch (n->type) {
		case XML_PI_NODE:
			safety_problem(s, "a processing instruction", (const char *)n->name);
			break;
		case XML_ENTITY_REF_NODE:
		case XML_ENTITY_NODE:
		case XML_XINCLUDE_START:
			safety_problem(s, "an entity or inclusion", (const char *)n->name);
			break;
		case XML_DTD_NODE: {
			xmlDtd *dtd = (xmlDtd *)n;

			if (dtd->ExternalID || dtd->SystemID)
				safety_problem(s, "a DOCTYPE naming an external DTD",
						(const char *)(dtd->SystemID ? dtd->SystemID : dtd->ExternalID));
			break;
		}
		case XML_ELEMENT_NODE: {
			const char *name = (const char *)n->name;

			if (safety_name_in(name, banned))
				safety_problem(s, "a forbidden element", name);
			for (xmlAttr *a = n->properties; a; a = a->next) {
				const char *an = (const char *)a->name;
				xmlChar *v = xmlNodeListGetString(n->doc, a->children, 1);
				const char *value = v ? (const char *)v : "";

				if (!strcasecmp(an, "xmlns") || !strncasecmp(an, "xmlns:", 6)) {
					/* a namespace name, never fetched */
				} else if (!strncasecmp(an, "on", 2)) {
					safety_problem(s, "an event-handler attribute", an);
				} else if (safety_name_in(an, loads)) {
					safety_problem(s, "an attribute that loads a resource", an);
				} else if (!strcasecmp(an, "href") || !strcasecmp(an, "xlink:href")) {
					safety_check_url(s, name, an, value);
				} else if (!strcasecmp(an, "style")) {
					safety_check_css(s, value);
				} else if (!strcasecmp(name, "meta") && !strcasecmp(an, "http-equiv")) {
					safety_problem(s, "meta http-equiv", value);
				} else if (!strcasecmp(an, "attributename") || !strcasecmp(an, "formtarget") ||
						!strcasecmp(an, "srcdoc")) {
					safety_problem(s, "a forbidden attribute", an);
				}
				/* a URL hidden in any other attribute */
				{
					char norm[1024], scheme[64];

					safety_url_norm(value, norm, sizeof(norm));
					safety_url_scheme(norm, scheme, sizeof(scheme));
					if (!strcmp(scheme, "javascript") || !strcmp(scheme, "vbscript"))
						safety_problem(s, "a script URL in an attribute", an);
				}
				if (v)
					xmlFree(v);
			}
			if (!strcasecmp(name, "style")) {
				xmlChar *css = xmlNodeGetContent(n);

				safety_check_css(s, css ? (const char *)css : "");
				if (css)
					xmlFree(css);
			}
			break;
		}
		default:
			break;
		}
		if (n->type != XML_ENTITY_REF_NODE)
			safety_walk(s, n->children);
	}
}

static void safety_silent(void *payload, const char *msg, ...)
{
	(void)payload;
	(void)msg;
}

static int safety_check(const char *data, size_t len, unsigned flags, const char *allowed_prefix,
		char *why, size_t why_len)
{
	static const char *const raw[] = { "<script", "<foreignobject", "<iframe", NULL };
	safety_state s = { flags, allowed_prefix, 0, why, why_len };
	xmlDoc *doc;

	if (why && why_len)
		why[0] = '\0';
	for (int i = 0; raw[i]; i++) {
		size_t k = strlen(raw[i]);

		for (size_t at = 0; at + k <= len; at++)
			if (data[at] == '<' && strncasecmp(data + at, raw[i], k) == 0) {
				safety_problem(&s, "raw tag in the bytes", raw[i]);
				break;
			}
	}
	if (len > 0x7fffffff) {
		safety_problem(&s, "too large to check", NULL);
		return s.problems;
	}
	xmlSetGenericErrorFunc(NULL, safety_silent);
	if (flags & SAFETY_HTML)
		doc = htmlReadMemory(data, (int)len, "out.html", "UTF-8",
				HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NODEFDTD);
	else
		doc = xmlReadMemory(data, (int)len, "out.svg", "UTF-8",
				XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	xmlSetGenericErrorFunc(NULL, NULL);
	if (!doc) {
		safety_problem(&s, (flags & SAFETY_HTML) ? "not parseable as HTML" : "not well-formed XML", NULL);
		return s.problems;
	}
	safety_walk(&s, doc->children);
	xmlFreeDoc(doc);
	return s.problems;
}

#endif
