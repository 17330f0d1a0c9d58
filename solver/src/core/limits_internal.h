/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Internal checks against the process-wide limits of common.h (never installed). */
#ifndef MPOL_INTERNAL_LIMITS_I_H
#define MPOL_INTERNAL_LIMITS_I_H

#include "multipolar/common.h"

/*
 * Checks that a TU table of 2^n doubles is allowed: n in 1..MPOL_TU_MAX_PLAYERS (else
 * MPOL_EINVAL for 0, MPOL_ELIMIT above) and 2^n * sizeof(double) within
 * MPOL_LIMIT_TU_BYTES (else MPOL_ELIMIT naming the limit and how to raise it). @p who
 * starts the message.
 */
mpol_status mpol_i_limit_tu(size_t n, const char *who);

/* Writes @p bytes as "512 MiB", "2 GiB", "1.5 KiB", "100 bytes" into buf. */
void mpol_i_format_bytes(char *buf, size_t size, double bytes);

#endif /* MPOL_INTERNAL_LIMITS_I_H */
