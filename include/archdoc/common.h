/*
 * archdoc: common definitions shared by every public header.
 */
#ifndef ARCHDOC_COMMON_H
#define ARCHDOC_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
#define ARCHDOC_BEGIN_DECL extern "C" {
#define ARCHDOC_END_DECL }
#else
#define ARCHDOC_BEGIN_DECL
#define ARCHDOC_END_DECL
#endif

#if defined(ARCHDOC_STATIC)
#define ARCHDOC_API
#elif defined(_WIN32)
#ifdef ARCHDOC_BUILDING
#define ARCHDOC_API __declspec(dllexport)
#else
#define ARCHDOC_API __declspec(dllimport)
#endif
#elif defined(__GNUC__)
#define ARCHDOC_API __attribute__((visibility("default")))
#else
#define ARCHDOC_API
#endif

/* ARCHDOC_VERSION_MAJOR, _MINOR, _PATCH and _STRING, generated */
#include "archdoc/version.h"
#define ARCHDOC_VERSION ARCHDOC_VERSION_STRING

/* The model format version this library reads and writes. */
#define ARCHDOC_MODEL_FORMAT 1
#define ARCHDOC_MODEL_NAMESPACE "urn:archdoc:model:1"

ARCHDOC_BEGIN_DECL

/** The library's version string (ARCHDOC_VERSION_STRING of the build). Borrowed, static. */
ARCHDOC_API const char *archdoc_version(void);

/**
 * Free memory the library returned as owned (rendered outputs, strings).
 * NULL is allowed.
 */
ARCHDOC_API void archdoc_free(void *ptr);

ARCHDOC_END_DECL

#endif
