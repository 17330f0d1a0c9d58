/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Backward induction on a perfect-information tree: every pure subgame-perfect equilibrium.
 *
 * A parent always has a smaller number than its children, so taking the nodes from the last
 * to the first meets every subtree complete: a terminal's value is its payoff, a chance
 * node's the expectation of its children's, a decision node's that of the child it chooses,
 * which must maximise the mover's value. Where several children tie, the search branches;
 * it backtracks to the decision node of smallest number with a further tying child (the
 * nodes above it are recomputed, those below keep their values), so every leaf of the
 * search is one equilibrium and no branch is a dead end. With max_equilibria reached while
 * a branch is left (or the list's memory at BI_MAX_LIST_BYTES, 1 GiB: a tree with many
 * independent ties has exponentially many equilibria), the list is incomplete
 * (complete = 0). Work is one unit per node value
 * computed; MPOL_ELIMIT beyond max_work.
 *
 * Ties are exact in exact mode (GMP rationals on the tree's exact payoffs and chance
 * probabilities; the equilibria's values are then exact strings, and each equilibrium is
 * checked exactly, apart from the search: values recomputed, no profitable one-shot
 * deviation at any node; MPOL_EVERIFY otherwise); in floating point two
 * values tie when they differ by at most the absolute tolerance (tol times the payoff
 * range, mpol_i_tree_tol_abs), so that 0.1 + 0.2 and 0.3 tie.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include <gmp.h>

#include "multipolar/tree.h"
#include "tree_gmp_internal.h"
#include "tree_internal.h"

/* Memory the list of equilibria may take (each holds a behaviour profile, beliefs, values
 * and regrets): beyond it the list stops as at max_equilibria (complete = 0). */
#define BI_MAX_LIST_BYTES ((size_t)1 << 30)

typedef struct bi_ws {
    const mpol_tree *t;
    int exact;
    double tie;      /* floating-point tie tolerance */
    double *val;     /* nnodes * nplayers */
    mpq_t *q;        /* exact: nnodes * nplayers, else NULL */
    mpq_t *check;    /* exact: the same for the independent exact check */
    mpq_t tmp;       /* exact scratch */
    size_t *choice;  /* per decision node: the chosen child's rank (0-based) */
    double *profile; /* nactions */
    size_t work, max_work;
} bi_ws;

static mpol_status nomem(void)
{
    return mpol_error(MPOL_ENOMEM, "out of memory in backward induction");
}

static void ws_free(bi_ws *w)
{
    size_t m = w->t->nnodes * w->t->nplayers;
    if (w->q != NULL) {
        for (size_t k = 0; k < m; k++)
            mpq_clear(w->q[k]);
        mpq_clear(w->tmp);
    }
    if (w->check != NULL)
        for (size_t k = 0; k < m; k++)
            mpq_clear(w->check[k]);
    mpol_free(w->q);
    mpol_free(w->check);
    mpol_free(w->val);
    mpol_free(w->choice);
    mpol_free(w->profile);
}

static mpol_status ws_alloc(bi_ws *w, const mpol_tree *t, const mpol_tree_opts *o)
{
    memset(w, 0, sizeof *w);
    w->t = t;
    w->exact = o->exact;
    w->tie = mpol_i_tree_tol_abs(t, o->tol);
    w->max_work = o->max_work;
    size_t np = t->nplayers, n = t->nnodes;
    if (n > SIZE_MAX / np / sizeof(double))
        return mpol_error(MPOL_ELIMIT, "backward induction: the tree is too large");
    w->val = mpol_malloc(n * np * sizeof *w->val);
    w->choice = mpol_calloc(n, sizeof *w->choice);
    w->profile = mpol_calloc(t->nactions ? t->nactions : 1, sizeof *w->profile);
    if (w->val == NULL || w->choice == NULL || w->profile == NULL)
        return nomem();
    if (w->exact) {
        w->q = mpol_malloc(n * np * sizeof *w->q);
        if (w->q == NULL)
            return nomem();
        for (size_t k = 0; k < n * np; k++)
            mpq_init(w->q[k]);
        mpq_init(w->tmp);
        w->check = mpol_malloc(n * np * sizeof *w->check);
        if (w->check == NULL)
            return nomem();
        for (size_t k = 0; k < n * np; k++)
            mpq_init(w->check[k]);
    }
    return MPOL_OK;
}

