/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests of the Gambit .efg reader: the reduced strategic form of every .efg file
 * shipped with Gambit has the size INDEX.tsv gives (Gambit's own reduction); hand-checked
 * reduced forms (Myerson's one-card poker, a game with wildcard strategies, outcomes on
 * inner nodes, a 1/3 chance move, an absent-minded driver); errors with line:column;
 * limits; allocation failures.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mpol_test.h"
#include "multipolar/efg.h"

static mpol_game *read_ok(const char *text)
{
    mpol_game *g = NULL;
    mpol_status st = mpol_efg_read_string(&g, text, strlen(text), "t.efg", NULL);
    if (st != MPOL_OK)
        fail_msg("read failed: %s: %s", mpol_status_name(st), mpol_last_error());
    return g;
}

static void read_fails(const char *text, mpol_status st, const char *pos, const char *msg)
{
    mpol_game *g = (mpol_game *)1;
    mpol_status got = mpol_efg_read_string(&g, text, strlen(text), "t.efg", NULL);
    if (got != st)
        fail_msg("status %s (%s), expected %s", mpol_status_name(got), mpol_last_error(),
                 mpol_status_name(st));
    assert_null(g);
    char prefix[64];
    snprintf(prefix, sizeof prefix, "t.efg:%s: ", pos);
    if ((pos[0] != '\0' && strncmp(mpol_last_error(), prefix, strlen(prefix)) != 0) ||
        strstr(mpol_last_error(), msg) == NULL)
        fail_msg("message '%s', expected prefix '%s' and '%s'", mpol_last_error(), prefix, msg);
}

/* Checks exact payoffs of a two-player game: A and B row-major as num/den pairs. */
static void check_exact(const mpol_game *g, size_t m, size_t n, const int64_t (*A)[2],
                        const int64_t (*B)[2])
{
    assert_int_equal(g->nplayers, 2);
    assert_int_equal(g->nstrategies[0], m);
    assert_int_equal(g->nstrategies[1], n);
    assert_non_null(g->exact);
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++) {
            size_t c = i + m * j, k = i * n + j;
            const mpol_rational *x = &g->exact[2 * c];
            if (x[0].num != A[k][0] || x[0].den != A[k][1] || x[1].num != B[k][0] ||
                x[1].den != B[k][1])
                fail_msg("cell (%zu,%zu): %lld/%lld, %lld/%lld", i, j, (long long)x[0].num,
                         (long long)x[0].den, (long long)x[1].num, (long long)x[1].den);
            assert_close(g->payoff[2 * c], (double)A[k][0] / (double)A[k][1], MPOL_TEST_TOL);
            assert_close(g->payoff[2 * c + 1], (double)B[k][0] / (double)B[k][1], MPOL_TEST_TOL);
        }
}

static void test_myerson_poker(void **state)
{
    (void)state;
    if (!mpol_test_have_shared())
        skip();
    mpol_game *g;
    const char *path = mpol_test_shared("reference/gambit-games/catalog/books/myerson1991/"
                                        "fig2_1.efg");
    assert_int_equal(mpol_efg_read_file(&g, path, NULL), MPOL_OK);
    /* Myerson (1991), Table 2.1: rows Rr, Rf, Fr, Ff; columns M, P. */
    static const int64_t A[8][2] = {{0, 1},  {1, 1}, {1, 2}, {0, 1},
                                    {-1, 2}, {1, 1}, {0, 1}, {0, 1}};
    int64_t B[8][2];
    for (int k = 0; k < 8; k++) {
        B[k][0] = -A[k][0];
        B[k][1] = A[k][1];
    }
    check_exact(g, 4, 2, A, (const int64_t(*)[2])B);
    assert_string_equal(g->title, "A simple Poker game");
    assert_non_null(strstr(g->comment, "one-card poker"));
    assert_string_equal(g->player_names[0], "Fred");
    const char *rows[4] = {"11", "12", "21", "22"};
    for (int i = 0; i < 4; i++)
        assert_string_equal(g->strategy_names[0][i], rows[i]);
    assert_string_equal(g->strategy_names[1][1], "2");
    assert_true(mpol_game_is_constant_sum(g, 1e-12));
    mpol_game_free(g);
}

/* Player 1 moves (L ends the game), then player 2, then player 1 again: the plans "L then
 * a" and "L then b" are one reduced strategy "1*". An outcome on the root adds (1, 1)
 * to every path; one on player 2's node adds (0, 10). */
