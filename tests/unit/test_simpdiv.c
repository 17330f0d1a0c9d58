/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests of simplicial subdivision (mpol_nash_simpdiv) and of the logit homotopy's
 * simpdiv fallback: the bundled four_powers model at the points where the homotopy used
 * to fail, seeded random n-player games (3x3x3, 4 players x 2..3), 2-player games against
 * the bimatrix vertex enumeration, games with a known unique equilibrium, degenerate games,
 * the step limit, invalid options, and the sweep's failed points.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "mpol_test.h"
#include "multipolar/bimatrix.h"
#include "multipolar/model.h"
#include "multipolar/nash.h"
#include "multipolar/nfg.h"
#include "multipolar/sweep.h"

#define SD_REGRET_OK 1e-8

static mpol_game *make_game(size_t n, const size_t *ns, const double *pay)
{
    mpol_game *g;
    assert_int_equal(mpol_game_alloc(&g, n, ns), MPOL_OK);
    memcpy(g->payoff, pay, g->ncells * n * sizeof *pay);
    return g;
}

static mpol_game *random_game(mpol_test_rng *rng, size_t n, const size_t *ns, long ints)
{
    mpol_game *g;
    assert_int_equal(mpol_game_alloc(&g, n, ns), MPOL_OK);
    for (size_t i = 0; i < g->ncells * n; i++)
        g->payoff[i] =
            ints > 0 ? (double)mpol_test_rng_int(rng, 0, ints) : 10.0 * mpol_test_rng_uniform(rng);
    return g;
}

static double payoff_range(const mpol_game *g)
{
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < g->ncells * g->nplayers; i++) {
        lo = fmin(lo, g->payoff[i]);
        hi = fmax(hi, g->payoff[i]);
    }
    return hi - lo;
}

/* The result holds one profile, on the simplices, whose certificate recomputed here is
 * below tol * (1 + range). */
static void check_solved(const mpol_game *g, const mpol_nash_result *r, double tol)
{
    assert_int_equal(r->count, 1);
    assert_int_equal(r->outcome, MPOL_SOLVED);
    for (size_t p = 0; p < r->nplayers; p++) {
        double sum = 0.0;
        for (size_t k = r->offset[p]; k < r->offset[p + 1]; k++) {
            assert_true(r->prob[k] >= 0.0 && r->prob[k] <= 1.0);
            sum += r->prob[k];
        }
        assert_close(sum, 1.0, 1e-12);
    }
    double mr;
    assert_int_equal(mpol_nash_regret(g, r->prob, NULL, NULL, &mr), MPOL_OK);
    assert_true(mr == r->max_regret[0]);
    if (!(mr <= tol * (1.0 + payoff_range(g))))
        fail_msg("regret %g above %g", mr, tol * (1.0 + payoff_range(g)));
}

static mpol_game *four_powers(double trade, double cn)
{
    mpol_model *m;
    assert_int_equal(
        mpol_model_load_file(&m, MPOL_SOURCE_DIR "/models/kazakhstan/four_powers.yaml"), MPOL_OK);
    assert_int_equal(mpol_model_set_param(m, "trade_dependence_ru", trade), MPOL_OK);
    assert_int_equal(mpol_model_set_param(m, "cn_investment", cn), MPOL_OK);
    mpol_game *g;
    assert_int_equal(mpol_model_game(&g, m), MPOL_OK);
    mpol_model_free(m);
    return g;
}

static void test_four_powers_failing_points(void **state)
{
    (void)state;
    /* The tester's point (0.9, 1) and two neighbours where the homotopy used to walk back
     * to lambda = 0 (its tangent was oriented by the inner product with the last one, and
     * flipped at a sharp turn near lambda = 107); it is now oriented by det [J; t^T]. */
    static const double pts[][2] = {{0.9, 1.0}, {0.9, 0.9}, {0.8, 1.0}};
    for (size_t i = 0; i < sizeof pts / sizeof pts[0]; i++) {
        mpol_game *g = four_powers(pts[i][0], pts[i][1]);
        mpol_nash_result *r;
        /* The default method (logit with the simpdiv fallback) and simpdiv itself. */
        assert_int_equal(mpol_nash_logit(&r, g, NULL), MPOL_OK);
        check_solved(g, r, 1e-10);
        mpol_nash_result_free(r);
        assert_int_equal(mpol_nash_simpdiv(&r, g, NULL), MPOL_OK);
        check_solved(g, r, 1e-10);
        mpol_nash_result_free(r);
        /* The homotopy alone reaches lambda_max and polishes there. */
        mpol_nash_logit_opts lo;
        mpol_nash_logit_opts_init(&lo);
        lo.fallback = 0;
        assert_int_equal(mpol_nash_logit(&r, g, &lo), MPOL_OK);
        check_solved(g, r, 1e-10);
        assert_true(r->lambda >= lo.lambda_max);
        mpol_nash_result_free(r);
        mpol_game_free(g);
    }
}

