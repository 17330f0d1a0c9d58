/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests of one-player games (decision problems) through the model layer: a one-player
 * YAML `kind: normal-form` model, a one-player .nfg and the eight one-player .efg files of
 * the Gambit collection load as one-player normal-form models whose game holds one payoff
 * per cell (the defect: the model took "one stored payoff per cell" for zero-sum and wrote
 * two payoffs per cell into a one-payoff table, corrupting the heap); every normal-form
 * method returns the optimal choices (pure: all of them; the mixed methods: a distribution
 * on them) at the optimal value with regret 0; YAML and .nfg round trips; the model errors
 * of zero-sum/bimatrix models with one player, zero players, zero strategies and payoff
 * vectors of the wrong length.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mpol_test.h"
#include "multipolar/efg.h"
#include "multipolar/model.h"
#include "multipolar/nash.h"
#include "multipolar/nfg.h"

static mpol_model *load_ok(const char *text)
{
    return mpol_test_load_ok(text);
}

static void expect_error(const char *text, mpol_status status, const char *msg)
{
    mpol_test_load_error(text, status, msg);
}

/* The optimal choices of a decision problem, by name, and its optimal value. */
typedef struct expected {
    double value;
    size_t nstrat;      /* the player's strategy count */
    const char *opt[4]; /* the optimal strategies' names, NULL-terminated */
} expected;

static int is_optimal(const expected *e, const char *name)
{
    for (size_t i = 0; e->opt[i] != NULL; i++)
        if (strcmp(e->opt[i], name) == 0)
            return 1;
    return 0;
}

static size_t nopt(const expected *e)
{
    size_t n = 0;
    while (e->opt[n] != NULL)
        n++;
    return n;
}

/*
 * Checks a one-player game against @p e with every normal-form method: the pure method finds
 * exactly the optimal choices; logit, support enumeration, replicator dynamics and fictitious
 * play return distributions on the optimal choices, at the optimal value, with regret 0.
 */
static void check_decision(const mpol_game *g, const expected *e, const char *what)
{
    if (g->nplayers != 1 || g->ncells != e->nstrat || g->nstrategies[0] != e->nstrat)
        fail_msg("%s: %zu players, %zu cells; expected 1 player with %zu strategies", what,
                 g->nplayers, g->ncells, e->nstrat);
    /* The payoff table itself: its maximum and argmax, read directly. */
    double best = -INFINITY;
    for (size_t c = 0; c < g->ncells; c++)
        best = fmax(best, g->payoff[c]);
    assert_close(best, e->value, 1e-12);
    for (size_t c = 0; c < g->ncells; c++)
        if ((g->payoff[c] == best) != is_optimal(e, g->strategy_names[0][c]))
            fail_msg("%s: strategy %s has payoff %g (optimum %g)", what, g->strategy_names[0][c],
                     g->payoff[c], best);

    mpol_nash_result *r = NULL;
    assert_int_equal(mpol_nash_pure(&r, g, NULL), MPOL_OK);
    if (r->count != nopt(e))
        fail_msg("%s: %zu pure optima, expected %zu", what, r->count, nopt(e));
    for (size_t i = 0; i < r->count; i++) {
        assert_true(is_optimal(e, g->strategy_names[0][r->pure[i]]));
        assert_close(r->payoff[i], e->value, 1e-12);
        assert_true(r->max_regret[i] == 0.0);
    }
    mpol_nash_result_free(r);

    for (int method = 0; method < 4; method++) {
        static const char *const names[] = {"logit", "support", "replicator", "fictitious"};
        mpol_status st = method == 0   ? mpol_nash_logit(&r, g, NULL)
                         : method == 1 ? mpol_nash_support_enum(&r, g, NULL)
                         : method == 2 ? mpol_nash_replicator(&r, g, NULL)
                                       : mpol_nash_fictitious(&r, g, NULL);
        if (st != MPOL_OK)
            fail_msg("%s: %s: %s", what, names[method], mpol_last_error());
        assert_true(r->count >= 1);
        for (size_t i = 0; i < r->count; i++) {
            const double *p = r->prob + i * r->nstrat_total;
            double sum = 0, off = 0;
            for (size_t k = 0; k < g->nstrategies[0]; k++) {
                sum += p[k];
                if (!is_optimal(e, g->strategy_names[0][k]))
                    off += p[k];
            }
            if (!(fabs(sum - 1) <= 1e-9 && off <= 1e-9))
                fail_msg("%s: %s profile %zu: total %.17g, %.3g off the optimal choices", what,
                         names[method], i + 1, sum, off);
            assert_close(r->payoff[i], e->value, 1e-9);
            assert_true(r->max_regret[i] <= 1e-9 * (1 + fabs(e->value)));
        }
        /* Support enumeration: every optimal choice as a pure profile. */
        if (method == 1) {
            for (size_t k = 0; k < g->nstrategies[0]; k++) {
                if (!is_optimal(e, g->strategy_names[0][k]))
                    continue;
                int found = 0;
                for (size_t i = 0; i < r->count; i++)
                    found |= r->prob[i * r->nstrat_total + k] == 1.0;
                if (!found)
                    fail_msg("%s: support enumeration misses the pure optimum %s", what,
                             g->strategy_names[0][k]);
            }
        }
        mpol_nash_result_free(r);
        r = NULL;
    }
}

