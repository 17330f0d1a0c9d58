/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests of YAML model files: every kind loads with the right numbers, every error has
 * its exact "file:line:col: message", parameters and sweeps, eval_game against fresh
 * evaluation, write_yaml round trips, models from games, the bundled Kazakhstan model
 * (mixed optimal strategy certified by a duality check), allocation failures and mutated
 * input. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mpol_test.h"
#include "multipolar/model.h"

#define DEFAULT_MODEL "models/kazakhstan/hedging.yaml"

static const char *const example_files[] = {
    DEFAULT_MODEL,
    "models/examples/matching_pennies.yaml",
    "models/examples/rps.yaml",
    "models/examples/saddle.yaml",
    "models/examples/prisoners_dilemma.yaml",
    "models/examples/three_powers.yaml",
    "models/examples/glove.yaml",
    "models/examples/unsc.yaml",
};
#define NEXAMPLES (sizeof example_files / sizeof example_files[0])

static mpol_model *load_ok(const char *text)
{
    return mpol_test_load_ok(text);
}

static mpol_model *load_file_ok(const char *rel)
{
    mpol_model *m = NULL;
    mpol_status st = mpol_model_load_file(&m, mpol_test_src(rel));
    if (st != MPOL_OK)
        fail_msg("%s: %s: %s", rel, mpol_status_name(st), mpol_last_error());
    return m;
}

static void expect_error(const char *text, mpol_status status, const char *msg)
{
    mpol_test_load_error(text, status, msg);
}

static char *read_all(FILE *f)
{
    long n = ftell(f);
    rewind(f);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    return buf;
}

static char *write_to_string(const mpol_model *m)
{
    return mpol_test_model_yaml(m, NULL);
}

#define ZS_HEAD                                                                                    \
    "kind: zero-sum\nparameters: {ru_pressure: 0.5}\nplayers:\n"                                   \
    "  - {name: A, strategies: [a, b]}\n  - {name: B, strategies: [c, d]}\n"

/* ---- kinds ------------------------------------------------------------------------------ */

static void test_zero_sum_numbers(void **state)
{
    (void)state;
    mpol_model *m = load_ok(ZS_HEAD "payoffs:\n  - [\"2 - 3*ru_pressure\", 1/3]\n  - [-1, 4]\n");
    assert_int_equal(mpol_model_get_kind(m), MPOL_MODEL_ZERO_SUM);
    assert_string_equal(mpol_model_kind_name(MPOL_MODEL_ZERO_SUM), "zero-sum");
    mpol_game *g;
    assert_int_equal(mpol_model_game(&g, m), MPOL_OK);
    assert_int_equal(g->nplayers, 2);
    assert_string_equal(g->player_names[1], "B");
    assert_string_equal(g->strategy_names[0][1], "b");
    /* Gambit order: cell (i, j) = i + 2 j; the column player's payoff is the negation. */
    static const double a[4] = {0.5, -1, 1.0 / 3, 4};
    for (size_t c = 0; c < 4; c++) {
        assert_close(g->payoff[2 * c], a[c], MPOL_TEST_TOL);
        assert_close(g->payoff[2 * c + 1], -a[c], MPOL_TEST_TOL);
    }
    assert_null(g->exact); /* "2 - 3*ru_pressure" is not a literal */
    mpol_game_free(g);
    mpol_model_free(m);

    m = load_ok(ZS_HEAD "payoffs:\n  - [1/3, -2]\n  - [0.25, \"4\"]\n");
    assert_int_equal(mpol_model_game(&g, m), MPOL_OK);
    assert_non_null(g->exact);
    assert_true(g->exact[0].num == 1 && g->exact[0].den == 3);
    assert_true(g->exact[1].num == -1 && g->exact[1].den == 3);
    assert_true(g->exact[2].num == 1 && g->exact[2].den == 4);
    assert_true(g->exact[4].num == -2 && g->exact[4].den == 1);
    mpol_game_free(g);
    mpol_model_free(m);
}

static void test_bimatrix_both_forms(void **state)
{
    (void)state;
    mpol_model *m = load_file_ok("models/examples/prisoners_dilemma.yaml");
    mpol_game *g;
    assert_int_equal(mpol_model_game(&g, m), MPOL_OK);
    double *A, *B;
    assert_int_equal(mpol_game_bimatrix(g, &A, &B), MPOL_OK);
    static const double Ae[4] = {3, 0, 5, 1}, Be[4] = {3, 5, 0, 1};
    for (int k = 0; k < 4; k++) {
        assert_true(A[k] == Ae[k]);
        assert_true(B[k] == Be[k]);
    }
    mpol_free(A);
    mpol_free(B);
    mpol_game_free(g);
    mpol_model_free(m);
    m = load_ok("kind: bimatrix\nplayers:\n  - {name: Alice, strategies: [c, d]}\n"
                "  - {name: Bob, strategies: [c, d]}\n"
                "payoffs:\n  row: [[3, 0], [5, 1]]\n  column: [[3, 5], [0, 1]]\n");
    assert_int_equal(mpol_model_game(&g, m), MPOL_OK);
    assert_int_equal(mpol_game_bimatrix(g, &A, &B), MPOL_OK);
    for (int k = 0; k < 4; k++) {
        assert_true(A[k] == Ae[k]);
        assert_true(B[k] == Be[k]);
    }
    mpol_free(A);
    mpol_free(B);
    mpol_game_free(g);
    mpol_model_free(m);
}

static void test_normal_form_both_forms(void **state)
{
    (void)state;
    mpol_model *m = load_file_ok("models/examples/three_powers.yaml");
    mpol_game *g;
    assert_int_equal(mpol_model_game(&g, m), MPOL_OK);
    assert_int_equal(g->ncells, 8);
    size_t prof[3] = {1, 0, 0}; /* Russia stays out, China and the US engage */
    size_t c = mpol_game_cell(g, prof);
    assert_close(g->payoff[3 * c + 0], 0, MPOL_TEST_TOL);
    assert_close(g->payoff[3 * c + 1], 0.5, MPOL_TEST_TOL);
    assert_close(g->payoff[3 * c + 2], 0.5, MPOL_TEST_TOL);
    /* The same game as a list of cells in Gambit order. */
    char *yaml = write_to_string(m);
    assert_non_null(strstr(yaml, "  - [\"1.5 - cost\", 0, \"1.5 - cost\"]  # [engage, stay_out, "
                                 "engage]"));
    mpol_model *m2 = load_ok(yaml);
    mpol_game *g2;
    assert_int_equal(mpol_model_game(&g2, m2), MPOL_OK);
    for (size_t i = 0; i < 24; i++)
        assert_true(g->payoff[i] == g2->payoff[i]);
    free(yaml);
    mpol_game_free(g2);
    mpol_model_free(m2);
    mpol_game_free(g);
    mpol_model_free(m);
}

