/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests of the ESS part of bargaining.h: hawk-dove (hawk with probability V/C),
 * coordination, rock-paper-scissors and its stable variant, degenerate and neutral cases,
 * the definition sampled near every ESS of seeded random games, and the exact re-check
 * (confirmed on dyadic random games, refuted on a tampered game). Error paths are in
 * test_bargain.c.
 */
#include <math.h>
#include <string.h>

#include "mpol_test.h"
#include "multipolar/bargaining.h"

/* A 2-player game from row-major pairs pay[(i*n + j)*2 + p]. */
static mpol_game *bimatrix(size_t m, size_t n, const double *pay)
{
    size_t ns[2] = {m, n};
    mpol_game *g;
    assert_int_equal(mpol_game_alloc(&g, 2, ns), MPOL_OK);
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++)
            for (size_t p = 0; p < 2; p++)
                g->payoff[(i + m * j) * 2 + p] = pay[(i * n + j) * 2 + p];
    return g;
}

static mpol_ess_result *ess(const double *A, size_t m, size_t count)
{
    mpol_ess_result *r = NULL;
    assert_int_equal(mpol_ess_find(&r, A, m, 0.0), MPOL_OK);
    assert_true(r->verified);
    assert_int_equal(r->count, count);
    return r;
}

static void test_ess_textbook(void **state)
{
    (void)state;
    /* Hawk-dove, V = 2, C = 4: A = [(V-C)/2, V; 0, V/2]; the one ESS plays hawk with V/C. */
    double V = 2, C = 4, hd[] = {(V - C) / 2, V, 0, V / 2};
    mpol_ess_result *r = ess(hd, 2, 1);
    assert_true(fabs(r->ess[0].x[0] - V / C) < 1e-12);
    assert_int_equal(r->ess[0].support, 2);
    assert_true(r->ess[0].margin < 0);
    assert_int_equal(r->equilibria, 1); /* the pure profiles are not symmetric equilibria */
    mpol_ess_result_free(r);
    /* V > C: hawk is a strict equilibrium and the only ESS. */
    double hd2[] = {0.5, 4, 0, 2};
    r = ess(hd2, 2, 1);
    assert_true(r->ess[0].x[0] == 1.0);
    mpol_ess_result_free(r);
    /* Coordination: both pure strategies are ESS, the mixed equilibrium is not. */
    double co[] = {1, 0, 0, 1};
    r = ess(co, 2, 2);
    assert_int_equal(r->equilibria, 3);
    mpol_ess_result_free(r);
    /* Rock-paper-scissors: the uniform equilibrium is neutrally stable, not an ESS; with a
     * win worth 2 and a loss -1 it is an ESS. */
    double rps[] = {0, -1, 1, 1, 0, -1, -1, 1, 0};
    r = ess(rps, 3, 0);
    assert_int_equal(r->equilibria, 1);
    mpol_ess_result_free(r);
    double rps2[] = {0, -1, 2, 2, 0, -1, -1, 2, 0};
    r = ess(rps2, 3, 1);
    for (size_t k = 0; k < 3; k++)
        assert_true(fabs(r->ess[0].x[k] - 1.0 / 3) < 1e-12);
    mpol_ess_result_free(r);
    /* A degenerate ESS: e1 earns 1 against itself, e2 too, but e1 beats e2 against e2
     * (1 > 0): ESS with two best replies. */
    double dg[] = {1, 1, 1, 0};
    r = ess(dg, 2, 1);
    assert_int_equal(r->ess[0].best_replies, 2);
    assert_true(r->ess[0].x[0] == 1.0);
    mpol_ess_result_free(r);
    /* The same with e2 equally good against e2: neutral, no ESS. */
    double ne[] = {1, 1, 1, 1};
    r = ess(ne, 2, 0);
    mpol_ess_result_free(r);
}