/* A game's model (normal-form, as the CLI builds it for one player) and its game again. */
static mpol_game *through_model(const mpol_game *g)
{
    mpol_model *m = NULL;
    assert_int_equal(mpol_model_from_game(&m, g, MPOL_MODEL_NORMAL_FORM), MPOL_OK);
    assert_int_equal(mpol_model_get_kind(m), MPOL_MODEL_NORMAL_FORM);
    mpol_game *out = NULL;
    assert_int_equal(mpol_model_game(&out, m), MPOL_OK);
    /* Re-evaluation in place (the sweep path) keeps the payoffs. */
    assert_int_equal(mpol_model_eval_game(m, NULL, out), MPOL_OK);
    mpol_model_free(m);
    return out;
}

/*
 * The eight one-player .efg files of the collection. Values and optimal reduced strategies
 * worked out by hand from the trees (labels: the action number at each of the player's
 * information sets, '*' where the set is not reached):
 *   fig1: B,B -> 1; E -> 0.                     fig2: 1/2 each order; E at set 1 and B at set
 *   2, or B and E, give 2; B,B gives 1; E,E 0.  chance_root_3: the only live branch, RIGHT
 *   -> 1.  chance_root_5: no decision, 1/3 (0 + 3 + 3) = 2.  noPR-AM-driver: 2 at the root
 *   -> 4 (the 5 needs 1 then 2 at the same set).  not_perfect_recall, perfect_recall: one
 *   choice, 0.  reduction_one_player_generic_payoffs: d -> 5.
 */
static const struct {
    const char *file;
    expected e;
} efg_games[] = {
    {"catalog/journals/geb/gilboa1997/fig1.efg", {1, 2, {"1", NULL}}},
    {"catalog/journals/geb/gilboa1997/fig2.efg", {2, 4, {"11", "22", NULL}}},
    {"tests/test_games/chance_root_3_moves_only_one_nonzero_prob.efg", {1, 2, {"2", NULL}}},
    {"tests/test_games/chance_root_5_moves_no_nonterm_player_nodes.efg", {2, 1, {"*", NULL}}},
    {"tests/test_games/noPR-AM-driver-one-player.efg", {4, 3, {"2**", NULL}}},
    {"tests/test_games/not_perfect_recall.efg", {0, 1, {"1", NULL}}},
    {"tests/test_games/perfect_recall.efg", {0, 1, {"1", NULL}}},
    {"tests/test_games/reduction_one_player_generic_payoffs.efg", {5, 5, {"4*", NULL}}},
};
#define NEFG (sizeof efg_games / sizeof efg_games[0])

static void test_gambit_one_player_efg(void **state)
{
    (void)state;
    if (!mpol_test_have_shared())
        skip();
    FILE *idx = mpol_test_gambit_index();
    mpol_test_gambit_row row;
    size_t seen = 0;
    int done[NEFG] = {0};
    while (mpol_test_gambit_next(idx, &row)) {
        if (strcmp(row.players, "1") != 0)
            continue;
        size_t i = 0;
        while (i < NEFG && strcmp(efg_games[i].file, row.file) != 0)
            i++;
        if (i == NEFG) {
            fail_msg("%s: a one-player game of the index without expected values", row.file);
            return; /* not reached: fail_msg ends the test (cppcheck does not know it) */
        }
        assert_int_equal(strtoul(row.strategies, NULL, 10), efg_games[i].e.nstrat);
        mpol_game *g = NULL;
        if (mpol_efg_read_file(&g, mpol_test_gambit_path(row.file), NULL) != MPOL_OK)
            fail_msg("%s: %s", row.file, mpol_last_error());
        mpol_game *mg = through_model(g);
        /* The model's game is the file's game: one payoff per cell, the same numbers. */
        assert_int_equal(mg->nplayers, 1);
        assert_int_equal(mg->ncells, g->ncells);
        for (size_t c = 0; c < g->ncells; c++)
            assert_true(mg->payoff[c] == g->payoff[c]);
        check_decision(g, &efg_games[i].e, row.file);
        check_decision(mg, &efg_games[i].e, row.file);
        mpol_game_free(mg);
        mpol_game_free(g);
        done[i]++;
        seen++;
    }
    fclose(idx);
    assert_int_equal(seen, NEFG);
    for (size_t i = 0; i < NEFG; i++)
        assert_int_equal(done[i], 1);
}

