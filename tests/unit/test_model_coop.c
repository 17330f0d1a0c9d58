/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests of the cooperative side of tu and weighted-voting models: every `rule:` equals
 * the library constructor it stands for (seeded random instances, also after a parameter
 * change), unions and graph accessors (the Owen and Myerson values of the bundled blocs
 * model, with the Owen - Shapley difference the model explains), every new error with its
 * exact FILE:LINE:COL, mpol_model_from_tu / mpol_model_from_wvg, YAML round trips and
 * allocation failures. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mpol_test.h"
#include "multipolar/model.h"
#include "multipolar/values.h"
#include "multipolar/voting.h"

#define BLOCS "models/kazakhstan/blocs.yaml"

static mpol_model *load_ok(const char *text)
{
    mpol_model *m = NULL;
    mpol_status st = mpol_model_load_string(&m, text, strlen(text), "t.yaml");
    if (st != MPOL_OK)
        fail_msg("load failed: %s: %s\n%s", mpol_status_name(st), mpol_last_error(), text);
    return m;
}

static void expect_error(const char *text, mpol_status status, const char *msg)
{
    mpol_test_load_error(text, status, msg);
}

/* The model's table must equal @p want bit for bit. */
static void assert_same_table(const mpol_model *m, const mpol_tu_game *want)
{
    mpol_tu_game *g = NULL;
    assert_int_equal(mpol_model_tu(&g, m), MPOL_OK);
    assert_int_equal(g->n, want->n);
    for (size_t S = 0; S < ((size_t)1 << g->n); S++)
        if (g->v[S] != want->v[S])
            fail_msg("v[%zu] = %.17g, constructor %.17g", S, g->v[S], want->v[S]);
    mpol_tu_free(g);
}

/* Appends to a growing buffer (the test's YAML text). */
typedef struct text {
    char buf[16384];
    size_t len;
} text;

static void put(text *t, const char *fmt, ...) MPOL_PRINTF(2, 3);
static void put(text *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(t->buf + t->len, sizeof t->buf - t->len, fmt, ap);
    va_end(ap);
    assert_true(k >= 0 && (size_t)k < sizeof t->buf - t->len);
    t->len += (size_t)k;
}

static void put_players(text *t, size_t n)
{
    put(t, "kind: tu\nplayers: [");
    for (size_t i = 0; i < n; i++)
        put(t, "%sP%zu", i ? ", " : "", i);
    put(t, "]\n");
}

/* A list (as_map = 0) or a mapping of one number per player; numbers are integers or
 * decimals with two digits, written so that strtod reads the same double. */
static void put_vector(text *t, const double *a, size_t n, int as_map)
{
    put(t, as_map ? "{" : "[");
    for (size_t i = 0; i < n; i++) {
        if (as_map)
            put(t, "%sP%zu: %.17g", i ? ", " : "", i, a[i]);
        else
            put(t, "%s%.17g", i ? ", " : "", a[i]);
    }
    put(t, as_map ? "}" : "]");
}

static void random_numbers(mpol_test_rng *rng, double *a, size_t n, int decimals)
{
    for (size_t i = 0; i < n; i++) {
        long k = mpol_test_rng_int(rng, 0, 900);
        a[i] = decimals ? (double)k / 100.0 : (double)k;
    }
}

