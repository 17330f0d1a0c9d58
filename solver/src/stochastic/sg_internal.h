/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Internals of the stochastic-game module (solver/src/stochastic): the stage games with
 * continuation values, the exact values of a stationary profile (one linear solve), the
 * action values of one player, and the solvers of the two families.
 */
#ifndef MPOL_INTERNAL_SG_H
#define MPOL_INTERNAL_SG_H

#include "multipolar/stochastic.h"

/* The continuation weight of profile k (global index): discount * (1 - stop[k]). */
static inline double mpol_i_sg_weight(const mpol_sg *g, size_t k)
{
    return g->discount * (g->stop != NULL ? 1.0 - g->stop[k] : 1.0);
}

/* Player p's payoff at profile k (zero-sum: minus player 0's for p = 1). */
static inline double mpol_i_sg_payoff(const mpol_sg *g, size_t k, size_t p)
{
    if (g->zero_sum)
        return p == 0 ? g->payoff[k * 2] : -g->payoff[k * 2];
    return g->payoff[k * g->nplayers + p];
}

/* The largest number of profiles of one state. */
size_t mpol_i_sg_max_profiles(const mpol_sg *g);

/* Player p's action in local profile k of state s. */
size_t mpol_i_sg_action(const mpol_sg *g, size_t s, size_t k, size_t p);

/* out[k] = r_p(s, k) + sum_s' w(s'|s, k) cont[s'] over the local profiles k of state s;
 * cont holds nstates values (stride @p stride: cont[s' * stride]). */
void mpol_i_sg_stage(const mpol_sg *g, size_t s, size_t p, const double *cont, size_t stride,
                     double *out);

/* The two-player stage matrix of state s for player 0, row-major m x n (A[i * n + j]). */
void mpol_i_sg_stage_matrix(const mpol_sg *g, size_t s, const double *cont, size_t stride,
                            double *A);

/* q[a] = expected stage payoff plus continuation of player p's action a in state s when the
 * others play @p strategy; U holds nstates * nplayers values ([s' * nplayers + p]). */
void mpol_i_sg_action_values(const mpol_sg *g, const double *strategy, size_t s, size_t p,
                             const double *U, double *q);

/* The exact values U (nstates * nplayers) of the stationary profile @p strategy: solves
 * (I - P) U = r with GSL's LU. MPOL_ENUMERIC when singular, MPOL_ENOMEM. */
mpol_status mpol_i_sg_profile_values(const mpol_sg *g, const double *strategy, double *U);

/* The payoff range of the game (max - min over all payoffs; 1 if 0) over 1 - beta. */
double mpol_i_sg_scale(const mpol_sg *g, double beta);

/* Allocates a check with its arrays. */
mpol_status mpol_i_sg_check_new(mpol_sg_check **out, const mpol_sg *g, int zero_sum);

/* Solvers (sg_zerosum.c, sg_general.c): fill @p r (allocated by mpol_sg_solve). */
mpol_status mpol_i_sg_solve_zs(mpol_sg_result *r, const mpol_sg *g, const mpol_sg_opts *opts);
mpol_status mpol_i_sg_solve_general(mpol_sg_result *r, const mpol_sg *g, const mpol_sg_opts *opts);

/* Player p's best stationary reply in pure strategies to the others' @p strategy, found by
 * policy iteration on p's Markov decision problem (each policy's values by a linear solve);
 * writes the reply into @p reply (a copy of strategy with p's part replaced by the pure
 * reply) and the reply's values into U. */
mpol_status mpol_i_sg_best_reply(const mpol_sg *g, const double *strategy, size_t p, double *reply,
                                 double *U);

#endif /* MPOL_INTERNAL_SG_H */
