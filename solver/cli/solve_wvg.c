/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the report of `multipolar solve` for weighted-voting models: the
 * Shapley–Shubik index, the Banzhaf index (normalised and Penrose absolute) per player,
 * veto and dummy players and the minimal winning coalitions (the count, and the list when
 * there are at most TEXT_MAX_MWC), each index with its check. With --exact the counts are
 * exact (GMP): pivot orderings out of n!, swings out of the total, and the fractions in
 * lowest terms; the check is then that the counts sum exactly to their totals. `--method`
 * restricts the report to shapley-shubik, banzhaf or minimal-winning. JSON schema:
 * docs/cooperative.md.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gmp.h>

#include "cli.h"
#include "multipolar/voting.h"

/* Minimal winning coalitions listed one by one (only the count above). */
#define TEXT_MAX_MWC 50

/* Most minimal winning coalitions counted before the report says "more than". */
#define MWC_COUNT_LIMIT 1000000

enum { M_SS = 1, M_BZ = 2, M_MWC = 4, M_ALL = 7 };

typedef struct wvg_report {
    const mpol_model *model;
    const mpol_wvg *g;
    double tol;
    mpol_power_result *ss, *bz;
    int ss_ok, bz_ok;
    double ss_sum_error, bz_sum_error; /* |sum of index - 1|, recomputed here */
    int exact_totals_ok;               /* exact mode: counts sum to their totals */
    int *veto;
    mpol_mwc_list *mwc;
    int mwc_more; /* more than MWC_COUNT_LIMIT */
    int dummy_agree;
    char **ss_frac, **bz_frac, **pen_frac; /* exact mode: reduced fractions */
} wvg_report;

/* "num/den" in lowest terms (malloc'd), or NULL on failure. */
static char *fraction(const char *num, const char *den)
{
    mpq_t q;
    mpq_init(q);
    char *s = NULL;
    if (mpz_set_str(mpq_numref(q), num, 10) == 0 && mpz_set_str(mpq_denref(q), den, 10) == 0 &&
        mpz_sgn(mpq_denref(q)) != 0) {
        mpq_canonicalize(q);
        size_t len = mpz_sizeinbase(mpq_numref(q), 10) + mpz_sizeinbase(mpq_denref(q), 10) + 3;
        if ((s = malloc(len)) != NULL)
            mpq_get_str(s, 10, q);
    }
    mpq_clear(q);
    return s;
}

/* 1 if the decimal counts sum exactly to @p total. */
static int counts_sum_to(char **counts, size_t n, const char *total)
{
    mpz_t sum, x;
    mpz_init(sum);
    mpz_init(x);
    int ok = 1;
    for (size_t i = 0; i < n && ok; i++) {
        ok = mpz_set_str(x, counts[i], 10) == 0;
        mpz_add(sum, sum, x);
    }
    ok = ok && mpz_set_str(x, total, 10) == 0 && mpz_cmp(sum, x) == 0;
    mpz_clear(sum);
    mpz_clear(x);
    return ok;
}

static void free_strings(char **s, size_t n);

/* The players' indices as fractions in lowest terms: counts / denominator, or for the
 * Penrose index (@p penrose) swings / 2^(n-1). NULL on failure. */
static char **fractions(const mpol_power_result *r, int penrose)
{
    char **f = calloc(r->n, sizeof *f);
    char *den = NULL;
    if (f == NULL)
        return NULL;
    if (penrose) {
        mpz_t p;
        mpz_init(p);
        mpz_ui_pow_ui(p, 2, (unsigned long)(r->n - 1));
        if ((den = malloc(mpz_sizeinbase(p, 10) + 2)) != NULL)
            mpz_get_str(den, 10, p);
        mpz_clear(p);
    }
    const char *d = penrose ? den : r->denominator;
    int ok = d != NULL;
    for (size_t i = 0; i < r->n && ok; i++)
        ok = (f[i] = fraction(r->counts[i], d)) != NULL;
    free(den);
    if (!ok) {
        free_strings(f, r->n);
        return NULL;
    }
    return f;
}