static void test_tu_forms(void **state)
{
    (void)state;
    mpol_model *m = load_file_ok("models/examples/glove.yaml");
    mpol_tu_game *t;
    assert_int_equal(mpol_model_tu(&t, m), MPOL_OK);
    assert_int_equal(t->n, 3);
    assert_string_equal(t->names[2], "R2");
    static const double v[8] = {0, 0, 0, 1, 0, 1, 0, 1};
    for (int s = 0; s < 8; s++)
        assert_true(t->v[s] == v[s]);
    mpol_tu_free(t);
    mpol_game *g;
    assert_int_equal(mpol_model_game(&g, m), MPOL_EINVAL);
    char want[4200];
    snprintf(want, sizeof want, "%s: a tu model has no strategic form",
             mpol_test_src("models/examples/glove.yaml"));
    assert_string_equal(mpol_last_error(), want);
    mpol_model_free(m);

    m = load_ok("kind: tu\nparameters: {s: 2}\nplayers: [A, B, C]\ndefault: \"s/2\"\nvalues:\n"
                "  \"{}\": 0\n  [A]: 0\n  B + C: s\n  [A, B, C]: \"3*s\"\n");
    assert_int_equal(mpol_model_tu(&t, m), MPOL_OK);
    static const double w[8] = {0, 0, 1, 1, 1, 1, 2, 6};
    for (int s = 0; s < 8; s++)
        assert_close(t->v[s], w[s], MPOL_TEST_TOL);
    double p = 4;
    assert_int_equal(mpol_model_eval_tu(m, &p, t), MPOL_OK);
    assert_close(t->v[7], 12, MPOL_TEST_TOL);
    assert_close(t->v[2], 2, MPOL_TEST_TOL);
    mpol_tu_free(t);
    mpol_model_free(m);

    m = load_ok("kind: tu\nplayers: [A, B]\nvalues: [0, 1, 2, \"7/2\"]\n");
    assert_int_equal(mpol_model_tu(&t, m), MPOL_OK);
    assert_close(t->v[3], 3.5, MPOL_TEST_TOL);
    mpol_tu_free(t);
    mpol_model_free(m);
}

static void test_weighted_voting_forms(void **state)
{
    (void)state;
    mpol_model *m = load_file_ok("models/examples/unsc.yaml");
    mpol_wvg *w;
    assert_int_equal(mpol_model_wvg(&w, m), MPOL_OK);
    assert_int_equal(w->n, 15);
    assert_true(w->quota == 39);
    double total = 0;
    for (size_t i = 0; i < w->n; i++)
        total += w->weights[i];
    assert_true(total == 45);
    assert_string_equal(w->names[9], "Kazakhstan");
    assert_true(w->weights[9] == 1);
    assert_string_equal(w->names[3], "United Kingdom");
    mpol_wvg_free(w);
    mpol_model_free(m);
    m = load_ok("kind: weighted-voting\nparameters: {q: 3}\nquota: q\nplayers:\n"
                "  - {name: X, weight: 2}\n  - {name: Y, weight: \"q - 2\"}\n");
    assert_int_equal(mpol_model_wvg(&w, m), MPOL_OK);
    assert_true(w->quota == 3 && w->weights[0] == 2 && w->weights[1] == 1);
    double q = 1;
    assert_int_equal(mpol_model_eval_wvg(m, &q, w), MPOL_ENUMERIC);
    assert_string_equal(mpol_last_error(), "t.yaml:6:24: the weight of \"Y\" must be "
                                           "non-negative, not -1");
    mpol_wvg_free(w);
    mpol_model_free(m);
}

/* ---- errors ----------------------------------------------------------------------------- */

