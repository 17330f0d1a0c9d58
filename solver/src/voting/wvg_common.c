/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the parts of voting.h shared by the power indices: option defaults,
 * result allocation, the scaling of decimal weights to integers, the work limits, veto
 * players, and dummy detection by swing counts modulo the Mersenne prime 2^61 - 1 (the
 * generating-function count of Banzhaf swings, see banzhaf.c, done in exact modular
 * arithmetic so that dividing a player's factor out again is exact).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "voting/voting_internal.h"

#define MAX_EXACT_INT 9007199254740992.0 /* 2^53: larger integers are not exact in double */
#define DECIMAL_TOL 1e-9                 /* relative tolerance of "is a decimal with k digits" */
#define PRIME61 ((uint64_t)0x1FFFFFFFFFFFFFFFull)

void mpol_power_opts_init(mpol_power_opts *opts)
{
    opts->exact = 0;
    opts->max_cells = (size_t)1 << 27;
    opts->max_work = MPOL_POWER_DEFAULT_MAX_WORK;
    opts->progress = NULL;
    opts->userdata = NULL;
}

void mpol_power_result_free(mpol_power_result *res)
{
    if (res == NULL)
        return;
    if (res->counts != NULL)
        for (size_t i = 0; i < res->n; i++)
            mpol_free(res->counts[i]);
    mpol_free(res->counts);
    mpol_free(res->denominator);
    mpol_free(res->index);
    mpol_free(res->absolute);
    mpol_free(res->dummy);
    mpol_free(res);
}

mpol_status mpol_i_power_alloc(mpol_power_result **out, mpol_power_kind kind, size_t n, int exact,
                               const char *who)
{
    *out = NULL;
    mpol_power_result *r = mpol_calloc(1, sizeof *r);
    if (r == NULL)
        return mpol_error(MPOL_ENOMEM, "%s: out of memory", who);
    r->kind = kind;
    r->n = n;
    r->exact = exact;
    r->index = mpol_calloc(n, sizeof *r->index);
    r->absolute = mpol_calloc(n, sizeof *r->absolute);
    r->dummy = mpol_calloc(n, sizeof *r->dummy);
    if (exact)
        r->counts = mpol_calloc(n, sizeof *r->counts);
    if (r->index == NULL || r->absolute == NULL || r->dummy == NULL ||
        (exact && r->counts == NULL)) {
        mpol_power_result_free(r);
        return mpol_error(MPOL_ENOMEM, "%s: out of memory for %zu players", who, n);
    }
    *out = r;
    return MPOL_OK;
}

/* Smallest k <= MPOL_WVG_MAX_DECIMALS with x * 10^k an integer (within DECIMAL_TOL), or -1. */
static int decimals(double x)
{
    double p = 1;
    for (int k = 0; k <= MPOL_WVG_MAX_DECIMALS; k++, p *= 10) {
        double y = x * p;
        if (fabs(y - nearbyint(y)) <= DECIMAL_TOL * fmax(1.0, fabs(y)))
            return k;
    }
    return -1;
}

int mpol_i_wvg_decimals(double x)
{
    return decimals(x);
}

void mpol_i_wvg_int_clear(mpol_i_wvg_int *gi)
{
    mpol_free(gi->w);
    gi->w = NULL;
}

mpol_status mpol_i_wvg_scale(mpol_i_wvg_int *out, const mpol_wvg *g, int allow_no_winner,
                             const char *who)
{
    memset(out, 0, sizeof *out);
    if (g == NULL || g->weights == NULL || g->n == 0)
        return mpol_error(MPOL_EINVAL, "%s: no game", who);
    int kmax = 0;
    for (size_t i = 0; i < g->n; i++) {
        double x = g->weights[i];
        if (!isfinite(x) || x < 0)
            return mpol_error(MPOL_EINVAL,
                              "%s: weight of player %zu is %g; must be finite "
                              "and >= 0",
                              who, i + 1, x);
        int k = decimals(x);
        if (k < 0)
            return mpol_error(MPOL_EINVAL,
                              "%s: weight of player %zu (%.17g) is not a decimal with at most %d "
                              "digits after the point; scale the weights to integers",
                              who, i + 1, x, MPOL_WVG_MAX_DECIMALS);
        if (k > kmax)
            kmax = k;
    }
    if (!isfinite(g->quota) || g->quota <= 0)
        return mpol_error(MPOL_EINVAL, "%s: quota %g; must be finite and > 0", who, g->quota);
    double scale = pow(10.0, kmax), total = 0;
    out->w = mpol_malloc(g->n * sizeof *out->w);
    if (out->w == NULL)
        return mpol_error(MPOL_ENOMEM, "%s: out of memory for %zu weights", who, g->n);
    for (size_t i = 0; i < g->n; i++) {
        double y = nearbyint(g->weights[i] * scale);
        total += y;
        if (total >= MAX_EXACT_INT) {
            mpol_i_wvg_int_clear(out);
            return mpol_error(MPOL_ELIMIT, "%s: the scaled total weight exceeds 2^53", who);
        }
        out->w[i] = (int64_t)y;
    }
    double qs = g->quota * scale, qr = nearbyint(qs);
    double q = fabs(qs - qr) <= DECIMAL_TOL * fmax(1.0, qs) ? qr : ceil(qs);
    if (q > total && !allow_no_winner) {
        mpol_i_wvg_int_clear(out);
        return mpol_error(MPOL_EINVAL,
                          "%s: quota %g exceeds the total weight %g: no coalition wins", who,
                          g->quota, total / scale);
    }
    out->n = g->n;
    out->quota = q > total ? (int64_t)total + 1 : (int64_t)q;
    out->total = (int64_t)total;
    out->scale = (int64_t)scale;
    return MPOL_OK;
}

typedef struct weight_index {
    int64_t w;
    size_t i;
} weight_index;

static int cmp_weight_index(const void *a, const void *b)
{
    const weight_index *x = a, *y = b;
    if (x->w != y->w)
        return x->w < y->w ? -1 : 1;
    return x->i < y->i ? -1 : (x->i > y->i);
}

mpol_status mpol_i_wvg_order(size_t **order, const mpol_i_wvg_int *gi, const char *who)
{
    *order = NULL;
    weight_index *wi = mpol_malloc(gi->n * sizeof *wi);
    size_t *o = mpol_malloc(gi->n * sizeof *o);
    if (wi == NULL || o == NULL) {
        mpol_free(wi);
        mpol_free(o);
        return mpol_error(MPOL_ENOMEM, "%s: out of memory for %zu players", who, gi->n);
    }
    for (size_t i = 0; i < gi->n; i++) {
        wi[i].w = gi->w[i];
        wi[i].i = i;
    }
    qsort(wi, gi->n, sizeof *wi, cmp_weight_index);
    for (size_t i = 0; i < gi->n; i++)
        o[i] = wi[i].i;
    mpol_free(wi);
    *order = o;
    return MPOL_OK;
}

static uint64_t add61(uint64_t a, uint64_t b)
{
    uint64_t s = a + b;
    return s >= PRIME61 ? s - PRIME61 : s;
}

static uint64_t sub61(uint64_t a, uint64_t b)
{
    return a >= b ? a - b : a + PRIME61 - b;
}

mpol_status mpol_i_wvg_dummies_mod(int *dummy, const mpol_i_wvg_int *gi, int64_t quota,
                                   mpol_i_work *work, const char *who)
{
    size_t L = (size_t)quota;
    uint64_t *c = mpol_calloc(L, sizeof *c), *d = mpol_calloc(L, sizeof *d);
    if (c == NULL || d == NULL) {
        mpol_free(c);
        mpol_free(d);
        return mpol_error(MPOL_ENOMEM, "%s: out of memory for %zu counts", who, L);
    }
    c[0] = 1;
    for (size_t j = 0; j < gi->n; j++) {
        size_t wj = (size_t)gi->w[j];
        for (size_t w = L; w-- > wj;)
            c[w] = add61(c[w], c[w - wj]);
        mpol_i_work_add(work, wj < L ? (double)(L - wj) : 0.0);
    }
    size_t *order;
    mpol_status st = mpol_i_wvg_order(&order, gi, who);
    if (st != MPOL_OK) {
        mpol_free(c);
        mpol_free(d);
        return st;
    }
    for (size_t k = 0; k < gi->n; k++) {
        size_t i = order[k], wi = (size_t)gi->w[i];
        if (k > 0 && gi->w[order[k - 1]] == gi->w[i]) {
            dummy[i] = dummy[order[k - 1]];
            continue;
        }
        uint64_t sum = 0;
        for (size_t w = 0; w < L && wi > 0; w++) {
            d[w] = w >= wi ? sub61(c[w], d[w - wi]) : c[w];
            if (w + wi >= L)
                sum = add61(sum, d[w]);
        }
        if (wi > 0)
            mpol_i_work_add(work, (double)L);
        dummy[i] = sum == 0;
    }
    mpol_free(order);
    mpol_free(c);
    mpol_free(d);
    return MPOL_OK;
}

mpol_status mpol_wvg_veto_players(int *veto, const mpol_wvg *g)
{
    static const char who[] = "mpol_wvg_veto_players";
    mpol_i_wvg_int gi;
    mpol_status st = mpol_i_wvg_scale(&gi, g, 0, who);
    if (st != MPOL_OK)
        return st;
    for (size_t i = 0; i < gi.n; i++)
        veto[i] = gi.total - gi.w[i] < gi.quota;
    mpol_i_wvg_int_clear(&gi);
    return MPOL_OK;
}
