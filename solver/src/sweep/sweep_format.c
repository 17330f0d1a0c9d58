/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the sweep writers' number formatter: a double with N significant
 * digits in the style of printf's "%.Ng" (shortest of fixed and exponent notation, trailing
 * zeros removed, exponent of at least two digits), but about ten times faster, because the
 * CSV of a 10^6-point sweep is ~14 million numbers and glibc's exact multi-precision
 * conversion dominated the whole run.
 *
 * Method: the decimal exponent e is estimated from the binary exponent and corrected after
 * rounding; the significand is round-half-even(|x| * 10^(N-1-e)), computed in double when
 * 10^|N-1-e| is exact (one rounding, 2^-53 relative), otherwise in long double (x87 extended
 * precision, 64-bit mantissa) with exact powers of ten up to 10^27 (at most ~14 roundings of
 * 2^-64). When the scaled value lies within a guard band (4e-16 relative in double, 1e-17
 * in long double) of a half-integer, where those errors could flip the rounding, the next
 * path decides, and finally snprintf (a few numbers in 10^5). So the result is exactly
 * glibc's correctly rounded "%.Ng" (checked against it on 3.4 million seeded random doubles
 * and on exact binary ties in test_sweep_io.c).
 * The output is a pure function of the bits of x: it does not depend on threads, ranks or
 * locale. N of 16 or 17 (17 round-trips every double) uses snprintf("%.*g") itself.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "sweep/sweep_internal.h"

/* Relative band around a rounding tie where the exact path decides (>> the scaling error of
 * at most ~14 long-double roundings, 14 * 2^-64 < 1e-18). */
#define FMT_TIE_GUARD 1e-17L

/* The same in double (2^-53 per rounding, one rounding). */
#define FMT_TIE_GUARD_D 4e-16
/* log10(2). */
#define FMT_LOG10_2 0.30102999566398120
/* Largest power of ten that is exact in double (5^22 < 2^53). */
#define FMT_EXACT_POW_D 22

