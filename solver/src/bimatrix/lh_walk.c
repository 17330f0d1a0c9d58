/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements one Lemke–Howson path as a resumable walk (lh_internal.h): the
 * complementary pivoting of von Stengel, "Computing equilibria for two-person games"
 * (Handbook of Game Theory 3, 2002, sections 3.3-3.5 and 6) on the dense tableaus of
 * tableau.c, with the lexicographic minimum-ratio test of mpol_i_bmx_tab_ratio. A walk can
 * be stopped after any number of pivots and resumed, so that mpol_bimatrix_one can advance
 * several starting labels side by side.
 *
 * Error control: a walk either rebuilds its tableaus from the basis every
 * MPOL_I_BMX_LH_REFRESH pivots (fixed_refresh, the schedule mpol_bimatrix_lemke_howson has
 * always used, kept so that its paths are unchanged), or measures every MPOL_I_LH_CHECK
 * pivots the residual max_r |sum_q M[r][basis q] z_q - 1| of each tableau's basic solution
 * against the original data, and rebuilds only when it exceeds MPOL_I_LH_RESID. A rebuild
 * costs about as many pivots as the tableau has rows; the check costs about one pivot.
 *
 * Speed: pivot() is mpol_i_bmx_tab_pivot fused with the per-row data the ratio test would
 * otherwise recompute in a second pass over the tableau (each row's pivot tolerance and the
 * reciprocal of its right-hand side, see update_winv in tableau.c), with the rows split over
 * OpenMP threads on large tableaus. Every row gets exactly the arithmetic it gets in
 * tableau.c (no reduction crosses rows), so paths do not depend on the thread count.
 */
#if defined(__linux__) && !defined(_DEFAULT_SOURCE)
#define _DEFAULT_SOURCE /* getloadavg */
#endif
#include <math.h>
#include <stdlib.h>
#if defined(__linux__)
#include <unistd.h>
#endif
#include <stdint.h>
#include <string.h>

#include "bimatrix/lh_internal.h"

/* Tableau entries from which a pivot is split over threads. */
#define LH_PAR_WORK ((size_t)1 << 18)

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
#define LH_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define LH_CLONES
#endif
/* tr -= alpha * p over @p len entries. */
LH_CLONES
static void axpy(double *restrict tr, const double *restrict p, double alpha, size_t len)
{
    for (size_t k = 0; k < len; k++)
        tr[k] -= alpha * p[k];
}

/* Row @p r of a pivot: the update by the pivot row @p p and the row's tolerance data. */
static int pivot_row(mpol_i_bmx_tab *tab, size_t r, size_t row, size_t col, const double *p)
{
    size_t ncolt = tab->ncolt, ncols = tab->ncols;
    double *tr = tab->t + r * ncolt;
    double alpha = tr[col];
    if (r != row && alpha != 0.0) {
        axpy(tr, p, alpha, ncolt);
        tr[col] = 0.0;
    }
    tab->ptol[r] = MPOL_I_BMX_PIVOT_REL * mpol_i_bmx_row_big(tr, ncols);
    double b = tr[ncols];
    tab->winv[r] = 1.0 / (b > MPOL_I_BMX_RHS_RECIP_MIN ? b : 1.0);
    return b > MPOL_I_BMX_RHS_RECIP_MIN;
}

/* Pivots label @p col into row @p row (mpol_i_bmx_tab_pivot, fused and threaded). */
void mpol_i_lh_pivot(mpol_i_bmx_tab *tab, size_t row, size_t col, int threads)
{
    size_t rows = tab->rows, ncolt = tab->ncolt;
    double *restrict p = tab->t + row * ncolt;
    double inv = 1.0 / p[col];
    for (size_t k = 0; k < ncolt; k++)
        p[k] *= inv;
    p[col] = 1.0;
    int ok = 1;
    long nr = (long)rows;
#if defined(_OPENMP)
    int par = threads > 1 && rows * ncolt >= LH_PAR_WORK;
#pragma omp parallel for schedule(static) reduction(& : ok) num_threads(par ? threads : 1) if (par)
#else
    (void)threads;
#endif
    for (long r = 0; r < nr; r++)
        ok &= pivot_row(tab, (size_t)r, row, col, p);
    tab->winv_ok = ok ? 1 : -1;
    size_t leaving = tab->basis[row];
    tab->pos[leaving] = SIZE_MAX;
    tab->basis[row] = col;
    tab->pos[col] = row;
}