static const char wildcard_game[] = "EFG 2 R \"wildcard\" { \"P1\" \"P2\" } \"\"\n"
                                    "p \"root\" 1 1 \"\" { \"L\" \"R\" } 1 \"base\" { 1, 1 }\n"
                                    "t \"\" 2 \"left\" { 2, 0 }\n"
                                    "p \"\" 2 1 \"\" { \"l\" \"r\" } 3 \"toll\" { 0 10 }\n"
                                    "p \"\" 1 2 \"\" { \"a\" \"b\" } 0\n"
                                    "t \"\" 4 \"\" { 3, 1 }\n"
                                    "t \"\" 5 \"\" { 0, 0 }\n"
                                    "t \"\" 6 \"\" { 1/2, 5 }\n";

static void test_wildcards_and_inner_outcomes(void **state)
{
    (void)state;
    mpol_game *g = read_ok(wildcard_game);
    /* Rows 1*, 21, 22; columns 1, 2. */
    static const int64_t A[6][2] = {{3, 1}, {3, 1}, {4, 1}, {3, 2}, {1, 1}, {3, 2}};
    static const int64_t B[6][2] = {{1, 1}, {1, 1}, {12, 1}, {16, 1}, {11, 1}, {16, 1}};
    check_exact(g, 3, 2, A, B);
    assert_string_equal(g->strategy_names[0][0], "1*");
    assert_string_equal(g->strategy_names[0][1], "21");
    assert_string_equal(g->strategy_names[0][2], "22");
    assert_string_equal(g->strategy_names[1][0], "1");
    mpol_game_free(g);
}

static void test_chance_thirds_and_one_player(void **state)
{
    (void)state;
    /* Chance picks H with 1/3; player 1 guesses. A player without moves has strategy "*". */
    mpol_game *g = read_ok("EFG 2 R \"guess\" { \"G\" \"Idle\" }\n"
                           "c \"\" 1 \"\" { \"H\" 1/3 \"T\" 2/3 } 0\n"
                           "p \"\" 1 1 \"\" { \"h\" \"t\" } 0\n"
                           "t \"\" 1 \"\" { 1, 0 }\nt \"\" 0\n"
                           "p \"\" 1 1 0\nt \"\" 0\nt \"\" 1\n");
    static const int64_t A[2][2] = {{1, 3}, {2, 3}}, B[2][2] = {{0, 1}, {0, 1}};
    check_exact(g, 2, 1, A, B);
    assert_string_equal(g->strategy_names[1][0], "*");
    mpol_game_free(g);

    /* Decimal probabilities are exact: 0.1 * 10 + 0.9 * 0 = 1. */
    g = read_ok("EFG 2 R \"\" { \"A\" } c \"\" 1 \"\" { \"x\" 0.1 \"y\" 0.9 } 0 "
                "t \"\" 1 \"\" { 10 } t \"\" 0");
    assert_int_equal(g->nplayers, 1);
    assert_int_equal(g->exact[0].num, 1);
    assert_int_equal(g->exact[0].den, 1);
    mpol_game_free(g);
}

static void test_absent_minded_driver(void **state)
{
    (void)state;
    /* Piccione-Rubinstein: both intersections in one information set (imperfect recall).
     * Exit at the first pays 0, at the second 4, continuing twice 1. Plans: E or C. */
    mpol_game *g = read_ok("EFG 2 R \"driver\" { \"D\" }\n"
                           "p \"\" 1 1 \"X\" { \"E\" \"C\" } 0\n"
                           "t \"\" 1 \"\" { 0 }\n"
                           "p \"\" 1 1 0\n"
                           "t \"\" 2 \"\" { 4 }\n"
                           "t \"\" 3 \"\" { 1 }\n");
    assert_int_equal(g->nstrategies[0], 2);
    assert_true(g->payoff[0] == 0 && g->payoff[1] == 1);
    mpol_game_free(g);
}

