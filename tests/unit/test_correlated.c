/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests of correlated and coarse correlated equilibria (multipolar/correlated.h):
 * chicken with payoffs (6,6), (2,7), (7,2), (0,0) (Aumann 1974's example), whose
 * welfare-maximising correlated equilibrium (1/2, 1/4, 1/4, 0) gives each player 5.25 and
 * whose polytope has five vertices (counted by hand below), the three Nash equilibria among
 * them; property tests on seeded random games (every Nash
 * equilibrium of the bimatrix enumeration and of the pure solver lies in the polytope, the
 * CE welfare is at least the best Nash welfare, the CCE polytope contains the CE polytope);
 * the obedience recount against a hand count and a tampered distribution; the obedience
 * rows against the recount; error paths, the memory estimate and OOM.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "correlated/ce_internal.h"
#include "mpol_test.h"
#include "multipolar/bimatrix.h"
#include "multipolar/correlated.h"
#include "multipolar/nash.h"

/* Cells in Gambit's order: (C,C), (D,C), (C,D), (D,D), row player's strategy fastest. */
static mpol_game *chicken(void)
{
    static const double pay[8] = {6, 6, 7, 2, 2, 7, 0, 0};
    size_t ns[2] = {2, 2};
    mpol_game *g;
    assert_int_equal(mpol_game_alloc(&g, 2, ns), MPOL_OK);
    memcpy(g->payoff, pay, sizeof pay);
    return g;
}

static void test_chicken_welfare(void **state)
{
    (void)state;
    mpol_game *g = chicken();
    mpol_ce_result *r;
    assert_int_equal(mpol_ce_solve(&r, g, NULL), MPOL_OK);
    assert_true(r->verified);
    assert_close(r->best.payoff[0], 5.25, 1e-9);
    assert_close(r->best.payoff[1], 5.25, 1e-9);
    assert_close(r->best.welfare, 10.5, 1e-9);
    assert_close(r->best.prob[0], 0.5, 1e-9);
    assert_close(r->best.prob[1], 0.25, 1e-9);
    assert_close(r->best.prob[2], 0.25, 1e-9);
    assert_close(r->best.prob[3], 0.0, 1e-9);
    assert_true(r->best.duality_gap <= 1e-9);
    assert_int_equal(r->nrows, 4);
    assert_int_equal(r->best.check.nconstraints, 4);
    mpol_ce_result_free(r);
    /* Coarse: the welfare can only grow (in this 2 x 2 game it does not). */
    mpol_ce_opts o;
    mpol_ce_opts_init(&o);
    o.kind = MPOL_CE_COARSE;
    assert_int_equal(mpol_ce_solve(&r, g, &o), MPOL_OK);
    assert_true(r->verified);
    assert_true(r->best.welfare >= 10.5 - 1e-9);
    assert_int_equal(r->nrows, 4);
    mpol_ce_result_free(r);
    mpol_game_free(g);
}

static void test_chicken_player_and_range(void **state)
{
    (void)state;
    mpol_game *g = chicken();
    mpol_ce_opts o;
    mpol_ce_opts_init(&o);
    o.objective = MPOL_CE_PLAYER;
    o.player = 0;
    mpol_ce_result *r;
    assert_int_equal(mpol_ce_solve(&r, g, &o), MPOL_OK);
    assert_close(r->best.payoff[0], 7.0, 1e-9); /* the pure equilibrium (D, C) */
    mpol_ce_result_free(r);
    o.objective = MPOL_CE_RANGE;
    assert_int_equal(mpol_ce_solve(&r, g, &o), MPOL_OK);
    assert_true(r->verified);
    assert_int_equal(r->lp_solves, 5);
    for (size_t p = 0; p < 2; p++) {
        assert_close(r->range_lo[p], 2.0, 1e-9);
        assert_close(r->range_hi[p], 7.0, 1e-9);
        assert_true(r->points[2 * p].check.verified);
    }
    assert_close(r->best.welfare, 10.5, 1e-9);
    mpol_ce_result_free(r);
    mpol_game_free(g);
}

static int has_vertex(const mpol_ce_vertex_list *l, const double *p)
{
    for (size_t v = 0; v < l->count; v++) {
        double d = 0.0;
        for (size_t c = 0; c < l->ncells; c++)
            d = fmax(d, fabs(l->prob[v * l->ncells + c] - p[c]));
        if (d < 1e-9)
            return 1;
    }
    return 0;
}

static void test_chicken_vertices(void **state)
{
    (void)state;
    mpol_game *g = chicken();
    mpol_ce_vertex_list *l;
    assert_int_equal(mpol_ce_vertices(&l, g, MPOL_CE_CORRELATED, 1e-9, 0), MPOL_OK);
    assert_true(l->verified);
    /* Five vertices (by hand: four of a <= 2b, a <= 2c, 2d <= c, 2d <= b, a..d >= 0 tight
     * with a + b + c + d = 1, cells a..d = CC, DC, CD, DD): the three Nash equilibria (cells
     * CC, DC, CD, DD), the welfare optimum (both "told C" constraints tight, DD never) and
     * the welfare minimum (CC never, both "told D" constraints tight). */
    static const double dc[4] = {0, 1, 0, 0}, cd[4] = {0, 0, 1, 0};
    static const double mixed[4] = {4.0 / 9, 2.0 / 9, 2.0 / 9, 1.0 / 9};
    static const double best[4] = {0.5, 0.25, 0.25, 0}, worst[4] = {0, 0.4, 0.4, 0.2};
    assert_true(has_vertex(l, dc));
    assert_true(has_vertex(l, cd));
    assert_true(has_vertex(l, mixed));
    assert_true(has_vertex(l, best));
    assert_true(has_vertex(l, worst));
    assert_int_equal(l->count, 5);
    assert_int_equal(l->tried, 56); /* C(8, 3) */
    mpol_ce_vertex_list_free(l);
    /* The refusal names the estimate. */
    assert_int_equal(mpol_ce_vertices(&l, g, MPOL_CE_CORRELATED, 1e-9, 10), MPOL_ELIMIT);
    assert_null(l);
    assert_non_null(strstr(mpol_last_error(), "56 active sets"));
    mpol_game_free(g);
}

static mpol_game *random_game(mpol_test_rng *rng, size_t n, const size_t *ns, long range)
{
    mpol_game *g;
    assert_int_equal(mpol_game_alloc(&g, n, ns), MPOL_OK);
    for (size_t k = 0; k < g->ncells * n; k++)
        g->payoff[k] = (double)mpol_test_rng_int(rng, 0, range);
    return g;
}

/* The product distribution of a bimatrix equilibrium (x, y) in Gambit's cell order. */
static void product(const mpol_bimatrix_eq *e, size_t m, size_t n, double *p)
{
    for (size_t j = 0; j < n; j++)
        for (size_t i = 0; i < m; i++)
            p[i + m * j] = e->x[i] * e->y[j];
}

static void check_random_bimatrix(mpol_test_rng *rng, size_t m, size_t n)
{
    size_t ns[2] = {m, n};
    mpol_game *g = random_game(rng, 2, ns, 20);
    mpol_bimatrix_result *br;
    assert_int_equal(mpol_bimatrix_solve_game(&br, g, MPOL_BIMATRIX_ENUMERATE, NULL), MPOL_OK);
    mpol_ce_result *ce, *cce;
    mpol_ce_opts o;
    mpol_ce_opts_init(&o);
    assert_int_equal(mpol_ce_solve(&ce, g, &o), MPOL_OK);
    o.kind = MPOL_CE_COARSE;
    assert_int_equal(mpol_ce_solve(&cce, g, &o), MPOL_OK);
    double *p = mpol_malloc(g->ncells * sizeof *p);
    double best_nash = -INFINITY;
    for (size_t e = 0; e < br->neq; e++) {
        product(&br->eq[e], m, n, p);
        mpol_ce_check ck;
        assert_int_equal(mpol_ce_verify(&ck, g, p, MPOL_CE_CORRELATED, 1e-9), MPOL_OK);
        assert_true(ck.verified);
        best_nash = fmax(best_nash, br->eq[e].payoff_row + br->eq[e].payoff_col);
    }
    assert_true(br->neq >= 1);
    assert_true(ce->best.welfare >= best_nash - 1e-7 * ce->scale);
    assert_true(cce->best.welfare >= ce->best.welfare - 1e-7 * ce->scale);
    /* CE in CCE: the correlated optimum passes every coarse constraint. */
    mpol_ce_check ck;
    assert_int_equal(mpol_ce_verify(&ck, g, ce->best.prob, MPOL_CE_COARSE, 1e-7), MPOL_OK);
    assert_true(ck.verified);
    mpol_free(p);
    mpol_ce_result_free(ce);
    mpol_ce_result_free(cce);
    mpol_bimatrix_result_free(br);
    mpol_game_free(g);
}

static void test_random_bimatrix(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 15);
    for (int rep = 0; rep < mpol_test_reps(40); rep++)
        check_random_bimatrix(&rng, 2 + (size_t)(rep % 4), 2 + (size_t)(rep / 4 % 4));
}

