/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Finalising a game tree: every decision node has all its children, the children and the
 * nodes of each information set are indexed, chance reach is accumulated, each player's
 * sequences are numbered, and perfect recall is checked (every node of a set has the same
 * last own action, which with perfect recall of the earlier sets is the same own history).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "multipolar/tree.h"

static mpol_status nomem(void)
{
    return mpol_error(MPOL_ENOMEM, "out of memory finalising a game tree");
}

static void node_name(char *buf, size_t size, const mpol_tree *t, size_t n)
{
    if (t->label[n] != NULL && t->label[n][0] != '\0')
        snprintf(buf, size, "'%s'", t->label[n]);
    else
        snprintf(buf, size, "number %zu", n + 1);
}

static void iset_name(char *buf, size_t size, const mpol_tree *t, size_t h)
{
    if (t->iset_label[h] != NULL && t->iset_label[h][0] != '\0')
        snprintf(buf, size, "'%s'", t->iset_label[h]);
    else
        snprintf(buf, size, "number %zu", h + 1);
}

/* child_off holds each node's count of children until here; it becomes offsets. */
static mpol_status index_children(mpol_tree *t)
{
    size_t n = t->nnodes, total = 0;
    for (size_t i = 0; i < n; i++) {
        size_t want = 0;
        if (t->type[i] != MPOL_TREE_TERMINAL) {
            size_t h = t->infoset[i];
            want = t->iset_action_off[h + 1] - t->iset_action_off[h];
        }
        if (t->child_off[i] != want) {
            char nb[96];
            node_name(nb, sizeof nb, t, i);
            return mpol_error(MPOL_EINVAL, "tree: node %s has %zu of its %zu children", nb,
                              t->child_off[i], want);
        }
        size_t c = t->child_off[i];
        t->child_off[i] = total;
        total += c;
    }
    t->child_off[n] = total;
    t->child = mpol_malloc((total ? total : 1) * sizeof *t->child);
    if (t->child == NULL)
        return nomem();
    for (size_t i = 1; i < n; i++) {
        size_t p = t->parent[i];
        size_t k = t->action[i] - t->iset_action_off[t->infoset[p]];
        t->child[t->child_off[p] + k] = i;
    }
    return MPOL_OK;
}

static mpol_status index_isets(mpol_tree *t)
{
    size_t H = t->ninfosets;
    t->iset_node_off = mpol_calloc(H + 1, sizeof *t->iset_node_off);
    t->iset_node = mpol_malloc((t->nnodes ? t->nnodes : 1) * sizeof *t->iset_node);
    if (t->iset_node_off == NULL || t->iset_node == NULL)
        return nomem();
    for (size_t i = 0; i < t->nnodes; i++)
        if (t->infoset[i] != MPOL_TREE_NONE)
            t->iset_node_off[t->infoset[i] + 1]++;
    for (size_t h = 0; h < H; h++) {
        if (t->iset_node_off[h + 1] == 0) {
            char hb[96];
            iset_name(hb, sizeof hb, t, h);
            return mpol_error(MPOL_EINVAL, "tree: information set %s has no node", hb);
        }
        t->iset_node_off[h + 1] += t->iset_node_off[h];
    }
    size_t *fill = mpol_malloc((H ? H : 1) * sizeof *fill);
    if (fill == NULL)
        return nomem();
    memcpy(fill, t->iset_node_off, H * sizeof *fill);
    for (size_t i = 0; i < t->nnodes; i++)
        if (t->infoset[i] != MPOL_TREE_NONE)
            t->iset_node[fill[t->infoset[i]]++] = i;
    mpol_free(fill);
    return MPOL_OK;
}

