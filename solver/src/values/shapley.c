/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the Shapley value (Shapley 1953), the Banzhaf value (Banzhaf 1965;
 * Owen 1975 for TU games) and the Myerson value (Myerson 1977) of games given as 2^n tables,
 * and the helpers shared by the other values.
 *
 * Both values are linear in v with a weight that depends only on |S| and on whether i is in
 * S. Writing w(s) = s!(n-1-s)!/n! (w(-1) = w(n) = 0),
 *
 *     Sh_i = sum_{S not containing i} w(|S|) (v(S+i) - v(S))
 *          = sum_{S containing i} (w(|S|-1) + w(|S|)) v(S) - sum_{all S} w(|S|) v(S),
 *
 * so one pass over the table gives every player's value: each block of 2^12 consecutive
 * coalitions shares its high bits, its weighted sum is added to the players of those bits,
 * and the low bits are summed inside the block while it sits in L1 cache, by folding the
 * upper half of the block onto the lower one bit after bit (2^12 additions per block, not
 * 12 * 2^11). This is the
 * textbook O(n 2^n) bound with one sequential read of the table (no permutations, no
 * marginal-vector loop); there is no deviation from the definitions. Banzhaf uses the same
 * kernel with the weights 2^{2-n} and 2^{1-n}.
 */
#include <math.h>
#include <string.h>

#include "values/values_internal.h"

#define BLOCK_BITS 12

mpol_status mpol_i_tu_check(const mpol_tu_game *g, const char *who, double *maxabs)
{
    if (g == NULL || g->v == NULL)
        return mpol_error(MPOL_EINVAL, "%s: no game", who);
    if (g->n == 0 || g->n > MPOL_TU_MAX_PLAYERS)
        return mpol_error(MPOL_EINVAL, "%s: %zu players; need 1..%d", who, g->n,
                          MPOL_TU_MAX_PLAYERS);
    size_t size = (size_t)1 << g->n;
    double m = 0;
    for (size_t S = 0; S < size; S++)
        m = fmax(m, fabs(g->v[S]));
    if (!isfinite(m))
        for (size_t S = 0; S < size; S++)
            if (!isfinite(g->v[S]))
                return mpol_error(MPOL_ENUMERIC, "%s: v(0x%zx) is not finite", who, S);
    *maxabs = m;
    if (g->v[0] != 0)
        return mpol_error(MPOL_EINVAL, "%s: v(empty set) = %g; must be 0", who, g->v[0]);
    return MPOL_OK;
}

mpol_status mpol_i_value_alloc(mpol_value **out, size_t n, const char *who)
{
    *out = NULL;
    mpol_value *val = mpol_calloc(1, sizeof *val);
    if (val == NULL)
        return mpol_error(MPOL_ENOMEM, "%s: out of memory", who);
    val->n = n;
    val->x = mpol_calloc(n, sizeof *val->x);
    if (val->x == NULL) {
        mpol_free(val);
        return mpol_error(MPOL_ENOMEM, "%s: out of memory", who);
    }
    val->efficiency_error = NAN;
    val->verified = 0;
    val->max_error = NAN;
    *out = val;
    return MPOL_OK;
}

void mpol_value_free(mpol_value *val)
{
    if (val == NULL)
        return;
    mpol_free(val->x);
    mpol_free(val);
}

mpol_status mpol_i_value_finish(mpol_value **val, int efficient, double target, double scale,
                                const char *who)
{
    mpol_value *x = *val;
    x->efficient = efficient;
    x->target = target;
    for (size_t i = 0; i < x->n; i++)
        if (!isfinite(x->x[i])) {
            mpol_value_free(x);
            *val = NULL;
            return mpol_error(MPOL_ENUMERIC, "%s: payoff of player %zu is not finite", who, i + 1);
        }
    if (!efficient)
        return MPOL_OK;
    double sum = 0;
    for (size_t i = 0; i < x->n; i++)
        sum += x->x[i];
    x->efficiency_error = fabs(sum - target);
    x->max_error = x->efficiency_error;
    x->verified = x->efficiency_error <= MPOL_VALUE_CHECK_TOL * (1 + scale);
    if (!x->verified) /* the value stays in *val for the caller to inspect */
        return mpol_error(MPOL_EVERIFY, "%s: efficiency check failed: |sum - %g| = %g", who, target,
                          x->efficiency_error);
    return MPOL_OK;
}

double mpol_i_tu_maxabs(const mpol_tu_game *g)
{
    double m = 0;
    size_t size = (size_t)1 << g->n;
    for (size_t S = 0; S < size; S++)
        m = fmax(m, fabs(g->v[S]));
    return m;
}

/* Sum of a[0..len-1] with four accumulators (len a multiple of 4, or < 4). */
static double sum4(const double *a, size_t len)
{
    if (len < 4) {
        double s = 0;
        for (size_t j = 0; j < len; j++)
            s += a[j];
        return s;
    }
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (size_t j = 0; j < len; j += 4) {
        s0 += a[j];
        s1 += a[j + 1];
        s2 += a[j + 2];
        s3 += a[j + 3];
    }
    return (s0 + s1) + (s2 + s3);
}