static const char tie_yaml[] = "title: tie\nkind: normal-form\nplayers:\n"
                               "  - {name: A, strategies: [a, b, c]}\n"
                               "payoffs: [[3], [1], [3]]\n";

/* The reported defect: a one-player YAML model's game got two payoffs per cell. */
static void test_yaml_one_player(void **state)
{
    (void)state;
    mpol_model *m = load_ok(tie_yaml);
    assert_int_equal(mpol_model_get_kind(m), MPOL_MODEL_NORMAL_FORM);
    mpol_game *g = NULL;
    assert_int_equal(mpol_model_game(&g, m), MPOL_OK);
    assert_int_equal(g->nplayers, 1);
    assert_int_equal(g->ncells, 3);
    assert_true(g->payoff[0] == 3 && g->payoff[1] == 1 && g->payoff[2] == 3);
    assert_non_null(g->exact);
    assert_true(g->exact[1].num == 1 && g->exact[1].den == 1);
    assert_true(g->exact[2].num == 3 && g->exact[2].den == 1);
    check_decision(g, &(expected){3, 3, {"a", "c", NULL}}, "tie.yaml");
    mpol_game_free(g);

    /* Written back as YAML and loaded again: the same game. */
    char *buf = mpol_test_model_yaml(m, NULL);
    mpol_model *m2 = load_ok(buf);
    free(buf);
    assert_int_equal(mpol_model_game(&g, m2), MPOL_OK);
    assert_true(g->nplayers == 1 && g->ncells == 3);
    assert_true(g->payoff[0] == 3 && g->payoff[1] == 1 && g->payoff[2] == 3);
    mpol_game_free(g);
    mpol_model_free(m2);
    mpol_model_free(m);
}

/* A parameterised one-player model, re-evaluated in place as sweeps do. */
static void test_yaml_one_player_params(void **state)
{
    (void)state;
    mpol_model *m = load_ok("kind: normal-form\nparameters: {t: 0.25}\nplayers:\n"
                            "  - {name: A, strategies: [safe, risky]}\n"
                            "payoffs:\n  - [0.5]\n  - [\"2*t\"]\n");
    mpol_game *g = NULL;
    assert_int_equal(mpol_model_game(&g, m), MPOL_OK);
    assert_true(g->payoff[0] == 0.5 && g->payoff[1] == 0.5);
    check_decision(g, &(expected){0.5, 2, {"safe", "risky", NULL}}, "t = 0.25");
    for (int i = 0; i <= 4; i++) {
        double t = i / 4.0;
        assert_int_equal(mpol_model_eval_game(m, &t, g), MPOL_OK);
        assert_true(g->payoff[0] == 0.5 && g->payoff[1] == 2 * t);
        expected e = {fmax(0.5, 2 * t), 2, {NULL}};
        size_t n = 0;
        if (0.5 >= 2 * t)
            e.opt[n++] = "safe";
        if (2 * t >= 0.5)
            e.opt[n++] = "risky";
        check_decision(g, &e, "swept");
    }
    mpol_game_free(g);
    mpol_model_free(m);
}

