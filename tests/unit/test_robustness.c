/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the numerical robustness tests: the solvers must give correct
 * answers (or a clear refusal) on degenerate games, on payoffs scaled from 1e-12 to 1e12 and
 * shifted by large offsets, on ties, on players with one strategy and on duplicate
 * strategies. Every answer is compared with what the theory says it must be:
 * - zero-sum: value(sA + c) = s value(A) + c (each method), duplicates do not change it;
 * - bimatrix: the equilibrium set of (sA + c, tB + d) equals that of (A, B) for per-player
 *   s, t from 1e-12 to 1e12, mixed; with a
 *   duplicated row, every extreme equilibrium collapses onto one of the original game;
 * - n-player: the logit equilibrium of a scaled game has a regret small relative to the
 *   scale, and a player with one strategy changes nothing;
 * - TU: Shapley value and nucleolus of s v + (additive game c) are s x + c; symmetric
 *   players get equal payoffs;
 * - voting: equal weights give equal indices; indices equal brute force; scaling weights
 *   and quota together changes nothing.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "mpol_test.h"
#include "multipolar.h"
#include "multipolar/bimatrix.h"

/* Relative tolerance on answers of scaled games (relative to the scaled payoff range). */
#define SCALED_TOL 1e-7
/* Two mixed strategies are one equilibrium if they differ by at most this (max norm). */
#define SAME_PROB_TOL 1e-6

static const double scales[] = {1e-12, 1e-6, 1.0, 1e6, 1e12};
#define NSCALES (sizeof scales / sizeof scales[0])

static void random_ints(mpol_test_rng *rng, double *a, size_t k, long lo, long hi)
{
    for (size_t i = 0; i < k; i++)
        a[i] = (double)mpol_test_rng_int(rng, lo, hi);
}

/* ---------------------------------------------------------------- zero-sum */

static double zs_value(const double *A, size_t m, size_t n, mpol_zs_method method)
{
    mpol_zs_opts o;
    mpol_zs_opts_init(&o);
    o.method = method;
    mpol_zs_result *r = NULL;
    mpol_status st = mpol_zs_solve(&r, A, m, n, &o);
    if (st != MPOL_OK)
        fail_msg("%s %zux%zu: %s", mpol_zs_method_name(method), m, n, mpol_last_error());
    assert_true(r->check.ok);
    double v = r->value;
    mpol_zs_result_free(r);
    return v;
}

static void test_zerosum_scaled_and_shifted(void **state)
{
    (void)state;
    gsl_set_error_handler_off();
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 101);
    enum { M = 7, N = 9 };
    double A[M * N], S[M * N];
    static const mpol_zs_method methods[] = {MPOL_ZS_SIMPLEX, MPOL_ZS_ORACLE, MPOL_ZS_GLPK};
    for (int game = 0; game < 4; game++) {
        random_ints(&rng, A, M * N, -50, 50);
        double v = zs_value(A, M, N, MPOL_ZS_SIMPLEX);
        for (size_t k = 0; k < NSCALES; k++) {
            double s = scales[k];
            double offsets[3] = {0.0, 1000.0 * s, -1e6 * s};
            for (int oi = 0; oi < 3; oi++) {
                for (size_t i = 0; i < M * N; i++)
                    S[i] = s * A[i] + offsets[oi];
                for (size_t mi = 0; mi < 3; mi++) {
                    double vs = zs_value(S, M, N, methods[mi]);
                    double expect = s * v + offsets[oi];
                    double tol = SCALED_TOL * s * 100.0 + 1e-15 * fabs(offsets[oi]);
                    if (!(fabs(vs - expect) <= tol))
                        fail_msg("game %d, scale %g, offset %g, %s: value %.17g, expected "
                                 "%.17g",
                                 game, s, offsets[oi], mpol_zs_method_name(methods[mi]), vs,
                                 expect);
                }
            }
        }
    }
}

