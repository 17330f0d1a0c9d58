/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests of the bimatrix solvers: textbook games with known equilibria, degenerate
 * games with continua (maximal Nash subsets), seeded random games against a brute-force
 * support enumeration and against lrsnash (lrslib), exact mode, Lemke–Howson from every
 * label, every error path and allocation failure.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* popen, mkstemp, fdopen (bimatrix_check.h) */
#endif
#include <math.h>
#include <string.h>

#include "bimatrix_check.h"
#include "core/rng_internal.h"
#include "mpol_test.h"
#include "multipolar/bimatrix.h"
#include "multipolar/nfg.h"

static mpol_bimatrix_result *enumerate(size_t m, size_t n, const double *A, const double *B,
                                       int exact)
{
    mpol_bimatrix_opts o;
    mpol_bimatrix_opts_init(&o);
    o.exact = exact;
    mpol_bimatrix_result *r = NULL;
    mpol_status st = mpol_bimatrix_enumerate(&r, m, n, A, B, &o);
    if (st != MPOL_OK)
        fail_msg("enumerate: %s: %s", mpol_status_name(st), mpol_last_error());
    return r;
}

static void test_battle_of_the_sexes(void **state)
{
    (void)state;
    static const double A[4] = {2, 0, 0, 1}, B[4] = {1, 0, 0, 2};
    for (int exact = 0; exact <= 1; exact++) {
        mpol_bimatrix_result *r = enumerate(2, 2, A, B, exact);
        assert_int_equal(r->neq, 3);
        /* Sorted by x descending: (1,0) first, then (2/3,1/3), then (0,1). */
        assert_close(r->eq[0].x[0], 1.0, MPOL_TEST_TOL);
        assert_close(r->eq[0].y[0], 1.0, MPOL_TEST_TOL);
        assert_close(r->eq[0].payoff_row, 2.0, MPOL_TEST_TOL);
        assert_close(r->eq[1].x[0], 2.0 / 3.0, MPOL_TEST_TOL);
        assert_close(r->eq[1].y[0], 1.0 / 3.0, MPOL_TEST_TOL);
        assert_close(r->eq[1].payoff_row, 2.0 / 3.0, MPOL_TEST_TOL);
        assert_close(r->eq[1].payoff_col, 2.0 / 3.0, MPOL_TEST_TOL);
        assert_close(r->eq[2].x[1], 1.0, MPOL_TEST_TOL);
        assert_close(r->eq[2].payoff_col, 2.0, MPOL_TEST_TOL);
        assert_int_equal(r->ncomponents, 3);
        assert_int_equal(r->ncliques, 3);
        assert_true(r->max_regret <= r->tol_abs);
        if (exact) {
            assert_true(r->exact);
            assert_string_equal(r->eq[1].x_exact[0], "2/3");
            assert_string_equal(r->eq[1].x_exact[1], "1/3");
            assert_string_equal(r->eq[1].y_exact[0], "1/3");
            assert_string_equal(r->eq[1].payoff_row_exact, "2/3");
            assert_string_equal(r->eq[0].x_exact[1], "0");
            assert_true(r->eq[1].regret_row == 0.0 && r->eq[1].regret_col == 0.0);
        } else {
            assert_null(r->eq[0].x_exact);
        }
        mpol_bimatrix_result_free(r);
    }
}

static void test_prisoners_dilemma(void **state)
{
    (void)state;
    static const double A[4] = {3, 0, 5, 1}, B[4] = {3, 5, 0, 1};
    mpol_bimatrix_result *r = enumerate(2, 2, A, B, 1);
    assert_int_equal(r->neq, 1);
    assert_string_equal(r->eq[0].x_exact[1], "1");
    assert_string_equal(r->eq[0].y_exact[1], "1");
    assert_string_equal(r->eq[0].payoff_row_exact, "1");
    mpol_bimatrix_result_free(r);
}

/* Matching pennies: the unique equilibrium is mixed, (1/2, 1/2) for both. */
static void test_matching_pennies(void **state)
{
    (void)state;
    static const double A[4] = {1, -1, -1, 1}, B[4] = {-1, 1, 1, -1};
    mpol_bimatrix_result *r = enumerate(2, 2, A, B, 1);
    assert_int_equal(r->neq, 1);
    assert_string_equal(r->eq[0].x_exact[0], "1/2");
    assert_string_equal(r->eq[0].y_exact[1], "1/2");
    assert_string_equal(r->eq[0].payoff_row_exact, "0");
    mpol_bimatrix_result_free(r);
}

/*
 * von Stengel (Handbook of Game Theory 3, 2002, section 2.4, the degenerate version of his
 * 3x2 example): A = [3 3; 2 5; 0 6], B = [3 3; 2 6; 3 1]. The top row has two best
 * responses, so x = (1,0,0) is in equilibrium with every y from (1,0) to (2/3,1/3): a
 * maximal Nash subset {(1,0,0)} x {(1,0), (2/3,1/3)}, plus the isolated equilibrium
 * ((0,1/3,2/3), (1/3,2/3)).
 */
static void test_von_stengel_degenerate(void **state)
{
    (void)state;
    static const double A[6] = {3, 3, 2, 5, 0, 6}, B[6] = {3, 3, 2, 6, 3, 1};
    for (int exact = 0; exact <= 1; exact++) {
        mpol_bimatrix_result *r = enumerate(3, 2, A, B, exact);
        assert_int_equal(r->neq, 3);
        assert_int_equal(r->nxvert, 2);
        assert_int_equal(r->nyvert, 3);
        assert_int_equal(r->ncomponents, 2);
        assert_int_equal(r->ncliques, 2);
        const mpol_bimatrix_clique *c = &r->cliques[0];
        assert_int_equal(c->nx, 1);
        assert_int_equal(c->ny, 2);
        assert_close(r->xvert[c->xs[0] * 3 + 0], 1.0, MPOL_TEST_TOL);
        double y0a = r->yvert[c->ys[0] * 2], y0b = r->yvert[c->ys[1] * 2];
        assert_close(fmax(y0a, y0b), 1.0, MPOL_TEST_TOL);
        assert_close(fmin(y0a, y0b), 2.0 / 3.0, MPOL_TEST_TOL);
        const mpol_bimatrix_clique *d = &r->cliques[1];
        assert_int_equal(d->nx * d->ny, 1);
        assert_close(r->xvert[d->xs[0] * 3 + 2], 2.0 / 3.0, MPOL_TEST_TOL);
        assert_close(r->yvert[d->ys[0] * 2 + 1], 2.0 / 3.0, MPOL_TEST_TOL);
        mpol_bimatrix_result_free(r);
    }
}