static void test_logit_fallback_used(void **state)
{
    (void)state;
    /* A homotopy cut to 1 step cannot polish its start: the fallback solves the game, and
     * without the fallback the failure is reported. */
    mpol_game *g = four_powers(0.9, 1.0);
    mpol_nash_logit_opts lo;
    mpol_nash_logit_opts_init(&lo);
    lo.max_steps = 1;
    mpol_nash_result *r;
    assert_int_equal(mpol_nash_logit(&r, g, &lo), MPOL_OK);
    check_solved(g, r, 1e-10);
    mpol_nash_result_free(r);
    lo.fallback = 0;
    assert_int_equal(mpol_nash_logit(&r, g, &lo), MPOL_OK);
    assert_int_equal(r->outcome, MPOL_ITER_LIMIT);
    assert_true(r->max_regret[0] > 0.05);
    mpol_nash_result_free(r);
    mpol_game_free(g);
}

static void test_random_n_player(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 11);
    size_t solved = 0, total = 0;
    for (int t = 0; t < mpol_test_reps(20); t++) {
        size_t ns3[3] = {3, 3, 3};
        size_t ns4[4];
        for (size_t p = 0; p < 4; p++)
            ns4[p] = (size_t)mpol_test_rng_int(&rng, 2, 3);
        for (int which = 0; which < 2; which++) {
            /* Half of the games with small integer payoffs (degenerate, ties). */
            mpol_game *g = which == 0 ? random_game(&rng, 3, ns3, t % 2 ? 4 : 0)
                                      : random_game(&rng, 4, ns4, t % 2 ? 3 : 0);
            mpol_nash_result *r;
            assert_int_equal(mpol_nash_simpdiv(&r, g, NULL), MPOL_OK);
            check_solved(g, r, 1e-10);
            solved++;
            total++;
            mpol_nash_result_free(r);
            mpol_game_free(g);
        }
    }
    assert_int_equal(solved, total);
}

static void test_unpolished_convergence(void **state)
{
    (void)state;
    /* Without polishing, the restarts alone converge: each run's zero of the piecewise-linear
     * normal map is within O(d) of an equilibrium's (in practice much closer, the error of the
     * linear interpolation of a smooth map shrinking with d^2 near the zero), and its
     * projection is certified once its regret is below regret_tol * (1 + range) = 1e-13
     * relative. Games without a pure equilibrium, so that the answer is mixed and no run
     * ends on it exactly. */
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 31);
    int tested = 0;
    while (tested < mpol_test_reps(10)) {
        size_t ns[3] = {3, 3, 3};
        mpol_game *g = random_game(&rng, 3, ns, 0);
        mpol_nash_result *r;
        assert_int_equal(mpol_nash_pure(&r, g, NULL), MPOL_OK);
        size_t npure = r->count;
        mpol_nash_result_free(r);
        if (npure > 0) {
            mpol_game_free(g);
            continue;
        }
        mpol_nash_simpdiv_opts o;
        mpol_nash_simpdiv_opts_init(&o);
        o.polish = 0;
        o.max_refinements = 24;
        o.regret_tol = 1e-13;
        assert_int_equal(mpol_nash_simpdiv(&r, g, &o), MPOL_OK);
        check_solved(g, r, 1e-13);
        assert_true(r->lambda >= ldexp(1.0, -24));
        assert_true(r->steps > 24);
        mpol_nash_result_free(r);
        /* Cut to fewer halvings than it needs: the least-regret point, O(d) away, with
         * outcome MPOL_ITER_LIMIT. */
        o.regret_tol = 0.0;
        o.max_refinements = 2;
        assert_int_equal(mpol_nash_simpdiv(&r, g, &o), MPOL_OK);
        assert_true(r->lambda == 0.25);
        if (r->outcome != MPOL_ITER_LIMIT)
            assert_true(r->max_regret[0] == 0.0);
        else if (!(r->max_regret[0] > 0.0 && r->max_regret[0] <= 0.25 * payoff_range(g)))
            fail_msg("game %d: regret %g after 2 halvings", tested, r->max_regret[0]);
        mpol_nash_result_free(r);
        mpol_game_free(g);
        tested++;
    }
}

