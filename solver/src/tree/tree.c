/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Building a game tree: players, information sets and nodes added one at a time into
 * growing arrays, exact values, freeing. The checks and the sequence form are in
 * tree_finalize.c.
 */
#include "multipolar/tree.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef struct tree_caps {
    size_t nodes, isets, actions;
} tree_caps;

/* Capacities live after the struct so that mpol_tree stays the public layout. */
typedef struct tree_box {
    mpol_tree tree;
    tree_caps cap;
} tree_box;

static tree_caps *caps_of(mpol_tree *tree)
{
    return &((tree_box *)(void *)tree)->cap;
}

static mpol_status nomem(void)
{
    return mpol_error(MPOL_ENOMEM, "out of memory building a game tree");
}

static mpol_status grow(void **arr, size_t need, size_t elem)
{
    void *p = mpol_realloc(*arr, need * elem);
    if (p == NULL)
        return nomem();
    *arr = p;
    return MPOL_OK;
}

static char *dup_or_number(const char *s, size_t k)
{
    if (s != NULL)
        return mpol_strdup(s);
    char buf[32];
    snprintf(buf, sizeof buf, "%zu", k + 1);
    return mpol_strdup(buf);
}

mpol_status mpol_tree_alloc(mpol_tree **out, size_t nplayers, const char *const *names)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "tree: NULL output");
    *out = NULL;
    if (nplayers == 0 || nplayers > 1024)
        return mpol_error(MPOL_EINVAL, "tree: %zu players (1 to 1024 allowed)", nplayers);
    tree_box *box = mpol_calloc(1, sizeof *box);
    if (box == NULL)
        return nomem();
    mpol_tree *t = &box->tree;
    t->nplayers = nplayers;
    t->title = mpol_strdup("");
    t->players = mpol_calloc(nplayers, sizeof *t->players);
    t->iset_action_off = mpol_calloc(1, sizeof *t->iset_action_off);
    if (t->title == NULL || t->players == NULL || t->iset_action_off == NULL) {
        mpol_tree_free(t);
        return nomem();
    }
    for (size_t p = 0; p < nplayers; p++) {
        t->players[p] = dup_or_number(names != NULL ? names[p] : NULL, p);
        if (t->players[p] == NULL) {
            mpol_tree_free(t);
            return nomem();
        }
    }
    t->payoff_min = HUGE_VAL;
    t->payoff_max = -HUGE_VAL;
    *out = t;
    return MPOL_OK;
}

static void free_strings(char **s, size_t n)
{
    if (s == NULL)
        return;
    for (size_t i = 0; i < n; i++)
        mpol_free(s[i]);
    mpol_free(s);
}

void mpol_tree_free(mpol_tree *t)
{
    if (t == NULL)
        return;
    mpol_free(t->title);
    free_strings(t->players, t->nplayers);
    mpol_free(t->type);
    mpol_free(t->parent);
    mpol_free(t->action);
    mpol_free(t->infoset);
    mpol_free(t->payoff);
    free_strings(t->label, t->nnodes);
    mpol_free(t->child_off);
    mpol_free(t->child);
    mpol_free(t->iset_player);
    mpol_free(t->iset_action_off);
    free_strings(t->iset_label, t->ninfosets);
    mpol_free(t->iset_node_off);
    mpol_free(t->iset_node);
    mpol_free(t->action_iset);
    free_strings(t->action_name, t->nactions);
    mpol_free(t->action_prob);
    mpol_free(t->payoff_exact);
    mpol_free(t->action_prob_exact);
    mpol_free(t->nseq);
    mpol_free(t->action_seq);
    mpol_free(t->iset_seq);
    mpol_free(t->node_seq);
    mpol_free(t->chance_reach);
    mpol_free(t->iset_depth);
    mpol_free((tree_box *)(void *)t);
}

mpol_status mpol_tree_set_title(mpol_tree *tree, const char *title)
{
    if (tree == NULL || title == NULL)
        return mpol_error(MPOL_EINVAL, "tree: NULL argument");
    char *s = mpol_strdup(title);
    if (s == NULL)
        return nomem();
    mpol_free(tree->title);
    tree->title = s;
    return MPOL_OK;
}

