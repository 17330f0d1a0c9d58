/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Calling GSL from the library without inheriting its abort() on error.
 *
 * Every function that calls GSL calls mpol_i_gsl_init() first (cheap after the first call,
 * thread-safe): it turns GSL's default aborting handler off for the process, or leaves a
 * handler the host program installed itself. GSL functions then return their status, which
 * the caller maps to an mpol_status.
 */
#ifndef MPOL_CORE_GSL_GUARD_INTERNAL_H
#define MPOL_CORE_GSL_GUARD_INTERNAL_H

void mpol_i_gsl_init(void);

#endif /* MPOL_CORE_GSL_GUARD_INTERNAL_H */
