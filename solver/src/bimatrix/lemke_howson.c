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
#include <string.h>

#include "bimatrix/lh_internal.h"

/* Equal within the verification tolerance (for the deduplication of equilibria). */
static int same_vec(const double *a, const double *b, size_t k, double tol)
{
    for (size_t i = 0; i < k; i++)
        if (fabs(a[i] - b[i]) > tol)
            return 0;
    return 1;
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
    mpol_i_lh_walk w;
    memset(&w, 0, sizeof w);
    w.owns_orig = 1;
    mpol_i_bmx_cand *cands = mpol_calloc(runs, sizeof *cands);
    double *coords = mpol_malloc(runs * (m + n) * sizeof(double));
    uint64_t *bases = mpol_calloc(runs * 2 * words, sizeof(uint64_t));
    size_t *labels = mpol_malloc(runs * runs * sizeof(size_t));
    if (cands == NULL || coords == NULL || bases == NULL || labels == NULL) {
        st = mpol_error(MPOL_ENOMEM, "mpol_bimatrix_lemke_howson: out of memory");
        goto done;
    }
    if ((st = mpol_i_lh_walk_alloc(&w, m, n, A, B, NULL)) != MPOL_OK)
        goto done;
    w.fixed_refresh = 1; /* the historical schedule: paths and answers unchanged */
    for (size_t k = lo; k < hi; k++) {
        int ended = 0;
        mpol_i_lh_walk_start(&w, k);
        st = mpol_i_lh_walk_run(&w, SIZE_MAX, opts->max_pivots, &ended);
        pivots += w.steps;
        if (st != MPOL_OK)
            goto done;
        mpol_i_bmx_cand *c = &cands[ncand];
        c->x = coords + ncand * (m + n);
        c->y = c->x + m;
        c->xbasis = bases + 2 * ncand * words;
        c->ybasis = c->xbasis + words;
        if ((st = mpol_i_lh_walk_cand(&w, n, c)) != MPOL_OK)
            goto done;
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
    mpol_i_lh_walk_free(&w);
    mpol_free(cands);
    mpol_free(coords);
    mpol_free(bases);
    mpol_free(labels);
    return st;
}
