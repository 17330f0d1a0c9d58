/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the sweep writers' number formatter: a double with N significant
 * digits in the style of printf's "%.Ng" (shortest of fixed and exponent notation, trailing
 * zeros removed, exponent of at least two digits), but about ten times faster, because the
 * CSV of a 10^6-point sweep is ~14 million numbers and glibc's exact multi-precision
 * conversion dominated the whole run.
 *
 * Method: the decimal exponent e comes from log10 and is corrected after rounding; the
 * significand is round-half-even(|x| * 10^(N-1-e)) computed in long double (x87 extended
 * precision, 64-bit mantissa) with exact powers of ten up to 10^27. The scaling errs by at
 * most ~14 roundings of 2^-64; when the scaled value lies within FMT_TIE_GUARD (relative) of
 * a half-integer, where that error could flip the rounding, the number goes to snprintf
 * instead (a few in 10^5 numbers at 15 digits, fewer at 12). So the result is exactly
 * glibc's correctly rounded "%.Ng" (checked against it on 3.4 million seeded random doubles
 * and on exact binary ties in test_sweep_io.c).
 * The output is a pure function of the bits of x: it does not depend on threads, ranks or
 * locale. N of 16 or 17 (17 round-trips every double) uses snprintf("%.*g") itself.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "internal/sweep_kind.h"

/* Relative band around a rounding tie where the exact path decides (>> the scaling error of
 * at most ~14 long-double roundings, 14 * 2^-64 < 1e-18). */
#define FMT_TIE_GUARD 1e-17L

/* Largest power of ten that is exact in long double (5^27 < 2^64). */
#define FMT_EXACT_POW 27

static const long double pow10_exact[FMT_EXACT_POW + 1] = {
    1e0L,  1e1L,  1e2L,  1e3L,  1e4L,  1e5L,  1e6L,  1e7L,  1e8L,  1e9L,
    1e10L, 1e11L, 1e12L, 1e13L, 1e14L, 1e15L, 1e16L, 1e17L, 1e18L, 1e19L,
    1e20L, 1e21L, 1e22L, 1e23L, 1e24L, 1e25L, 1e26L, 1e27L};

/* a * 10^k in long double; exact scaling for |k| <= 27 (one rounding), else a few. */
static long double scale10(long double a, int k)
{
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
 * m = round-half-even(a * 10^k). Returns 0 when the scaled value lies so close to a
 * half-integer that the rounding errors of the scaling (at most a few dozen units of
 * 2^-64 relative, against FMT_TIE_GUARD) could decide the rounding direction.
 */
static int round_scaled(long double a, int k, long double *m)
{
    long double s = scale10(a, k);
    long double f = s - floorl(s);
    if (fabsl(f - 0.5L) <= FMT_TIE_GUARD * s)
        return 0;
    *m = rintl(s);
    return 1;
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
    if (digits > MPOL_I_SWEEP_FAST_DIGITS) {
        if (digits > 17)
            digits = 17;
        return (size_t)snprintf(buf, MPOL_I_SWEEP_NUM_MAX, "%.*g", digits, x);
    }
    size_t len = 0;
    if (x < 0) {
        buf[len++] = '-';
        x = -x;
    }
    long double a = x;
    int e = (int)floor(log10(x));
    long double lim_hi = pow10_exact[digits], lim_lo = pow10_exact[digits - 1];
    long double m;
    int ok = round_scaled(a, digits - 1 - e, &m);
    if (ok && m >= lim_hi) {
        e++;
        ok = round_scaled(a, digits - 1 - e, &m);
    } else if (ok && m < lim_lo) {
        e--;
        ok = round_scaled(a, digits - 1 - e, &m);
        if (ok && m >= lim_hi) { /* rounding carried back up: 9.99..5 -> 10.0 */
            e++;
            ok = round_scaled(a, digits - 1 - e, &m);
        }
    }
    if (!ok) /* too close to a rounding tie to decide in long double */
        return len + (size_t)snprintf(buf + len, MPOL_I_SWEEP_NUM_MAX - len, "%.*g", digits, x);
    uint64_t u = (uint64_t)m;
    char d[20];
    for (int i = digits - 1; i >= 0; i--) {
        d[i] = (char)('0' + u % 10);
        u /= 10;
    }
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
        for (int i = 0; i < -e - 1; i++)
            buf[len++] = '0';
        memcpy(buf + len, d, (size_t)nd);
        len += (size_t)nd;
    }
    return len;
}
