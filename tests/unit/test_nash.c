/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests of the n-player Nash solvers: known games (McKelvey-McLennan 2x2x2 with 9
 * equilibria, matching pennies, a 3-player coordination game, Selten's horse, von Stengel's
 * 6x6 game with 75 equilibria), pure equilibria against brute force on seeded random 3- and
 * 4-player games (doubles, ties, exact rationals), the logit homotopy on every .nfg game of
 * Gambit's collection and on seeded random games, the dynamics, every error path and OOM.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "mpol_test.h"
#include "multipolar/efg.h"
#include "multipolar/nash.h"
#include "multipolar/nfg.h"

/* The certificate every equilibrium must meet here. */
#define NASH_REGRET_OK 1e-8

static mpol_game *make_game(size_t n, const size_t *ns, const double *pay)
{
    mpol_game *g;
    assert_int_equal(mpol_game_alloc(&g, n, ns), MPOL_OK);
    memcpy(g->payoff, pay, g->ncells * n * sizeof *pay);
    return g;
}

/* McKelvey-McLennan 2x2x2 (NFG_FORMAT.md example 3), 9 equilibria, 2 totally mixed. */
static mpol_game *mm_game(void)
{
    static const double pay[24] = {9, 8, 12, 0, 0, 0, 0, 0, 0, 9, 8, 2,
                                   0, 0, 0,  3, 4, 6, 3, 4, 6, 0, 0, 0};
    size_t ns[3] = {2, 2, 2};
    return make_game(3, ns, pay);
}

static mpol_game *pennies(void)
{
    static const double pay[8] = {1, -1, -1, 1, -1, 1, 1, -1};
    size_t ns[2] = {2, 2};
    return make_game(2, ns, pay);
}

/* Selten's horse: strategies R = 0, L = 1 for each player. */
static mpol_game *horse(void)
{
    size_t ns[3] = {2, 2, 2};
    mpol_game *g;
    assert_int_equal(mpol_game_alloc(&g, 3, ns), MPOL_OK);
    for (size_t c = 0; c < 8; c++) {
        size_t k[3];
        mpol_game_profile(g, c, k);
        double v[3];
        if (k[0] == 0 && k[1] == 0) {
            v[0] = v[1] = v[2] = 1;
        } else if (k[0] == 0) {
            double a[3] = {4, 4, 0}, b[3] = {0, 0, 1};
            memcpy(v, k[2] == 0 ? a : b, sizeof v);
        } else {
            double a[3] = {3, 2, 2}, b[3] = {0, 0, 0};
            memcpy(v, k[2] == 0 ? a : b, sizeof v);
        }
        memcpy(g->payoff + 3 * c, v, sizeof v);
    }
    return g;
}

static mpol_game *random_game(mpol_test_rng *rng, size_t n, size_t smin, size_t smax, long ints)
{
    size_t ns[8];
    for (size_t p = 0; p < n; p++)
        ns[p] = (size_t)mpol_test_rng_int(rng, (long)smin, (long)smax);
    mpol_game *g;
    assert_int_equal(mpol_game_alloc(&g, n, ns), MPOL_OK);
    for (size_t i = 0; i < g->ncells * n; i++)
        g->payoff[i] =
            ints > 0 ? (double)mpol_test_rng_int(rng, 0, ints) : 10.0 * mpol_test_rng_uniform(rng);
    return g;
}

/* Re-checks every profile of a result: the stored certificate equals a fresh one and the
 * profile lies on the simplices. */
static void check_result(const mpol_game *g, const mpol_nash_result *r, double tol)
{
    size_t nt = r->nstrat_total, n = r->nplayers;
    for (size_t i = 0; i < r->count; i++) {
        const double *x = r->prob + i * nt;
        for (size_t p = 0; p < n; p++) {
            double sum = 0.0;
            for (size_t k = r->offset[p]; k < r->offset[p + 1]; k++) {
                assert_true(x[k] >= 0.0 && x[k] <= 1.0);
                sum += x[k];
            }
            assert_close(sum, 1.0, 1e-12);
        }
        double mr, pay[8], reg[8];
        assert_int_equal(mpol_nash_regret(g, x, pay, reg, &mr), MPOL_OK);
        assert_true(mr == r->max_regret[i]);
        for (size_t p = 0; p < n; p++)
            assert_true(pay[p] == r->payoff[i * n + p] && reg[p] == r->regret[i * n + p]);
        if (!(mr <= tol))
            fail_msg("profile %zu has regret %g > %g", i, mr, tol);
    }
}