static void test_rules_equal_constructors(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 20240611);
    for (int trial = 0; trial < 40; trial++) {
        size_t n = trial < 4 ? 13 + (size_t)trial : (size_t)mpol_test_rng_int(&rng, 1, 9);
        int dec = trial % 2, as_map = (trial / 2) % 2;
        double a[16], b[16], w[3 * 16], q[3];
        random_numbers(&rng, a, n, dec);
        random_numbers(&rng, b, n, dec);
        mpol_tu_game *want = NULL;
        mpol_model *m;
        text t;

        /* bankruptcy, with the estate a parameter: also re-evaluated at another value */
        double total = 0;
        for (size_t i = 0; i < n; i++)
            total += a[i];
        double E = floor(total * 0.6);
        t.len = 0;
        put(&t, "parameters: {E: %.17g}\n", E);
        put_players(&t, n);
        put(&t, "rule:\n  type: bankruptcy\n  estate: E\n  claims: ");
        put_vector(&t, a, n, as_map);
        put(&t, "\n");
        m = load_ok(t.buf);
        assert_string_equal(mpol_model_tu_rule(m), "bankruptcy");
        assert_int_equal(mpol_tu_bankruptcy(&want, n, E, a), MPOL_OK);
        assert_same_table(m, want);
        mpol_tu_free(want);
        assert_int_equal(mpol_model_set_param(m, "E", total + 1), MPOL_OK);
        assert_int_equal(mpol_tu_bankruptcy(&want, n, total + 1, a), MPOL_OK);
        assert_same_table(m, want);
        mpol_tu_free(want);
        mpol_model_free(m);

        /* airport */
        t.len = 0;
        put_players(&t, n);
        put(&t, "rule:\n  type: airport\n  costs: ");
        put_vector(&t, a, n, as_map);
        put(&t, "\n");
        m = load_ok(t.buf);
        assert_int_equal(mpol_tu_airport(&want, n, a), MPOL_OK);
        assert_same_table(m, want);
        mpol_tu_free(want);
        mpol_model_free(m);

        /* unanimity on a random nonempty carrier */
        mpol_coalition T = (mpol_coalition)mpol_test_rng_int(&rng, 1, (1L << n) - 1);
        t.len = 0;
        put_players(&t, n);
        put(&t, "rule: {type: unanimity, carrier: [");
        for (size_t i = 0, first = 1; i < n; i++)
            if (T & (1u << i)) {
                put(&t, "%sP%zu", first ? "" : ", ", i);
                first = 0;
            }
        put(&t, "]}\n");
        m = load_ok(t.buf);
        assert_int_equal(mpol_tu_unanimity(&want, n, T), MPOL_OK);
        assert_same_table(m, want);
        mpol_tu_free(want);
        mpol_model_free(m);

        /* weighted voting, quota a parameter, against mpol_tu_from_wvg */
        double quota = floor(total / 2) + 1;
        t.len = 0;
        put(&t, "parameters: {q: %.17g}\n", quota);
        put_players(&t, n);
        put(&t, "rule:\n  type: weighted-voting\n  quota: q\n  weights: ");
        put_vector(&t, a, n, as_map);
        put(&t, "\n");
        m = load_ok(t.buf);
        mpol_wvg *wg;
        assert_int_equal(mpol_wvg_alloc(&wg, n), MPOL_OK);
        memcpy(wg->weights, a, n * sizeof *a);
        wg->quota = quota;
        assert_int_equal(mpol_tu_from_wvg(&want, wg), MPOL_OK);
        assert_same_table(m, want);
        mpol_tu_free(want);
        wg->quota = quota / 3 + 0.5;
        assert_int_equal(mpol_model_set_param(m, "q", wg->quota), MPOL_OK);
        assert_int_equal(mpol_tu_from_wvg(&want, wg), MPOL_OK);
        assert_same_table(m, want);
        mpol_tu_free(want);
        mpol_wvg_free(wg);
        mpol_model_free(m);

        /* vector voting with k = 1..3 rows (n up to 16: the split sums above 12 players) */
        size_t k = (size_t)mpol_test_rng_int(&rng, 1, 3);
        t.len = 0;
        put_players(&t, n);
        put(&t, "rule:\n  type: vector-voting\n  quotas: [");
        for (size_t r = 0; r < k; r++) {
            random_numbers(&rng, w + r * n, n, dec);
            double s = 0;
            for (size_t i = 0; i < n; i++)
                s += w[r * n + i];
            q[r] = s > 0 ? floor(s * (0.4 + 0.2 * (double)r)) + 0.5 : 1;
            put(&t, "%s%.17g", r ? ", " : "", q[r]);
        }
        put(&t, "]\n  weights:\n");
        for (size_t r = 0; r < k; r++) {
            put(&t, "    - ");
            put_vector(&t, w + r * n, n, (as_map + (int)r) % 2);
            put(&t, "\n");
        }
        m = load_ok(t.buf);
        assert_int_equal(mpol_tu_vector_voting(&want, n, k, w, q), MPOL_OK);
        assert_same_table(m, want);
        mpol_tu_free(want);
        mpol_model_free(m);
        (void)b;
    }
}

