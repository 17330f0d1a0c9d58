/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the number side of the Gambit readers and writer: the conversion of
 * a NUMBER token to an exact rational and its correctly rounded double, with Gambit's
 * accepted spellings and messages (core/decimal.c does the conversion; mpol_rational_parse
 * and strtod take what its fast paths leave), strategy and outcome indices, and the
 * shortest decimal of a payoff for writing. The tokenizer is gambit_lex.c.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/decimal_internal.h"
#include "io/gambit_lex.h"

static int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

/* Counts the digits at *p and moves *p past them. */
static size_t skip_digits(const char **p)
{
    size_t n = 0;
    while (is_digit((unsigned char)**p)) {
        (*p)++;
        n++;
    }
    return n;
}

/* A valid decimal spelling (not a fraction) that the fast rational does not take: its
 * rational by mpol_rational_parse when it fits 64 bits, else only its double. */
static mpol_status convert_long(const mpol_i_gbt_lexer *lx, const char *what, const char *s,
                                const mpol_i_decimal *dec, mpol_rational *r, double *d, int *fits)
{
    mpol_status st = mpol_rational_parse(r, s);
    *d = mpol_i_decimal_value(dec, s);
    if (st == MPOL_OK) {
        *fits = 1;
        return MPOL_OK;
    }
    if (st != MPOL_ENUMERIC)
        return mpol_i_gbt_fail(lx, MPOL_EPARSE, "invalid number '%s' (expected %s)", s, what);
    mpol_clear_error(); /* a valid spelling: too long for 64-bit rationals */
    *fits = 0;
    r->num = 0;
    r->den = 1;
    if (!isfinite(*d))
        return mpol_i_gbt_fail(lx, MPOL_ENUMERIC, "'%s' is out of the range of doubles", s);
    return MPOL_OK;
}

mpol_status mpol_i_gbt_number(const mpol_i_gbt_lexer *lx, const char *what, mpol_rational *r,
                              double *d, int *fits)
{
    if (lx->tok != MPOL_I_GBT_NUMBER)
        return mpol_i_gbt_fail(lx, MPOL_EPARSE, "expected %s", what);
    const char *s = lx->buf, *p = s;
    /* The common case first: a whole-token decimal in one of Gambit's spellings. */
    mpol_i_decimal dec;
    if (mpol_i_decimal_scan(s, lx->buflen, &dec) == lx->buflen && s[0] != '+' &&
        (dec.idig > 0 || !dec.has_exp)) {
        if (mpol_i_decimal_rational(&dec, r)) {
            *fits = 1;
            *d = mpol_i_decimal_value(&dec, s);
            return MPOL_OK;
        }
        return convert_long(lx, what, s, &dec, r, d, fits);
    }
    /* Gambit's spellings: [-]D+ [. D*] [(e|E) [+-] D+] | [-] . D+ | [-] D+ / D+. */
    if (*p == '-')
        p++;
    size_t idig = skip_digits(&p);
    int fraction = 0, bad = 0;
    const char *den_text = NULL;
    if (*p == '/') {
        fraction = 1;
        p++;
        den_text = p;
        bad = idig == 0 || skip_digits(&p) == 0;
    } else {
        size_t fdig = 0;
        int dot = 0;
        if (*p == '.') {
            dot = 1;
            p++;
            fdig = skip_digits(&p);
        }
        if (idig + fdig == 0 || (idig == 0 && !dot))
            bad = 1;
        if (*p == 'e' || *p == 'E') {
            if (idig == 0) /* ".5e1": Gambit reads ".5" and then fails */
                bad = 1;
            p++;
            if (*p == '+' || *p == '-')
                p++;
            if (skip_digits(&p) == 0)
                bad = 1;
        }
    }
    if (bad || *p != '\0')
        return mpol_i_gbt_fail(lx, MPOL_EPARSE, "invalid number '%s' (expected %s)", s, what);
    if (fraction) {
        int zero = 1;
        for (const char *q = den_text; *q != '\0'; q++)
            zero = zero && *q == '0';
        if (zero)
            return mpol_i_gbt_fail(lx, MPOL_ENUMERIC, "'%s': division by zero", s);
    }
    if (!fraction) {
        mpol_i_decimal_scan(s, lx->buflen, &dec);
        return convert_long(lx, what, s, &dec, r, d, fits);
    }
    mpol_status st = mpol_rational_parse(r, s);
    if (st == MPOL_OK) {
        *fits = 1;
        *d = mpol_rational_to_double(*r);
        return MPOL_OK;
    }
    if (st != MPOL_ENUMERIC)
        return mpol_i_gbt_fail(lx, MPOL_EPARSE, "invalid number '%s' (expected %s)", s, what);
    /* Valid but too long for 64-bit rationals: keep the double only. */
    mpol_clear_error();
    *fits = 0;
    r->num = 0;
    r->den = 1;
    *d = strtod(s, NULL) / strtod(den_text, NULL);
    if (!isfinite(*d))
        return mpol_i_gbt_fail(lx, MPOL_ENUMERIC, "'%s' is out of the range of doubles", s);
    return MPOL_OK;
}

