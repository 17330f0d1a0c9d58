/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the Owen value with a-priori unions: G. Owen (1977), "Values of
 * games with a priori unions", in Mathematical Economics and Game Theory, Springer LNEMS
 * 141, 76-88. For player i in union P_k (p = |P_k|) of m unions M = {P_1..P_m},
 *
 *   Ow_i = sum_{R subset of M \ k} sum_{T subset of P_k \ i}
 *            r!(m-1-r)!/m! * t!(p-1-t)!/p! * (v(Q_R + T + i) - v(Q_R + T)),
 *
 * where Q_R is the union of the unions in R, r = |R| and t = |T|. The outer subsets R are
 * walked in Gray-code order (one union toggled per step), the inner subsets T by the
 * standard sub-mask walk. Cost: sum_i 2^{m-1} 2^{p(i)-1} table reads, at most n 2^{n-1}.
 * No deviations from the formula.
 */
#include <math.h>

#include "values/values_internal.h"

/* w[s] = s!(k-1-s)!/k! for s = 0..k-1. */
static void weights(double *w, size_t k)
{
    double c = 1;
    for (size_t s = 0; s < k; s++) {
        w[s] = 1.0 / ((double)k * c);
        c = c * (double)(k - 1 - s) / (double)(s + 1);
    }
}

mpol_status mpol_tu_owen(mpol_value **out, const mpol_tu_game *g, const size_t *union_of)
{
    static const char who[] = "mpol_tu_owen";
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "%s: out is NULL", who);
    *out = NULL;
    double scale;
    mpol_status st = mpol_i_tu_check(g, who, &scale);
    if (st != MPOL_OK)
        return st;
    size_t n = g->n, m = 0;
    mpol_coalition U[MPOL_TU_MAX_PLAYERS] = {0};
    for (size_t i = 0; i < n; i++) {
        if (union_of[i] >= n)
            return mpol_error(MPOL_EINVAL, "%s: player %zu is in union %zu; labels are 0..%zu", who,
                              i + 1, union_of[i], n - 1);
        U[union_of[i]] |= (mpol_coalition)1 << i;
        if (union_of[i] + 1 > m)
            m = union_of[i] + 1;
    }
    for (size_t k = 0; k < m; k++)
        if (U[k] == 0)
            return mpol_error(MPOL_EINVAL,
                              "%s: union %zu has no players (labels 0..%zu must "
                              "all be used)",
                              who, k, m - 1);
    if ((st = mpol_i_value_alloc(out, n, who)) != MPOL_OK)
        return st;
    double *x = (*out)->x;
    double wm[MPOL_TU_MAX_PLAYERS], wp[MPOL_TU_MAX_PLAYERS];
    weights(wm, m);
    for (size_t k = 0; k < m; k++) {
        size_t other[MPOL_TU_MAX_PLAYERS], no = 0;
        for (size_t j = 0; j < m; j++)
            if (j != k)
                other[no++] = j;
        size_t p = (size_t)__builtin_popcount(U[k]);
        weights(wp, p);
        mpol_coalition Q = 0;
        size_t r = 0;
        size_t nR = (size_t)1 << no;
        for (size_t step = 0; step < nR; step++) {
            if (step > 0) {
                /* Gray code: toggle the union of the lowest set bit of step. */
                size_t j = (size_t)__builtin_ctzl((unsigned long)step);
                Q ^= U[other[j]];
                r = (Q & U[other[j]]) ? r + 1 : r - 1;
            }
            for (mpol_coalition pk = U[k]; pk != 0; pk &= pk - 1) {
                size_t i = (size_t)__builtin_ctz(pk);
                mpol_coalition bit = (mpol_coalition)1 << i, rest = U[k] & ~bit;
                double acc = 0;
                for (mpol_coalition T = rest;; T = (T - 1) & rest) {
                    mpol_coalition S = Q | T;
                    acc += wp[__builtin_popcount(T)] * (g->v[S | bit] - g->v[S]);
                    if (T == 0)
                        break;
                }
                x[i] += wm[r] * acc;
            }
        }
    }
    size_t full = ((size_t)1 << n) - 1;
    return mpol_i_value_finish(out, 1, g->v[full], scale, who);
}
