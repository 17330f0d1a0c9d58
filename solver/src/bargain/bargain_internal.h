/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared pieces of the bargaining module: the feasible set of a game as the convex
 * combinations of its payoff profiles (with obedience rows for correlated equilibria), the
 * LPs over it (bargain_lp.c), and the solvers of bargain_nash.c. */
#ifndef MPOL_BARGAIN_INTERNAL_H
#define MPOL_BARGAIN_INTERNAL_H

#include "multipolar/bargaining.h"

/* A feasible set: u = sum_c w_c P_c over distributions w on the game's pure profiles
 * (P_c = game->payoff + c * n), restricted by the obedience constraints if `correlated`. */
typedef struct mpol_i_bg {
    const mpol_game *game;
    size_t n, ncells;
    const double *P; /* ncells x n = game->payoff */
    int correlated;
    double scale; /* payoff range (1 if constant) */
} mpol_i_bg;

/*
 * One LP over the feasible set: maximise cu.u (+ t when @p dir is given) subject to
 * u_i - t dir_i >= lo_i for every i (rows only when @p lo is given; t is free), u in S.
 * @p cu may be NULL (0). Outputs (any may be NULL): @p w the ncells weights, @p t, @p obj the
 * objective, @p lambda the n row duals (>= 0) of the rows u - t dir >= lo. An infeasible LP
 * is MPOL_OK with *obj = -INFINITY. MPOL_EBACKEND, MPOL_ENOMEM, MPOL_ENUMERIC otherwise.
 */
mpol_status mpol_i_bg_lp(const mpol_i_bg *pb, const double *cu, const double *lo, const double *dir,
                         double *w, double *t, double *obj, double *lambda);

/* The support function h(l) = max over S of l.v, and a maximiser's payoff @p v and weights
 * @p w (may be NULL): the best profile on the hull, an LP for correlated equilibria. */
mpol_status mpol_i_bg_support(const mpol_i_bg *pb, const double *l, double *h, double *v,
                              double *w);

/* The largest obedience violation of w (0 for the hull), in payoff units. */
double mpol_i_bg_obedience(const mpol_i_bg *pb, const double *w);

/* Nash bargaining: u, weights and iterations into @p r (d set). Two players on the hull:
 * exact on the Pareto frontier (r->frontier filled); otherwise away-step Frank–Wolfe. */
mpol_status mpol_i_bg_nash(const mpol_i_bg *pb, mpol_bargain_result *r, size_t max_iter,
                           double tol);

/* The exact two-player solver on the hull (bargain_hull.c). */
mpol_status mpol_i_bg_nash_exact(const mpol_i_bg *pb, mpol_bargain_result *r);

/* The largest figure of @p c, payoff figures divided by c->scale (bargain_verify.c). */
double mpol_i_bg_max_error(const mpol_bargain_check *c, mpol_bargain_solution solution);

#endif /* MPOL_BARGAIN_INTERNAL_H */