static void test_regret_certificate(void **state)
{
    (void)state;
    mpol_game *g = pennies();
    double x[4] = {1, 0, 1, 0}, pay[2], reg[2], mr;
    assert_int_equal(mpol_nash_regret(g, x, pay, reg, &mr), MPOL_OK);
    assert_true(pay[0] == 1 && pay[1] == -1 && reg[0] == 0 && reg[1] == 2 && mr == 2);
    double y[4] = {0.5, 0.5, 0.25, 0.75};
    assert_int_equal(mpol_nash_regret(g, y, pay, reg, &mr), MPOL_OK);
    assert_close(pay[0], 0.0, 1e-15);
    assert_close(reg[0], 0.5, 1e-15); /* row: 2*0.25-1 = -0.5 vs 0.5 */
    assert_close(reg[1], 0.0, 1e-15);
    assert_int_equal(mpol_nash_regret(NULL, y, pay, reg, &mr), MPOL_EINVAL);
    assert_int_equal(mpol_nash_regret(g, NULL, pay, reg, &mr), MPOL_EINVAL);
    mpol_game_free(g);
}

static void test_mckelvey_mclennan_nine(void **state)
{
    (void)state;
    mpol_game *g = mm_game();
    mpol_nash_result *r;
    assert_int_equal(mpol_nash_support_enum(&r, g, NULL), MPOL_OK);
    assert_int_equal(r->count, 9);
    check_result(g, r, 1e-10);
    size_t mixed = 0;
    for (size_t i = 0; i < r->count; i++) {
        size_t pos = 0;
        for (size_t k = 0; k < 6; k++)
            pos += r->prob[i * 6 + k] > 0.0;
        mixed += pos == 6;
    }
    assert_int_equal(mixed, 2);
    mpol_nash_result_free(r);

    assert_int_equal(mpol_nash_pure(&r, g, NULL), MPOL_OK);
    assert_int_equal(r->count, 4);
    check_result(g, r, 0.0);
    mpol_nash_result_free(r);

    assert_int_equal(mpol_nash_logit(&r, g, NULL), MPOL_OK);
    assert_int_equal(r->count, 1);
    assert_int_equal(r->outcome, MPOL_SOLVED);
    check_result(g, r, NASH_REGRET_OK);
    assert_true(r->lambda >= 1e6);
    mpol_nash_result_free(r);
    mpol_game_free(g);
}

static void test_matching_pennies(void **state)
{
    (void)state;
    mpol_game *g = pennies();
    mpol_nash_result *r;
    assert_int_equal(mpol_nash_pure(&r, g, NULL), MPOL_OK);
    assert_int_equal(r->count, 0);
    mpol_nash_result_free(r);
    assert_int_equal(mpol_nash_logit(&r, g, NULL), MPOL_OK);
    for (size_t k = 0; k < 4; k++)
        assert_close(r->prob[k], 0.5, 1e-12);
    check_result(g, r, NASH_REGRET_OK);
    mpol_nash_result_free(r);
    assert_int_equal(mpol_nash_support_enum(&r, g, NULL), MPOL_OK);
    assert_int_equal(r->count, 1);
    assert_close(r->prob[0], 0.5, 1e-12);
    mpol_nash_result_free(r);
    /* Fictitious play converges in zero-sum games (Robinson 1951), slowly. */
    mpol_nash_fictitious_opts fo;
    mpol_nash_fictitious_opts_init(&fo);
    assert_int_equal(mpol_nash_fictitious(&r, g, &fo), MPOL_OK);
    assert_true(r->max_regret[0] < 0.05);
    assert_int_equal(r->steps, fo.rounds);
    mpol_nash_result_free(r);
    /* The replicator dynamics cycles around the equilibrium: from off it, it stays off. */
    double start[4] = {0.8, 0.2, 0.5, 0.5};
    mpol_nash_replicator_opts ro;
    mpol_nash_replicator_opts_init(&ro);
    ro.start = start;
    ro.t_end = 50;
    assert_int_equal(mpol_nash_replicator(&r, g, &ro), MPOL_OK);
    assert_true(r->max_regret[0] > 0.1);
    mpol_nash_result_free(r);
    mpol_game_free(g);
}

