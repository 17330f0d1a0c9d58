/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Private interface between the two files of the dense mixed-precision simplex: the float
 * exchange tableau with its queue of pending rank-1 updates (zs_dense.c) and its pricing
 * (zs_dense_price.c).
 */
#ifndef MPOL_ZS_DENSE_INTERNAL_H
#define MPOL_ZS_DENSE_INTERNAL_H

#include <stddef.h>

#include "zs_internal.h"

/* Alignment of the table and of the update columns u in bytes: one cache line, so that with
 * rows MPOL_I_ZS_DENSE_PAD floats (64 bytes) apart every row is aligned and the kernels load
 * whole aligned vectors. */
#define MPOL_I_ZS_DENSE_ALIGN 64
#if defined(__GNUC__)
#define ALIGNED(p) __builtin_assume_aligned((p), MPOL_I_ZS_DENSE_ALIGN)
#else
#define ALIGNED(p) (p)
#endif

/* Float-stage optimality tolerance: a float tableau carries about 7 digits. */
#define MPOL_I_ZS_DENSE_OPT_TOL 1e-6f
/*
 * Pricing with exact weights for the best candidates: at each pivot between two flushes the
 * MPOL_I_ZS_DENSE_CAND columns of the best score under the running (devex) weights get their
 * exact steepest-edge weights from their current columns, kept up to date in a small cache,
 * and the best of them enters. Used for tables of at least MPOL_I_ZS_DENSE_CAND_CELLS cells;
 * smaller games keep the plain devex rule (and their pivots and results).
 */
#define MPOL_I_ZS_DENSE_CAND 8
#define MPOL_I_ZS_DENSE_CAND_CELLS 250000.0

/* The cache of current columns behind the candidate pricing (k slots). */
typedef struct mpol_i_zs_fcand {
    size_t k;        /* candidates per pivot; 0: pricing without candidates */
    size_t slots;    /* columns the cache holds (>= k) */
    size_t *q;       /* k: column a slot holds, or (size_t)-1 */
    size_t *seen;    /* k: updates (ftab.upd) the slot's column includes */
    size_t *used;    /* k: pivot at which the slot was last a candidate */
    float *col;      /* k x m: the cached columns */
    size_t *slot_of; /* n: the slot holding a column, or (size_t)-1 */
    size_t *cand;    /* k: this pivot's candidates */
    float *score;    /* k: their scores */
    size_t *cslot;   /* k: their slots */
} mpol_i_zs_fcand;

/*
 * The float tableau: basic = b - T nonbasic, T = t' - sum_k u_k v_k' (nu pending updates).
 * Stored transposed: row q of t is column q of T (the column of nonbasic variable q), so a
 * column, which the pricing reads for several candidates per pivot, is contiguous.
 */
typedef struct mpol_i_zs_ftab {
    size_t m, n, ld;   /* rows (basic), columns (nonbasic), stride of a stored column (>= m) */
    float *t;          /* n x ld: the columns as of the last flush (each 64-byte aligned) */
    float *u;          /* BLOCK x ld: pending updates' columns u_k (aligned as t) */
    float *v;          /* BLOCK x n: pending updates' rows v_k */
    void *tmem, *umem; /* the allocations behind t and u (aligned up inside them) */
    size_t nu;         /* pending updates */
    size_t upd;        /* updates queued since the start (pivots) */
    float *b;          /* m: basic values (always current) */
    float *c;          /* n: reduced costs (always current) */
    float *cn;         /* n: pricing weights: exact 1 + |column|^2 at a flush, devex between */
    float *col;        /* m: the current pivot column */
    float *row;        /* n: the current pivot row */
    long *bid, *nid;
    mpol_i_zs_fcand cand;
} mpol_i_zs_ftab;

/* Applies the pending updates to the stored table and resets the weights to the exact ones
 * (zs_dense_flush.c); syncs the candidate cache first. */
void mpol_i_zs_fflush(mpol_i_zs_ftab *f);

/* out = column s of the current tableau: the stored column less the pending updates. */
void mpol_i_zs_fcol(const mpol_i_zs_ftab *f, size_t s, float *out);

/* Allocates the candidate cache for k candidates (k = 0: none). MPOL_ENOMEM on failure. */
mpol_status mpol_i_zs_fcand_init(mpol_i_zs_fcand *c, size_t k, size_t m, size_t n);
void mpol_i_zs_fcand_free(mpol_i_zs_fcand *c);
/* Brings every cached column up to date while the queued updates are still at hand: called
 * by the flush before it empties the queue. */
void mpol_i_zs_fcand_sync(const mpol_i_zs_ftab *f, mpol_i_zs_fcand *c);
/* Forgets the cached copy of column s (after a pivot on it). */
void mpol_i_zs_fcand_drop(mpol_i_zs_fcand *c, size_t s);

/*
 * The entering column: the largest c_q^2 / weight_q over c_q > MPOL_I_ZS_DENSE_OPT_TOL, the
 * best candidates' weights made exact first (when the cache is on and updates are pending);
 * f->col receives the current column. Returns (size_t)-1 at optimality. @p pivot numbers
 * the call (for the cache's replacement order), counting from 1; @p bland: Bland's rule
 * (the lowest key among the attractive columns), no candidates.
 */
size_t mpol_i_zs_fprice(mpol_i_zs_ftab *f, size_t pivot, int bland);

#endif /* MPOL_ZS_DENSE_INTERNAL_H */
