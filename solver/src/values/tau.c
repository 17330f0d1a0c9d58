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
 * builds h and n passes of 2^{n-1} entries take the maxima. When sum M = sum m the game is
 * quasi-balanced only with M = m and tau = M. Comparisons use the tolerance
 * MPOL_VALUE_CHECK_TOL * (1 + max |v|). No deviations.
 */
#include <math.h>

#include "values/values_i.h"

mpol_status mpol_tu_tau(mpol_value **out, const mpol_tu_game *g)
{
    static const char who[] = "mpol_tu_tau";
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
    for (size_t i = 0; i < n; i++) {
        size_t bit = (size_t)1 << i;
        double best = -INFINITY;
        for (size_t lo = 0; lo < size; lo += 2 * bit)
            for (size_t S = lo + bit; S < lo + 2 * bit; S++)
                best = fmax(best, h[S]);
        m[i] = M[i] + best;
    }
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