static void test_zerosum_degenerate(void **state)
{
    (void)state;
    gsl_set_error_handler_off();
    static const mpol_zs_method methods[] = {MPOL_ZS_SIMPLEX, MPOL_ZS_ORACLE, MPOL_ZS_GLPK};
    for (size_t mi = 0; mi < 3; mi++) {
        mpol_zs_method me = methods[mi];
        /* All payoffs equal: every strategy is optimal, the value is the constant. */
        double C[12];
        for (int i = 0; i < 12; i++)
            C[i] = 3.25e9;
        assert_close(zs_value(C, 3, 4, me), 3.25e9, 1e-12);
        /* One strategy for the row player: the value is the row's minimum. */
        double R[5] = {4, -2, 7, -2, 9};
        assert_close(zs_value(R, 1, 5, me), -2.0, 1e-12);
        /* One strategy for the column player: the column's maximum. */
        assert_close(zs_value(R, 5, 1, me), 9.0, 1e-12);
        /* 1x1. */
        double one = -1e-12;
        assert_close(zs_value(&one, 1, 1, me), -1e-12, 1e-9);
        /* Matching pennies with duplicated rows and columns and ties: value 0. */
        double P[16] = {1, -1, -1, 1, -1, 1, 1, -1, 1, -1, -1, 1, -1, 1, 1, -1};
        assert_true(fabs(zs_value(P, 4, 4, me)) <= 1e-12);
        /* Rock-paper-scissors with every strategy duplicated (6x6): value 0. */
        static const double rps[9] = {0, -1, 1, 1, 0, -1, -1, 1, 0};
        double D[36];
        for (size_t i = 0; i < 6; i++)
            for (size_t j = 0; j < 6; j++)
                D[i * 6 + j] = rps[(i % 3) * 3 + j % 3];
        assert_true(fabs(zs_value(D, 6, 6, me)) <= 1e-12);
    }
}

/* ---------------------------------------------------------------- bimatrix */

static mpol_bimatrix_result *enumerate(size_t m, size_t n, const double *A, const double *B)
{
    mpol_bimatrix_result *r = NULL;
    mpol_status st = mpol_bimatrix_enumerate(&r, m, n, A, B, NULL);
    if (st != MPOL_OK)
        fail_msg("enumerate %zux%zu: %s", m, n, mpol_last_error());
    return r;
}

static int same_vec(const double *a, const double *b, size_t k)
{
    for (size_t i = 0; i < k; i++)
        if (fabs(a[i] - b[i]) > SAME_PROB_TOL)
            return 0;
    return 1;
}

/* 1 if (x, y) is among r's equilibria. */
static int has_eq(const mpol_bimatrix_result *r, const double *x, const double *y)
{
    for (size_t e = 0; e < r->neq; e++)
        if (same_vec(r->eq[e].x, x, r->m) && same_vec(r->eq[e].y, y, r->n))
            return 1;
    return 0;
}

static void assert_same_sets(const mpol_bimatrix_result *a, const mpol_bimatrix_result *b,
                             const char *what)
{
    if (a->neq != b->neq)
        fail_msg("%s: %zu vs %zu equilibria", what, a->neq, b->neq);
    for (size_t e = 0; e < a->neq; e++)
        if (!has_eq(b, a->eq[e].x, a->eq[e].y))
            fail_msg("%s: equilibrium %zu missing", what, e);
}

