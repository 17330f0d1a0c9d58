/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The exact certificate of the two-player sequence-form methods: a behaviour profile in GMP
 * rationals is turned into realisation plans, each player's value and best-response value
 * are computed from the tree's terminals (the best response by the player's sets taken in
 * reverse order of their first node, so that the sets that follow a sequence are valued
 * before it), and the equilibrium is accepted only when every regret is exactly 0.
 */
#include <stdio.h>
#include <string.h>

#include "multipolar/tree.h"
#include "tree_gmp_internal.h"
#include "tree_internal.h"
#include "tree_lemke_internal.h"

void mpol_i_tree_player_sets(size_t *out, size_t *count, const mpol_tree *t, size_t player)
{
    size_t n = 0;
    for (size_t i = 0; i < t->nnodes; i++) {
        size_t h = t->infoset[i];
        if (t->type[i] == MPOL_TREE_DECISION && t->iset_player[h] == player &&
            t->iset_node[t->iset_node_off[h]] == i)
            out[n++] = h;
    }
    *count = n;
}

void mpol_i_tree_xdata_free(mpol_i_tree_xdata *xd, const mpol_tree *t)
{
    if (xd == NULL)
        return;
    mpol_free(xd->term);
    mpol_i_tree_mpq_array_free(xd->reach, xd->nterm);
    mpol_i_tree_mpq_array_free(xd->pay, xd->nterm * t->nplayers);
    mpol_i_tree_mpq_array_free(xd->prob, t->nactions);
    mpol_free(xd);
}

mpol_status mpol_i_tree_xdata_new(mpol_i_tree_xdata **out, const mpol_tree *t)
{
    *out = NULL;
    mpol_i_tree_xdata *xd = mpol_calloc(1, sizeof *xd);
    mpq_t *node_reach = mpol_i_tree_mpq_array(t->nnodes);
    if (xd == NULL || node_reach == NULL) {
        mpol_free(xd);
        mpol_i_tree_mpq_array_free(node_reach, t->nnodes);
        return mpol_error(MPOL_ENOMEM, "out of memory for the exact tree data");
    }
    xd->prob = mpol_i_tree_mpq_array(t->nactions);
    if (xd->prob == NULL)
        goto nomem;
    for (size_t a = 0; a < t->nactions; a++) {
        if (t->iset_player[t->action_iset[a]] != MPOL_TREE_CHANCE)
            continue;
        if (t->action_prob_exact != NULL)
            mpol_i_tree_mpq_set_rational(xd->prob[a], t->action_prob_exact[a]);
        else
            mpq_set_d(xd->prob[a], t->action_prob[a]);
    }
    mpq_set_ui(node_reach[0], 1, 1);
    size_t nterm = 0;
    for (size_t i = 1; i < t->nnodes; i++) {
        size_t a = t->action[i];
        if (t->iset_player[t->action_iset[a]] == MPOL_TREE_CHANCE)
            mpq_mul(node_reach[i], node_reach[t->parent[i]], xd->prob[a]);
        else
            mpq_set(node_reach[i], node_reach[t->parent[i]]);
    }
    for (size_t i = 0; i < t->nnodes; i++)
        if (t->type[i] == MPOL_TREE_TERMINAL && mpq_sgn(node_reach[i]) > 0)
            nterm++;
    xd->term = mpol_malloc((nterm ? nterm : 1) * sizeof *xd->term);
    xd->reach = mpol_i_tree_mpq_array(nterm);
    xd->pay = mpol_i_tree_mpq_array(nterm * t->nplayers);
    if (xd->term == NULL || xd->reach == NULL || xd->pay == NULL)
        goto nomem;
    xd->nterm = nterm;
    nterm = 0;
    for (size_t i = 0; i < t->nnodes; i++) {
        if (t->type[i] != MPOL_TREE_TERMINAL || mpq_sgn(node_reach[i]) <= 0)
            continue;
        xd->term[nterm] = i;
        mpq_set(xd->reach[nterm], node_reach[i]);
        for (size_t p = 0; p < t->nplayers; p++) {
            mpq_ptr q = xd->pay[nterm * t->nplayers + p];
            if (t->payoff_exact != NULL)
                mpol_i_tree_mpq_set_rational(q, t->payoff_exact[i * t->nplayers + p]);
            else
                mpq_set_d(q, t->payoff[i * t->nplayers + p]);
        }
        nterm++;
    }
    mpol_i_tree_mpq_array_free(node_reach, t->nnodes);
    *out = xd;
    return MPOL_OK;
nomem:
    mpol_i_tree_mpq_array_free(node_reach, t->nnodes);
    mpol_i_tree_xdata_free(xd, t);
    return mpol_error(MPOL_ENOMEM, "out of memory for the exact tree data");
}

