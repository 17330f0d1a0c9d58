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

typedef struct sub_ws {
    size_t *stack_old, *stack_par; /* DFS stack: old node, its new parent */
    size_t *iset_new;              /* ninfosets: the set's number in the new tree */
    size_t *nmap, *amap;
} sub_ws;

static void ws_free(sub_ws *w)
{
    mpol_free(w->stack_old);
    mpol_free(w->stack_par);
    mpol_free(w->iset_new);
    mpol_free(w->nmap);
    mpol_free(w->amap);
}

static mpol_status add_set(mpol_tree *nt, sub_ws *w, const mpol_tree *t, size_t h)
{
    size_t a0 = t->iset_action_off[h], na = t->iset_action_off[h + 1] - a0, b0 = nt->nactions;
    int chance = t->iset_player[h] == MPOL_TREE_CHANCE;
    mpol_status st = mpol_tree_add_infoset(&w->iset_new[h], nt, t->iset_player[h], na,
                                           (const char *const *)(t->action_name + a0),
                                           chance ? t->action_prob + a0 : NULL, t->iset_label[h]);
    if (st != MPOL_OK)
        return st;
    for (size_t k = 0; k < na; k++)
        w->amap[b0 + k] = a0 + k;
    if (chance && t->action_prob_exact != NULL)
        st = mpol_tree_set_exact_probs(nt, w->iset_new[h], t->action_prob_exact + a0);
    return st;
}

static mpol_status copy_nodes(mpol_tree *nt, sub_ws *w, const mpol_tree *t, size_t root,
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

mpol_status mpol_i_tree_subtree(mpol_tree **out, size_t **node_map, size_t **action_map,
                                const mpol_tree *t, size_t root, const unsigned char *cut,
                                const double *cut_value)
{
    *out = NULL;
    if (node_map != NULL)
        *node_map = NULL;
    if (action_map != NULL)
        *action_map = NULL;
    if (t == NULL || !t->finalized || root >= t->nnodes || (cut != NULL && cut_value == NULL))
        return mpol_error(MPOL_EINVAL, "tree: bad arguments to the subtree");
    size_t N = t->nnodes, H = t->ninfosets ? t->ninfosets : 1, A = t->nactions ? t->nactions : 1;
    sub_ws w = {0};
    w.stack_old = mpol_malloc(N * sizeof *w.stack_old);
    w.stack_par = mpol_malloc(N * sizeof *w.stack_par);
    w.iset_new = mpol_malloc(H * sizeof *w.iset_new);
    w.nmap = mpol_malloc(N * sizeof *w.nmap);
    w.amap = mpol_malloc(A * sizeof *w.amap);
    mpol_tree *nt = NULL;
    mpol_status st = MPOL_OK;
    if (w.stack_old == NULL || w.stack_par == NULL || w.iset_new == NULL || w.nmap == NULL ||
        w.amap == NULL)
        st = nomem();
    if (st == MPOL_OK)
        st = mpol_tree_alloc(&nt, t->nplayers, (const char *const *)t->players);
    if (st == MPOL_OK)
        st = mpol_tree_set_title(nt, t->title);
    if (st == MPOL_OK) {
        for (size_t h = 0; h < t->ninfosets; h++)
            w.iset_new[h] = MPOL_TREE_NONE;
        st = copy_nodes(nt, &w, t, root, cut, cut_value);
    }
    if (st == MPOL_OK)
        st = mpol_tree_finalize(nt);
    if (st != MPOL_OK) {
        mpol_tree_free(nt);
        ws_free(&w);
        return st;
    }
    if (node_map != NULL) {
        *node_map = w.nmap;
        w.nmap = NULL;
    }
    if (action_map != NULL) {
        *action_map = w.amap;
        w.amap = NULL;
    }
    ws_free(&w);
    *out = nt;
    return MPOL_OK;
}
