/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the limit tests: every algorithm whose work grows exponentially (or
 * whose memory does) must refuse an instance above its documented, overridable limit with
 * MPOL_ELIMIT and a message naming the limit, and must do so fast (well under a second),
 * before doing the work. Each test builds an instance far above the default, checks the
 * status, the message and the time, and, where the limit is an option, that a small
 * override refuses a small instance and a large enough one lets it through.
 * docs/performance.md ("Limits") lists the same limits with the option behind each.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>

#include "mpol_test.h"
#include "multipolar.h"
#include "multipolar/bimatrix.h"
#include "multipolar/coalition.h"

/* A refusal must come before the work: this is generous for a loaded 2-core machine. The
 * sanitizer build runs the same estimate 2-4x slower (the Shapley-Shubik estimate below
 * walks ~10^7 (weight, size) pairs: about 0.2 s optimised, 1.1 s under ASan at load 10). */
#if defined(__SANITIZE_ADDRESS__)
#define REFUSAL_BASE_SECONDS 3.0
#else
#define REFUSAL_BASE_SECONDS 1.0
#endif
/* Under valgrind (scripts/memcheck.sh sets MPOL_TEST_VALGRIND=1) code runs 20-50x slower:
 * the bound then only catches a refusal that does the work. */
#define REFUSAL_SECONDS (REFUSAL_BASE_SECONDS * (getenv("MPOL_TEST_VALGRIND") != NULL ? 50.0 : 1.0))

/* Checks a refusal: status MPOL_ELIMIT, @p needle in the message, elapsed time small. */
static void assert_refused(mpol_status st, double t0, const char *needle)
{
    double dt = mpol_test_wall() - t0;
    if (st != MPOL_ELIMIT)
        fail_msg("status %s (%s), expected MPOL_ELIMIT", mpol_status_name(st), mpol_last_error());
    if (strstr(mpol_last_error(), needle) == NULL)
        fail_msg("message \"%s\" lacks \"%s\"", mpol_last_error(), needle);
    if (dt > REFUSAL_SECONDS)
        fail_msg("refusal took %.3f s (\"%s\")", dt, mpol_last_error());
}

static void test_game_alloc_cells(void **state)
{
    (void)state;
    mpol_game *g = NULL;
    size_t ns[3] = {1000, 1000, 1000};
    double t0 = mpol_test_wall();
    assert_refused(mpol_game_alloc(&g, 3, ns), t0, "strategy profiles");
    assert_null(g);
    size_t many[40];
    for (size_t p = 0; p < 40; p++)
        many[p] = 2;
    t0 = mpol_test_wall();
    assert_refused(mpol_game_alloc(&g, 40, many), t0, "strategy profiles");
}

static void test_tu_table_players(void **state)
{
    (void)state;
    mpol_tu_game *g = NULL;
    double t0 = mpol_test_wall();
    assert_refused(mpol_tu_alloc(&g, MPOL_TU_MAX_PLAYERS + 1), t0, "2^n");
    assert_null(g);
    /* The rules that build tables refuse the same way. */
    double costs[MPOL_TU_MAX_PLAYERS + 1];
    for (size_t i = 0; i <= MPOL_TU_MAX_PLAYERS; i++)
        costs[i] = 1.0 + (double)i;
    t0 = mpol_test_wall();
    assert_refused(mpol_tu_airport(&g, MPOL_TU_MAX_PLAYERS + 1, costs), t0, "players");
    t0 = mpol_test_wall();
    assert_refused(mpol_tu_bankruptcy(&g, MPOL_TU_MAX_PLAYERS + 1, 10.0, costs), t0, "players");
    /* A weighted voting game is fine with thousands of players, its table is not. */
    mpol_wvg *w;
    assert_int_equal(mpol_wvg_alloc(&w, 40), MPOL_OK);
    for (size_t i = 0; i < 40; i++)
        w->weights[i] = 1;
    w->quota = 21;
    t0 = mpol_test_wall();
    assert_refused(mpol_tu_from_wvg(&g, w), t0, "players");
    mpol_wvg_free(w);
}

/* Player 1 moves at k information sets below a chance node: 2^k reduced strategies. */
static char *efg_many_plans(size_t k)
{
    size_t cap = 256 + k * 160, len = 0;
    char *s = malloc(cap);
    assert_non_null(s);
    len += (size_t)snprintf(s + len, cap - len,
                            "EFG 2 R \"plans\" { \"P1\" \"P2\" } \"\"\nc \"\" 1 \"\" {");
    for (size_t i = 0; i < k; i++)
        len += (size_t)snprintf(s + len, cap - len, " \"b%zu\" 1/%zu", i + 1, k);
    len += (size_t)snprintf(s + len, cap - len, " } 0\n");
    for (size_t i = 0; i < k; i++)
        len += (size_t)snprintf(s + len, cap - len,
                                "p \"\" 1 %zu \"\" { \"L\" \"R\" } 0\n"
                                "t \"\" %zu \"\" { 1, 0 }\nt \"\" %zu \"\" { 0, 1 }\n",
                                i + 1, 2 * i + 1, 2 * i + 2);
    return s;
}