static void test_bimatrix_scaled_same_set(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 202);
    enum { M = 6, N = 5 };
    double A[M * N], B[M * N], SA[M * N], SB[M * N];
    for (int game = 0; game < 5; game++) {
        random_ints(&rng, A, M * N, 0, 20); /* small range: ties and degeneracy */
        random_ints(&rng, B, M * N, 0, 20);
        mpol_bimatrix_result *r = enumerate(M, N, A, B);
        assert_true(r->neq >= 1);
        /* Per-player scales (row, column) from 1e-12 to 1e12, mixed. Ranges below ~1e-8 used
         * to give wrong sets (7 instead of 8 equilibria for scales 1 and 1e-9) or "singular
         * basis in a rebuild", when bimatrix/tableau.c shifted by an absolute payoff unit. */
        static const double pairs[][2] = {
            {1e-12, 1e-12}, {1e-12, 1e12}, {1e12, 1e-12}, {1.0, 1e-9}, {1e-9, 1.0},  {1e-6, 1e-6},
            {1e-6, 1e12},   {1.0, 1.0},    {1e6, 1e-6},   {1e12, 1.0}, {1e12, 1e12}, {0.37, 3e-4}};
        for (size_t k = 0; k < sizeof pairs / sizeof pairs[0]; k++) {
            double s = pairs[k][0], t = pairs[k][1];
            for (size_t i = 0; i < M * N; i++) {
                SA[i] = s * A[i] + 7.0 * s;
                SB[i] = t * B[i] - 3.0 * t;
            }
            mpol_bimatrix_result *rs = NULL;
            if (mpol_bimatrix_enumerate(&rs, M, N, SA, SB, NULL) != MPOL_OK)
                fail_msg("game %d, scales %g/%g: %s", game, s, t, mpol_last_error());
            char what[96];
            snprintf(what, sizeof what, "game %d, scales %g/%g", game, s, t);
            assert_same_sets(r, rs, what);
            assert_true(rs->max_regret <= rs->tol_abs);
            mpol_bimatrix_result_free(rs);
        }
        mpol_bimatrix_result_free(r);
    }
}

static void test_bimatrix_duplicate_strategies(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 303);
    enum { M = 4, N = 4 };
    double A[M * N], B[M * N], DA[(M + 1) * N], DB[(M + 1) * N];
    for (int game = 0; game < 6; game++) {
        random_ints(&rng, A, M * N, 0, 99);
        random_ints(&rng, B, M * N, 0, 99);
        /* Row M (the fifth) duplicates row 1. */
        memcpy(DA, A, sizeof A);
        memcpy(DB, B, sizeof B);
        memcpy(DA + M * N, A + N, N * sizeof(double));
        memcpy(DB + M * N, B + N, N * sizeof(double));
        mpol_bimatrix_result *r = enumerate(M, N, A, B);
        mpol_bimatrix_result *d = enumerate(M + 1, N, DA, DB);
        assert_true(d->max_regret <= d->tol_abs);
        /* Every extreme equilibrium of the duplicated game collapses onto one of the
         * original; every original one appears (with the weight on either copy). */
        double x[M];
        for (size_t e = 0; e < d->neq; e++) {
            memcpy(x, d->eq[e].x, M * sizeof(double));
            x[1] += d->eq[e].x[M];
            if (!has_eq(r, x, d->eq[e].y))
                fail_msg("game %d: equilibrium %zu of the duplicated game is not one of the "
                         "original",
                         game, e);
        }
        for (size_t e = 0; e < r->neq; e++) {
            int found = 0;
            for (size_t f = 0; f < d->neq && !found; f++) {
                memcpy(x, d->eq[f].x, M * sizeof(double));
                x[1] += d->eq[f].x[M];
                found = same_vec(x, r->eq[e].x, M) && same_vec(d->eq[f].y, r->eq[e].y, N);
            }
            if (!found)
                fail_msg("game %d: equilibrium %zu of the original game lost", game, e);
        }
        mpol_bimatrix_result_free(r);
        mpol_bimatrix_result_free(d);
    }
}

