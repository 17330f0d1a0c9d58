/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The enumeration of all extreme equilibria on degenerate games (payoffs 0..2 and 0..3), against
 * a brute force that shares nothing with the search: every vertex of P and of Q from every
 * square subsystem of its constraints (no pivoting, no perturbation), the equilibria as the
 * completely labelled pairs. Both ways of finding the partners of a degenerate vertex are
 * checked: the faces of Q alone (mpol_i_bmx_fullq_min = SIZE_MAX), and the search of the whole
 * of Q with its index by label (forced from the first face by mpol_i_bmx_fullq_min = 0, and
 * mixed: the faces until Q is done, the index after). On larger games (12 x 12, 14 x 14, where
 * the whole of Q is searched by default) the default equals the faces alone, and lrsnash where
 * it is installed.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* popen, mkstemp, fdopen (bimatrix_check.h) */
#endif
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "bimatrix/bimatrix_internal.h"
#include "bimatrix_check.h"
#include "mpol_test.h"
#include "multipolar/bimatrix.h"

#define BF_MAX 8       /* strategies per player in the brute force */
#define BF_TIGHT 1e-9  /* a constraint within this of its bound is tight */
#define BF_VERTS 20000 /* vertices per polytope */

/* The vertices of a polytope {z in R^d : G z <= h} (nc constraints, label of constraint k:
 * labelof[k]), with the label set of each. */
typedef struct vlist {
    size_t d, count;
    double v[BF_VERTS][BF_MAX];
    uint32_t lab[BF_VERTS];
} vlist;

static void vertices(size_t d, size_t nc, const double *G, const double *h, const size_t *labelof,
                     vlist *out)
{
    out->d = d;
    out->count = 0;
    for (uint32_t T = 0; T < (1u << nc); T++) {
        if ((size_t)__builtin_popcount(T) != d)
            continue;
        double M[BF_MAX * BF_MAX], z[BF_MAX];
        size_t r = 0;
        for (size_t k = 0; k < nc; k++)
            if (T >> k & 1) {
                memcpy(M + r * d, G + k * d, d * sizeof(double));
                z[r++] = h[k];
            }
        if (!small_solve(M, z, d))
            continue;
        uint32_t lab = 0;
        int feasible = 1;
        for (size_t k = 0; k < nc && feasible; k++) {
            double g = 0.0;
            for (size_t i = 0; i < d; i++)
                g += G[k * d + i] * z[i];
            feasible = g <= h[k] + BF_TIGHT;
            if (fabs(g - h[k]) <= BF_TIGHT)
                lab |= 1u << labelof[k];
        }
        if (!feasible)
            continue;
        int seen = 0;
        for (size_t q = 0; q < out->count && !seen; q++) {
            size_t i = 0;
            while (i < d && fabs(out->v[q][i] - z[i]) <= 1e-9)
                i++;
            seen = i == d;
        }
        if (seen)
            continue;
        if (out->count == BF_VERTS)
            fail_msg("brute force: more than %d vertices", BF_VERTS);
        memcpy(out->v[out->count], z, d * sizeof(double));
        out->lab[out->count++] = lab;
    }
}

/* All extreme equilibria of (A, B) by brute force (payoffs shifted to be positive). */
static void brute_force_degenerate(size_t m, size_t n, const double *A, const double *B, eqset *out)
{
    static vlist P, Q;
    double G[(2 * BF_MAX) * BF_MAX], h[2 * BF_MAX];
    size_t labelof[2 * BF_MAX];
    double lo = 0.0;
    for (size_t k = 0; k < m * n; k++)
        lo = fmin(lo, fmin(A[k], B[k]));
    /* P = {x >= 0, B'x <= 1}: labels i (x_i = 0) and m + j (column j a best reply). */
    memset(G, 0, sizeof G);
    for (size_t i = 0; i < m; i++) {
        G[i * m + i] = -1.0;
        h[i] = 0.0;
        labelof[i] = i;
    }
    for (size_t j = 0; j < n; j++) {
        for (size_t i = 0; i < m; i++)
            G[(m + j) * m + i] = B[i * n + j] - lo + 1.0;
        h[m + j] = 1.0;
        labelof[m + j] = m + j;
    }
    vertices(m, m + n, G, h, labelof, &P);
    /* Q = {y >= 0, A y <= 1}: labels i (row i a best reply) and m + j (y_j = 0). */
    memset(G, 0, sizeof G);
    for (size_t i = 0; i < m; i++) {
        for (size_t j = 0; j < n; j++)
            G[i * n + j] = A[i * n + j] - lo + 1.0;
        h[i] = 1.0;
        labelof[i] = i;
    }
    for (size_t j = 0; j < n; j++) {
        G[(m + j) * n + j] = -1.0;
        h[m + j] = 0.0;
        labelof[m + j] = m + j;
    }
    vertices(n, m + n, G, h, labelof, &Q);
    uint32_t all = (1u << (m + n)) - 1;
    eqset_init(out, m, n);
    for (size_t a = 0; a < P.count; a++) {
        for (size_t b = 0; b < Q.count; b++) {
            if ((P.lab[a] | Q.lab[b]) != all)
                continue;
            double x[BF_MAX], y[BF_MAX], sx = 0.0, sy = 0.0;
            for (size_t i = 0; i < m; i++)
                sx += P.v[a][i];
            for (size_t j = 0; j < n; j++)
                sy += Q.v[b][j];
            if (sx <= 1e-12 || sy <= 1e-12)
                continue; /* the origin of either */
            for (size_t i = 0; i < m; i++)
                x[i] = P.v[a][i] / sx;
            for (size_t j = 0; j < n; j++)
                y[j] = Q.v[b][j] / sy;
            eqset_add(out, x, y);
        }
    }
}