/* The process-wide limits of common.h: defaults, set, refuse, raise, restore. */
static void test_limits_api(void **state)
{
    (void)state;
    assert_true(mpol_limit_get(MPOL_LIMIT_TU_BYTES) == ((size_t)2 << 30));
    assert_true(mpol_limit_get(MPOL_LIMIT_GAME_CELLS) == ((size_t)1 << 28));
    assert_true(mpol_limit_get(MPOL_LIMIT_SWEEP_POINTS) == 100000000);
    for (int k = 0; k < MPOL_LIMIT_COUNT; k++)
        assert_true(mpol_limit_get((mpol_limit)k) == mpol_limit_default((mpol_limit)k));
    assert_string_equal(mpol_limit_name(MPOL_LIMIT_TU_BYTES), "tu-bytes");
    assert_string_equal(mpol_limit_name(MPOL_LIMIT_GAME_CELLS), "game-cells");
    assert_string_equal(mpol_limit_name(MPOL_LIMIT_SWEEP_POINTS), "sweep-points");
    assert_string_equal(mpol_limit_name(MPOL_LIMIT_MODEL_CELLS), "model-cells");
    assert_true(mpol_limit_get(MPOL_LIMIT_MODEL_CELLS) == ((size_t)1 << 24));
    assert_string_equal(mpol_limit_name(MPOL_LIMIT_BIMATRIX_BYTES), "bimatrix-bytes");
    assert_true(mpol_limit_get(MPOL_LIMIT_BIMATRIX_BYTES) == ((size_t)2 << 30));
    assert_null(mpol_limit_name((mpol_limit)MPOL_LIMIT_COUNT));
    assert_int_equal(mpol_limit_set((mpol_limit)MPOL_LIMIT_COUNT, 5), MPOL_EINVAL);
    assert_non_null(strstr(mpol_last_error(), "unknown limit"));
    assert_int_equal(mpol_limit_set((mpol_limit)-1, 5), MPOL_EINVAL);
    assert_true(mpol_limit_get((mpol_limit)MPOL_LIMIT_COUNT) == 0);
    assert_true(mpol_limit_default((mpol_limit)-1) == 0);

    /* Parsing NAME=VALUE, as the CLI's --limit does. */
    assert_int_equal(mpol_limit_parse("tu-bytes=4Gi"), MPOL_OK);
    assert_true(mpol_limit_get(MPOL_LIMIT_TU_BYTES) == ((size_t)4 << 30));
    assert_int_equal(mpol_limit_parse("tu-bytes=512M"), MPOL_OK);
    assert_true(mpol_limit_get(MPOL_LIMIT_TU_BYTES) == 512000000);
    assert_int_equal(mpol_limit_parse("tu-bytes=default"), MPOL_OK);
    assert_true(mpol_limit_get(MPOL_LIMIT_TU_BYTES) == MPOL_LIMIT_TU_BYTES_DEFAULT);
    assert_int_equal(mpol_limit_parse("sweep-points=12k"), MPOL_OK);
    assert_true(mpol_limit_get(MPOL_LIMIT_SWEEP_POINTS) == 12000);
    assert_int_equal(mpol_limit_parse("sweep-points=0"), MPOL_OK);
    assert_true(mpol_limit_get(MPOL_LIMIT_SWEEP_POINTS) == MPOL_LIMIT_SWEEP_POINTS_DEFAULT);
    static const char *const bad[] = {"tu-bytes",
                                      "cells=5",
                                      "tu-bytes=-1",
                                      "tu-bytes=",
                                      "tu-bytes=1X",
                                      "tu-bytes=1 G",
                                      "=5",
                                      "tu-bytes=1e9",
                                      "tu-bytes=99999999999999999999",
                                      "tu-bytes=20000000000Ti"};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        if (mpol_limit_parse(bad[k]) != MPOL_EINVAL)
            fail_msg("\"%s\" accepted", bad[k]);
        assert_non_null(strstr(mpol_last_error(), "mpol_limit_parse"));
    }
    assert_int_equal(mpol_limit_parse(NULL), MPOL_EINVAL);
    /* A rejected spec leaves the limit alone. */
    assert_int_equal(mpol_limit_parse("game-cells=7"), MPOL_OK);
    assert_int_equal(mpol_limit_parse("game-cells=7X"), MPOL_EINVAL);
    assert_true(mpol_limit_get(MPOL_LIMIT_GAME_CELLS) == 7);
    assert_true(mpol_limit_get(MPOL_LIMIT_TU_BYTES) == MPOL_LIMIT_TU_BYTES_DEFAULT);
    assert_int_equal(mpol_limit_set(MPOL_LIMIT_GAME_CELLS, 0), MPOL_OK);
}

/* Model files: strategic games of more than model-cells profiles are refused while loading,
 * at the line of the players; raising the limit lets the same text through. */
static void test_model_cells_limit(void **state)
{
    (void)state;
    static const char text[] = "kind: bimatrix\nplayers:\n"
                               "  - {name: A, strategies: [a, b, c]}\n"
                               "  - {name: B, strategies: [x, y]}\n"
                               "payoffs:\n  row: [[1, 2], [3, 4], [5, 6]]\n"
                               "  column: [[6, 5], [4, 3], [2, 1]]\n";
    mpol_model *m = NULL;
    assert_int_equal(mpol_limit_parse("model-cells=5"), MPOL_OK);
    double t0 = mpol_test_wall();
    assert_refused(mpol_model_load_string(&m, text, sizeof text - 1, "t.yaml"), t0,
                   "more than 5 strategy profiles (the model-cells limit");
    assert_null(m);
    assert_non_null(strstr(mpol_last_error(), "t.yaml:"));
    assert_int_equal(mpol_limit_parse("model-cells=6"), MPOL_OK);
    assert_int_equal(mpol_model_load_string(&m, text, sizeof text - 1, "t.yaml"), MPOL_OK);
    mpol_model_free(m);
    assert_int_equal(mpol_limit_set(MPOL_LIMIT_MODEL_CELLS, 0), MPOL_OK);
    assert_true(mpol_limit_get(MPOL_LIMIT_MODEL_CELLS) == MPOL_LIMIT_MODEL_CELLS_DEFAULT);
}

