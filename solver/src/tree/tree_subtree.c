/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The subtree below a node as a game tree of its own (for the subgame-perfect refinement
 * and its certificate): the nodes are copied in preorder through the builder, so the new
 * tree is checked and finalised like any other; information sets, action names, labels,
 * chance probabilities and exact values come along. Nodes marked "cut" (roots of subgames
 * already solved) become terminals with the given payoffs (no exact value: the new tree
 * is then not exact).
 */
#include "multipolar/tree.h"

#include <string.h>

#include "tree_internal.h"

static mpol_status nomem(void)
{
    return mpol_error(MPOL_ENOMEM, "out of memory extracting a subtree");
}

/* Buffers sized by the whole tree, reused across extractions so that extracting many small
 * subtrees costs their sizes, not the tree's: iset_new is NONE outside an extraction. */
struct mpol_i_subtree_ws {
    size_t *stack_old, *stack_par; /* DFS stack: old node, its new parent */
    size_t *iset_new;              /* ninfosets: the set's number in the new tree */
    size_t *nmap, *amap;
};

void mpol_i_tree_subtree_ws_free(mpol_i_subtree_ws *w)
{
    if (w == NULL)
        return;
    mpol_free(w->stack_old);
    mpol_free(w->stack_par);
    mpol_free(w->iset_new);
    mpol_free(w->nmap);
    mpol_free(w->amap);
    mpol_free(w);
}

mpol_status mpol_i_tree_subtree_ws_new(mpol_i_subtree_ws **out, const mpol_tree *t)
{
    *out = NULL;
    size_t N = t->nnodes ? t->nnodes : 1, H = t->ninfosets ? t->ninfosets : 1,
           A = t->nactions ? t->nactions : 1;
    mpol_i_subtree_ws *w = mpol_calloc(1, sizeof *w);
    if (w == NULL)
        return nomem();
    w->stack_old = mpol_malloc(N * sizeof *w->stack_old);
    w->stack_par = mpol_malloc(N * sizeof *w->stack_par);
    w->iset_new = mpol_malloc(H * sizeof *w->iset_new);
    w->nmap = mpol_malloc(N * sizeof *w->nmap);
    w->amap = mpol_malloc(A * sizeof *w->amap);
    if (w->stack_old == NULL || w->stack_par == NULL || w->iset_new == NULL || w->nmap == NULL ||
        w->amap == NULL) {
        mpol_i_tree_subtree_ws_free(w);
        return nomem();
    }
    for (size_t h = 0; h < H; h++)
        w->iset_new[h] = MPOL_TREE_NONE;
    *out = w;
    return MPOL_OK;
}

static mpol_status add_set(mpol_tree *nt, mpol_i_subtree_ws *w, const mpol_tree *t, size_t h)
{
    size_t a0 = t->iset_action_off[h], na = t->iset_action_off[h + 1] - a0, b0 = nt->nactions;
    int chance = t->iset_player[h] == MPOL_TREE_CHANCE;
    size_t nh = MPOL_TREE_NONE;
    mpol_status st = mpol_tree_add_infoset(&nh, nt, t->iset_player[h], na,
                                           (const char *const *)(t->action_name + a0),
                                           chance ? t->action_prob + a0 : NULL, t->iset_label[h]);
    if (st != MPOL_OK)
        return st;
    w->iset_new[h] = nh;
    for (size_t k = 0; k < na; k++)
        w->amap[b0 + k] = a0 + k;
    if (chance && t->action_prob_exact != NULL)
        st = mpol_tree_set_exact_probs(nt, nh, t->action_prob_exact + a0);
    return st;
}