static void test_two_player_vs_enumeration(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 23);
    size_t matched = 0, total = 0;
    for (int t = 0; t < mpol_test_reps(40); t++) {
        size_t ns[2] = {(size_t)mpol_test_rng_int(&rng, 2, 5),
                        (size_t)mpol_test_rng_int(&rng, 2, 5)};
        mpol_game *g = random_game(&rng, 2, ns, t % 3 == 0 ? 3 : 0);
        size_t m = ns[0], n = ns[1];
        double *A = malloc(m * n * sizeof *A), *B = malloc(m * n * sizeof *B);
        assert_non_null(A);
        assert_non_null(B);
        for (size_t i = 0; i < m; i++)
            for (size_t j = 0; j < n; j++) {
                size_t prof[2] = {i, j}, c = mpol_game_cell(g, prof);
                A[i * n + j] = g->payoff[2 * c];
                B[i * n + j] = g->payoff[2 * c + 1];
            }
        mpol_bimatrix_result *all;
        assert_int_equal(mpol_bimatrix_enumerate(&all, m, n, A, B, NULL), MPOL_OK);
        mpol_nash_result *r;
        assert_int_equal(mpol_nash_simpdiv(&r, g, NULL), MPOL_OK);
        check_solved(g, r, 1e-10);
        /* Nondegenerate games: it is one of the enumerated equilibria (degenerate ones may
         * have it inside a component; the certificate above covers those). */
        for (size_t e = 0; e < all->neq; e++) {
            double d = 0.0;
            for (size_t i = 0; i < m; i++)
                d = fmax(d, fabs(all->eq[e].x[i] - r->prob[i]));
            for (size_t j = 0; j < n; j++)
                d = fmax(d, fabs(all->eq[e].y[j] - r->prob[m + j]));
            if (d < 1e-7) {
                matched += t % 3 != 0;
                break;
            }
        }
        if (t % 3 != 0)
            total++;
        mpol_bimatrix_result_free(all);
        mpol_nash_result_free(r);
        mpol_game_free(g);
        free(A);
        free(B);
    }
    /* Every continuous-payoff game's answer is an enumerated equilibrium. */
    assert_true(total > 0);
    assert_int_equal(matched, total);
}

static void test_known_unique(void **state)
{
    (void)state;
    /* Matching pennies and a skewed variant: unique equilibria (1/2, 1/2) and, for
     * A = [[2,-1],[-1,1]] zero-sum, x = (2/5, 3/5), y = (2/5, 3/5). */
    static const double pen[8] = {1, -1, -1, 1, -1, 1, 1, -1};
    static const double skew[8] = {2, -2, -1, 1, -1, 1, 1, -1};
    size_t ns[2] = {2, 2};
    mpol_game *g = make_game(2, ns, pen);
    mpol_nash_result *r;
    assert_int_equal(mpol_nash_simpdiv(&r, g, NULL), MPOL_OK);
    check_solved(g, r, 1e-10);
    for (size_t k = 0; k < 4; k++)
        assert_close(r->prob[k], 0.5, 1e-9);
    mpol_nash_result_free(r);
    mpol_game_free(g);
    g = make_game(2, ns, skew);
    assert_int_equal(mpol_nash_simpdiv(&r, g, NULL), MPOL_OK);
    check_solved(g, r, 1e-10);
    /* Cells in Gambit order: (0,0),(1,0),(0,1),(1,1); A = [[2,-1],[-1,1]]. */
    assert_close(r->prob[0], 0.4, 1e-9);
    assert_close(r->prob[2], 0.4, 1e-9);
    mpol_nash_result_free(r);
    mpol_game_free(g);

    /* Three-player matching pennies (Jordan 1993): player 1 wants to match 2, 2 to match 3,
     * 3 to mismatch 1; the unique equilibrium is everyone at (1/2, 1/2). */
    size_t n3[3] = {2, 2, 2};
    mpol_game *j;
    assert_int_equal(mpol_game_alloc(&j, 3, n3), MPOL_OK);
    for (size_t c = 0; c < 8; c++) {
        size_t k[3];
        mpol_game_profile(j, c, k);
        j->payoff[3 * c] = k[0] == k[1] ? 1 : -1;
        j->payoff[3 * c + 1] = k[1] == k[2] ? 1 : -1;
        j->payoff[3 * c + 2] = k[2] != k[0] ? 1 : -1;
    }
    assert_int_equal(mpol_nash_simpdiv(&r, j, NULL), MPOL_OK);
    check_solved(j, r, 1e-10);
    for (size_t k = 0; k < 6; k++)
        assert_close(r->prob[k], 0.5, 1e-9);
    mpol_nash_result_free(r);
    mpol_game_free(j);
}