static void test_reference_files(void **state)
{
    (void)state;
    if (!mpol_test_have_shared())
        skip();
    FILE *idx = mpol_test_gambit_index();
    mpol_test_gambit_row row;
    int matched = 0, refused = 0, gambit_rejects = 0;
    while (mpol_test_gambit_next(idx, &row)) {
        const char *file = row.file, *type = row.type, *players = row.players,
                   *strat = row.strategies;
        if (strstr(file, ".efg") == NULL)
            continue;
        mpol_game *g;
        mpol_status st = mpol_efg_read_file(&g, mpol_test_gambit_path(file), NULL);
        if (strcmp(type, "ERROR") == 0) {
            /* Gambit 17 refuses duplicate node/infoset labels; we read these files. */
            if (st != MPOL_OK)
                fail_msg("%s: %s", file, mpol_last_error());
            mpol_game_free(g);
            gambit_rejects++;
            continue;
        }
        if (st == MPOL_ELIMIT) {
            /* Too large: the message names the size, which must still be INDEX.tsv's. */
            char want[300];
            snprintf(want, sizeof want, "reduced strategic form %s has more", strat);
            if (strstr(mpol_last_error(), want) == NULL)
                fail_msg("%s: %s; INDEX.tsv says %s", file, mpol_last_error(), strat);
            refused++;
            continue;
        }
        if (st != MPOL_OK)
            fail_msg("%s: %s", file, mpol_last_error());
        char dims[256];
        size_t len = 0;
        for (size_t p = 0; p < g->nplayers; p++)
            len += (size_t)snprintf(dims + len, sizeof dims - len, "%s%zu", p ? "x" : "",
                                    g->nstrategies[p]);
        if ((size_t)atol(players) != g->nplayers || strcmp(dims, strat) != 0)
            fail_msg("%s: %zu players %s, INDEX.tsv says %s players %s", file, g->nplayers, dims,
                     players, strat);
        mpol_game_free(g);
        matched++;
    }
    fclose(idx);
    assert_int_equal(matched, 164);
    assert_int_equal(refused, 2); /* cs.efg 16384x2x8x512, ttt.efg 16529x668360 */
    assert_int_equal(gambit_rejects, 8);
}

static void test_errors(void **state)
{
    (void)state;
    const char *h = "EFG 2 R \"\" { \"A\" \"B\" }\n";
    char t[512];
    snprintf(t, sizeof t, "%sp \"\" 1 1 0\nt \"\" 0\n", h);
    read_fails(t, MPOL_EPARSE, "2:8", "referencing an undefined infoset");
    snprintf(t, sizeof t, "%sp \"\" 1 1 \"\" { \"a\" } 7\nt \"\" 0\n", h);
    read_fails(t, MPOL_EPARSE, "2:21", "outcome not defined");
    snprintf(t, sizeof t, "%sp \"\" 1 1 \"\" { \"a\" } 0 \"x\" { 1 2 }\nt \"\" 0\n", h);
    read_fails(t, MPOL_EPARSE, "2:21", "null outcome");
    snprintf(t, sizeof t, "%sp \"\" 3 1 \"\" { \"a\" } 0\nt \"\" 0\n", h);
    read_fails(t, MPOL_EPARSE, "2:6", "player id 3 out of range 1..2");
    snprintf(t, sizeof t,
             "%sp \"\" 1 1 \"\" { \"a\" \"b\" } 0\nt \"\" 0\np \"\" 1 1 \"\" { \"a\" } 0\n", h);
    read_fails(t, MPOL_EPARSE, "4:8", "information set does not match");
    snprintf(t, sizeof t,
             "%sp \"\" 1 1 \"\" { \"a\" \"b\" } 1 \"o\" { 1 2 }\nt \"\" 1 \"o\" { 1 3 }\n", h);
    read_fails(t, MPOL_EPARSE, "3:6", "outcome does not match");
    snprintf(t, sizeof t, "%sc \"\" 1 \"\" { \"a\" 1/2 \"b\" 1/3 } 0\nt \"\" 0\nt \"\" 0\n", h);
    read_fails(t, MPOL_EPARSE, "2:29", "chance probabilities sum to 0.8333");
    snprintf(t, sizeof t, "%sc \"\" 1 \"\" { \"a\" -1/2 \"b\" 3/2 } 0\nt \"\" 0\nt \"\" 0\n", h);
    read_fails(t, MPOL_EPARSE, "2:17", "negative probability");
    snprintf(t, sizeof t, "%sc \"\" 1 \"\" { \"a\" 1/0 } 0\nt \"\" 0\n", h);
    read_fails(t, MPOL_ENUMERIC, "2:17", "division by zero");
    snprintf(t, sizeof t, "%sp \"\" 1 1 \"\" { \"a\" \"b\" } 0\nt \"\" 0\n", h);
    read_fails(t, MPOL_EPARSE, "4:1", "expected a node");
    snprintf(t, sizeof t, "%st \"\" 0\nt \"\" 0\n", h);
    read_fails(t, MPOL_EPARSE, "3:1", "expected end-of-file");
    snprintf(t, sizeof t, "%sx \"\" 0\n", h);
    read_fails(t, MPOL_EPARSE, "2:1", "expected a node");
    snprintf(t, sizeof t, "%sp \"\" 1 1 \"\" { a } 0\n", h);
    read_fails(t, MPOL_EPARSE, "2:15", "expected action label");
    snprintf(t, sizeof t, "%sp \"\" 1 1 \"\" { \"a\" } 1 \"o\" { 1 } t \"\" 0\n", h);
    read_fails(t, MPOL_EPARSE, "2:31", "expected numerical payoff");
    read_fails("EFG 2 R { \"A\" } t \"\" 0", MPOL_EPARSE, "1:9", "game title missing");
    read_fails("EFG 3 R \"\" { \"A\" } t \"\" 0", MPOL_EPARSE, "1:5", "only EFG version 2");
    read_fails("NFG 1 R \"\" { \"A\" } { 1 } 0", MPOL_EPARSE, "1:1", "EFG file type");
    read_fails("EFG 2 R \"\" { } t \"\" 0", MPOL_EPARSE, "1:14", "at least one player");
    mpol_game *g;
    assert_int_equal(mpol_efg_read_file(&g, "/nonexistent/x.efg", NULL), MPOL_EIO);
    assert_int_equal(mpol_efg_read_string(NULL, "", 0, NULL, NULL), MPOL_EINVAL);
}