/* TU tables: 2 GiB by default (n <= 28), overridable, refused before allocating. */
static void test_tu_bytes_limit(void **state)
{
    (void)state;
    mpol_tu_game *g = NULL;
    double t0 = mpol_test_wall();
    assert_refused(mpol_tu_alloc(&g, 29), t0, "needs 4 GiB, above the tu-bytes limit of 2 GiB");
    assert_null(g);
    assert_non_null(strstr(mpol_last_error(), "--limit tu-bytes="));
    double costs[29];
    for (size_t i = 0; i < 29; i++)
        costs[i] = 1.0 + (double)i;
    t0 = mpol_test_wall();
    assert_refused(mpol_tu_airport(&g, 29, costs), t0, "tu-bytes");
    mpol_wvg *w;
    assert_int_equal(mpol_wvg_alloc(&w, 29), MPOL_OK);
    for (size_t i = 0; i < 29; i++)
        w->weights[i] = 1;
    w->quota = 15;
    t0 = mpol_test_wall();
    assert_refused(mpol_tu_from_wvg(&g, w), t0, "tu-bytes");
    mpol_wvg_free(w);

    /* A small override refuses a small table; raising it lets the table through. */
    assert_int_equal(mpol_limit_set(MPOL_LIMIT_TU_BYTES, 1024), MPOL_OK); /* 2^7 doubles */
    t0 = mpol_test_wall();
    assert_refused(mpol_tu_alloc(&g, 8), t0, "needs 2 KiB, above the tu-bytes limit of 1 KiB");
    t0 = mpol_test_wall();
    assert_refused(mpol_tu_bankruptcy(&g, 8, 10.0, costs), t0, "tu-bytes");
    assert_int_equal(mpol_tu_alloc(&g, 7), MPOL_OK);
    mpol_tu_free(g);
    /* The table reader refuses while reading: 2^8 values > 1 KiB. */
    char path[] = "/tmp/mpol_limits_tu_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    for (int k = 0; k < 256; k++)
        fprintf(f, "%d\n", k == 0 ? 0 : k % 7);
    fclose(f);
    t0 = mpol_test_wall();
    assert_refused(mpol_tu_read_table_file(&g, path), t0, "above the tu-bytes limit");
    assert_int_equal(mpol_limit_set(MPOL_LIMIT_TU_BYTES, 2048), MPOL_OK);
    assert_int_equal(mpol_tu_read_table_file(&g, path), MPOL_OK);
    assert_int_equal(g->n, 8);
    mpol_tu_free(g);
    assert_int_equal(mpol_tu_alloc(&g, 8), MPOL_OK);
    mpol_tu_free(g);
    remove(path);
    /* Whatever the limit, n <= MPOL_TU_MAX_PLAYERS. */
    assert_int_equal(mpol_limit_set(MPOL_LIMIT_TU_BYTES, SIZE_MAX), MPOL_OK);
    t0 = mpol_test_wall();
    assert_refused(mpol_tu_alloc(&g, MPOL_TU_MAX_PLAYERS + 1), t0, "at most 30 players");
    assert_int_equal(mpol_limit_set(MPOL_LIMIT_TU_BYTES, 0), MPOL_OK);
    assert_true(mpol_limit_get(MPOL_LIMIT_TU_BYTES) == MPOL_LIMIT_TU_BYTES_DEFAULT);
    assert_int_equal(mpol_tu_alloc(&g, 0), MPOL_EINVAL);
}

/* Strategic-form games: payoff cells (profiles x players), overridable. */
static void test_game_cells_limit(void **state)
{
    (void)state;
    mpol_game *g = NULL;
    size_t ns[2] = {10, 10};
    assert_int_equal(mpol_limit_set(MPOL_LIMIT_GAME_CELLS, 150), MPOL_OK);
    double t0 = mpol_test_wall();
    assert_refused(mpol_game_alloc(&g, 2, ns), t0, "100 strategy profiles x 2 players");
    assert_non_null(strstr(mpol_last_error(), "--limit game-cells="));
    ns[1] = 200;
    t0 = mpol_test_wall();
    assert_refused(mpol_game_alloc(&g, 2, ns), t0, "more than 150 strategy profiles");
    /* The readers build games through mpol_game_alloc, so they follow the limit: an .efg
     * with 2^7 = 128 plans for player 1 has 128 x 2 = 256 payoffs. */
    char *text = efg_many_plans(7);
    t0 = mpol_test_wall();
    assert_refused(mpol_efg_read_string(&g, text, strlen(text), "x.efg", NULL), t0,
                   "128 strategy profiles x 2 players are more than 150 payoffs");
    free(text);
    assert_int_equal(mpol_limit_set(MPOL_LIMIT_GAME_CELLS, 200), MPOL_OK);
    ns[1] = 10;
    assert_int_equal(mpol_game_alloc(&g, 2, ns), MPOL_OK);
    mpol_game_free(g);
    assert_int_equal(mpol_limit_set(MPOL_LIMIT_GAME_CELLS, 0), MPOL_OK);
    size_t big[2] = {20000, 20000}; /* 8e8 payoffs > 2^28 */
    t0 = mpol_test_wall();
    assert_refused(mpol_game_alloc(&g, 2, big), t0, "game-cells");
}