static void test_structural_errors(void **state)
{
    (void)state;
    expect_error(ZS_HEAD "payoffs:\n  - [1, \"2*ru_pressur\"]\n  - [3, 4]\n", MPOL_EPARSE,
                 "t.yaml:7:12: unknown parameter \"ru_pressur\" (did you mean "
                 "\"ru_pressure\"?)");
    expect_error(ZS_HEAD "payoffs:\n  - [1, 2, 3]\n  - [3, 4]\n", MPOL_EPARSE,
                 "t.yaml:7:5: row 1 of payoffs has 3 entries but B has 2 strategies");
    expect_error(ZS_HEAD "payoffs:\n  - [1, 2]\n", MPOL_EPARSE,
                 "t.yaml:7:3: payoffs has 1 rows but A has 2 strategies");
    expect_error(ZS_HEAD "payoffs:\n  - [1, \"(1+2\"]\n  - [3, 4]\n", MPOL_EPARSE,
                 "t.yaml:7:10: unbalanced parentheses: '(' is never closed");
    expect_error(ZS_HEAD "payoffs:\n  - [1, 1 2]\n  - [3, 4]\n", MPOL_EPARSE,
                 "t.yaml:7:11: unexpected '2' after the end of the expression");
    expect_error(ZS_HEAD "payoffs:\n  - [1, \"clamp(1,2)\"]\n  - [3, 4]\n", MPOL_EPARSE,
                 "t.yaml:7:10: clamp takes 3 arguments, not 2");
    expect_error(ZS_HEAD "payoffs:\n  - [1, \"sqr(2)\"]\n  - [3, 4]\n", MPOL_EPARSE,
                 "t.yaml:7:10: unknown function \"sqr\" (did you mean \"sqrt\"?)");
    expect_error(ZS_HEAD "payoff:\n  - [1, 2]\n", MPOL_EPARSE,
                 "t.yaml:6:1: unknown key \"payoff\" in the model (did you mean \"payoffs\"?)");
    expect_error(ZS_HEAD, MPOL_EPARSE, "t.yaml:1:1: missing key \"payoffs\" in the model");
    expect_error("title: x\n", MPOL_EPARSE, "t.yaml:1:1: missing key \"kind\" in the model");
    expect_error("kind: zero-some\n", MPOL_EPARSE,
                 "t.yaml:1:7: unknown kind \"zero-some\" (did you mean \"zero-sum\"?)");
    expect_error("kind: hedonic\n", MPOL_EPARSE,
                 "t.yaml:1:1: missing key \"players\" in the model");
    expect_error("kind: zero-sum\nplayers: [1, 2\n", MPOL_EPARSE,
                 "t.yaml:3:1: YAML syntax error: flow sequence without a closing bracket");
    expect_error("kind: zero-sum\nkind: tu\n", MPOL_EPARSE,
                 "t.yaml:2:1: duplicate key \"kind\" (first at line 1)");
    expect_error("", MPOL_EPARSE, "t.yaml:1:1: empty model: expected a YAML mapping");
    expect_error("- 1\n", MPOL_EPARSE, "t.yaml:1:1: a model must be a mapping, not a list");
    expect_error("kind: zero-sum\n---\nkind: tu\n", MPOL_EPARSE,
                 "t.yaml:2:1: a model file holds one YAML document");
    expect_error("kind: zero-sum\nplayers: *nope\n", MPOL_EPARSE,
                 "t.yaml:2:11: unknown anchor \"nope\"");
    expect_error("kind: bimatrix\nplayers:\n  - {name: A, strategies: [a, b]}\n"
                 "  - {name: A, strategies: [c, d]}\npayoffs: []\n",
                 MPOL_EPARSE, "t.yaml:4:12: duplicate player name \"A\"");
    expect_error("kind: bimatrix\nplayers:\n  - {name: A, strategies: []}\n"
                 "  - {name: B, strategies: [c, d]}\npayoffs: []\n",
                 MPOL_EPARSE, "t.yaml:3:27: player \"A\" has an empty strategy list");
    expect_error("kind: bimatrix\nplayers:\n  - {name: A, strategies: [a, a]}\n"
                 "  - {name: B, strategies: [c, d]}\npayoffs: []\n",
                 MPOL_EPARSE, "t.yaml:3:31: duplicate name \"a\" in strategies");
    expect_error("kind: bimatrix\nplayers:\n  - {name: A, strategies: [a]}\n"
                 "  - {name: B, strategies: [c]}\npayoffs: [[5]]\n",
                 MPOL_EPARSE,
                 "t.yaml:5:12: a bimatrix entry must be a pair [row payoff, "
                 "column payoff]");
    expect_error("kind: bimatrix\nplayers:\n  - {name: A, strategies: [a]}\n"
                 "  - {name: B, strategies: [c]}\n  - {name: C, strategies: [c]}\npayoffs: []\n",
                 MPOL_EPARSE, "t.yaml:3:3: a bimatrix game has 2 players, not 3");
    expect_error("kind: normal-form\nplayers:\n  - {name: A, strategies: [a, b]}\n"
                 "  - {name: B, strategies: [c]}\npayoffs:\n  - [1, 2]\n",
                 MPOL_EPARSE,
                 "t.yaml:6:3: payoffs has 1 cells but the game has 2 strategy "
                 "profiles");
    expect_error("kind: normal-form\nplayers:\n  - {name: A, strategies: [a, b]}\n"
                 "  - {name: B, strategies: [c]}\npayoffs:\n  - [1, 2]\n  - [1, 2, 3]\n",
                 MPOL_EPARSE,
                 "t.yaml:7:5: a payoff vector needs 2 entries (one per player), "
                 "not 3");
    expect_error("kind: normal-form\nplayers:\n  - {name: A, strategies: [a, b]}\n"
                 "  - {name: B, strategies: [c, d]}\n  - {name: C, strategies: [e]}\n"
                 "payoffs:\n  - {profile: [a, c, e], payoff: [1,2,3]}\n"
                 "  - {profile: [b, c, e], payoff: [1,2,3]}\n"
                 "  - {profile: [a, d, e], payoff: [1,2,3]}\n",
                 MPOL_EPARSE, "t.yaml:7:3: profile [b, d, e] has no payoff");
    expect_error("kind: normal-form\nplayers:\n  - {name: A, strategies: [a, b]}\n"
                 "  - {name: B, strategies: [c, d]}\npayoffs:\n"
                 "  - {profile: [a, c], payoff: [1,2]}\n  - {profile: [a, c], payoff: [1,2]}\n",
                 MPOL_EPARSE, "t.yaml:7:15: profile [a, c] is given twice (first at line 6)");
    expect_error("kind: normal-form\nplayers:\n  - {name: A, strategies: [a, b]}\n"
                 "  - {name: B, strategies: [cc, dd]}\npayoffs:\n"
                 "  - {profile: [a, ddd], payoff: [1,2]}\n",
                 MPOL_EPARSE,
                 "t.yaml:6:19: \"ddd\" is not a strategy of B (did you mean "
                 "\"dd\"?)");
    expect_error("kind: tu\nplayers: [A, B]\nvalues: [0, 1, 2]\n", MPOL_EPARSE,
                 "t.yaml:3:9: values has 3 entries but 2 players have 2^2 = 4 coalitions");
    expect_error("kind: tu\nplayers: [A, B]\nvalues: [1, 1, 2, 3]\n", MPOL_EPARSE,
                 "t.yaml:3:10: the empty coalition must have value 0");
    expect_error("kind: tu\nplayers: [A, B]\nvalues:\n  A+B: 1\n  [B, A]: 2\n", MPOL_EPARSE,
                 "t.yaml:5:3: coalition given twice (first at line 4)");
    expect_error("kind: tu\nplayers: [Russia, China]\nvalues:\n  Russia+Chnia: 1\n", MPOL_EPARSE,
                 "t.yaml:4:3: unknown player \"Chnia\" in a coalition (did you mean "
                 "\"China\"?)");
    expect_error("kind: tu\nplayers: [A, B]\nvalues:\n  [A, A]: 1\n", MPOL_EPARSE,
                 "t.yaml:4:7: player \"A\" appears twice in a coalition");
    expect_error("kind: weighted-voting\nquota: 0\nplayers: {A: 1}\n", MPOL_ENUMERIC,
                 "t.yaml:2:8: the quota must be positive, not 0");
    expect_error("kind: weighted-voting\nquota: 1\nplayers: {A: 1, A: 2}\n", MPOL_EPARSE,
                 "t.yaml:3:17: duplicate key \"A\" (first at line 3)");
    expect_error("kind: weighted-voting\nquota: 1\nplayers: []\n", MPOL_EPARSE,
                 "t.yaml:3:10: players must not be empty");
}