static void free_strings(char **s, size_t n)
{
    if (s == NULL)
        return;
    for (size_t i = 0; i < n; i++)
        free(s[i]);
    free(s);
}

static double sum_error(const mpol_power_result *r)
{
    double s = 0;
    for (size_t i = 0; i < r->n; i++)
        s += r->index[i];
    return fabs(s - 1);
}

static int index_ok(const mpol_power_result *r, double sum_err, double tol)
{
    if (r->exact)
        return r->check_error == 0;
    return r->check_error <= tol && sum_err <= tol * (double)r->n;
}

/* ---- text ------------------------------------------------------------------------------- */

static void text_report(const wvg_report *r, int methods)
{
    FILE *out = stdout;
    const mpol_wvg *g = r->g;
    cli_text_header(out, r->model);
    double total = 0;
    for (size_t i = 0; i < g->n; i++)
        total += g->weights[i];
    fprintf(out, "Players: %zu; quota %.10g of total weight %.10g\n\n", g->n, g->quota, total);
    size_t width = 6;
    for (size_t i = 0; i < g->n; i++)
        if (strlen(g->names[i]) > width)
            width = strlen(g->names[i]);
    fprintf(out, "  %-*s  %10s", (int)width, "player", "weight");
    if (methods & M_SS)
        fprintf(out, "  %14s", "Shapley-Shubik");
    if (methods & M_BZ)
        fprintf(out, "  %14s  %14s", "Banzhaf", "Penrose abs.");
    fprintf(out, "  %s\n", r->veto != NULL ? "veto/dummy" : "");
    for (size_t i = 0; i < g->n; i++) {
        fprintf(out, "  %-*s  %10.6g", (int)width, g->names[i], g->weights[i]);
        if (r->ss != NULL)
            fprintf(out, "  %14.10f", r->ss->index[i]);
        if (r->bz != NULL)
            fprintf(out, "  %14.10f  %14.10f", r->bz->index[i], r->bz->absolute[i]);
        const mpol_power_result *pr = r->bz != NULL ? r->bz : r->ss;
        fprintf(out, "  %s%s\n", r->veto != NULL && r->veto[i] ? "veto" : "",
                pr != NULL && pr->dummy[i] ? "dummy" : "");
    }
    if (r->ss_frac != NULL || r->bz_frac != NULL) {
        fprintf(out, "\nExact (GMP):\n  %-*s", (int)width, "player");
        if (r->ss_frac != NULL)
            fprintf(out, "  %22s  %16s", "SS pivots", "SS fraction");
        if (r->bz_frac != NULL)
            fprintf(out, "  %14s  %16s  %16s", "swings", "Banzhaf", "Penrose");
        fputc('\n', out);
        for (size_t i = 0; i < g->n; i++) {
            fprintf(out, "  %-*s", (int)width, g->names[i]);
            if (r->ss_frac != NULL)
                fprintf(out, "  %22s  %16s", r->ss->counts[i], r->ss_frac[i]);
            if (r->bz_frac != NULL)
                fprintf(out, "  %14s  %16s  %16s", r->bz->counts[i], r->bz_frac[i], r->pen_frac[i]);
            fputc('\n', out);
        }
        if (r->ss != NULL)
            fprintf(out, "  pivot orderings in all: %s (= n!)\n", r->ss->denominator);
        if (r->bz != NULL)
            fprintf(out, "  swings in all: %s\n", r->bz->denominator);
    }
    if (r->veto != NULL) {
        fprintf(out, "\nVeto players:");
        int any = 0;
        for (size_t i = 0; i < g->n; i++)
            if (r->veto[i]) {
                fprintf(out, "%s %s", any ? "," : "", g->names[i]);
                any = 1;
            }
        fprintf(out, "%s\n", any ? "" : " none");
    }
    const mpol_power_result *pr = r->bz != NULL ? r->bz : r->ss;
    if (pr != NULL) {
        fprintf(out, "Dummy players:");
        int any = 0;
        for (size_t i = 0; i < g->n; i++)
            if (pr->dummy[i]) {
                fprintf(out, "%s %s", any ? "," : "", g->names[i]);
                any = 1;
            }
        fprintf(out, "%s\n", any ? "" : " none");
    }
    if (methods & M_MWC) {
        if (r->mwc_more) {
            fprintf(out, "Minimal winning coalitions: more than %d (not enumerated)\n",
                    MWC_COUNT_LIMIT);
        } else {
            fprintf(out, "Minimal winning coalitions: %zu\n", r->mwc->count);
            for (size_t c = 0; c < r->mwc->count && r->mwc->count <= TEXT_MAX_MWC; c++) {
                fprintf(out, "  {");
                for (size_t k = r->mwc->offsets[c]; k < r->mwc->offsets[c + 1]; k++)
                    fprintf(out, "%s%s", k > r->mwc->offsets[c] ? ", " : "",
                            g->names[r->mwc->members[k]]);
                fprintf(out, "}\n");
            }
        }
    }
    fprintf(out, "\nChecks (tolerance %g):\n", r->tol);
    if (r->ss != NULL)
        fprintf(out, "  Shapley-Shubik  |sum - 1| = %.3e; %s%.3e  %s\n", r->ss_sum_error,
                r->ss->exact ? "pivot counts sum exactly to n!: error " : "check error ",
                r->ss->check_error, r->ss_ok ? "VERIFIED" : "FAILED");
    if (r->bz != NULL)
        fprintf(out,
                "  Banzhaf         |sum - 1| = %.3e; swing total vs generating function "
                "%s%.3e  %s\n",
                r->bz_sum_error, r->bz->exact ? "(exact) " : "", r->bz->check_error,
                r->bz_ok ? "VERIFIED" : "FAILED");
    if (r->ss != NULL && r->bz != NULL)
        fprintf(out, "  dummy players agree between the two indices  %s\n",
                r->dummy_agree ? "VERIFIED" : "FAILED");
}