static void test_eu_double_majority(void **state)
{
    (void)state;
    /* A small double majority: 55 % of the members (3 of 4) and 65 % of the population. */
    static const char y[] = "kind: tu\n"
                            "players: [DE, FR, IT, LU]\n"
                            "rule:\n"
                            "  type: vector-voting\n"
                            "  weights:\n"
                            "    - [1, 1, 1, 1]\n"
                            "    - {DE: 84, FR: 68, IT: 59, LU: 0.7}\n"
                            "  quotas: [0.55 * 4, 0.65 * (84 + 68 + 59 + 0.7)]\n";
    mpol_model *m = load_ok(y);
    mpol_tu_game *g;
    assert_int_equal(mpol_model_tu(&g, m), MPOL_OK);
    /* The population quota is 0.65 * 211.7 = 137.605: {DE, FR, IT} (211) and {DE, FR, LU}
     * (152.7) win, {FR, IT, LU} (127.7) loses, and {DE, FR} (152) has too few members. */
    assert_true(g->v[7] == 1 && g->v[11] == 1 && g->v[14] == 0 && g->v[3] == 0);
    mpol_value *sh;
    assert_int_equal(mpol_tu_shapley(&sh, g), MPOL_OK);
    assert_true(sh->x[0] > sh->x[1] && sh->x[1] >= sh->x[2] && sh->x[2] >= sh->x[3]);
    mpol_value_free(sh);
    mpol_tu_free(g);
    mpol_model_free(m);
}

static void test_blocs_unions_and_graph(void **state)
{
    (void)state;
    mpol_model *m = NULL;
    assert_int_equal(mpol_model_load_file(&m, mpol_test_src(BLOCS)), MPOL_OK);
    assert_int_equal(mpol_model_tu_nplayers(m), 4);
    assert_string_equal(mpol_model_tu_rule(m), "table");
    size_t u[4], nu = 99;
    assert_int_equal(mpol_model_tu_unions(m, NULL, &nu), MPOL_OK);
    assert_int_equal(nu, 3);
    assert_int_equal(mpol_model_tu_unions(m, u, &nu), MPOL_OK);
    assert_true(u[0] == 0 && u[1] == 0 && u[2] == 1 && u[3] == 2);
    const size_t *e;
    size_t ne;
    assert_int_equal(mpol_model_tu_graph(m, &e, &ne), MPOL_OK);
    assert_int_equal(ne, 4);
    static const size_t want_e[] = {0, 1, 0, 2, 1, 2, 0, 3};
    assert_memory_equal(e, want_e, sizeof want_e);
    /* Owen - Shapley = transit * (-1/12, -1/12, 1/6, 0), at two values of transit. */
    static const double transit[] = {3, 7.5};
    for (int t = 0; t < 2; t++) {
        assert_int_equal(mpol_model_set_param(m, "transit", transit[t]), MPOL_OK);
        mpol_tu_game *g;
        mpol_value *sh, *ow, *my;
        assert_int_equal(mpol_model_tu(&g, m), MPOL_OK);
        assert_int_equal(mpol_tu_shapley(&sh, g), MPOL_OK);
        assert_int_equal(mpol_tu_owen(&ow, g, u), MPOL_OK);
        assert_int_equal(mpol_tu_myerson(&my, g, e, ne), MPOL_OK);
        const double d[4] = {-1.0 / 12, -1.0 / 12, 1.0 / 6, 0};
        for (int i = 0; i < 4; i++) {
            assert_close(ow->x[i] - sh->x[i], transit[t] * d[i], MPOL_TEST_TOL);
            assert_close(my->x[i], sh->x[i], MPOL_TEST_TOL);
        }
        if (t == 0) {
            /* The figures quoted in the model's header comment. */
            assert_close(sh->x[0], 4.27879, 1e-6);
            assert_close(ow->x[2], 4.05, 1e-9);
        }
        mpol_value_free(sh);
        mpol_value_free(ow);
        mpol_value_free(my);
        mpol_tu_free(g);
    }
    mpol_model_free(m);

    /* No unions, no graph; graph: [] is a graph without edges. */
    m = load_ok("kind: tu\nplayers: [A, B]\ngraph: []\nvalues: {A+B: 1}\n");
    assert_int_equal(mpol_model_tu_unions(m, u, &nu), MPOL_OK);
    assert_int_equal(nu, 0);
    assert_int_equal(mpol_model_tu_graph(m, &e, &ne), MPOL_OK);
    assert_non_null(e);
    assert_int_equal(ne, 0);
    mpol_model_free(m);
    m = load_ok("kind: tu\nplayers: [A, B]\nvalues: {A+B: 1}\n");
    assert_int_equal(mpol_model_tu_graph(m, &e, &ne), MPOL_OK);
    assert_null(e);
    mpol_model_free(m);
    /* Not a tu model. */
    m = load_ok("kind: weighted-voting\nquota: 2\nplayers: {A: 1, B: 1}\n");
    assert_int_equal(mpol_model_tu_unions(m, u, &nu), MPOL_EINVAL);
    assert_int_equal(mpol_model_tu_graph(m, &e, &ne), MPOL_EINVAL);
    assert_null(mpol_model_tu_rule(m));
    assert_int_equal(mpol_model_tu_nplayers(m), 0);
    mpol_model_free(m);
}

