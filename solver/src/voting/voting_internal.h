/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Internal helpers shared by the files of solver/src/voting/ (never installed). */
#ifndef MPOL_VOTING_VOTING_I_H
#define MPOL_VOTING_VOTING_I_H

#include "multipolar/voting.h"

/* A weighted voting game with integer weights (after decimal scaling). */
typedef struct mpol_i_wvg_int {
    size_t n;
    int64_t *w;    /* n integer weights (owned) */
    int64_t quota; /* integer quota, 1..total */
    int64_t total; /* sum of w */
    int64_t scale; /* the power of ten applied */
} mpol_i_wvg_int;

/*
 * Scales @p g to integers (see voting.h). Fails with MPOL_EINVAL for negative, non-finite or
 * non-decimal weights, a quota <= 0 or above the total weight (unless @p allow_no_winner),
 * MPOL_ELIMIT when the integers would not fit in 53 bits, MPOL_ENOMEM.
 */
mpol_status mpol_i_wvg_scale(mpol_i_wvg_int *out, const mpol_wvg *g, int allow_no_winner,
                             const char *who);
void mpol_i_wvg_int_clear(mpol_i_wvg_int *gi);

/* Digits after the decimal point of @p x (0..MPOL_WVG_MAX_DECIMALS), -1 if more. */
int mpol_i_wvg_decimals(double x);

/* Allocates a zeroed result for n players (counts too when @p exact). */
mpol_status mpol_i_power_alloc(mpol_power_result **out, mpol_power_kind kind, size_t n, int exact,
                               const char *who);

/*
 * Dummy flags by swing counts modulo the prime 2^61 - 1 (O(n q) integer additions, exact
 * deconvolution): dummy[i] = 1 iff the number of swings of i is divisible by the prime,
 * which for non-dummies needs at least 2^61 - 1 swings and a multiple of the prime.
 */
mpol_status mpol_i_wvg_dummies_mod(int *dummy, const mpol_i_wvg_int *gi, int64_t quota,
                                   const char *who);

/* Fills order[0..n-1] with the player indices sorted by increasing weight (ties by index),
 * so that players of equal weight, whose indices are equal, are computed once. */
mpol_status mpol_i_wvg_order(size_t **order, const mpol_i_wvg_int *gi, const char *who);

/* Checks cells and work against the limits; MPOL_ELIMIT with a message if exceeded. */
mpol_status mpol_i_power_limits(const mpol_power_opts *opts, double cells, double work,
                                const char *who);

#endif /* MPOL_VOTING_VOTING_I_H */
