/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file compiles a Bayesian game into a game tree (mpol_bayes_to_tree): chance at the
 * root draws a type profile of positive probability; then players 0, 1, ... move in turn,
 * player p at the information set of its own type, which holds every node where p has that
 * type whatever the others' types and earlier actions (simultaneous moves with private
 * types); terminals carry the payoffs of (type profile, action profile). Each player moves
 * once, so perfect recall holds trivially. Also the maps between type-contingent strategies
 * and the tree's behaviour profiles.
 */
#include <stdio.h>
#include <string.h>

#include "bayes/bayes_internal.h"

static mpol_status oom(void)
{
    return mpol_error(MPOL_ENOMEM, "bayesian: out of memory");
}

/* names[i], or the number @p local + 1 when there are no names. */
static const char *name_or(char *const *names, size_t i, size_t local, char *buf, size_t size)
{
    if (names != NULL && names[i] != NULL)
        return names[i];
    snprintf(buf, size, "%zu", local + 1);
    return buf;
}

/* The number of nodes the tree will have; 0 beyond MPOL_TREE_MAX_NODES. */
static size_t count_nodes(const mpol_bayes *g, size_t kpos)
{
    size_t per = 1, level = 1;
    for (size_t p = 0; p < g->nplayers; p++) {
        if (level > MPOL_TREE_MAX_NODES / g->nactions[p])
            return 0;
        level *= g->nactions[p];
        per += level;
        if (per > MPOL_TREE_MAX_NODES)
            return 0;
    }
    if (kpos > 0 && per > (MPOL_TREE_MAX_NODES - 1) / kpos)
        return 0;
    return 1 + kpos * per;
}

typedef struct build {
    mpol_tree *t;
    const mpol_bayes *g;
    size_t *iset; /* per type index: its information set */
    size_t toff[MPOL_BAYES_MAX_PLAYERS + 1];
    int exact;
    mpol_rational *qrow;
} build;

/* Adds the subtree of player p's move under @p parent for type profile k. */
static mpol_status add_moves(build *b, size_t parent, size_t k, const size_t *tp, size_t p,
                             size_t cell, size_t stride)
{
    const mpol_bayes *g = b->g;
    size_t node;
    mpol_status st;
    if (p == g->nplayers) {
        const size_t off = (k * g->ncells + cell) * g->nplayers;
        if ((st = mpol_tree_add_node(&node, b->t, parent, MPOL_TREE_NONE, g->payoff + off, NULL)) !=
            MPOL_OK)
            return st;
        return b->exact ? mpol_tree_set_exact_payoff(b->t, node, g->payoff_exact + off) : MPOL_OK;
    }
    if ((st = mpol_tree_add_node(&node, b->t, parent, b->iset[b->toff[p] + tp[p]], NULL, NULL)) !=
        MPOL_OK)
        return st;
    for (size_t a = 0; a < g->nactions[p] && st == MPOL_OK; a++)
        st = add_moves(b, node, k, tp, p + 1, cell + a * stride, stride * g->nactions[p]);
    return st;
}

static mpol_status add_chance(build *b, char *const *tn, size_t *kpos, size_t nk)
{
    const mpol_bayes *g = b->g;
    size_t n = g->nplayers, tp[MPOL_BAYES_MAX_PLAYERS], h;
    char **names = mpol_calloc(nk, sizeof *names);
    double *probs = mpol_malloc(nk * sizeof *probs);
    mpol_status st = names && probs ? MPOL_OK : oom();
    char buf[1024], nb[32];
    for (size_t i = 0; i < nk && st == MPOL_OK; i++) {
        mpol_i_bayes_decode(tp, kpos[i], g->ntypes, n);
        size_t len = 0;
        buf[0] = '\0';
        for (size_t p = 0; p < n && len < sizeof buf; p++)
            len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", p ? "," : "",
                                    name_or(tn, b->toff[p] + tp[p], tp[p], nb, sizeof nb));
        probs[i] = g->prior[kpos[i]];
        if ((names[i] = mpol_strdup(buf)) == NULL)
            st = oom();
    }
    if (st == MPOL_OK)
        st = mpol_tree_add_infoset(&h, b->t, MPOL_TREE_CHANCE, nk, (const char *const *)names,
                                   probs, "types");
    if (st == MPOL_OK && b->exact) {
        mpol_rational *q = mpol_malloc(nk * sizeof *q);
        if (q == NULL)
            st = oom();
        for (size_t i = 0; q != NULL && i < nk; i++)
            q[i] = g->prior_exact[kpos[i]];
        if (st == MPOL_OK)
            st = mpol_tree_set_exact_probs(b->t, h, q);
        mpol_free(q);
    }
    mpol_i_bayes_free_strings(names, names ? nk : 0);
    mpol_free(probs);
    return st;
}