static void test_support_enumeration(void **state)
{
    (void)state;
    gsl_set_error_handler_off();
    mpol_game *g;
    size_t ns[3] = {10, 10, 10};
    assert_int_equal(mpol_game_alloc(&g, 3, ns), MPOL_OK);
    mpol_nash_result *r = NULL;
    double t0 = mpol_test_wall();
    assert_refused(mpol_nash_support_enum(&r, g, NULL), t0, "max_supports");
    assert_null(r);
    mpol_game_free(g);

    /* 2x2x2: (2^2 - 1)^3 = 27 support profiles; the limit is inclusive. */
    size_t n2[3] = {2, 2, 2};
    assert_int_equal(mpol_game_alloc(&g, 3, n2), MPOL_OK);
    for (size_t c = 0; c < g->ncells * 3; c++)
        g->payoff[c] = (double)((c * 7) % 5);
    mpol_nash_support_opts o;
    mpol_nash_support_opts_init(&o);
    o.max_supports = 26;
    t0 = mpol_test_wall();
    assert_refused(mpol_nash_support_enum(&r, g, &o), t0, "max_supports = 26");
    o.max_supports = 27;
    assert_int_equal(mpol_nash_support_enum(&r, g, &o), MPOL_OK);
    mpol_nash_result_free(r);
    mpol_game_free(g);
}

static void random_bimatrix(size_t m, size_t n, double *A, double *B, uint64_t seed)
{
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, seed);
    for (size_t k = 0; k < m * n; k++) {
        A[k] = (double)mpol_test_rng_int(&rng, 0, 99);
        B[k] = (double)mpol_test_rng_int(&rng, 0, 99);
    }
}

static void test_bimatrix_bases_and_pivots(void **state)
{
    (void)state;
    enum { M = 12 };
    double A[M * M], B[M * M];
    random_bimatrix(M, M, A, B, 7);
    mpol_bimatrix_opts o;
    mpol_bimatrix_opts_init(&o);
    o.max_bases = 100;
    mpol_bimatrix_result *r = NULL;
    double t0 = mpol_test_wall();
    assert_refused(mpol_bimatrix_enumerate(&r, M, M, A, B, &o), t0, "max_bases");
    assert_null(r);
    mpol_bimatrix_opts_init(&o);
    assert_int_equal(mpol_bimatrix_enumerate(&r, M, M, A, B, &o), MPOL_OK);
    assert_true(r->neq >= 1);
    mpol_bimatrix_result_free(r);
    mpol_bimatrix_opts_init(&o);
    o.max_pivots = 1;
    o.lh_label = 0; /* every label: some path needs more than one pivot */
    t0 = mpol_test_wall();
    assert_refused(mpol_bimatrix_lemke_howson(&r, M, M, A, B, &o), t0, "max_pivots");
}

static void test_power_index_dp(void **state)
{
    (void)state;
    /* 3000 players with weights up to 10^6: the Shapley-Shubik table needs ~10^12 cells. */
    enum { N = 3000 };
    mpol_wvg *g;
    assert_int_equal(mpol_wvg_alloc(&g, N), MPOL_OK);
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 3);
    double total = 0;
    for (size_t i = 0; i < N; i++) {
        g->weights[i] = (double)mpol_test_rng_int(&rng, 1, 1000000);
        total += g->weights[i];
    }
    g->quota = floor(total / 2) + 1;
    mpol_power_result *r = NULL;
    double t0 = mpol_test_wall();
    assert_refused(mpol_power_shapley_shubik(&r, g, NULL), t0, "max_cells");
    assert_null(r);
    mpol_power_opts o;
    mpol_power_opts_init(&o);
    o.max_cells = (size_t)1 << 50;
    t0 = mpol_test_wall();
    assert_refused(mpol_power_shapley_shubik(&r, g, &o), t0, "max_work");
    mpol_wvg_free(g);

    /* Overrides refuse a small game and let it through when raised. */
    assert_int_equal(mpol_wvg_alloc(&g, 10), MPOL_OK);
    for (size_t i = 0; i < 10; i++)
        g->weights[i] = (double)(i + 1);
    g->quota = 28;
    mpol_power_opts_init(&o);
    o.max_cells = 10;
    t0 = mpol_test_wall();
    assert_refused(mpol_power_banzhaf(&r, g, &o), t0, "max_cells");
    mpol_power_opts_init(&o);
    o.max_work = 10;
    t0 = mpol_test_wall();
    assert_refused(mpol_power_banzhaf(&r, g, &o), t0, "max_work");
    o.exact = 1;
    t0 = mpol_test_wall();
    assert_refused(mpol_power_shapley_shubik(&r, g, &o), t0, "max_work");
    mpol_power_opts_init(&o);
    assert_int_equal(mpol_power_banzhaf(&r, g, &o), MPOL_OK);
    mpol_power_result_free(r);
    mpol_wvg_free(g);
}