/* All payoffs equal: every profile is an equilibrium; the extreme ones are the 4 pure
 * profiles, one clique {e1, e2} x {e1, e2}, one component. */
static void test_constant_game_is_one_clique(void **state)
{
    (void)state;
    static const double A[4] = {1, 1, 1, 1};
    mpol_bimatrix_result *r = enumerate(2, 2, A, A, 1);
    assert_int_equal(r->neq, 4);
    assert_int_equal(r->ncliques, 1);
    assert_int_equal(r->ncomponents, 1);
    assert_int_equal(r->cliques[0].nx, 2);
    assert_int_equal(r->cliques[0].ny, 2);
    mpol_bimatrix_result_free(r);
}

/* Exact mode with rational payoffs given as mpol_rational (1/3 is no double). */
static void test_exact_rational_payoffs(void **state)
{
    (void)state;
    /* Battle of the sexes scaled by 1/3 for the row player. */
    static const double A[4] = {2.0 / 3.0, 0, 0, 1.0 / 3.0}, B[4] = {1, 0, 0, 2};
    static const mpol_rational Aq[4] = {{2, 3}, {0, 1}, {0, 1}, {1, 3}};
    static const mpol_rational Bq[4] = {{1, 1}, {0, 1}, {0, 1}, {2, 1}};
    mpol_bimatrix_opts o;
    mpol_bimatrix_opts_init(&o);
    o.exact = 1;
    o.A_exact = Aq;
    o.B_exact = Bq;
    mpol_bimatrix_result *r;
    assert_int_equal(mpol_bimatrix_enumerate(&r, 2, 2, A, B, &o), MPOL_OK);
    assert_int_equal(r->neq, 3);
    assert_string_equal(r->eq[1].y_exact[0], "1/3");
    assert_string_equal(r->eq[1].payoff_row_exact, "2/9");
    mpol_bimatrix_result_free(r);
}

/*
 * Regression: a 5 x 5 sub-game of Gambit's tim.efg (rows 1, 2, 3, 5, 6 and columns 28, 32, 56,
 * 63, 64 of its reduced form; payoffs in 1/2000 units, heavily degenerate). The search on P
 * pivoted on a rounding residue of a true zero (1.8e-11, above the absolute pivot tolerance
 * 1e-11, in a row whose entries reached 148), reached a singular basis and failed with
 * "singular basis in a rebuild" in both modes; with the pivot tolerance relative to the row
 * it gives lrsnash's 7 extreme equilibria, also with the row player's payoffs doubled (a
 * different scaling of the tableau, which the tester found to pass before).
 */
static void test_tim_subgame_degenerate(void **state)
{
    (void)state;
    static const long An[25] = {-19851, -19851, -21000, -21000, -21000, -20412, -20412,
                                -19980, -21000, -21000, -20439, -20439, -20020, -21000,
                                -21000, -19831, -20980, -20980, -20980, -20980, -20980,
                                -20980, -20980, -18980, -20980};
    static const long Bn[25] = {-953, -953,  -980,  -980, -980, -392,  -392, -2000, -980,
                                -980, -1541, -1541, 0,    -980, -980,  -953, -980,  -980,
                                -980, -980,  -980,  -980, -980, -1020, -980};
    if (!have_lrsnash())
        fail_msg("lrsnash is not installed (lrslib, a declared dependency)");
    for (long scale = 1; scale <= 2; scale++) {
        double A[25], B[25];
        mpol_rational Aq[25], Bq[25];
        for (size_t k = 0; k < 25; k++) {
            A[k] = (double)(scale * An[k]) / 2000.0;
            B[k] = (double)Bn[k] / 2000.0;
            Aq[k] = (mpol_rational){scale * An[k], 2000};
            Bq[k] = (mpol_rational){Bn[k], 2000};
        }
        eqset ref;
        assert_true(run_lrsnash_q(5, 5, A, B, Aq, Bq, &ref));
        assert_int_equal(ref.count, 7);
        for (int exact = 0; exact <= 1; exact++) {
            mpol_bimatrix_opts o;
            mpol_bimatrix_opts_init(&o);
            o.exact = exact;
            o.A_exact = Aq;
            o.B_exact = Bq;
            mpol_bimatrix_result *r = NULL;
            mpol_status st = mpol_bimatrix_enumerate(&r, 5, 5, A, B, &o);
            if (st != MPOL_OK)
                fail_msg("scale %ld exact %d: %s", scale, exact, mpol_last_error());
            eqset mine;
            eqset_from_result(&mine, r);
            char what[64];
            snprintf(what, sizeof what, "tim 5x5 scale %ld exact %d", scale, exact);
            eqset_assert_equal(&mine, &ref, what);
            free(mine.xy);
            mpol_bimatrix_result_free(r);
        }
        free(ref.xy);
    }
}