static mpol_status add_player_sets(build *b, char *const *pn, char *const *tn, char *const *an,
                                   const unsigned char *rel)
{
    const mpol_bayes *g = b->g;
    char buf[1024], b1[32], b2[32];
    const char *acts[4096];
    mpol_status st = MPOL_OK;
    for (size_t p = 0, aoff = 0; p < g->nplayers && st == MPOL_OK; aoff += g->nactions[p], p++) {
        if (g->nactions[p] > 4096)
            return mpol_error(MPOL_ELIMIT, "bayesian: more than 4096 actions of a player");
        for (size_t a = 0; a < g->nactions[p]; a++)
            acts[a] = an != NULL ? an[aoff + a] : NULL;
        for (size_t t = 0; t < g->ntypes[p] && st == MPOL_OK; t++) {
            size_t ti = b->toff[p] + t;
            b->iset[ti] = MPOL_TREE_NONE;
            if (!rel[ti])
                continue;
            snprintf(buf, sizeof buf, "%s:%s", name_or(pn, p, p, b1, sizeof b1),
                     name_or(tn, ti, t, b2, sizeof b2));
            st = mpol_tree_add_infoset(&b->iset[ti], b->t, p, g->nactions[p], acts, NULL, buf);
        }
    }
    return st;
}

static mpol_status compile(build *b, char *const *pn, char *const *tn, char *const *an,
                           unsigned char *rel, size_t *kpos)
{
    const mpol_bayes *g = b->g;
    size_t nk = 0, tp[MPOL_BAYES_MAX_PLAYERS], root, cnt;
    for (size_t k = 0; k < g->nprofiles; k++)
        if (g->prior[k] > 0.0)
            kpos[nk++] = k;
    if (count_nodes(g, nk) == 0)
        return mpol_error(MPOL_ELIMIT, "bayesian: the game tree would have more than %zu nodes",
                          (size_t)MPOL_TREE_MAX_NODES);
    mpol_i_bayes_relevant(rel, &cnt, g);
    mpol_status st = add_chance(b, tn, kpos, nk);
    if (st == MPOL_OK)
        st = add_player_sets(b, pn, tn, an, rel);
    if (st == MPOL_OK)
        st = mpol_tree_add_node(&root, b->t, MPOL_TREE_NONE, 0, NULL, "root");
    for (size_t i = 0; i < nk && st == MPOL_OK; i++) {
        mpol_i_bayes_decode(tp, kpos[i], g->ntypes, g->nplayers);
        st = add_moves(b, root, kpos[i], tp, 0, 0, 1);
    }
    return st == MPOL_OK ? mpol_tree_finalize(b->t) : st;
}

mpol_status mpol_bayes_to_tree(mpol_tree **out, const mpol_bayes *g, char *const *player_names,
                               char *const *type_names, char *const *action_names)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "bayesian: NULL output");
    *out = NULL;
    mpol_status st = mpol_bayes_validate(g);
    if (st != MPOL_OK)
        return st;
    build b = {.g = g, .exact = g->prior_exact != NULL && g->payoff_exact != NULL};
    for (size_t p = 0; p < g->nplayers; p++)
        b.toff[p + 1] = b.toff[p] + g->ntypes[p];
    size_t nt = b.toff[g->nplayers];
    b.iset = mpol_malloc(nt * sizeof *b.iset);
    unsigned char *rel = mpol_malloc(nt);
    size_t *kpos = mpol_malloc(g->nprofiles * sizeof *kpos);
    if (b.iset == NULL || rel == NULL || kpos == NULL)
        st = oom();
    if (st == MPOL_OK)
        st = mpol_tree_alloc(&b.t, g->nplayers, (const char *const *)player_names);
    if (st == MPOL_OK)
        st = compile(&b, player_names, type_names, action_names, rel, kpos);
    mpol_free(b.iset);
    mpol_free(rel);
    mpol_free(kpos);
    if (st != MPOL_OK) {
        mpol_tree_free(b.t);
        return st;
    }
    *out = b.t;
    return MPOL_OK;
}

