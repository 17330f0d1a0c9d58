/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements one player's exact best stationary reply in a stochastic game when the
 * others' stationary strategies are fixed: a Markov decision problem, solved by policy
 * iteration (Howard 1960). Each policy is evaluated exactly by the linear solve of
 * mpol_i_sg_profile_values; the policy switches, state by state, to an action with a larger
 * action value, keeping the current one among ties, and stops when no state switches, which
 * happens after finitely many rounds since every round improves the values.
 */
#include <math.h>
#include <string.h>

#include "stochastic/sg_internal.h"

/* Policy-iteration rounds before giving up (never reached on games within the limits: the
 * number of rounds is small in practice, and finite). */
#define SG_PI_MAX_ROUNDS 10000

/* Makes player p's part of @p strategy in state s pure on action a. */
static void set_pure(const mpol_sg *g, double *strategy, size_t s, size_t p, size_t a)
{
    size_t na = g->nactions[s * g->nplayers + p];
    double *x = strategy + mpol_sg_strategy_offset(g, s, p);
    memset(x, 0, na * sizeof *x);
    x[a] = 1.0;
}

/* The current pure action of p in s, or na if the part is mixed. */
static size_t pure_action(const mpol_sg *g, const double *strategy, size_t s, size_t p)
{
    size_t na = g->nactions[s * g->nplayers + p];
    const double *x = strategy + mpol_sg_strategy_offset(g, s, p);
    for (size_t a = 0; a < na; a++)
        if (x[a] == 1.0)
            return a;
    return na;
}

/* One improvement round; returns the number of states that switched. */
static size_t improve(const mpol_sg *g, double *reply, size_t p, const double *U, double *q,
                      double eps)
{
    size_t changed = 0;
    for (size_t s = 0; s < g->nstates; s++) {
        size_t na = g->nactions[s * g->nplayers + p];
        mpol_i_sg_action_values(g, reply, s, p, U, q);
        size_t cur = pure_action(g, reply, s, p), best = 0;
        for (size_t a = 1; a < na; a++)
            if (q[a] > q[best])
                best = a;
        if (cur < na && q[cur] >= q[best] - eps)
            continue;
        set_pure(g, reply, s, p, best);
        changed++;
    }
    return changed;
}

mpol_status mpol_i_sg_best_reply(const mpol_sg *g, const double *strategy, size_t p, double *reply,
                                 double *U)
{
    size_t amax = 0, size = mpol_sg_strategy_size(g);
    for (size_t i = 0; i < g->nstates * g->nplayers; i++)
        amax = g->nactions[i] > amax ? g->nactions[i] : amax;
    double *q = mpol_malloc(amax * sizeof *q);
    if (q == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_sg: out of memory");
    if (reply != strategy)
        memcpy(reply, strategy, size * sizeof *reply);
    double eps = 1e-12 * mpol_i_sg_scale(g, 0.0);
    mpol_status st = mpol_i_sg_profile_values(g, reply, U);
    for (size_t round = 0; st == MPOL_OK; round++) {
        if (round == SG_PI_MAX_ROUNDS) {
            st = mpol_error(MPOL_ELIMIT, "mpol_sg: policy iteration did not settle in %d rounds",
                            SG_PI_MAX_ROUNDS);
            break;
        }
        if (improve(g, reply, p, U, q, eps) == 0)
            break;
        st = mpol_i_sg_profile_values(g, reply, U);
    }
    mpol_free(q);
    return st;
}