static void test_random_vs_brute_force(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 20240601);
    double A[64], B[64];
    int games = 0;
    for (size_t m = 2; m <= 7; m++) {
        for (size_t n = 2; n <= 7; n++) {
            for (int rep = 0; rep < 3; rep++) {
                /* Continuous payoffs: nondegenerate with probability 1. */
                for (size_t k = 0; k < m * n; k++) {
                    A[k] = mpol_test_rng_uniform(&rng) * 10.0 - 5.0;
                    B[k] = mpol_test_rng_uniform(&rng) * 10.0 - 5.0;
                }
                mpol_bimatrix_result *r = enumerate(m, n, A, B, 0);
                eqset mine, ref;
                eqset_from_result(&mine, r);
                brute_force(m, n, A, B, &ref);
                char what[64];
                snprintf(what, sizeof what, "%zux%zu game %d", m, n, rep);
                eqset_assert_equal(&mine, &ref, what);
                /* Nondegenerate: odd number of equilibria, all isolated. */
                assert_int_equal(r->neq % 2, 1);
                assert_int_equal(r->ncomponents, r->neq);
                free(mine.xy);
                free(ref.xy);
                mpol_bimatrix_result_free(r);
                games++;
            }
        }
    }
    assert_int_equal(games, 108);
}

/* Random integer games against lrsnash, including very degenerate ones (payoffs 0..2). */
static void test_random_vs_lrsnash(void **state)
{
    (void)state;
    if (!have_lrsnash())
        skip();
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 7);
    double A[100], B[100];
    struct {
        size_t m, n;
        long hi;
        int reps;
    } cases[] = {{5, 5, 99, 4},   {6, 8, 99, 3}, {8, 6, 99, 3}, {9, 9, 99, 2},
                 {10, 10, 99, 2}, {3, 3, 1, 10}, {4, 3, 2, 10}, {4, 4, 2, 10},
                 {5, 4, 2, 8},    {5, 5, 3, 6},  {6, 6, 2, 4}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        for (int rep = 0; rep < (mpol_test_quick() ? 1 : cases[c].reps); rep++) {
            size_t m = cases[c].m, n = cases[c].n;
            random_game(&rng, m, n, 0, cases[c].hi, A, B);
            for (int exact = 0; exact <= 1; exact++) {
                mpol_bimatrix_result *r = enumerate(m, n, A, B, exact);
                eqset mine, ref;
                eqset_from_result(&mine, r);
                assert_true(run_lrsnash(m, n, A, B, &ref));
                char what[80];
                snprintf(what, sizeof what, "%zux%zu 0..%ld game %d exact %d", m, n, cases[c].hi,
                         rep, exact);
                eqset_assert_equal(&mine, &ref, what);
                /* Every pair in a clique is an equilibrium, and every equilibrium is in one. */
                size_t covered = 0;
                for (size_t q = 0; q < r->ncliques; q++) {
                    const mpol_bimatrix_clique *cl = &r->cliques[q];
                    for (size_t a = 0; a < cl->nx; a++) {
                        for (size_t b = 0; b < cl->ny; b++) {
                            double xy[32];
                            memcpy(xy, r->xvert + cl->xs[a] * m, m * sizeof(double));
                            memcpy(xy + m, r->yvert + cl->ys[b] * n, n * sizeof(double));
                            assert_true(eqset_find(&mine, xy) >= 0);
                            covered++;
                        }
                    }
                }
                assert_true(covered >= r->neq);
                free(mine.xy);
                free(ref.xy);
                mpol_bimatrix_result_free(r);
            }
        }
    }
}

static void test_lemke_howson_every_label(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 99);
    double A[144], B[144];
    for (size_t size = 2; size <= 12; size++) {
        for (int degenerate = 0; degenerate <= 1; degenerate++) {
            size_t m = size, n = size + 1 - (size_t)degenerate;
            if (m * n > 144)
                n = m;
            random_game(&rng, m, n, 0, degenerate ? 3 : 99, A, B);
            mpol_bimatrix_result *all = enumerate(m, n, A, B, 0);
            eqset ref;
            eqset_from_result(&ref, all);
            for (int exact = 0; exact <= 1; exact++) {
                mpol_bimatrix_opts o;
                mpol_bimatrix_opts_init(&o);
                o.exact = exact;
                mpol_bimatrix_result *r;
                assert_int_equal(mpol_bimatrix_lemke_howson(&r, m, n, A, B, &o), MPOL_OK);
                assert_true(r->neq >= 1);
                size_t nlab = 0;
                unsigned char seen[32] = {0};
                for (size_t e = 0; e < r->neq; e++) {
                    double xy[32];
                    memcpy(xy, r->eq[e].x, m * sizeof(double));
                    memcpy(xy + m, r->eq[e].y, n * sizeof(double));
                    if (eqset_find(&ref, xy) < 0)
                        fail_msg("%zux%zu: LH equilibrium %zu is not extreme", m, n, e);
                    for (size_t k = 0; k < r->eq[e].nlabels; k++) {
                        size_t l = r->eq[e].labels[k];
                        assert_true(l >= 1 && l <= m + n && !seen[l]);
                        seen[l] = 1;
                        nlab++;
                    }
                }
                assert_int_equal(nlab, m + n);
                /* One label only. */
                o.lh_label = m + 1;
                mpol_bimatrix_result *one;
                assert_int_equal(mpol_bimatrix_lemke_howson(&one, m, n, A, B, &o), MPOL_OK);
                assert_int_equal(one->neq, 1);
                assert_int_equal(one->eq[0].nlabels, 1);
                assert_int_equal(one->eq[0].labels[0], m + 1);
                mpol_bimatrix_result_free(one);
                mpol_bimatrix_result_free(r);
            }
            free(ref.xy);
            mpol_bimatrix_result_free(all);
        }
    }
}