mpol_status mpol_i_gbt_index(const mpol_i_gbt_lexer *lx, const char *what, size_t lo, size_t hi,
                             size_t *out)
{
    if (lx->tok != MPOL_I_GBT_NUMBER)
        return mpol_i_gbt_fail(lx, MPOL_EPARSE, "expected %s", what);
    const char *p = lx->buf;
    size_t v = 0;
    int over = 0;
    if (!is_digit((unsigned char)*p))
        return mpol_i_gbt_fail(lx, MPOL_EPARSE, "expected %s, not '%s'", what, lx->buf);
    for (; is_digit((unsigned char)*p); p++) {
        if (v > (SIZE_MAX - (size_t)(*p - '0')) / 10)
            over = 1;
        else
            v = v * 10 + (size_t)(*p - '0');
    }
    if (*p != '\0')
        return mpol_i_gbt_fail(lx, MPOL_EPARSE, "expected %s, not '%s'", what, lx->buf);
    if (over || v < lo || v > hi)
        return mpol_i_gbt_fail(lx, MPOL_EPARSE, "%s %s out of range %zu..%zu", what, lx->buf, lo,
                               hi);
    *out = v;
    return MPOL_OK;
}

/* True if "%.{prec}g" of @p d (written into buf) reads back to d. */
static int reads_back(char *buf, int prec, double d)
{
    int n = snprintf(buf, MPOL_I_GBT_NUMBUF, "%.*g", prec, d);
    mpol_i_decimal dec;
    double v;
    if (n > 0 && mpol_i_decimal_scan(buf, (size_t)n, &dec) == (size_t)n &&
        mpol_i_decimal_to_double(&dec, &v))
        return v == d;
    return strtod(buf, NULL) == d;
}

mpol_status mpol_i_gbt_format_number(char *buf, const mpol_rational *exact, double d)
{
    if (exact != NULL) {
        if (exact->den == 1)
            snprintf(buf, MPOL_I_GBT_NUMBUF, "%lld", (long long)exact->num);
        else
            snprintf(buf, MPOL_I_GBT_NUMBUF, "%lld/%lld", (long long)exact->num,
                     (long long)exact->den);
        return MPOL_OK;
    }
    if (!isfinite(d))
        return mpol_error(MPOL_ENUMERIC, "cannot write the payoff %g to a Gambit file", d);
    /* The shortest of %.1g .. %.17g that reads back to the same double, by bisection: if p
     * digits read back, so do p + 1 (the closest (p+1)-digit decimal is no farther from d
     * than the p-digit one), and %.17g always does. */
    int lo = 1, hi = 17;
    /* Most doubles that are not short decimals need 16 or 17 digits: try those first. */
    if (!reads_back(buf, 16, d))
        lo = 17;
    else if (!reads_back(buf, 15, d))
        lo = hi = 16;
    else
        hi = 15;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (reads_back(buf, mid, d))
            hi = mid;
        else
            lo = mid + 1;
    }
    int len = snprintf(buf, MPOL_I_GBT_NUMBUF, "%.*g", lo, d);
    if (len < 0 || len >= MPOL_I_GBT_NUMBUF) /* cannot happen: %.17g takes at most 24 bytes */
        return mpol_error(MPOL_ENUMERIC, "cannot write the payoff %g to a Gambit file", d);
    return MPOL_OK;
}
