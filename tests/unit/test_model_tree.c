/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests of the `tree` model kind (kind_tree.c, kind_tree_eval.c): the grammar (decision,
 * chance and terminal nodes, shared information sets, payoff lists and maps, probs: and
 * prob:), every error with its FILE:LINE:COL, perfect recall placed at the set's first use,
 * evaluation at parameters (mpol_model_tree, mpol_model_eval_tree in place), the YAML writer
 * read back to the same tree, and mpol_model_from_tree.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mpol_test.h"
#include "multipolar/tree.h"

#define HEAD "title: t\nkind: tree\nplayers: [A, B]\n"

static const char *const signalling =
    "title: Signalling\n"
    "kind: tree\n"
    "parameters:\n"
    "  p: {default: 0.25, min: 0, max: 1}\n"
    "  c: {default: 1, min: 0, max: 5}\n"
    "players: [Sender, Receiver]\n"
    "root:\n"
    "  chance: Nature\n"
    "  probs: [p, 1 - p]\n"
    "  actions:\n"
    "    - name: strong\n"
    "      node:\n"
    "        player: Sender\n"
    "        label: s-strong\n"
    "        actions:\n"
    "          - name: signal\n"
    "            node:\n"
    "              player: Receiver\n"
    "              infoset: after-signal\n"
    "              label: rs\n"
    "              actions:\n"
    "                - {name: fight, payoff: [0, -1]}\n"
    "                - {name: yield, payoff: {Sender: 2, Receiver: 0}}\n"
    "          - {name: quiet, payoff: [1, 0]}\n"
    "    - name: weak\n"
    "      node:\n"
    "        player: Sender\n"
    "        actions:\n"
    "          - name: signal\n"
    "            node:\n"
    "              player: Receiver\n"
    "              infoset: after-signal\n"
    "              actions:\n"
    "                - {name: fight, payoff: [-c, 1]}\n"
    "                - {name: yield, payoff: [2 - c, 0]}\n"
    "          - {name: quiet, payoff: [1, 0]}\n";

static void test_grammar_builds_the_tree(void **state)
{
    (void)state;
    mpol_model *m = mpol_test_load_ok(signalling);
    assert_int_equal(mpol_model_get_kind(m), MPOL_MODEL_TREE);
    assert_string_equal(mpol_model_kind_name(MPOL_MODEL_TREE), "tree");
    mpol_tree *t = NULL;
    assert_int_equal(mpol_model_tree(&t, m), MPOL_OK);
    assert_int_equal(t->nplayers, 2);
    assert_string_equal(t->players[1], "Receiver");
    assert_int_equal(t->nnodes, 11);
    /* chance, Sender x2, Receiver (one set of two nodes) */
    assert_int_equal(t->ninfosets, 4);
    assert_false(t->perfect_information);
    assert_string_equal(t->title, "Signalling");
    assert_int_equal(t->type[0], MPOL_TREE_CHANCE_NODE);
    assert_string_equal(t->iset_label[0], "Nature");
    assert_close(t->action_prob[0], 0.25, 1e-15);
    assert_close(t->action_prob[1], 0.75, 1e-15);
    assert_string_equal(t->iset_label[1], "s-strong"); /* the node's label */
    assert_string_equal(t->iset_label[2], "after-signal");
    assert_string_equal(t->iset_label[3], "weak"); /* the path of actions */
    assert_int_equal(t->iset_node_off[3] - t->iset_node_off[2], 2);
    assert_string_equal(t->label[2], "rs");
    /* the weak Sender's fight: [-c, 1] at c = 1 */
    size_t fight = mpol_tree_find_action(t, 2, "fight");
    size_t weak_rs = t->iset_node[t->iset_node_off[2] + 1];
    size_t leaf = t->child[t->child_off[weak_rs] + (fight - t->iset_action_off[2])];
    assert_close(t->payoff[leaf * 2], -1, 0);
    assert_close(t->payoff[leaf * 2 + 1], 1, 0);
    assert_close(t->chance_reach[leaf], 0.75, 1e-15);
    assert_null(t->payoff_exact); /* p is a parameter */
    /* re-evaluated in place at p = 0.5, c = 3 */
    double params[2] = {0.5, 3};
    assert_int_equal(mpol_model_eval_tree(m, params, t), MPOL_OK);
    assert_close(t->payoff[leaf * 2], -3, 0);
    assert_close(t->chance_reach[leaf], 0.5, 1e-15);
    assert_close(t->action_prob[1], 0.5, 1e-15);
    assert_close(t->payoff_min, -3, 0);
    assert_close(t->payoff_max, 2, 0);
    /* an error leaves the tree as it was */
    double bad[2] = {1.5, 1};
    assert_int_equal(mpol_model_eval_tree(m, bad, t), MPOL_ENUMERIC);
    assert_string_equal(mpol_last_error(), "t.yaml:9:11: a probability must be in [0, 1], not 1.5");
    assert_close(t->payoff[leaf * 2], -3, 0);
    /* a tree of another shape is refused */
    mpol_tree *other = NULL;
    assert_int_equal(mpol_tree_alloc(&other, 2, NULL), MPOL_OK);
    assert_int_equal(mpol_model_eval_tree(m, NULL, other), MPOL_EINVAL);
    mpol_tree_free(other);
    mpol_tree_free(t);
    /* accessors refuse other kinds */
    mpol_model *g = mpol_test_load_ok("title: t\nkind: tu\nplayers: [A, B]\n"
                                      "values:\n  A: 0\n  B: 0\n  A+B: 1\n");
    t = (mpol_tree *)&t;
    assert_int_equal(mpol_model_tree(&t, g), MPOL_EINVAL);
    assert_null(t);
    assert_int_equal(mpol_model_tree(NULL, m), MPOL_EINVAL);
    mpol_model_free(g);
    mpol_model_free(m);
}

