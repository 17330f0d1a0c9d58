/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Slow tests of the n-player Nash solvers: the logit homotopy on many seeded random games
 * (3 players x 2..8 strategies, 4 players x 2..5, 5 players x 2..3; continuous and small
 * integer payoffs, so degenerate games too), every .efg game of Gambit's collection with at
 * least 3 players (reduced strategic form), and support enumeration against the logit
 * equilibrium on random 3-player games.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "mpol_test.h"
#include "multipolar/efg.h"
#include "multipolar/nash.h"

#define NASH_REGRET_OK 1e-8

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

static void test_logit_many_random_games(void **state)
{
    (void)state;
    static const struct {
        size_t n, smin, smax;
        int count;
    } sets[] = {{3, 2, 8, 300}, {4, 2, 5, 300}, {5, 2, 3, 100}};
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 424242);
    for (size_t s = 0; s < sizeof sets / sizeof sets[0]; s++) {
        for (int trial = 0; trial < sets[s].count; trial++) {
            long ints = trial % 2 ? 0 : 1 + trial % 5;
            mpol_game *g = random_game(&rng, sets[s].n, sets[s].smin, sets[s].smax, ints);
            mpol_nash_result *r;
            assert_int_equal(mpol_nash_logit(&r, g, NULL), MPOL_OK);
            if (r->outcome != MPOL_SOLVED || !(r->max_regret[0] <= NASH_REGRET_OK))
                fail_msg("set %zu trial %d: outcome %d regret %g", s, trial, (int)r->outcome,
                         r->max_regret[0]);
            mpol_nash_result_free(r);
            mpol_game_free(g);
        }
    }
}

static void test_logit_efg_collection(void **state)
{
    (void)state;
    if (!mpol_test_have_shared())
        skip();
    FILE *f = mpol_test_gambit_index();
    mpol_test_gambit_row row;
    int games = 0;
    while (mpol_test_gambit_next(f, &row)) {
        const char *file = row.file;
        if (strcmp(row.type, "efg") != 0 || atoi(row.players) < 3)
            continue;
        mpol_game *g;
        if (mpol_efg_read_file(&g, mpol_test_gambit_path(file), NULL) != MPOL_OK)
            continue; /* too large a strategic form, or rejected by the reader */
        mpol_nash_result *r;
        assert_int_equal(mpol_nash_logit(&r, g, NULL), MPOL_OK);
        if (r->outcome != MPOL_SOLVED || !(r->max_regret[0] <= NASH_REGRET_OK))
            fail_msg("%s: outcome %d regret %g", file, (int)r->outcome, r->max_regret[0]);
        mpol_nash_result_free(r);
        mpol_game_free(g);
        games++;
    }
    fclose(f);
    assert_true(games >= 20);
}

static void test_support_enum_contains_logit(void **state)
{
    (void)state;
    /* On generic 3-player games the logit equilibrium should be one of those found by
     * support enumeration (local solving may miss some; we count misses). */
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 99);
    int missed = 0, total = 40;
    for (int trial = 0; trial < total; trial++) {
        mpol_game *g = random_game(&rng, 3, 2, 3, 0);
        mpol_nash_result *all, *one;
        assert_int_equal(mpol_nash_support_enum(&all, g, NULL), MPOL_OK);
        assert_int_equal(mpol_nash_logit(&one, g, NULL), MPOL_OK);
        assert_true(all->count >= 1);
        size_t i = 0;
        for (; i < all->count; i++) {
            size_t k = 0;
            while (k < one->nstrat_total &&
                   fabs(all->prob[i * one->nstrat_total + k] - one->prob[k]) < 1e-6)
                k++;
            if (k == one->nstrat_total)
                break;
        }
        missed += i == all->count;
        mpol_nash_result_free(all);
        mpol_nash_result_free(one);
        mpol_game_free(g);
    }
    assert_true(missed <= total / 20);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_logit_many_random_games),
        cmocka_unit_test(test_logit_efg_collection),
        cmocka_unit_test(test_support_enum_contains_logit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