static void test_three_player_coordination(void **state)
{
    (void)state;
    size_t ns[3] = {2, 2, 2};
    double pay[24] = {0};
    for (size_t i = 0; i < 3; i++) {
        pay[i] = 1;      /* cell (1,1,1) */
        pay[21 + i] = 1; /* cell (2,2,2) */
    }
    mpol_game *g = make_game(3, ns, pay);
    mpol_nash_result *r;
    assert_int_equal(mpol_nash_pure(&r, g, NULL), MPOL_OK);
    assert_int_equal(r->count, 2);
    assert_true(r->pure[0] == 0 && r->pure[1] == 0 && r->pure[2] == 0);
    assert_true(r->pure[3] == 1 && r->pure[4] == 1 && r->pure[5] == 1);
    mpol_nash_result_free(r);
    assert_int_equal(mpol_nash_support_enum(&r, g, NULL), MPOL_OK);
    check_result(g, r, 1e-10);
    int centre = 0;
    for (size_t i = 0; i < r->count; i++) {
        int all = 1;
        for (size_t k = 0; k < 6; k++)
            all &= fabs(r->prob[i * 6 + k] - 0.5) < 1e-9;
        centre |= all;
    }
    assert_true(centre);
    mpol_nash_result_free(r);
    assert_int_equal(mpol_nash_logit(&r, g, NULL), MPOL_OK);
    check_result(g, r, NASH_REGRET_OK);
    mpol_nash_result_free(r);
    /* Fictitious play from uniform beliefs picks a coordinated profile. */
    assert_int_equal(mpol_nash_fictitious(&r, g, NULL), MPOL_OK);
    assert_true(r->max_regret[0] < 1e-3);
    mpol_nash_result_free(r);
    mpol_game_free(g);
}

static void test_selten_horse(void **state)
{
    (void)state;
    mpol_game *g = horse();
    mpol_nash_result *r;
    assert_int_equal(mpol_nash_pure(&r, g, NULL), MPOL_OK);
    assert_int_equal(r->count, 2);
    /* In cell order: (L,R,R), then (R,R,L), the perfect one. */
    static const size_t want[6] = {1, 0, 0, 0, 0, 1};
    for (size_t i = 0; i < 6; i++)
        assert_int_equal(r->pure[i], want[i]);
    mpol_nash_result_free(r);
    assert_int_equal(mpol_nash_logit(&r, g, NULL), MPOL_OK);
    check_result(g, r, NASH_REGRET_OK);
    mpol_nash_result_free(r);
    mpol_game_free(g);
}

/* Brute force: a cell is an equilibrium iff no player gains by any unilateral deviation. */
static int brute_pure(const mpol_game *g, size_t cell)
{
    size_t k[8], n = g->nplayers;
    mpol_game_profile(g, cell, k);
    for (size_t p = 0; p < n; p++) {
        size_t keep = k[p];
        for (size_t d = 0; d < g->nstrategies[p]; d++) {
            k[p] = d;
            if (g->payoff[mpol_game_cell(g, k) * n + p] > g->payoff[cell * n + p])
                return 0;
        }
        k[p] = keep;
    }
    return 1;
}

