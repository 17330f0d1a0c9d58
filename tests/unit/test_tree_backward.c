/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests of backward induction (tree_backward.c, method "backward-induction"): known
 * answers (entry deterrence, a centipede game, a tie with two subgame-perfect equilibria,
 * a chance node), the refusal of imperfect information, the caps (max_equilibria, max_work),
 * exact mode, and a brute force on seeded random perfect-information trees with chance
 * nodes and ties: every pure behaviour profile with no profitable one-shot deviation at any
 * node, reached or not, must be listed, and nothing else.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rng_internal.h"
#include "mpol_test.h"
#include "multipolar/tree.h"

static mpol_tree_solution *solve_with(const mpol_tree *t, mpol_tree_opts *o, mpol_status want)
{
    mpol_tree_solution *s = NULL;
    mpol_status st = mpol_tree_solve(&s, t, o);
    if (st != want)
        fail_msg("status %d, expected %d: %s", (int)st, (int)want, mpol_last_error());
    return s;
}

static mpol_tree_solution *solve_bi(const mpol_tree *t, int exact)
{
    mpol_tree_opts o;
    mpol_tree_opts_init(&o);
    o.method = MPOL_TREE_BACKWARD;
    o.exact = exact;
    mpol_tree_solution *s = solve_with(t, &o, MPOL_OK);
    assert_non_null(s);
    assert_int_equal(s->method, MPOL_TREE_BACKWARD);
    assert_true(s->verified);
    return s;
}

/* Adds a terminal below @p parent with integer payoffs (exact too). */
static size_t leaf(mpol_tree *t, size_t parent, const double *pay)
{
    size_t n;
    assert_int_equal(mpol_tree_add_node(&n, t, parent, MPOL_TREE_NONE, pay, NULL), MPOL_OK);
    mpol_rational r[8];
    for (size_t p = 0; p < t->nplayers; p++)
        r[p] = (mpol_rational){(int64_t)pay[p], 1};
    assert_int_equal(mpol_tree_set_exact_payoff(t, n, r), MPOL_OK);
    return n;
}

static size_t decision(mpol_tree *t, size_t parent, size_t player, size_t na,
                       const char *const *names, const char *label)
{
    size_t h, n;
    assert_int_equal(mpol_tree_add_infoset(&h, t, player, na, names, NULL, label), MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&n, t, parent, h, NULL, label), MPOL_OK);
    return n;
}

static double prob_of(const mpol_tree *t, const mpol_tree_eq *e, size_t h, const char *a)
{
    size_t k = mpol_tree_find_action(t, h, a);
    assert_true(k != MPOL_TREE_NONE);
    return e->behavior[k];
}

static void test_entry_deterrence(void **state)
{
    (void)state;
    const char *names[] = {"Entrant", "Incumbent"};
    const char *a1[] = {"Out", "In"}, *a2[] = {"Fight", "Accommodate"};
    mpol_tree *t = NULL;
    assert_int_equal(mpol_tree_alloc(&t, 2, names), MPOL_OK);
    size_t r = decision(t, MPOL_TREE_NONE, 0, 2, a1, "entry");
    leaf(t, r, (double[]){1, 5});
    size_t in = decision(t, r, 1, 2, a2, "reply");
    leaf(t, in, (double[]){0, 0});
    leaf(t, in, (double[]){2, 2});
    assert_int_equal(mpol_tree_finalize(t), MPOL_OK);
    for (int exact = 0; exact < 2; exact++) {
        mpol_tree_solution *s = solve_bi(t, exact);
        assert_int_equal(s->neq, 1);
        assert_true(s->complete);
        assert_int_equal(s->exact, exact);
        const mpol_tree_eq *e = &s->eq[0];
        assert_true(e->subgame_perfect);
        assert_close(prob_of(t, e, 0, "In"), 1, 0);
        assert_close(prob_of(t, e, 1, "Accommodate"), 1, 0);
        assert_close(e->value[0], 2, 1e-12);
        assert_close(e->value[1], 2, 1e-12);
        if (exact) {
            assert_string_equal(e->value_exact[0], "2");
            assert_string_equal(e->behavior_exact[1], "1");
            assert_string_equal(e->behavior_exact[2], "0");
        } else {
            assert_null(e->value_exact);
        }
        assert_int_equal(s->work, 5);
        mpol_tree_solution_free(s);
    }
    /* auto picks backward induction on a perfect-information tree */
    mpol_tree_solution *s = solve_with(t, NULL, MPOL_OK);
    assert_int_equal(s->method, MPOL_TREE_BACKWARD);
    mpol_tree_solution_free(s);
    mpol_tree_free(t);
}

