/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Internal GMP helpers of solver/src/voting/ (never installed). */
#ifndef MPOL_VOTING_MPZ_I_H
#define MPOL_VOTING_MPZ_I_H

#include <stddef.h>

#include <gmp.h>

/* An array of L initialised mpz_t (value 0) through mpol_malloc, or NULL. */
mpz_t *mpol_i_mpz_array(size_t L);
/* Clears and frees an array from mpol_i_mpz_array; NULL is a no-op. */
void mpol_i_mpz_array_free(mpz_t *a, size_t L);
/* The decimal string of x through mpol_malloc, or NULL. */
char *mpol_i_mpz_string(const mpz_t x);
/* x / y as a double (y != 0), also when both are far beyond the range of double. */
double mpol_i_mpz_ratio(const mpz_t x, const mpz_t y);
/* x / 2^k as a double. */
double mpol_i_mpz_ldexp(const mpz_t x, long k);

#endif /* MPOL_VOTING_MPZ_I_H */
