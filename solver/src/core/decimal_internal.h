/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Internal interface: fast, correctly rounded decimal-to-double conversion (the same double
 * as strtod in the "C" locale, bit for bit) and decimal-to-rational reduction for the file
 * readers. Not installed.
 */
#ifndef MPOL_CORE_DECIMAL_INTERNAL_H
#define MPOL_CORE_DECIMAL_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "multipolar/game.h"

/* 128-bit approximations of 5^q, q = MPOL_I_POW5_MIN..MPOL_I_POW5_MAX (pow5_table.c). */
#define MPOL_I_POW5_MIN (-342)
#define MPOL_I_POW5_MAX 308
extern const uint64_t mpol_i_pow5_128[MPOL_I_POW5_MAX - MPOL_I_POW5_MIN + 1][2];

/* A scanned decimal [+-]? D* [. D*] ([eE] [+-]? D+)?: value (-1)^neg * w * 10^q when
 * exact; w holds the first 19 significant digits and more_digits says digits were dropped. */
typedef struct mpol_i_decimal {
    uint64_t w;
    int64_t q;
    int neg;
    int more_digits;   /* more than 19 significant digits: w * 10^q is truncated */
    size_t idig, fdig; /* digits before and after the point (leading zeros included) */
    int has_point, has_exp;
    int64_t exp; /* the written exponent (0 without one; clamped to +-1e9) */
    size_t len;  /* bytes consumed */
} mpol_i_decimal;

/* Scans the longest decimal prefix of s[0..n) (no leading space). @return its length
 * (dec->len); 0 when there is no digit. */
size_t mpol_i_decimal_scan(const char *s, size_t n, mpol_i_decimal *dec);

/*
 * The correctly rounded double of @p dec (round to nearest even, as strtod) when the fast
 * paths decide it: Clinger's exact path (w <= 2^53, |q| <= 22) and Eisel-Lemire's 128-bit
 * product. @return 1 with *out set, 0 when the caller must use strtod (truncated digits, an
 * ambiguous product, subnormal, overflow or out-of-table exponents).
 */
int mpol_i_decimal_to_double(const mpol_i_decimal *dec, double *out);

/* strtod(s) for the number text s[0..n) scanned as @p dec, through the fast paths when they
 * decide it (s must be readable by strtod up to a non-number byte). */
double mpol_i_decimal_value(const mpol_i_decimal *dec, const char *s);

/*
 * The rational of a plain decimal [-]D+[.D*] of at most 18 digits (no exponent), in lowest
 * terms, exactly as mpol_rational_parse gives it. @return 1, or 0 when the scan is not of
 * that form (the caller uses mpol_rational_parse).
 */
int mpol_i_decimal_rational(const mpol_i_decimal *dec, mpol_rational *out);

#endif /* MPOL_CORE_DECIMAL_INTERNAL_H */