static void test_exact_literals(void **state)
{
    (void)state;
    mpol_model *m = mpol_test_load_ok(HEAD "root:\n  chance: N\n  actions:\n"
                                           "    - {name: x, prob: 1/3, payoff: [1/2, 0]}\n"
                                           "    - {name: y, prob: 2/3, payoff: [-1, 3]}\n");
    mpol_tree *t = NULL;
    assert_int_equal(mpol_model_tree(&t, m), MPOL_OK);
    assert_non_null(t->payoff_exact);
    assert_int_equal(t->action_prob_exact[0].num, 1);
    assert_int_equal(t->action_prob_exact[0].den, 3);
    assert_int_equal(t->payoff_exact[1 * 2].den, 2);
    mpol_tree_free(t);
    mpol_model_free(m);
}

static void test_errors_have_positions(void **state)
{
    (void)state;
    mpol_test_load_error(HEAD "root: {player: A, actions: [{name: x, payoff: [1, 2]}], "
                              "colour: red}\n",
                         MPOL_EPARSE, "t.yaml:4:57: unknown key \"colour\" in a decision node");
    mpol_test_load_error(HEAD "root: {player: C, actions: [{name: x, payoff: [1, 2]}]}\n",
                         MPOL_EPARSE, "t.yaml:4:16: unknown player \"C\" (not in players:)");
    mpol_test_load_error(HEAD "root: {player: A, actions: [{name: x}]}\n", MPOL_EPARSE,
                         "t.yaml:4:29: action \"x\" needs node: or payoff: (a terminal)");
    mpol_test_load_error(HEAD "root: {player: A, actions: [{name: x, payoff: [1, 2], node: "
                              "{payoff: [1, 2]}}]}\n",
                         MPOL_EPARSE, "t.yaml:4:29: action \"x\" has both node: and payoff:");
    mpol_test_load_error(HEAD "root: {player: A, actions: [{name: x, payoff: [1, 2, 3]}]}\n",
                         MPOL_EPARSE,
                         "t.yaml:4:47: a payoff has 3 numbers, not 2 (one per player)");
    mpol_test_load_error(HEAD "root: {player: A, actions: [{name: x, payoff: {A: 1}}]}\n",
                         MPOL_EPARSE, "t.yaml:4:47: the payoff of \"B\" is missing");
    mpol_test_load_error(HEAD "root: {player: A, actions: [{name: x, payoff: {A: 1, C: 2}}]}\n",
                         MPOL_EPARSE, "t.yaml:4:54: unknown player \"C\" (not in players:)");
    mpol_test_load_error(HEAD "root: {player: A, actions: [{name: x, payoff: [1, 2]}, "
                              "{name: x, payoff: [1, 2]}]}\n",
                         MPOL_EPARSE, "t.yaml:4:63: action \"x\" named twice at one node");
    mpol_test_load_error(HEAD "root: {player: A, actions: []}\n", MPOL_EPARSE,
                         "t.yaml:4:28: actions lists no action");
    mpol_test_load_error(HEAD "root: {player: A, chance: N, actions: [{name: x, payoff: [1, "
                              "2]}]}\n",
                         MPOL_EPARSE,
                         "t.yaml:4:7: a node is a decision (player:), a chance node (chance:) "
                         "or a terminal (payoff:), not several");
    mpol_test_load_error(HEAD "root: {label: foo}\n", MPOL_EPARSE,
                         "t.yaml:4:7: a node needs player: (a decision), chance: or payoff: (a "
                         "terminal)");
    mpol_test_load_error(HEAD "root: {player: A, actions: [{name: x, prob: 1, payoff: [1, 2]}]}\n",
                         MPOL_EPARSE, "t.yaml:4:39: unknown key \"prob\" in an action");
    mpol_test_load_error(HEAD "players2: 1\nroot: {payoff: [1, 2]}\n", MPOL_EPARSE,
                         "t.yaml:4:1: unknown key \"players2\" in the model (did you mean "
                         "\"players\"?)");
}