/* A 100x100 random game: Lemke-Howson finds a verified equilibrium. */
static void test_lemke_howson_large(void **state)
{
    (void)state;
    size_t m = 100, n = 100;
    double *A = malloc(m * n * sizeof(double)), *B = malloc(m * n * sizeof(double));
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 100);
    random_game(&rng, m, n, 0, 99, A, B);
    mpol_bimatrix_opts o;
    mpol_bimatrix_opts_init(&o);
    o.lh_label = 1;
    mpol_bimatrix_result *r;
    assert_int_equal(mpol_bimatrix_lemke_howson(&r, m, n, A, B, &o), MPOL_OK);
    assert_int_equal(r->neq, 1);
    double rr, rc;
    mpol_bimatrix_regret(m, n, A, B, r->eq[0].x, r->eq[0].y, &rr, &rc, NULL, NULL);
    assert_true(rr <= 1e-9 * 99 && rc <= 1e-9 * 99);
    mpol_bimatrix_result_free(r);
    o.exact = 1;
    assert_int_equal(mpol_bimatrix_lemke_howson(&r, m, n, A, B, &o), MPOL_OK);
    assert_non_null(r->eq[0].x_exact);
    mpol_bimatrix_result_free(r);
    free(A);
    free(B);
}

/* Equal sets of equilibria (the results are sorted, so index by index). */
static void assert_same_result(const mpol_bimatrix_result *a, const mpol_bimatrix_result *b)
{
    assert_int_equal(a->neq, b->neq);
    assert_int_equal(a->ncliques, b->ncliques);
    assert_int_equal(a->ncomponents, b->ncomponents);
    for (size_t e = 0; e < a->neq; e++) {
        for (size_t i = 0; i < a->m; i++)
            assert_close(a->eq[e].x[i], b->eq[e].x[i], 1e-9);
        for (size_t j = 0; j < a->n; j++)
            assert_close(a->eq[e].y[j], b->eq[e].y[j], 1e-9);
    }
}

/*
 * The search of one polytope with partners by the square system or the face, in both
 * directions (P searched, or Q through the transposed game) and raced on two threads: all
 * give the same equilibria and cliques as lrsnash, on games large enough for the race
 * (m + n >= 24), nondegenerate (0..99) and degenerate (0..2, faces of Q enumerated).
 */
static void test_directions_and_race(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 2424);
    static double A[12 * 13], B[12 * 13];
    size_t sizes[][2] = {{12, 12}, {13, 11}, {11, 13}, {12, 12}};
    long his[] = {99, 99, 99, 2};
    for (size_t c = 0; c < sizeof sizes / sizeof sizes[0]; c++) {
        size_t m = sizes[c][0], n = sizes[c][1];
        random_game(&rng, m, n, 0, his[c], A, B);
        mpol_bimatrix_result *r[3];
        for (int th = 0; th <= 2; th++) {
            mpol_bimatrix_opts o;
            mpol_bimatrix_opts_init(&o);
            o.threads = th == 0 ? 1 : th;
            if (th == 0) {
                /* One thread on the transposed game: Q searched, answers transposed back. */
                double *At = malloc(m * n * sizeof(double)), *Bt = malloc(m * n * sizeof(double));
                for (size_t i = 0; i < m; i++)
                    for (size_t j = 0; j < n; j++) {
                        At[j * m + i] = B[i * n + j];
                        Bt[j * m + i] = A[i * n + j];
                    }
                mpol_bimatrix_result *rt;
                assert_int_equal(mpol_bimatrix_enumerate(&rt, n, m, At, Bt, &o), MPOL_OK);
                /* Swap the players back and compare as sets. */
                eqset ts;
                ts.m = m;
                ts.n = n;
                ts.count = rt->neq;
                ts.xy = malloc((rt->neq + 1) * (m + n) * sizeof(double));
                for (size_t e = 0; e < rt->neq; e++) {
                    memcpy(ts.xy + e * (m + n), rt->eq[e].y, m * sizeof(double));
                    memcpy(ts.xy + e * (m + n) + m, rt->eq[e].x, n * sizeof(double));
                }
                assert_int_equal(mpol_bimatrix_enumerate(&r[0], m, n, A, B, &o), MPOL_OK);
                eqset mine;
                eqset_from_result(&mine, r[0]);
                eqset_assert_equal(&mine, &ts, "transposed game");
                free(mine.xy);
                free(ts.xy);
                mpol_bimatrix_result_free(rt);
                free(At);
                free(Bt);
                continue;
            }
            assert_int_equal(mpol_bimatrix_enumerate(&r[th], m, n, A, B, &o), MPOL_OK);
        }
        assert_same_result(r[0], r[1]);
        assert_same_result(r[0], r[2]);
        if (have_lrsnash()) {
            eqset ref, mine;
            assert_true(run_lrsnash(m, n, A, B, &ref));
            eqset_from_result(&mine, r[2]);
            eqset_assert_equal(&mine, &ref, "race vs lrsnash");
            free(ref.xy);
            free(mine.xy);
        }
        for (int th = 0; th <= 2; th++)
            mpol_bimatrix_result_free(r[th]);
    }
}

/* Pivots of the Lemke–Howson path from label @p k (ELIMIT: SIZE_MAX). */
static size_t lh_pivots(size_t m, size_t n, const double *A, const double *B, size_t k)
{
    mpol_bimatrix_opts o;
    mpol_bimatrix_opts_init(&o);
    o.lh_label = k;
    mpol_bimatrix_result *r;
    if (mpol_bimatrix_lemke_howson(&r, m, n, A, B, &o) != MPOL_OK)
        return SIZE_MAX;
    size_t p = r->pivots;
    mpol_bimatrix_result_free(r);
    return p;
}

/* Luby's sequence (1-based): 1, 1, 2, 1, 1, 2, 4, ... */
static size_t luby_seq(size_t j)
{
    size_t k = 1;
    while ((((size_t)1 << k) - 1) < j)
        k++;
    return j == ((size_t)1 << k) - 1 ? (size_t)1 << (k - 1)
                                     : luby_seq(j - ((size_t)1 << (k - 1)) + 1);
}

/*
 * The label mpol_bimatrix_one's restart schedule picks, replayed from the path lengths
 * @p piv[1..nl] (SIZE_MAX: longer than any budget here) under max_pivots @p maxp: the
 * labels in the order @p start, then those whose path takes 2 pivots, then the others (each
 * group cyclically); run j follows the next label in that order not failed for good for
 * (8 + nl / 16) * luby(j) pivots; a run whose budget reaches maxp without its path ending
 * fails the label for good. 0: every label fails.
 */