static void test_pure_vs_brute_force(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 20240611);
    for (int trial = 0; trial < mpol_test_reps(200); trial++) {
        size_t n = trial % 2 ? 4 : 3;
        mpol_game *g = random_game(&rng, n, 1, 4, trial % 3 == 0 ? 0 : 2 + trial % 4);
        mpol_nash_result *r;
        assert_int_equal(mpol_nash_pure(&r, g, NULL), MPOL_OK);
        size_t j = 0;
        for (size_t c = 0; c < g->ncells; c++) {
            if (!brute_pure(g, c))
                continue;
            assert_true(j < r->count);
            assert_int_equal(mpol_game_cell(g, r->pure + j * n), c);
            assert_true(r->max_regret[j] == 0.0);
            j++;
        }
        assert_int_equal(j, r->count);
        /* Exact payoffs give the same answer. */
        assert_int_equal(mpol_game_alloc_exact(g), MPOL_OK);
        for (size_t i = 0; i < g->ncells * n; i++)
            g->exact[i] = (mpol_rational){(int64_t)llround(g->payoff[i] * 1000), 1000};
        for (size_t i = 0; i < g->ncells * n; i++)
            g->payoff[i] = (double)g->exact[i].num / 1000.0;
        mpol_nash_result *e;
        assert_int_equal(mpol_nash_pure(&e, g, NULL), MPOL_OK);
        size_t jj = 0;
        for (size_t c = 0; c < g->ncells; c++)
            jj += (size_t)brute_pure(g, c);
        assert_int_equal(e->count, jj);
        mpol_nash_result_free(e);
        mpol_nash_result_free(r);
        mpol_game_free(g);
    }
}

static void test_pure_tolerance_and_limit(void **state)
{
    (void)state;
    /* 1 player: argmax strategies, with a near-tie admitted by tol. */
    size_t ns[1] = {3};
    double pay[3] = {1.0, 3.0, 3.0 - 1e-9};
    mpol_game *g = make_game(1, ns, pay);
    mpol_nash_result *r;
    assert_int_equal(mpol_nash_pure(&r, g, NULL), MPOL_OK);
    assert_int_equal(r->count, 1);
    assert_int_equal(r->pure[0], 1);
    mpol_nash_result_free(r);
    mpol_nash_pure_opts o;
    mpol_nash_pure_opts_init(&o);
    o.tol = 1e-8;
    assert_int_equal(mpol_nash_pure(&r, g, &o), MPOL_OK);
    assert_int_equal(r->count, 2);
    assert_int_equal(r->outcome, MPOL_SOLVED);
    mpol_nash_result_free(r);
    o.max_equilibria = 1;
    assert_int_equal(mpol_nash_pure(&r, g, &o), MPOL_OK);
    assert_int_equal(r->count, 1);
    assert_int_equal(r->outcome, MPOL_ITER_LIMIT);
    mpol_nash_result_free(r);
    /* Logit and support enumeration on a decision problem. */
    assert_int_equal(mpol_nash_logit(&r, g, NULL), MPOL_OK);
    check_result(g, r, NASH_REGRET_OK);
    mpol_nash_result_free(r);
    assert_int_equal(mpol_nash_support_enum(&r, g, NULL), MPOL_OK);
    assert_int_equal(r->count, 1);
    assert_close(r->prob[1], 1.0, 1e-15);
    mpol_nash_result_free(r);
    mpol_game_free(g);
}

static void test_vonstengel_75(void **state)
{
    (void)state;
    if (!mpol_test_have_shared())
        skip();
    mpol_game *g;
    assert_int_equal(mpol_nfg_read_file(&g, mpol_test_shared("reference/gambit-games/catalog/"
                                                             "journals/dcg/vonstengel1999/"
                                                             "6x6_game_with_75_eq.nfg")),
                     MPOL_OK);
    mpol_nash_result *r;
    assert_int_equal(mpol_nash_support_enum(&r, g, NULL), MPOL_OK);
    assert_int_equal(r->count, 75);
    check_result(g, r, 1e-9);
    mpol_nash_result_free(r);
    mpol_game_free(g);
}