static void test_bimatrix_degenerate(void **state)
{
    (void)state;
    /* All payoffs zero: every profile is an equilibrium; the extreme ones are the pure
     * profiles (2x3 = 6). */
    double Z[6] = {0};
    mpol_bimatrix_result *r = enumerate(2, 3, Z, Z);
    assert_int_equal(r->neq, 6);
    mpol_bimatrix_result_free(r);
    /* One strategy each. */
    double a = 1e12, b = -1e-12;
    r = enumerate(1, 1, &a, &b);
    assert_int_equal(r->neq, 1);
    assert_close(r->eq[0].payoff_row, 1e12, 1e-12);
    mpol_bimatrix_result_free(r);
    /* Lemke-Howson on a scaled degenerate game still returns a verified equilibrium. */
    double A[9] = {1e9, 1e9, 0, 0, 0, 1e9, 1e9, 0, 1e9},
           B[9] = {0, 1e-9, 1e-9, 1e-9, 0, 0, 0, 0, 1e-9};
    mpol_bimatrix_opts o;
    mpol_bimatrix_opts_init(&o);
    mpol_status st = mpol_bimatrix_lemke_howson(&r, 3, 3, A, B, &o);
    if (st == MPOL_OK) {
        assert_true(r->neq >= 1);
        assert_true(r->max_regret <= r->tol_abs);
        mpol_bimatrix_result_free(r);
    } else {
        /* A refusal must say why. */
        assert_true(strlen(mpol_last_error()) > 0);
    }
}

/* ---------------------------------------------------------------- n-player */

static void test_nplayer_scaled(void **state)
{
    (void)state;
    gsl_set_error_handler_off();
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 404);
    size_t ns[3] = {3, 2, 3};
    mpol_game *g, *h;
    assert_int_equal(mpol_game_alloc(&g, 3, ns), MPOL_OK);
    for (size_t c = 0; c < g->ncells * 3; c++)
        g->payoff[c] = (double)mpol_test_rng_int(&rng, 0, 9);
    for (size_t k = 0; k < NSCALES; k++) {
        double s = scales[k];
        assert_int_equal(mpol_game_copy(&h, g), MPOL_OK);
        for (size_t c = 0; c < h->ncells * 3; c++)
            h->payoff[c] = s * g->payoff[c] + 5.0 * s;
        mpol_nash_result *r = NULL;
        mpol_status st = mpol_nash_logit(&r, h, NULL);
        if (st != MPOL_OK)
            fail_msg("logit at scale %g: %s", s, mpol_last_error());
        assert_int_equal(r->outcome, MPOL_SOLVED);
        if (!(r->max_regret[0] <= SCALED_TOL * 9.0 * s))
            fail_msg("scale %g: regret %g", s, r->max_regret[0]);
        /* The regret is recomputed independently. */
        double reg[3], pay[3], maxreg;
        assert_int_equal(mpol_nash_regret(h, r->prob, pay, reg, &maxreg), MPOL_OK);
        assert_true(maxreg <= SCALED_TOL * 9.0 * s);
        mpol_nash_result_free(r);
        /* Pure equilibria are scale-free: the same count at every scale. */
        mpol_nash_result *p0 = NULL, *p1 = NULL;
        assert_int_equal(mpol_nash_pure(&p0, g, NULL), MPOL_OK);
        assert_int_equal(mpol_nash_pure(&p1, h, NULL), MPOL_OK);
        assert_int_equal(p0->count, p1->count);
        mpol_nash_result_free(p0);
        mpol_nash_result_free(p1);
        mpol_game_free(h);
    }
    mpol_game_free(g);
}