static void test_chance_errors(void **state)
{
    (void)state;
#define TWO "actions: [{name: x, payoff: [1, 2]}, {name: y, payoff: [1, 2]}]}\n"
    mpol_test_load_error(HEAD "root: {chance: N, probs: [0.5, 0.6], " TWO, MPOL_ENUMERIC,
                         "t.yaml:4:7: the probabilities of this chance node sum to 1.1, not 1");
    mpol_test_load_error(HEAD "root: {chance: N, probs: [0.5], " TWO, MPOL_EPARSE,
                         "t.yaml:4:26: probs has 1 numbers for 2 actions");
    mpol_test_load_error(HEAD "root: {chance: N, " TWO, MPOL_EPARSE,
                         "t.yaml:4:7: a chance node needs probs: [...] or prob: on each of its "
                         "2 actions");
    mpol_test_load_error(HEAD "root: {chance: N, probs: [1.5, -0.5], " TWO, MPOL_ENUMERIC,
                         "t.yaml:4:27: a probability must be in [0, 1], not 1.5");
#undef TWO
    mpol_test_load_error(HEAD "root: {chance: N, actions: [{name: x, prob: 1, payoff: [1, 2]}], "
                              "probs: [1]}\n",
                         MPOL_EPARSE,
                         "t.yaml:4:73: give the probabilities as probs: or as prob: on each "
                         "action, not both");
    /* at a parameter value: the model loads at its default, not at p = 2 */
    mpol_model *m = mpol_test_load_ok("title: t\nkind: tree\nparameters:\n"
                                      "  p: {default: 0.5, min: 0, max: 3}\n"
                                      "players: [A]\nroot:\n  chance: N\n  actions:\n"
                                      "    - {name: x, prob: p, payoff: 1}\n"
                                      "    - {name: y, prob: 1 - p, payoff: 0}\n");
    assert_int_equal(mpol_model_set_param(m, "p", 0.75), MPOL_OK);
    mpol_tree *t = NULL;
    assert_int_equal(mpol_model_tree(&t, m), MPOL_OK);
    assert_close(t->action_prob[0], 0.75, 1e-15);
    mpol_tree_free(t);
    assert_int_equal(mpol_model_eval_tree(m, (double[]){2.0}, NULL), MPOL_EINVAL);
    assert_int_equal(mpol_model_set_param(m, "p", 2), MPOL_OK);
    t = (mpol_tree *)&t;
    assert_int_equal(mpol_model_tree(&t, m), MPOL_ENUMERIC);
    assert_null(t);
    assert_string_equal(mpol_last_error(), "t.yaml:9:23: a probability must be in [0, 1], not 2");
    mpol_model_free(m);
}