static void test_ess_exact(void **state)
{
    (void)state;
    double pay[] = {-1, -1, 2, 0, 0, 2, 1, 1}; /* hawk-dove V = 2, C = 4 as a game */
    mpol_game *g = bimatrix(2, 2, pay);
    mpol_ess_result *r = NULL;
    assert_int_equal(mpol_ess_game(&r, g, 0.0), MPOL_OK);
    assert_int_equal(r->count, 1);
    assert_int_equal(mpol_ess_exact(r, g), MPOL_OK);
    assert_int_equal(r->ess[0].exact, 1);
    assert_string_equal(r->ess[0].x_exact[0], "1/2");
    assert_string_equal(r->ess[0].x_exact[1], "1/2");
    mpol_ess_result_free(r);
    /* Degenerate ESS (one extra best reply), exactly; then a tampered one is refuted. */
    g->payoff[0] = 1, g->payoff[1] = 1, g->payoff[2] = 1, g->payoff[3] = 1;
    g->payoff[4] = 1, g->payoff[5] = 1, g->payoff[6] = 0, g->payoff[7] = 0;
    assert_int_equal(mpol_ess_game(&r, g, 0.0), MPOL_OK);
    assert_int_equal(r->count, 1);
    assert_int_equal(mpol_ess_exact(r, g), MPOL_OK);
    assert_int_equal(r->ess[0].exact, 1);
    g->payoff[6] = 1, g->payoff[7] = 1; /* now e2 is as good against e2: neutral only */
    assert_int_equal(mpol_ess_exact(r, g), MPOL_EVERIFY);
    assert_int_equal(r->ess[0].exact, -1);
    assert_int_equal(mpol_ess_exact(NULL, g), MPOL_EINVAL);
    mpol_ess_result_free(r);
    mpol_game_free(g);
}

/* Random games: every ESS found in doubles is confirmed exactly (the payoffs are dyadic). */
static void test_ess_exact_random(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 9);
    size_t confirmed = 0;
    int reps = mpol_test_reps(40);
    for (int rep = 0; rep < reps; rep++) {
        size_t m = 2 + (size_t)(rep % 5);
        double pay[2 * 36];
        for (size_t i = 0; i < m; i++)
            for (size_t j = 0; j < m; j++) {
                double a = (double)mpol_test_rng_int(&rng, -8, 8) / 4;
                pay[(i * m + j) * 2] = a;
                pay[(j * m + i) * 2 + 1] = a;
            }
        mpol_game *g = bimatrix(m, m, pay);
        mpol_ess_result *r = NULL;
        assert_int_equal(mpol_ess_game(&r, g, 0.0), MPOL_OK);
        assert_int_equal(mpol_ess_exact(r, g), MPOL_OK);
        for (size_t e = 0; e < r->count; e++) {
            assert_true(r->ess[e].exact >= 0);
            confirmed += r->ess[e].exact == 1;
        }
        mpol_ess_result_free(r);
        mpol_game_free(g);
    }
    assert_true(confirmed > (size_t)reps / 4); /* 40 games: more than 10 */
}

/* x is an ESS by definition, sampled: x.Ay > y.Ay for mixtures y = x + e (z - x) near x. */
static void test_ess_random(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 7);
    size_t found = 0;
    int reps = mpol_test_reps(60);
    for (int rep = 0; rep < reps; rep++) {
        size_t m = 2 + (size_t)(rep % 4);
        double A[25];
        for (size_t k = 0; k < m * m; k++)
            A[k] = (double)mpol_test_rng_int(&rng, -4, 4) + 0.1 * mpol_test_rng_uniform(&rng);
        mpol_ess_result *r = NULL;
        assert_int_equal(mpol_ess_find(&r, A, m, 0.0), MPOL_OK);
        for (size_t e = 0; e < r->count; e++, found++) {
            const double *x = r->ess[e].x;
            for (int t = 0; t < 50; t++) {
                long double y[5], z[5], s = 0;
                for (size_t i = 0; i < m; i++)
                    s += z[i] = mpol_test_rng_uniform(&rng);
                long double eps = 1e-5L, sx = 0;
                for (size_t i = 0; i < m; i++)
                    sx += x[i];
                for (size_t i = 0; i < m; i++)
                    y[i] = (1 - eps) * x[i] / sx + eps * z[i] / s;
                long double xay = 0, yay = 0;
                for (size_t i = 0; i < m; i++)
                    for (size_t j = 0; j < m; j++) {
                        xay += x[i] / sx * A[i * m + j] * y[j];
                        yay += y[i] * A[i * m + j] * y[j];
                    }
                if (!(xay > yay))
                    fprintf(stderr, "m %zu ess %zu support %zu margin %g: x.Ay - y.Ay = %Lg\n", m,
                            e, r->ess[e].support, r->ess[e].margin, xay - yay);
                assert_true(xay > yay);
            }
        }
        mpol_ess_result_free(r);
    }
    assert_true(found > (size_t)reps / 6); /* 60 games: more than 10 */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ess_textbook),
        cmocka_unit_test(test_ess_random),
        cmocka_unit_test(test_ess_exact),
        cmocka_unit_test(test_ess_exact_random),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
