/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the entry point of the stochastic-game solvers: the method table,
 * options, and the result's allocation, dispatch and verdict.
 */
#include <string.h>

#include "core/method_table_internal.h"
#include "stochastic/sg_internal.h"

static const mpol_i_method_entry methods[] = {
    {"auto", MPOL_SG_AUTO},
    {"shapley", MPOL_SG_SHAPLEY},
    {"value-iteration", MPOL_SG_VALUE_ITERATION},
    {"policy-iteration", MPOL_SG_POLICY_ITERATION},
    {"hoffman-karp", MPOL_SG_POLICY_ITERATION},
    {"fictitious-play", MPOL_SG_FICTITIOUS},
};

const char *mpol_sg_method_name(mpol_sg_method method)
{
    return mpol_i_method_name(methods, MPOL_I_METHODS(methods), (int)method);
}

mpol_status mpol_sg_method_parse(mpol_sg_method *out, const char *name)
{
    int v;
    mpol_status st = mpol_i_method_parse(out != NULL ? &v : NULL, methods, MPOL_I_METHODS(methods),
                                         name, "stochastic");
    if (st == MPOL_OK)
        *out = (mpol_sg_method)v;
    return st;
}

void mpol_sg_opts_init(mpol_sg_opts *opts)
{
    if (opts == NULL)
        return;
    memset(opts, 0, sizeof *opts);
    opts->method = MPOL_SG_AUTO;
    opts->tol = MPOL_SG_DEFAULT_TOL;
    opts->warm = 1;
    opts->seed = 1;
}

void mpol_sg_result_free(mpol_sg_result *r)
{
    if (r == NULL)
        return;
    mpol_free(r->value);
    mpol_free(r->strategy);
    mpol_sg_check_free(r->check);
    mpol_free(r);
}

static mpol_status check_opts(const mpol_sg *g, const mpol_sg_opts *o)
{
    if (!(o->tol > 0.0 && o->tol < 1.0))
        return mpol_error(MPOL_EINVAL, "mpol_sg_solve: tol %g is not in (0, 1)", o->tol);
    if (!(o->vi_tol >= 0.0 && o->vi_tol < 1.0))
        return mpol_error(MPOL_EINVAL, "mpol_sg_solve: vi_tol %g is not in [0, 1)", o->vi_tol);
    if (mpol_sg_method_name(o->method)[0] == 'u')
        return mpol_error(MPOL_EINVAL, "mpol_sg_solve: unknown method %d", (int)o->method);
    int zs_method = o->method == MPOL_SG_SHAPLEY || o->method == MPOL_SG_VALUE_ITERATION ||
                    o->method == MPOL_SG_POLICY_ITERATION;
    if (zs_method && !g->zero_sum)
        return mpol_error(MPOL_EINVAL, "mpol_sg_solve: method %s needs a zero-sum game",
                          mpol_sg_method_name(o->method));
    return MPOL_OK;
}

mpol_status mpol_sg_solve(mpol_sg_result **out, const mpol_sg *g, const mpol_sg_opts *opts)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_sg_solve: out is NULL");
    *out = NULL;
    mpol_sg_opts o;
    mpol_sg_opts_init(&o);
    if (opts != NULL)
        o = *opts;
    double beta = 0.0;
    mpol_status st = mpol_sg_validate(g, &beta);
    if (st != MPOL_OK || (st = check_opts(g, &o)) != MPOL_OK)
        return st;
    mpol_sg_result *r = mpol_calloc(1, sizeof *r);
    if (r == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_sg: out of memory");
    r->nstates = g->nstates;
    r->nplayers = g->nplayers;
    r->zero_sum = g->zero_sum;
    r->beta = beta;
    r->strategy_size = mpol_sg_strategy_size(g);
    r->value = mpol_calloc(g->nstates * g->nplayers, sizeof *r->value);
    r->strategy = mpol_calloc(r->strategy_size, sizeof *r->strategy);
    if (r->value == NULL || r->strategy == NULL) {
        mpol_sg_result_free(r);
        return mpol_error(MPOL_ENOMEM, "mpol_sg: out of memory");
    }
    if (g->zero_sum && o.method != MPOL_SG_FICTITIOUS) {
        st = mpol_i_sg_solve_zs(r, g, &o);
        r->found = st == MPOL_OK;
    } else {
        st = mpol_i_sg_solve_general(r, g, &o);
    }
    if (st != MPOL_OK) {
        mpol_sg_result_free(r);
        return st;
    }
    r->verified = r->found && r->check != NULL && r->check->ok;
    r->max_error = r->check != NULL ? r->check->max_error : 0.0;
    *out = r;
    if (!r->verified)
        return mpol_error(MPOL_EVERIFY,
                          r->found ? "mpol_sg_solve: the answer failed its check "
                                     "(bound %.3g)"
                                   : "mpol_sg_solve: no equilibrium found (NOT "
                                     "FOUND; the last iterate's bound %.3g)",
                          r->check != NULL ? r->check->bound : 0.0);
    return MPOL_OK;
}