static void test_degenerate(void **state)
{
    (void)state;
    /* A constant game, a game with a dominant strategy and ties, and a 1-player game. */
    size_t ns[3] = {3, 2, 2};
    mpol_game *g;
    assert_int_equal(mpol_game_alloc(&g, 3, ns), MPOL_OK);
    mpol_nash_result *r;
    assert_int_equal(mpol_nash_simpdiv(&r, g, NULL), MPOL_OK);
    check_solved(g, r, 0.0);
    mpol_nash_result_free(r);
    for (size_t c = 0; c < g->ncells; c++) {
        size_t k[3];
        mpol_game_profile(g, c, k);
        g->payoff[3 * c] = k[0] == 2 ? 1.0 : 0.0; /* player 1: strategy 3 dominant */
        g->payoff[3 * c + 1] = (double)(k[0] == 2 && k[1] == 1);
        g->payoff[3 * c + 2] = 0.0; /* player 3 indifferent */
    }
    assert_int_equal(mpol_nash_simpdiv(&r, g, NULL), MPOL_OK);
    check_solved(g, r, 1e-12);
    assert_close(r->prob[2], 1.0, 1e-12);
    assert_close(r->prob[4], 1.0, 1e-12);
    mpol_nash_result_free(r);
    mpol_game_free(g);
    /* A 3x4 game with small-integer payoffs whose first run ends at a face with five zero
     * weights: the lexicographic ratio test decided those ties by rounding noise (weights
     * of 1e-17) and cycled until the step limit; ties are now relative to the column's
     * scale. */
    size_t n34[2] = {3, 4};
    static const double cyc[24] = {0, 2, 0, 1, 3, 2, 2, 2, 3, 0, 2, 1,
                                   1, 2, 0, 1, 3, 3, 2, 2, 0, 2, 0, 3};
    g = make_game(2, n34, cyc);
    assert_int_equal(mpol_nash_simpdiv(&r, g, NULL), MPOL_OK);
    check_solved(g, r, 1e-12);
    assert_true(r->steps < 1000);
    mpol_nash_result_free(r);
    mpol_game_free(g);
    size_t one[1] = {3};
    static const double dec[3] = {1, 5, 2};
    g = make_game(1, one, dec);
    assert_int_equal(mpol_nash_simpdiv(&r, g, NULL), MPOL_OK);
    check_solved(g, r, 0.0);
    assert_close(r->prob[1], 1.0, 0.0);
    mpol_nash_result_free(r);
    mpol_game_free(g);
}

static void test_limits_and_errors(void **state)
{
    (void)state;
    static const double pen[8] = {1, -1, -1, 1, -1, 1, 1, -1};
    size_t ns[2] = {2, 2};
    mpol_game *g = make_game(2, ns, pen);
    mpol_nash_result *r = (void *)1;
    mpol_nash_simpdiv_opts o;
    mpol_nash_simpdiv_opts_init(&o);
    assert_int_equal(o.max_refinements, 40);
    /* One label evaluation, no polishing: the step limit is reported, not hidden. */
    o.max_steps = 1;
    o.polish = 0;
    assert_int_equal(mpol_nash_simpdiv(&r, g, &o), MPOL_OK);
    assert_int_equal(r->outcome, MPOL_ITER_LIMIT);
    assert_true(r->max_regret[0] > 0.5);
    mpol_nash_result_free(r);
    /* A leash of one mesh unit: the first run's path leaves the box around its centre and
     * is abandoned (the start is returned, unverified); no leash at all solves it. */
    mpol_nash_simpdiv_opts_init(&o);
    o.leash = 1;
    assert_int_equal(mpol_nash_simpdiv(&r, g, &o), MPOL_OK);
    assert_int_equal(r->outcome, MPOL_ITER_LIMIT);
    assert_true(r->max_regret[0] > 0.5);
    assert_true(r->steps > 0);
    mpol_nash_result_free(r);
    o.leash = 0;
    assert_int_equal(mpol_nash_simpdiv(&r, g, &o), MPOL_OK);
    check_solved(g, r, 1e-10);
    mpol_nash_result_free(r);
    mpol_nash_simpdiv_opts_init(&o);
    o.max_refinements = 0;
    assert_int_equal(mpol_nash_simpdiv(&r, g, &o), MPOL_EINVAL);
    assert_null(r);
    o.max_refinements = 51;
    assert_int_equal(mpol_nash_simpdiv(&r, g, &o), MPOL_EINVAL);
    mpol_nash_simpdiv_opts_init(&o);
    o.max_steps = 0;
    assert_int_equal(mpol_nash_simpdiv(&r, g, &o), MPOL_EINVAL);
    mpol_nash_simpdiv_opts_init(&o);
    o.regret_tol = -1;
    assert_int_equal(mpol_nash_simpdiv(&r, g, &o), MPOL_EINVAL);
    assert_int_equal(mpol_nash_simpdiv(NULL, g, NULL), MPOL_EINVAL);
    assert_int_equal(mpol_nash_simpdiv(&r, NULL, NULL), MPOL_EINVAL);
    g->payoff[0] = NAN;
    assert_int_equal(mpol_nash_simpdiv(&r, g, NULL), MPOL_EINVAL);
    mpol_game_free(g);
}