static void test_nplayer_one_strategy_and_duplicates(void **state)
{
    (void)state;
    gsl_set_error_handler_off();
    /* Player 2 has one strategy: the game is a bimatrix game between players 1 and 3. */
    size_t ns[3] = {2, 1, 2};
    mpol_game *g;
    assert_int_equal(mpol_game_alloc(&g, 3, ns), MPOL_OK);
    /* Matching pennies between players 1 and 3; player 2 gets 0. */
    for (size_t c = 0; c < g->ncells; c++) {
        size_t k[3];
        mpol_game_profile(g, c, k);
        double u = k[0] == k[2] ? 1.0 : -1.0;
        g->payoff[c * 3 + 0] = u;
        g->payoff[c * 3 + 1] = 0.0;
        g->payoff[c * 3 + 2] = -u;
    }
    mpol_nash_result *r = NULL;
    assert_int_equal(mpol_nash_support_enum(&r, g, NULL), MPOL_OK);
    assert_int_equal(r->count, 1);
    for (size_t i = 0; i < r->nstrat_total; i++)
        assert_close(r->prob[i], i == 2 ? 1.0 : 0.5, 1e-9);
    mpol_nash_result_free(r);
    assert_int_equal(mpol_nash_logit(&r, g, NULL), MPOL_OK);
    assert_true(r->max_regret[0] <= 1e-8);
    mpol_nash_result_free(r);
    mpol_game_free(g);

    /* Three players, each with a duplicated strategy: a verified equilibrium, and the
     * duplicates' probabilities summed give an equilibrium of the game without them. */
    size_t n2[3] = {3, 3, 3}, n1[3] = {2, 2, 2};
    mpol_game *d, *o;
    assert_int_equal(mpol_game_alloc(&o, 3, n1), MPOL_OK);
    assert_int_equal(mpol_game_alloc(&d, 3, n2), MPOL_OK);
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 505);
    for (size_t c = 0; c < o->ncells * 3; c++)
        o->payoff[c] = (double)mpol_test_rng_int(&rng, 0, 9);
    for (size_t c = 0; c < d->ncells; c++) {
        size_t k[3], k1[3];
        mpol_game_profile(d, c, k);
        for (int p = 0; p < 3; p++)
            k1[p] = k[p] == 2 ? 0 : k[p]; /* strategy 3 duplicates strategy 1 */
        size_t c1 = mpol_game_cell(o, k1);
        for (int p = 0; p < 3; p++)
            d->payoff[c * 3 + p] = o->payoff[c1 * 3 + p];
    }
    assert_int_equal(mpol_nash_logit(&r, d, NULL), MPOL_OK);
    assert_true(r->max_regret[0] <= 1e-8);
    double prob[6], pay[3], reg[3], maxreg;
    for (int p = 0; p < 3; p++) {
        prob[2 * p] = r->prob[3 * p] + r->prob[3 * p + 2];
        prob[2 * p + 1] = r->prob[3 * p + 1];
    }
    assert_int_equal(mpol_nash_regret(o, prob, pay, reg, &maxreg), MPOL_OK);
    assert_true(maxreg <= 1e-8);
    mpol_nash_result_free(r);
    mpol_game_free(d);
    mpol_game_free(o);
}

/* ---------------------------------------------------------------- TU games */

static mpol_tu_game *random_tu(mpol_test_rng *rng, size_t n)
{
    mpol_tu_game *g;
    assert_int_equal(mpol_tu_alloc(&g, n), MPOL_OK);
    for (size_t S = 1; S < ((size_t)1 << n); S++) {
        double k = (double)__builtin_popcountl((unsigned long)S);
        g->v[S] = (double)mpol_test_rng_int(rng, 0, 100) + 30.0 * k * k; /* imputations exist */
    }
    return g;
}

/* s v + additive game c. */
static mpol_tu_game *affine_tu(const mpol_tu_game *g, double s, const double *c)
{
    mpol_tu_game *h;
    assert_int_equal(mpol_tu_alloc(&h, g->n), MPOL_OK);
    for (size_t S = 0; S < ((size_t)1 << g->n); S++) {
        double add = 0;
        for (size_t i = 0; i < g->n; i++)
            if (S >> i & 1)
                add += c[i];
        h->v[S] = s * g->v[S] + add;
    }
    return h;
}