static void test_parameter_and_sweep_errors(void **state)
{
    (void)state;
    static const char tail[] = "players:\n  - {name: A, strategies: [a]}\n"
                               "  - {name: B, strategies: [b]}\npayoffs: [[x]]\n";
    char buf[1024];
    snprintf(buf, sizeof buf, "kind: zero-sum\nparameters: {x: {default: 2, min: 0, max: 1}}\n%s",
             tail);
    expect_error(buf, MPOL_EPARSE,
                 "t.yaml:2:27: default 2 of \"x\" is outside [min, max] = "
                 "[0, 1]");
    snprintf(buf, sizeof buf, "kind: zero-sum\nparameters: {x: {defualt: 2}}\n%s", tail);
    expect_error(buf, MPOL_EPARSE,
                 "t.yaml:2:18: unknown key \"defualt\" in a parameter (did "
                 "you mean \"default\"?)");
    snprintf(buf, sizeof buf, "kind: zero-sum\nparameters: {2x: 1}\n%s", tail);
    expect_error(buf, MPOL_EPARSE,
                 "t.yaml:2:14: parameter name \"2x\" is not a name (letters, "
                 "digits, '_', not starting with a digit)");
    snprintf(buf, sizeof buf, "kind: zero-sum\nparameters: {x: \"1/0\"}\n%s", tail);
    expect_error(buf, MPOL_ENUMERIC, "t.yaml:2:19: division by zero in \"1/0\"");
    snprintf(buf, sizeof buf, "kind: zero-sum\nparameters: {x: .inf}\n%s", tail);
    expect_error(buf, MPOL_ENUMERIC,
                 "t.yaml:2:17: a parameter default is not a finite number "
                 "(.inf)");
    snprintf(buf, sizeof buf,
             "kind: zero-sum\nparameters: {x: 1}\n%ssweep: {y: {from: 0, to: 1, "
             "steps: 3}}\n",
             tail);
    expect_error(buf, MPOL_EPARSE, "t.yaml:7:9: unknown parameter \"y\"");
    snprintf(buf, sizeof buf,
             "kind: zero-sum\nparameters: {x: 1}\n%ssweep: {x: {from: 0, to: 1, "
             "steps: 1}}\n",
             tail);
    expect_error(buf, MPOL_EPARSE, "t.yaml:7:36: steps must be an integer >= 2, not 1");
    snprintf(buf, sizeof buf,
             "kind: zero-sum\nparameters: {x: 1}\n%ssweep: {x: {from: 0, to: 1}}\n", tail);
    expect_error(buf, MPOL_EPARSE, "t.yaml:7:12: missing key \"steps\" in a sweep axis");
    snprintf(buf, sizeof buf, "kind: zero-sum\nparameters: {x: 0}\n%s", tail);
    strcpy(strstr(buf, "[[x]]"), "[[\"1/x\"]]\n");
    expect_error(buf, MPOL_ENUMERIC, "t.yaml:6:14: division by zero in \"1/x\"");
    snprintf(buf, sizeof buf, "kind: zero-sum\nparameters: {x: -1}\n%s", tail);
    strcpy(strstr(buf, "[[x]]"), "[[\"2 + log(x)\"]]\n");
    expect_error(buf, MPOL_ENUMERIC,
                 "t.yaml:6:17: log of a non-positive number in "
                 "\"2 + log(x)\"");
    snprintf(buf, sizeof buf, "kind: zero-sum\nparameters: {x: -1}\n%s", tail);
    strcpy(strstr(buf, "[[x]]"), "[[\"sqrt(x)\"]]\n");
    expect_error(buf, MPOL_ENUMERIC, "t.yaml:6:13: sqrt of a negative number in \"sqrt(x)\"");
    snprintf(buf, sizeof buf, "kind: zero-sum\nparameters: {x: 1}\n%s", tail);
    strcpy(strstr(buf, "[[x]]"), "[[.nan]]\n");
    expect_error(buf, MPOL_ENUMERIC, "t.yaml:6:12: a payoff is not a finite number (.nan)");
}

static void test_files_and_bad_files(void **state)
{
    (void)state;
    mpol_model *m;
    const char *missing = mpol_test_src("tests/data/models/none.yaml");
    char want[4200];
    snprintf(want, sizeof want, "%s: cannot open: No such file or directory", missing);
    assert_int_equal(mpol_model_load_file(&m, missing), MPOL_EIO);
    assert_string_equal(mpol_last_error(), want);
    assert_null(m);
    static const struct {
        const char *file;
        mpol_status st;
        const char *msg;
    } bad[] = {
        {"syntax.yaml", MPOL_EPARSE,
         "5:1: YAML syntax error: flow sequence without a closing "
         "bracket"},
        {"ragged.yaml", MPOL_EPARSE,
         "9:5: row 2 of payoffs has 1 entries but B has 2 "
         "strategies"},
        {"unknown_param.yaml", MPOL_EPARSE,
         "10:15: unknown parameter \"ru_pressur\" (did you "
         "mean \"ru_pressure\"?)"},
        {"div_zero.yaml", MPOL_ENUMERIC, "3:21: division by zero in \"1/(A_bonus - 1)\""},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char rel[256], path[4096];
        snprintf(rel, sizeof rel, "tests/data/models/bad/%s", bad[i].file);
        snprintf(path, sizeof path, "%s", mpol_test_src(rel));
        snprintf(want, sizeof want, "%s:%s", path, bad[i].msg);
        mpol_status st = mpol_model_load_file(&m, path);
        if (st != bad[i].st || strcmp(mpol_last_error(), want) != 0)
            fail_msg("%s: got %s \"%s\", expected \"%s\"", bad[i].file, mpol_status_name(st),
                     mpol_last_error(), want);
    }
}

/* ---- parameters, evaluation, round trips ----------------------------------------------- */