static mpol_status check_infoset_args(const mpol_tree *t, size_t player, size_t nactions,
                                      const char *const *names, const double *probs)
{
    if (t->finalized)
        return mpol_error(MPOL_EINVAL, "tree: already finalised");
    if (player != MPOL_TREE_CHANCE && player >= t->nplayers)
        return mpol_error(MPOL_EINVAL, "tree: player %zu out of range (%zu players)", player + 1,
                          t->nplayers);
    if (nactions == 0 || nactions > MPOL_TREE_MAX_NODES)
        return mpol_error(MPOL_EINVAL, "tree: an information set needs 1 to %zu actions",
                          (size_t)MPOL_TREE_MAX_NODES);
    if (t->nactions > MPOL_TREE_MAX_NODES)
        return mpol_error(MPOL_ELIMIT, "tree: more than %zu actions", (size_t)MPOL_TREE_MAX_NODES);
    if ((player == MPOL_TREE_CHANCE) != (probs != NULL))
        return mpol_error(MPOL_EINVAL, player == MPOL_TREE_CHANCE
                                           ? "tree: a chance set needs probabilities"
                                           : "tree: only chance sets have probabilities");
    if (probs != NULL) {
        double sum = 0;
        for (size_t a = 0; a < nactions; a++) {
            if (!(probs[a] >= 0) || !isfinite(probs[a]))
                return mpol_error(MPOL_EINVAL,
                                  "tree: chance probability %g of action %zu is "
                                  "not a probability",
                                  probs[a], a + 1);
            sum += probs[a];
        }
        if (fabs(sum - 1) > 1e-9)
            return mpol_error(MPOL_EINVAL, "tree: chance probabilities sum to %.17g, not 1", sum);
    }
    if (names != NULL)
        for (size_t a = 0; a < nactions; a++)
            for (size_t b = 0; b < a; b++)
                if (names[a] != NULL && names[b] != NULL && strcmp(names[a], names[b]) == 0)
                    return mpol_error(MPOL_EINVAL,
                                      "tree: action '%s' named twice in one "
                                      "information set",
                                      names[a]);
    return MPOL_OK;
}

static mpol_status reserve_isets(mpol_tree *t, size_t nactions)
{
    tree_caps *c = caps_of(t);
    mpol_status st = MPOL_OK;
    if (t->ninfosets + 1 > c->isets) {
        size_t cap = c->isets < 8 ? 8 : 2 * c->isets;
        if ((st = grow((void **)&t->iset_player, cap, sizeof(size_t))) != MPOL_OK ||
            (st = grow((void **)&t->iset_action_off, cap + 1, sizeof(size_t))) != MPOL_OK ||
            (st = grow((void **)&t->iset_label, cap, sizeof(char *))) != MPOL_OK)
            return st;
        c->isets = cap;
    }
    if (t->nactions + nactions > c->actions) {
        size_t cap = c->actions < 16 ? 16 : 2 * c->actions;
        while (cap < t->nactions + nactions)
            cap *= 2;
        if ((st = grow((void **)&t->action_iset, cap, sizeof(size_t))) != MPOL_OK ||
            (st = grow((void **)&t->action_name, cap, sizeof(char *))) != MPOL_OK ||
            (st = grow((void **)&t->action_prob, cap, sizeof(double))) != MPOL_OK)
            return st;
        if (t->action_prob_exact != NULL &&
            (st = grow((void **)&t->action_prob_exact, cap, sizeof(mpol_rational))) != MPOL_OK)
            return st;
        c->actions = cap;
    }
    return MPOL_OK;
}

mpol_status mpol_tree_add_infoset(size_t *out, mpol_tree *t, size_t player, size_t nactions,
                                  const char *const *names, const double *probs, const char *label)
{
    if (out == NULL || t == NULL)
        return mpol_error(MPOL_EINVAL, "tree: NULL argument");
    *out = MPOL_TREE_NONE;
    mpol_status st = check_infoset_args(t, player, nactions, names, probs);
    if (st != MPOL_OK || (st = reserve_isets(t, nactions)) != MPOL_OK)
        return st;
    size_t h = t->ninfosets, a0 = t->nactions;
    t->iset_label[h] = label != NULL ? mpol_strdup(label) : NULL;
    if (label != NULL && t->iset_label[h] == NULL)
        return nomem();
    for (size_t a = 0; a < nactions; a++) {
        t->action_name[a0 + a] = dup_or_number(names != NULL ? names[a] : NULL, a);
        if (t->action_name[a0 + a] == NULL) {
            for (size_t b = 0; b < a; b++)
                mpol_free(t->action_name[a0 + b]);
            mpol_free(t->iset_label[h]);
            return nomem();
        }
        t->action_iset[a0 + a] = h;
        t->action_prob[a0 + a] = probs != NULL ? probs[a] : 0.0;
        if (t->action_prob_exact != NULL)
            t->action_prob_exact[a0 + a] = (mpol_rational){0, 0};
    }
    t->iset_player[h] = player;
    t->iset_action_off[h] = a0;
    t->iset_action_off[h + 1] = a0 + nactions;
    t->ninfosets = h + 1;
    t->nactions = a0 + nactions;
    *out = h;
    return MPOL_OK;
}