/* n players: the pure equilibria are in the CE polytope, the CE welfare tops theirs. */
static void test_random_nplayer(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 16);
    for (int rep = 0; rep < mpol_test_reps(30); rep++) {
        size_t ns[4] = {2, 3, 2, 2};
        size_t n = 3 + (size_t)(rep % 2);
        mpol_game *g = random_game(&rng, n, ns, 3); /* small range: ties, pure equilibria */
        mpol_nash_result *nr;
        assert_int_equal(mpol_nash_pure(&nr, g, NULL), MPOL_OK);
        mpol_ce_result *ce;
        assert_int_equal(mpol_ce_solve(&ce, g, NULL), MPOL_OK);
        double *p = mpol_calloc(g->ncells, sizeof *p);
        for (size_t e = 0; e < nr->count; e++) {
            memset(p, 0, g->ncells * sizeof *p);
            p[mpol_game_cell(g, nr->pure + e * n)] = 1.0;
            mpol_ce_check ck;
            assert_int_equal(mpol_ce_verify(&ck, g, p, MPOL_CE_CORRELATED, 1e-12), MPOL_OK);
            assert_true(ck.verified);
            double w = 0.0;
            for (size_t q = 0; q < n; q++)
                w += nr->payoff[e * n + q];
            assert_true(ce->best.welfare >= w - 1e-7 * ce->scale);
        }
        /* The crossover reaches the simplex's optimum. */
        mpol_ce_opts o;
        mpol_ce_opts_init(&o);
        o.lp = MPOL_CE_LP_INTERIOR;
        mpol_ce_result *ci;
        assert_int_equal(mpol_ce_solve(&ci, g, &o), MPOL_OK);
        assert_close(ci->best.welfare, ce->best.welfare, 1e-7 * ce->scale);
        mpol_ce_result_free(ci);
        mpol_free(p);
        mpol_nash_result_free(nr);
        mpol_ce_result_free(ce);
        mpol_game_free(g);
    }
}