int mpol_i_lh_threads(int threads)
{
    if (threads != 0)
        return threads;
#if defined(__linux__) && defined(_OPENMP)
    double load;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    if (ncpu < 2 || getloadavg(&load, 1) != 1)
        return 1;
    long idle = (long)((double)ncpu - load);
    return idle < 2 ? 1 : idle > 8 ? 8 : (int)idle;
#else
    return 1;
#endif
}

/* Allocates the arrays of @p tab the way mpol_i_bmx_tab_alloc lays them out, with the initial
 * data borrowed from @p src. */
static mpol_status clone_tab(mpol_i_bmx_tab *tab, const mpol_i_bmx_tab *src)
{
    memset(tab, 0, sizeof *tab);
    size_t rows = src->rows, ncols = src->ncols;
    tab->rows = rows;
    tab->ncols = ncols;
    tab->ncolt = src->ncolt;
    tab->slack0 = src->slack0;
    tab->orig = src->orig;
    tab->t = mpol_malloc(rows * tab->ncolt * sizeof(double));
    tab->basis = mpol_malloc(rows * sizeof(size_t));
    tab->pos = mpol_malloc(ncols * sizeof(size_t));
    tab->winv = mpol_malloc(2 * rows * sizeof(double));
    tab->s1 = mpol_malloc(3 * ncols * sizeof(double));
    if (tab->t == NULL || tab->basis == NULL || tab->pos == NULL || tab->winv == NULL ||
        tab->s1 == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_bimatrix: out of memory for a %zu x %zu tableau", rows,
                          tab->ncolt);
    tab->ptol = tab->winv + rows;
    tab->s2 = tab->s1 + ncols;
    tab->arg = tab->s2 + ncols;
    mpol_i_bmx_tab_reset(tab);
    return MPOL_OK;
}

mpol_status mpol_i_lh_walk_alloc(mpol_i_lh_walk *w, size_t m, size_t n, const double *A,
                                 const double *B, const mpol_i_lh_walk *share)
{
    memset(w, 0, sizeof *w);
    w->m = m;
    w->owns_orig = share == NULL;
    mpol_status st;
    if (share == NULL) {
        if ((st = mpol_i_bmx_tab_alloc(&w->tp, m, n, 1, A, B)) != MPOL_OK ||
            (st = mpol_i_bmx_tab_alloc(&w->tq, m, n, 0, A, B)) != MPOL_OK)
            goto fail;
    } else if ((st = clone_tab(&w->tp, &share->tp)) != MPOL_OK ||
               (st = clone_tab(&w->tq, &share->tq)) != MPOL_OK) {
        goto fail;
    }
    w->bits = mpol_calloc((m + n + 63) / 64, sizeof(uint64_t));
    if (w->bits == NULL) {
        st = mpol_error(MPOL_ENOMEM, "mpol_bimatrix_lemke_howson: out of memory");
        goto fail;
    }
    return MPOL_OK;
fail:
    mpol_i_lh_walk_free(w);
    return st;
}

void mpol_i_lh_walk_free(mpol_i_lh_walk *w)
{
    if (!w->owns_orig) { /* borrowed: not ours to free */
        w->tp.orig = NULL;
        w->tq.orig = NULL;
    }
    mpol_i_bmx_tab_free(&w->tp);
    mpol_i_bmx_tab_free(&w->tq);
    mpol_free(w->bits);
    memset(w, 0, sizeof *w);
}

void mpol_i_lh_walk_start(mpol_i_lh_walk *w, size_t k0)
{
    mpol_i_bmx_tab_reset(&w->tp);
    mpol_i_bmx_tab_reset(&w->tq);
    w->k0 = k0;
    w->enter = k0;
    w->in_p = k0 < w->m; /* x_k enters P, or y_k enters Q */
    w->steps = 0;
    w->refreshes = 0;
    w->max_resid = 0.0;
}

/* The bitset of @p t's basis into w->bits. */
static void basis_bits(const mpol_i_bmx_tab *t, uint64_t *bits)
{
    memset(bits, 0, (t->ncols + 63) / 64 * sizeof(uint64_t));
    for (size_t q = 0; q < t->rows; q++)
        mpol_i_bit_set(bits, t->basis[q]);
}

/* max_r |sum_q orig[r][basis q] * rhs_q - orig[r][rhs]|: how far the tableau's basic
 * solution is from solving the original system. */
