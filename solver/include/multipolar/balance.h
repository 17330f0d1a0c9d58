/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file balance.h
 * @brief Balance-of-power analysis of a capability distribution given as a weighted voting
 *        game (weights = capabilities, quota = half of the total): dominant, minimal winning
 *        and blocking coalitions, swings, balancers, Kaplan's rule 4 and the capability range
 *        over which the structure stays the same. Definitions: docs/balance.md.
 *
 * A coalition S is dominant (winning) iff w(S) > quota (strict, "more than half") by
 * default; opts.strict = 0 uses w(S) >= quota as tu.h's voting games do.
 */
#ifndef MPOL_BALANCE_H
#define MPOL_BALANCE_H

#include "multipolar/common.h"
#include "multipolar/tu.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Largest number of actors (every coalition is enumerated). */
#define MPOL_BALANCE_MAX_PLAYERS 22

typedef struct mpol_balance_opts {
    int strict; /**< 1 (default): dominant iff w(S) > quota; 0: w(S) >= quota */
    double tol; /**< weights within tol of the quota count as equal (default 1e-12
                     relative to the total) */
} mpol_balance_opts;

MPOL_API void mpol_balance_opts_init(mpol_balance_opts *opts);

/** The balance-of-power analysis; all arrays owned. */
typedef struct mpol_balance {
    size_t n;
    double total; /**< sum of capabilities */
    double quota; /**< the game's quota */
    int strict;
    uint64_t nwinning; /**< number of dominant coalitions */
    size_t nmwc;       /**< minimal winning (dominant) coalitions */
    mpol_coalition *mwc;
    size_t nmbc; /**< minimal blocking coalitions (complement not dominant) */
    mpol_coalition *mbc;
    uint64_t *swings;              /**< per actor: dominant coalitions that lose dominance without
                                        it (raw Banzhaf count) */
    long dominant_actor;           /**< an actor dominant alone, or -1 */
    int *balancer;                 /**< per actor: 1 if the actor is not dominant alone and some
                                        split of the others into two non-empty non-dominant blocs
                                        A, B has both A+i and B+i dominant */
    mpol_coalition *balancer_bloc; /**< per actor: bloc A of such a split (witness) */
    int *holder;                   /**< per actor: 1 if that holds for EVERY split of the others
                                        into two non-dominant blocs (and one exists): the holder
                                        of the balance */
    int rule4;                     /**< 1 if every dominant coalition S != N can be blocked: some
                                        member's defection makes the opposition dominant */
    uint64_t rule4_violations;     /**< dominant coalitions that cannot be blocked so */
    mpol_coalition rule4_witness;  /**< one of largest capability (0 if none) */
    /** Independent checks: every listed MWC is dominant and loses dominance without any one
        member; every listed blocking coalition's complement is not dominant; swings sum
        recomputed from the MWC list where possible. */
    int ok;
    int verified;     /**< ok */
    double max_error; /**< 0: the re-checks are exact comparisons */
} mpol_balance;

/**
 * Analyses @p game. @return MPOL_OK; MPOL_EINVAL (negative or non-finite weights, quota
 * not positive); MPOL_ELIMIT (n > MPOL_BALANCE_MAX_PLAYERS); MPOL_ENOMEM; MPOL_EVERIFY (the result,
 * verified 0, is in *out).
 */
MPOL_API mpol_status mpol_balance_analyse(mpol_balance **out, const mpol_wvg *game,
                                          const mpol_balance_opts *opts);
MPOL_API void mpol_balance_free(mpol_balance *b);

/** The range of one actor's capability over which the set of minimal winning coalitions
    stays the same (the others fixed, the quota a fixed fraction of the total). */
typedef struct mpol_balance_range {
    double lo, hi;            /**< bounds (hi may be HUGE_VAL) */
    int lo_closed, hi_closed; /**< whether the bound itself keeps the structure */
    size_t breakpoints;       /**< number of breakpoints (coalition status changes) */
} mpol_balance_range;

/**
 * Finds the range for actor @p k by computing every coalition's breakpoint (the capability
 * at which its status changes; linear in w_k because the quota is quota/total times the new
 * total) and testing the structure at and around the nearest breakpoints.
 * @return MPOL_OK; MPOL_EINVAL (k out of range, quota >= total); MPOL_ELIMIT; MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_balance_capability_range(mpol_balance_range *out, const mpol_wvg *game,
                                                   size_t k, const mpol_balance_opts *opts);

/**
 * Kaplan's rule 4 for one coalition @p s (a non-empty bitmask of the game's actors): sets
 * *dominant to 1 if @p s is dominant (opts' rule), and *member to the first member j (in
 * actor order) whose defection makes (N - S) + {j} dominant, i.e. who the opposition can win
 * over to block S; -1 if S is not dominant, is N, is a single actor, or cannot be blocked.
 * Weights are summed directly (no table): it re-derives mpol_balance_analyse()'s counts.
 * @return MPOL_OK; MPOL_EINVAL (NULL argument, bad coalition, n out of range).
 */
MPOL_API mpol_status mpol_balance_rule4_coalition(const mpol_wvg *game,
                                                  const mpol_balance_opts *opts, mpol_coalition s,
                                                  int *dominant, long *member);

#ifdef __cplusplus
}
#endif
#endif /* MPOL_BALANCE_H */