/* A 4-player 5-strategy game (625 profiles): the crossover and the simplex agree. */
static void test_crossover(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 17);
    size_t ns[4] = {5, 5, 5, 5};
    mpol_game *g = random_game(&rng, 4, ns, 99);
    mpol_ce_opts o;
    mpol_ce_opts_init(&o);
    mpol_ce_result *a, *b;
    o.lp = MPOL_CE_LP_SIMPLEX;
    assert_int_equal(mpol_ce_solve(&a, g, &o), MPOL_OK);
    o.lp = MPOL_CE_LP_INTERIOR;
    assert_int_equal(mpol_ce_solve(&b, g, &o), MPOL_OK);
    assert_int_equal(a->interior_solves, 0);
    assert_int_equal(b->interior_solves, 1);
    assert_close(a->best.welfare, b->best.welfare, 1e-9 * a->scale);
    assert_true(b->best.duality_gap <= 1e-9 * b->scale);
    mpol_ce_result_free(a);
    mpol_ce_result_free(b);
    mpol_game_free(g);
}

/* The recount against a hand count, a tampered distribution, and the rows against it. */
static void test_verify_tampered(void **state)
{
    (void)state;
    mpol_game *g = chicken();
    double p[4] = {0.5, 0.25, 0.25, 0.0};
    mpol_ce_check ck;
    assert_int_equal(mpol_ce_verify(&ck, g, p, MPOL_CE_CORRELATED, 1e-9), MPOL_OK);
    assert_true(ck.verified);
    assert_int_equal(ck.nconstraints, 4);
    /* All on (C, C): told C, the row player gains 7 - 6 = 1 by daring. */
    double q[4] = {1, 0, 0, 0};
    assert_int_equal(mpol_ce_verify(&ck, g, q, MPOL_CE_CORRELATED, 1e-9), MPOL_OK);
    assert_false(ck.verified);
    assert_close(ck.max_violation, 1.0, 1e-12);
    assert_int_equal(ck.player, 0);
    assert_int_equal(ck.from, 0);
    assert_int_equal(ck.to, 1);
    /* A mass of 0.1 too much is an error of 0.1 times the payoff range 7. */
    double t[4] = {0.6, 0.25, 0.25, 0.0};
    assert_int_equal(mpol_ce_verify(&ck, g, t, MPOL_CE_COARSE, 1e-9), MPOL_OK);
    assert_false(ck.verified);
    assert_close(ck.prob_error, 0.1, 1e-12);
    assert_true(ck.max_error >= 0.7 - 1e-12);
    /* The LP rows give the same sums as the recount, row by row. */
    mpol_i_ce_rows rows;
    assert_int_equal(mpol_i_ce_rows_build(&rows, g, MPOL_CE_CORRELATED, 1.0), MPOL_OK);
    assert_int_equal(rows.nrows, 4);
    double expect[4] = {0.5 * 1 - 0.25 * 2, 0.25 * -1 + 0, 0.5 * 1 - 0.25 * 2, -0.25};
    for (size_t r = 0; r < rows.nrows; r++) {
        double s = 0.0;
        for (size_t e = rows.start[r]; e < rows.start[r + 1]; e++)
            s += rows.val[e] * p[rows.col[e]];
        assert_close(s, expect[r], 1e-12);
    }
    mpol_i_ce_rows_free(&rows);
    mpol_game_free(g);
}