/* A one-player .nfg: read, model, game, written as .nfg and YAML, read back. */
static void test_nfg_one_player(void **state)
{
    (void)state;
    static const char text[] = "NFG 1 R \"pick\" { \"P\" }\n{ { \"x\" \"y\" \"z\" \"w\" } }\n"
                               "\"\"\n\n-1 7/2 2 7/2\n";
    mpol_game *g = NULL;
    assert_int_equal(mpol_nfg_read_string(&g, text, strlen(text), "pick.nfg"), MPOL_OK);
    expected e = {3.5, 4, {"y", "w", NULL}};
    check_decision(g, &e, "pick.nfg");
    mpol_game *mg = through_model(g);
    check_decision(mg, &e, "pick.nfg model");
    assert_non_null(mg->exact);
    assert_true(mg->exact[1].num == 7 && mg->exact[1].den == 2);
    assert_true(mg->exact[0].num == -1 && mg->exact[0].den == 1);

    /* .nfg round trip of the model's game. */
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(mpol_nfg_write(mg, f, MPOL_NFG_PAYOFF), MPOL_OK);
    fclose(f);
    mpol_game *g2 = NULL;
    assert_int_equal(mpol_nfg_read_string(&g2, buf, len, "again.nfg"), MPOL_OK);
    free(buf);
    assert_true(g2->nplayers == 1 && g2->ncells == 4);
    for (size_t c = 0; c < 4; c++)
        assert_true(g2->payoff[c] == g->payoff[c]);
    mpol_game_free(g2);

    /* YAML round trip of the model. */
    mpol_model *m = NULL;
    assert_int_equal(mpol_model_from_game(&m, g, MPOL_MODEL_NORMAL_FORM), MPOL_OK);
    assert_string_equal(mpol_model_title(m), "pick");
    assert_string_equal(mpol_model_source(m), "pick");
    assert_int_equal(mpol_model_set_source(m, "pick.nfg"), MPOL_OK);
    assert_string_equal(mpol_model_source(m), "pick.nfg");
    assert_string_equal(mpol_model_title(m), "pick");
    assert_int_equal(mpol_model_set_source(m, NULL), MPOL_EINVAL);
    buf = mpol_test_model_yaml(m, NULL);
    mpol_model *m2 = load_ok(buf);
    free(buf);
    mpol_game *g3 = NULL;
    assert_int_equal(mpol_model_game(&g3, m2), MPOL_OK);
    check_decision(g3, &e, "pick.yaml");
    for (size_t c = 0; c < 4; c++)
        assert_true(g3->payoff[c] == g->payoff[c]);
    mpol_game_free(g3);
    mpol_model_free(m2);
    mpol_model_free(m);

    /* Only the normal-form kind fits one player. */
    m = (mpol_model *)&m;
    assert_int_equal(mpol_model_from_game(&m, g, MPOL_MODEL_ZERO_SUM), MPOL_EINVAL);
    assert_null(m);
    assert_int_equal(mpol_model_from_game(&m, g, MPOL_MODEL_BIMATRIX), MPOL_EINVAL);
    assert_null(m);
    mpol_game_free(mg);
    mpol_game_free(g);
}

