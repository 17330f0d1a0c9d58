/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Private helpers shared by the n-player Nash solvers in solver/src/nash/: argument checks,
 * result building (with the independent certificate), payoffs scaled to [0, 1], the
 * expected-payoff tables U and T of a mixed profile, and Newton's method on a support.
 */
#ifndef MPOL_NASH_INTERNAL_H
#define MPOL_NASH_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "multipolar/nash.h"

/* Payoff tables of a game at a mixed profile, over payoffs scaled per player to [0, 1].
 * U[off[p] + k]: player p's expected payoff of pure strategy k against the others' mix.
 * T[toff[p*N + q] + k*ns[q] + j] (p != q): player p's expected payoff when p plays k and q
 * plays j, the others mixing; it is the derivative of U[off[p]+k] with respect to the
 * probability of q's strategy j. The workspace owns all its arrays. */
typedef struct mpol_i_nash_ws {
    size_t n;    /* players */
    size_t ntot; /* total strategies */
    size_t ncells;
    const size_t *ns; /* borrowed from the game */
    size_t *off;      /* n + 1 */
    size_t *toff;     /* n * n */
    size_t tsize;
    double *pay;       /* ncells * n scaled payoffs (owned) */
    double *scale;     /* n: original range of each player's payoffs (1 if constant) */
    double *shift;     /* n: original minimum of each player's payoffs */
    double range;      /* largest original payoff range (0 for a constant game) */
    double *U;         /* ntot */
    double *T;         /* tsize */
    size_t *prof;      /* n */
    double *pre, *suf; /* n + 1 each */
    /* Newton on a support: m <= ntot unknowns. */
    double *jac, *sv_v, *sv_s, *sv_work, *fval, *step, *trial, *xbest;
    size_t *sup_idx; /* ntot */
} mpol_i_nash_ws;

/* Checks game and payoffs (non-NULL, finite). */
mpol_status mpol_i_nash_check_game(const mpol_game *game, const char *who);

/* The common start of a solver: @p out non-NULL (then *out = NULL) and the game checked. */
mpol_status mpol_i_nash_begin(mpol_nash_result **out, const mpol_game *game, const char *who);

/* Allocates the workspace; payoffs are scaled copies of game->payoff. */
mpol_status mpol_i_nash_ws_alloc(mpol_i_nash_ws **out, const mpol_game *game, const char *who);
void mpol_i_nash_ws_free(mpol_i_nash_ws *ws);

/* Fills ws->U (and ws->T if want_t) at the profile sigma (ntot entries). */
void mpol_i_nash_tables(mpol_i_nash_ws *ws, const double *sigma, int want_t);

/* An empty result for @p game (pure[] is allocated by the first add with a pure profile). */
mpol_status mpol_i_nash_result_new(mpol_nash_result **out, const mpol_game *game, const char *who);

/* Appends profile @p prob (and pure profile @p pure if the result has pure[]) with its
 * certificate from mpol_nash_regret(). */
mpol_status mpol_i_nash_result_add(mpol_nash_result *res, const mpol_game *game, const double *prob,
                                   const size_t *pure, const char *who);

/* Index of a profile in @p res within @p tol (max norm), or res->count if none. */
size_t mpol_i_nash_result_find(const mpol_nash_result *res, const double *prob, double tol);

/*
 * Newton's method (pseudo-inverse steps by SVD, backtracking on the residual) for the
 * indifference system of the support @p support (ntot flags): for every player the
 * probabilities on the support sum to 1 and all its support strategies earn the same.
 * @p sigma holds the start (values off the support are ignored and set to 0) and receives
 * the root. Returns 1 if the residual fell below the tolerance, 0 otherwise.
 */
int mpol_i_nash_newton_support(mpol_i_nash_ws *ws, const unsigned char *support, double *sigma);

/*
 * Turns a Newton root into a candidate equilibrium: fails (returns 0) if a probability is
 * below -MPOL_I_NASH_NEG_TOL; otherwise clips to [0, 1], renormalises each player and
 * returns 1 when the independent regret is at most tol_abs.
 */
int mpol_i_nash_accept(const mpol_game *game, double *sigma, size_t ntot, const size_t *off,
                       double tol_abs, double *max_regret);

/* A uniform double in [0, 1) from the splitmix64 stream *state (core/rng_internal.h), for seeded
 * starts and perturbations. */
double mpol_i_nash_rng_uniform(uint64_t *state);

/* The one-player cases (decision problems) of mpol_nash_logit and mpol_nash_support_enum in
 * closed form (nash_decision.c); game and options already checked. */
mpol_status mpol_i_nash_decision_logit(mpol_nash_result **out, const mpol_game *game,
                                       const mpol_nash_logit_opts *opts, const char *who);
mpol_status mpol_i_nash_decision_support(mpol_nash_result **out, const mpol_game *game,
                                         const mpol_nash_support_opts *opts, const char *who);

/* Probabilities below -MPOL_I_NASH_NEG_TOL make a Newton root infeasible. */
#define MPOL_I_NASH_NEG_TOL 1e-9
/* Newton stops when the max-norm residual (scaled payoffs) is below this. */
#define MPOL_I_NASH_NEWTON_FTOL 1e-13
/* Singular values below this fraction of the largest are treated as zero. */
#define MPOL_I_NASH_SVD_RCOND 1e-11

#endif /* MPOL_NASH_INTERNAL_H */