static void test_errors(void **state)
{
    (void)state;
    mpol_game *g = chicken();
    mpol_ce_result *r = (mpol_ce_result *)1;
    assert_int_equal(mpol_ce_solve(NULL, g, NULL), MPOL_EINVAL);
    assert_int_equal(mpol_ce_solve(&r, NULL, NULL), MPOL_EINVAL);
    assert_null(r);
    mpol_ce_opts o;
    mpol_ce_opts_init(&o);
    o.objective = MPOL_CE_PLAYER;
    o.player = 2;
    assert_int_equal(mpol_ce_solve(&r, g, &o), MPOL_EINVAL);
    assert_non_null(strstr(mpol_last_error(), "player 3 out of range"));
    mpol_ce_opts_init(&o);
    o.tol = -1;
    assert_int_equal(mpol_ce_solve(&r, g, &o), MPOL_EINVAL);
    mpol_ce_opts_init(&o);
    o.kind = (mpol_ce_kind)7;
    assert_int_equal(mpol_ce_solve(&r, g, &o), MPOL_EINVAL);
    mpol_ce_opts_init(&o);
    o.max_bytes = 100;
    assert_int_equal(mpol_ce_solve(&r, g, &o), MPOL_ELIMIT);
    assert_null(r);
    assert_non_null(strstr(mpol_last_error(), "MiB"));
    g->payoff[3] = NAN;
    assert_int_equal(mpol_ce_solve(&r, g, NULL), MPOL_EINVAL);
    mpol_ce_check ck;
    double p[4] = {1, 0, 0, 0};
    assert_int_equal(mpol_ce_verify(NULL, g, p, MPOL_CE_CORRELATED, 1e-9), MPOL_EINVAL);
    assert_int_equal(mpol_ce_verify(&ck, g, NULL, MPOL_CE_CORRELATED, 1e-9), MPOL_EINVAL);
    assert_int_equal(mpol_ce_verify(&ck, g, p, MPOL_CE_CORRELATED, -1), MPOL_EINVAL);
    mpol_ce_vertex_list *l = (mpol_ce_vertex_list *)1;
    assert_int_equal(mpol_ce_vertices(&l, NULL, MPOL_CE_CORRELATED, 1e-9, 0), MPOL_EINVAL);
    assert_null(l);
    assert_string_equal(mpol_ce_kind_name(MPOL_CE_COARSE), "coarse-correlated");
    assert_string_equal(mpol_ce_kind_name((mpol_ce_kind)9), "unknown");
    mpol_ce_result_free(NULL);
    mpol_ce_vertex_list_free(NULL);
    mpol_game_free(g);
}

/* The 4 x 8 estimate: 8^4 cells, 4 * 7 * 4096 coefficients. */
static void test_estimate(void **state)
{
    (void)state;
    size_t ns[4] = {8, 8, 8, 8};
    mpol_game *g;
    assert_int_equal(mpol_game_alloc(&g, 4, ns), MPOL_OK);
    size_t nrows;
    double nnz;
    mpol_i_ce_rows_size(g, MPOL_CE_CORRELATED, &nrows, &nnz);
    assert_int_equal(nrows, 4 * 8 * 7);
    assert_true(nnz == 4.0 * 7 * 4096);
    assert_true(mpol_ce_estimate_bytes(g, MPOL_CE_CORRELATED) < 64.0 * 1048576);
    mpol_game_free(g);
}

static mpol_status oom_body(void *ctx)
{
    mpol_ce_result *r;
    mpol_ce_opts o;
    mpol_ce_opts_init(&o);
    o.objective = MPOL_CE_RANGE;
    mpol_status st = mpol_ce_solve(&r, ctx, &o);
    if (st == MPOL_OK)
        assert_close(r->best.welfare, 10.5, 1e-9);
    else
        assert_null(r);
    mpol_ce_result_free(r);
    if (st != MPOL_OK)
        return st;
    mpol_ce_vertex_list *l;
    st = mpol_ce_vertices(&l, ctx, MPOL_CE_CORRELATED, 1e-9, 0);
    mpol_ce_vertex_list_free(l);
    return st;
}

static void test_oom(void **state)
{
    (void)state;
    mpol_game *g = chicken();
    assert_true(mpol_test_oom_loop(oom_body, g) > 0);
    mpol_game_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chicken_welfare),  cmocka_unit_test(test_chicken_player_and_range),
        cmocka_unit_test(test_chicken_vertices), cmocka_unit_test(test_random_bimatrix),
        cmocka_unit_test(test_random_nplayer),   cmocka_unit_test(test_crossover),
        cmocka_unit_test(test_verify_tampered),  cmocka_unit_test(test_errors),
        cmocka_unit_test(test_estimate),         cmocka_unit_test(test_oom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