static size_t one_schedule(const size_t *piv, size_t nl, size_t start, size_t maxp)
{
    unsigned char dead[64] = {0};
    size_t order[64], c = 0, p = 0, alive = nl, b0 = 8 + nl / 16;
    order[c++] = start - 1; /* then the two-pivot paths, then the others */
    for (int pass = 1; pass >= 0; pass--)
        for (size_t t = 1; t < nl; t++)
            if ((piv[(start - 1 + t) % nl + 1] == 2) == pass)
                order[c++] = (start - 1 + t) % nl;
    for (size_t j = 1; alive > 0; j++) {
        size_t budget = b0 * luby_seq(j);
        while (dead[order[p]])
            p = (p + 1) % nl;
        size_t k = order[p];
        if (piv[k + 1] <= budget && piv[k + 1] <= maxp)
            return k + 1;
        if (budget >= maxp) {
            dead[k] = 1;
            alive--;
        }
        p = (p + 1) % nl;
    }
    return 0;
}

/*
 * mpol_bimatrix_one: on 100 x 100 games one verified equilibrium, the one the path from its
 * label reaches (label 1 when that path ends within the first run's budget); on a 30 x 30
 * game, with and without a pivot budget that the path from label 1 exceeds, the label the
 * restart schedule picks (replayed from every label's path length) and its equilibrium;
 * no label fits: MPOL_ELIMIT; errors. (Until the restarts, the labels were tried one after
 * the other, each to max_pivots: the first label whose path fits won.)
 */
static void test_one_equilibrium(void **state)
{
    (void)state;
    size_t m = 100, n = 100;
    double *A = malloc(m * n * sizeof(double)), *B = malloc(m * n * sizeof(double));
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 5100);
    for (int g = 0; g < 3; g++) {
        random_game(&rng, m, n, 0, 99, A, B);
        mpol_bimatrix_result *r, *r1;
        assert_int_equal(mpol_bimatrix_one(&r, m, n, A, B, NULL), MPOL_OK);
        assert_int_equal(r->neq, 1);
        assert_int_equal(r->eq[0].nlabels, 1);
        size_t k1 = r->eq[0].labels[0];
        if (lh_pivots(m, n, A, B, 1) <= 8 + (m + n) / 16)
            assert_int_equal(k1, 1);
        double rr, rc;
        mpol_bimatrix_regret(m, n, A, B, r->eq[0].x, r->eq[0].y, &rr, &rc, NULL, NULL);
        assert_true(rr <= 1e-9 * 99 && rc <= 1e-9 * 99);
        mpol_bimatrix_opts o;
        mpol_bimatrix_opts_init(&o);
        o.lh_label = k1;
        assert_int_equal(mpol_bimatrix_lemke_howson(&r1, m, n, A, B, &o), MPOL_OK);
        assert_same_result(r, r1);
        mpol_bimatrix_result_free(r);
        mpol_bimatrix_result_free(r1);
    }
    /* Fallback on a 30 x 30 game: a budget below label 1's path length. */
    m = n = 30;
    size_t piv[61], budget = SIZE_MAX, want = 0;
    int found = 0;
    for (int tries = 0; tries < 20 && !found; tries++) {
        random_game(&rng, m, n, 0, 99, A, B);
        for (size_t k = 1; k <= m + n; k++)
            piv[k] = lh_pivots(m, n, A, B, k);
        budget = SIZE_MAX;
        for (size_t k = 2; k <= m + n; k++)
            if (piv[k] < piv[1] && piv[k] < budget)
                budget = piv[k];
        if (budget == SIZE_MAX)
            continue;
        found = 1;
        for (want = 1; piv[want] > budget; want++)
            ;
    }
    assert_true(found);
    assert_true(want > 1);
    mpol_bimatrix_opts o;
    mpol_bimatrix_opts_init(&o);
    mpol_bimatrix_result *r, *rk;
    for (int capped = 0; capped < 2; capped++) {
        o.max_pivots = capped ? budget : 100000;
        size_t k = one_schedule(piv, m + n, 1, o.max_pivots);
        assert_true(k > 0 && piv[k] <= o.max_pivots);
        o.lh_label = 0;
        assert_int_equal(mpol_bimatrix_one(&r, m, n, A, B, &o), MPOL_OK);
        assert_int_equal(r->neq, 1);
        assert_int_equal(r->eq[0].labels[0], k);
        o.lh_label = k;
        assert_int_equal(mpol_bimatrix_lemke_howson(&rk, m, n, A, B, &o), MPOL_OK);
        assert_same_result(r, rk);
        mpol_bimatrix_result_free(r);
        mpol_bimatrix_result_free(rk);
        /* Starting elsewhere: the schedule from there. */
        o.lh_label = want + 1;
        assert_int_equal(mpol_bimatrix_one(&r, m, n, A, B, &o), MPOL_OK);
        assert_int_equal(r->eq[0].labels[0], one_schedule(piv, m + n, want + 1, o.max_pivots));
        mpol_bimatrix_result_free(r);
    }
    /* Every path needs at least 2 pivots. */
    o.lh_label = 0;
    o.max_pivots = 1;
    r = (mpol_bimatrix_result *)1;
    assert_int_equal(mpol_bimatrix_one(&r, m, n, A, B, &o), MPOL_ELIMIT);
    assert_null(r);
    assert_non_null(strstr(mpol_last_error(), "no starting label"));
    /* Errors. */
    assert_int_equal(mpol_bimatrix_one(NULL, m, n, A, B, NULL), MPOL_EINVAL);
    o.max_pivots = 100;
    o.lh_label = m + n + 1;
    assert_int_equal(mpol_bimatrix_one(&r, m, n, A, B, &o), MPOL_EINVAL);
    assert_int_equal(mpol_bimatrix_one(&r, 0, n, A, B, NULL), MPOL_EDIM);
    o.lh_label = 0;
    o.threads = 3;
    assert_int_equal(mpol_bimatrix_enumerate(&r, m, n, A, B, &o), MPOL_EINVAL);
    free(A);
    free(B);
}