static void test_limits(void **state)
{
    (void)state;
    mpol_efg_opts opts;
    mpol_efg_opts_init(&opts);
    assert_int_equal(opts.max_profiles, MPOL_EFG_MAX_PROFILES);
    mpol_game *g;
    opts.max_profiles = 5; /* the wildcard game has 3x2 = 6 profiles */
    assert_int_equal(mpol_efg_read_string(&g, wildcard_game, strlen(wildcard_game), "w.efg", &opts),
                     MPOL_ELIMIT);
    assert_non_null(strstr(mpol_last_error(), "reduced strategic form 3x2 has more than 5"));
    opts.max_profiles = 2;
    assert_int_equal(mpol_efg_read_string(&g, wildcard_game, strlen(wildcard_game), "w.efg", &opts),
                     MPOL_ELIMIT);
    assert_non_null(strstr(mpol_last_error(), "player 1 has more than 2 reduced strategies"));
    mpol_efg_opts_init(&opts);
    opts.max_work = 10;
    assert_int_equal(mpol_efg_read_string(&g, wildcard_game, strlen(wildcard_game), "w.efg", &opts),
                     MPOL_ELIMIT);
    opts.max_work = 0;
    assert_int_equal(mpol_efg_read_string(&g, wildcard_game, strlen(wildcard_game), "w.efg", &opts),
                     MPOL_EINVAL);
    /* Payoffs beyond 64 bits: doubles only. */
    g = read_ok("EFG 2 R \"\" { \"A\" } t \"\" 1 \"\" { 10000000000000000000 }");
    assert_null(g->exact);
    assert_true(g->payoff[0] == 1e19);
    mpol_game_free(g);
}

static mpol_status oom_body(void *ctx)
{
    const char *text = ctx;
    mpol_game *g = NULL;
    mpol_status st = mpol_efg_read_string(&g, text, strlen(text), "oom.efg", NULL);
    if (st == MPOL_OK) {
        assert_non_null(g->exact);
        mpol_game_free(g);
    } else {
        assert_null(g);
    }
    return st;
}

static void test_allocation_failures(void **state)
{
    (void)state;
    assert_true(mpol_test_oom_loop(oom_body, (void *)wildcard_game) > 20);
    assert_true(mpol_test_oom_loop(oom_body, (void *)"EFG 2 R \"\" { \"\" \"\" } \"c\" "
                                                     "c \"\" 1 \"\" { \"H\" 1/3 \"T\" 2/3 } 0 "
                                                     "p \"\" 1 1 \"\" { \"h\" \"t\" } 0 "
                                                     "t \"\" 1 \"\" { 1, 0 } t \"\" 0 "
                                                     "p \"\" 2 1 \"\" { \"h\" \"t\" } 0 t \"\" 0 "
                                                     "t \"\" 1") > 20);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_myerson_poker),
        cmocka_unit_test(test_wildcards_and_inner_outcomes),
        cmocka_unit_test(test_chance_thirds_and_one_player),
        cmocka_unit_test(test_absent_minded_driver),
        cmocka_unit_test(test_reference_files),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_allocation_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
