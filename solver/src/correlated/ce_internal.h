/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The obedience constraints of a strategic-form game as sparse LP rows, shared by the
 * correlated-equilibrium solver and by every method that optimises over the correlated
 * polytope (bargaining over correlated payoffs, ...). Row r reads
 *     sum_k val[k] * p(col[k]) <= 0,   k in [start[r], start[r+1]),
 * val being the gain (u_i(t, c_-i) - u_i(c)) * inv of player i = player[r] deviating
 * to t = to[r] in cell c, over the cells where i is told s = from[r] (correlated), or over
 * every cell (coarse; from[r] = SIZE_MAX). Zero gains are left out. Rows are ordered by
 * player, then from, then to (to != from).
 */
#ifndef MPOL_CORRELATED_CE_INTERNAL_H
#define MPOL_CORRELATED_CE_INTERNAL_H

#include "multipolar/correlated.h"

typedef struct mpol_i_ce_rows {
    size_t nrows, ncols, nnz;
    size_t *start;              /* nrows + 1 */
    size_t *col;                /* nnz cells */
    double *val;                /* nnz scaled gains */
    size_t *player, *from, *to; /* nrows each */
} mpol_i_ce_rows;

/* The number of rows and (an upper bound on) the non-zeros of the rows of @p kind. */
void mpol_i_ce_rows_size(const mpol_game *game, mpol_ce_kind kind, size_t *nrows, double *nnz);

/* Builds the rows with gains multiplied by @p inv (payoff scaling; 1 for payoff units).
 * @return MPOL_OK, MPOL_ELIMIT (too large for size_t), MPOL_ENOMEM; *out zeroed first. */
mpol_status mpol_i_ce_rows_build(mpol_i_ce_rows *out, const mpol_game *game, mpol_ce_kind kind,
                                 double inv);

void mpol_i_ce_rows_free(mpol_i_ce_rows *rows);
/* The GLPK triplets (1-based, r->nnz + r->ncols of them) of the rows and of the sum row
 * (row nrows + 1, all ones); @p ia, @p ja, @p ar have room for that many plus one. */
void mpol_i_ce_rows_triplets(const mpol_i_ce_rows *r, int *ia, int *ja, double *ar);

/* Maximises sum_c obj[c] p(c) over {p >= 0, sum p = 1, rows <= 0} with GLPK's simplex (the
 * objective and rows already scaled to order 1). Writes the cleaned distribution (negative
 * entries 0, renormalised) into @p prob (ncols), the rows' duals clipped at 0 into @p dual
 * (nrows) and adds the simplex iterations to *iterations. @p interior: MPOL_I_CE_SIMPLEX,
 * MPOL_I_CE_CROSSOVER (GLPK's interior-point method first, its support's LP by the
 * simplex, then the whole LP from that basis) or MPOL_I_CE_EXACT (GLPK's exact rational
 * simplex on the double data). */
enum { MPOL_I_CE_SIMPLEX = 0, MPOL_I_CE_CROSSOVER = 1, MPOL_I_CE_EXACT = 2 };
/* The largest LP (rows x columns) that GLPK's exact rational simplex is tried on. */
#define MPOL_I_CE_EXACT_MAX 4e6
mpol_status mpol_i_ce_lp_max(const mpol_i_ce_rows *rows, const double *obj, int interior,
                             double *prob, double *dual, size_t *iterations);

/* The dual bound of a maximisation of sum_c obj[c] p(c) in payoff units, from row duals
 * @p dual (>= 0) of the rows of @p kind in the order of mpol_i_ce_rows_build: max over
 * cells of obj[c] - sum_rows dual * gain(c), the gains recomputed from the payoff table. */
double mpol_i_ce_dual_bound(const mpol_game *game, mpol_ce_kind kind, const double *obj,
                            const double *dual);

/* The stride of player @p p in the cell index (the product of the earlier strategy counts). */
size_t mpol_i_ce_stride(const mpol_game *game, size_t p);

#endif /* MPOL_CORRELATED_CE_INTERNAL_H */