static void test_parameters_and_overrides(void **state)
{
    (void)state;
    mpol_model *m = load_file_ok(DEFAULT_MODEL);
    assert_int_equal(mpol_model_nparams(m), 5);
    size_t i;
    assert_int_equal(mpol_model_param_index(m, "trade_dependence_ru", &i), MPOL_OK);
    assert_close(mpol_model_param_default(m, i), 10232.4 / 10885.4, 1e-15);
    assert_int_equal(mpol_model_param_index(m, "ru_presure", &i), MPOL_EINVAL);
    assert_non_null(strstr(mpol_last_error(), "(did you mean \"ru_pressure\"?)"));
    double lo, hi;
    assert_int_equal(mpol_model_param_bounds(m, 0, &lo, &hi), MPOL_OK);
    assert_true(lo == 0 && hi == 1);
    assert_string_equal(mpol_model_param_description(m, 0),
                        "intensity of Russian coercion (assumption)");
    assert_int_equal(mpol_model_nsweep(m), 2);
    size_t pi, steps;
    double from, to;
    assert_int_equal(mpol_model_sweep_axis(m, 0, &pi, &from, &to, &steps), MPOL_OK);
    assert_string_equal(mpol_model_param_name(m, pi), "ru_pressure");
    assert_true(from == 0 && to == 1 && steps == 101);
    assert_int_equal(mpol_model_sweep_axis(m, 2, &pi, &from, &to, &steps), MPOL_EINVAL);

    mpol_game *g0, *g1;
    assert_int_equal(mpol_model_game(&g0, m), MPOL_OK);
    assert_int_equal(mpol_model_set_param(m, "ru_pressure", 1), MPOL_OK);
    assert_true(mpol_model_param_value(m, 0) == 1);
    assert_int_equal(mpol_model_game(&g1, m), MPOL_OK);
    /* align_russia vs russian_pressure = 1 + d - p drops by 0.5. */
    assert_close(g1->payoff[0], g0->payoff[0] - 0.5, MPOL_TEST_TOL);
    /* concert column does not depend on ru_pressure. */
    assert_true(g1->payoff[2 * 12] == g0->payoff[2 * 12]);
    assert_int_equal(mpol_model_set_param(m, "ru_pressure", 1.5), MPOL_EINVAL);
    assert_int_equal(mpol_model_set_param(m, "ru_pressure", NAN), MPOL_EINVAL);
    assert_int_equal(mpol_model_set_param(m, "nope", 0), MPOL_EINVAL);
    mpol_game_free(g0);
    mpol_game_free(g1);
    mpol_model_free(m);
}

static void test_eval_game_equals_fresh_evaluation(void **state)
{
    (void)state;
    mpol_model *m = load_file_ok(DEFAULT_MODEL);
    mpol_model *fresh = load_file_ok(DEFAULT_MODEL);
    mpol_game *g;
    assert_int_equal(mpol_model_game(&g, m), MPOL_OK);
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 7);
    size_t np = mpol_model_nparams(m);
    for (int t = 0; t < 50; t++) {
        double p[5];
        for (size_t i = 0; i < np; i++) {
            p[i] = mpol_test_rng_uniform(&rng);
            assert_int_equal(mpol_model_set_param(fresh, mpol_model_param_name(fresh, i), p[i]),
                             MPOL_OK);
        }
        assert_int_equal(mpol_model_eval_game(m, p, g), MPOL_OK);
        mpol_game *h;
        assert_int_equal(mpol_model_game(&h, fresh), MPOL_OK);
        for (size_t k = 0; k < 2 * g->ncells; k++)
            assert_true(g->payoff[k] == h->payoff[k]);
        /* And against the formula, written out by hand. */
        double d = p[3], ru = p[0];
        assert_close(h->payoff[0], 1 + d - ru, 1e-12);
        mpol_game_free(h);
    }
    /* An evaluation error at a non-default point names the file position. */
    mpol_model *z = load_ok("kind: zero-sum\nparameters: {x: 0}\nplayers:\n"
                            "  - {name: A, strategies: [a]}\n  - {name: B, strategies: [b]}\n"
                            "payoffs:\n  - [\"1/(x - 1)\"]\n");
    mpol_game *zg;
    assert_int_equal(mpol_model_game(&zg, z), MPOL_OK);
    double one = 1;
    assert_int_equal(mpol_model_eval_game(z, &one, zg), MPOL_ENUMERIC);
    assert_string_equal(mpol_last_error(), "t.yaml:7:8: division by zero in \"1/(x - 1)\"");
    assert_int_equal(mpol_model_eval_game(m, NULL, zg), MPOL_EINVAL);
    mpol_game_free(zg);
    mpol_model_free(z);
    mpol_game_free(g);
    mpol_model_free(fresh);
    mpol_model_free(m);
}

static void test_write_yaml_round_trip(void **state)
{
    (void)state;
    for (size_t f = 0; f < NEXAMPLES; f++) {
        mpol_model *m = load_file_ok(example_files[f]);
        char *y1 = write_to_string(m);
        mpol_model *m2 = load_ok(y1);
        char *y2 = write_to_string(m2);
        if (strcmp(y1, y2) != 0)
            fail_msg("%s: written YAML differs after a round trip:\n%s\n---\n%s", example_files[f],
                     y1, y2);
        assert_string_equal(mpol_model_title(m), mpol_model_title(m2));
        assert_int_equal(mpol_model_nparams(m), mpol_model_nparams(m2));
        assert_int_equal(mpol_model_nsweep(m), mpol_model_nsweep(m2));
        mpol_game *g1, *g2;
        if (mpol_model_game(&g1, m) == MPOL_OK) {
            assert_int_equal(mpol_model_game(&g2, m2), MPOL_OK);
            assert_int_equal(g1->ncells, g2->ncells);
            for (size_t k = 0; k < g1->ncells * g1->nplayers; k++)
                assert_true(g1->payoff[k] == g2->payoff[k]);
            assert_true((g1->exact == NULL) == (g2->exact == NULL));
            mpol_game_free(g1);
            mpol_game_free(g2);
        }
        mpol_tu_game *t1, *t2;
        if (mpol_model_tu(&t1, m) == MPOL_OK) {
            assert_int_equal(mpol_model_tu(&t2, m2), MPOL_OK);
            for (size_t s = 0; s < ((size_t)1 << t1->n); s++)
                assert_true(t1->v[s] == t2->v[s]);
            mpol_tu_free(t1);
            mpol_tu_free(t2);
        }
        mpol_wvg *w1, *w2;
        if (mpol_model_wvg(&w1, m) == MPOL_OK) {
            assert_int_equal(mpol_model_wvg(&w2, m2), MPOL_OK);
            assert_true(w1->quota == w2->quota);
            for (size_t i = 0; i < w1->n; i++) {
                assert_string_equal(w1->names[i], w2->names[i]);
                assert_true(w1->weights[i] == w2->weights[i]);
            }
            mpol_wvg_free(w1);
            mpol_wvg_free(w2);
        }
        free(y1);
        free(y2);
        mpol_model_free(m);
        mpol_model_free(m2);
    }
}

