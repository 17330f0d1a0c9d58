/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The tree solvers' entry point: the method table, the choice of "auto", the solution
 * builder the methods fill, and the certificate every equilibrium gets before it is
 * returned (values, regrets and beliefs come from mpol_tree_certify, never from the
 * method).
 */
#include <math.h>
#include <string.h>

#include "core/method_table_internal.h"
#include "multipolar/tree.h"
#include "tree_internal.h"

static const mpol_i_method_entry method_names[] = {
    {"auto", MPOL_TREE_AUTO},
    {"backward-induction", MPOL_TREE_BACKWARD},
    {"sequence-lp", MPOL_TREE_SEQUENCE_LP},
    {"sequence-lemke", MPOL_TREE_LEMKE},
    {"sequence-enum", MPOL_TREE_ENUMERATE},
    {"subgame-perfect", MPOL_TREE_SUBGAME},
    {"agent-qre", MPOL_TREE_QRE},
};

/* The methods built; a NULL entry is "not available in this build". */
static mpol_i_tree_method_fn method_fn(mpol_tree_method m)
{
    switch (m) {
    case MPOL_TREE_BACKWARD:
        return mpol_i_tree_backward;
    case MPOL_TREE_SEQUENCE_LP:
        return mpol_i_tree_sequence_lp;
    case MPOL_TREE_LEMKE:
        return mpol_i_tree_lemke;
    case MPOL_TREE_ENUMERATE:
        return mpol_i_tree_enumerate;
    case MPOL_TREE_SUBGAME:
        return mpol_i_tree_subgame;
    case MPOL_TREE_QRE:
        return mpol_i_tree_qre;
    default:
        return NULL;
    }
}

const char *mpol_tree_method_name(mpol_tree_method method)
{
    return mpol_i_method_name(method_names, MPOL_I_METHODS(method_names), (int)method);
}

mpol_status mpol_tree_method_parse(mpol_tree_method *out, const char *name)
{
    int v = 0;
    mpol_status st =
        mpol_i_method_parse(&v, method_names, MPOL_I_METHODS(method_names), name, "tree");
    if (st == MPOL_OK && out != NULL)
        *out = (mpol_tree_method)v;
    return st;
}

void mpol_tree_opts_init(mpol_tree_opts *opts)
{
    if (opts == NULL)
        return;
    memset(opts, 0, sizeof *opts);
    opts->method = MPOL_TREE_AUTO;
    opts->tol = MPOL_TREE_TOL;
    opts->seed = 1;
    opts->starts = 8;
    opts->max_equilibria = 1000000;
    opts->max_work = 1000000000;
    opts->subgame_method = MPOL_TREE_AUTO;
    opts->qre_lambda_max = 1e6;
}

static void eq_free(mpol_tree_eq *e, size_t nactions, size_t nplayers)
{
    mpol_free(e->behavior);
    mpol_free(e->belief);
    mpol_free(e->value);
    mpol_free(e->regret);
    if (e->behavior_exact != NULL)
        for (size_t a = 0; a < nactions; a++)
            mpol_free(e->behavior_exact[a]);
    mpol_free(e->behavior_exact);
    if (e->value_exact != NULL)
        for (size_t p = 0; p < nplayers; p++)
            mpol_free(e->value_exact[p]);
    mpol_free(e->value_exact);
}

void mpol_tree_solution_free(mpol_tree_solution *sol)
{
    if (sol == NULL)
        return;
    for (size_t k = 0; k < sol->neq; k++)
        eq_free(&sol->eq[k], sol->nactions, sol->nplayers);
    mpol_free(sol->eq);
    mpol_free(sol);
}

mpol_status mpol_i_tree_solution_new(mpol_tree_solution **out, const mpol_tree *t,
                                     mpol_tree_method method)
{
    *out = mpol_calloc(1, sizeof **out);
    if (*out == NULL)
        return mpol_error(MPOL_ENOMEM, "out of memory for a tree solution");
    (*out)->method = method;
    (*out)->nplayers = t->nplayers;
    (*out)->nnodes = t->nnodes;
    (*out)->nactions = t->nactions;
    return MPOL_OK;
}