/* Compares the mover's values at children a and b: > 0 when a is better. */
static int cmp_child(const bi_ws *w, size_t a, size_t b, size_t p)
{
    size_t np = w->t->nplayers;
    if (w->exact)
        return mpq_cmp(w->q[a * np + p], w->q[b * np + p]);
    double d = w->val[a * np + p] - w->val[b * np + p];
    return d > w->tie ? 1 : d < -w->tie ? -1 : 0;
}

/* The best child rank of decision node n, and whether child rank k ties with it. */
static size_t best_rank(const bi_ws *w, size_t n)
{
    const mpol_tree *t = w->t;
    size_t p = t->iset_player[t->infoset[n]], c0 = t->child_off[n], nc = t->child_off[n + 1] - c0;
    size_t best = 0;
    for (size_t k = 1; k < nc; k++)
        if (cmp_child(w, t->child[c0 + k], t->child[c0 + best], p) > 0)
            best = k;
    return best;
}

/* The next rank after @p from (or the first when from is NONE) that ties with the best. */
static size_t next_tie(const bi_ws *w, size_t n, size_t from)
{
    const mpol_tree *t = w->t;
    size_t p = t->iset_player[t->infoset[n]], c0 = t->child_off[n], nc = t->child_off[n + 1] - c0;
    size_t best = best_rank(w, n);
    for (size_t k = from == MPOL_TREE_NONE ? 0 : from + 1; k < nc; k++)
        if (cmp_child(w, t->child[c0 + k], t->child[c0 + best], p) == 0)
            return k;
    return MPOL_TREE_NONE;
}

/* Computes node n's value from its children (the choice of a decision node given). */
static void eval_node(bi_ws *w, size_t n)
{
    const mpol_tree *t = w->t;
    size_t np = t->nplayers, c0 = t->child_off[n], nc = t->child_off[n + 1] - c0;
    double *v = w->val + n * np;
    if (t->type[n] == MPOL_TREE_TERMINAL) {
        memcpy(v, t->payoff + n * np, np * sizeof *v);
        if (w->exact)
            for (size_t p = 0; p < np; p++)
                mpol_i_tree_mpq_set_rational(w->q[n * np + p], t->payoff_exact[n * np + p]);
    } else if (t->type[n] == MPOL_TREE_CHANCE_NODE) {
        size_t a0 = t->iset_action_off[t->infoset[n]];
        for (size_t p = 0; p < np; p++) {
            v[p] = 0;
            if (w->exact)
                mpq_set_ui(w->q[n * np + p], 0, 1);
        }
        for (size_t k = 0; k < nc; k++) {
            size_t c = t->child[c0 + k];
            for (size_t p = 0; p < np; p++) {
                v[p] += t->action_prob[a0 + k] * w->val[c * np + p];
                if (w->exact) {
                    mpol_i_tree_mpq_set_rational(w->tmp, t->action_prob_exact[a0 + k]);
                    mpq_mul(w->tmp, w->tmp, w->q[c * np + p]);
                    mpq_add(w->q[n * np + p], w->q[n * np + p], w->tmp);
                }
            }
        }
    } else {
        size_t c = t->child[c0 + w->choice[n]];
        memcpy(v, w->val + c * np, np * sizeof *v);
        if (w->exact)
            for (size_t p = 0; p < np; p++)
                mpq_set(w->q[n * np + p], w->q[c * np + p]);
    }
}

/* Nodes from @p start down to 0 computed; decision nodes take their first tie. */
static mpol_status descend(bi_ws *w, size_t start)
{
    for (size_t i = start + 1; i-- > 0;) {
        if (++w->work > w->max_work)
            return mpol_error(MPOL_ELIMIT,
                              "backward induction: more than %zu node evaluations "
                              "(max_work)",
                              w->max_work);
        if (w->t->type[i] == MPOL_TREE_DECISION && i != start)
            w->choice[i] = next_tie(w, i, MPOL_TREE_NONE);
        eval_node(w, i);
    }
    return MPOL_OK;
}

