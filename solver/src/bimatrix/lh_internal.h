/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Private interface of the Lemke–Howson files: one resumable complementary-pivoting path
 * (a "walk") over the two tableaus of P and Q, so that several starting labels can be
 * advanced side by side and the first to end wins. Not installed.
 */
#ifndef MPOL_LH_INTERNAL_H
#define MPOL_LH_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "bimatrix/bimatrix_internal.h"

/* Pivots between two residual checks of a walk's tableau (refresh = 0 only). */
#define MPOL_I_LH_CHECK 64
/* A residual |M z - 1| of a tableau's basic solution above this (the data lie in (0, 2))
 * rebuilds the tableau from its basis. */
#define MPOL_I_LH_RESID 1e-9

typedef struct mpol_i_lh_walk {
    mpol_i_bmx_tab tp, tq; /* P (rows: the n columns of B) and Q (rows: the m rows of A) */
    int owns_orig;         /* 0: tp.orig and tq.orig are borrowed from another walk */
    int fixed_refresh;     /* 1: rebuild every MPOL_I_BMX_LH_REFRESH pivots (the historical
                              schedule of mpol_bimatrix_lemke_howson); 0: rebuild when a
                              residual check every MPOL_I_LH_CHECK pivots fails */
    int threads;           /* threads of a pivot (see mpol_i_lh_threads) */
    size_t m;              /* row player's strategies */
    size_t k0;             /* dropped label (0-based) */
    size_t enter;          /* the label entering next */
    int in_p;              /* it enters P (else Q) */
    size_t steps;          /* pivots made on this path */
    size_t refreshes;      /* rebuilds made (either schedule) */
    double max_resid;      /* largest residual measured before a rebuild or check */
    uint64_t *bits;        /* scratch bitset of a basis, (m + n + 63) / 64 words */
} mpol_i_lh_walk;

/* mpol_i_bmx_tab_pivot, also leaving the ratio test's per-row data (winv, ptol) up to date,
 * threaded on large tableaus; the same arithmetic. */
void mpol_i_lh_pivot(mpol_i_bmx_tab *tab, size_t row, size_t col, int threads);
/* Threads for a pivot: @p threads (opts.threads) if not 0, else the idle cores (at least 1,
 * at most 8): on a busy machine threads slow each other down (measured: a 400 x 400 path
 * 4-14x slower in wall time with 2 threads at load 6 on 2 cores). */
int mpol_i_lh_threads(int threads);
/* Two tableaus for (A, B); with @p share non-NULL, the initial data are borrowed from it (it
 * must outlive @p w). */
mpol_status mpol_i_lh_walk_alloc(mpol_i_lh_walk *w, size_t m, size_t n, const double *A,
                                 const double *B, const mpol_i_lh_walk *share);
void mpol_i_lh_walk_free(mpol_i_lh_walk *w);
/* Back to the artificial equilibrium (0, 0), dropping label @p k0 (0-based). */
void mpol_i_lh_walk_start(mpol_i_lh_walk *w, size_t k0);
/*
 * Pivots until the path ends (*done = 1) or it has made @p until pivots in all (*done = 0).
 * @return MPOL_OK; MPOL_ELIMIT when the path reaches @p max_pivots without ending;
 *         MPOL_ENUMERIC (no pivot row, singular rebuild); MPOL_ENOMEM.
 */
mpol_status mpol_i_lh_walk_run(mpol_i_lh_walk *w, size_t until, size_t max_pivots, int *done);
/*
 * The equilibrium at the end of a finished path: rebuilds both tableaus from their bases
 * (no error carried from the path) and fills c->x, c->y (normalised), c->xbasis and
 * c->ybasis (the caller's storage, (m + n + 63) / 64 words each).
 * @return MPOL_OK; MPOL_ENUMERIC (a singular rebuild, or the artificial equilibrium).
 */
mpol_status mpol_i_lh_walk_cand(mpol_i_lh_walk *w, size_t n, mpol_i_bmx_cand *c);

#endif /* MPOL_LH_INTERNAL_H */