/* ---- JSON ------------------------------------------------------------------------------- */

static void json_index(json_writer *w, const char *key, const mpol_power_result *r, double serr,
                       int ok, const char *total_key)
{
    json_key(w, key);
    if (r == NULL) {
        json_null(w);
        return;
    }
    json_object_begin(w);
    json_kv_bool(w, "ok", ok);
    json_kv_number(w, "sum_error", serr);
    json_kv_number(w, "check_error", r->check_error);
    if (r->exact)
        json_kv_string(w, total_key, r->denominator);
    json_object_end(w);
}

static void json_report(const wvg_report *r, int methods, int all_ok)
{
    const mpol_wvg *g = r->g;
    json_writer w;
    json_init(&w, stdout);
    json_object_begin(&w);
    cli_json_header(&w, r->model);
    double total = 0;
    for (size_t i = 0; i < g->n; i++)
        total += g->weights[i];
    json_kv_number(&w, "quota", g->quota);
    json_kv_number(&w, "total_weight", total);
    json_kv_bool(&w, "exact", (r->ss != NULL && r->ss->exact) || (r->bz != NULL && r->bz->exact));
    json_key(&w, "players");
    json_array_begin(&w);
    const mpol_power_result *pr = r->bz != NULL ? r->bz : r->ss;
    for (size_t i = 0; i < g->n; i++) {
        json_object_begin(&w);
        json_kv_string(&w, "name", g->names[i]);
        json_kv_number(&w, "weight", g->weights[i]);
        if (r->ss != NULL) {
            json_kv_number(&w, "shapley_shubik", r->ss->index[i]);
            if (r->ss_frac != NULL) {
                json_kv_string(&w, "ss_pivots", r->ss->counts[i]);
                json_kv_string(&w, "ss_fraction", r->ss_frac[i]);
            }
        }
        if (r->bz != NULL) {
            json_kv_number(&w, "banzhaf", r->bz->index[i]);
            json_kv_number(&w, "penrose_absolute", r->bz->absolute[i]);
            if (r->bz_frac != NULL) {
                json_kv_string(&w, "banzhaf_swings", r->bz->counts[i]);
                json_kv_string(&w, "banzhaf_fraction", r->bz_frac[i]);
                json_kv_string(&w, "penrose_fraction", r->pen_frac[i]);
            }
        }
        if (r->veto != NULL)
            json_kv_bool(&w, "veto", r->veto[i]);
        if (pr != NULL)
            json_kv_bool(&w, "dummy", pr->dummy[i]);
        json_object_end(&w);
    }
    json_array_end(&w);
    json_index(&w, "shapley_shubik", r->ss, r->ss_sum_error, r->ss_ok, "pivot_orderings");
    json_index(&w, "banzhaf", r->bz, r->bz_sum_error, r->bz_ok, "total_swings");
    json_key(&w, "minimal_winning");
    if (!(methods & M_MWC)) {
        json_null(&w);
    } else {
        json_object_begin(&w);
        json_key(&w, "count");
        if (r->mwc_more)
            json_null(&w);
        else
            json_integer(&w, (long long)r->mwc->count);
        json_kv_bool(&w, "complete", !r->mwc_more);
        json_key(&w, "coalitions");
        if (r->mwc_more || r->mwc->count > TEXT_MAX_MWC) {
            json_null(&w);
        } else {
            json_array_begin(&w);
            for (size_t c = 0; c < r->mwc->count; c++) {
                json_array_begin(&w);
                for (size_t k = r->mwc->offsets[c]; k < r->mwc->offsets[c + 1]; k++)
                    json_string(&w, g->names[r->mwc->members[k]]);
                json_array_end(&w);
            }
            json_array_end(&w);
        }
        json_object_end(&w);
    }
    json_kv_bool(&w, "verified", all_ok);
    json_object_end(&w);
    json_finish(&w);
}