/* Models that cannot hold a one-player (or empty) game are located model errors. */
static void test_model_errors(void **state)
{
    (void)state;
    expect_error("kind: zero-sum\nplayers:\n  - {name: A, strategies: [a, b]}\n"
                 "payoffs: [[1], [2]]\n",
                 MPOL_EPARSE,
                 "t.yaml:3:3: a zero-sum game has 2 players, not 1 (a one-player game is a "
                 "decision problem: write kind: normal-form)");
    expect_error("kind: bimatrix\nplayers:\n  - {name: A, strategies: [a, b]}\n"
                 "payoffs: [[[1, 1]], [[2, 2]]]\n",
                 MPOL_EPARSE,
                 "t.yaml:3:3: a bimatrix game has 2 players, not 1 (a one-player game is a "
                 "decision problem: write kind: normal-form)");
    expect_error("kind: zero-sum\nplayers:\n  - {name: A, strategies: [a]}\n"
                 "  - {name: B, strategies: [b]}\n  - {name: C, strategies: [c]}\n"
                 "payoffs: [[1]]\n",
                 MPOL_EPARSE, "t.yaml:3:3: a zero-sum game has 2 players, not 3");
    expect_error("kind: normal-form\nplayers: []\npayoffs: []\n", MPOL_EPARSE,
                 "t.yaml:2:10: players must not be empty");
    expect_error("kind: normal-form\nplayers:\n  - {name: A, strategies: []}\npayoffs: []\n",
                 MPOL_EPARSE, "t.yaml:3:27: player \"A\" has an empty strategy list");
    /* Payoff vectors of the wrong length, for one and for three players. */
    expect_error("kind: normal-form\nplayers:\n  - {name: A, strategies: [a, b]}\n"
                 "payoffs: [[1], [2, 3]]\n",
                 MPOL_EPARSE, "t.yaml:4:16: a payoff vector needs 1 entry (one per player), not 2");
    expect_error("kind: normal-form\nplayers:\n  - {name: A, strategies: [a, b]}\n"
                 "payoffs: [[1], []]\n",
                 MPOL_EPARSE, "t.yaml:4:16: a payoff vector needs 1 entry (one per player), not 0");
    expect_error("kind: normal-form\nplayers:\n  - {name: A, strategies: [a, b]}\n"
                 "payoffs: [1, 2]\n",
                 MPOL_EPARSE, "t.yaml:4:11: a payoff vector must be a list, not a scalar");
    expect_error("kind: normal-form\nplayers:\n  - {name: A, strategies: [a, b]}\n"
                 "  - {name: B, strategies: [c]}\n  - {name: C, strategies: [d]}\n"
                 "payoffs: [[1, 2], [2, 3]]\n",
                 MPOL_EPARSE,
                 "t.yaml:6:11: a payoff vector needs 3 entries (one per player), not 2");
    expect_error("kind: normal-form\nplayers:\n  - {name: A, strategies: [a, b]}\n"
                 "payoffs:\n  - {profile: [a], payoff: [1]}\n"
                 "  - {profile: [b], payoff: [1, 2]}\n",
                 MPOL_EPARSE, "t.yaml:6:28: a payoff vector needs 1 entry (one per player), not 2");
    expect_error("kind: normal-form\nplayers:\n  - {name: A, strategies: [a, b]}\n"
                 "payoffs: [[1], [2], [3]]\n",
                 MPOL_EPARSE,
                 "t.yaml:4:10: payoffs has 3 cells but the game has 2 strategy profiles");
}

/* The profile form of the payoffs for one player. */
static void test_profiles_form(void **state)
{
    (void)state;
    mpol_model *m = load_ok("kind: normal-form\nplayers:\n  - {name: A, strategies: [a, b]}\n"
                            "payoffs:\n  - {profile: [b], payoff: [2]}\n"
                            "  - {profile: [a], payoff: [-1]}\n");
    mpol_game *g = NULL;
    assert_int_equal(mpol_model_game(&g, m), MPOL_OK);
    assert_true(g->payoff[0] == -1 && g->payoff[1] == 2);
    check_decision(g, &(expected){2, 2, {"b", NULL}}, "profiles");
    mpol_game_free(g);
    mpol_model_free(m);
}

/* The fuzz seed of a one-player model (fuzz/seeds/fuzz_model/one_player.yaml) is valid. */
static void test_fuzz_seed(void **state)
{
    (void)state;
    mpol_model *m = NULL;
    if (mpol_model_load_file(&m, mpol_test_src("fuzz/seeds/fuzz_model/one_player.yaml")) != MPOL_OK)
        fail_msg("seed: %s", mpol_last_error());
    mpol_game *g = NULL;
    assert_int_equal(mpol_model_game(&g, m), MPOL_OK);
    check_decision(g, &(expected){0.5, 3, {"safe", "risky", "wait", NULL}}, "seed");
    mpol_game_free(g);
    mpol_model_free(m);
}

/* A one-player game with payoffs @p pay, and the same decision problem as a two-player game
 * whose second player has one strategy (so the general n-player code paths solve it). */
static void decision_pair(size_t n, const double *pay, mpol_game **one, mpol_game **two)
{
    size_t ns[2] = {n, 1};
    assert_int_equal(mpol_game_alloc(one, 1, ns), MPOL_OK);
    assert_int_equal(mpol_game_alloc(two, 2, ns), MPOL_OK);
    for (size_t c = 0; c < n; c++) {
        (*one)->payoff[c] = pay[c];
        (*two)->payoff[2 * c] = pay[c];
        (*two)->payoff[2 * c + 1] = 0.0;
    }
}

/* mpol_nash_decision_choices: every optimal cell in order, ties compared as rationals when
 * the game has them (two cells of 1/3 tie even where their doubles differ), and its error
 * paths. */