static mpol_bimatrix_result *solve(size_t m, size_t n, const double *A, const double *B, int exact,
                                   int threads)
{
    mpol_bimatrix_opts o;
    mpol_bimatrix_opts_init(&o);
    o.exact = exact;
    o.threads = threads;
    mpol_bimatrix_result *r = NULL;
    mpol_status st = mpol_bimatrix_enumerate(&r, m, n, A, B, &o);
    if (st != MPOL_OK)
        fail_msg("enumerate %zu x %zu: %s: %s", m, n, mpol_status_name(st), mpol_last_error());
    return r;
}

/* Seeded degenerate games up to 7 x 7 (and 8 x 6): faces, the whole of Q, both directions of
 * the search, exact mode, all equal to the brute force. */
static void test_degenerate_vs_brute_force(void **state)
{
    (void)state;
    static const size_t sizes[][2] = {{3, 3}, {4, 4}, {4, 6}, {6, 4}, {5, 5},
                                      {6, 6}, {5, 7}, {7, 7}, {8, 6}};
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 20261203);
    double A[BF_MAX * BF_MAX], B[BF_MAX * BF_MAX];
    size_t games = 0, continua = 0;
    for (size_t c = 0; c < sizeof sizes / sizeof sizes[0]; c++) {
        size_t m = sizes[c][0], n = sizes[c][1];
        for (int rep = 0; rep < mpol_test_reps(8); rep++) {
            long hi = rep % 2 == 0 ? 3 : 2;
            random_game(&rng, m, n, 0, hi, A, B);
            eqset ref;
            brute_force_degenerate(m, n, A, B, &ref);
            for (int mode = 0; mode < 3; mode++) {
                /* 0: the faces alone; 1: Q forced from the first face; 2: Q forced, exact
                 * mode, the race of both directions. */
                mpol_i_bmx_fullq_min = mode == 0 ? SIZE_MAX : 0;
                mpol_bimatrix_result *r = solve(m, n, A, B, mode == 2, mode == 2 ? 2 : 1);
                mpol_i_bmx_fullq_min = MPOL_I_BMX_FULLQ_MIN;
                eqset mine;
                eqset_from_result(&mine, r);
                char what[96];
                snprintf(what, sizeof what, "%zux%zu 0..%ld game %d mode %d", m, n, hi, rep, mode);
                eqset_assert_equal(&mine, &ref, what);
                eqset_assert_equal(&ref, &mine, what);
                assert_true(r->max_regret <= 1e-8);
                continua += r->ncomponents < r->neq;
                free(mine.xy);
                mpol_bimatrix_result_free(r);
            }
            free(ref.xy);
            games++;
        }
    }
    assert_true(games >= 9);
    assert_true(continua > 0); /* the games do have continua of equilibria */
}

/* 12 x 12 and 14 x 14 games with payoffs 0..3, searched with the whole of Q from 256 bases of
 * faces (off by default, MPOL_I_BMX_FULLQ_MIN) and with the faces alone: the same equilibria,
 * cliques and components, and as lrsnash. */
static void test_degenerate_larger(void **state)
{
    (void)state;
    static const size_t sizes[] = {12, 12, 14};
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 1414);
    static double A[14 * 14], B[14 * 14];
    size_t count = mpol_test_quick() ? 1 : sizeof sizes / sizeof sizes[0];
    for (size_t c = 0; c < count; c++) {
        size_t n = sizes[c];
        random_game(&rng, n, n, 0, 3, A, B);
        mpol_i_bmx_fullq_min = SIZE_MAX;
        mpol_bimatrix_result *faces = solve(n, n, A, B, 0, 1);
        mpol_i_bmx_fullq_min = 256;
        mpol_bimatrix_result *r = solve(n, n, A, B, 0, 1);
        mpol_i_bmx_fullq_min = MPOL_I_BMX_FULLQ_MIN;
        assert_true(r->bases_q != faces->bases_q); /* the whole of Q was searched */
        assert_int_equal(r->neq, faces->neq);
        assert_int_equal(r->ncliques, faces->ncliques);
        assert_int_equal(r->ncomponents, faces->ncomponents);
        for (size_t e = 0; e < r->neq; e++) {
            for (size_t i = 0; i < n; i++)
                assert_true(fabs(r->eq[e].x[i] - faces->eq[e].x[i]) <= 1e-12);
            for (size_t j = 0; j < n; j++)
                assert_true(fabs(r->eq[e].y[j] - faces->eq[e].y[j]) <= 1e-12);
        }
        if (have_lrsnash()) {
            eqset mine, ref;
            eqset_from_result(&mine, r);
            assert_true(run_lrsnash(n, n, A, B, &ref));
            char what[64];
            snprintf(what, sizeof what, "%zux%zu 0..3 game %zu", n, n, c);
            eqset_assert_equal(&mine, &ref, what);
            free(mine.xy);
            free(ref.xy);
        }
        mpol_bimatrix_result_free(faces);
        mpol_bimatrix_result_free(r);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_degenerate_vs_brute_force),
        cmocka_unit_test(test_degenerate_larger),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