/* The exact plans of every player: plan[p] has nseq[p] entries at plan_off[p]. */
static void exact_plans(mpq_t *plan, const size_t *off, const mpol_tree *t, mpq_t *beh,
                        const size_t *sets_all, const size_t *nsets)
{
    for (size_t p = 0; p < t->nplayers; p++) {
        mpq_t *r = plan + off[p];
        mpq_set_ui(r[0], 1, 1);
        const size_t *sets = sets_all + off[p];
        for (size_t k = 0; k < nsets[p]; k++) {
            size_t h = sets[k];
            for (size_t a = t->iset_action_off[h]; a < t->iset_action_off[h + 1]; a++)
                mpq_mul(r[t->action_seq[a]], r[t->iset_seq[h]], beh[a]);
        }
    }
}

mpol_status mpol_i_tree_push_exact(mpol_tree_solution *sol, const mpol_tree *t,
                                   const mpol_i_tree_xdata *xd, mpq_t *beh)
{
    size_t np = t->nplayers, total = 0;
    mpol_status st = MPOL_OK;
    size_t *off = mpol_malloc((np + 1) * sizeof *off);
    size_t *nsets = mpol_malloc(np * sizeof *nsets);
    if (off == NULL || nsets == NULL) {
        mpol_free(off);
        mpol_free(nsets);
        return mpol_error(MPOL_ENOMEM, "out of memory for the exact certificate");
    }
    for (size_t p = 0; p < np; p++) {
        off[p] = total;
        total += t->nseq[p];
    }
    off[np] = total;
    /* sets: room for every sequence per player suffices (sets <= actions < nseq) */
    size_t *sets = mpol_malloc(total * sizeof *sets),
           *tmp = mpol_malloc((t->ninfosets + 1) * sizeof *tmp);
    mpq_t *plan = mpol_i_tree_mpq_array(total), *g = mpol_i_tree_mpq_array(total),
          *cont = mpol_i_tree_mpq_array(total);
    mpq_t *value = mpol_i_tree_mpq_array(np);
    double *dbeh = mpol_malloc(t->nactions * sizeof *dbeh);
    mpq_t prod, best, x, sum;
    mpq_inits(prod, best, x, sum, NULL);
    if (sets == NULL || tmp == NULL || plan == NULL || g == NULL || cont == NULL || value == NULL ||
        dbeh == NULL) {
        st = mpol_error(MPOL_ENOMEM, "out of memory for the exact certificate");
        goto done;
    }
    for (size_t p = 0; p < np; p++) {
        mpol_i_tree_player_sets(tmp, &nsets[p], t, p);
        memcpy(sets + off[p], tmp, nsets[p] * sizeof *tmp);
    }
    /* the behaviour strategies are distributions */
    for (size_t h = 0; h < t->ninfosets; h++) {
        if (t->iset_player[h] == MPOL_TREE_CHANCE)
            continue;
        mpq_set_ui(sum, 0, 1);
        for (size_t a = t->iset_action_off[h]; a < t->iset_action_off[h + 1]; a++) {
            if (mpq_sgn(beh[a]) < 0) {
                st = mpol_error(MPOL_EVERIFY, "tree: exact check: a negative probability");
                goto done;
            }
            mpq_add(sum, sum, beh[a]);
        }
        if (mpq_cmp_ui(sum, 1, 1) != 0) {
            st = mpol_error(MPOL_EVERIFY,
                            "tree: exact check: a behaviour strategy does not sum to 1");
            goto done;
        }
    }
    exact_plans(plan, off, t, beh, sets, nsets);
    for (size_t p = 0; p < np; p++) {
        for (size_t s = 0; s < t->nseq[p]; s++) {
            mpq_set_ui(g[off[p] + s], 0, 1);
            mpq_set_ui(cont[off[p] + s], 0, 1);
        }
        mpq_set_ui(value[p], 0, 1);
    }
    for (size_t k = 0; k < xd->nterm; k++) {
        size_t n = xd->term[k];
        for (size_t p = 0; p < np; p++) {
            /* reach by chance and the others, times p's payoff */
            mpq_mul(prod, xd->reach[k], xd->pay[k * np + p]);
            for (size_t q = 0; q < np; q++)
                if (q != p)
                    mpq_mul(prod, prod, plan[off[q] + t->node_seq[n * np + q]]);
            size_t s = t->node_seq[n * np + p];
            mpq_add(g[off[p] + s], g[off[p] + s], prod);
            mpq_mul(prod, prod, plan[off[p] + s]);
            mpq_add(value[p], value[p], prod);
        }
    }
    for (size_t p = 0; p < np; p++) {
        mpq_t *gp = g + off[p], *cp = cont + off[p];
        for (size_t k = nsets[p]; k-- > 0;) {
            size_t h = sets[off[p] + k];
            for (size_t a = t->iset_action_off[h]; a < t->iset_action_off[h + 1]; a++) {
                size_t s = t->action_seq[a];
                mpq_add(x, gp[s], cp[s]);
                if (a == t->iset_action_off[h] || mpq_cmp(x, best) > 0)
                    mpq_set(best, x);
            }
            mpq_add(cp[t->iset_seq[h]], cp[t->iset_seq[h]], best);
        }
        mpq_add(x, gp[0], cp[0]);
        if (mpq_cmp(x, value[p]) != 0) {
            mpq_sub(x, x, value[p]);
            st = mpol_error(MPOL_EVERIFY,
                            "tree: exact check: player '%s' has regret %.3g, not exactly 0",
                            t->players[p], mpq_get_d(x));
            goto done;
        }
    }
    for (size_t a = 0; a < t->nactions; a++)
        dbeh[a] = mpq_get_d(beh[a]);
    mpol_tree_eq *e = NULL;
    if ((st = mpol_i_tree_solution_push(sol, t, dbeh, &e)) != MPOL_OK)
        goto done;
    e->behavior_exact = mpol_calloc(t->nactions, sizeof *e->behavior_exact);
    e->value_exact = mpol_calloc(np, sizeof *e->value_exact);
    if (e->behavior_exact == NULL || e->value_exact == NULL) {
        st = mpol_error(MPOL_ENOMEM, "out of memory for the exact strings");
        goto done;
    }
    for (size_t a = 0; a < t->nactions; a++) {
        int chance = t->iset_player[t->action_iset[a]] == MPOL_TREE_CHANCE;
        e->behavior_exact[a] = mpol_i_tree_mpq_string(chance ? xd->prob[a] : beh[a]);
        if (e->behavior_exact[a] == NULL) {
            st = mpol_error(MPOL_ENOMEM, "out of memory for the exact strings");
            goto done;
        }
    }
    for (size_t p = 0; p < np; p++)
        if ((e->value_exact[p] = mpol_i_tree_mpq_string(value[p])) == NULL) {
            st = mpol_error(MPOL_ENOMEM, "out of memory for the exact strings");
            goto done;
        }
done:
    mpq_clears(prod, best, x, sum, NULL);
    mpol_i_tree_mpq_array_free(plan, total);
    mpol_i_tree_mpq_array_free(g, total);
    mpol_i_tree_mpq_array_free(cont, total);
    mpol_i_tree_mpq_array_free(value, np);
    mpol_free(dbeh);
    mpol_free(sets);
    mpol_free(tmp);
    mpol_free(off);
    mpol_free(nsets);
    return st;
}