static mpol_status copy_nodes(mpol_tree *nt, mpol_i_subtree_ws *w, const mpol_tree *t, size_t root,
                              const unsigned char *cut, const double *cut_value)
{
    size_t np = t->nplayers, sp = 0;
    w->stack_old[sp] = root;
    w->stack_par[sp++] = MPOL_TREE_NONE;
    while (sp > 0) {
        size_t o = w->stack_old[--sp], par = w->stack_par[sp], nn = MPOL_TREE_NONE;
        mpol_status st;
        int terminal = t->type[o] == MPOL_TREE_TERMINAL;
        if (terminal || (o != root && cut != NULL && cut[o])) {
            const double *pay = terminal ? t->payoff + o * np : cut_value + o * np;
            st = mpol_tree_add_node(&nn, nt, par, MPOL_TREE_NONE, pay, t->label[o]);
            if (st == MPOL_OK && terminal && t->payoff_exact != NULL)
                st = mpol_tree_set_exact_payoff(nt, nn, t->payoff_exact + o * np);
            if (st != MPOL_OK)
                return st;
            w->nmap[nn] = o;
            continue;
        }
        size_t h = t->infoset[o];
        if (w->iset_new[h] == MPOL_TREE_NONE && (st = add_set(nt, w, t, h)) != MPOL_OK)
            return st;
        if ((st = mpol_tree_add_node(&nn, nt, par, w->iset_new[h], NULL, t->label[o])) != MPOL_OK)
            return st;
        w->nmap[nn] = o;
        for (size_t c = t->child_off[o + 1]; c-- > t->child_off[o];) {
            w->stack_old[sp] = t->child[c];
            w->stack_par[sp++] = nn;
        }
    }
    return MPOL_OK;
}

static size_t *copy_of(const size_t *v, size_t n)
{
    size_t *c = mpol_malloc((n ? n : 1) * sizeof *c);
    if (c != NULL && n > 0)
        memcpy(c, v, n * sizeof *c);
    return c;
}

mpol_status mpol_i_tree_subtree(mpol_tree **out, size_t **node_map, size_t **action_map,
                                const mpol_tree *t, size_t root, const unsigned char *cut,
                                const double *cut_value, mpol_i_subtree_ws *ws)
{
    *out = NULL;
    if (node_map != NULL)
        *node_map = NULL;
    if (action_map != NULL)
        *action_map = NULL;
    if (t == NULL || !t->finalized || root >= t->nnodes || (cut != NULL && cut_value == NULL))
        return mpol_error(MPOL_EINVAL, "tree: bad arguments to the subtree");
    mpol_i_subtree_ws *own = NULL, *w = ws;
    mpol_status st = MPOL_OK;
    if (w == NULL && (st = mpol_i_tree_subtree_ws_new(&own, t)) != MPOL_OK)
        return st;
    if (w == NULL)
        w = own;
    mpol_tree *nt = NULL;
    st = mpol_tree_alloc(&nt, t->nplayers, (const char *const *)t->players);
    if (st == MPOL_OK)
        st = mpol_tree_set_title(nt, t->title);
    if (st == MPOL_OK)
        st = copy_nodes(nt, w, t, root, cut, cut_value);
    /* back to NONE for the next extraction: the sets used are those of the new actions */
    if (nt != NULL)
        for (size_t j = 0; j < nt->ninfosets; j++)
            w->iset_new[t->action_iset[w->amap[nt->iset_action_off[j]]]] = MPOL_TREE_NONE;
    if (st == MPOL_OK)
        st = mpol_tree_finalize(nt);
    if (st == MPOL_OK && node_map != NULL && (*node_map = copy_of(w->nmap, nt->nnodes)) == NULL)
        st = nomem();
    if (st == MPOL_OK && action_map != NULL &&
        (*action_map = copy_of(w->amap, nt->nactions)) == NULL)
        st = nomem();
    mpol_i_tree_subtree_ws_free(own);
    if (st != MPOL_OK) {
        if (node_map != NULL) {
            mpol_free(*node_map);
            *node_map = NULL;
        }
        mpol_tree_free(nt);
        return st;
    }
    *out = nt;
    return MPOL_OK;
}