/* The decision node of smallest number with a further tying child, its choice advanced;
 * NONE when the search is over. */
static size_t advance(bi_ws *w)
{
    const mpol_tree *t = w->t;
    for (size_t i = 0; i < t->nnodes; i++) {
        if (t->type[i] != MPOL_TREE_DECISION)
            continue;
        size_t k = next_tie(w, i, w->choice[i]);
        if (k != MPOL_TREE_NONE) {
            w->choice[i] = k;
            return i;
        }
    }
    return MPOL_TREE_NONE;
}

static char *rational_string(mpol_rational r)
{
    mpq_t q;
    mpq_init(q);
    mpol_i_tree_mpq_set_rational(q, r);
    char *s = mpol_i_tree_mpq_string(q);
    mpq_clear(q);
    return s;
}

static mpol_status push_exact(const bi_ws *w, mpol_tree_eq *e)
{
    const mpol_tree *t = w->t;
    e->behavior_exact = mpol_calloc(t->nactions ? t->nactions : 1, sizeof *e->behavior_exact);
    e->value_exact = mpol_calloc(t->nplayers, sizeof *e->value_exact);
    if (e->behavior_exact == NULL || e->value_exact == NULL)
        return nomem();
    for (size_t a = 0; a < t->nactions; a++) {
        int chance = t->iset_player[t->action_iset[a]] == MPOL_TREE_CHANCE;
        e->behavior_exact[a] = chance ? rational_string(t->action_prob_exact[a])
                                      : mpol_strdup(w->profile[a] > 0.5 ? "1" : "0");
        if (e->behavior_exact[a] == NULL)
            return nomem();
    }
    for (size_t p = 0; p < t->nplayers; p++)
        if ((e->value_exact[p] = mpol_i_tree_mpq_string(w->q[p])) == NULL)
            return nomem();
    return MPOL_OK;
}

/* The exact check of the pure profile w->profile, independent of the search's values: the
 * values of every node recomputed from the exact payoffs and probabilities, and at every
 * decision node no child better for the mover than the one played (no profitable one-shot
 * deviation anywhere: subgame perfection). */
static mpol_status exact_check(bi_ws *w)
{
    const mpol_tree *t = w->t;
    size_t np = t->nplayers;
    mpq_t *v = w->check;
    for (size_t i = t->nnodes; i-- > 0;) {
        size_t h = t->infoset[i], c0 = t->child_off[i], nc = t->child_off[i + 1] - c0;
        if (t->type[i] == MPOL_TREE_TERMINAL) {
            for (size_t p = 0; p < np; p++)
                mpol_i_tree_mpq_set_rational(v[i * np + p], t->payoff_exact[i * np + p]);
            continue;
        }
        size_t a0 = t->iset_action_off[h], played = nc;
        if (t->type[i] == MPOL_TREE_CHANCE_NODE) {
            for (size_t p = 0; p < np; p++) {
                mpq_set_ui(v[i * np + p], 0, 1);
                for (size_t k = 0; k < nc; k++) {
                    mpol_i_tree_mpq_set_rational(w->tmp, t->action_prob_exact[a0 + k]);
                    mpq_mul(w->tmp, w->tmp, v[t->child[c0 + k] * np + p]);
                    mpq_add(v[i * np + p], v[i * np + p], w->tmp);
                }
            }
            continue;
        }
        for (size_t k = 0; k < nc; k++)
            if (w->profile[a0 + k] == 1.0)
                played = k;
        if (played == nc)
            return mpol_error(MPOL_EVERIFY, "backward-induction: internal error, no action played");
        size_t p0 = t->iset_player[h], c = t->child[c0 + played];
        for (size_t k = 0; k < nc; k++)
            if (mpq_cmp(v[t->child[c0 + k] * np + p0], v[c * np + p0]) > 0)
                return mpol_error(MPOL_EVERIFY,
                                  "backward-induction: the exact check failed (a profitable "
                                  "deviation at node %zu)",
                                  i + 1);
        for (size_t p = 0; p < np; p++)
            mpq_set(v[i * np + p], v[c * np + p]);
    }
    for (size_t p = 0; p < np; p++)
        if (!mpq_equal(v[p], w->q[p]))
            return mpol_error(MPOL_EVERIFY, "backward-induction: the exact values differ");
    return MPOL_OK;
}