#define H "kind: tu\nplayers: [A, B, C]\n"

static void test_errors(void **state)
{
    (void)state;
    /* Weighted-voting models no power index can solve are refused at load, placed, with the
     * player's name (not "player 1" and no function name). */
    expect_error("kind: weighted-voting\nquota: 10\nplayers: {A: 3, B: 4}\n", MPOL_EPARSE,
                 "t.yaml:2:8: the quota 10 exceeds the total weight 7 of the players: no "
                 "coalition can win");
    expect_error("kind: weighted-voting\nquota: 1\nplayers: {A: 0, B: 0}\n", MPOL_EPARSE,
                 "t.yaml:3:14: every weight is 0: no coalition can win");
    expect_error("kind: weighted-voting\nquota: 1\nplayers: {A: 1, B: 0.1234567}\n", MPOL_EPARSE,
                 "t.yaml:3:20: the weight of \"B\" (0.1234567) has more than 6 digits after the "
                 "decimal point; scale the weights to integers");
    mpol_model *wm = load_ok("kind: weighted-voting\nparameters: {q: {default: 2, max: 9}}\n"
                             "quota: q\nplayers: {A: 1, B: 1}\n");
    mpol_wvg *wg = NULL;
    assert_int_equal(mpol_model_set_param(wm, "q", 3), MPOL_OK);
    assert_int_equal(mpol_model_wvg(&wg, wm), MPOL_EPARSE);
    assert_null(wg);
    assert_string_equal(mpol_last_error(), "t.yaml:3:8: the quota 3 exceeds the total weight 2 "
                                           "of the players: no coalition can win");
    mpol_model_free(wm);
    expect_error(H "rule: {type: bankrupcy, estate: 1, claims: [1, 2, 3]}\n", MPOL_EPARSE,
                 "t.yaml:3:14: unknown rule \"bankrupcy\" (did you mean \"bankruptcy\"?)");
    expect_error(H "rule: {type: lottery}\n", MPOL_EPARSE,
                 "t.yaml:3:14: unknown rule \"lottery\" (expected bankruptcy, unanimity, "
                 "airport, weighted-voting or vector-voting)");
    expect_error(H "rule:\n  type: bankruptcy\n  claims: [1, 2, 3]\n", MPOL_EPARSE,
                 "t.yaml:4:3: missing key \"estate\" in a bankruptcy rule");
    expect_error(H "rule:\n  type: bankruptcy\n  estate: 4\n  claims: {A: 1, B: -2, C: 3}\n",
                 MPOL_ENUMERIC, "t.yaml:6:21: the claim of \"B\" must be non-negative, not -2");
    expect_error(H "parameters: {e: -1}\nrule:\n  type: bankruptcy\n  estate: e\n  claims: [1, "
                   "2, 3]\n",
                 MPOL_ENUMERIC, "t.yaml:6:11: the estate must be non-negative, not -1");
    expect_error(H "rule:\n  type: bankruptcy\n  estate: 4\n  claims: [1, 2]\n", MPOL_EPARSE,
                 "t.yaml:6:11: claims has 2 entries but there are 3 players");
    expect_error(H "rule:\n  type: bankruptcy\n  estate: 4\n  claims: {A: 1, B: 2}\n", MPOL_EPARSE,
                 "t.yaml:6:11: claims has no entry for player \"C\"");
    expect_error(H "rule:\n  type: bankruptcy\n  estate: 4\n  claims: {A: 1, B: 2, D: 3}\n",
                 MPOL_EPARSE, "t.yaml:6:24: unknown player \"D\" in claims");
    expect_error(H "rule:\n  type: bankruptcy\n  estate: 4\n  claims: {A: 1, B: 2, A: 3}\n",
                 MPOL_EPARSE, "t.yaml:6:24: duplicate key \"A\" (first at line 6)");
    expect_error(H "rule: {type: unanimity, carrier: [A]}\nvalues: {A: 1}\n", MPOL_EPARSE,
                 "t.yaml:4:9: give either rule or values (with default), not both");
    expect_error(H "rule: {type: unanimity, carrier: [A], estate: 3}\n", MPOL_EPARSE,
                 "t.yaml:3:39: unknown key \"estate\" in a unanimity rule");
    expect_error(H "rule: {type: unanimity, carrier: []}\n", MPOL_EPARSE,
                 "t.yaml:3:34: the carrier of a unanimity game must not be empty");
    expect_error(H "rule: {type: airport, costs: [1, -1, 2]}\n", MPOL_ENUMERIC,
                 "t.yaml:3:34: the runway cost of \"B\" must be non-negative, not -1");
    expect_error(H "rule: {type: weighted-voting, quota: 0, weights: [1, 1, 1]}\n", MPOL_ENUMERIC,
                 "t.yaml:3:38: the quota must be positive, not 0");
    expect_error(H "rule:\n  type: vector-voting\n  weights: [[1, 1, 1], [1, 2, 3]]\n  quotas: "
                   "[2]\n",
                 MPOL_EPARSE, "t.yaml:6:11: quotas has 1 entries but weights has 2 vectors");
    expect_error(H "unions: [[A, B], [D]]\nvalues: {A: 1}\n", MPOL_EPARSE,
                 "t.yaml:3:19: unknown player \"D\" in a union");
    expect_error(H "unions:\n  - [A, B]\n  - [B, C]\nvalues: {A: 1}\n", MPOL_EPARSE,
                 "t.yaml:5:6: player \"B\" is in two unions (first at line 4); unions must not "
                 "overlap");
    expect_error(H "unions: [[A, B]]\nvalues: {A: 1}\n", MPOL_EPARSE,
                 "t.yaml:3:9: player \"C\" is in no union; unions must be a partition of the "
                 "players (list it alone: [C])");
    expect_error(H "unions: [[A, B], [], [C]]\nvalues: {A: 1}\n", MPOL_EPARSE,
                 "t.yaml:3:18: union 2 is empty");
    expect_error(H "graph: [[A, B], [C, C]]\nvalues: {A: 1}\n", MPOL_EPARSE,
                 "t.yaml:3:17: an edge must join two different players, not \"C\" and itself");
    expect_error(H "graph: [[A, B, C]]\nvalues: {A: 1}\n", MPOL_EPARSE,
                 "t.yaml:3:9: an edge of graph is a list of two players [A, B]");
    expect_error(H "graph:\n  - [A, Bee]\nvalues: {A: 1}\n", MPOL_EPARSE,
                 "t.yaml:4:9: unknown player \"Bee\" in an edge");
    expect_error(H "unions: [[A, B, C]]\n", MPOL_EPARSE,
                 "t.yaml:1:1: missing key \"values\" in the model (or a rule)");
    /* A negative claim reached by a parameter later: eval reports the claim's position. */
    mpol_model *m = load_ok(H "parameters: {c: 1}\nrule:\n  type: bankruptcy\n"
                              "  estate: 4\n  claims: [1, c, 3]\n");
    assert_int_equal(mpol_model_set_param(m, "c", -1), MPOL_OK);
    mpol_tu_game *g = NULL;
    assert_int_equal(mpol_model_tu(&g, m), MPOL_ENUMERIC);
    assert_string_equal(mpol_last_error(),
                        "t.yaml:7:15: the claim of \"B\" must be non-negative, not -1");
    assert_null(g);
    mpol_model_free(m);
}