static mpol_status reserve_nodes(mpol_tree *t)
{
    tree_caps *c = caps_of(t);
    if (t->nnodes < c->nodes)
        return MPOL_OK;
    if (t->nnodes >= MPOL_TREE_MAX_NODES)
        return mpol_error(MPOL_ELIMIT, "tree: more than %zu nodes", (size_t)MPOL_TREE_MAX_NODES);
    size_t cap = c->nodes < 16 ? 16 : 2 * c->nodes, np = t->nplayers;
    mpol_status st;
    if ((st = grow((void **)&t->type, cap, 1)) != MPOL_OK ||
        (st = grow((void **)&t->parent, cap, sizeof(size_t))) != MPOL_OK ||
        (st = grow((void **)&t->action, cap, sizeof(size_t))) != MPOL_OK ||
        (st = grow((void **)&t->infoset, cap, sizeof(size_t))) != MPOL_OK ||
        (st = grow((void **)&t->payoff, cap, np * sizeof(double))) != MPOL_OK ||
        (st = grow((void **)&t->label, cap, sizeof(char *))) != MPOL_OK ||
        /* child_off doubles as the count of children added so far until finalisation */
        (st = grow((void **)&t->child_off, cap + 1, sizeof(size_t))) != MPOL_OK)
        return st;
    if (t->payoff_exact != NULL &&
        (st = grow((void **)&t->payoff_exact, cap, np * sizeof(mpol_rational))) != MPOL_OK)
        return st;
    c->nodes = cap;
    return MPOL_OK;
}

static mpol_status check_node_args(const mpol_tree *t, size_t parent, size_t infoset,
                                   const double *payoffs)
{
    if (t->finalized)
        return mpol_error(MPOL_EINVAL, "tree: already finalised");
    if (t->nnodes == 0 && parent != MPOL_TREE_NONE)
        return mpol_error(MPOL_EINVAL, "tree: the first node must be the root");
    if (t->nnodes > 0 && parent == MPOL_TREE_NONE)
        return mpol_error(MPOL_EINVAL, "tree: a second root");
    if (parent != MPOL_TREE_NONE) {
        if (parent >= t->nnodes)
            return mpol_error(MPOL_EINVAL, "tree: unknown parent node %zu", parent);
        if (t->type[parent] == MPOL_TREE_TERMINAL)
            return mpol_error(MPOL_EINVAL, "tree: node %zu is terminal and has no children",
                              parent);
        size_t h = t->infoset[parent];
        if (t->child_off[parent] >= t->iset_action_off[h + 1] - t->iset_action_off[h])
            return mpol_error(MPOL_EINVAL, "tree: node %zu already has all its %zu children",
                              parent, t->iset_action_off[h + 1] - t->iset_action_off[h]);
    }
    if (infoset != MPOL_TREE_NONE && infoset >= t->ninfosets)
        return mpol_error(MPOL_EINVAL, "tree: unknown information set %zu", infoset);
    if (infoset == MPOL_TREE_NONE) {
        if (payoffs == NULL)
            return mpol_error(MPOL_EINVAL, "tree: a terminal node needs payoffs");
        for (size_t p = 0; p < t->nplayers; p++)
            if (!isfinite(payoffs[p]))
                return mpol_error(MPOL_EINVAL, "tree: payoff %g of player '%s' is not finite",
                                  payoffs[p], t->players[p]);
    }
    return MPOL_OK;
}