/*
 * Lemke–Howson from label 155 of the bench's 100 x 100 game seed 5000 (splitmix64 payoffs):
 * a genuinely long path of 108,637 pivots (checked: no pair of bases repeats along it, so it
 * is not cycling); it ends at a verified equilibrium when the budget allows it, and with
 * MPOL_ELIMIT under the default budget.
 */
static void test_lemke_howson_long_path(void **state)
{
    (void)state;
    if (mpol_test_quick())
        skip(); /* 108,637 pivots on 100 x 100: minutes under valgrind */
    size_t m = 100, n = 100;
    double *A = malloc(m * n * sizeof(double)), *B = malloc(m * n * sizeof(double));
    uint64_t s = 5000;
    for (size_t k = 0; k < m * n; k++)
        A[k] = (double)(mpol_i_splitmix64(&s) % 100);
    for (size_t k = 0; k < m * n; k++)
        B[k] = (double)(mpol_i_splitmix64(&s) % 100);
    mpol_bimatrix_opts o;
    mpol_bimatrix_opts_init(&o);
    o.lh_label = 155;
    mpol_bimatrix_result *r;
    assert_int_equal(mpol_bimatrix_lemke_howson(&r, m, n, A, B, &o), MPOL_ELIMIT);
    o.max_pivots = 200000;
    assert_int_equal(mpol_bimatrix_lemke_howson(&r, m, n, A, B, &o), MPOL_OK);
    assert_int_equal(r->pivots, 108637);
    assert_true(r->max_regret <= r->tol_abs);
    mpol_bimatrix_result_free(r);
    free(A);
    free(B);
}

static void test_solve_game(void **state)
{
    (void)state;
    size_t ns[2] = {2, 2};
    mpol_game *g;
    assert_int_equal(mpol_game_alloc(&g, 2, ns), MPOL_OK);
    /* Battle of the sexes in Gambit cell order (player 1 fastest). */
    static const double body[8] = {2, 1, 0, 0, 0, 0, 1, 2};
    memcpy(g->payoff, body, sizeof body);
    mpol_bimatrix_result *r;
    assert_int_equal(mpol_bimatrix_solve_game(&r, g, MPOL_BIMATRIX_ENUMERATE, NULL), MPOL_OK);
    assert_int_equal(r->neq, 3);
    mpol_bimatrix_result_free(r);
    assert_int_equal(mpol_game_alloc_exact(g), MPOL_OK);
    for (size_t k = 0; k < 8; k++)
        g->exact[k] = (mpol_rational){(int64_t)body[k], 1};
    mpol_bimatrix_opts o;
    mpol_bimatrix_opts_init(&o);
    o.exact = 1;
    assert_int_equal(mpol_bimatrix_solve_game(&r, g, MPOL_BIMATRIX_LEMKE_HOWSON, &o), MPOL_OK);
    assert_true(r->neq >= 1 && r->exact);
    mpol_bimatrix_result_free(r);
    /* 2: one equilibrium (mpol_bimatrix_one), the one the path from label 1 reaches. */
    mpol_bimatrix_result *r1;
    assert_int_equal(mpol_bimatrix_solve_game(&r, g, MPOL_BIMATRIX_ONE, &o), MPOL_OK);
    o.lh_label = 1;
    assert_int_equal(mpol_bimatrix_solve_game(&r1, g, MPOL_BIMATRIX_LEMKE_HOWSON, &o), MPOL_OK);
    assert_int_equal(r->neq, 1);
    assert_true(r->exact);
    assert_int_equal(r->eq[0].labels[0], 1);
    assert_same_result(r, r1);
    assert_string_equal(r->eq[0].x_exact[0], r1->eq[0].x_exact[0]);
    mpol_bimatrix_result_free(r);
    mpol_bimatrix_result_free(r1);
    mpol_game_free(g);
    size_t n3[3] = {2, 2, 2};
    assert_int_equal(mpol_game_alloc(&g, 3, n3), MPOL_OK);
    assert_int_equal(mpol_bimatrix_solve_game(&r, g, MPOL_BIMATRIX_ENUMERATE, NULL), MPOL_EINVAL);
    assert_null(r);
    mpol_game_free(g);
    /* A value outside the enum is refused, *out NULL. */
    assert_int_equal(mpol_game_alloc(&g, 2, ns), MPOL_OK);
    r = (mpol_bimatrix_result *)1;
    assert_int_equal(mpol_bimatrix_solve_game(&r, g, (mpol_bimatrix_method)3, NULL), MPOL_EINVAL);
    assert_null(r);
    mpol_game_free(g);
}

/* A result that fails its check comes back whole with MPOL_EVERIFY (docs/conventions.md):
 * with tol = 0 an equilibrium of a game with inexact decimal payoffs has a rounding regret
 * above the zero tolerance (this game: checked to fail); the result holds every equilibrium
 * the default run finds, and its max_error shows the failure. */
static void test_failed_check_returns_result(void **state)
{
    (void)state;
    static const double A[9] = {0.1, 0.7, 0.3, 0.9, 0.2, 0.6, 0.4, 0.8, 0.1};
    static const double B[9] = {0.3, 0.1, 0.9, 0.7, 0.6, 0.2, 0.1, 0.3, 0.8};
    mpol_bimatrix_opts o;
    mpol_bimatrix_opts_init(&o);
    mpol_bimatrix_result *ok = NULL, *bad = (mpol_bimatrix_result *)1;
    assert_int_equal(mpol_bimatrix_enumerate(&ok, 3, 3, A, B, &o), MPOL_OK);
    assert_int_equal(ok->verified, 1);
    assert_true(ok->max_error == ok->max_regret && ok->max_error <= ok->tol_abs);
    o.tol = 0.0;
    assert_int_equal(mpol_bimatrix_enumerate(&bad, 3, 3, A, B, &o), MPOL_EVERIFY);
    assert_non_null(bad);
    assert_int_equal(bad->verified, 0);
    assert_int_equal(bad->neq, ok->neq);
    assert_true(bad->max_error > bad->tol_abs);
    assert_true(bad->nxvert > 0 && bad->xvert != NULL); /* built whole */
    assert_non_null(strstr(mpol_last_error(), "fails its check"));
    mpol_bimatrix_result_free(bad);
    mpol_bimatrix_result_free(ok);
}

