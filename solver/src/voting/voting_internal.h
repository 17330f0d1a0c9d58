/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Internal helpers shared by the files of solver/src/voting/ (never installed). */
#ifndef MPOL_VOTING_VOTING_I_H
#define MPOL_VOTING_VOTING_I_H

#include "multipolar/voting.h"

/* A weighted voting game with integer weights (after decimal scaling). */
typedef struct mpol_i_wvg_int {
    size_t n;
    int64_t *w;    /* n integer weights (owned) */
    int64_t quota; /* integer quota, 1..total */
    int64_t total; /* sum of w */
    int64_t scale; /* the power of ten applied */
} mpol_i_wvg_int;

/*
 * Scales @p g to integers (see voting.h). Fails with MPOL_EINVAL for negative, non-finite or
 * non-decimal weights, a quota <= 0 or above the total weight (unless @p allow_no_winner),
 * MPOL_ELIMIT when the integers would not fit in 53 bits, MPOL_ENOMEM.
 */
mpol_status mpol_i_wvg_scale(mpol_i_wvg_int *out, const mpol_wvg *g, int allow_no_winner,
                             const char *who);
void mpol_i_wvg_int_clear(mpol_i_wvg_int *gi);

/* Digits after the decimal point of @p x (0..MPOL_WVG_MAX_DECIMALS), -1 if more. */
int mpol_i_wvg_decimals(double x);

/* Allocates a zeroed result for n players (counts too when @p exact). */
mpol_status mpol_i_power_alloc(mpol_power_result **out, mpol_power_kind kind, size_t n, int exact,
                               const char *who);

struct mpol_i_work;

/*
 * Dummy flags by swing counts modulo the prime 2^61 - 1 (O(n q) integer additions, exact
 * deconvolution): dummy[i] = 1 iff the number of swings of i is divisible by the prime,
 * which for non-dummies needs at least 2^61 - 1 swings and a multiple of the prime.
 */
mpol_status mpol_i_wvg_dummies_mod(int *dummy, const mpol_i_wvg_int *gi, int64_t quota,
                                   struct mpol_i_work *work, const char *who);

/* Fills order[0..n-1] with the player indices sorted by increasing weight (ties by index),
 * so that players of equal weight, whose indices are equal, are computed once. */
mpol_status mpol_i_wvg_order(size_t **order, const mpol_i_wvg_int *gi, const char *who);

/*
 * One of the two tables of the Shapley–Shubik DP (shapley_shubik.c): quota Q (weights
 * 0..Q-1), sizes 0..smax. Row s can be non-zero only in [lo[s], hi[s]): lo[s] is the weight of
 * the s lightest players, hi[s] - 1 that of the s heaviest (capped at Q).
 */
typedef struct mpol_i_ss_half {
    size_t Q;
    long smax; /* -1: empty */
    size_t *lo, *hi;
} mpol_i_ss_half;

/* The range of w where row s receives row s-1 shifted by wj: [*a, *b) (empty if a >= b). */
static inline void mpol_i_ss_shift(const mpol_i_ss_half *h, long s, size_t wj, size_t *a, size_t *b)
{
    size_t x = h->lo[s - 1] + wj, y = h->hi[s - 1] + wj;
    *a = h->lo[s] > x ? h->lo[s] : x;
    *b = h->hi[s] < y ? h->hi[s] : y;
}

/* The setup of a Shapley–Shubik computation: the two halves with their row bounds and the
 * players by increasing weight. */
typedef struct mpol_i_ss_setup {
    mpol_i_ss_half hv[2];
    size_t *order;
    size_t *bounds; /* storage of the lo/hi arrays */
} mpol_i_ss_setup;

/* The floating-point Shapley–Shubik index by quadrature of Owen's multilinear extension
 * (ss_float.c): the window [a, b] of p, the node counts (n2 = 0: n1 = nexact, the exact
 * rule) and the table lengths of nodes p <= 1/2 (Q[0]) and p > 1/2 (Q[1], complements). */
typedef struct mpol_i_ss_plan_t {
    double a, b;
    size_t n1, n2, nexact;
    size_t Q[2];
} mpol_i_ss_plan_t;
void mpol_i_ss_plan(mpol_i_ss_plan_t *pl, const mpol_i_wvg_int *gi);
/* Upper bound of the work of one node (nd distinct positive weights). */
double mpol_i_ss_node_work(const mpol_i_ss_plan_t *pl, size_t n, size_t nd);
mpol_status mpol_i_ss_float(mpol_power_result *r, const mpol_i_wvg_int *gi, const size_t *order,
                            double max_work, struct mpol_i_work *work, const char *who);

mpol_status mpol_i_ss_setup_init(mpol_i_ss_setup *s, const mpol_i_wvg_int *gi, const char *who);
void mpol_i_ss_setup_clear(mpol_i_ss_setup *s);

/* The estimates of power_estimate.c (see mpol_power_estimate). @p order: players by weight. */
void mpol_i_ss_estimate(mpol_power_estimate *e, const mpol_i_wvg_int *gi, const mpol_i_ss_setup *s,
                        int exact);
void mpol_i_bz_estimate(mpol_power_estimate *e, const mpol_i_wvg_int *gi, size_t L,
                        const size_t *order, int exact);

/* Floating-point Banzhaf: the counts are rescaled every this many players (banzhaf.c). */
#define MPOL_I_BZ_RESCALE_EVERY 800

/* The work of mpol_i_wvg_dummies_mod with table length @p L. */
double mpol_i_dummies_work(const mpol_i_wvg_int *gi, size_t L, const size_t *order);

/* Bits of C(n, k) and of k! (lgamma; 0 for k outside 0..n). */
double mpol_i_log2_binom(size_t n, size_t k);
double mpol_i_log2_fact(size_t k);
/* GMP limbs of a count of @p bits bits (at least 1). */
static inline double mpol_i_limbs(double bits)
{
    return bits > 0 ? (double)((size_t)(bits / 64.0) + 1) : 1.0;
}

/* The work counter and progress reports of one computation. */
struct mpol_i_work {
    double done, total, next;
    void (*cb)(void *userdata, size_t done, size_t total);
    void *userdata;
};
typedef struct mpol_i_work mpol_i_work;

void mpol_i_work_init(mpol_i_work *w, const mpol_power_opts *opts, double total);
void mpol_i_work_report(mpol_i_work *w);
/* Adds @p units to the work done, reporting progress each 1/1000 of the estimate. */
static inline void mpol_i_work_add(mpol_i_work *w, double units)
{
    w->done += units;
    if (w->done >= w->next)
        mpol_i_work_report(w);
}
/* The last report (done == total). */
void mpol_i_work_finish(mpol_i_work *w);

/* Checks an estimate against opts' limits; MPOL_ELIMIT with the estimate in the message. */
mpol_status mpol_i_power_limits(const mpol_power_opts *opts, const mpol_power_estimate *e,
                                const char *who);

#endif /* MPOL_VOTING_VOTING_I_H */