static void test_minimal_winning(void **state)
{
    (void)state;
    /* 40 equal players, quota 20: C(40, 20) ~ 1.4e11 minimal winning coalitions. */
    mpol_wvg *g;
    assert_int_equal(mpol_wvg_alloc(&g, 40), MPOL_OK);
    for (size_t i = 0; i < 40; i++)
        g->weights[i] = 1;
    g->quota = 20;
    mpol_mwc_list *l = NULL;
    double t0 = mpol_test_wall();
    assert_refused(mpol_wvg_minimal_winning(&l, g, 1000), t0, "more than 1000");
    assert_null(l);
    /* The count comes first (a subset-sum DP), so the default limit refuses up front too,
     * with the exact count: 30 equal players, quota 15, C(30, 15) = 155117520 ~ 1.6e8. */
    g->n = 30;
    g->quota = 15;
    t0 = mpol_test_wall();
    assert_refused(mpol_wvg_minimal_winning(&l, g, 0), t0,
                   "has 155117520 minimal winning coalitions, more than 1000000");
    printf("MWC refusal, 1.6e8 coalitions (DP count): %.3f ms\n", 1e3 * (mpol_test_wall() - t0));
    /* Weights near 10^9 (132732631 coalitions, computed by a separate DP over index sums)
     * make the DP table too large: the count falls back to a search that
     * stops above the limit (O(limit) work, no listing). */
    for (size_t i = 0; i < 30; i++)
        g->weights[i] = 1000000007.0 + (double)i;
    g->quota = 15 * 1000000007.0 + 200;
    t0 = mpol_test_wall();
    assert_refused(mpol_wvg_minimal_winning(&l, g, 0), t0, "more than 1000000 minimal winning");
    printf("MWC refusal, ~1e8 coalitions (search count, default limit): %.3f ms\n",
           1e3 * (mpol_test_wall() - t0));
    /* The limit is inclusive: a game with exactly `limit` coalitions is listed. */
    g->n = 10;
    for (size_t i = 0; i < 10; i++)
        g->weights[i] = 1;
    g->quota = 5; /* C(10, 5) = 252 */
    t0 = mpol_test_wall();
    assert_refused(mpol_wvg_minimal_winning(&l, g, 251), t0, "has 252 minimal");
    assert_int_equal(mpol_wvg_minimal_winning(&l, g, 252), MPOL_OK);
    assert_int_equal(l->count, 252);
    mpol_mwc_list_free(l);
    g->n = 40;
    mpol_wvg_free(g);
}

static void test_nucleolus_lp_solves(void **state)
{
    (void)state;
    gsl_set_error_handler_off();
    mpol_tu_game *g;
    assert_int_equal(mpol_tu_benedek_game(&g, 1, 12, 1), MPOL_OK);
    mpol_core_opts o;
    mpol_core_opts_init(&o);
    o.max_lp_solves = 1;
    mpol_nucleolus_result *r = NULL;
    double t0 = mpol_test_wall();
    assert_refused(mpol_nucleolus(&r, g, &o), t0, "max_lp_solves");
    assert_null(r);
    mpol_core_opts_init(&o);
    assert_int_equal(mpol_nucleolus(&r, g, &o), MPOL_OK);
    mpol_nucleolus_result_free(r);
    mpol_tu_free(g);
}

static void test_efg_reduction(void **state)
{
    (void)state;
    /* The reduced strategies are counted (O(nodes)) before they are enumerated: a tree
     * with 2^40 ~ 1.1e12 plans for player 1 is refused at once under the default limit. */
    char *text = efg_many_plans(40);
    mpol_game *g = NULL;
    double t0 = mpol_test_wall();
    assert_refused(mpol_efg_read_string(&g, text, strlen(text), "plans.efg", NULL), t0,
                   "player 1 has more than 4194304 reduced strategies (the reduced strategic "
                   "form 1099511627776x1 has 1099511627776 profiles, counted before");
    printf("efg refusal, 2^40 plans: %.3f ms\n", 1e3 * (mpol_test_wall() - t0));
    assert_null(g);
    free(text);
    /* 2^64 and more saturate. */
    text = efg_many_plans(70);
    t0 = mpol_test_wall();
    assert_refused(mpol_efg_read_string(&g, text, strlen(text), "plans.efg", NULL), t0,
                   "form >=2^64x1 has at least 2^64 profiles");
    free(text);
    text = efg_many_plans(12); /* 4096 plans */
    mpol_efg_opts o;
    mpol_efg_opts_init(&o);
    o.max_profiles = 1000;
    t0 = mpol_test_wall();
    assert_refused(mpol_efg_read_string(&g, text, strlen(text), "plans.efg", &o), t0,
                   "reduced strategies");
    assert_null(g);
    free(text);
    text = efg_many_plans(4); /* 16 profiles */
    o.max_profiles = 15;
    t0 = mpol_test_wall();
    assert_refused(mpol_efg_read_string(&g, text, strlen(text), "plans.efg", &o), t0,
                   "more than 15");
    o.max_profiles = 16;
    assert_int_equal(mpol_efg_read_string(&g, text, strlen(text), "plans.efg", &o), MPOL_OK);
    assert_int_equal(g->ncells, 16);
    mpol_game_free(g);
    free(text);
}

/*
 * The up-front count equals the enumerated count on every .efg of the Gambit collection
 * that we read (shared/reference/gambit-games): read it (the reader checks every counted
 * player against its enumeration), then with max_profiles one below its size, which must be
 * refused before enumerating, with the size in the message, for every perfect-recall file.
 */
