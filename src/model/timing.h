/*
 * Phase timings for the benchmark (tests/bench): each step adds the time it
 * took to its phase in the context. Reading the clock costs a few tens of
 * nanoseconds per phase per model, so it is always on.
 */
#ifndef ARCHDOC_TIMING_H
#define ARCHDOC_TIMING_H

#include <stdint.h>

#include "clock.h"
#include "context.h"

static inline void archdoc__phase_add(archdoc_context *ctx, archdoc_phase phase, uint64_t since)
{
	if (ctx && (unsigned)phase < ARCHDOC_PHASE__COUNT)
		ctx->phase_ns[phase] += archdoc__clock_ns() - since;
}

#endif