/* The model written by mpol_model_write_yaml, as a malloc'd string. */
static char *yaml_of(const mpol_model *m, size_t *len)
{
    return mpol_test_model_yaml(m, len);
}

static void test_from_tu_and_wvg(void **state)
{
    (void)state;
    mpol_tu_game *g;
    assert_int_equal(mpol_tu_alloc(&g, 3), MPOL_OK);
    for (size_t S = 1; S < 8; S++)
        g->v[S] = (double)__builtin_popcount((unsigned)S) / 3.0;
    assert_int_equal(mpol_tu_set_name(g, 1, "Russia"), MPOL_OK);
    mpol_model *m;
    assert_int_equal(mpol_model_from_tu(&m, g, "x.tu"), MPOL_OK);
    assert_string_equal(mpol_model_source(m), "x.tu");
    assert_string_equal(mpol_model_title(m), "TU game with 3 players");
    assert_int_equal(mpol_model_get_kind(m), MPOL_MODEL_TU);
    assert_same_table(m, g);
    /* write_yaml reads back to the same table, bit for bit */
    size_t len;
    char *buf = yaml_of(m, &len);
    mpol_model *m2;
    assert_int_equal(mpol_model_load_string(&m2, buf, len, "rt.yaml"), MPOL_OK);
    assert_same_table(m2, g);
    mpol_model_free(m2);
    free(buf);
    mpol_model_free(m);
    g->v[0] = 1;
    assert_int_equal(mpol_model_from_tu(&m, g, "x.tu"), MPOL_EINVAL);
    g->v[0] = NAN;
    assert_int_equal(mpol_model_from_tu(&m, g, "x.tu"), MPOL_EINVAL);
    assert_int_equal(mpol_model_from_tu(&m, NULL, "x.tu"), MPOL_EINVAL);
    mpol_tu_free(g);

    mpol_wvg *w;
    assert_int_equal(mpol_wvg_alloc(&w, 3), MPOL_OK);
    w->quota = 0.1 + 0.2; /* 0.30000000000000004 must survive */
    w->weights[0] = 0.1;
    w->weights[1] = 1.0 / 3.0;
    w->weights[2] = 2;
    assert_int_equal(mpol_model_from_wvg(&m, w, "x.csv"), MPOL_OK);
    assert_int_equal(mpol_model_get_kind(m), MPOL_MODEL_WEIGHTED_VOTING);
    mpol_wvg *w2;
    assert_int_equal(mpol_model_wvg(&w2, m), MPOL_OK);
    assert_true(w2->quota == w->quota);
    for (int i = 0; i < 3; i++)
        assert_true(w2->weights[i] == w->weights[i]);
    mpol_wvg_free(w2);
    mpol_model_free(m);
    w->weights[1] = -1;
    assert_int_equal(mpol_model_from_wvg(&m, w, "x.csv"), MPOL_EINVAL);
    w->weights[1] = 1;
    w->quota = 0;
    assert_int_equal(mpol_model_from_wvg(&m, w, "x.csv"), MPOL_EINVAL);
    mpol_wvg_free(w);
}