static mpol_status record(bi_ws *w, mpol_tree_solution *sol)
{
    const mpol_tree *t = w->t;
    memset(w->profile, 0, t->nactions * sizeof *w->profile);
    for (size_t i = 0; i < t->nnodes; i++)
        if (t->type[i] == MPOL_TREE_DECISION)
            w->profile[t->iset_action_off[t->infoset[i]] + w->choice[i]] = 1.0;
    mpol_tree_eq *e = NULL;
    mpol_status st = mpol_i_tree_solution_push(sol, t, w->profile, &e);
    if (st != MPOL_OK)
        return st;
    e->subgame_perfect = 1;
    if (!w->exact)
        return MPOL_OK;
    if ((st = exact_check(w)) != MPOL_OK)
        return st;
    return push_exact(w, e);
}

static mpol_status check_tree(const mpol_tree *t, const mpol_tree_opts *o)
{
    if (!t->perfect_information) {
        for (size_t h = 0; h < t->ninfosets; h++) {
            size_t k = t->iset_node_off[h + 1] - t->iset_node_off[h];
            if (t->iset_player[h] != MPOL_TREE_CHANCE && k > 1) {
                const char *lab = t->iset_label[h];
                return mpol_error(MPOL_EINVAL,
                                  "backward-induction needs perfect information, but "
                                  "information set '%s' of player '%s' has %zu nodes "
                                  "(use sequence-lemke, sequence-lp or agent-qre)",
                                  lab != NULL && lab[0] ? lab : "?", t->players[t->iset_player[h]],
                                  k);
            }
        }
    }
    if (o->exact && t->payoff_exact == NULL)
        return mpol_error(MPOL_EINVAL, "backward-induction: exact mode needs every terminal "
                                       "payoff and chance probability given exactly");
    if (o->max_equilibria == 0)
        return mpol_error(MPOL_EINVAL, "backward-induction: max_equilibria is 0");
    return MPOL_OK;
}

mpol_status mpol_i_tree_backward(mpol_tree_solution **out, const mpol_tree *t,
                                 const mpol_tree_opts *o)
{
    *out = NULL;
    mpol_status st = check_tree(t, o);
    if (st != MPOL_OK)
        return st;
    bi_ws w;
    st = ws_alloc(&w, t, o);
    mpol_tree_solution *sol = NULL;
    if (st == MPOL_OK)
        st = mpol_i_tree_solution_new(&sol, t, MPOL_TREE_BACKWARD);
    if (st == MPOL_OK) {
        sol->complete = 1;
        sol->exact = w.exact;
        size_t per = (t->nactions + t->nnodes + 2 * t->nplayers) * sizeof(double) +
                     sizeof(mpol_tree_eq) + (w.exact ? (t->nactions + t->nplayers) * 16 : 0);
        size_t cap = BI_MAX_LIST_BYTES / per;
        if (cap == 0)
            cap = 1;
        if (cap > o->max_equilibria)
            cap = o->max_equilibria;
        size_t from = t->nnodes - 1;
        for (;;) {
            if ((st = descend(&w, from)) != MPOL_OK || (st = record(&w, sol)) != MPOL_OK)
                break;
            from = advance(&w);
            if (from == MPOL_TREE_NONE)
                break;
            if (sol->neq >= cap) {
                sol->complete = 0;
                break;
            }
        }
        sol->work = w.work;
    }
    ws_free(&w);
    if (st != MPOL_OK) {
        mpol_tree_solution_free(sol);
        return st;
    }
    *out = sol;
    return MPOL_OK;
}