void mpol_i_tu_bitsums(const double *v, size_t n, const double *cin, const double *ctot,
                       double *out)
{
    size_t k = n < BLOCK_BITS ? n : BLOCK_BITS;
    size_t bsize = (size_t)1 << k, nblocks = (size_t)1 << (n - k);
    double buf[(size_t)1 << BLOCK_BITS], tbuf[(size_t)1 << BLOCK_BITS];
    unsigned char pc[(size_t)1 << BLOCK_BITS];
    double total = 0;
    for (size_t j = 0; j < bsize; j++)
        pc[j] = (unsigned char)__builtin_popcountl((unsigned long)j);
    for (size_t i = 0; i < n; i++)
        out[i] = 0;
    for (size_t b = 0; b < nblocks; b++) {
        const double *vb = v + (b << k);
        int hi = __builtin_popcountl((unsigned long)b);
        const double *ci = cin + hi, *ct = ctot + hi;
        for (size_t j = 0; j < bsize; j++) {
            buf[j] = ci[pc[j]] * vb[j];
            tbuf[j] = ct[pc[j]] * vb[j];
        }
        total += sum4(tbuf, bsize);
        /* Low bits by folding: the sum over the upper half is bit i's share, then the upper
         * half is added onto the lower one, which keeps the sums of all lower bits. */
        for (size_t i = k; i-- > 0;) {
            size_t h = (size_t)1 << i;
            out[i] += sum4(buf + h, h);
            for (size_t j = 0; j < h; j++)
                buf[j] += buf[j + h];
        }
        /* buf[0] is now the block's sum: it goes to the players of the high bits. */
        for (size_t i = k; i < n; i++)
            if ((b >> (i - k)) & 1)
                out[i] += buf[0];
    }
    for (size_t i = 0; i < n; i++)
        out[i] -= total;
}

/* w[s] = s!(n-1-s)!/n! = 1 / (n C(n-1, s)) for s = 0..n-1; w[n] = 0. */
static void shapley_weights(double *w, size_t n)
{
    double c = 1; /* C(n-1, s) */
    for (size_t s = 0; s < n; s++) {
        w[s] = 1.0 / ((double)n * c);
        c = c * (double)(n - 1 - s) / (double)(s + 1);
    }
    w[n] = 0;
}

/* The Shapley value of a checked table into x (n entries). */
static void shapley_into(double *x, const double *v, size_t n)
{
    double w[MPOL_TU_MAX_PLAYERS + 1], cin[MPOL_TU_MAX_PLAYERS + 1];
    shapley_weights(w, n);
    cin[0] = 0;
    for (size_t s = 1; s <= n; s++)
        cin[s] = w[s - 1] + w[s];
    mpol_i_tu_bitsums(v, n, cin, w, x);
}

mpol_status mpol_tu_shapley(mpol_value **out, const mpol_tu_game *g)
{
    static const char who[] = "mpol_tu_shapley";
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "%s: out is NULL", who);
    *out = NULL;
    double scale;
    mpol_status st = mpol_i_tu_check(g, who, &scale);
    if (st != MPOL_OK)
        return st;
    if ((st = mpol_i_value_alloc(out, g->n, who)) != MPOL_OK)
        return st;
    shapley_into((*out)->x, g->v, g->n);
    size_t full = ((size_t)1 << g->n) - 1;
    return mpol_i_value_finish(out, 1, g->v[full], scale, who);
}

mpol_status mpol_tu_banzhaf(mpol_value **out, const mpol_tu_game *g, int normalized)
{
    static const char who[] = "mpol_tu_banzhaf";
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "%s: out is NULL", who);
    *out = NULL;
    double scale;
    mpol_status st = mpol_i_tu_check(g, who, &scale);
    if (st != MPOL_OK)
        return st;
    if ((st = mpol_i_value_alloc(out, g->n, who)) != MPOL_OK)
        return st;
    size_t n = g->n;
    double cin[MPOL_TU_MAX_PLAYERS + 1], ctot[MPOL_TU_MAX_PLAYERS + 1];
    for (size_t s = 0; s <= n; s++) {
        ctot[s] = ldexp(1.0, 1 - (int)n);
        cin[s] = 2 * ctot[s];
    }
    mpol_value *val = *out;
    mpol_i_tu_bitsums(g->v, n, cin, ctot, val->x);
    size_t full = ((size_t)1 << n) - 1;
    if (!normalized)
        return mpol_i_value_finish(out, 0, g->v[full], 0, who);
    double sum = 0, asum = 0;
    for (size_t i = 0; i < n; i++) {
        sum += val->x[i];
        asum += fabs(val->x[i]);
    }
    if (!(fabs(sum) > MPOL_VALUE_CHECK_TOL * (1 + asum))) {
        mpol_value_free(val);
        *out = NULL;
        return mpol_error(MPOL_ENUMERIC, "%s: the raw Banzhaf values sum to %g; cannot normalise",
                          who, sum);
    }
    for (size_t i = 0; i < n; i++)
        val->x[i] *= g->v[full] / sum;
    return mpol_i_value_finish(out, 1, g->v[full], scale, who);
}

mpol_status mpol_tu_myerson(mpol_value **out, const mpol_tu_game *g, const size_t *edges,
                            size_t nedges)
{
    static const char who[] = "mpol_tu_myerson";
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "%s: out is NULL", who);
    *out = NULL;
    double scale;
    mpol_status st = mpol_i_tu_check(g, who, &scale);
    if (st != MPOL_OK)
        return st;
    mpol_tu_game *r;
    if ((st = mpol_tu_graph_restrict(&r, g, edges, nedges)) != MPOL_OK)
        return st;
    if ((st = mpol_i_value_alloc(out, g->n, who)) != MPOL_OK) {
        mpol_tu_free(r);
        return st;
    }
    shapley_into((*out)->x, r->v, r->n);
    size_t full = ((size_t)1 << g->n) - 1;
    double target = r->v[full];
    scale = mpol_i_tu_maxabs(r);
    mpol_tu_free(r);
    return mpol_i_value_finish(out, 1, target, scale, who);
}