/* Plain literals are kept as values without a compiled expression (memory per number);
 * what is written back is still the text as read, literal or not, and the values and
 * exact rationals are those of the expressions. */
static void test_literal_numbers_written_as_read(void **state)
{
    (void)state;
    mpol_model *m = load_ok(ZS_HEAD "payoffs:\n  - [3, -0.25]\n  - [0.10, 1e2]\n");
    char *y = write_to_string(m);
    assert_non_null(strstr(y, "  - [3, -0.25]\n  - [0.10, 1e2]\n"));
    free(y);
    mpol_game *g;
    assert_int_equal(mpol_model_game(&g, m), MPOL_OK);
    assert_true(g->payoff[0] == 3 && g->payoff[1] == -3);
    assert_true(g->payoff[2] == 0.1 && g->payoff[4] == -0.25 && g->payoff[6] == 100);
    assert_non_null(g->exact);
    assert_true(g->exact[4].num == -1 && g->exact[4].den == 4);
    mpol_game_free(g);
    mpol_model_free(m);
    m = load_ok(ZS_HEAD "payoffs:\n  - [1.85, -0]\n  - [\"2*ru_pressure\", 7]\n");
    y = write_to_string(m);
    assert_non_null(strstr(y, "  - [1.85, -0]\n  - [\"2*ru_pressure\", 7]\n"));
    free(y);
    assert_int_equal(mpol_model_game(&g, m), MPOL_OK);
    assert_true(g->payoff[0] == 1.85 && g->payoff[2] == 1 && g->payoff[6] == 7);
    assert_true(g->payoff[4] == 0 && signbit(g->payoff[4]));
    assert_null(g->exact);
    mpol_game_free(g);
    mpol_model_free(m);
}

static void test_from_game(void **state)
{
    (void)state;
    size_t ns[2] = {2, 2};
    mpol_game *g;
    assert_int_equal(mpol_game_alloc(&g, 2, ns), MPOL_OK);
    assert_int_equal(mpol_game_set_title(g, "From a game"), MPOL_OK);
    assert_int_equal(mpol_game_set_strategy_name(g, 0, 0, "say \"yes\""), MPOL_OK);
    assert_int_equal(mpol_game_alloc_exact(g), MPOL_OK);
    static const int64_t num[8] = {1, -1, -2, 2, 5, -5, 0, 0};
    static const int64_t den[8] = {3, 3, 1, 1, 7, 7, 1, 1};
    for (int k = 0; k < 8; k++) {
        g->exact[k].num = num[k];
        g->exact[k].den = den[k];
        g->payoff[k] = (double)num[k] / (double)den[k];
    }
    mpol_model *m;
    assert_int_equal(mpol_model_from_game(&m, g, MPOL_MODEL_ZERO_SUM), MPOL_OK);
    char *y = write_to_string(m);
    assert_non_null(strstr(y, "  - [\"1/3\", \"5/7\"]\n  - [-2, 0]\n"));
    assert_non_null(strstr(y, "strategies: [\"say \\\"yes\\\"\", \"2\"]"));
    mpol_model *m2 = load_ok(y);
    mpol_game *g2;
    assert_int_equal(mpol_model_game(&g2, m2), MPOL_OK);
    assert_non_null(g2->exact);
    for (int k = 0; k < 8; k++) {
        assert_true(g2->exact[k].num == num[k] && g2->exact[k].den == den[k]);
        assert_true(g2->payoff[k] == g->payoff[k]);
    }
    assert_string_equal(g2->strategy_names[0][0], "say \"yes\"");
    free(y);
    mpol_game_free(g2);
    mpol_model_free(m2);
    mpol_model_free(m);
    /* Bimatrix from the same game, with inexact doubles written to round-trip. */
    mpol_free(g->exact);
    g->exact = NULL;
    g->payoff[3] = 0.1 + 0.2;
    assert_int_equal(mpol_model_from_game(&m, g, MPOL_MODEL_ZERO_SUM), MPOL_EINVAL);
    assert_int_equal(mpol_model_from_game(&m, g, MPOL_MODEL_TU), MPOL_EINVAL);
    assert_int_equal(mpol_model_from_game(&m, g, MPOL_MODEL_BIMATRIX), MPOL_OK);
    y = write_to_string(m);
    m2 = load_ok(y);
    assert_int_equal(mpol_model_game(&g2, m2), MPOL_OK);
    for (int k = 0; k < 8; k++)
        assert_true(g2->payoff[k] == g->payoff[k]);
    free(y);
    mpol_game_free(g2);
    mpol_model_free(m2);
    mpol_model_free(m);
    mpol_game_free(g);
}

/* ---- the bundled model ------------------------------------------------------------------ */