/* Checks that @p tree has the information sets mpol_bayes_to_tree() gives @p g. */
static mpol_status check_tree(const mpol_tree *tree, const mpol_bayes *g, unsigned char *rel,
                              size_t *nrel)
{
    mpol_status st = mpol_bayes_validate(g);
    if (st != MPOL_OK)
        return st;
    if (tree == NULL || !tree->finalized || tree->nplayers != g->nplayers)
        return mpol_error(MPOL_EINVAL, "bayesian: the tree is not this game's");
    mpol_i_bayes_relevant(rel, nrel, g);
    if (tree->ninfosets != 1 + *nrel || tree->iset_player[0] != MPOL_TREE_CHANCE)
        return mpol_error(MPOL_EINVAL, "bayesian: the tree is not this game's");
    for (size_t p = 0, h = 1, ti = 0; p < g->nplayers; p++)
        for (size_t t = 0; t < g->ntypes[p]; t++, ti++) {
            if (!rel[ti])
                continue;
            if (tree->iset_player[h] != p ||
                tree->iset_action_off[h + 1] - tree->iset_action_off[h] != g->nactions[p])
                return mpol_error(MPOL_EINVAL, "bayesian: the tree is not this game's");
            h++;
        }
    return MPOL_OK;
}

/* Copies between a strategy profile and a behaviour profile; @p to_tree picks the way. */
static mpol_status map(double *strategy, double *behavior, const mpol_tree *tree,
                       const mpol_bayes *g, int to_tree)
{
    if (strategy == NULL || behavior == NULL)
        return mpol_error(MPOL_EINVAL, "bayesian: NULL argument");
    size_t nt = 0, nrel;
    for (size_t p = 0; g != NULL && p < g->nplayers && p < MPOL_BAYES_MAX_PLAYERS; p++)
        nt += g->ntypes[p];
    unsigned char *rel = mpol_malloc(nt + 1);
    if (rel == NULL)
        return oom();
    mpol_status st = check_tree(tree, g, rel, &nrel);
    if (st == MPOL_OK && to_tree)
        for (size_t a = 0; a < tree->nactions; a++)
            behavior[a] = tree->action_prob[a];
    for (size_t p = 0, h = 1, ti = 0, o = 0; st == MPOL_OK && p < g->nplayers; p++)
        for (size_t t = 0; t < g->ntypes[p]; t++, ti++, o += g->nactions[p]) {
            if (!rel[ti]) {
                if (!to_tree)
                    for (size_t a = 0; a < g->nactions[p]; a++)
                        strategy[o + a] = a == 0 ? 1.0 : 0.0;
                continue;
            }
            size_t a0 = tree->iset_action_off[h++];
            for (size_t a = 0; a < g->nactions[p]; a++) {
                if (to_tree)
                    behavior[a0 + a] = strategy[o + a];
                else
                    strategy[o + a] = behavior[a0 + a];
            }
        }
    mpol_free(rel);
    return st;
}

mpol_status mpol_bayes_tree_behavior(double *behavior, const mpol_tree *tree, const mpol_bayes *g,
                                     const double *strategy)
{
    return map((double *)strategy, behavior, tree, g, 1);
}

mpol_status mpol_bayes_tree_strategy(double *strategy, const mpol_tree *tree, const mpol_bayes *g,
                                     const double *behavior)
{
    return map(strategy, (double *)behavior, tree, g, 0);
}