static void csv_report(const wvg_report *r)
{
    const mpol_wvg *g = r->g;
    printf("player,weight,shapley_shubik,banzhaf,penrose_absolute,veto,dummy\n");
    const mpol_power_result *pr = r->bz != NULL ? r->bz : r->ss;
    for (size_t i = 0; i < g->n; i++) {
        printf("\"%s\",%.17g,", g->names[i], g->weights[i]);
        if (r->ss != NULL)
            printf("%.17g", r->ss->index[i]);
        if (r->bz != NULL)
            printf(",%.17g,%.17g,", r->bz->index[i], r->bz->absolute[i]);
        else
            printf(",,,");
        printf("%d,%d\n", r->veto != NULL ? r->veto[i] : 0, pr != NULL ? pr->dummy[i] : 0);
    }
}

/* ---- entry ------------------------------------------------------------------------------ */

static int power_fail(mpol_status st)
{
    /* A game too large for the method's limits is a usage error, as a bad weight is. */
    if (st == MPOL_ELIMIT) {
        fprintf(stderr, "multipolar solve: %s\n", mpol_last_error());
        return CLI_EXIT_USAGE;
    }
    return cli_fail("solve", st);
}

int cli_solve_wvg(mpol_model *model, const cli_solve_opts *o)
{
    wvg_report r;
    memset(&r, 0, sizeof r);
    r.model = model;
    r.tol = o->tol;
    int methods = M_ALL, rc = CLI_EXIT_OK;
    if (o->method != NULL) {
        if (strcmp(o->method, "shapley-shubik") == 0 || strcmp(o->method, "ss") == 0)
            methods = M_SS;
        else if (strcmp(o->method, "banzhaf") == 0)
            methods = M_BZ;
        else if (strcmp(o->method, "minimal-winning") == 0 || strcmp(o->method, "mwc") == 0)
            methods = M_MWC;
        else {
            fprintf(stderr,
                    "multipolar solve: weighted-voting methods are shapley-shubik, "
                    "banzhaf, minimal-winning; not '%s'\n",
                    o->method);
            return CLI_EXIT_USAGE;
        }
    }
    mpol_wvg *g = NULL;
    mpol_status st = mpol_model_wvg(model, &g);
    if (st != MPOL_OK)
        return cli_fail("solve", st);
    r.g = g;
    mpol_power_opts po;
    mpol_power_opts_init(&po);
    po.exact = o->exact;
    if ((methods & M_SS) && (st = mpol_power_shapley_shubik(&r.ss, g, &po)) != MPOL_OK &&
        st != MPOL_EVERIFY) {
        rc = power_fail(st);
        goto done;
    }
    if ((methods & M_BZ) && (st = mpol_power_banzhaf(&r.bz, g, &po)) != MPOL_OK &&
        st != MPOL_EVERIFY) {
        rc = power_fail(st);
        goto done;
    }
    if ((r.veto = calloc(g->n, sizeof *r.veto)) == NULL) {
        fprintf(stderr, "multipolar solve: out of memory\n");
        rc = CLI_EXIT_FAILURE;
        goto done;
    }
    if ((st = mpol_wvg_veto_players(r.veto, g)) != MPOL_OK) {
        rc = power_fail(st);
        goto done;
    }
    if (methods & M_MWC) {
        st = mpol_wvg_minimal_winning(&r.mwc, g, MWC_COUNT_LIMIT);
        if (st == MPOL_ELIMIT)
            r.mwc_more = 1;
        else if (st != MPOL_OK) {
            rc = power_fail(st);
            goto done;
        }
    }
    int all_ok = 1;
    if (r.ss != NULL) {
        r.ss_sum_error = sum_error(r.ss);
        r.ss_ok = index_ok(r.ss, r.ss_sum_error, r.tol);
        if (r.ss->exact)
            r.ss_ok &= counts_sum_to(r.ss->counts, g->n, r.ss->denominator);
        all_ok &= r.ss_ok;
    } else if (methods & M_SS) {
        all_ok = 0;
    }
    if (r.bz != NULL) {
        r.bz_sum_error = sum_error(r.bz);
        r.bz_ok = index_ok(r.bz, r.bz_sum_error, r.tol);
        if (r.bz->exact)
            r.bz_ok &= counts_sum_to(r.bz->counts, g->n, r.bz->denominator);
        all_ok &= r.bz_ok;
    } else if (methods & M_BZ) {
        all_ok = 0;
    }
    if (r.ss != NULL && r.bz != NULL) {
        r.dummy_agree = 1;
        for (size_t i = 0; i < g->n; i++)
            r.dummy_agree &= r.ss->dummy[i] == r.bz->dummy[i];
        all_ok &= r.dummy_agree;
    }
    if (r.ss != NULL && r.ss->exact && (r.ss_frac = fractions(r.ss, 0)) == NULL)
        all_ok = 0;
    if (r.bz != NULL && r.bz->exact &&
        ((r.bz_frac = fractions(r.bz, 0)) == NULL || (r.pen_frac = fractions(r.bz, 1)) == NULL))
        all_ok = 0;
    if (o->format == CLI_FORMAT_JSON)
        json_report(&r, methods, all_ok);
    else if (o->format == CLI_FORMAT_CSV)
        csv_report(&r);
    else
        text_report(&r, methods);
    if (!all_ok) {
        fprintf(stderr, "multipolar solve: verification failed\n");
        rc = CLI_EXIT_FAILURE;
    }
done:
    free_strings(r.ss_frac, g->n);
    free_strings(r.bz_frac, g->n);
    free_strings(r.pen_frac, g->n);
    mpol_power_result_free(r.ss);
    mpol_power_result_free(r.bz);
    mpol_mwc_list_free(r.mwc);
    free(r.veto);
    mpol_wvg_free(g);
    return rc;
}