static void test_efg_counts_reference(void **state)
{
    (void)state;
    if (!mpol_test_have_shared())
        skip();
    FILE *idx = mpol_test_gambit_index();
    mpol_test_gambit_row row;
    int counted = 0, imperfect_counted = 0, imperfect_enumerated = 0, files = 0;
    double worst = 0;
    while (mpol_test_gambit_next(idx, &row)) {
        const char *file = row.file, *type = row.type, *recall = row.recall;
        if (strstr(file, ".efg") == NULL)
            continue;
        mpol_game *g = NULL;
        mpol_status st = mpol_efg_read_file(&g, mpol_test_gambit_path(file), NULL);
        if (st == MPOL_ELIMIT) { /* cs.efg, ttt.efg: refused up front, see below */
            assert_non_null(strstr(mpol_last_error(), "counted before enumerating"));
            counted++;
            continue;
        }
        if (st != MPOL_OK)
            fail_msg("%s: %s", file, mpol_last_error());
        size_t cells = g->ncells;
        mpol_game_free(g);
        files++;
        if (cells < 2)
            continue;
        mpol_efg_opts o;
        mpol_efg_opts_init(&o);
        o.max_profiles = cells - 1;
        double t0 = mpol_test_wall();
        st = mpol_efg_read_file(&g, mpol_test_gambit_path(file), &o);
        worst = fmax(worst, mpol_test_wall() - t0);
        if (st != MPOL_ELIMIT)
            fail_msg("%s: %s with max_profiles %zu", file, mpol_status_name(st), cells - 1);
        char want1[64], want2[64];
        snprintf(want1, sizeof want1, "(%zu, reduced strategies counted", cells);
        snprintf(want2, sizeof want2, "has %zu profiles, counted", cells);
        int up_front =
            strstr(mpol_last_error(), want1) != NULL || strstr(mpol_last_error(), want2) != NULL;
        int perfect = strcmp(type, "ERROR") == 0 || strncmp(recall, "perfect", 7) == 0;
        if (perfect && !up_front)
            fail_msg("%s (perfect recall): not refused up front: %s", file, mpol_last_error());
        counted += perfect;
        if (!perfect) {
            imperfect_counted += up_front;
            imperfect_enumerated += !up_front;
        }
        o.max_profiles = cells;
        assert_int_equal(mpol_efg_read_file(&g, mpol_test_gambit_path(file), &o), MPOL_OK);
        assert_int_equal(g->ncells, cells);
        mpol_game_free(g);
    }
    fclose(idx);
    printf("efg counts: %d files read, %d perfect-recall refusals up front, imperfect recall: "
           "%d up front, %d after enumerating; slowest refusal %.3f ms\n",
           files, counted, imperfect_counted, imperfect_enumerated, 1e3 * worst);
    assert_int_equal(files + 2, 174);
    assert_true(counted >= 140);
    assert_true(worst < REFUSAL_SECONDS);
}

static void test_sweep_points(void **state)
{
    (void)state;
    mpol_model *m;
    assert_int_equal(mpol_model_load_file(&m, mpol_test_src("models/kazakhstan/hedging.yaml")),
                     MPOL_OK);
    assert_true(mpol_model_nparams(m) >= 2);
    mpol_sweep_grid grid = {2, {0, 1}, {0, 0}, {1, 1}, {20000, 20000}};
    mpol_sweep_opts o;
    mpol_sweep_opts_init(&o);
    mpol_sweep_result *r = NULL;
    double t0 = mpol_test_wall();
    assert_refused(mpol_sweep_run(&r, m, &grid, &o), t0, "split the sweep");
    assert_null(r);
    assert_non_null(strstr(mpol_last_error(), "--limit sweep-points="));
    /* Overridable: 3 x 4 = 12 points refused under a limit of 11, run under 12. */
    mpol_sweep_grid small = {2, {0, 1}, {0, 0}, {1, 1}, {3, 4}};
    o.threads = 1;
    assert_int_equal(mpol_limit_set(MPOL_LIMIT_SWEEP_POINTS, 11), MPOL_OK);
    t0 = mpol_test_wall();
    assert_refused(mpol_sweep_run(&r, m, &small, &o), t0,
                   "12 grid points exceed the sweep-points "
                   "limit of 11");
    assert_int_equal(mpol_limit_set(MPOL_LIMIT_SWEEP_POINTS, 12), MPOL_OK);
    assert_int_equal(mpol_sweep_run(&r, m, &small, &o), MPOL_OK);
    mpol_sweep_result_free(r);
    assert_int_equal(mpol_limit_set(MPOL_LIMIT_SWEEP_POINTS, 0), MPOL_OK);
    mpol_model_free(m);
}

