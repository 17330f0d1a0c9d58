/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the cost estimates of the power indices (mpol_power_estimate_cost),
 * their check against the limits of mpol_power_opts, and the work counter that reports
 * progress. The estimates count what the loops of banzhaf.c and shapley_shubik.c do:
 *
 * - floating point: one unit per DP cell written (Banzhaf), so the count the loops keep
 *   equals the estimate; Shapley–Shubik (ss_float.c): per quadrature node the bound
 *   max(q, W - q + 1) x (players + distinct weights), counted as such;
 * - exact (GMP): each mpz call costs MPOL_POWER_GMP_CALL_COST plus the limbs of its
 *   result, bounded by the largest value the cell can hold: C(j, s) for coalitions of size
 *   s among the first j players (Shapley–Shubik), 2^j and j 2^j (Banzhaf), s! and n! for
 *   the factorials. The loops count the limbs actually there, so the estimate is an upper
 *   bound (measured within a factor of 1.2-2.5 of it, tests/unit/test_power_estimate.c).
 *
 * Memory: the tables (8 bytes a double; 16 bytes an mpz_t plus its limbs as glibc's
 * malloc rounds them, for the cells inside the rows' bands), the buffers and the results.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/limits_internal.h"
#include "voting/voting_internal.h"

#define OVH ((double)MPOL_POWER_GMP_CALL_COST)
/* Above this many (player or distinct weight, size) pairs the Shapley–Shubik build is not
 * counted row by row (the estimate would take seconds): the bound n x cells is used
 * instead, for games far above any limit. */
#define SS_EXACT_COUNT_MAX 3e7
/* Operations a second measured here (docs/voting.md), for the time in the messages. */
#define RATE_FLOAT 1e9
#define RATE_GMP 5e8

double mpol_i_log2_fact(size_t k)
{
    return lgamma((double)k + 1.0) / log(2.0);
}

double mpol_i_log2_binom(size_t n, size_t k)
{
    if (k > n)
        return 0;
    return mpol_i_log2_fact(n) - mpol_i_log2_fact(k) - mpol_i_log2_fact(n - k);
}

/* Bytes of an mpz_t holding @p limbs limbs: the struct, and the limbs (one spare) as a
 * malloc chunk (8 bytes of header, 16-byte granules, at least 32). */
static double mpz_bytes(double limbs)
{
    double chunk = 16.0 * ceil((8.0 * (limbs + 1.0) + 8.0) / 16.0);
    return 16.0 + (chunk < 32.0 ? 32.0 : chunk);
}

/* Exact build of one half, player by player (index order, as the loop runs); @p lf[k] is
 * log2 k! for k <= n. */
static double ss_build_exact(const mpol_i_ss_half *h, const mpol_i_wvg_int *gi, const double *lf)
{
    double u = 0;
    for (size_t j = 0; j < gi->n; j++) {
        size_t wj = (size_t)gi->w[j];
        if (wj >= h->Q)
            continue;
        for (long s = 1; s <= h->smax && (size_t)s <= j + 1; s++) {
            size_t a, b;
            mpol_i_ss_shift(h, s, wj, &a, &b);
            if (b > a)
                u += (double)(b - a) *
                     (OVH + mpol_i_limbs(lf[j + 1] - lf[s] - lf[j + 1 - (size_t)s]));
        }
        /* Rows above j + 1 hold zeros (no limbs) while the first players are added. */
        for (long s = (long)j + 2; s <= h->smax; s++) {
            size_t a, b;
            mpol_i_ss_shift(h, s, wj, &a, &b);
            if (b > a)
                u += (double)(b - a) * (OVH + 1);
        }
    }
    return u;
}

/* One division (a player of weight wi) in one half; *band receives the band cells. */
static double ss_remove(const mpol_i_ss_half *h, size_t n, size_t wi, int exact, double *band)
{
    size_t Q = h->Q, head = wi < Q ? wi : Q;
    double u = 0;
    *band = 0;
    for (long s = 0; s <= h->smax; s++) {
        size_t lo = h->lo[s], hi = h->hi[s];
        if (lo >= hi)
            break;
        size_t a = 0, b = 0, from = Q - head > lo ? Q - head : lo;
        if (s > 0)
            mpol_i_ss_shift(h, s, wi, &a, &b);
        double cells = (double)(hi - lo) + (b > a ? (double)(b - a) : 0.0) +
                       (hi > from ? (double)(hi - from) : 0.0);
        *band += (double)(hi - lo);
        if (!exact) {
            u += cells;
            continue;
        }
        double lc = mpol_i_limbs(mpol_i_log2_binom(n, (size_t)s));
        double lt = lc + 1, lf = mpol_i_limbs(mpol_i_log2_fact((size_t)s));
        u += cells * (OVH + lc) + OVH + lt * lf + OVH +
             (lt + lf) * mpol_i_limbs(mpol_i_log2_fact(n - 1 - (size_t)s));
    }
    return u;
}

void mpol_i_ss_estimate(mpol_power_estimate *e, const mpol_i_wvg_int *gi, const mpol_i_ss_setup *s,
                        int exact)
{
    size_t n = gi->n, Qmax = 0;
    memset(e, 0, sizeof *e);
    /* log2 k! for the exact build; without it (no memory) the crude bound is used. */
    double *lf = exact ? mpol_malloc((n + 2) * sizeof *lf) : NULL;
    if (lf != NULL) {
        lf[0] = 0;
        for (size_t k = 1; k <= n + 1; k++)
            lf[k] = lf[k - 1] + log2((double)k);
    }
    size_t nd = 0; /* distinct weights */
    for (size_t k = 0; k < n; k++)
        nd += k == 0 || gi->w[s->order[k]] != gi->w[s->order[k - 1]];
    for (int k = 0; k < 2; k++) {
        const mpol_i_ss_half *h = &s->hv[k];
        if (h->Q > Qmax)
            Qmax = h->Q;
        if (h->smax < 0)
            continue;
        double cells = (double)(h->smax + 1) * (double)h->Q, band = 0, big = 0;
        e->cells += cells;
        /* Exact: player by player; floating point: one pass per distinct weight. */
        int crude = (double)(exact ? n : nd) * (double)(h->smax + 1) > SS_EXACT_COUNT_MAX;
        if (exact && (crude || lf == NULL))
            e->work += (double)n * cells * (OVH + mpol_i_limbs((double)n));
        else if (exact)
            e->work += ss_build_exact(h, gi, lf);
        for (size_t k0 = 0; k0 < n; k0++) {
            size_t i = s->order[k0], wi = (size_t)gi->w[i], m = 1;
            while (k0 + m < n && (size_t)gi->w[s->order[k0 + m]] == wi)
                m++;
            if (!exact)
                break;
            if (wi > 0)
                e->work += ss_remove(h, n, wi, exact, &band);
            k0 += m - 1;
        }
        if (!exact) {
            e->cells -= cells;
            continue;
        }
        /* Limbs of the band cells, row by row. */
        for (long r = 0; r <= h->smax && h->lo[r] < h->hi[r]; r++)
            big += (double)(h->hi[r] - h->lo[r]) *
                   (mpz_bytes(mpol_i_limbs(mpol_i_log2_binom(n, (size_t)r))) - 16.0);
        e->bytes += 16.0 * cells + big;
    }
    mpol_free(lf);
    double bits_n = mpol_i_log2_fact(n);
    if (exact) {
        double lrow = mpol_i_limbs((double)n);
        e->bits = bits_n;
        e->bytes += 2.0 * (double)Qmax * mpz_bytes(lrow) +
                    (double)(2 * n + 1) * mpz_bytes(mpol_i_limbs(bits_n));
    } else {
        /* Quadrature (ss_float.c): the nodes of both rounds, each bounded by the longer
         * table; the two distributions, the nodes and the per-weight sums. The exact rule
         * after a disagreement of the two rounds is not counted (it runs only within
         * max_work). Then the dummy test modulo 2^61 - 1 (wvg_common.c). */
        mpol_i_ss_plan_t pl;
        mpol_i_ss_plan(&pl, gi);
        size_t L = s->hv[0].Q < s->hv[1].Q ? s->hv[0].Q : s->hv[1].Q;
        size_t Nmax = pl.nexact > pl.n2 ? pl.nexact : pl.n2;
        e->cells = 2.0 * (double)Qmax;
        size_t ndp = 0; /* distinct positive weights, one division each */
        for (size_t k = 0; k < n; k++)
            ndp +=
                gi->w[s->order[k]] > 0 && (k == 0 || gi->w[s->order[k]] != gi->w[s->order[k - 1]]);
        e->work = (double)(pl.n1 + pl.n2) * mpol_i_ss_node_work(&pl, n, ndp);
        e->bytes = 16.0 * (double)Qmax + 16.0 * (double)Nmax + 32.0 * (double)n;
        e->bytes += 16.0 * (double)L;
        e->work += mpol_i_dummies_work(gi, L, s->order);
    }
    e->bytes += 24.0 * (double)n;
}

double mpol_i_dummies_work(const mpol_i_wvg_int *gi, size_t L, const size_t *order)
{
    double u = 0;
    for (size_t k = 0; k < gi->n; k++) {
        size_t i = order[k], wi = (size_t)gi->w[i];
        if (wi < L)
            u += (double)(L - wi);
        if (wi > 0 && (k == 0 || gi->w[order[k - 1]] != gi->w[i]))
            u += (double)L;
    }
    return u;
}

void mpol_i_bz_estimate(mpol_power_estimate *e, const mpol_i_wvg_int *gi, size_t L,
                        const size_t *order, int exact)
{
    size_t n = gi->n;
    memset(e, 0, sizeof *e);
    e->cells = (double)L;
    for (size_t j = 0; j < n; j++) {
        size_t wj = (size_t)gi->w[j];
        if (wj >= L)
            continue;
        double cells = (double)(L - wj), bits = (double)(j + 1);
        e->work +=
            exact ? cells * (3 * OVH + 2 * mpol_i_limbs(bits + log2(bits)) + mpol_i_limbs(bits))
                  : 2 * cells;
    }
    double lc = mpol_i_limbs((double)n + 1);
    for (size_t k = 0; k < n; k++) {
        size_t i = order[k], wi = (size_t)gi->w[i];
        if (wi == 0 || (k > 0 && gi->w[order[k - 1]] == gi->w[i]))
            continue;
        double head = (double)(wi < L ? wi : L);
        e->work += exact ? ((double)L + head) * (OVH + lc + 1) : (double)L + head;
    }
    if (exact) {
        double lg = mpol_i_limbs((double)n + log2((double)n + 1));
        e->bits = (double)n + log2((double)n + 1);
        e->bytes = (double)L * (2 * mpz_bytes(lg) + mpz_bytes(lc)) + (double)n * mpz_bytes(lc + 1);
    } else {
        e->work += 2.0 * (double)L * (double)(n / MPOL_I_BZ_RESCALE_EVERY);
        e->work += mpol_i_dummies_work(gi, L, order);
        e->bytes = 40.0 * (double)L + 8.0 * (double)n;
    }
    e->bytes += 24.0 * (double)n;
}

mpol_status mpol_i_power_limits(const mpol_power_opts *opts, const mpol_power_estimate *e,
                                const char *who)
{
    double limit = 8.0 * (double)opts->max_cells, rate = opts->exact ? RATE_GMP : RATE_FLOAT;
    if (!(e->bytes > limit) && !(e->work > opts->max_work))
        return MPOL_OK;
    char need[32], have[32];
    mpol_i_format_bytes(need, sizeof need, e->bytes);
    mpol_i_format_bytes(have, sizeof have, limit);
    const char *unit = opts->exact ? "GMP limb operations" : "operations";
    if (e->bytes > limit)
        return mpol_error(MPOL_ELIMIT,
                          "%s: the DP table needs %.3g cells%s, about %s and %.3g %s (about %.0f "
                          "s); above the memory limit of %s (mpol_power_opts.max_cells = %zu "
                          "8-byte cells)",
                          who, e->cells, opts->exact ? " of GMP counts" : "", need, e->work, unit,
                          e->work / rate, have, opts->max_cells);
    return mpol_error(MPOL_ELIMIT,
                      "%s: needs about %s and %.3g %s (about %.0f s at %.2g a second); above "
                      "the work limit of %.3g (mpol_power_opts.max_work)",
                      who, need, e->work, unit, e->work / rate, rate, opts->max_work);
}

void mpol_i_work_init(mpol_i_work *w, const mpol_power_opts *opts, double total)
{
    w->done = 0;
    w->total = total > 1 ? total : 1;
    w->cb = opts->progress;
    w->userdata = opts->userdata;
    w->next = w->cb != NULL ? 0 : INFINITY;
}

void mpol_i_work_report(mpol_i_work *w)
{
    double done = w->done < w->total ? w->done : w->total;
    w->cb(w->userdata, (size_t)done, (size_t)w->total);
    w->next = w->done + w->total / 1000.0;
}

void mpol_i_work_finish(mpol_i_work *w)
{
    if (w->cb != NULL)
        w->cb(w->userdata, (size_t)w->total, (size_t)w->total);
}

mpol_status mpol_power_estimate_cost(mpol_power_estimate *out, mpol_power_kind kind,
                                     const mpol_wvg *g, const mpol_power_opts *opts)
{
    static const char who[] = "mpol_power_estimate_cost";
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "%s: out is NULL", who);
    memset(out, 0, sizeof *out);
    if (kind != MPOL_POWER_BANZHAF && kind != MPOL_POWER_SHAPLEY_SHUBIK)
        return mpol_error(MPOL_EINVAL, "%s: unknown index kind %d", who, (int)kind);
    int exact = opts != NULL && opts->exact;
    mpol_i_wvg_int gi;
    mpol_status st = mpol_i_wvg_scale(&gi, g, 0, who);
    if (st != MPOL_OK)
        return st;
    mpol_i_ss_setup su;
    if ((st = mpol_i_ss_setup_init(&su, &gi, who)) == MPOL_OK) {
        if (kind == MPOL_POWER_SHAPLEY_SHUBIK) {
            mpol_i_ss_estimate(out, &gi, &su, exact);
        } else {
            int64_t qc = gi.total - gi.quota + 1;
            mpol_i_bz_estimate(out, &gi, (size_t)(gi.quota < qc ? gi.quota : qc), su.order, exact);
        }
    }
    mpol_i_ss_setup_clear(&su);
    mpol_i_wvg_int_clear(&gi);
    return st;
}