static void test_default_model_hedges(void **state)
{
    (void)state;
    mpol_model *m = load_file_ok(DEFAULT_MODEL);
    assert_string_equal(mpol_model_title(m),
                        "Kazakhstan hedging against worst-case great-power pressure");
    mpol_game *g;
    assert_int_equal(mpol_model_game(&g, m), MPOL_OK);
    double *A;
    assert_int_equal(mpol_game_bimatrix(g, &A, NULL), MPOL_OK);
    assert_string_equal(g->strategy_names[0][3], "multi_vector");
    assert_string_equal(g->strategy_names[1][2], "us_disengagement");
    /* No saddle point: max over rows of the row minimum < min over columns of the column
     * maximum. */
    double maxmin = -HUGE_VAL, minmax = HUGE_VAL;
    for (int i = 0; i < 4; i++) {
        double r = HUGE_VAL;
        for (int j = 0; j < 4; j++)
            r = fmin(r, A[i * 4 + j]);
        maxmin = fmax(maxmin, r);
    }
    for (int j = 0; j < 4; j++) {
        double c = -HUGE_VAL;
        for (int i = 0; i < 4; i++)
            c = fmax(c, A[i * 4 + j]);
        minmax = fmin(minmax, c);
    }
    assert_true(maxmin < minmax - 0.2);
    /* The optimal strategies (computed with HiGHS through scipy) certified by duality: the
     * row strategy guarantees at least v against every column and the column strategy
     * concedes at most v against every row. multi_vector carries the largest weight. */
    static const double x[4] = {0.18932222033941754, 0.24405831847076026, 0.0, 0.5666194611898222};
    static const double y[4] = {0.19936730374475775, 0.13527807904605868, 0.6653546172091835, 0.0};
    const double v = 0.666780961734274, tol = 1e-9;
    for (int j = 0; j < 4; j++) {
        double s = 0;
        for (int i = 0; i < 4; i++)
            s += x[i] * A[i * 4 + j];
        assert_true(s >= v - tol);
    }
    for (int i = 0; i < 4; i++) {
        double s = 0;
        for (int j = 0; j < 4; j++)
            s += A[i * 4 + j] * y[j];
        assert_true(s <= v + tol);
    }
    mpol_free(A);
    mpol_game_free(g);
    mpol_model_free(m);
}

/* ---- robustness ------------------------------------------------------------------------- */

