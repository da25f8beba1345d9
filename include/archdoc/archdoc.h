/*
 * archdoc: render architecture documentation from one model.
 *
 * Include this header to get the whole public API.
 */
#ifndef ARCHDOC_ARCHDOC_H
#define ARCHDOC_ARCHDOC_H

#include "common.h"
#include "errors.h"
#include "diag.h"
#include "context.h"
#include "model.h"
#include "table.h"
#include "render.h"
#include "page.h"
#include "inject.h"
#include "import.h"

#endif
