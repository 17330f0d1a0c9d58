/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Internal helpers shared by the files of solver/src/values/ (never installed). */
#ifndef MPOL_VALUES_VALUES_I_H
#define MPOL_VALUES_VALUES_I_H

#include "multipolar/values.h"

/* Validates a table game (1..MPOL_TU_MAX_PLAYERS players, finite values, v[0] = 0) and
 * stores max |v(S)| in *maxabs (one pass over the table). */
mpol_status mpol_i_tu_check(const mpol_tu_game *g, const char *who, double *maxabs);

/* Allocates a value of n zeroed payoffs. */
mpol_status mpol_i_value_alloc(mpol_value **out, size_t n, const char *who);

/*
 * Fills the efficiency check of @p val against @p target (or marks it not efficient when
 * @p efficient is 0) and fails with MPOL_EVERIFY (freeing *val) when the error exceeds
 * MPOL_VALUE_CHECK_TOL * (1 + scale).
 */
mpol_status mpol_i_value_finish(mpol_value **val, int efficient, double target, double scale,
                                const char *who);

/* max |v(S)| over the table. */
double mpol_i_tu_maxabs(const mpol_tu_game *g);

/*
 * For every player i: out[i] = sum over S containing i of cin[|S|] v(S) - sum over all S of
 * ctot[|S|] v(S). cin and ctot have n + 1 entries. One pass over the table in blocks of
 * 2^14 values, O(n 2^n) additions, no allocation.
 */
void mpol_i_tu_bitsums(const double *v, size_t n, const double *cin, const double *ctot,
                       double *out);

#endif /* MPOL_VALUES_VALUES_I_H */