static void test_information_sets(void **state)
{
    (void)state;
    mpol_test_load_error(HEAD "root: {player: A, actions: [{name: x, node: {player: B, infoset: "
                              "I, actions: [{name: a, payoff: [0,0]}]}}, {name: y, node: "
                              "{player: A, infoset: I, actions: [{name: a, payoff: [0,0]}]}}]}\n",
                         MPOL_EPARSE,
                         "t.yaml:4:145: information set \"I\" belongs to B (line 4), "
                         "not A");
    mpol_test_load_error(HEAD "root: {player: A, actions: [{name: x, node: {player: B, infoset: "
                              "I, actions: [{name: a, payoff: [0,0]}]}}, {name: y, node: "
                              "{player: B, infoset: I, actions: [{name: b, payoff: [0,0]}]}}]}\n",
                         MPOL_EPARSE,
                         "t.yaml:4:124: information set \"I\": this node's actions differ "
                         "from those at line 4 (the same names in the same order)");
    /* B forgets its own move: J's first use is line 12 */
    mpol_test_load_error(
        HEAD "root:\n  player: A\n  actions:\n    - name: x\n      node:\n        player: B\n"
             "        infoset: I\n        actions:\n"
             "          - {name: a, node: {player: B, infoset: J, actions: [{name: c, payoff: "
             "[0, 0]}]}}\n"
             "    - name: y\n      node: {player: B, infoset: J, actions: [{name: c, payoff: "
             "[0, 0]}]}\n",
        MPOL_EPARSE,
        "t.yaml:12:50: information set 'J' of player 'B': its nodes number 3 and number 5 "
        "differ in 'B''s earlier moves (the tree lacks perfect recall)");
    mpol_test_load_error(HEAD "root: {player: A, infoset: I, actions: [{name: x, node: {player: "
                              "A, infoset: I, actions: [{name: x, payoff: [0,0]}]}}]}\n",
                         MPOL_EPARSE,
                         "t.yaml:4:28: information set 'I' of player 'A' is met twice on one "
                         "path (nodes number 1 and number 2): the tree lacks perfect recall");
}

/* Written, read back: the same tree (structure, payoffs, probabilities, labels). */
static void same_tree(const mpol_tree *a, const mpol_tree *b)
{
    assert_int_equal(a->nnodes, b->nnodes);
    assert_int_equal(a->ninfosets, b->ninfosets);
    assert_int_equal(a->nactions, b->nactions);
    for (size_t i = 0; i < a->nnodes; i++) {
        assert_int_equal(a->type[i], b->type[i]);
        assert_int_equal(a->parent[i], b->parent[i]);
        assert_int_equal(a->infoset[i], b->infoset[i]);
        for (size_t p = 0; p < a->nplayers; p++)
            assert_close(a->payoff[i * a->nplayers + p], b->payoff[i * a->nplayers + p], 0);
    }
    for (size_t k = 0; k < a->nactions; k++) {
        assert_string_equal(a->action_name[k], b->action_name[k]);
        assert_close(a->action_prob[k], b->action_prob[k], 0);
    }
    for (size_t h = 0; h < a->ninfosets; h++)
        assert_int_equal(a->iset_player[h], b->iset_player[h]);
}

static void test_write_read_round_trip(void **state)
{
    (void)state;
    mpol_model *m = mpol_test_load_ok(signalling);
    size_t len = 0;
    char *yaml = mpol_test_model_yaml(m, &len);
    assert_non_null(strstr(yaml, "infoset: \"after-signal\""));
    assert_non_null(strstr(yaml, "prob: \"1 - p\""));
    mpol_model *back = NULL;
    assert_int_equal(mpol_model_load_string(&back, yaml, len, "back.yaml"), MPOL_OK);
    mpol_tree *a = NULL, *b = NULL;
    assert_int_equal(mpol_model_tree(&a, m), MPOL_OK);
    assert_int_equal(mpol_model_tree(&b, back), MPOL_OK);
    same_tree(a, b);
    char *again = mpol_test_model_yaml(back, NULL);
    assert_string_equal(yaml, again);
    free(again);
    mpol_tree_free(b);
    mpol_model_free(back);
    /* a model from the tree: numbers, the shared set named */
    mpol_model *w = NULL;
    assert_int_equal(mpol_model_from_tree(&w, a, "w.efg"), MPOL_OK);
    assert_int_equal(mpol_model_get_kind(w), MPOL_MODEL_TREE);
    assert_string_equal(mpol_model_title(w), "Signalling");
    free(yaml);
    yaml = mpol_test_model_yaml(w, &len);
    assert_int_equal(mpol_model_load_string(&back, yaml, len, "w.yaml"), MPOL_OK);
    assert_int_equal(mpol_model_tree(&b, back), MPOL_OK);
    same_tree(a, b);
    mpol_tree_free(b);
    mpol_model_free(back);
    mpol_model_free(w);
    free(yaml);
    w = (mpol_model *)&w;
    assert_int_equal(mpol_model_from_tree(&w, NULL, NULL), MPOL_EINVAL);
    assert_null(w);
    mpol_tree_free(a);
    mpol_model_free(m);
}