static void test_coalition_structures_and_hedonic(void **state)
{
    (void)state;
    /* Optimal coalition structure: refused when its tables exceed max_bytes (default 2 GiB),
     * before allocating them. The default admits n <= 27 (coalition.h says 28: 2^28 doubles
     * are exactly 2 GiB, and the work tables add a little). */
    assert_true(mpol_csg_memory(28) > MPOL_CSG_DEFAULT_MAX_BYTES);
    assert_true(mpol_csg_memory(27) <= MPOL_CSG_DEFAULT_MAX_BYTES);
    mpol_tu_game *g;
    assert_int_equal(mpol_tu_alloc(&g, 12), MPOL_OK);
    assert_int_equal(mpol_csg_fill_ndcs(g, 5), MPOL_OK);
    mpol_csg_opts o;
    mpol_csg_opts_init(&o);
    assert_int_equal(o.max_bytes, MPOL_CSG_DEFAULT_MAX_BYTES);
    o.max_bytes = mpol_csg_memory(12) - 1;
    mpol_csg_result *r = NULL;
    double t0 = mpol_test_wall();
    assert_refused(mpol_csg_solve(&r, g, &o), t0, "MiB");
    assert_null(r);
    o.max_bytes = mpol_csg_memory(12);
    assert_int_equal(mpol_csg_solve(&r, g, &o), MPOL_OK);
    assert_true(r->ok);
    mpol_csg_result_free(r);
    mpol_tu_free(g);

    /* Hedonic games: at most MPOL_HEDONIC_MAX_PLAYERS players; exhaustive search over all
     * partitions (Bell numbers) at most MPOL_HEDONIC_EXACT_MAX. */
    mpol_hedonic *h = NULL;
    t0 = mpol_test_wall();
    assert_refused(mpol_hedonic_alloc_additive(&h, MPOL_HEDONIC_MAX_PLAYERS + 1), t0, "players");
    assert_null(h);
    assert_int_equal(mpol_hedonic_alloc_additive(&h, 14), MPOL_OK);
    mpol_hedonic_search_opts so;
    mpol_hedonic_search_opts_init(&so);
    so.exact_max = MPOL_HEDONIC_EXACT_MAX + 1;
    mpol_hedonic_search_result *sr = NULL;
    t0 = mpol_test_wall();
    assert_refused(mpol_hedonic_search(&sr, h, &so), t0, "exact_max");
    assert_null(sr);
    /* The heuristic (n above exact_max) is bounded by starts x max_steps. */
    mpol_hedonic_search_opts_init(&so);
    t0 = mpol_test_wall();
    assert_int_equal(mpol_hedonic_search(&sr, h, &so), MPOL_OK);
    assert_false(sr->exact);
    assert_true(mpol_test_wall() - t0 < 5 * REFUSAL_SECONDS); /* bounded, not a refusal */
    mpol_hedonic_search_result_free(sr);
    mpol_hedonic_free(h);
}

/* ---- allocation failures: the public entry points not covered by another test file ---- */

static mpol_game *small_bimatrix_game(void)
{
    size_t ns[2] = {3, 3};
    mpol_game *g;
    assert_int_equal(mpol_game_alloc(&g, 2, ns), MPOL_OK);
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 11);
    for (size_t c = 0; c < g->ncells * 2; c++)
        g->payoff[c] = (double)mpol_test_rng_int(&rng, 0, 9);
    return g;
}

static mpol_status oom_bimatrix_solve_game(void *ctx)
{
    mpol_bimatrix_result *r = NULL;
    mpol_status st = mpol_bimatrix_solve_game(&r, ctx, MPOL_BIMATRIX_ENUMERATE, NULL);
    if (st == MPOL_OK)
        mpol_bimatrix_result_free(r);
    else
        assert_null(r);
    return st;
}

static mpol_status oom_game_edits(void *ctx)
{
    mpol_game *g = NULL;
    mpol_status st = mpol_game_copy(&g, ctx);
    if (st != MPOL_OK)
        return st;
    double *A = NULL, *B = NULL;
    if ((st = mpol_game_set_title(g, "a title")) == MPOL_OK &&
        (st = mpol_game_set_player_name(g, 0, "Kazakhstan")) == MPOL_OK &&
        (st = mpol_game_set_strategy_name(g, 1, 2, "hedge")) == MPOL_OK &&
        (st = mpol_game_alloc_exact(g)) == MPOL_OK &&
        (st = mpol_game_bimatrix(g, &A, &B)) == MPOL_OK)
        assert_true(A[0] == g->payoff[0]);
    mpol_free(A);
    mpol_free(B);
    mpol_game_free(g);
    return st;
}

static mpol_status oom_dominance(void *ctx)
{
    (void)ctx;
    static const double A[9] = {3, 2, 1, 2, 1, 0, 0, 5, 0}, B[9] = {1, 0, 2, 0, 1, 0, 4, 0, 1};
    unsigned char rr[3], cr[3];
    size_t nr, nc;
    mpol_status st = mpol_dominance_eliminate(A, B, 3, 3, rr, cr, &nr, &nc);
    if (st != MPOL_OK)
        return st;
    mpol_dominance_opts o;
    mpol_dominance_opts_init(&o);
    o.mixed = 1;
    return mpol_dominance_eliminate_ex(A, B, 3, 3, &o, rr, cr, &nr, &nc);
}

static mpol_status oom_tu_rules(void *ctx)
{
    (void)ctx;
    mpol_wvg *w = NULL;
    mpol_tu_game *g = NULL, *h = NULL;
    mpol_kohlberg_result *k = NULL;
    mpol_status st = mpol_wvg_alloc(&w, 4);
    if (st != MPOL_OK)
        return st;
    for (size_t i = 0; i < 4; i++)
        w->weights[i] = (double)(i + 1);
    w->quota = 6;
    int veto[4];
    static const size_t edges[6] = {0, 1, 1, 2, 2, 3};
    double x[4] = {0.25, 0.25, 0.25, 0.25};
    if ((st = mpol_wvg_set_name(w, 0, "Russia")) == MPOL_OK &&
        (st = mpol_wvg_veto_players(veto, w)) == MPOL_OK &&
        (st = mpol_tu_from_wvg(&g, w)) == MPOL_OK &&
        (st = mpol_tu_set_name(g, 1, "China")) == MPOL_OK &&
        (st = mpol_tu_graph_restrict(&h, g, edges, 3)) == MPOL_OK)
        st = mpol_kohlberg_check(&k, g, x, 0, NULL);
    mpol_kohlberg_result_free(k);
    mpol_tu_free(h);
    mpol_tu_free(g);
    mpol_wvg_free(w);
    return st;
}