static mpol_status number_sequences(mpol_tree *t)
{
    size_t np = t->nplayers;
    t->nseq = mpol_malloc(np * sizeof *t->nseq);
    t->action_seq = mpol_malloc((t->nactions ? t->nactions : 1) * sizeof *t->action_seq);
    t->iset_seq = mpol_malloc((t->ninfosets ? t->ninfosets : 1) * sizeof *t->iset_seq);
    t->iset_depth = mpol_calloc(t->ninfosets ? t->ninfosets : 1, sizeof *t->iset_depth);
    t->node_seq = mpol_malloc(t->nnodes * np * sizeof *t->node_seq);
    t->chance_reach = mpol_malloc(t->nnodes * sizeof *t->chance_reach);
    if (t->nseq == NULL || t->action_seq == NULL || t->iset_seq == NULL || t->iset_depth == NULL ||
        t->node_seq == NULL || t->chance_reach == NULL)
        return nomem();
    for (size_t p = 0; p < np; p++)
        t->nseq[p] = 1;
    for (size_t h = 0; h < t->ninfosets; h++) {
        size_t p = t->iset_player[h];
        t->iset_seq[h] = MPOL_TREE_NONE;
        for (size_t a = t->iset_action_off[h]; a < t->iset_action_off[h + 1]; a++)
            t->action_seq[a] = p == MPOL_TREE_CHANCE ? MPOL_TREE_NONE : t->nseq[p]++;
    }
    for (size_t i = 0; i < t->nnodes; i++) {
        size_t *ns = t->node_seq + i * np;
        if (i == 0) {
            memset(ns, 0, np * sizeof *ns);
            t->chance_reach[0] = 1.0;
            continue;
        }
        size_t par = t->parent[i], a = t->action[i], pl = t->iset_player[t->infoset[par]];
        memcpy(ns, t->node_seq + par * np, np * sizeof *ns);
        t->chance_reach[i] = t->chance_reach[par];
        if (pl == MPOL_TREE_CHANCE)
            t->chance_reach[i] *= t->action_prob[a];
        else
            ns[pl] = t->action_seq[a];
    }
    return MPOL_OK;
}

static mpol_status recall_error(const mpol_tree *t, size_t h, size_t n1, size_t n2)
{
    char hb[96], b1[96], b2[96];
    iset_name(hb, sizeof hb, t, h);
    node_name(b1, sizeof b1, t, n1);
    node_name(b2, sizeof b2, t, n2);
    size_t p = t->iset_player[h];
    /* n2 below n1: the set is met twice on one path */
    for (size_t m = t->parent[n2]; m != MPOL_TREE_NONE; m = t->parent[m])
        if (m == n1)
            return mpol_error(MPOL_EINVAL,
                              "tree: information set %s of player '%s' is met "
                              "twice on one path (nodes %s and %s): the tree "
                              "lacks perfect recall",
                              hb, t->players[p], b1, b2);
    return mpol_error(MPOL_EINVAL,
                      "tree: information set %s of player '%s': its nodes %s and "
                      "%s differ in '%s''s earlier moves (the tree lacks perfect "
                      "recall)",
                      hb, t->players[p], b1, b2, t->players[p]);
}

static mpol_status check_recall(mpol_tree *t)
{
    size_t np = t->nplayers;
    /* seq_iset[p's sequence] = the set of its last action, through a per-player base */
    size_t total = 0;
    for (size_t p = 0; p < np; p++)
        total += t->nseq[p];
    size_t *base = mpol_malloc(np * sizeof *base), *seq_iset = mpol_malloc(total * sizeof(size_t));
    if (base == NULL || seq_iset == NULL) {
        mpol_free(base);
        mpol_free(seq_iset);
        return nomem();
    }
    for (size_t p = 0, s = 0; p < np; s += t->nseq[p], p++)
        base[p] = s;
    for (size_t a = 0; a < t->nactions; a++) {
        size_t h = t->action_iset[a], p = t->iset_player[h];
        if (p != MPOL_TREE_CHANCE)
            seq_iset[base[p] + t->action_seq[a]] = h;
    }
    mpol_status st = MPOL_OK;
    t->perfect_information = 1;
    for (size_t h = 0; h < t->ninfosets && st == MPOL_OK; h++) {
        size_t p = t->iset_player[h];
        if (p == MPOL_TREE_CHANCE)
            continue;
        size_t first = t->iset_node[t->iset_node_off[h]];
        size_t s = t->node_seq[first * np + p];
        if (t->iset_node_off[h + 1] - t->iset_node_off[h] > 1)
            t->perfect_information = 0;
        for (size_t k = t->iset_node_off[h] + 1; k < t->iset_node_off[h + 1]; k++)
            if (t->node_seq[t->iset_node[k] * np + p] != s) {
                st = recall_error(t, h, first, t->iset_node[k]);
                break;
            }
        t->iset_seq[h] = s;
    }
    /* depth: sets are first met in node order, and the set of a node's last own action has
       a node above it, so it was met first */
    for (size_t i = 0; i < t->nnodes && st == MPOL_OK; i++) {
        size_t h = t->infoset[i];
        if (t->type[i] != MPOL_TREE_DECISION || t->iset_node[t->iset_node_off[h]] != i)
            continue;
        size_t p = t->iset_player[h], s = t->iset_seq[h];
        t->iset_depth[h] = s == 0 ? 0 : t->iset_depth[seq_iset[base[p] + s]] + 1;
    }
    mpol_free(base);
    mpol_free(seq_iset);
    return st;
}

