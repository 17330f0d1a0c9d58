/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the sweep writers: CSV (one row per grid point, formatted in
 * parallel blocks and written in grid order, so the bytes do not depend on the number of
 * threads) and JSON (points, regimes and breakpoints in one document). Names and JSON
 * values go through the report module's one CSV escaper and JSON string/number writers.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "core/io_error_internal.h"
#include "multipolar/report.h"
#include "multipolar/sweep.h"
#include "sweep/sweep_internal.h"

/* Rows formatted per parallel chunk. */
#define CSV_CHUNK 4096

/* Upper bound of one row's length. */
static size_t row_bound(const mpol_sweep_result *r)
{
    return (r->grid.naxes + r->ncols + 2) * (MPOL_I_SWEEP_NUM_MAX + 1) + 56;
}

static size_t put_uint(char *buf, uint64_t u)
{
    char tmp[24];
    size_t n = 0;
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u != 0);
    for (size_t i = 0; i < n; i++)
        buf[i] = tmp[n - 1 - i];
    return n;
}

static size_t format_row(const mpol_sweep_result *r, size_t k, char *buf, int digits)
{
    size_t len = 0;
    for (size_t a = 0; a < r->grid.naxes; a++) {
        len += mpol_i_sweep_format_num(buf + len, r->params[k * r->grid.naxes + a], digits);
        buf[len++] = ',';
    }
    len += mpol_i_sweep_format_num(buf + len, r->value[k], digits);
    for (size_t c = 0; c < r->ncols; c++) {
        buf[len++] = ',';
        len += mpol_i_sweep_format_num(buf + len, r->solution[k * r->ncols + c], digits);
    }
    buf[len++] = ',';
    len += mpol_i_sweep_format_num(buf + len, r->certificate[k], digits);
    buf[len++] = ',';
    buf[len++] = r->verified[k] ? '1' : '0';
    buf[len++] = ',';
    if (r->regime != NULL) {
        if (r->regime[k] != MPOL_SWEEP_NO_REGIME)
            len += put_uint(buf + len, r->regime[k]);
    } else {
        static const char hex[] = "0123456789abcdef";
        for (int i = 15; i >= 0; i--)
            buf[len++] = hex[(r->signature[k] >> (4 * i)) & 0xf];
    }
    /* status: a point without a verified solution is a failed point, in no regime. */
    const char *status = r->verified[k] ? ",ok\n" : ",failed\n";
    size_t sl = strlen(status);
    memcpy(buf + len, status, sl);
    len += sl;
    return len;
}

void mpol_sweep_csv_opts_init(mpol_sweep_csv_opts *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->header = 1;
    opts->digits = 17;
}

mpol_status mpol_sweep_write_csv(const mpol_sweep_result *r, const mpol_model *model, FILE *out,
                                 int header)
{
    mpol_sweep_csv_opts o;
    mpol_sweep_csv_opts_init(&o);
    o.header = header;
    return mpol_sweep_write_csv_opts(r, model, out, &o);
}

