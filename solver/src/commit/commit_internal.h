/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The Stackelberg module's shared state: a normal-form game seen from its leader (the
 * followers' pure profiles, their cells, every player's payoff scaled to [0, 1]) and the
 * LP stages of stackelberg_lp.c and stackelberg_weak.c.
 */
#ifndef MPOL_COMMIT_INTERNAL_H
#define MPOL_COMMIT_INTERNAL_H

#include "multipolar/stackelberg.h"

typedef struct mpol_i_sg {
    const mpol_game *g;
    size_t n;         /* players */
    size_t L;         /* the leader */
    size_t m;         /* the leader's strategies */
    size_t *stride;   /* n strides of the cell index (mpol_game_cell) */
    size_t P;         /* the followers' pure profiles */
    size_t *base;     /* P cells of the profiles with the leader at strategy 0 */
    double *lo, *inv; /* per player: scaled payoff = (u - lo) * inv, in [0, 1] */
} mpol_i_sg;

/* Builds the view of @p g with leader @p L; refuses more than @p max_lps profiles. */
mpol_status mpol_i_sg_init(mpol_i_sg *s, const mpol_game *g, size_t L, size_t max_lps);
void mpol_i_sg_free(mpol_i_sg *s);

/* The scaled payoff of player @p p at cell @p c. */
static inline double mpol_i_sg_u(const mpol_i_sg *s, size_t c, size_t p)
{
    return (s->g->payoff[c * s->n + p] - s->lo[p]) * s->inv[p];
}

/* Strategy of player @p p in cell @p c. */
static inline size_t mpol_i_sg_strategy(const mpol_i_sg *s, size_t c, size_t p)
{
    return (c / s->stride[p]) % s->g->nstrategies[p];
}

/* What an LP stage found: the best followers' profile and the commitment. */
typedef struct mpol_i_sg_best {
    size_t q;           /* index of the profile in base[], or SIZE_MAX if none inducible */
    double value;       /* the leader's scaled value */
    double *x;          /* m: the commitment (caller's buffer) */
    size_t solved;      /* LPs solved */
    size_t inducible;   /* feasible ones */
    int attained;       /* weak, n players: the supremum is attained at x */
    double pessimistic; /* weak, n players: V(x), the leader's payoff at x, worst tie */
} mpol_i_sg_best;

/* The strong Stackelberg LPs (one per profile, best first by upper bound, pruned by the
 * best value so far: *best as the caller set it, q = SIZE_MAX for none; the solved and
 * feasible counts are added to). @p generic forces the n-player rows for two players. */
mpol_status mpol_i_sg_strong(const mpol_i_sg *s, mpol_i_sg_best *best, int generic);

/* The weak (pessimistic) supremum for two players: the best group of replies the follower
 * can be made to prefer strictly (interior test t > @p tol, scaled units); best->q is the
 * group's member worst for the leader at the commitment. */
mpol_status mpol_i_sg_weak(const mpol_i_sg *s, mpol_i_sg_best *best, double tol);

/* The most binaries the n-player weak MILP may have (216 binaries, 3 x 3 x 3 x 4, take
 * about 15 s on a loaded machine; 432, 6 x 6 x 5, more than 2 minutes), and its time limit. */
#define MPOL_I_SG_WEAKN_MAX_BINARIES 256
#define MPOL_I_SG_WEAKN_TIME_LIMIT_MS 60000

/* The weak (pessimistic) supremum for n >= 3 players (one MILP, stackelberg_weakn.c):
 * best->q the followers' reply (the worst equilibrium among them at x when attained, else
 * the equilibrium at x whose leader payoff is the supremum), best->attained and
 * best->pessimistic (V(x)); best->q = SIZE_MAX when no commitment induces a reply. */
mpol_status mpol_i_sg_weakn(const mpol_i_sg *s, mpol_i_sg_best *best, double tol);
size_t mpol_i_sg_weakn_binaries(const mpol_i_sg *s);

/* mpol_stackelberg_solve with the n-player LPs forced for two players when @p generic. */
mpol_status mpol_i_stackelberg_solve(mpol_stackelberg_result **out, const mpol_game *game,
                                     const mpol_stackelberg_opts *opts, int generic);

#endif /* MPOL_COMMIT_INTERNAL_H */