/* Rosenthal's centipede with 6 moves: at move k the mover takes (payoffs 2^k-ish growing
 * pot) or passes; the unique SPE takes at once. Payoffs: take at k gives the mover k + 2,
 * the other k; passing to the end gives both 6. */
static void test_centipede(void **state)
{
    (void)state;
    const char *acts[] = {"take", "pass"};
    mpol_tree *t = NULL;
    assert_int_equal(mpol_tree_alloc(&t, 2, NULL), MPOL_OK);
    size_t par = MPOL_TREE_NONE;
    for (int k = 0; k < 6; k++) {
        size_t mover = (size_t)(k % 2);
        size_t n = decision(t, par, mover, 2, acts, NULL);
        double pay[2];
        pay[mover] = k + 2;
        pay[1 - mover] = k;
        leaf(t, n, pay);
        par = n;
    }
    leaf(t, par, (double[]){6, 6});
    assert_int_equal(mpol_tree_finalize(t), MPOL_OK);
    mpol_tree_solution *s = solve_bi(t, 1);
    assert_int_equal(s->neq, 1);
    for (size_t h = 0; h < 6; h++)
        assert_close(prob_of(t, &s->eq[0], h, "take"), 1, 0);
    assert_string_equal(s->eq[0].value_exact[0], "2");
    assert_string_equal(s->eq[0].value_exact[1], "0");
    mpol_tree_solution_free(s);
    mpol_tree_free(t);
}

/* 1 picks L (1, 1) or R; after R, 2 is indifferent between a (2, 0) and b (0, 0). Two SPE:
 * (R, a) with values (2, 0) and (L, b) with (1, 1). */
static mpol_tree *tie_game(void)
{
    const char *a1[] = {"L", "R"}, *a2[] = {"a", "b"};
    mpol_tree *t = NULL;
    assert_int_equal(mpol_tree_alloc(&t, 2, NULL), MPOL_OK);
    size_t r = decision(t, MPOL_TREE_NONE, 0, 2, a1, "one");
    leaf(t, r, (double[]){1, 1});
    size_t n = decision(t, r, 1, 2, a2, "two");
    leaf(t, n, (double[]){2, 0});
    leaf(t, n, (double[]){0, 0});
    assert_int_equal(mpol_tree_finalize(t), MPOL_OK);
    return t;
}

static void test_tie_lists_every_spe(void **state)
{
    (void)state;
    mpol_tree *t = tie_game();
    mpol_tree_solution *s = solve_bi(t, 0);
    assert_int_equal(s->neq, 2);
    assert_true(s->complete);
    int seen_ra = 0, seen_lb = 0;
    for (size_t k = 0; k < 2; k++) {
        const mpol_tree_eq *e = &s->eq[k];
        if (prob_of(t, e, 0, "R") == 1 && prob_of(t, e, 1, "a") == 1) {
            seen_ra = 1;
            assert_close(e->value[0], 2, 1e-12);
        }
        if (prob_of(t, e, 0, "L") == 1 && prob_of(t, e, 1, "b") == 1) {
            seen_lb = 1;
            assert_close(e->value[0], 1, 1e-12);
            assert_close(e->value[1], 1, 1e-12);
        }
    }
    assert_true(seen_ra && seen_lb);
    mpol_tree_solution_free(s);
    /* capped at one: incomplete */
    mpol_tree_opts o;
    mpol_tree_opts_init(&o);
    o.method = MPOL_TREE_BACKWARD;
    o.max_equilibria = 1;
    s = solve_with(t, &o, MPOL_OK);
    assert_int_equal(s->neq, 1);
    assert_false(s->complete);
    mpol_tree_solution_free(s);
    o.max_equilibria = 0;
    s = solve_with(t, &o, MPOL_EINVAL);
    assert_null(s);
    /* work cap */
    o.max_equilibria = 10;
    o.max_work = 3;
    s = solve_with(t, &o, MPOL_ELIMIT);
    assert_null(s);
    assert_non_null(strstr(mpol_last_error(), "more than 3 node evaluations"));
    mpol_tree_free(t);
}