mpol_status mpol_sweep_write_csv_opts(const mpol_sweep_result *r, const mpol_model *model,
                                      FILE *out, const mpol_sweep_csv_opts *opts)
{
    mpol_sweep_csv_opts defaults;
    if (opts == NULL) {
        mpol_sweep_csv_opts_init(&defaults);
        opts = &defaults;
    }
    if (opts->digits < 1 || opts->digits > 17)
        return mpol_error(MPOL_EINVAL, "sweep CSV: digits must be 1..17, not %d", opts->digits);
    int digits = opts->digits;
    if (opts->header) {
        for (size_t a = 0; a < r->grid.naxes; a++) {
            mpol_report_csv_field(out, mpol_model_param_name(model, r->grid.param[a]), 0);
            fputc(',', out);
        }
        mpol_report_csv_field(out, r->value_name, 0);
        for (size_t c = 0; c < r->ncols; c++) {
            fputc(',', out);
            mpol_report_csv_field(out, r->colnames[c], 0);
        }
        fputc(',', out);
        mpol_report_csv_field(out, r->certificate_name, 0);
        fputs(",verified,regime,status\n", out);
    }
    int nthreads = 1;
#ifdef _OPENMP
    nthreads = opts->threads > 0 ? opts->threads : omp_get_max_threads();
#endif
    size_t bound = row_bound(r);
    size_t nchunks = (r->npoints + CSV_CHUNK - 1) / CSV_CHUNK;
    /* Two chunks per thread in flight: format a window in parallel, then write it. */
    size_t window = 16;
    char **bufs = mpol_calloc(window, sizeof *bufs);
    size_t *lens = mpol_calloc(window, sizeof *lens);
    if (bufs == NULL || lens == NULL) {
        mpol_free(bufs);
        mpol_free(lens);
        return mpol_error(MPOL_ENOMEM, "sweep CSV: out of memory");
    }
    mpol_status st = MPOL_OK;
    for (size_t w = 0; w < window; w++)
        if ((bufs[w] = mpol_malloc(bound * CSV_CHUNK)) == NULL) {
            st = mpol_error(MPOL_ENOMEM, "sweep CSV: out of memory");
            goto done;
        }
    for (size_t c0 = 0; c0 < nchunks; c0 += window) {
        size_t cn = nchunks - c0 < window ? nchunks - c0 : window;
#pragma omp parallel for schedule(dynamic, 1) num_threads(nthreads)
        for (size_t w = 0; w < cn; w++) {
            size_t lo = (c0 + w) * CSV_CHUNK, hi = lo + CSV_CHUNK;
            if (hi > r->npoints)
                hi = r->npoints;
            size_t len = 0;
            for (size_t k = lo; k < hi; k++)
                len += format_row(r, k, bufs[w] + len, digits);
            lens[w] = len;
        }
        for (size_t w = 0; w < cn; w++)
            if (fwrite(bufs[w], 1, lens[w], out) != lens[w]) {
                st = mpol_i_write_failed();
                goto done;
            }
    }
    if (fflush(out) != 0 || ferror(out))
        st = mpol_i_write_failed();
done:;
    int err = errno;
    for (size_t w = 0; w < window; w++)
        mpol_free(bufs[w]);
    mpol_free(bufs);
    mpol_free(lens);
    errno = err; /* the reason of a write failure, for the caller */
    return st;
}

/* @p n numbers separated by ", " (the inside of a JSON array). */
static void json_nums(FILE *out, const double *x, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            fputs(", ", out);
        mpol_report_json_number(out, x[i]);
    }
}

/* The document up to the breakpoints: model, axes, names, regimes, failed points. */
static void json_head(FILE *out, const mpol_sweep_result *r, const mpol_model *model)
{
    fputs("{\n  \"schema\": \"multipolar/sweep/1\",\n  \"model\": ", out);
    mpol_report_json_string(out, mpol_model_source(model));
    fputs(",\n  \"title\": ", out);
    mpol_report_json_string(out, mpol_model_title(model));
    fputs(",\n  \"kind\": ", out);
    mpol_report_json_string(out, mpol_model_kind_name(mpol_model_get_kind(model)));
    fputs(",\n  \"axes\": [", out);
    for (size_t a = 0; a < r->grid.naxes; a++) {
        fprintf(out, "%s\n    {\"parameter\": ", a ? "," : "");
        mpol_report_json_string(out, mpol_model_param_name(model, r->grid.param[a]));
        fputs(", \"from\": ", out);
        mpol_report_json_number(out, r->grid.from[a]);
        fputs(", \"to\": ", out);
        mpol_report_json_number(out, r->grid.to[a]);
        fprintf(out, ", \"steps\": %zu}", r->grid.steps[a]);
    }
    fputs("\n  ],\n  \"value\": ", out);
    mpol_report_json_string(out, r->value_name);
    fputs(",\n  \"certificate\": ", out);
    mpol_report_json_string(out, r->certificate_name);
    fputs(",\n  \"columns\": [", out);
    for (size_t c = 0; c < r->ncols; c++) {
        if (c)
            fputs(", ", out);
        mpol_report_json_string(out, r->colnames[c]);
    }
    fprintf(out, "],\n  \"unverified_points\": %zu,\n  \"regimes\": [", r->unverified);
    for (size_t g = 0; g < r->nregimes; g++) {
        fprintf(out, "%s\n    {\"id\": %zu, \"structure\": ", g ? "," : "", g);
        mpol_report_json_string(out, r->regime_labels != NULL ? r->regime_labels[g] : NULL);
        fputs("}", out);
    }
    fputs("\n  ],\n  \"failed_points\": [", out);
    for (size_t f = 0; f < r->nfailed; f++) {
        size_t k = r->failed[f];
        fprintf(out, "%s\n    {\"point\": %zu, \"params\": [", f ? "," : "", k);
        json_nums(out, r->params + k * r->grid.naxes, r->grid.naxes);
        fputs("], \"reason\": \"not verified\", \"certificate\": ", out);
        mpol_report_json_number(out, r->certificate[k]);
        fputs("}", out);
    }
}

