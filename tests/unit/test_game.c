/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests of the strategic-form game container and exact rational literals. */
#include <math.h>
#include <string.h>

#include "mpol_test.h"
#include "multipolar/game.h"

static void test_cells_follow_gambit_order(void **state)
{
    (void)state;
    size_t ns[3] = {2, 3, 4};
    mpol_game *g;
    assert_int_equal(mpol_game_alloc(&g, 3, ns), MPOL_OK);
    assert_int_equal(g->ncells, 24);
    size_t prof[3] = {1, 2, 3};
    assert_int_equal(mpol_game_cell(g, prof), 1 + 2 * (2 + 3 * 3));
    for (size_t c = 0; c < g->ncells; c++) {
        size_t q[3];
        mpol_game_profile(g, c, q);
        assert_int_equal(mpol_game_cell(g, q), c);
    }
    assert_string_equal(g->player_names[2], "Player 3");
    assert_string_equal(g->strategy_names[1][2], "3");
    mpol_game_free(g);
}

static void test_bimatrix_extraction_transposes(void **state)
{
    (void)state;
    /* Selten's e02: payoff body 1 1 0 2 0 2 1 1 0 3 2 0, m = 3, n = 2. */
    static const double body[12] = {1, 1, 0, 2, 0, 2, 1, 1, 0, 3, 2, 0};
    size_t ns[2] = {3, 2};
    mpol_game *g;
    assert_int_equal(mpol_game_alloc(&g, 2, ns), MPOL_OK);
    memcpy(g->payoff, body, sizeof body);
    double *A, *B;
    assert_int_equal(mpol_game_bimatrix(g, &A, &B), MPOL_OK);
    static const double Ae[6] = {1, 1, 0, 0, 0, 2}, Be[6] = {1, 1, 2, 3, 2, 0};
    for (int k = 0; k < 6; k++) {
        assert_true(A[k] == Ae[k]);
        assert_true(B[k] == Be[k]);
    }
    assert_false(mpol_game_is_constant_sum(g, 1e-12));
    mpol_free(A);
    mpol_free(B);
    mpol_game_free(g);
}

static void test_invalid_sizes(void **state)
{
    (void)state;
    mpol_game *g;
    size_t ns[2] = {2, 0};
    assert_int_equal(mpol_game_alloc(&g, 0, ns), MPOL_EINVAL);
    assert_int_equal(mpol_game_alloc(&g, 2, ns), MPOL_EINVAL);
    assert_non_null(strstr(mpol_last_error(), "player 2 has no strategies"));
    size_t big[3] = {100000, 100000, 100000};
    assert_int_equal(mpol_game_alloc(&g, 3, big), MPOL_ELIMIT);
    assert_null(g);
}

static void test_rational_literals(void **state)
{
    (void)state;
    struct {
        const char *text;
        int64_t num, den;
    } ok[] = {{"3", 3, 1},     {"-3", -3, 1},  {"0", 0, 1},    {"-0", 0, 1},     {"0.5", 1, 2},
              {".5", 1, 2},    {"1.25", 5, 4}, {"1e0", 1, 1},  {"2E1", 20, 1},   {"1.5e2", 150, 1},
              {"-3/4", -3, 4}, {"6/8", 3, 4},  {"0.1", 1, 10}, {"1e-3", 1, 1000}};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        mpol_rational r;
        assert_int_equal(mpol_rational_parse(&r, ok[i].text), MPOL_OK);
        assert_int_equal(r.num, ok[i].num);
        assert_int_equal(r.den, ok[i].den);
    }
    const char *bad[] = {"", "+2", "abc", "1/", "/2", "1.2.3", "1e", "3/-4", "0x10"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        mpol_rational r;
        assert_int_equal(mpol_rational_parse(&r, bad[i]), MPOL_EPARSE);
    }
    mpol_rational r;
    assert_int_equal(mpol_rational_parse(&r, "1/0"), MPOL_ENUMERIC);
    assert_int_equal(mpol_rational_parse(&r, "99999999999999999999"), MPOL_ENUMERIC);
    assert_int_equal(mpol_rational_parse(&r, "1e200"), MPOL_ENUMERIC);
}

static mpol_status copy_body(void *ctx)
{
    const mpol_game *src = ctx;
    mpol_game *g;
    mpol_status st = mpol_game_copy(&g, src);
    if (st == MPOL_OK) {
        if (strcmp(g->strategy_names[1][0], "L") != 0 || g->payoff[3] != 7.0)
            fail_msg("copy differs");
        mpol_game_free(g);
    }
    return st;
}

static void test_copy_survives_every_allocation_failure(void **state)
{
    (void)state;
    size_t ns[2] = {2, 2};
    mpol_game *g;
    assert_int_equal(mpol_game_alloc(&g, 2, ns), MPOL_OK);
    assert_int_equal(mpol_game_set_strategy_name(g, 1, 0, "L"), MPOL_OK);
    assert_int_equal(mpol_game_set_strategy_name(g, 1, 5, "L"), MPOL_EINVAL);
    g->payoff[3] = 7.0;
    assert_int_equal(mpol_game_alloc_exact(g), MPOL_OK);
    long n = mpol_test_oom_loop(copy_body, g);
    assert_true(n > 10);
    mpol_game_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cells_follow_gambit_order),
        cmocka_unit_test(test_bimatrix_extraction_transposes),
        cmocka_unit_test(test_invalid_sizes),
        cmocka_unit_test(test_rational_literals),
        cmocka_unit_test(test_copy_survives_every_allocation_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
