/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the small GMP helpers of the exact power indices: arrays of mpz_t
 * allocated through the library's allocator, decimal strings, and ratios of huge integers
 * as doubles (via mpz_get_d_2exp, so that 2^3000-sized counts do not overflow).
 */
#include <math.h>

#include "multipolar/common.h"
#include "voting/mpz_internal.h"

mpz_t *mpol_i_mpz_array(size_t L)
{
    mpz_t *a = mpol_malloc((L > 0 ? L : 1) * sizeof *a);
    if (a != NULL)
        for (size_t w = 0; w < L; w++)
            mpz_init(a[w]);
    return a;
}

void mpol_i_mpz_array_free(mpz_t *a, size_t L)
{
    if (a == NULL)
        return;
    for (size_t w = 0; w < L; w++)
        mpz_clear(a[w]);
    mpol_free(a);
}

char *mpol_i_mpz_string(const mpz_t x)
{
    size_t len = mpz_sizeinbase(x, 10) + 2;
    char *s = mpol_malloc(len);
    if (s != NULL)
        mpz_get_str(s, 10, x);
    return s;
}

double mpol_i_mpz_ratio(const mpz_t x, const mpz_t y)
{
    if (mpz_sgn(x) == 0)
        return 0;
    long ex, ey;
    double fx = mpz_get_d_2exp(&ex, x), fy = mpz_get_d_2exp(&ey, y);
    return ldexp(fx / fy, (int)(ex - ey));
}

double mpol_i_mpz_ldexp(const mpz_t x, long k)
{
    long e;
    double f = mpz_get_d_2exp(&e, x);
    return ldexp(f, (int)(e - k));
}
