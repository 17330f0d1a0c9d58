/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the reader of weighted voting games in the csv format of the EPIC
 * power-index test cases: one number per line, the quota first unless the caller gives it.
 * Blank lines, lines starting with '#', trailing spaces and CR line ends are accepted.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "multipolar/voting.h"
#include "voting/voting_internal.h"

#define LINE_MAX_LEN 4096

mpol_status mpol_wvg_read_file(mpol_wvg **out, const char *path, double quota_override)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_wvg_read_file: NULL argument");
    *out = NULL;
    if (path == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_wvg_read_file: NULL argument");
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return mpol_error(MPOL_EIO, "%s: cannot open: %s", path, strerror(errno));
    char line[LINE_MAX_LEN];
    double *vals = NULL, quota = quota_override;
    size_t nv = 0, cap = 0, lineno = 0;
    size_t qline = 0, qcol = 0, wline = 0, wcol = 0; /* quota's and first weight's places */
    int have_quota = quota_override > 0;
    mpol_status st = MPOL_OK;
    while (fgets(line, sizeof line, f) != NULL) {
        lineno++;
        size_t len = strlen(line);
        if (len == sizeof line - 1 && line[len - 1] != '\n' && !feof(f)) {
            st = mpol_error(MPOL_EPARSE, "%s:%zu:%d: line longer than %d characters", path, lineno,
                            LINE_MAX_LEN - 1, LINE_MAX_LEN - 2);
            goto done;
        }
        char *p = line;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '\0' || *p == '\n' || *p == '\r' || *p == '#')
            continue;
        size_t col = (size_t)(p - line) + 1;
        char *end;
        errno = 0;
        double x = strtod(p, &end);
        char *rest = end;
        while (*rest == ' ' || *rest == '\t' || *rest == '\r' || *rest == '\n')
            rest++;
        if (end == p || *rest != '\0' || errno == ERANGE || !isfinite(x) || x < 0) {
            p[strcspn(p, "\r\n")] = '\0';
            st = mpol_error(MPOL_EPARSE, "%s:%zu:%zu: '%s' is not a finite non-negative number",
                            path, lineno, col, p);
            goto done;
        }
        if (!have_quota) {
            if (x <= 0) {
                st =
                    mpol_error(MPOL_EPARSE, "%s:%zu:%zu: the quota must be > 0", path, lineno, col);
                goto done;
            }
            quota = x;
            have_quota = 1;
            qline = lineno;
            qcol = col;
            continue;
        }
        if (mpol_i_wvg_decimals(x) < 0) {
            st = mpol_error(MPOL_EPARSE,
                            "%s:%zu:%zu: weight %zu (%.17g) has more than %d digits after the "
                            "decimal point; scale the weights to integers",
                            path, lineno, col, nv + 1, x, MPOL_WVG_MAX_DECIMALS);
            goto done;
        }
        if (nv == 0) {
            wline = lineno;
            wcol = col;
        }
        if (nv == cap) {
            size_t nc = cap ? 2 * cap : 256;
            double *nvals = mpol_realloc(vals, nc * sizeof *nvals);
            if (nvals == NULL) {
                st = mpol_error(MPOL_ENOMEM, "%s: out of memory", path);
                goto done;
            }
            vals = nvals;
            cap = nc;
        }
        vals[nv++] = x;
    }
    if (ferror(f)) {
        st = mpol_error(MPOL_EIO, "%s: read error", path);
        goto done;
    }
    if (nv == 0) {
        st = mpol_error(MPOL_EPARSE, "%s:%zu:1: no weights (%s)", path, lineno + 1,
                        have_quota ? "the file ends after the quota"
                                   : "the file is empty: expected the quota, then one weight "
                                     "per line");
        goto done;
    }
    mpol_wvg *g;
    if ((st = mpol_wvg_alloc(&g, nv)) != MPOL_OK)
        goto done;
    memcpy(g->weights, vals, nv * sizeof *vals);
    g->quota = quota;
    /* A game where no coalition can win has no power indices: refuse it here, placed. */
    mpol_i_wvg_int gi;
    if ((st = mpol_i_wvg_scale(&gi, g, 1, path)) != MPOL_OK) {
        mpol_wvg_free(g);
        goto done;
    }
    int none = gi.total == 0, over = gi.quota > gi.total;
    mpol_i_wvg_int_clear(&gi);
    if (none || over) {
        double sum = 0;
        for (size_t i = 0; i < nv; i++)
            sum += vals[i];
        mpol_wvg_free(g);
        if (none)
            st = mpol_error(MPOL_EPARSE, "%s:%zu:%zu: every weight is 0: no coalition can win",
                            path, wline, wcol);
        else if (qline > 0)
            st = mpol_error(MPOL_EPARSE,
                            "%s:%zu:%zu: the quota %.17g exceeds the total weight %.17g: no "
                            "coalition can win",
                            path, qline, qcol, quota, sum);
        else
            st = mpol_error(MPOL_EINVAL,
                            "%s: the quota %.17g exceeds the total weight %.17g: no coalition "
                            "can win",
                            path, quota, sum);
        goto done;
    }
    *out = g;
done:
    mpol_free(vals);
    fclose(f);
    return st;
}