mpol_status mpol_i_tree_solution_push(mpol_tree_solution *sol, const mpol_tree *t,
                                      const double *behavior, mpol_tree_eq **eq_out)
{
    if ((sol->neq & (sol->neq - 1)) == 0) { /* 0, 1, 2, 4, ...: double the array */
        size_t cap = sol->neq ? 2 * sol->neq : 1;
        mpol_tree_eq *e = mpol_realloc(sol->eq, cap * sizeof *e);
        if (e == NULL)
            return mpol_error(MPOL_ENOMEM, "out of memory for a tree solution");
        sol->eq = e;
    }
    mpol_tree_eq *e = &sol->eq[sol->neq];
    memset(e, 0, sizeof *e);
    /* at least one entry each: a tree of one terminal node has no actions */
    e->behavior = mpol_malloc((t->nactions ? t->nactions : 1) * sizeof *e->behavior);
    e->belief = mpol_malloc(t->nnodes * sizeof *e->belief);
    e->value = mpol_calloc(t->nplayers, sizeof *e->value);
    e->regret = mpol_calloc(t->nplayers, sizeof *e->regret);
    if (e->behavior == NULL || e->belief == NULL || e->value == NULL || e->regret == NULL) {
        eq_free(e, 0, 0);
        return mpol_error(MPOL_ENOMEM, "out of memory for a tree solution");
    }
    for (size_t a = 0; a < t->nactions; a++)
        e->behavior[a] =
            t->iset_player[t->action_iset[a]] == MPOL_TREE_CHANCE ? t->action_prob[a] : behavior[a];
    for (size_t i = 0; i < t->nnodes; i++)
        e->belief[i] = NAN;
    sol->neq++;
    if (eq_out != NULL)
        *eq_out = e;
    return MPOL_OK;
}

/* "auto": the first built of the methods that fit the tree. */
static mpol_tree_method choose(const mpol_tree *t)
{
    mpol_tree_method order[4];
    size_t n = 0;
    if (t->perfect_information)
        order[n++] = MPOL_TREE_BACKWARD;
    if (t->nplayers == 2 && mpol_tree_is_constant_sum(t))
        order[n++] = MPOL_TREE_SEQUENCE_LP;
    if (t->nplayers == 2)
        order[n++] = MPOL_TREE_LEMKE;
    order[n++] = MPOL_TREE_QRE;
    for (size_t k = 0; k < n; k++)
        if (method_fn(order[k]) != NULL)
            return order[k];
    return order[0];
}

static mpol_status certify_all(mpol_tree_solution *sol, const mpol_tree *t, double tol)
{
    sol->max_regret = 0;
    sol->max_error = 0;
    sol->tol_abs = mpol_i_tree_tol_abs(t, tol);
    sol->verified = 1;
    for (size_t k = 0; k < sol->neq; k++) {
        mpol_tree_eq *e = &sol->eq[k];
        mpol_tree_check *c = NULL;
        mpol_status st = mpol_tree_certify(&c, t, e->behavior, tol);
        if (st == MPOL_OK)
            st = mpol_tree_beliefs(e->belief, t, e->behavior);
        if (st != MPOL_OK) {
            mpol_tree_check_free(c);
            return st;
        }
        for (size_t p = 0; p < t->nplayers; p++) {
            e->value[p] = c->value[p];
            e->regret[p] = c->regret[p];
            if (c->regret[p] > sol->max_regret)
                sol->max_regret = c->regret[p];
        }
        if (c->max_error > sol->max_error)
            sol->max_error = c->max_error;
        sol->verified &= c->verified;
        mpol_tree_check_free(c);
    }
    return MPOL_OK;
}

mpol_status mpol_tree_solve(mpol_tree_solution **out, const mpol_tree *t,
                            const mpol_tree_opts *opts)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "tree: NULL output");
    *out = NULL;
    if (t == NULL)
        return mpol_error(MPOL_EINVAL, "tree: NULL tree");
    if (!t->finalized)
        return mpol_error(MPOL_EINVAL, "tree: not finalised");
    mpol_tree_opts defaults;
    if (opts == NULL) {
        mpol_tree_opts_init(&defaults);
        opts = &defaults;
    }
    mpol_tree_method m = opts->method == MPOL_TREE_AUTO ? choose(t) : opts->method;
    if ((unsigned)m >= MPOL_TREE_METHOD_COUNT || m == MPOL_TREE_AUTO)
        return mpol_error(MPOL_EINVAL, "tree: unknown method %d", (int)opts->method);
    mpol_i_tree_method_fn fn = method_fn(m);
    if (fn == NULL)
        return mpol_error(MPOL_EINVAL, "tree method '%s' is not available in this build",
                          mpol_tree_method_name(m));
    mpol_tree_solution *sol = NULL;
    mpol_status st = fn(&sol, t, opts);
    if (st != MPOL_OK) {
        mpol_tree_solution_free(sol);
        return st;
    }
    sol->method = m;
    st = certify_all(sol, t, opts->tol);
    if (st != MPOL_OK) {
        mpol_tree_solution_free(sol);
        return st;
    }
    *out = sol;
    return sol->verified ? MPOL_OK
                         : mpol_error(MPOL_EVERIFY,
                                      "tree: an equilibrium failed its check "
                                      "(regret %.3g > %.3g)",
                                      sol->max_error, sol->tol_abs);
}