/* Chance first: with 1/3 the game is "good" (1 gets 3 by In), else "bad" (In gives -3); 1
 * knows; each branch its own decision. Values: 1/3 * 3 + 2/3 * 0 = 1. */
static void test_chance_expected_values(void **state)
{
    (void)state;
    const char *in[] = {"Out", "In"};
    mpol_tree *t = NULL;
    size_t hc, root;
    assert_int_equal(mpol_tree_alloc(&t, 1, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_infoset(&hc, t, MPOL_TREE_CHANCE, 2, NULL,
                                           (double[]){1.0 / 3, 2.0 / 3}, "nature"),
                     MPOL_OK);
    assert_int_equal(mpol_tree_set_exact_probs(t, hc, (mpol_rational[]){{1, 3}, {2, 3}}), MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&root, t, MPOL_TREE_NONE, hc, NULL, NULL), MPOL_OK);
    size_t g = decision(t, root, 0, 2, in, "good");
    leaf(t, g, (double[]){0});
    leaf(t, g, (double[]){3});
    size_t b = decision(t, root, 0, 2, in, "bad");
    leaf(t, b, (double[]){0});
    leaf(t, b, (double[]){-3});
    assert_int_equal(mpol_tree_finalize(t), MPOL_OK);
    mpol_tree_solution *s = solve_bi(t, 1);
    assert_int_equal(s->neq, 1);
    assert_close(s->eq[0].value[0], 1, 1e-12);
    assert_string_equal(s->eq[0].value_exact[0], "1");
    assert_string_equal(s->eq[0].behavior_exact[0], "1/3");
    assert_close(prob_of(t, &s->eq[0], 1, "In"), 1, 0);
    assert_close(prob_of(t, &s->eq[0], 2, "Out"), 1, 0);
    mpol_tree_solution_free(s);
    mpol_tree_free(t);
}

