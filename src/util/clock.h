/*
 * A monotonic clock in nanoseconds, for the phase timings (model/timing.h)
 * the benchmark reads.
 */
#ifndef ARCHDOC_CLOCK_H
#define ARCHDOC_CLOCK_H

#include <stdint.h>

uint64_t archdoc__clock_ns(void);

#endif