static void json_breaks(FILE *out, const mpol_sweep_result *r, const mpol_model *model)
{
    fputs("\n  ],\n  \"breakpoints\": [", out);
    for (size_t i = 0; i < r->nbreaks; i++) {
        const mpol_sweep_break *b = &r->breaks[i];
        fprintf(out, "%s\n    {\"parameter\": ", i ? "," : "");
        mpol_report_json_string(out, mpol_model_param_name(model, r->grid.param[b->axis]));
        fputs(", \"at\": ", out);
        mpol_report_json_number(out, b->at);
        fputs(", \"bracket\": [", out);
        mpol_report_json_number(out, b->lo);
        fputs(", ", out);
        mpol_report_json_number(out, b->hi);
        fputs("]", out);
        if (r->grid.naxes == 2) {
            fputs(", \"other_parameter\": ", out);
            mpol_report_json_string(out, mpol_model_param_name(model, r->grid.param[1 - b->axis]));
            fputs(", \"other_value\": ", out);
            mpol_report_json_number(out, b->other);
        }
        fputs(", \"from\": ", out);
        mpol_report_json_string(out, b->from_regime);
        fputs(", \"to\": ", out);
        mpol_report_json_string(out, b->to_regime);
        fputs("}", out);
    }
}

/* The points; MPOL_EIO as soon as the stream has failed (checked every 4096 points). */
static mpol_status json_points(FILE *out, const mpol_sweep_result *r)
{
    fputs("\n  ],\n  \"points\": [", out);
    for (size_t k = 0; k < r->npoints; k++) {
        /* A full disk stops the document early instead of formatting the rest for nothing. */
        if ((k & 4095) == 0 && ferror(out))
            return mpol_i_write_failed();
        fprintf(out, "%s\n    {\"params\": [", k ? "," : "");
        json_nums(out, r->params + k * r->grid.naxes, r->grid.naxes);
        fputs("], \"value\": ", out);
        mpol_report_json_number(out, r->value[k]);
        fputs(", \"solution\": [", out);
        json_nums(out, r->solution + k * r->ncols, r->ncols);
        fputs("], \"certificate\": ", out);
        mpol_report_json_number(out, r->certificate[k]);
        fprintf(out, ", \"verified\": %s", r->verified[k] ? "true" : "false");
        if (r->regime != NULL && r->regime[k] != MPOL_SWEEP_NO_REGIME)
            fprintf(out, ", \"regime\": %zu", r->regime[k]);
        else if (r->regime != NULL)
            fputs(", \"regime\": null", out);
        fprintf(out, ", \"status\": \"%s\"", r->verified[k] ? "ok" : "failed");
        fputs("}", out);
    }
    return MPOL_OK;
}

mpol_status mpol_sweep_write_json(const mpol_sweep_result *r, const mpol_model *model, FILE *out)
{
    json_head(out, r, model);
    json_breaks(out, r, model);
    mpol_status st = json_points(out, r);
    if (st != MPOL_OK)
        return st;
    fputs("\n  ]\n}\n", out);
    if (fflush(out) != 0 || ferror(out))
        return mpol_i_write_failed();
    return MPOL_OK;
}