static const double pow10_double[FMT_EXACT_POW_D + 1] = {
    1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* Largest power of ten that is exact in long double (5^27 < 2^64). */
#define FMT_EXACT_POW 27

static const long double pow10_exact[FMT_EXACT_POW + 1] = {
    1e0L,  1e1L,  1e2L,  1e3L,  1e4L,  1e5L,  1e6L,  1e7L,  1e8L,  1e9L,
    1e10L, 1e11L, 1e12L, 1e13L, 1e14L, 1e15L, 1e16L, 1e17L, 1e18L, 1e19L,
    1e20L, 1e21L, 1e22L, 1e23L, 1e24L, 1e25L, 1e26L, 1e27L};

/* a * 10^k in long double; exact scaling for |k| <= 27 (one rounding), else a few. */
static const char digit_pairs[201] = "00010203040506070809"
                                     "10111213141516171819"
                                     "20212223242526272829"
                                     "30313233343536373839"
                                     "40414243444546474849"
                                     "50515253545556575859"
                                     "60616263646566676869"
                                     "70717273747576777879"
                                     "80818283848586878889"
                                     "90919293949596979899";

static long double scale10(double x, int k)
{
    long double a = x;
    if (k >= 0) {
        while (k > FMT_EXACT_POW) {
            a *= pow10_exact[FMT_EXACT_POW];
            k -= FMT_EXACT_POW;
        }
        return a * pow10_exact[k];
    }
    k = -k;
    while (k > FMT_EXACT_POW) {
        a /= pow10_exact[FMT_EXACT_POW];
        k -= FMT_EXACT_POW;
    }
    return a / pow10_exact[k];
}

/*
 * *m = round-half-even(x * 10^k) for x > 0. Returns 0 when the scaled value lies so close
 * to a half-integer that the rounding errors of the scaling could decide the direction
 * (the caller then uses snprintf). First in double when 10^|k| is exact (|k| <= 22: one
 * rounding, 2^-53 relative, against FMT_TIE_GUARD_D), else, or near a tie, in long double
 * (at most ~14 roundings of 2^-64, against FMT_TIE_GUARD).
 */
static int round_scaled(double x, int k, uint64_t *m)
{
    if (k >= -FMT_EXACT_POW_D && k <= FMT_EXACT_POW_D) {
        double s = k >= 0 ? x * pow10_double[k] : x / pow10_double[-k];
        double f = s - floor(s);
        if (fabs(f - 0.5) > FMT_TIE_GUARD_D * s) {
            *m = (uint64_t)rint(s);
            return 1;
        }
    }
    long double s = scale10(x, k);
    long double f = s - floorl(s);
    if (fabsl(f - 0.5L) <= FMT_TIE_GUARD * s)
        return 0;
    *m = (uint64_t)rintl(s);
    return 1;
}

/* floor(log10(x)) or one less, for finite x > 0, from the binary exponent. */
static int decimal_exponent_estimate(double x)
{
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    int e2 = (int)((bits >> 52) & 0x7ff) - 1022; /* x = f 2^e2, f in [0.5, 1) */
    if ((bits >> 52 & 0x7ff) == 0)               /* subnormal */
        (void)frexp(x, &e2);
    return (int)floor((double)(e2 - 1) * FMT_LOG10_2);
}

static size_t put_exponent(char *buf, int e)
{
    size_t len = 0;
    buf[len++] = 'e';
    buf[len++] = e < 0 ? '-' : '+';
    unsigned u = (unsigned)(e < 0 ? -e : e);
    if (u >= 100)
        buf[len++] = (char)('0' + u / 100);
    buf[len++] = (char)('0' + u / 10 % 10);
    buf[len++] = (char)('0' + u % 10);
    return len;
}

/*
 * True if long double really has the x87 64-bit mantissa at run time. Under valgrind, x87
 * arithmetic is emulated in double precision, which would break the guard bands above; the
 * formatter then uses snprintf for every number (same output, slower).
 */
static int long_double_is_extended(void)
{
    static volatile int known = -1;
    if (known < 0) {
        volatile long double one = 1.0L, tiny = 0x1p-63L;
        known = LDBL_MANT_DIG >= 64 && (one + tiny) != one;
    }
    return known;
}

size_t mpol_i_sweep_format_num(char *buf, double x, int digits)
{
    if (x == 0.0) {
        buf[0] = '0';
        return 1;
    }
    if (!isfinite(x)) {
        const char *s = isnan(x) ? "nan" : (x > 0 ? "inf" : "-inf");
        size_t n = strlen(s);
        memcpy(buf, s, n);
        return n;
    }
    if (digits < 1)
        digits = 1;
    if (digits > MPOL_I_SWEEP_FAST_DIGITS || !long_double_is_extended()) {
        if (digits > 17)
            digits = 17;
        return (size_t)snprintf(buf, MPOL_I_SWEEP_NUM_MAX, "%.*g", digits, x);
    }
    size_t len = 0;
    if (x < 0) {
        buf[len++] = '-';
        x = -x;
    }
    int e = decimal_exponent_estimate(x);
    uint64_t lim_hi = (uint64_t)pow10_double[digits], lim_lo = (uint64_t)pow10_double[digits - 1];
    uint64_t m = 0;
    int ok = round_scaled(x, digits - 1 - e, &m);
    while (ok && m >= lim_hi) { /* e was one too small, or rounding carried: 9.99..5 -> 10.0 */
        e++;
        ok = round_scaled(x, digits - 1 - e, &m);
    }
    if (ok && m < lim_lo) {
        e--;
        ok = round_scaled(x, digits - 1 - e, &m);
        if (ok && m >= lim_hi) {
            e++;
            ok = round_scaled(x, digits - 1 - e, &m);
        }
    }
    if (!ok) /* too close to a rounding tie to decide here */
        return len + (size_t)snprintf(buf + len, MPOL_I_SWEEP_NUM_MAX - len, "%.*g", digits, x);
    uint64_t u = m;
    char d[20] = {0};
    int i = digits - 1;
    for (; i >= 1; i -= 2) { /* two digits per division */
        unsigned r = (unsigned)(u % 100);
        u /= 100;
        memcpy(d + i - 1, digit_pairs + 2 * r, 2);
    }
    if (i == 0)
        d[0] = (char)('0' + u);
    int nd = digits; /* significant digits after stripping trailing zeros */
    while (nd > 1 && d[nd - 1] == '0')
        nd--;
    if (e < -4 || e >= digits) {
        buf[len++] = d[0];
        if (nd > 1) {
            buf[len++] = '.';
            memcpy(buf + len, d + 1, (size_t)nd - 1);
            len += (size_t)nd - 1;
        }
        len += put_exponent(buf + len, e);
    } else if (e >= 0) {
        memcpy(buf + len, d, (size_t)e + 1);
        len += (size_t)e + 1;
        if (nd > e + 1) {
            buf[len++] = '.';
            memcpy(buf + len, d + e + 1, (size_t)(nd - e - 1));
            len += (size_t)(nd - e - 1);
        }
    } else {
        buf[len++] = '0';
        buf[len++] = '.';
        for (int z = 0; z < -e - 1; z++)
            buf[len++] = '0';
        memcpy(buf + len, d, (size_t)nd);
        len += (size_t)nd;
    }
    return len;
}