static void test_refuses_imperfect_information(void **state)
{
    (void)state;
    const char *a[] = {"H", "T"};
    mpol_tree *t = NULL;
    size_t h1, h2, r, n1, n2, x;
    assert_int_equal(mpol_tree_alloc(&t, 2, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_infoset(&h1, t, 0, 2, a, NULL, "pick"), MPOL_OK);
    assert_int_equal(mpol_tree_add_infoset(&h2, t, 1, 2, a, NULL, "guess"), MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&r, t, MPOL_TREE_NONE, h1, NULL, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&n1, t, r, h2, NULL, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&x, t, n1, MPOL_TREE_NONE, (double[]){-1, 1}, NULL),
                     MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&x, t, n1, MPOL_TREE_NONE, (double[]){1, -1}, NULL),
                     MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&n2, t, r, h2, NULL, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&x, t, n2, MPOL_TREE_NONE, (double[]){1, -1}, NULL),
                     MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&x, t, n2, MPOL_TREE_NONE, (double[]){-1, 1}, NULL),
                     MPOL_OK);
    assert_int_equal(mpol_tree_finalize(t), MPOL_OK);
    mpol_tree_opts o;
    mpol_tree_opts_init(&o);
    o.method = MPOL_TREE_BACKWARD;
    mpol_tree_solution *s = solve_with(t, &o, MPOL_EINVAL);
    assert_null(s);
    assert_string_equal(mpol_last_error(),
                        "backward-induction needs perfect information, but information set "
                        "'guess' of player '2' has 2 nodes (use sequence-lemke, sequence-lp or "
                        "agent-qre)");
    mpol_tree_free(t);
    /* exact mode without exact payoffs */
    t = NULL;
    assert_int_equal(mpol_tree_alloc(&t, 1, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_infoset(&h1, t, 0, 2, a, NULL, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&r, t, MPOL_TREE_NONE, h1, NULL, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&x, t, r, MPOL_TREE_NONE, (double[]){0.5}, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&x, t, r, MPOL_TREE_NONE, (double[]){0.25}, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_finalize(t), MPOL_OK);
    o.exact = 1;
    s = solve_with(t, &o, MPOL_EINVAL);
    assert_null(s);
    assert_non_null(strstr(mpol_last_error(), "exact mode needs"));
    mpol_tree_free(t);
}

/* ---- brute force on random trees ------------------------------------------------------- */

typedef struct rgen {
    uint64_t rng;
    size_t budget; /* nodes left */
    size_t np;
} rgen;

static void grow(mpol_tree *t, rgen *g, size_t parent, int depth)
{
    uint64_t kind = mpol_i_rng_below(&g->rng, 10);
    size_t n;
    if (depth >= 4 || g->budget < 4 || kind < 3) {
        double pay[4];
        mpol_rational r[4];
        for (size_t p = 0; p < g->np; p++) {
            pay[p] = (double)mpol_i_rng_below(&g->rng, 3);
            r[p] = (mpol_rational){(int64_t)pay[p], 1};
        }
        assert_int_equal(mpol_tree_add_node(&n, t, parent, MPOL_TREE_NONE, pay, NULL), MPOL_OK);
        assert_int_equal(mpol_tree_set_exact_payoff(t, n, r), MPOL_OK);
        g->budget--;
        return;
    }
    size_t na = 2 + (size_t)mpol_i_rng_below(&g->rng, 2), h;
    g->budget -= 1;
    if (kind < 5) { /* chance: quarters */
        double pr[3];
        mpol_rational q[3];
        if (na == 2) {
            pr[0] = 0.25, pr[1] = 0.75;
            q[0] = (mpol_rational){1, 4}, q[1] = (mpol_rational){3, 4};
        } else {
            pr[0] = 0.5, pr[1] = 0.25, pr[2] = 0.25;
            q[0] = (mpol_rational){1, 2}, q[1] = q[2] = (mpol_rational){1, 4};
        }
        assert_int_equal(mpol_tree_add_infoset(&h, t, MPOL_TREE_CHANCE, na, NULL, pr, NULL),
                         MPOL_OK);
        assert_int_equal(mpol_tree_set_exact_probs(t, h, q), MPOL_OK);
    } else {
        size_t p = (size_t)mpol_i_rng_below(&g->rng, g->np);
        assert_int_equal(mpol_tree_add_infoset(&h, t, p, na, NULL, NULL, NULL), MPOL_OK);
    }
    assert_int_equal(mpol_tree_add_node(&n, t, parent, h, NULL, NULL), MPOL_OK);
    for (size_t a = 0; a < na; a++)
        grow(t, g, n, depth + 1);
}

/* Values of every node under the pure profile @p ch (rank chosen at each decision node). */
static void values(const mpol_tree *t, const size_t *ch, double *val)
{
    size_t np = t->nplayers;
    for (size_t i = t->nnodes; i-- > 0;) {
        size_t c0 = t->child_off[i], nc = t->child_off[i + 1] - c0;
        for (size_t p = 0; p < np; p++) {
            double v = 0;
            if (t->type[i] == MPOL_TREE_TERMINAL)
                v = t->payoff[i * np + p];
            else if (t->type[i] == MPOL_TREE_DECISION)
                v = val[t->child[c0 + ch[i]] * np + p];
            else
                for (size_t k = 0; k < nc; k++)
                    v += t->action_prob[t->iset_action_off[t->infoset[i]] + k] *
                         val[t->child[c0 + k] * np + p];
            val[i * np + p] = v;
        }
    }
}

/* 1 when no mover gains by a one-shot deviation at any decision node. */
static int is_spe(const mpol_tree *t, const size_t *ch, double *val)
{
    values(t, ch, val);
    size_t np = t->nplayers;
    for (size_t i = 0; i < t->nnodes; i++) {
        if (t->type[i] != MPOL_TREE_DECISION)
            continue;
        size_t p = t->iset_player[t->infoset[i]], c0 = t->child_off[i];
        double own = val[t->child[c0 + ch[i]] * np + p];
        for (size_t k = 0; k < t->child_off[i + 1] - c0; k++)
            if (val[t->child[c0 + k] * np + p] > own + 1e-9)
                return 0;
    }
    return 1;
}

/* The index of a pure profile (mixed radix over decision nodes). */
static uint64_t profile_code(const mpol_tree *t, const size_t *ch)
{
    uint64_t code = 0;
    for (size_t i = 0; i < t->nnodes; i++)
        if (t->type[i] == MPOL_TREE_DECISION)
            code = code * (t->child_off[i + 1] - t->child_off[i]) + ch[i];
    return code;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static void brute_compare(const mpol_tree *t, int exact)
{
    size_t n = t->nnodes;
    size_t *ch = calloc(n, sizeof *ch);
    double *val = calloc(n * t->nplayers, sizeof *val);
    uint64_t *want = NULL;
    size_t nwant = 0, cap = 0;
    for (;;) { /* odometer over the decision nodes */
        if (is_spe(t, ch, val)) {
            if (nwant == cap) {
                cap = cap ? 2 * cap : 16;
                uint64_t *grown = realloc(want, cap * sizeof *want);
                assert_non_null(grown);
                want = grown;
            }
            want[nwant++] = profile_code(t, ch);
        }
        size_t i = 0;
        for (; i < n; i++) {
            if (t->type[i] != MPOL_TREE_DECISION)
                continue;
            if (++ch[i] < t->child_off[i + 1] - t->child_off[i])
                break;
            ch[i] = 0;
        }
        if (i == n)
            break;
    }
    mpol_tree_solution *s = solve_bi(t, exact);
    assert_true(s->complete);
    if (s->neq != nwant)
        fail_msg("backward induction found %zu SPE, brute force %zu (%zu nodes)", s->neq, nwant, n);
    uint64_t *got = calloc(s->neq ? s->neq : 1, sizeof *got);
    for (size_t k = 0; k < s->neq; k++) {
        const mpol_tree_eq *e = &s->eq[k];
        for (size_t i = 0; i < n; i++)
            if (t->type[i] == MPOL_TREE_DECISION) {
                size_t a0 = t->iset_action_off[t->infoset[i]],
                       na = t->child_off[i + 1] - t->child_off[i];
                ch[i] = na;
                for (size_t a = 0; a < na; a++)
                    if (e->behavior[a0 + a] == 1.0)
                        ch[i] = a;
                assert_true(ch[i] < na);
            }
        got[k] = profile_code(t, ch);
        values(t, ch, val);
        for (size_t p = 0; p < t->nplayers; p++) {
            assert_close(e->value[p], val[p], 1e-12);
            if (exact) {
                mpol_rational r;
                assert_int_equal(mpol_rational_parse(&r, e->value_exact[p]), MPOL_OK);
                assert_close(mpol_rational_to_double(r), val[p], 1e-12);
            }
        }
        assert_true(e->subgame_perfect);
    }
    qsort(want, nwant, sizeof *want, cmp_u64);
    qsort(got, s->neq, sizeof *got, cmp_u64);
    for (size_t k = 0; k < nwant; k++)
        assert_true(want[k] == got[k]);
    mpol_tree_solution_free(s);
    free(got);
    free(want);
    free(val);
    free(ch);
}

static void test_random_trees_vs_brute_force(void **state)
{
    (void)state;
    int reps = mpol_test_reps(300);
    size_t multi = 0;
    for (int r = 0; r < reps; r++) {
        rgen g = {.rng = 0x7ee0000ULL + (uint64_t)r, .budget = 24, .np = 1 + (size_t)(r % 3)};
        mpol_tree *t = NULL;
        assert_int_equal(mpol_tree_alloc(&t, g.np, NULL), MPOL_OK);
        size_t h, root;
        /* the root is always a decision so that every tree has one */
        assert_int_equal(mpol_tree_add_infoset(&h, t, 0, 2, NULL, NULL, NULL), MPOL_OK);
        assert_int_equal(mpol_tree_add_node(&root, t, MPOL_TREE_NONE, h, NULL, NULL), MPOL_OK);
        grow(t, &g, root, 1);
        grow(t, &g, root, 1);
        assert_int_equal(mpol_tree_finalize(t), MPOL_OK);
        assert_true(t->perfect_information);
        assert_non_null(t->payoff_exact);
        brute_compare(t, r % 2);
        mpol_tree_solution *s = solve_bi(t, 0);
        multi += s->neq > 1;
        mpol_tree_solution_free(s);
        mpol_tree_free(t);
    }
    /* the instances do exercise ties */
    assert_true(multi > (size_t)reps / 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_entry_deterrence),
        cmocka_unit_test(test_centipede),
        cmocka_unit_test(test_tie_lists_every_spe),
        cmocka_unit_test(test_chance_expected_values),
        cmocka_unit_test(test_refuses_imperfect_information),
        cmocka_unit_test(test_random_trees_vs_brute_force),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