static mpol_status oom_model_io(void *ctx)
{
    mpol_model *m = NULL, *f = NULL;
    FILE *tmp = tmpfile();
    assert_non_null(tmp);
    mpol_status st = mpol_model_load_file(&m, mpol_test_src("models/kazakhstan/hedging.yaml"));
    if (st == MPOL_OK && (st = mpol_model_write_yaml(m, tmp)) == MPOL_OK &&
        (st = mpol_model_from_game(&f, ctx, MPOL_MODEL_BIMATRIX)) == MPOL_OK &&
        (st = mpol_nfg_write(ctx, tmp, MPOL_NFG_PAYOFF)) == MPOL_OK)
        assert_true(ftell(tmp) > 0);
    fclose(tmp);
    mpol_model_free(f);
    mpol_model_free(m);
    return st;
}

typedef struct io_ctx {
    const char *nfg_path, *efg_path;
    const mpol_model *model;
    const mpol_sweep_result *sweep;
    mpol_sweep_grid grid;
} io_ctx;

static mpol_status oom_file_readers_and_sweep_output(void *ctx)
{
    const io_ctx *c = ctx;
    mpol_game *a = NULL, *b = NULL;
    mpol_sweep_result *r = NULL;
    FILE *tmp = tmpfile();
    assert_non_null(tmp);
    mpol_status st = mpol_nfg_read_file(&a, c->nfg_path);
    if (st == MPOL_OK)
        st = mpol_efg_read_file(&b, c->efg_path, NULL);
    if (st == MPOL_OK)
        st = mpol_sweep_write_json(c->sweep, c->model, tmp);
    if (st == MPOL_OK)
        st = mpol_sweep_result_alloc(&r, c->model, &c->grid, NULL, 0, 3);
    mpol_sweep_result_free(r);
    fclose(tmp);
    mpol_game_free(a);
    mpol_game_free(b);
    return st;
}

static void test_allocation_failures_files(void **state)
{
    (void)state;
    gsl_set_error_handler_off();
    char nfg[] = "/tmp/mpol_limits_XXXXXX", efg[] = "/tmp/mpol_limits_XXXXXX";
    int fd1 = mkstemp(nfg), fd2 = mkstemp(efg);
    assert_true(fd1 >= 0 && fd2 >= 0);
    FILE *f = fdopen(fd1, "w");
    fputs("NFG 1 R \"pd\" { \"A\" \"B\" } { 2 2 }\n3 3 0 5 5 0 1 1\n", f);
    fclose(f);
    f = fdopen(fd2, "w");
    char *text = efg_many_plans(3);
    fputs(text, f);
    free(text);
    fclose(f);
    io_ctx c = {nfg, efg, NULL, NULL, {1, {0, 0}, {0, 0}, {1, 1}, {3, 1}}};
    mpol_model *m;
    assert_int_equal(mpol_model_load_file(&m, mpol_test_src("models/kazakhstan/hedging.yaml")),
                     MPOL_OK);
    mpol_sweep_opts so;
    mpol_sweep_opts_init(&so);
    so.threads = 1;
    mpol_sweep_result *sr;
    assert_int_equal(mpol_sweep_run(&sr, m, &c.grid, &so), MPOL_OK);
    c.model = m;
    c.sweep = sr;
    assert_true(mpol_test_oom_loop(oom_file_readers_and_sweep_output, &c) > 0);
    mpol_sweep_result_free(sr);
    mpol_model_free(m);
    remove(nfg);
    remove(efg);
}

static void test_allocation_failures(void **state)
{
    (void)state;
    gsl_set_error_handler_off();
    mpol_game *g = small_bimatrix_game();
    assert_true(mpol_test_oom_loop(oom_bimatrix_solve_game, g) > 0);
    assert_true(mpol_test_oom_loop(oom_game_edits, g) > 0);
    assert_true(mpol_test_oom_loop(oom_dominance, NULL) > 0);
    assert_true(mpol_test_oom_loop(oom_tu_rules, NULL) > 0);
    assert_true(mpol_test_oom_loop(oom_model_io, g) > 0);
    mpol_game_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_game_alloc_cells),
        cmocka_unit_test(test_limits_api),
        cmocka_unit_test(test_model_cells_limit),
        cmocka_unit_test(test_tu_bytes_limit),
        cmocka_unit_test(test_game_cells_limit),
        cmocka_unit_test(test_tu_table_players),
        cmocka_unit_test(test_support_enumeration),
        cmocka_unit_test(test_bimatrix_bases_and_pivots),
        cmocka_unit_test(test_power_index_dp),
        cmocka_unit_test(test_minimal_winning),
        cmocka_unit_test(test_nucleolus_lp_solves),
        cmocka_unit_test(test_efg_reduction),
        cmocka_unit_test(test_efg_counts_reference),
        cmocka_unit_test(test_sweep_points),
        cmocka_unit_test(test_coalition_structures_and_hedonic),
        cmocka_unit_test(test_allocation_failures),
        cmocka_unit_test(test_allocation_failures_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
