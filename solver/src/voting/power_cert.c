/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the certificates of the power indices (voting.h): the indices'
 * sum re-derived from the index vector, the exact counts summed with GMP against their
 * total, the dummies of the two indices compared, the exact fractions in lowest terms, and
 * the small weight sums the reports show.
 */
#include <math.h>
#include <string.h>

#include <gmp.h>

#include "voting/voting_internal.h"

double mpol_wvg_coalition_weight(const mpol_wvg *g, mpol_coalition s)
{
    double w = 0;
    if (g == NULL)
        return 0;
    for (size_t i = 0; i < g->n && i < 32; i++)
        if (s >> i & 1)
            w += g->weights[i];
    return w;
}

double mpol_wvg_total_weight(const mpol_wvg *g)
{
    double w = 0;
    if (g == NULL)
        return 0;
    for (size_t i = 0; i < g->n; i++)
        w += g->weights[i];
    return w;
}

/* 1 if the decimal counts sum exactly to @p total (0 also for a string that is no integer). */
static int counts_sum_to(char *const *counts, size_t n, const char *total)
{
    mpz_t sum, x;
    mpz_init(sum);
    mpz_init(x);
    int ok = total != NULL;
    for (size_t i = 0; i < n && ok; i++) {
        ok = counts[i] != NULL && mpz_set_str(x, counts[i], 10) == 0;
        mpz_add(sum, sum, x);
    }
    ok = ok && mpz_set_str(x, total, 10) == 0 && mpz_cmp(sum, x) == 0;
    mpz_clear(sum);
    mpz_clear(x);
    return ok;
}