static void test_decision_choices(void **state)
{
    (void)state;
    const double pay[] = {1, 3, 0, 3, 2};
    mpol_game *one = NULL, *two = NULL;
    decision_pair(5, pay, &one, &two);
    size_t opt[5], k = 0;
    assert_int_equal(mpol_nash_decision_choices(opt, &k, one), MPOL_OK);
    assert_int_equal(k, 2);
    assert_int_equal(opt[0], 1);
    assert_int_equal(opt[1], 3);
    assert_int_equal(mpol_nash_decision_choices(opt, &k, two), MPOL_EINVAL);
    assert_non_null(strstr(mpol_last_error(), "2 players, not one"));
    assert_int_equal(mpol_nash_decision_choices(NULL, &k, one), MPOL_EINVAL);
    assert_int_equal(mpol_nash_decision_choices(opt, NULL, one), MPOL_EINVAL);
    assert_int_equal(mpol_nash_decision_choices(opt, &k, NULL), MPOL_EINVAL);
    mpol_game_free(two);
    mpol_game_free(one);

    size_t ns[1] = {3};
    assert_int_equal(mpol_game_alloc(&one, 1, ns), MPOL_OK);
    assert_int_equal(mpol_game_alloc_exact(one), MPOL_OK);
    const mpol_rational q[3] = {{1, 3}, {1, 4}, {1, 3}};
    for (size_t c = 0; c < 3; c++) {
        one->exact[c] = q[c];
        one->payoff[c] = (double)q[c].num / (double)q[c].den;
    }
    one->payoff[0] = 0.33333333333333331;
    one->payoff[2] = 0.33333333333333337; /* larger as a double, equal as a rational */
    assert_int_equal(mpol_nash_decision_choices(opt, &k, one), MPOL_OK);
    assert_int_equal(k, 2);
    assert_int_equal(opt[0], 0);
    assert_int_equal(opt[1], 2);
    mpol_game_free(one);
}

/* A strategy name with newlines (a quoted YAML scalar) is written back in the payoff rows'
 * profile comments with the newlines as spaces, so the written model loads again with the
 * same names (found by fuzz_model: the rest of the name was read as YAML). */
static void test_names_with_newlines_round_trip(void **state)
{
    (void)state;
    mpol_model *m = mpol_test_load_ok("kind: normal-form\nplayers:\n"
                                      "  - {name: Chooser, strategies: [safe, \"ri\\n\\nsky\"]}\n"
                                      "payoffs: [[1], [2]]\n");
    size_t len = 0;
    char *text = mpol_test_model_yaml(m, &len);
    mpol_model *m2 = NULL;
    if (mpol_model_load_string(&m2, text, len, "roundtrip.yaml") != MPOL_OK)
        fail_msg("written model does not load: %s\n%s", mpol_last_error(), text);
    mpol_game *g = NULL;
    assert_int_equal(mpol_model_game(&g, m2), MPOL_OK);
    assert_string_equal(g->strategy_names[0][1], "ri\n\nsky");
    assert_true(g->payoff[1] == 2.0);
    mpol_game_free(g);
    mpol_model_free(m2);
    free(text);
    mpol_model_free(m);
}

/*
 * Logit and support enumeration solve one-player games in closed form (nash_decision.c); on
 * seeded random decision problems with many ties their answers equal those of the general
 * path-following and enumeration code on the same problem with a dummy second player: the
 * same support-enumeration list in the same order, the same polished logit profile, and at
 * a small lambda_max without polishing the same point of the logit branch.
 */
static void test_closed_forms_match_general_code(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 20261202);
    for (int rep = 0; rep < 40; rep++) {
        size_t n = (size_t)mpol_test_rng_int(&rng, 1, 7);
        double pay[7];
        for (size_t c = 0; c < n; c++)
            pay[c] = (double)mpol_test_rng_int(&rng, -2, 2);
        mpol_game *one, *two;
        decision_pair(n, pay, &one, &two);
        mpol_nash_result *a = NULL, *b = NULL;
        assert_int_equal(mpol_nash_support_enum(&a, one, NULL), MPOL_OK);
        assert_int_equal(mpol_nash_support_enum(&b, two, NULL), MPOL_OK);
        if (a->count != b->count)
            fail_msg("rep %d: support enumeration: %zu profiles, the general code %zu", rep,
                     a->count, b->count);
        for (size_t e = 0; e < a->count; e++)
            for (size_t k = 0; k < n; k++)
                assert_close(a->prob[e * a->nstrat_total + k], b->prob[e * b->nstrat_total + k],
                             1e-12);
        mpol_nash_result_free(a);
        mpol_nash_result_free(b);

        mpol_nash_logit_opts lo;
        mpol_nash_logit_opts_init(&lo);
        for (int polish = 1; polish >= 0; polish--) {
            lo.polish = polish;
            lo.lambda_max = polish ? 1e6 : 0.5 + 4.0 * mpol_test_rng_uniform(&rng);
            assert_int_equal(mpol_nash_logit(&b, two, &lo), MPOL_OK);
            /* The path stops just past lambda_max; the closed form is asked for that lambda. */
            if (!polish)
                lo.lambda_max = b->lambda;
            assert_int_equal(mpol_nash_logit(&a, one, &lo), MPOL_OK);
            assert_int_equal(a->count, 1);
            assert_int_equal(a->outcome, MPOL_SOLVED);
            assert_true(a->lambda == lo.lambda_max);
            for (size_t k = 0; k < n; k++)
                assert_close(a->prob[k], b->prob[k], 1e-7);
            mpol_nash_result_free(a);
            mpol_nash_result_free(b);
        }
        mpol_game_free(one);
        mpol_game_free(two);
    }
}

