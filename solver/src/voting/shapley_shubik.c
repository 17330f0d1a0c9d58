/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the Shapley–Shubik index of weighted voting games by counting
 * coalitions by size and weight (Mann and Shapley 1962; Matsui and Matsui 2000, J. Oper.
 * Res. Soc. Japan 43(1), O(n^2 q) for all players with the "divide one factor out" step,
 * cf. Uno 2012, ISAAC, LNCS 7676):
 *
 *   c[s][w]        = number of coalitions of size s and weight w (w < q)
 *   c_{-i}[s][w]   = c[s][w] - c_{-i}[s-1][w - w_i]
 *   pivots_i       = sum_s s!(n-1-s)! sum_{w = q - w_i}^{q - 1} c_{-i}[s][w]
 *
 * Deviations and additions:
 * - Sizes s <= (n-1)/2 are counted directly; larger sizes through the complements in N \ i
 *   (size n-1-s, pivotal iff their weight is in [q' - w_i, q' - 1] with q' = total - q + 1).
 *   Both tables need only sizes up to about n/2.
 * - Floating point does not use this DP (ss_float.c: quadrature of Owen's multilinear
 *   extension, probabilities only). The former double DP (P[s][w] = c[s][w] / C(n, s),
 *   "remove player i" by P_{-i}[s] = P[s] - s/(n-s+1) P_{-i}[s-1]) failed its own check on
 *   EPIC's 3434 players after 370 s: scaled by the final C(n, s) while the players are
 *   added, row s holds C(j, s) / C(n, s) after j players, 1e-321 at j = 1717, s = 858, so
 *   the bulk of the coalitions went through subnormals and zeros (docs/voting.md,
 *   "Accuracy").
 * - The work and memory are estimated before the tables are allocated (power_estimate.c,
 *   which shares the row bands of mpol_i_ss_half); the loops count their work as they go
 *   and report it through mpol_power_opts.progress.
 * - Check: the indices must sum to 1 (exactly n! pivot orderings in GMP mode). Dummies
 *   (floating point) come from the Banzhaf swing count modulo 2^61 - 1 (wvg_common.c).
 */
#include <math.h>
#include <string.h>

#include "voting/mpz_internal.h"
#include "voting/voting_internal.h"

static size_t max_z(size_t a, size_t b)
{
    return a > b ? a : b;
}

static size_t min_z(size_t a, size_t b)
{
    return a < b ? a : b;
}

/* Fills h->lo and h->hi (smax + 1 entries each) from the weights sorted by @p order. */
static void row_bounds(mpol_i_ss_half *h, const mpol_i_wvg_int *gi, const size_t *order)
{
    size_t n = gi->n, Q = h->Q;
    int64_t light = 0, heavy = 0;
    for (long s = 0; s <= h->smax; s++) {
        if (s > 0) {
            light += gi->w[order[s - 1]];
            heavy += gi->w[order[n - (size_t)s]];
        }
        h->lo[s] = min_z((size_t)light, Q);
        h->hi[s] = min_z((size_t)heavy + 1, Q);
    }
}

/* GMP work of one call: MPOL_POWER_GMP_CALL_COST plus the limbs of its result. */
#define GMP_OP(x) ((size_t)MPOL_POWER_GMP_CALL_COST + mpz_size(x))

/* Adds to piv the pivot orderings of one half for a player of weight wi. */
static void remove_exact(mpz_t piv, mpz_t *const C, const mpol_i_ss_half *h, size_t n, size_t wi,
                         mpz_t *pa, mpz_t *pb, mpz_t *const fact, mpz_t tmp, mpol_i_work *work)
{
    size_t Q = h->Q, head = min_z(wi, Q);
    mpz_t *prev = pa, *cur = pb;
    for (long s = 0; s <= h->smax; s++) {
        mpz_t *row = C + (size_t)s * Q;
        size_t lo = h->lo[s], hi = h->hi[s], ops = 0;
        if (lo >= hi)
            break;
        for (size_t w = lo; w < hi; w++) {
            mpz_set(cur[w], row[w]);
            ops += GMP_OP(cur[w]);
        }
        if (s > 0) {
            size_t a, b;
            mpol_i_ss_shift(h, s, wi, &a, &b);
            for (size_t w = a; w < b; w++) {
                mpz_sub(cur[w], cur[w], prev[w - wi]);
                ops += GMP_OP(cur[w]);
            }
        }
        mpz_set_ui(tmp, 0);
        for (size_t w = max_z(Q - head, lo); w < hi; w++) {
            mpz_add(tmp, tmp, cur[w]);
            ops += GMP_OP(tmp);
        }
        ops += 2 * (size_t)MPOL_POWER_GMP_CALL_COST + mpz_size(tmp) * mpz_size(fact[s]);
        mpz_mul(tmp, tmp, fact[s]);
        ops += mpz_size(tmp) * mpz_size(fact[n - 1 - (size_t)s]);
        mpz_addmul(piv, tmp, fact[n - 1 - (size_t)s]);
        mpol_i_work_add(work, (double)ops);
        mpz_t *t = prev;
        prev = cur;
        cur = t;
    }
}

/* Builds the exact table of one half (C[0] = 1 already). */
static void build_exact(mpz_t *C, const mpol_i_ss_half *h, const mpol_i_wvg_int *gi,
                        mpol_i_work *work)
{
    size_t Q = h->Q;
    for (size_t j = 0; j < gi->n; j++) {
        size_t wj = (size_t)gi->w[j], ops = 0;
        if (wj >= Q)
            continue;
        for (long s = h->smax; s >= 1; s--) {
            size_t from, to;
            mpol_i_ss_shift(h, s, wj, &from, &to);
            mpz_t *dst = C + (size_t)s * Q;
            mpz_t *src = C + (size_t)(s - 1) * Q;
            for (size_t w = from; w < to; w++) {
                mpz_add(dst[w], dst[w], src[w - wj]);
                ops += GMP_OP(dst[w]);
            }
        }
        mpol_i_work_add(work, (double)ops);
    }
}

static mpol_status ss_exact(mpol_power_result *r, const mpol_i_wvg_int *gi,
                            const mpol_i_ss_half *hv, const size_t *order, mpol_i_work *work,
                            const char *who)
{
    size_t n = gi->n;
    size_t cells[2] = {0, 0}, Qmax = hv[0].Q > hv[1].Q ? hv[0].Q : hv[1].Q;
    mpz_t *C[2] = {NULL, NULL}, *a = NULL, *b = NULL, *fact = NULL, *piv = NULL;
    mpz_t tmp, sum;
    mpol_status st = MPOL_OK;
    mpz_inits(tmp, sum, NULL);
    for (int k = 0; k < 2; k++) {
        cells[k] = hv[k].smax >= 0 ? (size_t)(hv[k].smax + 1) * hv[k].Q : 0;
        if (cells[k] > 0 && (C[k] = mpol_i_mpz_array(cells[k])) == NULL)
            goto oom;
    }
    if ((a = mpol_i_mpz_array(Qmax)) == NULL || (b = mpol_i_mpz_array(Qmax)) == NULL ||
        (fact = mpol_i_mpz_array(n + 1)) == NULL || (piv = mpol_i_mpz_array(n)) == NULL)
        goto oom;
    mpz_set_ui(fact[0], 1);
    for (size_t k = 1; k <= n; k++)
        mpz_mul_ui(fact[k], fact[k - 1], (unsigned long)k);
    for (int k = 0; k < 2; k++) {
        if (C[k] == NULL)
            continue;
        mpz_set_ui(C[k][0], 1);
        build_exact(C[k], &hv[k], gi, work);
    }
    for (size_t k = 0; k < n; k++) {
        size_t i = order[k], wi = (size_t)gi->w[i];
        if (k > 0 && gi->w[order[k - 1]] == gi->w[i]) {
            mpz_set(piv[i], piv[order[k - 1]]);
        } else if (wi > 0) {
            for (int t = 0; t < 2; t++)
                if (C[t] != NULL)
                    remove_exact(piv[i], C[t], &hv[t], n, wi, a, b, fact, tmp, work);
        }
        mpz_add(sum, sum, piv[i]);
    }
    for (size_t i = 0; i < n; i++) {
        r->dummy[i] = mpz_sgn(piv[i]) == 0;
        r->index[i] = mpol_i_mpz_ratio(piv[i], fact[n]);
        r->absolute[i] = r->index[i];
        if ((r->counts[i] = mpol_i_mpz_string(piv[i])) == NULL)
            goto oom;
    }
    if ((r->denominator = mpol_i_mpz_string(fact[n])) == NULL)
        goto oom;
    mpz_sub(tmp, sum, fact[n]);
    r->check_error = mpz_sgn(tmp) == 0 ? 0.0 : fabs(mpol_i_mpz_ratio(tmp, fact[n]));
    r->max_error = r->check_error;
    r->verified = mpz_sgn(tmp) == 0;
    if (mpz_sgn(tmp) != 0)
        st = mpol_error(MPOL_EVERIFY, "%s: check failed: the pivots do not sum to n!", who);
    goto done;
oom:
    st = mpol_error(MPOL_ENOMEM, "%s: out of memory for the count tables", who);
done:
    for (int k = 0; k < 2; k++)
        mpol_i_mpz_array_free(C[k], cells[k]);
    mpol_i_mpz_array_free(a, Qmax);
    mpol_i_mpz_array_free(b, Qmax);
    mpol_i_mpz_array_free(fact, n + 1);
    mpol_i_mpz_array_free(piv, n);
    mpz_clears(tmp, sum, NULL);
    return st;
}

void mpol_i_ss_setup_clear(mpol_i_ss_setup *s)
{
    mpol_free(s->order);
    mpol_free(s->bounds);
    s->order = NULL;
    s->bounds = NULL;
}

mpol_status mpol_i_ss_setup_init(mpol_i_ss_setup *s, const mpol_i_wvg_int *gi, const char *who)
{
    size_t n = gi->n;
    long H = (long)(n - 1) / 2;
    memset(s, 0, sizeof *s);
    s->hv[0] = (mpol_i_ss_half){(size_t)gi->quota, H, NULL, NULL};
    s->hv[1] = (mpol_i_ss_half){(size_t)(gi->total - gi->quota + 1), (long)n - 2 - H, NULL, NULL};
    mpol_status st = mpol_i_wvg_order(&s->order, gi, who);
    if (st != MPOL_OK)
        return st;
    if ((s->bounds = mpol_malloc(4 * (size_t)(H + 1) * sizeof *s->bounds)) == NULL) {
        mpol_i_ss_setup_clear(s);
        return mpol_error(MPOL_ENOMEM, "%s: out of memory", who);
    }
    for (int k = 0; k < 2; k++) {
        s->hv[k].lo = s->bounds + (size_t)(2 * k) * (size_t)(H + 1);
        s->hv[k].hi = s->hv[k].lo + (H + 1);
        row_bounds(&s->hv[k], gi, s->order);
    }
    return MPOL_OK;
}

/* Runs the estimated, allowed computation into r. */
static mpol_status ss_run(mpol_power_result *r, const mpol_i_wvg_int *gi, const mpol_i_ss_setup *su,
                          const mpol_power_opts *opts, double total, const char *who)
{
    mpol_i_work work;
    mpol_status st;
    r->scaled_quota = gi->quota;
    r->scaled_total = gi->total;
    r->scale = gi->scale;
    mpol_i_work_init(&work, opts, total);
    if (opts->exact) {
        st = ss_exact(r, gi, su->hv, su->order, &work, who);
    } else {
        int64_t qc = gi->total - gi->quota + 1;
        st = mpol_i_wvg_dummies_mod(r->dummy, gi, gi->quota < qc ? gi->quota : qc, &work, who);
        if (st == MPOL_OK)
            st = mpol_i_ss_float(r, gi, su->order, opts->max_work, &work, who);
    }
    r->work = work.done;
    mpol_i_work_finish(&work);
    return st;
}

mpol_status mpol_power_shapley_shubik(mpol_power_result **out, const mpol_wvg *g,
                                      const mpol_power_opts *opts)
{
    static const char who[] = "mpol_power_shapley_shubik";
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "%s: out is NULL", who);
    *out = NULL;
    mpol_power_opts def;
    if (opts == NULL) {
        mpol_power_opts_init(&def);
        opts = &def;
    }
    mpol_i_wvg_int gi;
    mpol_status st = mpol_i_wvg_scale(&gi, g, 0, who);
    if (st != MPOL_OK)
        return st;
    mpol_i_ss_setup su;
    mpol_power_result *r = NULL;
    mpol_power_estimate e;
    if ((st = mpol_i_ss_setup_init(&su, &gi, who)) != MPOL_OK)
        goto done;
    mpol_i_ss_estimate(&e, &gi, &su, opts->exact);
    if ((st = mpol_i_power_limits(opts, &e, who)) != MPOL_OK)
        goto done;
    if ((st = mpol_i_power_alloc(&r, MPOL_POWER_SHAPLEY_SHUBIK, gi.n, opts->exact, who)) == MPOL_OK)
        st = ss_run(r, &gi, &su, opts, e.work, who);
done:
    mpol_i_ss_setup_clear(&su);
    mpol_i_wvg_int_clear(&gi);
    if (st != MPOL_OK && st != MPOL_EVERIFY) {
        mpol_power_result_free(r);
        return st;
    }
    *out = r; /* also on MPOL_EVERIFY, for the caller to inspect (docs/conventions.md) */
    return st;
}