mpol_status mpol_power_certify(mpol_power_cert *out, const mpol_power_result *r, double tol)
{
    if (out == NULL || r == NULL || r->index == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_power_certify: NULL argument");
    if (!(tol >= 0))
        return mpol_error(MPOL_EINVAL, "mpol_power_certify: tolerance %g is not >= 0", tol);
    if (r->exact && r->counts == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_power_certify: exact result without counts");
    memset(out, 0, sizeof *out);
    double s = 0;
    for (size_t i = 0; i < r->n; i++)
        s += r->index[i];
    out->sum_error = fabs(s - 1);
    out->check_error = r->check_error;
    out->counts_exact = 1;
    if (r->exact) {
        out->counts_exact = counts_sum_to(r->counts, r->n, r->denominator);
        out->verified = r->check_error == 0 && out->counts_exact;
    } else {
        out->verified = r->check_error <= tol && out->sum_error <= tol * (double)r->n;
    }
    out->max_error = out->sum_error > out->check_error ? out->sum_error : out->check_error;
    if (isnan(out->max_error)) /* NaN in the index */
        out->verified = 0;
    if (!out->verified)
        return mpol_error(MPOL_EVERIFY,
                          "mpol_power_certify: %s index not verified (|sum - 1| = %.3e, check "
                          "error %.3e%s)",
                          r->kind == MPOL_POWER_BANZHAF ? "Banzhaf" : "Shapley-Shubik",
                          out->sum_error, out->check_error,
                          out->counts_exact ? "" : ", exact counts do not sum to their total");
    return MPOL_OK;
}

mpol_status mpol_wvg_power_certify(mpol_wvg_power_cert *out, const mpol_power_result *ss,
                                   const mpol_power_result *bz, double tol)
{
    if (out == NULL || (ss == NULL && bz == NULL))
        return mpol_error(MPOL_EINVAL, "mpol_wvg_power_certify: NULL argument");
    if (ss != NULL && bz != NULL && ss->n != bz->n)
        return mpol_error(MPOL_EINVAL, "mpol_wvg_power_certify: %zu and %zu players", ss->n, bz->n);
    memset(out, 0, sizeof *out);
    out->ss.verified = out->bz.verified = out->ss.counts_exact = out->bz.counts_exact = 1;
    mpol_status st;
    if (ss != NULL && (st = mpol_power_certify(&out->ss, ss, tol)) != MPOL_OK && st != MPOL_EVERIFY)
        return st;
    if (bz != NULL && (st = mpol_power_certify(&out->bz, bz, tol)) != MPOL_OK && st != MPOL_EVERIFY)
        return st;
    out->have_ss = ss != NULL;
    out->have_bz = bz != NULL;
    out->dummies_agree = 1;
    if (ss != NULL && bz != NULL) {
        for (size_t i = 0; i < ss->n; i++)
            out->dummy_mismatch += (ss->dummy[i] != 0) != (bz->dummy[i] != 0);
        out->dummies_agree = out->dummy_mismatch == 0;
    }
    out->verified = out->ss.verified && out->bz.verified && out->dummies_agree;
    out->max_error = out->ss.max_error > out->bz.max_error ? out->ss.max_error : out->bz.max_error;
    if (!out->verified)
        return mpol_error(MPOL_EVERIFY,
                          "mpol_wvg_power_certify: not verified (Shapley-Shubik %s, Banzhaf %s, "
                          "%zu dummies flagged by one index only)",
                          out->ss.verified ? "ok" : "failed", out->bz.verified ? "ok" : "failed",
                          out->dummy_mismatch);
    return MPOL_OK;
}

/* "num/den" in lowest terms through mpol_malloc, or NULL (*bad set for a bad number). */
static char *fraction(const char *num, const mpz_t den, int *bad)
{
    mpq_t q;
    mpq_init(q);
    char *s = NULL;
    if (num != NULL && mpz_set_str(mpq_numref(q), num, 10) == 0 && mpz_sgn(den) != 0) {
        mpz_set(mpq_denref(q), den);
        mpq_canonicalize(q);
        size_t len = mpz_sizeinbase(mpq_numref(q), 10) + mpz_sizeinbase(mpq_denref(q), 10) + 3;
        if ((s = mpol_malloc(len)) != NULL)
            mpq_get_str(s, 10, q);
    } else {
        *bad = 1;
    }
    mpq_clear(q);
    return s;
}

void mpol_power_fractions_free(mpol_power_fractions *f)
{
    if (f == NULL)
        return;
    for (size_t i = 0; i < f->n; i++) {
        if (f->index != NULL)
            mpol_free(f->index[i]);
        if (f->absolute != NULL)
            mpol_free(f->absolute[i]);
    }
    mpol_free(f->index);
    mpol_free(f->absolute);
    mpol_free(f);
}

/* Fills @p f[0..n) with counts[i] / den. 0, or -1 (*bad set for a bad number). */
static int fill(char **f, const mpol_power_result *r, const mpz_t den, int *bad)
{
    for (size_t i = 0; i < r->n; i++)
        if ((f[i] = fraction(r->counts[i], den, bad)) == NULL)
            return -1;
    return 0;
}

mpol_status mpol_power_exact_fractions(mpol_power_fractions **out, const mpol_power_result *r)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_power_exact_fractions: NULL out");
    *out = NULL;
    if (r == NULL || !r->exact || r->counts == NULL || r->denominator == NULL || r->n == 0)
        return mpol_error(MPOL_EINVAL, "mpol_power_exact_fractions: no exact result");
    mpol_power_fractions *f = mpol_calloc(1, sizeof *f);
    if (f == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_power_exact_fractions: out of memory");
    f->n = r->n;
    f->index = mpol_calloc(r->n, sizeof *f->index);
    f->absolute = mpol_calloc(r->n, sizeof *f->absolute);
    mpz_t den, pen;
    mpz_init(den);
    mpz_init(pen);
    int bad = mpz_set_str(den, r->denominator, 10) != 0;
    /* Penrose: swings / 2^(n-1); Shapley-Shubik's absolute index is the index itself. */
    if (r->kind == MPOL_POWER_BANZHAF)
        mpz_ui_pow_ui(pen, 2, (unsigned long)(r->n - 1));
    else
        mpz_set(pen, den);
    int fail = bad || f->index == NULL || f->absolute == NULL || fill(f->index, r, den, &bad) ||
               fill(f->absolute, r, pen, &bad);
    mpz_clear(den);
    mpz_clear(pen);
    if (fail) {
        mpol_power_fractions_free(f);
        return bad ? mpol_error(MPOL_EINVAL, "mpol_power_exact_fractions: a count or the "
                                             "denominator is not a decimal integer, or is 0")
                   : mpol_error(MPOL_ENOMEM, "mpol_power_exact_fractions: out of memory");
    }
    *out = f;
    return MPOL_OK;
}