static void test_tu_values_covariant(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 606);
    enum { N = 6 };
    mpol_tu_game *g = random_tu(&rng, N);
    mpol_value *sh, *bz;
    assert_int_equal(mpol_tu_shapley(&sh, g), MPOL_OK);
    assert_int_equal(mpol_tu_banzhaf(&bz, g, 0), MPOL_OK);
    for (size_t k = 0; k < NSCALES; k++) {
        double s = scales[k], c[N];
        for (size_t i = 0; i < N; i++)
            c[i] = s * 1e3 * (double)i - s * 2500.0;
        mpol_tu_game *h = affine_tu(g, s, c);
        mpol_value *shs, *bzs;
        assert_int_equal(mpol_tu_shapley(&shs, h), MPOL_OK);
        assert_int_equal(mpol_tu_banzhaf(&bzs, h, 0), MPOL_OK);
        for (size_t i = 0; i < N; i++) {
            double scale = s * 1e4;
            if (!(fabs(shs->x[i] - (s * sh->x[i] + c[i])) <= 1e-12 * scale))
                fail_msg("Shapley, scale %g, player %zu: %.17g vs %.17g", s, i, shs->x[i],
                         s * sh->x[i] + c[i]);
            if (!(fabs(bzs->x[i] - (s * bz->x[i] + c[i])) <= 1e-12 * scale))
                fail_msg("Banzhaf, scale %g, player %zu", s, i);
        }
        assert_true(shs->efficiency_error <= 1e-12 * s * 1e4);
        mpol_value_free(shs);
        mpol_value_free(bzs);
        mpol_tu_free(h);
    }
    mpol_value_free(sh);
    mpol_value_free(bz);
    mpol_tu_free(g);
}

static void test_tu_symmetric_players(void **state)
{
    (void)state;
    gsl_set_error_handler_off();
    /* v(S) depends on |S| only, and on whether player 0 is in S: players 1..5 are
     * symmetric and must get equal payoffs from every solution. */
    enum { N = 6 };
    mpol_tu_game *g;
    assert_int_equal(mpol_tu_alloc(&g, N), MPOL_OK);
    for (size_t S = 1; S < ((size_t)1 << N); S++) {
        double k = (double)__builtin_popcountl((unsigned long)S);
        g->v[S] = k * k + ((S & 1) ? 3.0 * k : 0.0);
    }
    mpol_value *v;
    assert_int_equal(mpol_tu_shapley(&v, g), MPOL_OK);
    for (size_t i = 2; i < N; i++)
        assert_close(v->x[i], v->x[1], 1e-12);
    mpol_value_free(v);
    mpol_nucleolus_result *r;
    assert_int_equal(mpol_nucleolus(&r, g, NULL), MPOL_OK);
    for (size_t i = 2; i < N; i++)
        assert_close(r->x[i], r->x[1], 1e-9);
    mpol_nucleolus_result_free(r);
    mpol_tu_free(g);
}

static void test_nucleolus_covariant(void **state)
{
    (void)state;
    gsl_set_error_handler_off();
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 707);
    enum { N = 5 };
    for (int game = 0; game < 3; game++) {
        mpol_tu_game *g = random_tu(&rng, N);
        mpol_nucleolus_result *r;
        assert_int_equal(mpol_nucleolus(&r, g, NULL), MPOL_OK);
        /* Every scale, 1e-12 included: games far from unit scale are solved scaled (the
         * nucleolus is homogeneous), since the LP tolerances are relative to max(1, |v|). */
        for (size_t k = 0; k < NSCALES; k++) {
            double s = scales[k], c[N];
            for (size_t i = 0; i < N; i++)
                c[i] = s * 100.0 * (double)(i + 1);
            mpol_tu_game *h = affine_tu(g, s, c);
            mpol_nucleolus_result *rs = NULL;
            mpol_status st = mpol_nucleolus(&rs, h, NULL);
            if (st != MPOL_OK)
                fail_msg("game %d, scale %g: %s", game, s, mpol_last_error());
            assert_non_null(rs->check);
            for (size_t i = 0; i < N; i++) {
                double expect = s * r->x[i] + c[i];
                if (!(fabs(rs->x[i] - expect) <= 1e-7 * s * 600.0))
                    fail_msg("game %d, scale %g, player %zu: %.17g vs %.17g", game, s, i, rs->x[i],
                             expect);
            }
            mpol_nucleolus_result_free(rs);
            mpol_tu_free(h);
        }
        mpol_nucleolus_result_free(r);
        mpol_tu_free(g);
    }
}

