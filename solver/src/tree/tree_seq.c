/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What the tree's solvers share: realisation plans and beliefs of a behaviour profile, and
 * the payoffs of the sequence form (one leaf per distinct tuple of sequences).
 */
#include <math.h>
#include <string.h>

#include "multipolar/tree.h"

static mpol_status need_final(const mpol_tree *t)
{
    if (t == NULL)
        return mpol_error(MPOL_EINVAL, "tree: NULL argument");
    if (!t->finalized)
        return mpol_error(MPOL_EINVAL, "tree: not finalised");
    return MPOL_OK;
}

mpol_status mpol_tree_realization(double *out, const mpol_tree *t, const double *behavior,
                                  size_t player)
{
    mpol_status st = need_final(t);
    if (st != MPOL_OK)
        return st;
    if (out == NULL || behavior == NULL || player >= t->nplayers)
        return mpol_error(MPOL_EINVAL, "tree: bad argument to the realisation plan");
    out[0] = 1.0;
    /* the first node of each set comes after the first node of the set of its sequence */
    for (size_t i = 0; i < t->nnodes; i++) {
        size_t h = t->infoset[i];
        if (t->type[i] != MPOL_TREE_DECISION || t->iset_player[h] != player ||
            t->iset_node[t->iset_node_off[h]] != i)
            continue;
        double r = out[t->iset_seq[h]];
        for (size_t a = t->iset_action_off[h]; a < t->iset_action_off[h + 1]; a++)
            out[t->action_seq[a]] = r * behavior[a];
    }
    return MPOL_OK;
}

mpol_status mpol_tree_beliefs(double *out, const mpol_tree *t, const double *behavior)
{
    mpol_status st = need_final(t);
    if (st != MPOL_OK)
        return st;
    if (out == NULL || behavior == NULL)
        return mpol_error(MPOL_EINVAL, "tree: NULL argument");
    double *reach = mpol_malloc(t->nnodes * sizeof *reach);
    if (reach == NULL)
        return mpol_error(MPOL_ENOMEM, "out of memory computing beliefs");
    reach[0] = 1.0;
    for (size_t i = 1; i < t->nnodes; i++) {
        size_t a = t->action[i], h = t->action_iset[a];
        double pa = t->iset_player[h] == MPOL_TREE_CHANCE ? t->action_prob[a] : behavior[a];
        reach[i] = reach[t->parent[i]] * pa;
    }
    for (size_t i = 0; i < t->nnodes; i++)
        out[i] = NAN;
    for (size_t h = 0; h < t->ninfosets; h++) {
        if (t->iset_player[h] == MPOL_TREE_CHANCE)
            continue;
        double sum = 0;
        for (size_t k = t->iset_node_off[h]; k < t->iset_node_off[h + 1]; k++)
            sum += reach[t->iset_node[k]];
        if (!(sum > 0))
            continue;
        for (size_t k = t->iset_node_off[h]; k < t->iset_node_off[h + 1]; k++)
            out[t->iset_node[k]] = reach[t->iset_node[k]] / sum;
    }
    mpol_free(reach);
    return MPOL_OK;
}

int mpol_tree_is_constant_sum(const mpol_tree *t)
{
    if (t == NULL || t->nnodes == 0)
        return 0;
    size_t np = t->nplayers;
    double range = t->payoff_max - t->payoff_min, c = NAN;
    double tol = 1e-9 * (range > 1 ? range : 1);
    for (size_t i = 0; i < t->nnodes; i++) {
        if (t->type[i] != MPOL_TREE_TERMINAL)
            continue;
        double s = 0;
        for (size_t p = 0; p < np; p++)
            s += t->payoff[i * np + p];
        if (isnan(c))
            c = s;
        else if (fabs(s - c) > tol)
            return 0;
    }
    return 1;
}

/* --- sequence form --- */

static int tuple_less(const size_t *a, const size_t *b, size_t np)
{
    for (size_t p = 0; p < np; p++)
        if (a[p] != b[p])
            return a[p] < b[p];
    return 0;
}

/* A stable merge sort of terminal numbers by their tuple of sequences. */
static void sort_by_tuple(size_t *v, size_t *tmp, size_t n, const mpol_tree *t)
{
    size_t np = t->nplayers;
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                tmp[k++] = tuple_less(t->node_seq + v[j] * np, t->node_seq + v[i] * np, np)
                               ? v[j++]
                               : v[i++];
            while (i < mid)
                tmp[k++] = v[i++];
            while (j < hi)
                tmp[k++] = v[j++];
        }
        memcpy(v, tmp, n * sizeof *v);
    }
}

void mpol_tree_sf_free(mpol_tree_sf *sf)
{
    if (sf == NULL)
        return;
    mpol_free(sf->leaf_seq);
    mpol_free(sf->leaf_payoff);
    mpol_free(sf);
}

mpol_status mpol_tree_sequence_form(mpol_tree_sf **out, const mpol_tree *t)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "tree: NULL output");
    *out = NULL;
    mpol_status st = need_final(t);
    if (st != MPOL_OK)
        return st;
    size_t np = t->nplayers, nz = 0;
    for (size_t i = 0; i < t->nnodes; i++)
        nz += t->type[i] == MPOL_TREE_TERMINAL && t->chance_reach[i] > 0;
    mpol_tree_sf *sf = mpol_calloc(1, sizeof *sf);
    size_t *z = mpol_malloc((nz ? nz : 1) * sizeof *z),
           *tmp = mpol_malloc((nz ? nz : 1) * sizeof *tmp);
    if (sf != NULL) {
        sf->nplayers = np;
        sf->leaf_seq = mpol_malloc((nz ? nz : 1) * np * sizeof *sf->leaf_seq);
        sf->leaf_payoff = mpol_calloc(nz ? nz : 1, np * sizeof *sf->leaf_payoff);
    }
    if (sf == NULL || z == NULL || tmp == NULL || sf->leaf_seq == NULL || sf->leaf_payoff == NULL) {
        mpol_free(z);
        mpol_free(tmp);
        mpol_tree_sf_free(sf);
        return mpol_error(MPOL_ENOMEM, "out of memory building the sequence form");
    }
    for (size_t i = 0, k = 0; i < t->nnodes; i++)
        if (t->type[i] == MPOL_TREE_TERMINAL && t->chance_reach[i] > 0)
            z[k++] = i;
    sort_by_tuple(z, tmp, nz, t);
    size_t nl = 0;
    for (size_t k = 0; k < nz; k++) {
        const size_t *seq = t->node_seq + z[k] * np;
        if (nl == 0 || memcmp(sf->leaf_seq + (nl - 1) * np, seq, np * sizeof *seq) != 0) {
            memcpy(sf->leaf_seq + nl * np, seq, np * sizeof *seq);
            nl++;
        }
        for (size_t p = 0; p < np; p++)
            sf->leaf_payoff[(nl - 1) * np + p] += t->chance_reach[z[k]] * t->payoff[z[k] * np + p];
    }
    sf->nleaves = nl;
    mpol_free(z);
    mpol_free(tmp);
    *out = sf;
    return MPOL_OK;
}