static void test_method_names(void **state)
{
    (void)state;
    static const mpol_bimatrix_method all[] = {MPOL_BIMATRIX_ENUMERATE, MPOL_BIMATRIX_LEMKE_HOWSON,
                                               MPOL_BIMATRIX_ONE};
    for (size_t k = 0; k < sizeof all / sizeof all[0]; k++) {
        mpol_bimatrix_method m = (mpol_bimatrix_method)99;
        assert_int_equal(mpol_bimatrix_method_parse(&m, mpol_bimatrix_method_name(all[k])),
                         MPOL_OK);
        assert_int_equal(m, all[k]);
    }
    assert_string_equal(mpol_bimatrix_method_name(MPOL_BIMATRIX_ENUMERATE), "enum");
    assert_string_equal(mpol_bimatrix_method_name(MPOL_BIMATRIX_LEMKE_HOWSON), "lh-all");
    assert_string_equal(mpol_bimatrix_method_name(MPOL_BIMATRIX_ONE), "lh");
    assert_string_equal(mpol_bimatrix_method_name((mpol_bimatrix_method)7), "unknown");
    mpol_bimatrix_method m;
    assert_int_equal(mpol_bimatrix_method_parse(&m, "lemke-howson"), MPOL_OK);
    assert_int_equal(m, MPOL_BIMATRIX_ONE);
    assert_int_equal(mpol_bimatrix_method_parse(&m, "enumeration"), MPOL_OK);
    assert_int_equal(m, MPOL_BIMATRIX_ENUMERATE);
    m = MPOL_BIMATRIX_LEMKE_HOWSON;
    assert_int_equal(mpol_bimatrix_method_parse(&m, "support"), MPOL_EINVAL);
    assert_int_equal(m, MPOL_BIMATRIX_LEMKE_HOWSON); /* unchanged on failure */
    assert_int_equal(mpol_bimatrix_method_parse(&m, NULL), MPOL_EINVAL);
    assert_int_equal(mpol_bimatrix_method_parse(NULL, "lh"), MPOL_EINVAL);
}

static void test_errors(void **state)
{
    (void)state;
    double A[4] = {1, 2, 3, 4}, B[4] = {4, 3, 2, 1};
    mpol_bimatrix_result *r = (mpol_bimatrix_result *)1;
    mpol_bimatrix_opts o;
    mpol_bimatrix_opts_init(&o);
    assert_int_equal(mpol_bimatrix_enumerate(NULL, 2, 2, A, B, &o), MPOL_EINVAL);
    assert_int_equal(mpol_bimatrix_enumerate(&r, 2, 2, NULL, B, &o), MPOL_EINVAL);
    assert_null(r);
    assert_int_equal(mpol_bimatrix_enumerate(&r, 0, 2, A, B, &o), MPOL_EDIM);
    assert_int_equal(mpol_bimatrix_lemke_howson(&r, 2, 0, A, B, &o), MPOL_EDIM);
    A[2] = NAN;
    assert_int_equal(mpol_bimatrix_enumerate(&r, 2, 2, A, B, &o), MPOL_EINVAL);
    assert_non_null(strstr(mpol_last_error(), "payoff (2, 1) is not finite"));
    A[2] = INFINITY;
    assert_int_equal(mpol_bimatrix_lemke_howson(&r, 2, 2, A, B, &o), MPOL_EINVAL);
    A[2] = 3;
    o.tol = -1;
    assert_int_equal(mpol_bimatrix_enumerate(&r, 2, 2, A, B, &o), MPOL_EINVAL);
    mpol_bimatrix_opts_init(&o);
    o.lh_label = 5;
    assert_int_equal(mpol_bimatrix_lemke_howson(&r, 2, 2, A, B, &o), MPOL_EINVAL);
    mpol_bimatrix_opts_init(&o);
    o.exact = 1;
    mpol_rational bad[4] = {{1, 1}, {1, 0}, {1, 1}, {1, 1}};
    o.A_exact = bad;
    assert_int_equal(mpol_bimatrix_enumerate(&r, 2, 2, A, B, &o), MPOL_EINVAL);
    /* Limits. */
    mpol_bimatrix_opts_init(&o);
    o.max_bases = 2;
    assert_int_equal(mpol_bimatrix_enumerate(&r, 2, 2, A, B, &o), MPOL_ELIMIT);
    assert_null(r);
    double C[9] = {1, 5, 2, 3, 1, 4, 2, 6, 1}, D[9] = {2, 1, 5, 4, 3, 1, 1, 2, 6};
    mpol_bimatrix_opts_init(&o);
    o.max_pivots = 1;
    assert_int_equal(mpol_bimatrix_lemke_howson(&r, 3, 3, C, D, &o), MPOL_ELIMIT);
    /* Exact payoffs that disagree with the doubles: the exact check fails loudly. */
    mpol_bimatrix_opts_init(&o);
    o.exact = 1;
    mpol_rational Aq[4] = {{0, 1}, {1, 1}, {1, 1}, {0, 1}}; /* swaps the row player's goal */
    static const double A2[4] = {1, 0, 0, 1}, B2[4] = {1, 0, 0, 1};
    o.A_exact = Aq;
    assert_int_equal(mpol_bimatrix_enumerate(&r, 2, 2, A2, B2, &o), MPOL_EVERIFY);
    mpol_bimatrix_result_free(NULL);
}