/* ---------------------------------------------------------------- voting */

/* Banzhaf swings by brute force, on integer weights (exact sums). */
static void brute_banzhaf(const double *weights, size_t n, double quota, double *swings)
{
    for (size_t i = 0; i < n; i++)
        swings[i] = 0;
    for (unsigned long S = 0; S < (1ul << n); S++) {
        double w = 0;
        for (size_t j = 0; j < n; j++)
            if (S >> j & 1)
                w += weights[j];
        if (w < quota)
            continue;
        for (size_t i = 0; i < n; i++)
            if ((S >> i & 1) && w - weights[i] < quota)
                swings[i]++;
    }
}

static void test_voting_duplicate_and_scaled_weights(void **state)
{
    (void)state;
    static const double w[] = {5, 5, 5, 3, 3, 1, 1, 1, 0};
    enum { N = sizeof w / sizeof w[0] };
    static const double factors[] = {1.0, 1000.0, 0.5, 0.001};
    mpol_power_result *base_bz = NULL, *base_ss = NULL;
    for (size_t f = 0; f < sizeof factors / sizeof factors[0]; f++) {
        mpol_wvg *g;
        assert_int_equal(mpol_wvg_alloc(&g, N), MPOL_OK);
        for (size_t i = 0; i < N; i++)
            g->weights[i] = w[i] * factors[f];
        g->quota = 13 * factors[f];
        mpol_power_result *bz, *ss;
        assert_int_equal(mpol_power_banzhaf(&bz, g, NULL), MPOL_OK);
        assert_int_equal(mpol_power_shapley_shubik(&ss, g, NULL), MPOL_OK);
        /* Duplicate weights, equal indices; the zero weight is a dummy. */
        for (size_t i = 0; i + 1 < N; i++) {
            if (w[i] == w[i + 1]) {
                assert_close(bz->index[i], bz->index[i + 1], 1e-12);
                assert_close(ss->index[i], ss->index[i + 1], 1e-12);
            }
        }
        assert_int_equal(bz->dummy[N - 1], 1);
        assert_true(ss->index[N - 1] == 0.0);
        /* Brute force agrees (the scaled decimal weights are exact in the library). */
        double swings[N], total = 0;
        brute_banzhaf(w, N, 13, swings);
        for (size_t i = 0; i < N; i++)
            total += swings[i];
        for (size_t i = 0; i < N; i++)
            assert_close(bz->index[i], swings[i] / total, 1e-12);
        /* Scaling weights and quota together changes nothing. */
        if (base_bz == NULL) {
            base_bz = bz;
            base_ss = ss;
        } else {
            for (size_t i = 0; i < N; i++) {
                assert_close(bz->index[i], base_bz->index[i], 1e-12);
                assert_close(ss->index[i], base_ss->index[i], 1e-12);
            }
            mpol_power_result_free(bz);
            mpol_power_result_free(ss);
        }
        mpol_wvg_free(g);
    }
    mpol_power_result_free(base_bz);
    mpol_power_result_free(base_ss);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_zerosum_scaled_and_shifted),
        cmocka_unit_test(test_zerosum_degenerate),
        cmocka_unit_test(test_bimatrix_scaled_same_set),
        cmocka_unit_test(test_bimatrix_duplicate_strategies),
        cmocka_unit_test(test_bimatrix_degenerate),
        cmocka_unit_test(test_nplayer_scaled),
        cmocka_unit_test(test_nplayer_one_strategy_and_duplicates),
        cmocka_unit_test(test_tu_values_covariant),
        cmocka_unit_test(test_tu_symmetric_players),
        cmocka_unit_test(test_nucleolus_covariant),
        cmocka_unit_test(test_voting_duplicate_and_scaled_weights),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
