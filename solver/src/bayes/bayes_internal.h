/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The bayes module's shared internals: the relevant types (positive marginal probability),
 * exact payoffs as GMP rationals, and the exact check used by exact mode.
 */
#ifndef MPOL_BAYES_INTERNAL_H
#define MPOL_BAYES_INTERNAL_H

#include <gmp.h>

#include "multipolar/bayesian.h"

/* The types of positive marginal probability: rel[type index] = 1 for them; *count their
 * number. @p rel has sum-of-ntypes entries. */
mpol_status mpol_i_bayes_relevant(unsigned char *rel, size_t *count, const mpol_bayes *g);

/* Decodes type profile @p k (player 0 fastest) into @p idx (nplayers entries). */
void mpol_i_bayes_decode(size_t *idx, size_t k, const size_t *counts, size_t n);

/* The exact value of prior entry k / payoff entry k (the game's rational, or the double
 * taken as exact when the game has none). */
void mpol_i_bayes_prior_q(mpq_t out, const mpol_bayes *g, size_t k);
void mpol_i_bayes_payoff_q(mpq_t out, const mpol_bayes *g, size_t k);

/* The rational with the smallest denominator (at most 2^20) within 1e-13 of @p x (relative to
 * max(1, |x|)), by continued fractions, into @p out; 0 when there is none. */
int mpol_i_bayes_approx_q(mpq_t out, double x);

/* Converts @p q to a 64-bit rational; 0 if it does not fit. */
int mpol_i_bayes_q_to_rational(mpol_rational *out, const mpq_t q);

/* A string of @p q (mpol_malloc'd), "p/q" or "p"; NULL when out of memory. */
char *mpol_i_bayes_q_string(const mpq_t q);

/* The exact check of an exact strategy profile @p s (strategy-size rationals): every
 * relevant type's interim regret is exactly 0. *ok receives the verdict; @p ex_ante
 * (nplayers strings, mpol_malloc'd, may be NULL) the ex-ante values.
 * @return MPOL_OK, MPOL_ENOMEM. */
mpol_status mpol_i_bayes_exact_check(int *ok, char **ex_ante, const mpol_bayes *g, mpq_t *s);

/* Frees @p n strings and the array (NULL is a no-op). */
static inline void mpol_i_bayes_free_strings(char **s, size_t n)
{
    for (size_t i = 0; s != NULL && i < n; i++)
        mpol_free(s[i]);
    mpol_free(s);
}

#endif /* MPOL_BAYES_INTERNAL_H */
