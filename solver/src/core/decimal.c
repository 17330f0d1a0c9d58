/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the readers' decimal conversion: one scan of a decimal number into
 * its first 19 significant digits and a power of ten, then the correctly rounded double by
 * Clinger's exact path (a 53-bit mantissa times or divided by an exact power of ten) or by
 * the Eisel-Lemire algorithm (D. Lemire, "Number parsing at a gigabyte per second",
 * Software: Practice and Experience 51(8), 2021: the 64-bit mantissa times a 128-bit
 * approximation of 5^q, written here from the paper), falling back to strtod whenever the
 * product cannot decide the rounding, the value would be subnormal or infinite, or digits
 * were dropped. The result is the same double as strtod's, bit for bit
 * (tests/unit/test_decimal.c checks hard cases and millions of random strings).
 */
#include <stdlib.h>

#include "core/decimal_internal.h"

/* Exact powers of ten as doubles (10^22 is the largest exact one). */
static const double pow10_exact[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                       1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                       1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

static int is_digit(unsigned char c)
{
    return (unsigned)(c - '0') < 10;
}

/* Scans digits into the 19-digit mantissa; @return how many were read. */
static size_t scan_digits(const char *s, size_t n, size_t i, mpol_i_decimal *dec, int *nsig,
                          int frac)
{
    size_t start = i;
    for (; i < n && is_digit((unsigned char)s[i]); i++) {
        unsigned d = (unsigned)(s[i] - '0');
        if (*nsig == 0 && d == 0) {
            if (frac)
                dec->q--; /* a leading zero after the point */
            continue;
        }
        if (*nsig < 19) {
            dec->w = dec->w * 10 + d;
            (*nsig)++;
            if (frac)
                dec->q--;
        } else {
            dec->more_digits = 1;
            if (!frac)
                dec->q++;
        }
    }
    return i - start;
}

/* The exponent [eE][+-]?D+ at s[i..n), if there is one: added to dec->q. @return the end. */
static size_t scan_exponent(const char *s, size_t n, size_t i, mpol_i_decimal *dec)
{
    if (i >= n || (s[i] != 'e' && s[i] != 'E'))
        return i;
    size_t j = i + 1;
    int eneg = 0;
    if (j < n && (s[j] == '-' || s[j] == '+'))
        eneg = s[j++] == '-';
    if (j >= n || !is_digit((unsigned char)s[j]))
        return i;
    int64_t e = 0;
    for (; j < n && is_digit((unsigned char)s[j]); j++)
        if (e < 1000000000)
            e = e * 10 + (s[j] - '0');
    dec->has_exp = 1;
    dec->exp = eneg ? -e : e;
    dec->q += dec->exp;
    return j;
}

/* The common case: at most 19 digits in all (leading zeros included), so that w holds them
 * all without overflow. @return 0 when the number has more (the general scan reads it). */
static size_t scan_short(const char *s, size_t n, mpol_i_decimal *dec)
{
    size_t i = 0;
    uint64_t w = 0;
    if (i < n && (s[i] == '-' || s[i] == '+'))
        dec->neg = s[i++] == '-';
    size_t start = i;
    for (; i < n && is_digit((unsigned char)s[i]); i++)
        w = w * 10 + (uint64_t)(s[i] - '0');
    dec->idig = i - start;
    if (dec->idig > 19)
        return 0;
    if (i < n && s[i] == '.') {
        dec->has_point = 1;
        size_t f = ++i;
        for (; i < n && is_digit((unsigned char)s[i]) && i - f + dec->idig < 19; i++)
            w = w * 10 + (uint64_t)(s[i] - '0');
        if (i < n && is_digit((unsigned char)s[i]))
            return 0;
        dec->fdig = i - f;
    }
    if (dec->idig + dec->fdig == 0)
        return 0;
    dec->w = w;
    dec->q = -(int64_t)dec->fdig;
    return dec->len = scan_exponent(s, n, i, dec);
}

size_t mpol_i_decimal_scan(const char *s, size_t n, mpol_i_decimal *dec)
{
    *dec = (mpol_i_decimal){0};
    if (scan_short(s, n, dec) > 0)
        return dec->len;
    *dec = (mpol_i_decimal){0};
    size_t i = 0;
    int nsig = 0;
    if (i < n && (s[i] == '-' || s[i] == '+'))
        dec->neg = s[i++] == '-';
    dec->idig = scan_digits(s, n, i, dec, &nsig, 0);
    i += dec->idig;
    if (i < n && s[i] == '.') {
        dec->has_point = 1;
        dec->fdig = scan_digits(s, n, i + 1, dec, &nsig, 1);
        i += 1 + dec->fdig;
    }
    if (dec->idig + dec->fdig == 0)
        return dec->len = 0;
    i = scan_exponent(s, n, i, dec);
    return dec->len = i;
}

/* The high and low 64 bits of a * b. */
static void mul128(uint64_t a, uint64_t b, uint64_t *hi, uint64_t *lo)
{
#if defined(__SIZEOF_INT128__)
    __extension__ typedef unsigned __int128 u128;
    u128 p = (u128)a * b;
    *hi = (uint64_t)(p >> 64);
    *lo = (uint64_t)p;
#else
    uint64_t a0 = a & 0xffffffffu, a1 = a >> 32, b0 = b & 0xffffffffu, b1 = b >> 32;
    uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    uint64_t mid = (p00 >> 32) + (p01 & 0xffffffffu) + (p10 & 0xffffffffu);
    *lo = (mid << 32) | (p00 & 0xffffffffu);
    *hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
#endif
}

/* Leading zero bits of x != 0. */
static int leading_zeros(uint64_t x)
{
#if defined(__GNUC__)
    return __builtin_clzll(x);
#else
    int n = 0;
    while (!(x >> 63)) {
        x <<= 1;
        n++;
    }
    return n;
#endif
}

/* Trailing zero bits of x != 0. */
static size_t trailing_zeros(uint64_t x)
{
#if defined(__GNUC__)
    return (size_t)__builtin_ctzll(x);
#else
    size_t n = 0;
    while (!(x & 1)) {
        x >>= 1;
        n++;
    }
    return n;
#endif
}

/* floor(q * log2(10)) + 63 for |q| <= 400: (217706 q) >> 16, floored for negative q. */
static int64_t binary_exponent(int64_t q)
{
    int64_t t = 217706 * q;
    return (t >= 0 ? t >> 16 : -((-t + 65535) >> 16)) + 63;
}

/* Eisel-Lemire for w != 0, q in the table: the bits of the double, or 0 to fall back. */
static int eisel_lemire(uint64_t w, int64_t q, int neg, double *out)
{
    const uint64_t *f = mpol_i_pow5_128[q - MPOL_I_POW5_MIN];
    int lz = leading_zeros(w);
    w <<= lz;
    uint64_t upper, lower;
    mul128(w, f[0], &upper, &lower);
    if ((upper & 0x1FF) == 0x1FF && lower + w < lower) {
        /* The truncated product may be short by a carry: add the low half's product. */
        uint64_t hi2, lo2;
        mul128(w, f[1], &hi2, &lo2);
        uint64_t middle = lower + hi2;
        if (middle < lower)
            upper++;
        if (middle + 1 == 0 && (upper & 0x1FF) == 0x1FF && lo2 + w < lo2)
            return 0;
        lower = middle;
    }
    uint64_t upperbit = upper >> 63;
    uint64_t mantissa = upper >> (upperbit + 9);
    lz += (int)(1 ^ upperbit);
    if (lower == 0 && (upper & 0x1FF) == 0 && (mantissa & 3) == 1)
        return 0; /* possibly halfway between two doubles */
    mantissa += mantissa & 1;
    mantissa >>= 1;
    if (mantissa >= (UINT64_C(1) << 53)) {
        mantissa = UINT64_C(1) << 52;
        lz--;
    }
    mantissa &= ~(UINT64_C(1) << 52);
    int64_t e = binary_exponent(q) + 1024 - lz;
    if (e < 1 || e > 2046)
        return 0; /* subnormal or out of range: strtod decides */
    uint64_t bits = mantissa | ((uint64_t)e << 52) | ((uint64_t)(neg != 0) << 63);
    union {
        uint64_t u;
        double d;
    } cv = {bits};
    *out = cv.d;
    return 1;
}

int mpol_i_decimal_to_double(const mpol_i_decimal *dec, double *out)
{
    if (dec->more_digits)
        return 0;
    if (dec->w == 0) {
        *out = dec->neg ? -0.0 : 0.0;
        return 1;
    }
    int64_t q = dec->q;
    if (dec->w <= (UINT64_C(1) << 53) && q >= -22 && q <= 22) {
        double v = (double)dec->w;
        v = q < 0 ? v / pow10_exact[-q] : v * pow10_exact[q];
        *out = dec->neg ? -v : v;
        return 1;
    }
    if (q < MPOL_I_POW5_MIN || q > MPOL_I_POW5_MAX)
        return 0;
    return eisel_lemire(dec->w, q, dec->neg, out);
}

double mpol_i_decimal_value(const mpol_i_decimal *dec, const char *s)
{
    double v;
    if (mpol_i_decimal_to_double(dec, &v))
        return v;
    return strtod(s, NULL);
}

int mpol_i_decimal_rational(const mpol_i_decimal *dec, mpol_rational *out)
{
    /* mpol_rational_parse fails when the number before the last digit is above
     * (INT64_MAX - 9) / 10, or with more than 18 digits after the point. */
    size_t nd = dec->idig + dec->fdig;
    if (dec->has_exp || dec->more_digits || dec->idig == 0 || nd > 19 || dec->fdig > 18 ||
        (nd == 19 && dec->w / 10 > (uint64_t)(INT64_MAX - 9) / 10))
        return 0;
    /* w holds every digit (leading zeros add nothing); the denominator is 10^fdig. The
     * common factor of w and 10^fdig is 2^min(t2, fdig) 5^min(t5, fdig). */
    static const int64_t pow10[19] = {1,
                                      10,
                                      100,
                                      1000,
                                      10000,
                                      100000,
                                      1000000,
                                      10000000,
                                      100000000,
                                      1000000000,
                                      10000000000,
                                      100000000000,
                                      1000000000000,
                                      10000000000000,
                                      100000000000000,
                                      1000000000000000,
                                      10000000000000000,
                                      100000000000000000,
                                      1000000000000000000};
    uint64_t num = dec->w;
    int64_t den = pow10[dec->fdig];
    size_t k = dec->fdig;
    if (num == 0) {
        den = 1;
    } else if (k > 0) {
        /* w and 10^k share 2^min(t2, k) 5^min(t5, k); x is a multiple of 5 exactly when
         * x * (1/5 mod 2^64) <= (2^64 - 1) / 5, and then that product is x / 5. */
        size_t t2 = trailing_zeros(num);
        t2 = t2 < k ? t2 : k;
        num >>= t2;
        den >>= t2;
        const uint64_t inv5 = UINT64_C(0xCCCCCCCCCCCCCCCD), max5 = UINT64_MAX / 5;
        for (size_t t = 0; t < k && num * inv5 <= max5; t++) {
            num *= inv5;
            den /= 5;
        }
    }
    out->num = dec->neg ? -(int64_t)num : (int64_t)num;
    out->den = den;
    return 1;
}