/* The global method on every .nfg game of Gambit's collection. */
static void test_logit_gambit_collection(void **state)
{
    (void)state;
    if (!mpol_test_have_shared())
        skip();
    FILE *f = mpol_test_gambit_index();
    mpol_test_gambit_row row;
    size_t games = 0;
    mpol_game *g;
    while ((g = mpol_test_gambit_next_nfg(f, &row)) != NULL) {
        const char *line = row.file;
        mpol_nash_result *r;
        if (mpol_nash_logit(&r, g, NULL) != MPOL_OK)
            fail_msg("%s: %s", line, mpol_last_error());
        if (r->outcome != MPOL_SOLVED || !(r->max_regret[0] <= NASH_REGRET_OK))
            fail_msg("%s: outcome %d, regret %g", line, (int)r->outcome, r->max_regret[0]);
        check_result(g, r, NASH_REGRET_OK);
        mpol_nash_result_free(r);
        /* Support enumeration too on the n-player ones: verified, at least one. */
        if (g->nplayers >= 3) {
            assert_int_equal(mpol_nash_support_enum(&r, g, NULL), MPOL_OK);
            if (r->count == 0)
                fail_msg("%s: support enumeration found nothing", line);
            check_result(g, r, 1e-9);
            mpol_nash_result_free(r);
        }
        mpol_game_free(g);
        games++;
    }
    fclose(f);
    assert_int_equal(games, 60);
}

static void test_selten_horse_efg(void **state)
{
    (void)state;
    if (!mpol_test_have_shared())
        skip();
    mpol_game *g;
    assert_int_equal(mpol_efg_read_file(&g,
                                        mpol_test_shared("reference/gambit-games/catalog/"
                                                         "journals/ijgt/selten1975/fig1.efg"),
                                        NULL),
                     MPOL_OK);
    mpol_nash_result *r;
    assert_int_equal(mpol_nash_pure(&r, g, NULL), MPOL_OK);
    assert_int_equal(r->count, 2);
    mpol_nash_result_free(r);
    mpol_game_free(g);
}

static void test_logit_random_games(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 77);
    for (int trial = 0; trial < mpol_test_reps(60); trial++) {
        size_t n = trial % 2 ? 4 : 3;
        mpol_game *g = random_game(&rng, n, 2, n == 3 ? 5 : 4, trial % 3 == 0 ? 4 : 0);
        mpol_nash_result *r;
        assert_int_equal(mpol_nash_logit(&r, g, NULL), MPOL_OK);
        if (r->outcome != MPOL_SOLVED || !(r->max_regret[0] <= NASH_REGRET_OK))
            fail_msg("trial %d: outcome %d regret %g", trial, (int)r->outcome, r->max_regret[0]);
        check_result(g, r, NASH_REGRET_OK);
        mpol_nash_result_free(r);
        mpol_game_free(g);
    }
}

/* Index of a profile within 1e-7 in a result, or count. */
static size_t find_profile(const mpol_nash_result *r, const double *x)
{
    for (size_t i = 0; i < r->count; i++) {
        size_t k = 0;
        while (k < r->nstrat_total && fabs(r->prob[i * r->nstrat_total + k] - x[k]) < 1e-7)
            k++;
        if (k == r->nstrat_total)
            return i;
    }
    return r->count;
}

static void test_support_enum_two_player_differential(void **state)
{
    (void)state;
    /* For nondegenerate 2-player games every equilibrium is found; the logit equilibrium
     * must be among them, and all pure equilibria too. */
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 5);
    for (int trial = 0; trial < mpol_test_reps(30); trial++) {
        mpol_game *g = random_game(&rng, 2, 2, 5, 0);
        mpol_nash_result *all, *one, *pure;
        assert_int_equal(mpol_nash_support_enum(&all, g, NULL), MPOL_OK);
        assert_int_equal(mpol_nash_logit(&one, g, NULL), MPOL_OK);
        assert_int_equal(mpol_nash_pure(&pure, g, NULL), MPOL_OK);
        check_result(g, all, 1e-9);
        assert_true(all->count % 2 == 1); /* nondegenerate: an odd number */
        assert_true(find_profile(all, one->prob) < all->count);
        for (size_t i = 0; i < pure->count; i++)
            assert_true(find_profile(all, pure->prob + i * pure->nstrat_total) < all->count);
        mpol_nash_result_free(all);
        mpol_nash_result_free(one);
        mpol_nash_result_free(pure);
        mpol_game_free(g);
    }
}

