/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the Banzhaf index of weighted voting games by generating functions
 * (Brams and Affuso 1976; Matsui and Matsui 2000, "A survey of algorithms for calculating
 * power indices of weighted majority games", J. Oper. Res. Soc. Japan 43(1)), with the
 * "divide one factor out" step of Uno (2012), "Efficient computation of power indices for
 * weighted majority games", ISAAC 2012, LNCS 7676, giving all players in O(n q) time.
 *
 *   c(x) = prod_j (1 + x^{w_j}) truncated to degrees < q         (coalitions by weight)
 *   c_{-i}[w] = c[w] - c_{-i}[w - w_i]                            (player i divided out)
 *   swings_i = sum_{w = q - w_i}^{q - 1} c_{-i}[w]
 *
 * Deviations and additions:
 * - q is min(quota, total - quota + 1): swings of i for quota q are in bijection with the
 *   swings for total - q + 1 (complement within N \ i), so the smaller table is used and
 *   the division stays on the increasing side of c, where it is numerically benign.
 * - Players of equal weight share one division (the EPIC instances have few distinct
 *   weights).
 * - Floating point: counts are doubles with a common binary exponent E (true count =
 *   c * 2^E), rescaled every RESCALE_EVERY players, and values below 2^-RESCALE_FLOOR of the
 *   largest are flushed to 0 so that no subnormal numbers slow the loops down.
 * - Independent check: a second generating function G (sum of |S| by weight) gives the total
 *   number of swings as n F - 2 G with F, G summed below q (Dubey–Shapley identity
 *   sum_i swings_i = sum over winning S of (2|S| - n)); it must equal the sum of the
 *   per-player counts (exactly in GMP mode, to MPOL_POWER_CHECK_TOL in floating point).
 * - The work and memory are estimated before the tables are allocated (power_estimate.c);
 *   the loops count their work as they go and report it through mpol_power_opts.progress.
 * - Dummies (no swing) come from the exact count modulo 2^61 - 1 in floating-point mode.
 */
#include <math.h>
#include <string.h>

#include "voting/mpz_internal.h"
#include "voting/voting_internal.h"

#define RESCALE_EVERY MPOL_I_BZ_RESCALE_EVERY
#define RESCALE_FLOOR 1000

static void rescale(double *c, double *G, size_t L, int *E)
{
    double m = 0;
    for (size_t w = 0; w < L; w++)
        m = fmax(m, fmax(c[w], G[w]));
    if (m == 0)
        return;
    int e = ilogb(m);
    double f = ldexp(1.0, -e), floor_ = ldexp(1.0, -RESCALE_FLOOR);
    for (size_t w = 0; w < L; w++) {
        c[w] *= f;
        G[w] *= f;
        if (c[w] < floor_)
            c[w] = 0;
        if (G[w] < floor_)
            G[w] = 0;
    }
    *E += e;
}

static mpol_status banzhaf_float(mpol_power_result *r, const mpol_i_wvg_int *gi, size_t L,
                                 const size_t *order, mpol_i_work *work, const char *who)
{
    size_t n = gi->n;
    double *c = mpol_calloc(L, sizeof *c), *G = mpol_calloc(L, sizeof *G);
    double *d = mpol_calloc(L, sizeof *d), *sw = mpol_calloc(n, sizeof *sw);
    if (c == NULL || G == NULL || d == NULL || sw == NULL) {
        mpol_free(c);
        mpol_free(G);
        mpol_free(d);
        mpol_free(sw);
        return mpol_error(MPOL_ENOMEM, "%s: out of memory for %zu counts", who, L);
    }
    int E = 0;
    c[0] = 1;
    for (size_t j = 0, since = 0; j < n; j++) {
        size_t wj = (size_t)gi->w[j];
        for (size_t w = L; w-- > wj;) {
            G[w] += G[w - wj] + c[w - wj];
            c[w] += c[w - wj];
        }
        mpol_i_work_add(work, wj < L ? 2.0 * (double)(L - wj) : 0.0);
        if (++since == RESCALE_EVERY) {
            rescale(c, G, L, &E);
            mpol_i_work_add(work, 2.0 * (double)L);
            since = 0;
        }
    }
    double F = 0, Gs = 0;
    for (size_t w = 0; w < L; w++) {
        F += c[w];
        Gs += G[w];
    }
    double T = (double)n * F - 2 * Gs, S = 0;
    for (size_t k = 0; k < n; k++) {
        size_t i = order[k], wi = (size_t)gi->w[i];
        if (k > 0 && gi->w[order[k - 1]] == gi->w[i]) {
            sw[i] = sw[order[k - 1]];
        } else if (wi > 0) {
            double s = 0;
            size_t head = wi < L ? wi : L;
            memcpy(d, c, head * sizeof *d);
            for (size_t w = head; w < L; w++)
                d[w] = c[w] - d[w - wi];
            for (size_t w = L - head; w < L; w++)
                s += d[w];
            sw[i] = s > 0 ? s : 0;
            mpol_i_work_add(work, (double)(L + head));
        }
        S += sw[i];
    }
    for (size_t i = 0; i < n; i++) {
        if (r->dummy[i])
            sw[i] = 0;
        r->index[i] = S > 0 ? sw[i] / S : 0;
        r->absolute[i] = ldexp(sw[i], E - (int)n + 1);
    }
    r->check_error = T > 0 ? fabs(S - T) / T : fabs(S);
    r->max_error = r->check_error;
    r->verified = r->check_error <= MPOL_POWER_CHECK_TOL;
    mpol_free(c);
    mpol_free(G);
    mpol_free(d);
    mpol_free(sw);
    if (!(r->check_error <= MPOL_POWER_CHECK_TOL))
        return mpol_error(MPOL_EVERIFY,
                          "%s: check failed: sum of swings differs from the independent total "
                          "by %g (relative)",
                          who, r->check_error);
    return MPOL_OK;
}

/* GMP work of one call: MPOL_POWER_GMP_CALL_COST plus the limbs of its result. */
#define GMP_OP(x) ((size_t)MPOL_POWER_GMP_CALL_COST + mpz_size(x))

/* The generating functions c and G (zeroed, L counts each) of all players. */
static void build_exact(mpz_t *c, mpz_t *G, const mpol_i_wvg_int *gi, size_t L, mpol_i_work *work)
{
    mpz_set_ui(c[0], 1);
    for (size_t j = 0; j < gi->n; j++) {
        size_t wj = (size_t)gi->w[j], ops = 0;
        for (size_t w = L; w-- > wj;) {
            mpz_add(G[w], G[w], G[w - wj]);
            mpz_add(G[w], G[w], c[w - wj]);
            mpz_add(c[w], c[w], c[w - wj]);
            ops += 2 * GMP_OP(G[w]) + GMP_OP(c[w]);
        }
        mpol_i_work_add(work, (double)ops);
    }
}

static mpol_status banzhaf_exact(mpol_power_result *r, const mpol_i_wvg_int *gi, size_t L,
                                 const size_t *order, mpol_i_work *work, const char *who)
{
    size_t n = gi->n;
    mpz_t *c = mpol_i_mpz_array(L), *G = mpol_i_mpz_array(L), *d = mpol_i_mpz_array(L);
    mpz_t *sw = mpol_i_mpz_array(n);
    mpz_t F, Gs, T, S, tmp;
    mpol_status st = MPOL_OK;
    mpz_inits(F, Gs, T, S, tmp, NULL);
    if (c == NULL || G == NULL || d == NULL || sw == NULL) {
        st = mpol_error(MPOL_ENOMEM, "%s: out of memory for %zu counts", who, L);
        goto done;
    }
    build_exact(c, G, gi, L, work);
    for (size_t w = 0; w < L; w++) {
        mpz_add(F, F, c[w]);
        mpz_add(Gs, Gs, G[w]);
    }
    mpz_mul_ui(T, F, (unsigned long)n);
    mpz_submul_ui(T, Gs, 2);
    for (size_t k = 0; k < n; k++) {
        size_t i = order[k], wi = (size_t)gi->w[i];
        if (k > 0 && gi->w[order[k - 1]] == gi->w[i]) {
            mpz_set(sw[i], sw[order[k - 1]]);
        } else if (wi > 0) {
            size_t head = wi < L ? wi : L, ops = 0;
            for (size_t w = 0; w < head; w++) {
                mpz_set(d[w], c[w]);
                ops += GMP_OP(d[w]);
            }
            for (size_t w = head; w < L; w++) {
                mpz_sub(d[w], c[w], d[w - wi]);
                ops += GMP_OP(d[w]);
            }
            for (size_t w = L - head; w < L; w++) {
                mpz_add(sw[i], sw[i], d[w]);
                ops += GMP_OP(sw[i]);
            }
            mpol_i_work_add(work, (double)ops);
        }
        mpz_add(S, S, sw[i]);
    }
    for (size_t i = 0; i < n; i++) {
        r->dummy[i] = mpz_sgn(sw[i]) == 0;
        r->index[i] = mpol_i_mpz_ratio(sw[i], S);
        r->absolute[i] = mpol_i_mpz_ldexp(sw[i], (long)n - 1);
        if ((r->counts[i] = mpol_i_mpz_string(sw[i])) == NULL) {
            st = mpol_error(MPOL_ENOMEM, "%s: out of memory for the counts", who);
            goto done;
        }
    }
    if ((r->denominator = mpol_i_mpz_string(S)) == NULL) {
        st = mpol_error(MPOL_ENOMEM, "%s: out of memory for the counts", who);
        goto done;
    }
    mpz_sub(tmp, S, T);
    r->check_error = mpz_sgn(tmp) == 0 ? 0.0 : fabs(mpol_i_mpz_ratio(tmp, T));
    r->max_error = r->check_error;
    r->verified = mpz_sgn(tmp) == 0;
    if (mpz_sgn(tmp) != 0)
        st = mpol_error(MPOL_EVERIFY,
                        "%s: check failed: the sum of the swings differs from the independent "
                        "total",
                        who);
done:
    mpol_i_mpz_array_free(c, L);
    mpol_i_mpz_array_free(G, L);
    mpol_i_mpz_array_free(d, L);
    mpol_i_mpz_array_free(sw, n);
    mpz_clears(F, Gs, T, S, tmp, NULL);
    return st;
}

mpol_status mpol_power_banzhaf(mpol_power_result **out, const mpol_wvg *g,
                               const mpol_power_opts *opts)
{
    static const char who[] = "mpol_power_banzhaf";
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
    int64_t q = gi.quota, qc = gi.total - gi.quota + 1;
    size_t L = (size_t)(q < qc ? q : qc);
    size_t *order = NULL;
    mpol_power_result *r = NULL;
    mpol_power_estimate e;
    mpol_i_work work;
    if ((st = mpol_i_wvg_order(&order, &gi, who)) != MPOL_OK)
        goto done;
    mpol_i_bz_estimate(&e, &gi, L, order, opts->exact);
    if ((st = mpol_i_power_limits(opts, &e, who)) != MPOL_OK)
        goto done;
    if ((st = mpol_i_power_alloc(&r, MPOL_POWER_BANZHAF, gi.n, opts->exact, who)) != MPOL_OK)
        goto done;
    r->scaled_quota = gi.quota;
    r->scaled_total = gi.total;
    r->scale = gi.scale;
    mpol_i_work_init(&work, opts, e.work);
    if (opts->exact) {
        st = banzhaf_exact(r, &gi, L, order, &work, who);
    } else {
        st = mpol_i_wvg_dummies_mod(r->dummy, &gi, (int64_t)L, &work, who);
        if (st == MPOL_OK)
            st = banzhaf_float(r, &gi, L, order, &work, who);
    }
    r->work = work.done;
    mpol_i_work_finish(&work);
done:
    mpol_free(order);
    mpol_i_wvg_int_clear(&gi);
    if (st != MPOL_OK && st != MPOL_EVERIFY) {
        mpol_power_result_free(r);
        return st;
    }
    *out = r; /* also on MPOL_EVERIFY, for the caller to inspect (docs/conventions.md) */
    return st;
}