static void test_sweep_failed_points(void **state)
{
    (void)state;
    mpol_model *m;
    assert_int_equal(
        mpol_model_load_file(&m, MPOL_SOURCE_DIR "/models/kazakhstan/four_powers.yaml"), MPOL_OK);
    assert_int_equal(mpol_model_set_param(m, "trade_dependence_ru", 0.9), MPOL_OK);
    mpol_sweep_grid grid;
    memset(&grid, 0, sizeof grid);
    grid.naxes = 1;
    assert_int_equal(mpol_model_param_index(m, "cn_investment", &grid.param[0]), MPOL_OK);
    grid.from[0] = 0.5;
    grid.to[0] = 1.5;
    grid.steps[0] = 21; /* point 10 is cn_investment = 1 */
    mpol_sweep_opts so;
    mpol_sweep_opts_init(&so);
    so.threads = 1;
    static const char *methods[] = {"simpdiv:max-steps=152", NULL, "simpdiv", "logit-only",
                                    "logit:max-steps=100000"};
    for (size_t method = 0; method < sizeof methods / sizeof methods[0]; method++) {
        so.method = methods[method];
        mpol_sweep_result *r;
        assert_int_equal(mpol_sweep_run(&r, m, &grid, &so), MPOL_OK);
        if (method == 0) {
            /* simpdiv cut to 152 label evaluations gives up at cn_investment = 0.8 (its
             * first run needs 154; every other point needs at most 150): a failed point, in
             * no regime and next to no breakpoint. */
            assert_int_equal(r->nfailed, 1);
            assert_int_equal(r->failed[0], 6);
            assert_int_equal(r->unverified, 1);
            assert_true(r->regime[6] == MPOL_SWEEP_NO_REGIME);
            for (size_t b = 0; b < r->nbreaks; b++)
                assert_true(r->breaks[b].point != 6 && r->breaks[b].point + 1 != 6);
            for (size_t k = 0; k < r->npoints; k++)
                assert_true(k == 6 || r->regime[k] < r->nregimes);
        } else {
            assert_int_equal(r->nfailed, 0);
            assert_null(r->failed);
            assert_int_equal(r->unverified, 0);
        }
        mpol_sweep_result_free(r);
    }
    /* Every point failed: no regime, no breakpoint (this used to fail as "out of memory"). */
    so.method = "logit-only:max-steps=1";
    grid.steps[0] = 5;
    mpol_sweep_result *r;
    assert_int_equal(mpol_sweep_run(&r, m, &grid, &so), MPOL_OK);
    assert_int_equal(r->nfailed, 5);
    assert_int_equal(r->nregimes, 0);
    assert_int_equal(r->nbreaks, 0);
    mpol_sweep_result_free(r);
    static const char *bad[] = {"simpdiv:max-steps=0",
                                "simpdiv:",
                                "simpdiv:max-steps=",
                                "simpdiv:max-steps=2x",
                                "logit:steps=3",
                                "logitx",
                                "pure"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        so.method = bad[i];
        r = (void *)1;
        assert_int_equal(mpol_sweep_run(&r, m, &grid, &so), MPOL_EINVAL);
        assert_null(r);
    }
    mpol_model_free(m);
}

/* refine_progress: called with 0 first and with the total at the end. */
typedef struct prog_log {
    size_t calls, first_done, last_done, total;
} prog_log;

