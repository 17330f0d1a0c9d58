/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the floating-point Shapley–Shubik index (shapley_shubik.c) by the
 * integral of Owen's multilinear extension (Owen 1972, Management Sci. 18(5)):
 *
 *   phi_i = int_0^1 pi_i(p) dp,   pi_i(p) = Pr[q - w_i <= W_{-i}(p) < q],
 *
 * where W_{-i}(p) is the weight of a random coalition of N \ i that holds every player
 * independently with probability p. pi_i is a polynomial of degree n - 1 in p, so
 * Gauss–Legendre quadrature with ceil(n / 2) nodes is exact. At a node the distribution of
 * W (weights 0..Q-1 only: the players only add weight, so the cells >= Q never matter) is
 * built by the factors (1 - p + p x^{w_j}) on the cells between the flushed bottom
 * (SS_TINY) and the weight added so far, all terms non-negative: probabilities in [0, 1],
 * no cancellation, no binomial-scale counts. W_{-i} is then one division by the factor of
 * w_i, once per distinct weight: g_{-i}[x] = (g[x] - p g_{-i}[x - w_i]) / (1 - p), which
 * damps its errors by p / (1 - p) <= 1 since nodes p > 1/2 use the complements
 * (probability 1 - p, quota total - q + 1).
 *
 * The nodes: [a, b] is the window outside which Hoeffding's bound makes every pi_i below
 * 1e-30 (exp(-2 t^2 / sum w_j^2)); on it ceil(n / 2) nodes are exact. Games with more than
 * SS_EXACT_NODES of those nodes are computed with SS_N1 and 2 * SS_N1 nodes; the two must
 * agree to SS_AGREE relative per index (else the exact rule is run, if the work limit
 * allows). EPIC's 3434 players: pi_i is a bump of width ~0.01 on a window of 0.24 and
 * 48 nodes already give the sum to 1e-13 (docs/voting.md).
 */
#include <math.h>
#include <string.h>

#include "voting/voting_internal.h"

#define SS_N1 56
#define SS_EXACT_NODES (3 * SS_N1) /* the exact rule when it costs no more than the pair */
#define SS_AGREE 1e-11
#define SS_TAIL_LOG 69.0776 /* ln(1e30) */
/* Cells below this at the bottom are flushed: the DP is a Markov operator (its cells'
 * later contributions sum to at most their value), so the indices lose at most
 * n Q SS_TINY / (1 - p) per node, below 1e-28 for any game within the limits. */
#define SS_TINY 1e-40
#define SS_PI 3.14159265358979323846264338327950288L

static size_t min_z(size_t a, size_t b)
{
    return a < b ? a : b;
}

/* Gauss–Legendre nodes and weights of [a, b] (Newton on the three-term recurrence, in long
 * double so that the rule adds little to the rounding of the nodes' DP: the indices are
 * within a few ulps, e.g. 1/3 + 1 ulp for [51; 49, 48, 3]). */
static void gauss_legendre(double *x, double *wt, size_t N, double a, double b)
{
    for (size_t i = 0; i < N; i++) {
        long double z = cosl(SS_PI * ((long double)i + 0.75L) / ((long double)N + 0.5L)), dp = 1;
        for (int it = 0; it < 100; it++) {
            long double p1 = 1, p2 = 0;
            for (size_t j = 1; j <= N; j++) {
                long double p3 = p2;
                p2 = p1;
                p1 = ((2.0L * (long double)j - 1) * z * p2 - ((long double)j - 1) * p3) /
                     (long double)j;
            }
            dp = (long double)N * (z * p1 - p2) / (z * z - 1);
            long double z1 = z;
            z = z1 - p1 / dp;
            if (fabsl(z - z1) <= 1e-18L)
                break;
        }
        long double p1 = 1, p2 = 0;
        for (size_t j = 1; j <= N; j++) {
            long double p3 = p2;
            p2 = p1;
            p1 =
                ((2.0L * (long double)j - 1) * z * p2 - ((long double)j - 1) * p3) / (long double)j;
        }
        dp = (long double)N * (z * p1 - p2) / (z * z - 1);
        x[i] = (double)((long double)a + ((long double)b - a) * (z + 1) / 2);
        wt[i] = (double)(((long double)b - a) / ((1 - z * z) * dp * dp));
    }
}

