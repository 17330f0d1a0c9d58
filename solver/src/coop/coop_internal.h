/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Internal interface of the core/nucleolus module (solver/src/coop): the coalition-row LP
 * engine with constraint generation (core_lp.c), the Gram–Schmidt span test
 * (core_span.c) and small shared helpers. Only files of this module include it.
 */
#ifndef MPOL_COOP_INTERNAL_H
#define MPOL_COOP_INTERNAL_H

#include <stdint.h>

#include <glpk.h>

#include "multipolar/core.h"

/* Duals (and reduced costs) above this count as positive: the duals of the stage LPs sum
 * to 1, so this is scale-free. Too small risks fixing a coalition whose excess is not
 * constant; too large only costs an extra stage (and the largest dual is always fixed). */
#define MPOL_I_DUAL_TOL 1e-7
/* Relative residual below which a 0/1 vector is taken to lie in a span. */
#define MPOL_I_SPAN_TOL 1e-9
/* Relative residual accepted for a balancing combination found by an LP. */
#define MPOL_I_BALANCE_TOL 1e-6

/* Validates a game for the functions of core.h; returns MPOL_OK and the value scale
 * max(1, max |v(S)|) in *scale. */
mpol_status mpol_i_tu_validate(const mpol_tu_game *game, double *scale, const char *who);

/* ---- Orthonormal basis of a growing subspace of R^n (modified Gram–Schmidt). ---- */
typedef struct mpol_i_span {
    size_t n, rank;
    double *q;   /* rank rows of n: orthonormal */
    double *tmp; /* n scratch */
} mpol_i_span;

mpol_status mpol_i_span_init(mpol_i_span *sp, size_t n);
void mpol_i_span_free(mpol_i_span *sp);
/* Residual of a (n values) after projecting out the span, twice (reorthogonalisation);
 * returns ||residual|| / ||a|| and leaves the residual in r (n values, may be NULL). */
double mpol_i_span_residual(const mpol_i_span *sp, const double *a, double *r);
/* Same for the 0/1 vector of coalition S; r may be NULL. */
double mpol_i_span_residual_mask(mpol_i_span *sp, mpol_coalition S, double *r);
/* Adds a if its relative residual exceeds tol; returns 1 if added, 0 if dependent. */
int mpol_i_span_add(mpol_i_span *sp, const double *a, double tol);
int mpol_i_span_add_mask(mpol_i_span *sp, mpol_coalition S, double tol);

/* ---- Coalition sums x(S) = lo[S & (2^nlo - 1)] + hi[S >> nlo] in two small tables. ---- */
typedef struct mpol_i_sums {
    size_t n, nlo;
    double *lo, *hi;
} mpol_i_sums;

mpol_status mpol_i_sums_init(mpol_i_sums *s, size_t n);
void mpol_i_sums_free(mpol_i_sums *s);
void mpol_i_sums_set(mpol_i_sums *s, const double *x);
static inline double mpol_i_sums_get(const mpol_i_sums *s, mpol_coalition S)
{
    return s->lo[S & (((mpol_coalition)1 << s->nlo) - 1)] + s->hi[S >> s->nlo];
}

/* Max over coalitions S != {} (and S != N unless with_grand) of v(S) - x(S), x(S) from s. */
double mpol_i_max_excess(const mpol_tu_game *game, const mpol_i_sums *s, int with_grand);

/* ---- The coalition-row LP. ----
 * Columns x_1..x_n (free, or bounded below by v({i})), and with with_t the column t; the
 * objective is min t, or min sum x without t. A CUT row of coalition S reads
 * x(S) (+ t) >= v(S); a FIXED row x(S) = rhs; a DEAD row is free (kept so that the basis
 * stays valid). Rows are generated from the 2^n table by scanning for the most violated
 * coalitions at the current solution. */
enum { MPOL_I_ROW_CUT = 0, MPOL_I_ROW_FIXED = 1, MPOL_I_ROW_DEAD = 2 };

typedef struct mpol_i_clp {
    const mpol_tu_game *game;
    size_t n;
    int with_t;
    glp_prob *lp;
    size_t nrows, cap;
    mpol_coalition *mask; /* per row, 0-based */
    unsigned char *kind;  /* per row */
    uint64_t *skip;       /* bitmap of 2^n: coalition has a row or is settled */
    int *ind;             /* n + 2 scratch */
    double *val;          /* n + 2 scratch */
    double *x;            /* n: current solution */
    double t;             /* current t (or objective) */
    mpol_i_sums sums;
    mpol_coalition *cand; /* heap of candidates */
    double *cand_viol;
    size_t cand_cap;
    double feas_tol; /* absolute */
    size_t lp_solves, rows_generated, max_lp_solves;
    int need_dual; /* next solve: dual simplex (rows were added) */
} mpol_i_clp;

/* Allocates the engine's memory (no GLPK call). batch = candidates per round. */
mpol_status mpol_i_clp_init(mpol_i_clp *c, const mpol_tu_game *game, int with_t, size_t batch,
                            double feas_tol, size_t max_lp_solves);
/* Frees the memory and, unless lp is NULL (after a GLPK failure), the GLPK problem. */
void mpol_i_clp_free(mpol_i_clp *c);
/* Creates the GLPK problem (call under the guard). lower = NULL: free x columns. */
void mpol_i_clp_create(mpol_i_clp *c, const double *lower);
/* Appends a CUT row for S (skip bit set). */
mpol_status mpol_i_clp_add_cut(mpol_i_clp *c, mpol_coalition S);
/* Appends a FIXED row x(S) = rhs (skip bit set). */
mpol_status mpol_i_clp_add_fixed(mpol_i_clp *c, mpol_coalition S, double rhs);
/* Adds every coalition S != {}, N as a CUT row (the full-table mode). */
mpol_status mpol_i_clp_add_all(mpol_i_clp *c);
/* Adds the starting CUT rows: every coalition (full_table) or the singletons and their
 * complements (constraint generation). */
mpol_status mpol_i_clp_start_rows(mpol_i_clp *c, int full_table);
/* Makes row k (0-based) DEAD. */
void mpol_i_clp_kill(mpol_i_clp *c, size_t k);
/* Solves the LP and loads x, t. */
mpol_status mpol_i_clp_solve(mpol_i_clp *c, const char *who);
/* Solves to optimality over all 2^n coalitions: solve, scan for violated coalitions outside
 * the bitmap, drop those in the span of sp (if sp != NULL: marked settled), add the rest,
 * repeat. */
mpol_status mpol_i_clp_solve_generated(mpol_i_clp *c, mpol_i_span *sp, const char *who);
/* Row dual of row k (0-based). */
double mpol_i_clp_row_dual(const mpol_i_clp *c, size_t k);
/* Marks coalition S settled (skipped by later scans). */
static inline void mpol_i_clp_settle(mpol_i_clp *c, mpol_coalition S)
{
    c->skip[S >> 6] |= (uint64_t)1 << (S & 63);
}

#endif /* MPOL_COOP_INTERNAL_H */