/* The tree solves through the model: entry deterrence from YAML. */
static void test_solve_through_the_model(void **state)
{
    (void)state;
    mpol_model *m = mpol_test_load_ok(
        "title: e\nkind: tree\nplayers: [Entrant, Incumbent]\nroot:\n  player: Entrant\n"
        "  actions:\n    - {name: Out, payoff: [1, 5]}\n    - name: In\n      node:\n"
        "        player: Incumbent\n        actions:\n"
        "          - {name: Fight, payoff: [0, 0]}\n          - {name: Accommodate, payoff: "
        "[2, 2]}\n");
    mpol_tree *t = NULL;
    assert_int_equal(mpol_model_tree(&t, m), MPOL_OK);
    assert_true(t->perfect_information);
    mpol_tree_opts o;
    mpol_tree_opts_init(&o);
    o.exact = 1;
    mpol_tree_solution *s = NULL;
    assert_int_equal(mpol_tree_solve(&s, t, &o), MPOL_OK);
    assert_int_equal(s->neq, 1);
    assert_string_equal(s->eq[0].value_exact[1], "2");
    assert_close(s->eq[0].behavior[mpol_tree_find_action(t, 1, "Accommodate")], 1, 0);
    mpol_tree_solution_free(s);
    mpol_tree_free(t);
    mpol_model_free(m);
}

/* A tree built breadth first (not in preorder), with a shared set: from_tree renumbers the
 * nodes in preorder, names the set, and the model written and read back solves the same. */
