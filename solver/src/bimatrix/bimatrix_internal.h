/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Private interface between the files of the bimatrix module: dense tableaus of the
 * best-response polytopes, sets of label bitsets, exact (GMP) reconstruction and the
 * assembly of results. Not installed.
 *
 * A tableau stores the system M z' = 1 of one best-response polytope, z' = (z, slacks),
 * with one column per game label (0-based: rows 0..m-1, columns m..m+n-1) and the right-hand
 * side last. It is stored row-major (entry (r, k) at t[r * ncolt + k], see MPOL_I_BMX_AT), so
 * that a pivot is one axpy per row and the ratio tests of all the columns at once (the
 * expansion of a basis in the vertex search) run across each row with SIMD. For P =
 * {x >= 0, B'x <= 1} the rows are the n columns of B and the slack of row j has label m+j; for Q =
 * {y >= 0, A y <= 1} the rows are the m rows of A and the slack of row i has label i. The slack
 * columns of a tableau hold the inverse of its basis, which gives the lexicographic ratio test.
 */
#ifndef MPOL_BIMATRIX_INTERNAL_H
#define MPOL_BIMATRIX_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "multipolar/bimatrix.h"

/* A pivot element must exceed this (the polytope data are scaled to [1, 2]); in the ratio tests,
 * this times the largest entry of its row (see mpol_i_bmx_tab.ptol). */
#define MPOL_I_BMX_PIVOT_TOL 1e-11
/* The relative pivot tolerance of the ratio tests: an entry of row r counts as positive only
 * above this times the largest |entry| of the row. The rounding error of an entry grows with
 * the row (the row is the basis inverse's row times the scaled data), so an absolute
 * tolerance let a rounding residue of a true zero (1.8e-11 in a row of entries up to 148, on
 * tim.efg) pass for a pivot, and the search walked into a singular basis. */
#define MPOL_I_BMX_PIVOT_REL 1e-9
/* Smallest right-hand side for which the ratio test works with reciprocals; below it (a
 * degenerate basis) the ratios are computed by division (tableau.c, and the fused pivot of
 * lh_walk.c, which must leave what the ratio test would compute). */
#define MPOL_I_BMX_RHS_RECIP_MIN 1e-6
/* max(1, max_k |x[k]|) over @p len entries (tableau.c): the scale of a row's pivot
 * tolerance, MPOL_I_BMX_PIVOT_REL times it. */
double mpol_i_bmx_row_big(const double *x, size_t len);
/* Two ratios, or a right-hand side and zero, closer than this count as equal. */
#define MPOL_I_BMX_TIE_TOL 1e-9
/* Two distinct payoffs of a player must stay at least this far apart once scaled into (0, 2)
 * (mpol_i_bmx_resolution_check), else the double-precision search cannot tell them apart. */
#define MPOL_I_BMX_RESOLUTION 1e-12
/* Recompute the tableau from its basis after this many pivots, to stop error build-up. */
#define MPOL_I_BMX_REFRESH 32
/* Lemke–Howson rebuilds its tableaus less often: a rebuild costs about as many pivots as the
 * tableau has rows, and a long path on a 100 x 100 game would spend most of its time there. */
#define MPOL_I_BMX_LH_REFRESH 1024

typedef struct mpol_i_bmx_tab {
    size_t rows;            /* basic variables */
    size_t ncols;           /* labels, m + n */
    size_t ncolt;           /* ncols + 1: the right-hand side is column ncols */
    size_t slack0;          /* label of the slack of row 0 (slacks are slack0 .. slack0+rows-1) */
    double *t;              /* rows * ncolt, row-major */
    double *orig;           /* the initial tableau (slack basis) */
    size_t *basis;          /* row -> label */
    size_t *pos;            /* label -> row, or SIZE_MAX if non-basic */
    double *winv;           /* rows: 1 / right-hand side, for the ratio test (valid if winv_ok) */
    double *ptol;           /* rows: the pivot tolerance of the row (valid if winv_ok != 0) */
    int winv_ok;            /* 1: winv matches the tableau; 0: stale; -1: a right-hand side is ~0 */
    double *s1, *s2, *arg;  /* ncols each: scratch of mpol_i_bmx_tab_ratio_all (the rows */
    double *d1, *d2, *darg; /* with a clear right-hand side; d*: the others) */
    size_t *rowlist;        /* 2 * rows: scratch of mpol_i_bmx_tab_ratio_all */
} mpol_i_bmx_tab;

/* Entry (row r, column k) of the row-major array @p arr of tableau @p tab. */
#define MPOL_I_BMX_AT(tab, arr, r, k) ((tab)->arr[(r) * (tab)->ncolt + (k)])
/* The right-hand side of row r. */
#define MPOL_I_BMX_RHS(tab, r) MPOL_I_BMX_AT(tab, t, r, (tab)->ncols)

/* Scaled polytope data: C[r*d + k] for row r (slack slack0 + r) and variable k. */
mpol_status mpol_i_bmx_tab_alloc(mpol_i_bmx_tab *tab, size_t m, size_t n, int is_p, const double *A,
                                 const double *B);
void mpol_i_bmx_tab_free(mpol_i_bmx_tab *tab);
/*
 * Refuses (MPOL_ELIMIT, message prefixed @p where) a game in which two distinct payoffs of one
 * player are closer than MPOL_I_BMX_RESOLUTION once scaled as in the tableaus: a range of
 * 1e19 beside payoffs of 0.5 (Gambit's large_payoff_game.efg) makes them equal in double
 * precision, and the search would walk a different, degenerate polytope.
 */
mpol_status mpol_i_bmx_resolution_check(const char *where, size_t m, size_t n, const double *A,
                                        const double *B);
/* Back to the slack basis (the vertex 0). */
void mpol_i_bmx_tab_reset(mpol_i_bmx_tab *tab);
/* Pivots label @p col into the basis at row @p row. */
void mpol_i_bmx_tab_pivot(mpol_i_bmx_tab *tab, size_t row, size_t col);
/* Lexicographic minimum-ratio row for entering label @p col; SIZE_MAX if unbounded. */
size_t mpol_i_bmx_tab_ratio(mpol_i_bmx_tab *tab, size_t col);
/* The ratio tests of every non-basic label at once: row[k] receives what
 * mpol_i_bmx_tab_ratio(tab, k) returns, for each non-basic k (basic ones are left alone). */
void mpol_i_bmx_tab_ratio_all(mpol_i_bmx_tab *tab, size_t *row);
/* Rebuilds the tableau of the basis whose labels are set in @p basic_bits (Gauss-Jordan
 * with partial pivoting from the initial tableau). Returns MPOL_ENUMERIC if singular. */
mpol_status mpol_i_bmx_tab_refresh(mpol_i_bmx_tab *tab, const uint64_t *basic_bits);
/* One step of a walk over the bases: the pivot (row, col), or, every MPOL_I_BMX_REFRESH steps
 * (counted in *since), a rebuild from @p basis_after, the bitset of the basis the pivot leads
 * to, so that rounding error does not build up. Errors as mpol_i_bmx_tab_refresh(). */
mpol_status mpol_i_bmx_tab_step(mpol_i_bmx_tab *tab, size_t row, size_t col,
                                const uint64_t *basis_after, size_t *since);

/* The upper bound theorem's bound on the vertices of a simple polytope of dimension @p d with
 * @p nfacets facets (a double: it overflows 64 bits for large games). */
double mpol_i_bmx_ubt_bound(size_t d, size_t nfacets);
/*
 * Estimates the number of lexicographically feasible bases of @p tab from the collisions of a
 * random walk of @p steps pivots from @p seed: *lower a bound that holds with high confidence
 * (to refuse on), *mean the point estimate (HUGE_VAL without a collision). Leaves @p tab at
 * some basis (reset it before use).
 */
mpol_status mpol_i_bmx_estimate(mpol_i_bmx_tab *tab, size_t steps, uint64_t seed, double *lower,
                                double *mean);
/* The same on a face, from the tableau's current basis: the labels with @p fixed[k] set never
 * enter (a face of the perturbed polytope is simple too, so its graph is regular). */
mpol_status mpol_i_bmx_estimate_face(mpol_i_bmx_tab *tab, const unsigned char *fixed, size_t steps,
                                     uint64_t seed, double *lower, double *mean);

/* A growable set of fixed-width bitsets (open addressing). */
typedef struct mpol_i_bmx_set {
    size_t words;   /* 64-bit words per key */
    size_t count;   /* keys stored */
    size_t cap;     /* key capacity */
    uint64_t *keys; /* count * words */
    size_t tsize;   /* hash table size (power of two) */
    size_t *table;  /* index + 1, 0 = empty */
} mpol_i_bmx_set;

mpol_status mpol_i_bmx_set_init(mpol_i_bmx_set *set, size_t words);
void mpol_i_bmx_set_free(mpol_i_bmx_set *set);
/* Index of @p key, or SIZE_MAX. */
size_t mpol_i_bmx_set_find(const mpol_i_bmx_set *set, const uint64_t *key);
/* Inserts @p key; *index receives its index, *added whether it is new. */
mpol_status mpol_i_bmx_set_insert(mpol_i_bmx_set *set, const uint64_t *key, size_t *index,
                                  int *added);

/*
 * A set of fixed-width bitsets stored inline in an open-addressing table (linear probing;
 * an all-zero slot is empty, so the zero key cannot be stored). One cache line per probe,
 * which is what the search over millions of bases needs. Never shrinks.
 */
typedef struct mpol_i_bmx_hset {
    size_t words;   /* 64-bit words per key */
    size_t count;   /* keys stored */
    size_t mask;    /* table size - 1 (a power of two) */
    uint64_t *slot; /* (mask + 1) * words */
} mpol_i_bmx_hset;

mpol_status mpol_i_bmx_hset_init(mpol_i_bmx_hset *set, size_t words);
void mpol_i_bmx_hset_free(mpol_i_bmx_hset *set);
/* Makes room for @p extra more keys without a rehash (load factor <= 1/2). */
mpol_status mpol_i_bmx_hset_reserve(mpol_i_bmx_hset *set, size_t extra);
/* Hash of a key (the home slot is hash & mask). */
uint64_t mpol_i_bmx_hash(const uint64_t *key, size_t words);
/* Inserts the non-zero @p key whose hash is @p h; returns 1 if it was new, 0 if present.
 * The caller has reserved room (mpol_i_bmx_hset_reserve). */
int mpol_i_bmx_hset_add(mpol_i_bmx_hset *set, const uint64_t *key, uint64_t h);

/* The bases the faces of Q must have cost before the whole of Q is searched as well
 * (vertex_enum.c): mpol_i_bmx_fullq_min, MPOL_I_BMX_FULLQ_MIN unless a test changes it (0 takes
 * that path on any game with a degenerate vertex, SIZE_MAX never). Off by default: from 256
 * bases it halves the time of random 14 x 14 games with payoffs 0..3 but makes Gambit's
 * caro2.efg 5x slower (3.0 -> 15.3 s), its Q far larger than the faces it replaces. */
#define MPOL_I_BMX_FULLQ_MIN SIZE_MAX
extern size_t mpol_i_bmx_fullq_min;

/*
 * An index of vertices by their label sets (vindex.c), for the partner lookup: one bitset over
 * the vertices per label. Built once over @p count label sets of @p nlabels labels (@p stride
 * words apart); a query gives the bitset of the vertices that carry every label of @p need.
 */
typedef struct mpol_i_bmx_vindex {
    size_t count, nlabels, vwords; /* vertices, labels, words of a bitset over the vertices */
    uint64_t *bylabel;             /* nlabels * vwords, then the query's result (vwords) */
    uint64_t *hits;                /* the result of the last query */
    size_t *nzw;                   /* the words of hits that are non-zero */
} mpol_i_bmx_vindex;

/* The bytes an index of @p count vertices and @p nlabels labels allocates. */
size_t mpol_i_bmx_vindex_bytes(size_t count, size_t nlabels);
mpol_status mpol_i_bmx_vindex_build(mpol_i_bmx_vindex *ix, const uint64_t *labels, size_t stride,
                                    size_t count, size_t nlabels);
void mpol_i_bmx_vindex_free(mpol_i_bmx_vindex *ix);
/* The vertices whose label sets contain @p need: returns the number of non-zero words of the
 * bitset ix->hits, listed in ix->nzw (the other words of hits are not meaningful); valid until
 * the next query. A query ANDs the first two labels' bitsets over all the words, the others
 * only over the words still non-zero. */
size_t mpol_i_bmx_vindex_query(mpol_i_bmx_vindex *ix, const uint64_t *need);

static inline int mpol_i_bit_get(const uint64_t *b, size_t k)
{
    return (int)((b[k >> 6] >> (k & 63)) & 1u);
}
static inline void mpol_i_bit_set(uint64_t *b, size_t k)
{
    b[k >> 6] |= (uint64_t)1 << (k & 63);
}
static inline void mpol_i_bit_clear(uint64_t *b, size_t k)
{
    b[k >> 6] &= ~((uint64_t)1 << (k & 63));
}

/* A candidate equilibrium: the tableau bases that define its two vertices. */
typedef struct mpol_i_bmx_cand {
    double *x, *y;    /* unnormalised or normalised coordinates (m, n) */
    uint64_t *xbasis; /* basic labels of P's basis (words) */
    uint64_t *ybasis; /* basic labels of Q's basis */
    size_t xid, yid;  /* vertex identities (for cliques) */
    size_t *labels;   /* Lemke–Howson starting labels (1-based) */
    size_t nlabels;
} mpol_i_bmx_cand;

/*
 * Builds a result from candidates: normalises, computes payoffs and regrets from A and B,
 * (exact mode) rebuilds and verifies each equilibrium in GMP, sorts, numbers vertices and,
 * if @p cliques, computes the maximal Nash subsets. Takes ownership of nothing; the caller
 * frees the candidates.
 */
mpol_status mpol_i_bmx_build_result(mpol_bimatrix_result **out, size_t m, size_t n, const double *A,
                                    const double *B, const mpol_bimatrix_opts *opts,
                                    mpol_i_bmx_cand *cands, size_t ncand, int cliques);

/* Exact mode: fills eq->x_exact etc. from the bases; MPOL_EVERIFY if not an equilibrium. */
mpol_status mpol_i_bmx_exact_eq(mpol_bimatrix_eq *eq, size_t m, size_t n, const double *A,
                                const double *B, const mpol_bimatrix_opts *opts,
                                const uint64_t *xbasis, const uint64_t *ybasis);

/* Checks the payoffs and options; computes the payoff range. */
mpol_status mpol_i_bmx_check_input(const char *where, size_t m, size_t n, const double *A,
                                   const double *B, const mpol_bimatrix_opts *opts);

#endif /* MPOL_BIMATRIX_INTERNAL_H */