static double residual(const mpol_i_bmx_tab *t)
{
    double worst = 0.0;
    for (size_t r = 0; r < t->rows; r++) {
        const double *o = t->orig + r * t->ncolt;
        double s = -o[t->ncols];
        for (size_t q = 0; q < t->rows; q++)
            s += o[t->basis[q]] * MPOL_I_BMX_RHS(t, q);
        worst = fmax(worst, fabs(s));
    }
    return worst;
}

/* Pivots @p enter into row @p r of @p t, rebuilding from the basis when the schedule says. */
static mpol_status step(mpol_i_lh_walk *w, mpol_i_bmx_tab *t, size_t r)
{
    size_t leaving = t->basis[r];
    if (w->fixed_refresh) {
        if ((w->steps + 1) % MPOL_I_BMX_LH_REFRESH != 0) {
            mpol_i_bmx_tab_pivot(t, r, w->enter);
            return MPOL_OK;
        }
        basis_bits(t, w->bits);
        mpol_i_bit_clear(w->bits, leaving);
        mpol_i_bit_set(w->bits, w->enter);
        w->refreshes++;
        return mpol_i_bmx_tab_refresh(t, w->bits);
    }
    mpol_i_lh_pivot(t, r, w->enter, w->threads);
    if ((w->steps + 1) % MPOL_I_LH_CHECK != 0)
        return MPOL_OK;
    mpol_i_bmx_tab *both[2] = {&w->tp, &w->tq};
    for (int b = 0; b < 2; b++) {
        double res = residual(both[b]);
        w->max_resid = fmax(w->max_resid, res);
        if (res <= MPOL_I_LH_RESID)
            continue;
        basis_bits(both[b], w->bits);
        w->refreshes++;
        mpol_status st = mpol_i_bmx_tab_refresh(both[b], w->bits);
        if (st != MPOL_OK)
            return st;
    }
    return MPOL_OK;
}

mpol_status mpol_i_lh_walk_run(mpol_i_lh_walk *w, size_t until, size_t max_pivots, int *done)
{
    *done = 0;
    for (;;) {
        if (w->steps >= max_pivots)
            return mpol_error(MPOL_ELIMIT,
                              "mpol_bimatrix_lemke_howson: label %zu: more than "
                              "%zu pivots (opts.max_pivots)",
                              w->k0 + 1, max_pivots);
        if (w->steps >= until)
            return MPOL_OK;
        mpol_i_bmx_tab *t = w->in_p ? &w->tp : &w->tq;
        size_t r = mpol_i_bmx_tab_ratio(t, w->enter);
        if (r == SIZE_MAX)
            return mpol_error(MPOL_ENUMERIC,
                              "mpol_bimatrix_lemke_howson: label %zu: no "
                              "pivot row (numerical failure)",
                              w->k0 + 1);
        size_t leaving = t->basis[r];
        mpol_status st = step(w, t, r);
        if (st != MPOL_OK)
            return st;
        w->steps++;
        if (leaving == w->k0) {
            *done = 1;
            return MPOL_OK;
        }
        w->enter = leaving;
        w->in_p = !w->in_p;
    }
}

/* Reads the normalised basic solution of @p t into @p v (@p len variables from @p first);
 * returns the sum before normalisation. */
static double coords(const mpol_i_bmx_tab *t, size_t first, size_t len, double *v)
{
    double s = 0.0;
    for (size_t i = 0; i < len; i++) {
        size_t r = t->pos[first + i];
        v[i] = r == SIZE_MAX ? 0.0 : fmax(0.0, MPOL_I_BMX_RHS(t, r));
        s += v[i];
    }
    if (s > 0.0)
        for (size_t i = 0; i < len; i++)
            v[i] /= s;
    return s;
}

mpol_status mpol_i_lh_walk_cand(mpol_i_lh_walk *w, size_t n, mpol_i_bmx_cand *c)
{
    size_t m = w->m;
    mpol_status st;
    basis_bits(&w->tp, c->xbasis);
    basis_bits(&w->tq, c->ybasis);
    if ((st = mpol_i_bmx_tab_refresh(&w->tp, c->xbasis)) != MPOL_OK ||
        (st = mpol_i_bmx_tab_refresh(&w->tq, c->ybasis)) != MPOL_OK)
        return st;
    double sx = coords(&w->tp, 0, m, c->x), sy = coords(&w->tq, m, n, c->y);
    if (!(sx > 0.0) || !(sy > 0.0))
        return mpol_error(MPOL_ENUMERIC,
                          "mpol_bimatrix_lemke_howson: label %zu ended at "
                          "the artificial equilibrium",
                          w->k0 + 1);
    return MPOL_OK;
}