void mpol_i_ss_plan(mpol_i_ss_plan_t *pl, const mpol_i_wvg_int *gi)
{
    double T = 0, S2 = 0, wmax = 0, q = (double)gi->quota;
    size_t n = gi->n;
    for (size_t j = 0; j < n; j++) {
        double w = (double)gi->w[j];
        T += w;
        S2 += w * w;
        wmax = w > wmax ? w : wmax;
    }
    double t = sqrt(S2 * SS_TAIL_LOG / 2);
    pl->a = T > 0 ? (q - wmax - t) / T : 0;
    pl->b = T > wmax ? (q + t) / (T - wmax) : 1;
    pl->a = pl->a > 0 ? pl->a : 0;
    pl->b = pl->b < 1 ? pl->b : 1;
    if (!(pl->b > pl->a)) { /* cannot happen for 1 <= q <= T; keep [0, 1] */
        pl->a = 0;
        pl->b = 1;
    }
    pl->nexact = (n + 1) / 2 > 0 ? (n + 1) / 2 : 1;
    pl->n1 = pl->nexact <= SS_EXACT_NODES ? pl->nexact : SS_N1;
    pl->n2 = pl->nexact <= SS_EXACT_NODES ? 0 : 2 * SS_N1;
    pl->Q[0] = (size_t)gi->quota;
    pl->Q[1] = (size_t)(gi->total - gi->quota + 1);
}

double mpol_i_ss_node_work(const mpol_i_ss_plan_t *pl, size_t n, size_t nd)
{
    size_t Q = pl->Q[0] > pl->Q[1] ? pl->Q[0] : pl->Q[1];
    return (double)Q * (double)(n + nd);
}

/* pi[d] += wt * pi_i(p) for the nd distinct weights ws[d] (quota Q, probability p <= 1/2). */
static void node(const mpol_i_wvg_int *gi, const size_t *ws, size_t nd, double p, size_t Q,
                 double wt, double *g, double *h, double *acc, mpol_i_work *work, double units)
{
    double u = 1 - p;
    size_t start = 0, top = 1; /* cells outside [start, top) are 0 */
    memset(g, 0, Q * sizeof *g);
    g[0] = 1;
    for (size_t j = 0; j < gi->n; j++) {
        size_t w = (size_t)gi->w[j];
        if (w == 0)
            continue; /* the factor 1 */
        top = w < Q - top ? top + w : Q;
        for (size_t x = top; x-- > start + w;)
            g[x] = u * g[x] + p * g[x - w];
        for (size_t x = start; x < min_z(start + w, Q); x++)
            g[x] *= u;
        while (start < Q && g[start] < SS_TINY)
            g[start++] = 0;
    }
    for (size_t d = 0; d < nd; d++) {
        size_t w = ws[d];
        for (size_t x = 0; x < Q; x++)
            h[x] = (g[x] - (x >= w ? p * h[x - w] : 0)) / u;
        double s = 0;
        for (size_t x = Q - min_z(w, Q); x < Q; x++)
            s += h[x];
        acc[d] += wt * s;
    }
    mpol_i_work_add(work, units); /* the bound of mpol_i_ss_node_work, as estimated */
}

