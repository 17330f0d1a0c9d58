/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Internals of the repeated-game module (solver/src/repeated): stage-game helpers shared by
 * the minmax, grim-trigger and Abreu-Sannikov files.
 */
#ifndef MPOL_INTERNAL_RG_H
#define MPOL_INTERNAL_RG_H

#include "multipolar/repeated.h"

/* Checks a stage game: non-NULL, at most MPOL_RG_MAX_PROFILES profiles, finite payoffs.
 * @p who names the caller in the message. */
mpol_status mpol_i_rg_check_stage(const mpol_game *g, const char *who);

/* The payoff range of the stage game (max - min over all payoffs; 1 if 0). */
double mpol_i_rg_scale(const mpol_game *g);

/* Player p's best payoff against the others' actions of cell c (his best deviation). */
double mpol_i_rg_best_reply(const mpol_game *g, size_t c, size_t p);

/* The cell reached from c when player p switches to action k. */
size_t mpol_i_rg_switch(const mpol_game *g, size_t c, size_t p, size_t k);

/* 1 if cell c is a pure Nash equilibrium (regrets <= eps). */
int mpol_i_rg_is_nash(const mpol_game *g, size_t c, double eps);

/* The set {x in poly : x_k = c}, its other coordinate in [*lo, *hi]; 0 if empty. */
int mpol_i_rg_line(const mpol_rg_polygon *poly, int k, double c, double *lo, double *hi);

/* Drops vertices within eps of the segment joining their neighbours, and vertices within eps
 * of the next one, then restarts the polygon at its lowest-then-leftmost vertex. */
void mpol_i_rg_simplify(mpol_rg_polygon *poly, double eps);

/* 1 when (x, y) lies in poly within eps. */
int mpol_i_rg_contains(const mpol_rg_polygon *poly, double x, double y, double eps);

#endif /* MPOL_INTERNAL_RG_H */