static char *slurp(const char *rel, size_t *len)
{
    FILE *f = fopen(mpol_test_src(rel), "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    char *s = read_all(f);
    fclose(f);
    *len = strlen(s);
    return s;
}

typedef struct oom_ctx {
    const char *text;
    size_t len;
} oom_ctx;

static mpol_status load_body(void *ctx)
{
    oom_ctx *c = ctx;
    mpol_model *m;
    mpol_status st = mpol_model_load_string(&m, c->text, c->len, "t.yaml");
    if (st != MPOL_OK)
        return st;
    mpol_game *g = NULL;
    mpol_tu_game *t = NULL;
    mpol_wvg *w = NULL;
    if (mpol_model_get_kind(m) <= MPOL_MODEL_NORMAL_FORM)
        st = mpol_model_game(&g, m);
    else if (mpol_model_get_kind(m) == MPOL_MODEL_TU)
        st = mpol_model_tu(&t, m);
    else
        st = mpol_model_wvg(&w, m);
    mpol_game_free(g);
    mpol_tu_free(t);
    mpol_wvg_free(w);
    mpol_model_free(m);
    return st;
}

static void test_allocation_failures(void **state)
{
    (void)state;
    for (size_t f = 0; f < NEXAMPLES; f++) {
        oom_ctx c;
        char *text = slurp(example_files[f], &c.len);
        c.text = text;
        long n = mpol_test_oom_loop(load_body, &c);
        assert_true(n > 10);
        free(text);
    }
}

/* The loader's indexes under allocation failures: anchors and aliases, a mapping of more
 * than 16 keys (hash-indexed duplicate check), more than 8 parameters (the compiler's
 * index) and strategies (the profile form's index). */
static void test_allocation_failures_indexes(void **state)
{
    (void)state;
    char text[4096];
    size_t len = (size_t)snprintf(text, sizeof text, "kind: normal-form\nparameters:\n");
    for (int i = 0; i < 20; i++)
        len += (size_t)snprintf(text + len, sizeof text - len, "  p%d: %d\n", i, i);
    len += (size_t)snprintf(text + len, sizeof text - len,
                            "players:\n  - &pl {name: A, strategies: [%s]}\n"
                            "  - {name: B, strategies: [u]}\npayoffs:\n",
                            "a0, a1, a2, a3, a4, a5, a6, a7, a8, a9");
    for (int i = 0; i < 10; i++)
        len +=
            (size_t)snprintf(text + len, sizeof text - len, "  - {profile: [a%d, u], payoff: %s}\n",
                             i, i == 0 ? "&v [\"p19 + 1\", p3]" : "*v");
    assert_true(len < sizeof text);
    oom_ctx c = {.text = text, .len = len};
    assert_int_equal(load_body(&c), MPOL_OK);
    long n = mpol_test_oom_loop(load_body, &c);
    assert_true(n > 10);
}

/* The three ways a payoff is stored (a literal as its value, a plain decimal that does not
 * write back as its text as value and text, anything else compiled): values, exact values
 * (the decimal's own), written text, evaluation at new parameters and the position of an
 * evaluation error all as for a compiled expression. */
static void test_payoff_storage(void **state)
{
    (void)state;
    mpol_model *m = load_ok(ZS_HEAD "payoffs:\n  - [0.12345678901234567, -7]\n"
                                    "  - [0.10, 0.5]\n");
    char *y = write_to_string(m);
    assert_non_null(strstr(y, "  - [0.12345678901234567, -7]\n  - [0.10, 0.5]\n"));
    free(y);
    mpol_game *g;
    assert_int_equal(mpol_model_game(&g, m), MPOL_OK);
    assert_true(g->payoff[0] == 0.12345678901234567 && g->payoff[1] == -0.12345678901234567);
    assert_true(g->payoff[2] == 0.1 && g->payoff[4] == -7 && g->payoff[6] == 0.5);
    assert_non_null(g->exact);
    assert_true(g->exact[0].num == 12345678901234567 && g->exact[0].den == 100000000000000000);
    assert_true(g->exact[1].num == -12345678901234567 && g->exact[1].den == 100000000000000000);
    assert_true(g->exact[2].num == 1 && g->exact[2].den == 10);
    assert_true(g->exact[4].num == -7 && g->exact[4].den == 1);
    assert_true(g->exact[6].num == 1 && g->exact[6].den == 2);
    mpol_game_free(g);
    mpol_model_free(m);
    /* A decimal with no 64-bit rational: no exact game, written quoted (as before). */
    m = load_ok(ZS_HEAD "payoffs:\n  - [0.000123456789012345678, 1]\n  - [2, 3]\n");
    y = write_to_string(m);
    assert_non_null(strstr(y, "  - [\"0.000123456789012345678\", 1]\n"));
    free(y);
    assert_int_equal(mpol_model_game(&g, m), MPOL_OK);
    assert_true(g->payoff[0] == 0.000123456789012345678);
    assert_null(g->exact);
    mpol_game_free(g);
    mpol_model_free(m);
    /* Expressions among literals and decimals: re-evaluated at other parameter values,
     * and an evaluation error names the expression's own position. */
    m = load_ok(ZS_HEAD "payoffs:\n  - [1, 0.10]\n  - [\"log(ru_pressure)\", 2.50]\n");
    assert_int_equal(mpol_model_game(&g, m), MPOL_OK);
    assert_true(g->payoff[0] == 1 && g->payoff[4] == 0.1 && g->payoff[6] == 2.5);
    assert_true(fabs(g->payoff[2] - log(0.5)) < 1e-15);
    assert_null(g->exact);
    double p = 2;
    assert_int_equal(mpol_model_eval_game(m, &p, g), MPOL_OK);
    assert_true(fabs(g->payoff[2] - log(2.0)) < 1e-15 && g->payoff[6] == 2.5);
    assert_true(g->payoff[3] == -g->payoff[2] && g->payoff[5] == -0.1);
    p = -1;
    assert_int_equal(mpol_model_eval_game(m, &p, g), MPOL_ENUMERIC);
    assert_string_equal(mpol_last_error(),
                        "t.yaml:8:7: log of a non-positive number in \"log(ru_pressure)\"");
    mpol_game_free(g);
    mpol_model_free(m);
    /* Under allocation failures, with enough decimals and expressions for their arrays to
     * grow. */
    char text[4096];
    size_t len = (size_t)snprintf(text, sizeof text,
                                  "kind: bimatrix\nparameters: {q: 1}\nplayers:\n"
                                  "  - {name: A, strategies: [a, b, c, d, e, f]}\n"
                                  "  - {name: B, strategies: [u, v, w, x, y, z]}\npayoffs:\n");
    for (int i = 0; i < 6; i++) {
        len += (size_t)snprintf(text + len, sizeof text - len, "  - [");
        for (int j = 0; j < 6; j++)
            len += (size_t)snprintf(text + len, sizeof text - len, "%s[0.%d0, \"q + %d\"]",
                                    j ? ", " : "", i * 6 + j, j);
        len += (size_t)snprintf(text + len, sizeof text - len, "]\n");
    }
    assert_true(len < sizeof text);
    oom_ctx c = {.text = text, .len = len};
    assert_int_equal(load_body(&c), MPOL_OK);
    assert_true(mpol_test_oom_loop(load_body, &c) > 10);
}

/* A model text whose lines or columns could pass the tree's 30-bit positions is refused
 * before it is read (the length is checked first, so a short buffer is enough here). */
static void test_text_size_limit(void **state)
{
    (void)state;
    static const char text[] = "kind: zero-sum\n";
    mpol_model *m = (mpol_model *)&m;
    assert_int_equal(mpol_model_load_string(&m, text, (size_t)1 << 29, "t.yaml"), MPOL_ELIMIT);
    assert_string_equal(mpol_last_error(), "t.yaml: larger than 536870911 bytes");
    assert_null(m);
}

static void test_mutated_input_never_crashes(void **state)
{
    (void)state;
    size_t len;
    char *orig = slurp(DEFAULT_MODEL, &len);
    char *buf = malloc(len + 1);
    assert_non_null(buf);
    static const char bytes[] = "[]{}:,-\"'#&*!|>%@` \n\t0123456789/()+^xyz";
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 2024);
    int ok = 0;
    for (int t = 0; t < 400; t++) {
        memcpy(buf, orig, len + 1);
        long nmut = mpol_test_rng_int(&rng, 1, 4);
        for (long k = 0; k < nmut; k++) {
            size_t at = (size_t)mpol_test_rng_int(&rng, 0, (long)len - 1);
            buf[at] = bytes[mpol_test_rng_int(&rng, 0, (long)sizeof bytes - 2)];
        }
        size_t cut = t % 5 == 0 ? (size_t)mpol_test_rng_int(&rng, 0, (long)len) : len;
        mpol_model *m;
        mpol_status st = mpol_model_load_string(&m, buf, cut, "fuzz.yaml");
        if (st == MPOL_OK) {
            ok++;
            mpol_model_free(m);
        } else {
            assert_true(st == MPOL_EPARSE || st == MPOL_ENUMERIC || st == MPOL_ELIMIT);
            assert_true(strncmp(mpol_last_error(), "fuzz.yaml:", 10) == 0);
        }
    }
    assert_true(ok > 0);
    /* Plain random bytes. */
    for (int t = 0; t < 300; t++) {
        size_t n = (size_t)mpol_test_rng_int(&rng, 0, 200);
        for (size_t i = 0; i < n; i++)
            buf[i] = (char)mpol_test_rng_int(&rng, 0, 255);
        mpol_model *m;
        if (mpol_model_load_string(&m, buf, n, "fuzz.yaml") == MPOL_OK)
            mpol_model_free(m);
    }
    free(buf);
    free(orig);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_zero_sum_numbers),
        cmocka_unit_test(test_bimatrix_both_forms),
        cmocka_unit_test(test_normal_form_both_forms),
        cmocka_unit_test(test_tu_forms),
        cmocka_unit_test(test_weighted_voting_forms),
        cmocka_unit_test(test_structural_errors),
        cmocka_unit_test(test_parameter_and_sweep_errors),
        cmocka_unit_test(test_files_and_bad_files),
        cmocka_unit_test(test_parameters_and_overrides),
        cmocka_unit_test(test_eval_game_equals_fresh_evaluation),
        cmocka_unit_test(test_write_yaml_round_trip),
        cmocka_unit_test(test_literal_numbers_written_as_read),
        cmocka_unit_test(test_payoff_storage),
        cmocka_unit_test(test_text_size_limit),
        cmocka_unit_test(test_from_game),
        cmocka_unit_test(test_default_model_hedges),
        cmocka_unit_test(test_allocation_failures),
        cmocka_unit_test(test_allocation_failures_indexes),
        cmocka_unit_test(test_mutated_input_never_crashes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