/* The integral with N nodes into acc[0..nd). */
static void integrate(const mpol_i_ss_plan_t *pl, const mpol_i_wvg_int *gi, const size_t *ws,
                      size_t nd, size_t N, double *xw, double *g, double *h, double *acc,
                      mpol_i_work *work)
{
    double units = mpol_i_ss_node_work(pl, gi->n, nd);
    gauss_legendre(xw, xw + N, N, pl->a, pl->b);
    memset(acc, 0, nd * sizeof *acc);
    for (size_t k = 0; k < N; k++) {
        double p = xw[k];
        if (p <= 0.5)
            node(gi, ws, nd, p, pl->Q[0], xw[N + k], g, h, acc, work, units);
        else
            node(gi, ws, nd, 1 - p, pl->Q[1], xw[N + k], g, h, acc, work, units);
    }
}

mpol_status mpol_i_ss_float(mpol_power_result *r, const mpol_i_wvg_int *gi, const size_t *order,
                            double max_work, mpol_i_work *work, const char *who)
{
    size_t n = gi->n, nd = 0;
    mpol_i_ss_plan_t pl;
    mpol_i_ss_plan(&pl, gi);
    size_t Qmax = pl.Q[0] > pl.Q[1] ? pl.Q[0] : pl.Q[1];
    size_t Nmax = pl.nexact > pl.n2 ? pl.nexact : pl.n2;
    double *g = mpol_malloc(Qmax * sizeof *g), *h = mpol_malloc(Qmax * sizeof *h);
    double *xw = mpol_malloc(2 * Nmax * sizeof *xw), *acc = mpol_malloc(2 * n * sizeof *acc);
    size_t *ws = mpol_malloc(n * sizeof *ws), *first = mpol_malloc(n * sizeof *first);
    mpol_status st = MPOL_OK;
    if (g == NULL || h == NULL || xw == NULL || acc == NULL || ws == NULL || first == NULL) {
        st = mpol_error(MPOL_ENOMEM, "%s: out of memory for the distributions", who);
        goto done;
    }
    for (size_t k = 0; k < n; k++)
        if (gi->w[order[k]] > 0 && (k == 0 || gi->w[order[k - 1]] != gi->w[order[k]])) {
            first[nd] = order[k];
            ws[nd++] = (size_t)gi->w[order[k]];
        }
    double *res = acc, diff = 0;
    integrate(&pl, gi, ws, nd, pl.n1, xw, g, h, acc, work);
    if (pl.n2 > 0) {
        res = acc + n;
        integrate(&pl, gi, ws, nd, pl.n2, xw, g, h, res, work);
        int agree = 1;
        for (size_t d = 0; d < nd; d++) {
            double e = fabs(res[d] - acc[d]);
            diff = e > diff ? e : diff;
            agree &= e <= SS_AGREE * fabs(res[d]);
        }
        double cost = (double)pl.nexact * mpol_i_ss_node_work(&pl, n, nd);
        if (!agree && work->done + cost <= max_work) {
            integrate(&pl, gi, ws, nd, pl.nexact, xw, g, h, res, work);
            diff = 0;
        }
    }
    for (size_t d = 0; d < nd; d++)
        r->index[first[d]] = res[d] > 0 ? res[d] : 0;
    for (size_t k = 1; k < n; k++)
        if (gi->w[order[k]] == gi->w[order[k - 1]])
            r->index[order[k]] = r->index[order[k - 1]];
    double sum = 0;
    for (size_t i = 0; i < n; i++) {
        if (r->dummy[i])
            r->index[i] = 0;
        r->absolute[i] = r->index[i];
        sum += r->index[i];
    }
    r->check_error = fabs(sum - 1);
    r->max_error = r->check_error > diff ? r->check_error : diff;
    r->verified = r->check_error <= MPOL_POWER_CHECK_TOL;
    if (!(r->check_error <= MPOL_POWER_CHECK_TOL))
        st = mpol_error(MPOL_EVERIFY, "%s: check failed: the indices sum to 1 %+g", who, sum - 1);
done:
    mpol_free(g);
    mpol_free(h);
    mpol_free(xw);
    mpol_free(acc);
    mpol_free(ws);
    mpol_free(first);
    return st;
}