/* Keeps the exact arrays only when complete. */
static void settle_exact(mpol_tree *t)
{
    size_t np = t->nplayers;
    int ok = t->payoff_exact != NULL;
    for (size_t i = 0; ok && i < t->nnodes; i++)
        if (t->type[i] == MPOL_TREE_TERMINAL)
            for (size_t p = 0; p < np; p++)
                ok &= t->payoff_exact[i * np + p].den > 0;
    int anychance = 0;
    for (size_t h = 0; h < t->ninfosets; h++)
        anychance |= t->iset_player[h] == MPOL_TREE_CHANCE;
    if (ok && anychance) {
        ok = t->action_prob_exact != NULL;
        for (size_t a = 0; ok && a < t->nactions; a++)
            if (t->iset_player[t->action_iset[a]] == MPOL_TREE_CHANCE)
                ok &= t->action_prob_exact[a].den > 0;
    }
    if (ok && t->action_prob_exact == NULL) {
        t->action_prob_exact = mpol_calloc(t->nactions, sizeof(mpol_rational));
        ok = t->action_prob_exact != NULL;
    }
    if (!ok) {
        mpol_free(t->payoff_exact);
        mpol_free(t->action_prob_exact);
        t->payoff_exact = NULL;
        t->action_prob_exact = NULL;
        return;
    }
    for (size_t a = 0; a < t->nactions; a++)
        if (t->iset_player[t->action_iset[a]] != MPOL_TREE_CHANCE)
            t->action_prob_exact[a] = (mpol_rational){0, 1};
}

static void discard_derived(mpol_tree *t)
{
    void **arrs[] = {(void **)&t->child,    (void **)&t->iset_node_off, (void **)&t->iset_node,
                     (void **)&t->nseq,     (void **)&t->action_seq,    (void **)&t->iset_seq,
                     (void **)&t->node_seq, (void **)&t->chance_reach,  (void **)&t->iset_depth};
    for (size_t k = 0; k < sizeof arrs / sizeof arrs[0]; k++) {
        mpol_free(*arrs[k]);
        *arrs[k] = NULL;
    }
}

mpol_status mpol_tree_finalize(mpol_tree *t)
{
    if (t == NULL)
        return mpol_error(MPOL_EINVAL, "tree: NULL argument");
    if (t->finalized)
        return mpol_error(MPOL_EINVAL, "tree: already finalised");
    if (t->nnodes == 0)
        return mpol_error(MPOL_EINVAL, "tree: no nodes");
    /* child_off counts must survive a failed finalisation for a retry to report the same */
    size_t *counts = mpol_malloc((t->nnodes + 1) * sizeof *counts);
    if (counts == NULL)
        return nomem();
    memcpy(counts, t->child_off, (t->nnodes + 1) * sizeof *counts);
    mpol_status st = index_children(t);
    if (st == MPOL_OK)
        st = index_isets(t);
    if (st == MPOL_OK)
        st = number_sequences(t);
    if (st == MPOL_OK)
        st = check_recall(t);
    if (st != MPOL_OK) {
        memcpy(t->child_off, counts, (t->nnodes + 1) * sizeof *counts);
        mpol_free(counts);
        discard_derived(t);
        return st;
    }
    mpol_free(counts);
    settle_exact(t);
    t->finalized = 1;
    return MPOL_OK;
}