/* Every rule form, unions and graph survive write_yaml -> load with the same table. */
static void test_rule_round_trip(void **state)
{
    (void)state;
    static const char *const models[] = {
        H "parameters: {e: 5}\nunions: [[A, C], [B]]\ngraph: [[A, B], [B, C]]\n"
          "rule: {type: bankruptcy, estate: e, claims: {A: 1, B: \"2*e/5\", C: 3.5}}\n",
        H "rule: {type: airport, costs: [1, 2.5, 2]}\n",
        H "rule: {type: unanimity, carrier: [C, A]}\n",
        H "rule: {type: weighted-voting, quota: 3, weights: [2, 1, 1]}\n",
        H "rule: {type: vector-voting, quotas: [2, 5], weights: [[1, 1, 1], {C: 4, B: 2, A: "
          "1}]}\n",
    };
    for (size_t k = 0; k < sizeof models / sizeof models[0]; k++) {
        mpol_model *m = load_ok(models[k]), *m2;
        size_t len;
        char *buf = yaml_of(m, &len);
        if (mpol_model_load_string(&m2, buf, len, "rt.yaml") != MPOL_OK)
            fail_msg("%s\n%s", mpol_last_error(), buf);
        mpol_tu_game *g;
        assert_int_equal(mpol_model_tu(&g, m), MPOL_OK);
        assert_same_table(m2, g);
        assert_string_equal(mpol_model_tu_rule(m2), mpol_model_tu_rule(m));
        size_t u1[3], u2[3], n1, n2, ne1, ne2;
        const size_t *e1, *e2;
        assert_int_equal(mpol_model_tu_unions(m, u1, &n1), MPOL_OK);
        assert_int_equal(mpol_model_tu_unions(m2, u2, &n2), MPOL_OK);
        assert_int_equal(n1, n2);
        if (n1 > 0)
            assert_memory_equal(u1, u2, sizeof u1);
        assert_int_equal(mpol_model_tu_graph(m, &e1, &ne1), MPOL_OK);
        assert_int_equal(mpol_model_tu_graph(m2, &e2, &ne2), MPOL_OK);
        assert_int_equal(ne1, ne2);
        assert_true((e1 == NULL) == (e2 == NULL));
        if (ne1 > 0)
            assert_memory_equal(e1, e2, 2 * ne1 * sizeof *e1);
        mpol_tu_free(g);
        mpol_model_free(m);
        mpol_model_free(m2);
        free(buf);
    }
}