static void test_replicator_dominance(void **state)
{
    (void)state;
    /* Prisoner's dilemma: cooperation (0) is strictly dominated; the dynamics defect. */
    static const double pay[8] = {3, 3, 5, 0, 0, 5, 1, 1};
    size_t ns[2] = {2, 2};
    mpol_game *g = make_game(2, ns, pay);
    mpol_nash_result *r;
    assert_int_equal(mpol_nash_replicator(&r, g, NULL), MPOL_OK);
    assert_true(r->prob[1] > 1.0 - 1e-6 && r->prob[3] > 1.0 - 1e-6);
    assert_true(r->max_regret[0] < 1e-5);
    assert_true(r->steps > 0);
    mpol_nash_result_free(r);
    mpol_game_free(g);
}

/* mpol_nash_verify: the verdict from regrets it recomputes itself (not the stored ones), the
 * tolerance relative to the payoff range, no profiles, and every failure path. */
static void test_verify(void **state)
{
    (void)state;
    mpol_game *g = pennies(); /* payoffs in [-1, 1]: tol_abs = 2 tol */
    mpol_nash_result *pure = NULL, *mixed = NULL;
    mpol_nash_verdict v;
    assert_int_equal(mpol_nash_pure(&pure, g, NULL), MPOL_OK);
    assert_int_equal(pure->count, 0);
    assert_int_equal(mpol_nash_verify(&v, g, pure, 1e-9), MPOL_OK);
    assert_int_equal(v.verified, 1);
    assert_true(v.max_error == 0.0);
    assert_true(fabs(v.tol_abs - 2e-9) < 1e-24);
    assert_int_equal(mpol_nash_support_enum(&mixed, g, NULL), MPOL_OK);
    assert_int_equal(mixed->count, 1);
    assert_int_equal(mpol_nash_verify(&v, g, mixed, 1e-9), MPOL_OK);
    assert_int_equal(v.verified, 1);
    assert_true(v.max_error >= 0.0 && v.max_error < 1e-15);
    /* (Heads, Heads): the column player gains 2 by switching; the stored regret is stale. */
    static const double hh[4] = {1, 0, 1, 0};
    memcpy(mixed->prob, hh, sizeof hh);
    assert_int_equal(mpol_nash_verify(&v, g, mixed, 1e-9), MPOL_OK);
    assert_int_equal(v.verified, 0);
    assert_true(fabs(v.max_error - 2.0) < 1e-15);
    assert_true(mixed->max_regret[0] < 1e-15);
    assert_int_equal(mpol_nash_verify(&v, g, mixed, 3.0), MPOL_OK); /* 2 <= 3 * 2 */
    assert_int_equal(v.verified, 1);
    /* A scale of 10: tol_abs = 10 tol. */
    static const double wide[8] = {10, 0, 0, 0, 0, 0, 0, 0};
    size_t ns[2] = {2, 2};
    mpol_game *w = make_game(2, ns, wide);
    assert_int_equal(mpol_nash_verify(&v, w, mixed, 1e-3), MPOL_OK);
    assert_true(fabs(v.tol_abs - 1e-2) < 1e-17);
    /* Failures. */
    assert_int_equal(mpol_nash_verify(NULL, g, mixed, 1e-9), MPOL_EINVAL);
    assert_int_equal(mpol_nash_verify(&v, NULL, mixed, 1e-9), MPOL_EINVAL);
    assert_int_equal(mpol_nash_verify(&v, g, NULL, 1e-9), MPOL_EINVAL);
    assert_int_equal(mpol_nash_verify(&v, g, mixed, -1.0), MPOL_EINVAL);
    assert_int_equal(mpol_nash_verify(&v, g, mixed, NAN), MPOL_EINVAL);
    mpol_game *mm = mm_game(); /* three players: the result does not fit */
    assert_int_equal(mpol_nash_verify(&v, mm, mixed, 1e-9), MPOL_EINVAL);
    assert_non_null(strstr(mpol_last_error(), "do not match"));
    mpol_game_free(mm);
    mpol_game_free(w);
    mpol_nash_result_free(pure);
    mpol_nash_result_free(mixed);
    mpol_game_free(g);
}

