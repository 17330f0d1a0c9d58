/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the dense exchange tableau behind the built-in simplex and the double
 * oracle: the classic LP of a matrix game (Dantzig 1951; von Neumann's reduction of a matrix
 * game to a pair of dual LPs) in the shifted-positive form  max 1'w s.t. P w <= 1, w >= 0,
 * with P = (A - min A) / range(A) + 1, so every entry lies in [1, 2] whatever the payoff
 * scale (1e-12 or 1e12 alike) and one set of absolute tolerances serves all games.
 *
 * The tableau is the compact ("Tucker", condensed) form: one row per basic and one column per
 * nonbasic variable, so a pivot costs (rows x columns) and a slack basis needs no identity
 * block. Primal simplex uses Dantzig's largest-coefficient rule; after MPOL_I_ZS_DEGEN_STREAK
 * degenerate pivots in a row it switches to Bland's smallest-index rule (Bland 1977), which
 * cannot cycle, and returns to Dantzig after the next nondegenerate pivot. The dual simplex
 * (Lemke 1954) is the same with the roles of rows and columns exchanged; the double oracle
 * uses it after appending rows, which keeps the tableau dual feasible.
 *
 * Appending a row or a column to an optimal tableau expresses the new constraint or variable
 * in the current basis (Dantzig-Wolfe style column/row generation): a new row costs
 * O(basic w's x columns), a new column O(rows x nonbasic slacks).
 *
 * Deviations from textbook versions: no LU factorisation (the tableau is kept explicitly; the
 * double oracle re-solves from scratch if the final certificate fails), and the ratio test
 * breaks near-ties by the larger pivot element instead of a full Harris two-pass test.
 */
#include <math.h>
#include <string.h>

#include "zs_internal.h"

/* Largest payoff magnitude accepted (products in the verification must not overflow). */
#define MPOL_I_ZS_MAX_ABS 1e150
/* Relative tolerance for ties in the ratio tests. */
#define MPOL_I_ZS_TIE_TOL 1e-12

#define NONE ((size_t)-1)

mpol_status mpol_i_zs_scan(mpol_i_zs_scale *sc, const double *A, size_t m, size_t n,
                           const char *where)
{
    double lo = INFINITY, hi = -INFINITY;
    size_t mn = m * n;
    for (size_t k = 0; k < mn; k++) {
        double a = A[k];
        if (!(fabs(a) <= MPOL_I_ZS_MAX_ABS)) {
            if (isnan(a) || isinf(a))
                return mpol_error(MPOL_EINVAL, "%s: payoff A[%zu][%zu] is %s", where, k / n, k % n,
                                  isnan(a) ? "NaN" : "infinite");
            return mpol_error(MPOL_EINVAL, "%s: payoff A[%zu][%zu] = %g exceeds %g in magnitude",
                              where, k / n, k % n, a, MPOL_I_ZS_MAX_ABS);
        }
        if (a < lo)
            lo = a;
        if (a > hi)
            hi = a;
    }
    sc->amin = lo;
    sc->amax = hi;
    sc->inv = hi > lo ? 1.0 / (hi - lo) : 1.0;
    sc->absmax = fabs(lo) > fabs(hi) ? fabs(lo) : fabs(hi);
    return MPOL_OK;
}

double mpol_i_zs_unscale(const mpol_i_zs_scale *sc, double vP)
{
    return (vP - 1.0) / sc->inv + sc->amin;
}

mpol_status mpol_i_zs_tab_init(mpol_i_zs_tab *tab, size_t rcap, size_t ccap)
{
    memset(tab, 0, sizeof *tab);
    if (rcap == 0)
        rcap = 1;
    if (ccap == 0)
        ccap = 1;
    if (rcap > SIZE_MAX / sizeof(double) / ccap)
        return mpol_error(MPOL_ENOMEM, "mpol_zs: tableau of %zu x %zu is too large", rcap, ccap);
    tab->t = mpol_malloc(rcap * ccap * sizeof(double));
    tab->b = mpol_malloc(rcap * sizeof(double));
    tab->c = mpol_malloc(ccap * sizeof(double));
    tab->bid = mpol_malloc(rcap * sizeof(long));
    tab->nid = mpol_malloc(ccap * sizeof(long));
    tab->prow = mpol_malloc(ccap * sizeof(double));
    tab->cn = mpol_malloc(ccap * sizeof(double));
    if (!tab->t || !tab->b || !tab->c || !tab->bid || !tab->nid || !tab->prow || !tab->cn) {
        mpol_i_zs_tab_free(tab);
        return mpol_error(MPOL_ENOMEM, "mpol_zs: out of memory for a %zu x %zu tableau", rcap,
                          ccap);
    }
    tab->rcap = rcap;
    tab->ccap = ccap;
    return MPOL_OK;
}

void mpol_i_zs_tab_free(mpol_i_zs_tab *tab)
{
    mpol_free(tab->t);
    mpol_free(tab->b);
    mpol_free(tab->c);
    mpol_free(tab->bid);
    mpol_free(tab->nid);
    mpol_free(tab->prow);
    mpol_free(tab->cn);
    memset(tab, 0, sizeof *tab);
}

mpol_status mpol_i_zs_tab_reserve(mpol_i_zs_tab *tab, size_t rcap, size_t ccap)
{
    if (rcap <= tab->rcap && ccap <= tab->ccap)
        return MPOL_OK;
    size_t nr = rcap > tab->rcap ? rcap : tab->rcap;
    size_t nc = ccap > tab->ccap ? ccap : tab->ccap;
    mpol_i_zs_tab grown;
    mpol_status st = mpol_i_zs_tab_init(&grown, nr, nc);
    if (st != MPOL_OK)
        return st;
    for (size_t i = 0; i < tab->nr; i++)
        memcpy(grown.t + i * nc, tab->t + i * tab->ccap, tab->nc * sizeof(double));
    memcpy(grown.b, tab->b, tab->nr * sizeof(double));
    memcpy(grown.bid, tab->bid, tab->nr * sizeof(long));
    memcpy(grown.c, tab->c, tab->nc * sizeof(double));
    memcpy(grown.nid, tab->nid, tab->nc * sizeof(long));
    grown.nr = tab->nr;
    grown.nc = tab->nc;
    grown.z = tab->z;
    grown.pivots = tab->pivots;
    grown.max_pivots = tab->max_pivots;
    mpol_i_zs_tab_free(tab);
    *tab = grown;
    return MPOL_OK;
}

void mpol_i_zs_tab_load(mpol_i_zs_tab *tab, const double *A, size_t lda, const mpol_i_zs_scale *sc,
                        const size_t *rows, size_t m, const size_t *cols, size_t n)
{
    const double amin = sc->amin, inv = sc->inv;
    for (size_t r = 0; r < m; r++) {
        size_t i = rows != NULL ? rows[r] : r;
        const double *a = A + i * lda;
        double *t = tab->t + r * tab->ccap;
        if (cols == NULL) {
            for (size_t q = 0; q < n; q++)
                t[q] = (a[q] - amin) * inv + 1.0;
        } else {
            for (size_t q = 0; q < n; q++)
                t[q] = (a[cols[q]] - amin) * inv + 1.0;
        }
        tab->b[r] = 1.0;
        tab->bid[r] = -(long)i - 1;
    }
    for (size_t q = 0; q < n; q++) {
        tab->c[q] = 1.0;
        tab->nid[q] = (long)(cols != NULL ? cols[q] : q);
    }
    tab->nr = m;
    tab->nc = n;
    tab->z = 0.0;
}

/* The fixed order of variables for Bland's rule. */
static long key(long id)
{
    return id >= 0 ? 2 * id : 2 * (-id - 1) + 1;
}

/*
 * Exchanges basic row r and nonbasic column s. With @p norms set, the steepest-edge weights
 * cn[q] = 1 + sum_i T[i][q]^2 of the new tableau are accumulated in the same pass.
 */
MPOL_I_ZS_KERNEL static void pivot(mpol_i_zs_tab *tab, size_t r, size_t s, int norms)
{
    const size_t nr = tab->nr, nc = tab->nc, ld = tab->ccap;
    double *restrict pr = tab->prow;
    double *restrict cn = tab->cn;
    double *tr = tab->t + r * ld;
    const double ip = 1.0 / tr[s];
    for (size_t q = 0; q < nc; q++)
        pr[q] = tr[q] * ip;
    pr[s] = ip;
    const double br = tab->b[r] * ip;
    if (norms)
        for (size_t q = 0; q < nc; q++)
            cn[q] = 1.0 + pr[q] * pr[q];
    for (size_t i = 0; i < nr; i++) {
        if (i == r)
            continue;
        double *restrict ti = tab->t + i * ld;
        const double f = ti[s];
        if (f != 0.0) {
            ti[s] = 0.0;
            if (norms) {
                for (size_t q = 0; q < nc; q++) {
                    double v = ti[q] - f * pr[q];
                    ti[q] = v;
                    cn[q] += v * v;
                }
            } else {
                for (size_t q = 0; q < nc; q++)
                    ti[q] -= f * pr[q];
            }
            tab->b[i] -= f * br;
        } else if (norms) {
            for (size_t q = 0; q < nc; q++)
                cn[q] += ti[q] * ti[q];
        }
    }
    memcpy(tr, pr, nc * sizeof(double));
    tab->b[r] = br;
    double *restrict c = tab->c;
    const double f = c[s];
    c[s] = 0.0;
    for (size_t q = 0; q < nc; q++)
        c[q] -= f * pr[q];
    tab->z += f * br;
    long id = tab->bid[r];
    tab->bid[r] = tab->nid[s];
    tab->nid[s] = id;
}

void mpol_i_zs_tab_pivot(mpol_i_zs_tab *tab, size_t r, size_t s)
{
    pivot(tab, r, s, 0);
    tab->pivots++;
}

/* Recomputes the steepest-edge weights of all columns. */
MPOL_I_ZS_KERNEL static void column_norms(mpol_i_zs_tab *tab)
{
    const size_t nr = tab->nr, nc = tab->nc, ld = tab->ccap;
    double *restrict cn = tab->cn;
    for (size_t q = 0; q < nc; q++)
        cn[q] = 1.0;
    for (size_t i = 0; i < nr; i++) {
        const double *restrict ti = tab->t + i * ld;
        for (size_t q = 0; q < nc; q++)
            cn[q] += ti[q] * ti[q];
    }
}

mpol_status mpol_i_zs_primal(mpol_i_zs_tab *tab)
{
    size_t streak = 0, count = 0;
    column_norms(tab);
    for (;;) {
        const size_t nr = tab->nr, nc = tab->nc, ld = tab->ccap;
        const int bland = streak >= MPOL_I_ZS_DEGEN_STREAK;
        size_t s = NONE;
        double best = 0.0;
        for (size_t q = 0; q < nc; q++) {
            double cq = tab->c[q];
            if (cq <= MPOL_I_ZS_OPT_TOL)
                continue;
            double score = cq * cq / tab->cn[q];
            if (bland ? (s == NONE || key(tab->nid[q]) < key(tab->nid[s])) : score > best) {
                best = score;
                s = q;
            }
        }
        if (s == NONE)
            break;
        size_t r = NONE;
        double ratio = 0.0, piv = 0.0;
        for (size_t i = 0; i < nr; i++) {
            double a = tab->t[i * ld + s];
            if (a <= MPOL_I_ZS_PIVOT_TOL)
                continue;
            double bi = tab->b[i] > 0.0 ? tab->b[i] : 0.0;
            double q = bi / a;
            if (r == NONE || q < ratio - MPOL_I_ZS_TIE_TOL * (1.0 + ratio)) {
                r = i;
                ratio = q;
                piv = a;
            } else if (q <= ratio + MPOL_I_ZS_TIE_TOL * (1.0 + ratio)) {
                if (bland ? key(tab->bid[i]) < key(tab->bid[r]) : a > piv) {
                    r = i;
                    if (q < ratio)
                        ratio = q;
                    piv = a;
                }
            }
        }
        if (r == NONE)
            return mpol_error(MPOL_ENUMERIC, "mpol_zs: simplex found no pivot row (column %zu)", s);
        if (tab->max_pivots != 0 && count >= tab->max_pivots)
            return mpol_error(MPOL_ELIMIT, "mpol_zs: simplex iteration limit %zu reached",
                              tab->max_pivots);
        streak = ratio <= MPOL_I_ZS_FEAS_TOL ? streak + 1 : 0;
        pivot(tab, r, s, 1);
        count++;
        tab->pivots++;
    }
    return MPOL_OK;
}

mpol_status mpol_i_zs_dual(mpol_i_zs_tab *tab)
{
    size_t streak = 0, count = 0;
    for (;;) {
        const size_t nr = tab->nr, nc = tab->nc;
        const int bland = streak >= MPOL_I_ZS_DEGEN_STREAK;
        size_t r = NONE;
        double worst = 0.0;
        for (size_t i = 0; i < nr; i++) {
            double bi = tab->b[i];
            if (bi >= -MPOL_I_ZS_FEAS_TOL)
                continue;
            const double *ti = tab->t + i * tab->ccap;
            double nn = 1.0;
            for (size_t q = 0; q < nc; q++)
                nn += ti[q] * ti[q];
            double score = bi * bi / nn;
            if (bland ? (r == NONE || key(tab->bid[i]) < key(tab->bid[r])) : score > worst) {
                worst = score;
                r = i;
            }
        }
        if (r == NONE)
            break;
        const double *tr = tab->t + r * tab->ccap;
        size_t s = NONE;
        double ratio = 0.0, piv = 0.0;
        for (size_t q = 0; q < nc; q++) {
            double a = -tr[q];
            if (a <= MPOL_I_ZS_PIVOT_TOL)
                continue;
            double d = tab->c[q] < 0.0 ? -tab->c[q] : 0.0;
            double v = d / a;
            if (s == NONE || v < ratio - MPOL_I_ZS_TIE_TOL * (1.0 + ratio)) {
                s = q;
                ratio = v;
                piv = a;
            } else if (v <= ratio + MPOL_I_ZS_TIE_TOL * (1.0 + ratio)) {
                if (bland ? key(tab->nid[q]) < key(tab->nid[s]) : a > piv) {
                    s = q;
                    if (v < ratio)
                        ratio = v;
                    piv = a;
                }
            }
        }
        if (s == NONE)
            return mpol_error(MPOL_ENUMERIC,
                              "mpol_zs: dual simplex found no pivot column (row %zu)", r);
        if (tab->max_pivots != 0 && count >= tab->max_pivots)
            return mpol_error(MPOL_ELIMIT, "mpol_zs: dual simplex iteration limit %zu reached",
                              tab->max_pivots);
        streak = ratio <= MPOL_I_ZS_OPT_TOL ? streak + 1 : 0;
        pivot(tab, r, s, 0);
        count++;
        tab->pivots++;
    }
    return MPOL_OK;
}

MPOL_I_ZS_KERNEL void mpol_i_zs_tab_add_row(mpol_i_zs_tab *tab, const double *A, size_t lda,
                                            const mpol_i_zs_scale *sc, size_t i)
{
    const size_t nr = tab->nr, nc = tab->nc, ld = tab->ccap;
    const double amin = sc->amin, inv = sc->inv;
    const double *a = A + i * lda;
    double *restrict row = tab->t + nr * ld;
    for (size_t q = 0; q < nc; q++) {
        long id = tab->nid[q];
        row[q] = id >= 0 ? (a[id] - amin) * inv + 1.0 : 0.0;
    }
    double rhs = 1.0;
    for (size_t t = 0; t < nr; t++) {
        long id = tab->bid[t];
        if (id < 0)
            continue;
        const double p = (a[id] - amin) * inv + 1.0;
        const double *restrict tt = tab->t + t * ld;
        rhs -= p * tab->b[t];
        for (size_t q = 0; q < nc; q++)
            row[q] -= p * tt[q];
    }
    tab->b[nr] = rhs;
    tab->bid[nr] = -(long)i - 1;
    tab->nr = nr + 1;
}

MPOL_I_ZS_KERNEL void mpol_i_zs_tab_add_col(mpol_i_zs_tab *tab, const double *Acol, size_t stride,
                                            const mpol_i_zs_scale *sc, size_t j)
{
    const size_t nr = tab->nr, nc = tab->nc, ld = tab->ccap;
    const double amin = sc->amin, inv = sc->inv;
    double *restrict g = tab->prow;
    double cnew = 1.0;
    for (size_t q = 0; q < nc; q++) {
        long id = tab->nid[q];
        g[q] = id < 0 ? (Acol[(size_t)(-id - 1) * stride] - amin) * inv + 1.0 : 0.0;
        cnew += tab->c[q] * g[q];
    }
    for (size_t t = 0; t < nr; t++) {
        const double *restrict tt = tab->t + t * ld;
        long id = tab->bid[t];
        double v = id < 0 ? (Acol[(size_t)(-id - 1) * stride] - amin) * inv + 1.0 : 0.0;
        for (size_t q = 0; q < nc; q++)
            v += tt[q] * g[q];
        tab->t[t * ld + nc] = v;
    }
    tab->c[nc] = cnew;
    tab->nid[nc] = (long)j;
    tab->nc = nc + 1;
}

double mpol_i_zs_tab_extract(const mpol_i_zs_tab *tab, double *x, double *y)
{
    double sw = 0.0, su = 0.0;
    for (size_t t = 0; t < tab->nr; t++) {
        long id = tab->bid[t];
        if (id >= 0) {
            double v = tab->b[t] > 0.0 ? tab->b[t] : 0.0;
            y[id] = v;
            sw += v;
        }
    }
    for (size_t q = 0; q < tab->nc; q++) {
        long id = tab->nid[q];
        if (id < 0) {
            double u = tab->c[q] < 0.0 ? -tab->c[q] : 0.0;
            x[-id - 1] = u;
            su += u;
        }
    }
    if (!(sw > 0.0) || !(su > 0.0) || !isfinite(sw) || !isfinite(su))
        return NAN;
    for (size_t t = 0; t < tab->nr; t++)
        if (tab->bid[t] >= 0)
            y[tab->bid[t]] /= sw;
    for (size_t q = 0; q < tab->nc; q++)
        if (tab->nid[q] < 0)
            x[-tab->nid[q] - 1] /= su;
    /* At an optimum sw = su = 1/v(P); the mean halves the rounding of either. */
    return 2.0 / (sw + su);
}