typedef struct oom_ctx {
    const char *text;
} oom_ctx;

static mpol_status load_body(void *p)
{
    oom_ctx *c = p;
    mpol_model *m;
    mpol_status st = mpol_model_load_string(&m, c->text, strlen(c->text), "oom.yaml");
    if (st != MPOL_OK)
        return st;
    mpol_tu_game *g = NULL;
    st = mpol_model_tu(&g, m);
    mpol_tu_free(g);
    mpol_model_free(m);
    return st;
}

static mpol_status from_body(void *p)
{
    (void)p;
    mpol_tu_game *g;
    mpol_wvg *w = NULL;
    mpol_model *m = NULL;
    mpol_status st = mpol_tu_alloc(&g, 4);
    if (st == MPOL_OK)
        st = mpol_model_from_tu(&m, g, "oom.tu");
    mpol_model_free(m);
    m = NULL;
    if (st == MPOL_OK && (st = mpol_wvg_alloc(&w, 3)) == MPOL_OK) {
        w->quota = 2;
        st = mpol_model_from_wvg(&m, w, "oom.csv");
    }
    mpol_model_free(m);
    mpol_wvg_free(w);
    mpol_tu_free(g);
    return st;
}

static void test_allocation_failures(void **state)
{
    (void)state;
    static const char *const texts[] = {
        H "unions: [[A, C], [B]]\ngraph: [[A, B], [B, C]]\n"
          "rule: {type: bankruptcy, estate: 5, claims: {A: 1, B: 2, C: 3.5}}\n",
        H "rule: {type: vector-voting, quotas: [2, 5], weights: [[1, 1, 1], [4, 2, 1]]}\n",
        H "rule: {type: unanimity, carrier: [C, A]}\n",
    };
    for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++) {
        oom_ctx c = {texts[k]};
        assert_true(mpol_test_oom_loop(load_body, &c) > 5);
    }
    assert_true(mpol_test_oom_loop(from_body, NULL) > 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rules_equal_constructors), cmocka_unit_test(test_eu_double_majority),
        cmocka_unit_test(test_blocs_unions_and_graph),   cmocka_unit_test(test_errors),
        cmocka_unit_test(test_from_tu_and_wvg),          cmocka_unit_test(test_rule_round_trip),
        cmocka_unit_test(test_allocation_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
