/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the tau-value of Tijs (1981), "Bounds for the core and the
 * tau-value", in Game Theory and Mathematical Economics, North-Holland, 123-132; the
 * definitions follow Tijs and Driessen (1986), Management Science 32(8).
 *
 *   utopia payoff   M_i = v(N) - v(N \ i)
 *   minimal right   m_i = max over S containing i of  v(S) - sum_{j in S \ i} M_j
 *   quasi-balanced  m <= M  and  sum m <= v(N) <= sum M
 *   tau             = m + a (M - m), a in [0, 1] with sum tau = v(N)
 *
 * m_i = M_i + max over S containing i of h(S) with h(S) = v(S) - M(S), so one O(2^n) pass
 * builds h and one blocked pass takes all n maxima (the folding of shapley.c with max).
 * When sum M = sum m the game is quasi-balanced only with M = m, and tau = M. Comparisons
 * use the tolerance MPOL_VALUE_CHECK_TOL * (1 + max |v|). No deviations.
 */
#include <math.h>

#include "values/values_internal.h"

#define BLOCK_BITS 12

static double max2(double a, double b)
{
    return a > b ? a : b;
}

/*
 * out[i] = max over S containing i of h(S), in one pass over h in blocks of 2^12: a block's
 * maximum goes to the players of its high bits, and the low bits are resolved by folding
 * the upper half of the block onto the lower half with max (as the sums of shapley.c).
 * h is overwritten.
 */
static void max_containing(double *h, size_t n, double *out)
{
    size_t k = n < BLOCK_BITS ? n : BLOCK_BITS;
    size_t nblocks = (size_t)1 << (n - k);
    for (size_t i = 0; i < n; i++)
        out[i] = -INFINITY;
    for (size_t b = 0; b < nblocks; b++) {
        double *buf = h + (b << k);
        for (size_t i = k; i-- > 0;) {
            size_t half = (size_t)1 << i;
            double best = out[i];
            for (size_t j = 0; j < half; j++)
                best = max2(best, buf[half + j]);
            out[i] = best;
            for (size_t j = 0; j < half; j++)
                buf[j] = max2(buf[j], buf[j + half]);
        }
        for (size_t i = k; i < n; i++)
            if ((b >> (i - k)) & 1)
                out[i] = max2(out[i], buf[0]);
    }
}

mpol_status mpol_tu_tau(mpol_value **out, const mpol_tu_game *g)
{
    static const char who[] = "mpol_tu_tau";
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "%s: out is NULL", who);
    *out = NULL;
    double scale;
    mpol_status st = mpol_i_tu_check(g, who, &scale);
    if (st != MPOL_OK)
        return st;
    size_t n = g->n, size = (size_t)1 << n, full = size - 1;
    double *h = mpol_malloc(size * sizeof *h);
    double M[MPOL_TU_MAX_PLAYERS], m[MPOL_TU_MAX_PLAYERS];
    if (h == NULL)
        return mpol_error(MPOL_ENOMEM, "%s: out of memory for 2^%zu values", who, n);
    double vN = g->v[full];
    double tol = MPOL_VALUE_CHECK_TOL * (1 + scale);
    for (size_t i = 0; i < n; i++)
        M[i] = vN - g->v[full ^ ((size_t)1 << i)];
    /* h(S) = v(S) - M(S); M(S) built incrementally in h, then subtracted. */
    h[0] = 0;
    for (size_t S = 1; S < size; S++)
        h[S] = h[S & (S - 1)] + M[__builtin_ctzl((unsigned long)S)];
    for (size_t S = 0; S < size; S++)
        h[S] = g->v[S] - h[S];
    max_containing(h, n, m);
    for (size_t i = 0; i < n; i++)
        m[i] += M[i];
    mpol_free(h);
    double sm = 0, sM = 0;
    for (size_t i = 0; i < n; i++) {
        if (m[i] > M[i] + tol)
            return mpol_error(MPOL_EINVAL,
                              "%s: the game is not quasi-balanced: minimal right m_%zu = %g "
                              "exceeds utopia payoff M_%zu = %g; the tau-value is undefined",
                              who, i + 1, m[i], i + 1, M[i]);
        sm += m[i];
        sM += M[i];
    }
    if (sm > vN + tol || vN > sM + tol)
        return mpol_error(MPOL_EINVAL,
                          "%s: the game is not quasi-balanced: need sum m = %g <= v(N) = %g <= "
                          "sum M = %g; the tau-value is undefined",
                          who, sm, vN, sM);
    if ((st = mpol_i_value_alloc(out, n, who)) != MPOL_OK)
        return st;
    double a = (sM - sm > tol) ? (vN - sm) / (sM - sm) : 1.0;
    for (size_t i = 0; i < n; i++)
        (*out)->x[i] = m[i] + a * (M[i] - m[i]);
    return mpol_i_value_finish(out, 1, vN, scale, who);
}
