/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the Lemke–Howson algorithm (Lemke and Howson, "Equilibrium points
 * of bimatrix games", SIAM J. Appl. Math. 12 (1964) 413-423) by complementary pivoting on
 * the two dense tableaus of P = {x >= 0, B'x <= 1} and Q = {y >= 0, A y <= 1}, as in von
 * Stengel, "Computing equilibria for two-person games" (Handbook of Game Theory 3, 2002,
 * sections 3.3-3.5 and 6): starting from the artificial equilibrium (0, 0), label k is
 * dropped by letting the variable with label k enter; the variable that leaves by the
 * minimum-ratio test has a label that is now duplicate, and its complement (the variable
 * with the same label in the other tableau) enters next, until label k is picked up again.
 * Degeneracy is resolved by the lexicographic minimum-ratio test (section 6 of von
 * Stengel), so every path terminates. The algorithm is run from every starting label
 * 1..m+n (or one), and the distinct equilibria are reported with the labels that reached
 * them.
 *
 * Deviations: the final bases are rebuilt from scratch before the equilibrium is read, so
 * the reported strategies carry no error accumulated along the path; every equilibrium is
 * re-verified from A and B and, in exact mode, rebuilt and verified in GMP rationals.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "bimatrix/bimatrix_internal.h"

/* Equal within the verification tolerance (for the deduplication of equilibria). */
static int same_vec(const double *a, const double *b, size_t k, double tol)
{
    for (size_t i = 0; i < k; i++)
        if (fabs(a[i] - b[i]) > tol)
            return 0;
    return 1;
}

/* Runs one path from label @p k0 (0-based); leaves the final bases in the tableaus. */
static mpol_status lh_path(mpol_i_bmx_tab *tp, mpol_i_bmx_tab *tq, size_t m, size_t k0,
                           size_t max_pivots, size_t *pivots)
{
    mpol_i_bmx_tab_reset(tp);
    mpol_i_bmx_tab_reset(tq);
    size_t enter = k0;
    int in_p = k0 < m; /* x_k enters P, or y_k enters Q */
    for (size_t step = 0;; step++) {
        if (step >= max_pivots)
            return mpol_error(MPOL_ELIMIT,
                              "mpol_bimatrix_lemke_howson: label %zu: more than "
                              "%zu pivots (opts.max_pivots)",
                              k0 + 1, max_pivots);
        mpol_i_bmx_tab *t = in_p ? tp : tq;
        size_t r = mpol_i_bmx_tab_ratio(t, enter);
        if (r == SIZE_MAX)
            return mpol_error(MPOL_ENUMERIC,
                              "mpol_bimatrix_lemke_howson: label %zu: no "
                              "pivot row (numerical failure)",
                              k0 + 1);
        size_t leaving = t->basis[r];
        if ((step + 1) % MPOL_I_BMX_LH_REFRESH == 0) {
            /* Rebuild from the basis now and then, so that error does not accumulate. */
            uint64_t bits[64];
            uint64_t *bp = bits;
            size_t words = (t->ncols + 63) / 64;
            if (words > 64 && (bp = mpol_calloc(words, sizeof(uint64_t))) == NULL)
                return mpol_error(MPOL_ENOMEM, "mpol_bimatrix_lemke_howson: out of memory");
            if (bp == bits)
                memset(bits, 0, sizeof bits);
            for (size_t q = 0; q < t->rows; q++)
                mpol_i_bit_set(bp, t->basis[q]);
            mpol_i_bit_clear(bp, leaving);
            mpol_i_bit_set(bp, enter);
            mpol_status st = mpol_i_bmx_tab_refresh(t, bp);
            if (bp != bits)
                mpol_free(bp);
            if (st != MPOL_OK)
                return st;
        } else {
            mpol_i_bmx_tab_pivot(t, r, enter);
        }
        (*pivots)++;
        if (leaving == k0)
            return MPOL_OK;
        enter = leaving;
        in_p = !in_p;
    }
}

static mpol_status basis_bits(const mpol_i_bmx_tab *t, uint64_t *bits, size_t words)
{
    memset(bits, 0, words * sizeof(uint64_t));
    for (size_t q = 0; q < t->rows; q++)
        mpol_i_bit_set(bits, t->basis[q]);
    return MPOL_OK;
}

mpol_status mpol_bimatrix_lemke_howson(mpol_bimatrix_result **out, size_t m, size_t n,
                                       const double *A, const double *B,
                                       const mpol_bimatrix_opts *opts)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_bimatrix_lemke_howson: out is NULL");
    *out = NULL;
    mpol_bimatrix_opts defaults;
    if (opts == NULL) {
        mpol_bimatrix_opts_init(&defaults);
        opts = &defaults;
    }
    mpol_status st = mpol_i_bmx_check_input("mpol_bimatrix_lemke_howson", m, n, A, B, opts);
    if (st != MPOL_OK)
        return st;
    size_t words = (m + n + 63) / 64, nl = m + n;
    size_t lo = opts->lh_label ? opts->lh_label - 1 : 0;
    size_t hi = opts->lh_label ? opts->lh_label : nl;
    size_t runs = hi - lo, ncand = 0, pivots = 0;
    mpol_i_bmx_tab tp, tq;
    memset(&tp, 0, sizeof tp);
    memset(&tq, 0, sizeof tq);
    mpol_i_bmx_cand *cands = mpol_calloc(runs, sizeof *cands);
    double *coords = mpol_malloc(runs * (m + n) * sizeof(double));
    uint64_t *bases = mpol_calloc(runs * 2 * words, sizeof(uint64_t));
    size_t *labels = mpol_malloc(runs * runs * sizeof(size_t));
    if (cands == NULL || coords == NULL || bases == NULL || labels == NULL) {
        st = mpol_error(MPOL_ENOMEM, "mpol_bimatrix_lemke_howson: out of memory");
        goto done;
    }
    if ((st = mpol_i_bmx_tab_alloc(&tp, m, n, 1, A, B)) != MPOL_OK ||
        (st = mpol_i_bmx_tab_alloc(&tq, m, n, 0, A, B)) != MPOL_OK)
        goto done;
    for (size_t k = lo; k < hi; k++) {
        if ((st = lh_path(&tp, &tq, m, k, opts->max_pivots, &pivots)) != MPOL_OK)
            goto done;
        mpol_i_bmx_cand *c = &cands[ncand];
        c->x = coords + ncand * (m + n);
        c->y = c->x + m;
        c->xbasis = bases + 2 * ncand * words;
        c->ybasis = c->xbasis + words;
        basis_bits(&tp, c->xbasis, words);
        basis_bits(&tq, c->ybasis, words);
        if ((st = mpol_i_bmx_tab_refresh(&tp, c->xbasis)) != MPOL_OK ||
            (st = mpol_i_bmx_tab_refresh(&tq, c->ybasis)) != MPOL_OK)
            goto done;
        double sx = 0.0, sy = 0.0;
        for (size_t i = 0; i < m; i++) {
            size_t r = tp.pos[i];
            c->x[i] = r == SIZE_MAX ? 0.0 : fmax(0.0, MPOL_I_BMX_RHS(&tp, r));
            sx += c->x[i];
        }
        for (size_t j = 0; j < n; j++) {
            size_t r = tq.pos[m + j];
            c->y[j] = r == SIZE_MAX ? 0.0 : fmax(0.0, MPOL_I_BMX_RHS(&tq, r));
            sy += c->y[j];
        }
        if (!(sx > 0.0) || !(sy > 0.0)) {
            st = mpol_error(MPOL_ENUMERIC,
                            "mpol_bimatrix_lemke_howson: label %zu ended at "
                            "the artificial equilibrium",
                            k + 1);
            goto done;
        }
        for (size_t i = 0; i < m; i++)
            c->x[i] /= sx;
        for (size_t j = 0; j < n; j++)
            c->y[j] /= sy;
        /* Same equilibrium as an earlier path? */
        size_t found = SIZE_MAX;
        for (size_t e = 0; e < ncand && found == SIZE_MAX; e++)
            if (same_vec(cands[e].x, c->x, m, MPOL_I_BMX_TIE_TOL) &&
                same_vec(cands[e].y, c->y, n, MPOL_I_BMX_TIE_TOL))
                found = e;
        if (found == SIZE_MAX) {
            c->labels = labels + ncand * runs;
            c->nlabels = 0;
            c->xid = ncand;
            c->yid = ncand;
            found = ncand++;
        }
        cands[found].labels[cands[found].nlabels++] = k + 1;
    }
    /* Distinct x (and y) vertices get one id each. */
    for (size_t e = 0; e < ncand; e++) {
        for (size_t f = 0; f < e; f++) {
            if (cands[e].xid == e && same_vec(cands[f].x, cands[e].x, m, MPOL_I_BMX_TIE_TOL))
                cands[e].xid = cands[f].xid;
            if (cands[e].yid == e && same_vec(cands[f].y, cands[e].y, n, MPOL_I_BMX_TIE_TOL))
                cands[e].yid = cands[f].yid;
        }
    }
    st = mpol_i_bmx_build_result(out, m, n, A, B, opts, cands, ncand, 0);
    if (*out != NULL) /* MPOL_OK, or MPOL_EVERIFY with the result */
        (*out)->pivots = pivots;
done:
    mpol_i_bmx_tab_free(&tp);
    mpol_i_bmx_tab_free(&tq);
    mpol_free(cands);
    mpol_free(coords);
    mpol_free(bases);
    mpol_free(labels);
    return st;
}

mpol_status mpol_bimatrix_one(mpol_bimatrix_result **out, size_t m, size_t n, const double *A,
                              const double *B, const mpol_bimatrix_opts *opts)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_bimatrix_one: out is NULL");
    *out = NULL;
    mpol_bimatrix_opts o;
    if (opts == NULL)
        mpol_bimatrix_opts_init(&o);
    else
        o = *opts;
    mpol_status st = mpol_i_bmx_check_input("mpol_bimatrix_one", m, n, A, B, &o);
    if (st != MPOL_OK)
        return st;
    size_t nl = m + n, start = o.lh_label ? o.lh_label : 1;
    for (size_t t = 0; t < nl; t++) {
        o.lh_label = (start - 1 + t) % nl + 1;
        st = mpol_bimatrix_lemke_howson(out, m, n, A, B, &o);
        /* A long path, a numerical failure or a failed check: try the next label. */
        if (st != MPOL_ELIMIT && st != MPOL_ENUMERIC && st != MPOL_EVERIFY)
            return st;
        if (t + 1 < nl) { /* the last label's failed result (MPOL_EVERIFY) is kept */
            mpol_bimatrix_result_free(*out);
            *out = NULL;
        }
    }
    char last[256];
    snprintf(last, sizeof last, "%s", mpol_last_error()); /* the message buffer is reused */
    return mpol_error(st,
                      "mpol_bimatrix_one: no starting label reached a verified equilibrium "
                      "within %zu pivots (opts.max_pivots); last failure: %s",
                      o.max_pivots, last);
}