static void test_from_breadth_first_tree(void **state)
{
    (void)state;
    const char *a1[] = {"L", "R"}, *a2[] = {"u", "d"};
    mpol_tree *t = NULL;
    size_t h1, h2, r, x, y, n;
    assert_int_equal(mpol_tree_alloc(&t, 2, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_infoset(&h1, t, 0, 2, a1, NULL, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_infoset(&h2, t, 1, 2, a2, NULL, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&r, t, MPOL_TREE_NONE, h1, NULL, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&x, t, r, h2, NULL, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&y, t, r, h2, NULL, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&n, t, x, MPOL_TREE_NONE, (double[]){3, 1}, "xu"), MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&n, t, x, MPOL_TREE_NONE, (double[]){0, 0}, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&n, t, y, MPOL_TREE_NONE, (double[]){0, 0}, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&n, t, y, MPOL_TREE_NONE, (double[]){1, 3}, "yd"), MPOL_OK);
    assert_int_equal(mpol_tree_finalize(t), MPOL_OK);
    mpol_model *m = NULL;
    assert_int_equal(mpol_model_from_tree(&m, t, NULL), MPOL_OK);
    size_t len = 0;
    char *yaml = mpol_test_model_yaml(m, &len);
    assert_non_null(strstr(yaml, "infoset: \"h2\""));
    mpol_model *back = NULL;
    assert_int_equal(mpol_model_load_string(&back, yaml, len, "bfs.yaml"), MPOL_OK);
    mpol_tree *b = NULL;
    assert_int_equal(mpol_model_tree(&b, back), MPOL_OK);
    assert_int_equal(b->nnodes, 7);
    assert_false(b->perfect_information);
    /* preorder: root, x, x's two leaves, y, y's leaves */
    assert_int_equal(b->type[1], MPOL_TREE_DECISION);
    assert_int_equal(b->type[2], MPOL_TREE_TERMINAL);
    assert_string_equal(b->label[2], "xu");
    assert_string_equal(b->label[6], "yd");
    assert_close(b->payoff[6 * 2 + 1], 3, 0);
    assert_int_equal(b->infoset[1], b->infoset[4]);
    /* a profile has the same values on both trees */
    double prof[4] = {0.25, 0.75, 0.5, 0.5};
    mpol_tree_check *ca = NULL, *cb = NULL;
    assert_int_equal(mpol_tree_certify(&ca, t, prof, 0), MPOL_OK);
    assert_int_equal(mpol_tree_certify(&cb, b, prof, 0), MPOL_OK);
    for (size_t p = 0; p < 2; p++) {
        assert_close(ca->value[p], cb->value[p], 1e-15);
        assert_close(ca->regret[p], cb->regret[p], 1e-15);
    }
    mpol_tree_check_free(ca);
    mpol_tree_check_free(cb);
    free(yaml);
    mpol_tree_free(b);
    mpol_model_free(back);
    mpol_model_free(m);
    mpol_tree_free(t);
}

static void test_from_tree_refusals(void **state)
{
    (void)state;
    /* a chain 2001 levels deep */
    const char *acts[] = {"stop", "go"};
    mpol_tree *t = NULL;
    assert_int_equal(mpol_tree_alloc(&t, 1, NULL), MPOL_OK);
    size_t par = MPOL_TREE_NONE, n, h;
    for (int k = 0; k < 2001; k++) {
        assert_int_equal(mpol_tree_add_infoset(&h, t, 0, 2, acts, NULL, NULL), MPOL_OK);
        assert_int_equal(mpol_tree_add_node(&n, t, par, h, NULL, NULL), MPOL_OK);
        assert_int_equal(mpol_tree_add_node(&par, t, n, MPOL_TREE_NONE, (double[]){k}, NULL),
                         MPOL_OK);
        par = n;
    }
    assert_int_equal(mpol_tree_add_node(&n, t, par, MPOL_TREE_NONE, (double[]){-1}, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_finalize(t), MPOL_OK);
    mpol_model *m = (mpol_model *)&m;
    assert_int_equal(mpol_model_from_tree(&m, t, NULL), MPOL_ELIMIT);
    assert_null(m);
    assert_string_equal(mpol_last_error(), "mpol_model_from_tree: the tree is 2001 levels deep, "
                                           "more than a tree model's 2000");
    mpol_tree_free(t);
    /* one chance set at two nodes */
    t = NULL;
    size_t hc, hp, r, c;
    assert_int_equal(mpol_tree_alloc(&t, 1, NULL), MPOL_OK);
    assert_int_equal(mpol_tree_add_infoset(&hp, t, 0, 2, acts, NULL, NULL), MPOL_OK);
    assert_int_equal(
        mpol_tree_add_infoset(&hc, t, MPOL_TREE_CHANCE, 2, NULL, (double[]){0.5, 0.5}, NULL),
        MPOL_OK);
    assert_int_equal(mpol_tree_add_node(&r, t, MPOL_TREE_NONE, hp, NULL, NULL), MPOL_OK);
    for (int k = 0; k < 2; k++) {
        assert_int_equal(mpol_tree_add_node(&c, t, r, hc, NULL, NULL), MPOL_OK);
        assert_int_equal(mpol_tree_add_node(&n, t, c, MPOL_TREE_NONE, (double[]){1}, NULL),
                         MPOL_OK);
        assert_int_equal(mpol_tree_add_node(&n, t, c, MPOL_TREE_NONE, (double[]){0}, NULL),
                         MPOL_OK);
    }
    assert_int_equal(mpol_tree_finalize(t), MPOL_OK);
    /* it is split: each chance node gets a set of its own, same actions and probabilities */
    m = NULL;
    assert_int_equal(mpol_model_from_tree(&m, t, NULL), MPOL_OK);
    mpol_tree *back = NULL;
    assert_int_equal(mpol_model_tree(&back, m), MPOL_OK);
    assert_int_equal(back->nnodes, t->nnodes);
    assert_int_equal(back->ninfosets, 3);
    assert_int_equal(back->nactions, 6);
    assert_int_not_equal(back->infoset[1], back->infoset[4]);
    for (size_t i = 0; i < t->nnodes; i++) {
        assert_int_equal(back->type[i], t->type[i]);
        assert_int_equal(back->parent[i], t->parent[i]);
        if (back->type[i] == MPOL_TREE_CHANCE_NODE) {
            size_t a0 = back->iset_action_off[back->infoset[i]];
            assert_int_equal(back->iset_player[back->infoset[i]], MPOL_TREE_CHANCE);
            assert_close(back->action_prob[a0], 0.5, 0);
            assert_close(back->action_prob[a0 + 1], 0.5, 0);
        } else if (back->type[i] == MPOL_TREE_TERMINAL) {
            assert_close(back->payoff[i], t->payoff[i], 0);
        }
    }
    mpol_tree_free(back);
    mpol_model_free(m);
    mpol_tree_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grammar_builds_the_tree),
        cmocka_unit_test(test_exact_literals),
        cmocka_unit_test(test_errors_have_positions),
        cmocka_unit_test(test_chance_errors),
        cmocka_unit_test(test_information_sets),
        cmocka_unit_test(test_write_read_round_trip),
        cmocka_unit_test(test_solve_through_the_model),
        cmocka_unit_test(test_from_breadth_first_tree),
        cmocka_unit_test(test_from_tree_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