mpol_status mpol_tree_add_node(size_t *out, mpol_tree *t, size_t parent, size_t infoset,
                               const double *payoffs, const char *label)
{
    if (out == NULL || t == NULL)
        return mpol_error(MPOL_EINVAL, "tree: NULL argument");
    *out = MPOL_TREE_NONE;
    mpol_status st = check_node_args(t, parent, infoset, payoffs);
    if (st != MPOL_OK || (st = reserve_nodes(t)) != MPOL_OK)
        return st;
    size_t n = t->nnodes, np = t->nplayers;
    t->label[n] = label != NULL ? mpol_strdup(label) : NULL;
    if (label != NULL && t->label[n] == NULL)
        return nomem();
    t->parent[n] = parent;
    t->action[n] = MPOL_TREE_NONE;
    if (parent != MPOL_TREE_NONE)
        t->action[n] = t->iset_action_off[t->infoset[parent]] + t->child_off[parent]++;
    t->infoset[n] = infoset;
    t->child_off[n] = 0;
    if (infoset == MPOL_TREE_NONE) {
        t->type[n] = MPOL_TREE_TERMINAL;
        for (size_t p = 0; p < np; p++) {
            t->payoff[n * np + p] = payoffs[p];
            if (payoffs[p] < t->payoff_min)
                t->payoff_min = payoffs[p];
            if (payoffs[p] > t->payoff_max)
                t->payoff_max = payoffs[p];
        }
    } else {
        t->type[n] = t->iset_player[infoset] == MPOL_TREE_CHANCE ? MPOL_TREE_CHANCE_NODE
                                                                 : MPOL_TREE_DECISION;
        memset(t->payoff + n * np, 0, np * sizeof(double));
    }
    if (t->payoff_exact != NULL)
        for (size_t p = 0; p < np; p++)
            t->payoff_exact[n * np + p] = (mpol_rational){0, 0};
    t->nnodes = n + 1;
    *out = n;
    return MPOL_OK;
}

static int rational_matches(mpol_rational r, double d)
{
    if (r.den <= 0)
        return 0;
    double v = (double)r.num / (double)r.den;
    return fabs(v - d) <= 1e-12 * (1 + fabs(d));
}

mpol_status mpol_tree_set_exact_payoff(mpol_tree *t, size_t node, const mpol_rational *payoffs)
{
    if (t == NULL || payoffs == NULL || node >= t->nnodes || t->finalized ||
        t->type[node] != MPOL_TREE_TERMINAL)
        return mpol_error(MPOL_EINVAL, "tree: exact payoffs need a terminal node of a tree "
                                       "being built");
    size_t np = t->nplayers;
    for (size_t p = 0; p < np; p++)
        if (!rational_matches(payoffs[p], t->payoff[node * np + p]))
            return mpol_error(MPOL_EINVAL,
                              "tree: exact payoff of node %zu differs from its "
                              "double",
                              node);
    if (t->payoff_exact == NULL) {
        t->payoff_exact = mpol_calloc(caps_of(t)->nodes, np * sizeof(mpol_rational));
        if (t->payoff_exact == NULL)
            return nomem();
    }
    memcpy(t->payoff_exact + node * np, payoffs, np * sizeof(mpol_rational));
    return MPOL_OK;
}

mpol_status mpol_tree_set_exact_probs(mpol_tree *t, size_t h, const mpol_rational *probs)
{
    if (t == NULL || probs == NULL || h >= t->ninfosets || t->finalized ||
        t->iset_player[h] != MPOL_TREE_CHANCE)
        return mpol_error(MPOL_EINVAL, "tree: exact probabilities need a chance set of a tree "
                                       "being built");
    size_t a0 = t->iset_action_off[h], na = t->iset_action_off[h + 1] - a0;
    for (size_t a = 0; a < na; a++)
        if (!rational_matches(probs[a], t->action_prob[a0 + a]) || probs[a].num < 0)
            return mpol_error(MPOL_EINVAL,
                              "tree: exact probability %zu of chance set %zu "
                              "differs from its double",
                              a + 1, h);
    if (t->action_prob_exact == NULL) {
        t->action_prob_exact = mpol_calloc(caps_of(t)->actions, sizeof(mpol_rational));
        if (t->action_prob_exact == NULL)
            return nomem();
    }
    memcpy(t->action_prob_exact + a0, probs, na * sizeof(mpol_rational));
    return MPOL_OK;
}

size_t mpol_tree_find_action(const mpol_tree *t, size_t h, const char *name)
{
    if (t == NULL || name == NULL || h >= t->ninfosets)
        return MPOL_TREE_NONE;
    for (size_t a = t->iset_action_off[h]; a < t->iset_action_off[h + 1]; a++)
        if (strcmp(t->action_name[a], name) == 0)
            return a;
    return MPOL_TREE_NONE;
}