static void test_invalid_arguments(void **state)
{
    (void)state;
    mpol_game *g = mm_game();
    mpol_nash_result *r = (mpol_nash_result *)&r;
    assert_int_equal(mpol_nash_pure(NULL, g, NULL), MPOL_EINVAL);
    assert_int_equal(mpol_nash_pure(&r, NULL, NULL), MPOL_EINVAL);
    assert_null(r);
    assert_int_equal(mpol_nash_logit(&r, NULL, NULL), MPOL_EINVAL);
    assert_int_equal(mpol_nash_support_enum(&r, NULL, NULL), MPOL_EINVAL);
    assert_int_equal(mpol_nash_replicator(&r, NULL, NULL), MPOL_EINVAL);
    assert_int_equal(mpol_nash_fictitious(&r, NULL, NULL), MPOL_EINVAL);
    assert_int_equal(mpol_nash_logit(NULL, g, NULL), MPOL_EINVAL);
    assert_int_equal(mpol_nash_support_enum(NULL, g, NULL), MPOL_EINVAL);
    assert_int_equal(mpol_nash_replicator(NULL, g, NULL), MPOL_EINVAL);
    assert_int_equal(mpol_nash_fictitious(NULL, g, NULL), MPOL_EINVAL);

    mpol_nash_pure_opts po;
    mpol_nash_pure_opts_init(&po);
    po.tol = -1;
    assert_int_equal(mpol_nash_pure(&r, g, &po), MPOL_EINVAL);
    po.tol = NAN;
    assert_int_equal(mpol_nash_pure(&r, g, &po), MPOL_EINVAL);

    mpol_nash_logit_opts lo;
    mpol_nash_logit_opts_init(&lo);
    lo.lambda_max = 0;
    assert_int_equal(mpol_nash_logit(&r, g, &lo), MPOL_EINVAL);
    mpol_nash_logit_opts_init(&lo);
    lo.max_contraction = 1.0;
    assert_int_equal(mpol_nash_logit(&r, g, &lo), MPOL_EINVAL);
    mpol_nash_logit_opts_init(&lo);
    lo.step_max = lo.step_init / 2;
    assert_int_equal(mpol_nash_logit(&r, g, &lo), MPOL_EINVAL);
    assert_non_null(strstr(mpol_last_error(), "mpol_nash_logit: invalid options"));

    mpol_nash_support_opts so;
    mpol_nash_support_opts_init(&so);
    so.starts = 0;
    assert_int_equal(mpol_nash_support_enum(&r, g, &so), MPOL_EINVAL);
    mpol_nash_support_opts_init(&so);
    so.max_supports = 26; /* 3^3 = 27 support profiles */
    assert_int_equal(mpol_nash_support_enum(&r, g, &so), MPOL_ELIMIT);
    so.max_supports = 27;
    so.max_equilibria = 2;
    assert_int_equal(mpol_nash_support_enum(&r, g, &so), MPOL_OK);
    assert_int_equal(r->count, 2);
    assert_int_equal(r->outcome, MPOL_ITER_LIMIT);
    mpol_nash_result_free(r);

    mpol_nash_replicator_opts ro;
    mpol_nash_replicator_opts_init(&ro);
    ro.t_end = -1;
    assert_int_equal(mpol_nash_replicator(&r, g, &ro), MPOL_EINVAL);
    mpol_nash_replicator_opts_init(&ro);
    double bad_start[6] = {0.5, 0.5, 1.0, 0.0, 0.5, 0.5};
    ro.start = bad_start;
    assert_int_equal(mpol_nash_replicator(&r, g, &ro), MPOL_EINVAL);
    double bad_sum[6] = {0.5, 0.6, 0.5, 0.5, 0.5, 0.5};
    ro.start = bad_sum;
    assert_int_equal(mpol_nash_replicator(&r, g, &ro), MPOL_EINVAL);
    assert_non_null(strstr(mpol_last_error(), "sums to"));

    mpol_nash_fictitious_opts fo;
    mpol_nash_fictitious_opts_init(&fo);
    fo.rounds = 0;
    assert_int_equal(mpol_nash_fictitious(&r, g, &fo), MPOL_EINVAL);

    g->payoff[5] = NAN;
    assert_int_equal(mpol_nash_pure(&r, g, NULL), MPOL_EINVAL);
    assert_int_equal(mpol_nash_logit(&r, g, NULL), MPOL_EINVAL);
    assert_non_null(strstr(mpol_last_error(), "not finite"));
    g->payoff[5] = INFINITY;
    assert_int_equal(mpol_nash_support_enum(&r, g, NULL), MPOL_EINVAL);
    mpol_nash_result_free(NULL);
    mpol_game_free(g);
}