static void log_refine(void *ud, size_t done, size_t total)
{
    prog_log *l = ud;
    if (l->calls++ == 0)
        l->first_done = done;
    l->last_done = done;
    l->total = total;
}

static void test_sweep_refine_progress(void **state)
{
    (void)state;
    mpol_model *m;
    assert_int_equal(
        mpol_model_load_file(&m, MPOL_SOURCE_DIR "/models/kazakhstan/four_powers.yaml"), MPOL_OK);
    mpol_sweep_grid grid;
    memset(&grid, 0, sizeof grid);
    grid.naxes = 1;
    assert_int_equal(mpol_model_param_index(m, "us_support", &grid.param[0]), MPOL_OK);
    grid.from[0] = 0;
    grid.to[0] = 2;
    grid.steps[0] = 9;
    mpol_sweep_opts so;
    mpol_sweep_opts_init(&so);
    prog_log l = {0};
    so.refine_progress = log_refine;
    so.userdata = &l;
    mpol_sweep_result *r;
    assert_int_equal(mpol_sweep_run(&r, m, &grid, &so), MPOL_OK);
    assert_true(r->nbreaks > 0);
    assert_true(l.calls >= 2);
    assert_int_equal(l.first_done, 0);
    assert_int_equal(l.last_done, r->nbreaks);
    assert_int_equal(l.total, r->nbreaks);
    mpol_sweep_result_free(r);
    mpol_model_free(m);
}

static void test_gambit_collection(void **state)
{
    (void)state;
    if (!mpol_test_have_shared())
        skip();
    FILE *f = mpol_test_gambit_index();
    mpol_test_gambit_row row;
    size_t games = 0, big = 0;
    mpol_game *g;
    while ((g = mpol_test_gambit_next_nfg(f, &row)) != NULL) {
        const char *line = row.file;
        mpol_nash_result *r;
        if (mpol_nash_simpdiv(&r, g, NULL) != MPOL_OK)
            fail_msg("%s: %s", line, mpol_last_error());
        if (r->outcome != MPOL_SOLVED)
            fail_msg("%s: outcome %d, regret %g, %zu steps", line, (int)r->outcome,
                     r->max_regret[0], r->steps);
        check_solved(g, r, 1e-10);
        big += r->steps > 0;
        mpol_nash_result_free(r);
        mpol_game_free(g);
        games++;
    }
    fclose(f);
    assert_int_equal(games, 60);
    /* The path did work on most games (20 of them are solved at the start, a pure equilibrium). */
    assert_true(big >= 35);
}

static mpol_status oom_body(void *ctx)
{
    mpol_game *g = ctx;
    mpol_nash_result *r = (void *)1;
    mpol_status st = mpol_nash_simpdiv(&r, g, NULL);
    if (st == MPOL_OK) {
        assert_int_equal(r->count, 1);
        assert_int_equal(r->outcome, MPOL_SOLVED);
    } else {
        assert_int_equal(st, MPOL_ENOMEM);
        assert_null(r);
    }
    mpol_nash_result_free(r);
    return st;
}

static mpol_status oom_fallback_body(void *ctx)
{
    /* The logit homotopy cut to one step, so that its fallback runs. */
    mpol_game *g = ctx;
    mpol_nash_logit_opts lo;
    mpol_nash_logit_opts_init(&lo);
    lo.max_steps = 1;
    mpol_nash_result *r = (void *)1;
    mpol_status st = mpol_nash_logit(&r, g, &lo);
    if (st == MPOL_OK)
        assert_int_equal(r->outcome, MPOL_SOLVED);
    else
        assert_null(r);
    mpol_nash_result_free(r);
    return st;
}

static void test_oom(void **state)
{
    (void)state;
    mpol_game *g = four_powers(0.9, 1.0);
    assert_true(mpol_test_oom_loop(oom_body, g) > 0);
    assert_true(mpol_test_oom_loop(oom_fallback_body, g) > 0);
    mpol_game_free(g);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_four_powers_failing_points),
        cmocka_unit_test(test_logit_fallback_used),
        cmocka_unit_test(test_random_n_player),
        cmocka_unit_test(test_unpolished_convergence),
        cmocka_unit_test(test_two_player_vs_enumeration),
        cmocka_unit_test(test_known_unique),
        cmocka_unit_test(test_degenerate),
        cmocka_unit_test(test_gambit_collection),
        cmocka_unit_test(test_limits_and_errors),
        cmocka_unit_test(test_sweep_failed_points),
        cmocka_unit_test(test_sweep_refine_progress),
        cmocka_unit_test(test_oom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