/* Large decision problems: logit and support enumeration stay cheap (the general logit code
 * took 24 s at 400 choices), and a tie of too many choices is a limit, not a wait. */
static void test_large_decision_problems(void **state)
{
    (void)state;
    enum { N = 3000 };
    static double pay[N];
    for (size_t c = 0; c < N; c++)
        pay[c] = c % 1000 == 999 ? 20.0 : (double)(c % 10); /* 20 at choices 1000, 2000, 3000 */
    mpol_game *one, *two;
    decision_pair(N, pay, &one, &two);
    mpol_game_free(two);
    expected e = {20, N, {"1000", "2000", "3000", NULL}};
    double t0 = mpol_test_wall();
    check_decision(one, &e, "3000 choices");
    double dt = mpol_test_wall() - t0;
    /* About 1 s in a Release build on a loaded machine; the general logit code took over 5 min
     * at 2000 choices (stopped there).
     * No bound under the sanitizers or valgrind (quick mode). */
    if (!mpol_test_quick() && dt > 60.0)
        fail_msg("3000 choices took %.1f s", dt);
    mpol_game_free(one);

    /* 45 tied choices: 2^45 - 1 supports, refused at once. */
    double flat[45] = {0};
    decision_pair(45, flat, &one, &two);
    mpol_game_free(two);
    mpol_nash_result *r = (mpol_nash_result *)&r;
    assert_int_equal(mpol_nash_support_enum(&r, one, NULL), MPOL_ELIMIT);
    assert_non_null(strstr(mpol_last_error(), "45 optimal choices tie"));
    /* ... while logit returns the uniform distribution over them. */
    assert_int_equal(mpol_nash_logit(&r, one, NULL), MPOL_OK);
    for (size_t k = 0; k < 45; k++)
        assert_close(r->prob[k], 1.0 / 45, 1e-15);
    assert_true(r->max_regret[0] == 0.0);
    mpol_nash_result_free(r);
    mpol_game_free(one);
}

static mpol_status oom_body(void *ctx)
{
    const mpol_game *g = ctx;
    mpol_nash_result *r = NULL;
    mpol_status st = mpol_nash_logit(&r, g, NULL);
    mpol_nash_result_free(r);
    r = NULL;
    if (st == MPOL_OK)
        st = mpol_nash_support_enum(&r, g, NULL);
    mpol_nash_result_free(r);
    return st;
}

/* Every allocation failure in the closed forms is a clean MPOL_ENOMEM. */
static void test_closed_forms_oom(void **state)
{
    (void)state;
    double pay[4] = {1, 3, 3, 0};
    mpol_game *one, *two;
    decision_pair(4, pay, &one, &two);
    assert_true(mpol_test_oom_loop(oom_body, one) > 0);
    mpol_game_free(one);
    mpol_game_free(two);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gambit_one_player_efg),
        cmocka_unit_test(test_yaml_one_player),
        cmocka_unit_test(test_yaml_one_player_params),
        cmocka_unit_test(test_nfg_one_player),
        cmocka_unit_test(test_model_errors),
        cmocka_unit_test(test_profiles_form),
        cmocka_unit_test(test_fuzz_seed),
        cmocka_unit_test(test_decision_choices),
        cmocka_unit_test(test_closed_forms_match_general_code),
        cmocka_unit_test(test_large_decision_problems),
        cmocka_unit_test(test_closed_forms_oom),
        cmocka_unit_test(test_names_with_newlines_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