static void test_support_enum_limit_large_player(void **state)
{
    (void)state;
    size_t ns[2] = {40, 1};
    mpol_game *g;
    assert_int_equal(mpol_game_alloc(&g, 2, ns), MPOL_OK);
    mpol_nash_result *r;
    assert_int_equal(mpol_nash_support_enum(&r, g, NULL), MPOL_ELIMIT);
    mpol_game_free(g);
}

/* OOM injection: every allocation failure gives MPOL_ENOMEM and no leak. */
typedef struct oom_ctx {
    mpol_game *g;
    int method;
} oom_ctx;

static mpol_status oom_body(void *vctx)
{
    oom_ctx *c = vctx;
    mpol_nash_result *r = NULL;
    mpol_status st;
    double x[6] = {0.5, 0.5, 0.5, 0.5, 0.5, 0.5}, mr;
    switch (c->method) {
    case 0:
        st = mpol_nash_pure(&r, c->g, NULL);
        break;
    case 1:
        st = mpol_nash_logit(&r, c->g, NULL);
        break;
    case 2:
        st = mpol_nash_support_enum(&r, c->g, NULL);
        break;
    case 3: {
        mpol_nash_replicator_opts o;
        mpol_nash_replicator_opts_init(&o);
        o.t_end = 1;
        st = mpol_nash_replicator(&r, c->g, &o);
        break;
    }
    case 4: {
        mpol_nash_fictitious_opts o;
        mpol_nash_fictitious_opts_init(&o);
        o.rounds = 10;
        st = mpol_nash_fictitious(&r, c->g, &o);
        break;
    }
    default:
        st = mpol_nash_regret(c->g, x, NULL, NULL, &mr);
        break;
    }
    if (st == MPOL_OK)
        assert_true(c->method == 5 || r->count >= 1);
    else
        assert_null(r);
    mpol_nash_result_free(r);
    return st;
}

static void test_oom(void **state)
{
    (void)state;
    oom_ctx c = {mm_game(), 0};
    for (c.method = 0; c.method <= 5; c.method++)
        assert_true(mpol_test_oom_loop(oom_body, &c) > 0);
    mpol_game_free(c.g);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_regret_certificate),
        cmocka_unit_test(test_mckelvey_mclennan_nine),
        cmocka_unit_test(test_matching_pennies),
        cmocka_unit_test(test_three_player_coordination),
        cmocka_unit_test(test_selten_horse),
        cmocka_unit_test(test_pure_vs_brute_force),
        cmocka_unit_test(test_pure_tolerance_and_limit),
        cmocka_unit_test(test_vonstengel_75),
        cmocka_unit_test(test_logit_gambit_collection),
        cmocka_unit_test(test_selten_horse_efg),
        cmocka_unit_test(test_logit_random_games),
        cmocka_unit_test(test_support_enum_two_player_differential),
        cmocka_unit_test(test_replicator_dominance),
        cmocka_unit_test(test_verify),
        cmocka_unit_test(test_invalid_arguments),
        cmocka_unit_test(test_support_enum_limit_large_player),
        cmocka_unit_test(test_oom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