typedef struct oom_ctx {
    int lh, exact;
    size_t m, n;
    const double *A, *B;
} oom_ctx;

static mpol_status oom_body(void *p)
{
    oom_ctx *c = p;
    mpol_bimatrix_opts o;
    mpol_bimatrix_opts_init(&o);
    o.exact = c->exact;
    mpol_bimatrix_result *r;
    o.threads = 1; /* the failure injection counts allocations of one thread */
    mpol_status st = c->lh == 2   ? mpol_bimatrix_one(&r, c->m, c->n, c->A, c->B, &o)
                     : c->lh == 1 ? mpol_bimatrix_lemke_howson(&r, c->m, c->n, c->A, c->B, &o)
                                  : mpol_bimatrix_enumerate(&r, c->m, c->n, c->A, c->B, &o);
    if (st == MPOL_OK) {
        assert_true(r->neq > 0);
        mpol_bimatrix_result_free(r);
    } else {
        assert_null(r);
    }
    return st;
}

static void test_allocation_failures(void **state)
{
    (void)state;
    /* Degenerate (cliques, degenerate matching) and large enough to grow the sets. */
    static const double A[6] = {3, 3, 2, 5, 0, 6}, B[6] = {3, 3, 2, 6, 3, 1};
    double R[64], S[64];
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 3);
    random_game(&rng, 8, 8, 0, 9, R, S);
    for (int lh = 0; lh <= 2; lh++) {
        for (int exact = 0; exact <= 1; exact++) {
            oom_ctx c = {lh, exact, 3, 2, A, B};
            assert_true(mpol_test_oom_loop(oom_body, &c) > 0);
            oom_ctx d = {lh, exact, 8, 8, R, S};
            assert_true(mpol_test_oom_loop(oom_body, &d) > 0);
        }
    }
}

/*
 * Every two-player .nfg game of the Gambit collection gives the same set of extreme
 * equilibria as lrsnash, in floating point and in exact mode (exact payoffs from the file).
 */
static void test_gambit_collection(void **state)
{
    (void)state;
    if (!have_lrsnash() || !mpol_test_have_shared())
        skip();
    char list[4096];
    snprintf(list, sizeof list, "%s", mpol_test_shared("reference/gambit-games/FILELIST.txt"));
    FILE *fl = fopen(list, "r");
    assert_non_null(fl);
    char rel[1024];
    int two_player = 0, with_exact = 0;
    while (fgets(rel, sizeof rel, fl) != NULL) {
        rel[strcspn(rel, "\r\n")] = '\0';
        size_t len = strlen(rel);
        if (len < 4 || strcmp(rel + len - 4, ".nfg") != 0)
            continue;
        char path[1200];
        snprintf(path, sizeof path, "reference/gambit-games/%s", rel);
        mpol_game *g = NULL;
        mpol_status st = mpol_nfg_read_file(&g, mpol_test_shared(path));
        if (st != MPOL_OK)
            fail_msg("%s: %s", rel, mpol_last_error());
        if (g->nplayers != 2) {
            mpol_game_free(g);
            continue;
        }
        two_player++;
        size_t m = g->nstrategies[0], n = g->nstrategies[1];
        double *A, *B;
        assert_int_equal(mpol_game_bimatrix(g, &A, &B), MPOL_OK);
        mpol_rational *Aq = NULL, *Bq = NULL;
        if (g->exact != NULL) {
            with_exact++;
            Aq = malloc(m * n * sizeof *Aq);
            Bq = malloc(m * n * sizeof *Bq);
            for (size_t i = 0; i < m; i++) {
                for (size_t j = 0; j < n; j++) {
                    Aq[i * n + j] = g->exact[(i + m * j) * 2];
                    Bq[i * n + j] = g->exact[(i + m * j) * 2 + 1];
                }
            }
        }
        eqset ref;
        assert_true(run_lrsnash_q(m, n, A, B, Aq, Bq, &ref));
        for (int exact = 0; exact < (g->exact != NULL ? 2 : 1); exact++) {
            mpol_bimatrix_opts o;
            mpol_bimatrix_opts_init(&o);
            o.exact = exact;
            mpol_bimatrix_result *r;
            st = mpol_bimatrix_solve_game(&r, g, MPOL_BIMATRIX_ENUMERATE, &o);
            if (st != MPOL_OK)
                fail_msg("%s: %s", rel, mpol_last_error());
            eqset mine;
            eqset_from_result(&mine, r);
            char what[1100];
            snprintf(what, sizeof what, "%s (exact %d)", rel, exact);
            eqset_assert_equal(&mine, &ref, what);
            free(mine.xy);
            mpol_bimatrix_result_free(r);
        }
        free(ref.xy);
        free(Aq);
        free(Bq);
        mpol_free(A);
        mpol_free(B);
        mpol_game_free(g);
    }
    fclose(fl);
    assert_int_equal(two_player, 44);
    assert_true(with_exact > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_battle_of_the_sexes),
        cmocka_unit_test(test_prisoners_dilemma),
        cmocka_unit_test(test_matching_pennies),
        cmocka_unit_test(test_von_stengel_degenerate),
        cmocka_unit_test(test_tim_subgame_degenerate),
        cmocka_unit_test(test_constant_game_is_one_clique),
        cmocka_unit_test(test_exact_rational_payoffs),
        cmocka_unit_test(test_random_vs_brute_force),
        cmocka_unit_test(test_random_vs_lrsnash),
        cmocka_unit_test(test_gambit_collection),
        cmocka_unit_test(test_lemke_howson_every_label),
        cmocka_unit_test(test_lemke_howson_large),
        cmocka_unit_test(test_directions_and_race),
        cmocka_unit_test(test_one_equilibrium),
        cmocka_unit_test(test_lemke_howson_long_path),
        cmocka_unit_test(test_solve_game),
        cmocka_unit_test(test_method_names),
        cmocka_unit_test(test_failed_check_returns_result),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_allocation_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
