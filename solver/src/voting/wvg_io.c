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

#define LINE_MAX_LEN 4096

mpol_status mpol_wvg_read_file(mpol_wvg **out, const char *path, double quota_override)
{
    static const char who[] = "mpol_wvg_read_file";
    *out = NULL;
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return mpol_error(MPOL_EIO, "%s: cannot open: %s", path, strerror(errno));
    char line[LINE_MAX_LEN];
    double *vals = NULL, quota = quota_override;
    size_t nv = 0, cap = 0, lineno = 0;
    int have_quota = quota_override > 0;
    mpol_status st = MPOL_OK;
    while (fgets(line, sizeof line, f) != NULL) {
        lineno++;
        size_t len = strlen(line);
        if (len == sizeof line - 1 && line[len - 1] != '\n' && !feof(f)) {
            st = mpol_error(MPOL_EPARSE, "%s:%zu: line longer than %d characters", path, lineno,
                            LINE_MAX_LEN - 2);
            goto done;
        }
        char *p = line;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '\0' || *p == '\n' || *p == '\r' || *p == '#')
            continue;
        char *end;
        errno = 0;
        double x = strtod(p, &end);
        char *rest = end;
        while (*rest == ' ' || *rest == '\t' || *rest == '\r' || *rest == '\n')
            rest++;
        if (end == p || *rest != '\0' || errno == ERANGE || !isfinite(x) || x < 0) {
            p[strcspn(p, "\r\n")] = '\0';
            st = mpol_error(MPOL_EPARSE, "%s:%zu: '%s' is not a finite non-negative number", path,
                            lineno, p);
            goto done;
        }
        if (!have_quota) {
            if (x <= 0) {
                st = mpol_error(MPOL_EPARSE, "%s:%zu: the quota must be > 0", path, lineno);
                goto done;
            }
            quota = x;
            have_quota = 1;
            continue;
        }
        if (nv == cap) {
            size_t nc = cap ? 2 * cap : 256;
            double *nvals = mpol_realloc(vals, nc * sizeof *nvals);
            if (nvals == NULL) {
                st = mpol_error(MPOL_ENOMEM, "%s: out of memory", who);
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
        st = mpol_error(MPOL_EPARSE, "%s:%zu: no weights", path, lineno);
        goto done;
    }
    mpol_wvg *g;
    if ((st = mpol_wvg_alloc(&g, nv)) != MPOL_OK)
        goto done;
    memcpy(g->weights, vals, nv * sizeof *vals);
    g->quota = quota;
    *out = g;
done:
    mpol_free(vals);
    fclose(f);
    return st;
}
