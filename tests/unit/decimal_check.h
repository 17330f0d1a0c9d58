/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Shared by test_decimal.c and test_slow_decimal.c: random decimal strings of every shape
 * the readers meet (1 to 25 digits, a point anywhere, leading zeros, exponents over the
 * whole double range and beyond, halfway integers, shortest and 17-digit spellings of
 * random doubles, subnormals) and the check that the fast conversion gives strtod's double
 * bit for bit and the rational mpol_rational_parse gives.
 */
#ifndef MPOL_TEST_DECIMAL_CHECK_H
#define MPOL_TEST_DECIMAL_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/decimal_internal.h"
#include "core/rng_internal.h"
#include "mpol_test.h"

/* Fails the test unless the scan of @p s converts to strtod's bits and rational. */
static void decimal_check_one(const char *s)
{
    mpol_i_decimal dec;
    size_t n = strlen(s);
    assert_int_equal(mpol_i_decimal_scan(s, n, &dec), n);
    double want = strtod(s, NULL), got = mpol_i_decimal_value(&dec, s), fast;
    if (memcmp(&want, &got, sizeof got) != 0)
        fail_msg("'%s': got %a, strtod %a", s, got, want);
    if (mpol_i_decimal_to_double(&dec, &fast) && memcmp(&want, &fast, sizeof fast) != 0)
        fail_msg("'%s': fast path %a, strtod %a", s, fast, want);
    mpol_rational r, q;
    if (mpol_i_decimal_rational(&dec, &r)) {
        assert_int_equal(mpol_rational_parse(&q, s), MPOL_OK);
        if (r.num != q.num || r.den != q.den)
            fail_msg("'%s': rational %lld/%lld, mpol_rational_parse %lld/%lld", s, (long long)r.num,
                     (long long)r.den, (long long)q.num, (long long)q.den);
    }
}

/* Writes a random decimal of one of the shapes above into buf (at least 64 bytes). */
static void decimal_random(char *buf, uint64_t *rng)
{
    uint64_t kind = mpol_i_rng_below(rng, 6);
    char *p = buf;
    if (mpol_i_rng_below(rng, 2))
        *p++ = '-';
    if (kind == 0) { /* the %.17g, %.16g or %.15g of a random double, any exponent */
        uint64_t bits = mpol_i_splitmix64(rng) & ~(UINT64_C(1) << 63);
        double v;
        memcpy(&v, &bits, sizeof v);
        if (v != v || v > 1.7976931348623157e308)
            v = 1.5;
        snprintf(p, 40, "%.*g", 15 + (int)mpol_i_rng_below(rng, 3), v);
        return;
    }
    if (kind == 1) { /* a random double in [-1, 1] at 17 digits: the payoffs */
        snprintf(p, 40, "%.17g", mpol_i_rng_uniform(rng));
        return;
    }
    if (kind == 2) { /* an integer halfway between two doubles, maybe scaled by 10^k */
        uint64_t m = (UINT64_C(1) << 53) | (mpol_i_splitmix64(rng) >> 11);
        uint64_t h = (2 * m + 1) << mpol_i_rng_below(rng, 10);
        h += mpol_i_rng_below(rng, 3) - 1; /* the halfway value or a neighbour */
        snprintf(p, 40, "%llue%d", (unsigned long long)h, (int)mpol_i_rng_below(rng, 9) - 4);
        return;
    }
    /* digits with a point somewhere and maybe an exponent */
    size_t nd = 1 + mpol_i_rng_below(rng, kind == 3 ? 19 : 25);
    size_t point = mpol_i_rng_below(rng, nd + 1);
    size_t zeros = mpol_i_rng_below(rng, 4) == 0 ? mpol_i_rng_below(rng, 6) : 0;
    for (size_t i = 0; i < zeros; i++)
        *p++ = '0';
    for (size_t i = 0; i < nd; i++) {
        if (i == point && i > 0)
            *p++ = '.';
        *p++ = (char)('0' + mpol_i_rng_below(rng, 10));
    }
    *p = '\0';
    if (kind == 5)
        snprintf(p, 16, "e%d", (int)mpol_i_rng_below(rng, 700) - 350);
    else if (kind == 4)
        snprintf(p, 16, "e%d", (int)mpol_i_rng_below(rng, 45) - 22);
}

/* Checks @p count random strings from seed @p seed. */
static void decimal_check_random(uint64_t seed, size_t count)
{
    char buf[96];
    for (size_t i = 0; i < count; i++) {
        decimal_random(buf, &seed);
        decimal_check_one(buf);
    }
}

#endif /* MPOL_TEST_DECIMAL_CHECK_H */
