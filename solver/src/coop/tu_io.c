/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the reader of TU games stored as a table with one value per line in
 * bitmask order (player 1 = bit 0). The number of values decides the layout: 2^n values
 * start with the empty coalition (whose value must be 0), 2^n - 1 values leave it out (as
 * Benedek's v.txt). The only count that fits both readings is 1, read as the one-player game
 * without the empty set. Blank lines and lines whose first non-blank character is '#' are
 * skipped; each other line must hold exactly one finite number (strtod syntax). Errors are
 * reported as "FILE:LINE:COL: what is wrong".
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/decimal_internal.h"
#include "multipolar/tu.h"

typedef struct value_list {
    double *v;
    size_t len, cap;
    size_t first_line, first_col; /* position of the first value */
} value_list;

static mpol_status push(value_list *l, double x)
{
    if (l->len == l->cap) {
        size_t cap = l->cap > 0 ? 2 * l->cap : 1024;
        double *p = mpol_realloc(l->v, cap * sizeof *p);
        if (p == NULL)
            return mpol_error(MPOL_ENOMEM, "mpol_tu_read_table_file: out of memory");
        l->v = p;
        l->cap = cap;
    }
    l->v[l->len++] = x;
    return MPOL_OK;
}

/* strtod(q, &after) for the value at q (the line ends at eol): the decimal scan when strtod
 * would stop where it stops (a space or the line's end follows), else strtod itself. */
static const char *fast_number(const char *q, const char *eol, double *x)
{
    mpol_i_decimal dec;
    size_t n = mpol_i_decimal_scan(q, (size_t)(eol - q), &dec);
    const char *after = q + n;
    if (n > 0 && (after == eol || *after == ' ' || *after == '\t' || *after == '\r') &&
        mpol_i_decimal_to_double(&dec, x))
        return after;
    char *end;
    *x = strtod(q, &end);
    return end;
}

static mpol_status read_all(const char *path, char **text, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return mpol_error(MPOL_EIO, "%s: cannot open: %s", path, strerror(errno));
    size_t cap = 1 << 16, n = 0;
    char *buf = mpol_malloc(cap);
    mpol_status st = MPOL_OK;
    if (buf == NULL) {
        st = mpol_error(MPOL_ENOMEM, "mpol_tu_read_table_file: out of memory");
        goto done;
    }
    for (;;) {
        if (n + 1 >= cap) {
            char *p = mpol_realloc(buf, 2 * cap);
            if (p == NULL) {
                st = mpol_error(MPOL_ENOMEM, "mpol_tu_read_table_file: out of memory");
                goto done;
            }
            buf = p;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - 1 - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f))
                st = mpol_error(MPOL_EIO, "%s: read error", path);
            break;
        }
    }
done:
    fclose(f);
    if (st != MPOL_OK) {
        mpol_free(buf);
        return st;
    }
    buf[n] = '\0';
    *text = buf;
    *len = n;
    return MPOL_OK;
}

static mpol_status parse(const char *path, const char *text, size_t len, value_list *l)
{
    size_t line = 1;
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (eol == NULL)
            eol = end;
        const char *q = p;
        while (q < eol && (*q == ' ' || *q == '\t' || *q == '\r'))
            q++;
        if (q < eol && *q != '#') {
            if (memchr(q, '\0', (size_t)(eol - q)) != NULL)
                return mpol_error(MPOL_EPARSE, "%s:%zu:%zu: NUL byte in the file", path, line,
                                  (size_t)(q - p) + 1);
            double x;
            const char *after = fast_number(q, eol, &x);
            size_t col = (size_t)(q - p) + 1;
            if (after == q || after > eol)
                return mpol_error(MPOL_EPARSE, "%s:%zu:%zu: expected a number", path, line, col);
            if (!isfinite(x))
                return mpol_error(MPOL_EPARSE, "%s:%zu:%zu: value is not a finite number", path,
                                  line, col);
            const char *r = after;
            while (r < eol && (*r == ' ' || *r == '\t' || *r == '\r'))
                r++;
            if (r < eol)
                return mpol_error(MPOL_EPARSE,
                                  "%s:%zu:%zu: unexpected text after the value (one value per "
                                  "line)",
                                  path, line, (size_t)(r - p) + 1);
            if (l->len >= ((size_t)1 << MPOL_TU_MAX_PLAYERS))
                return mpol_error(MPOL_ELIMIT, "%s:%zu:%zu: more than 2^%d values", path, line, col,
                                  MPOL_TU_MAX_PLAYERS);
            /* The table of the game will hold at least len + 1 doubles. */
            if (l->len >= mpol_limit_get(MPOL_LIMIT_TU_BYTES) / sizeof(double))
                return mpol_error(MPOL_ELIMIT,
                                  "%s:%zu:%zu: more than %zu values, above the tu-bytes limit "
                                  "(raise it with mpol_limit_set(MPOL_LIMIT_TU_BYTES, bytes) or "
                                  "--limit tu-bytes=VALUE)",
                                  path, line, col,
                                  mpol_limit_get(MPOL_LIMIT_TU_BYTES) / sizeof(double));
            if (l->len == 0) {
                l->first_line = line;
                l->first_col = col;
            }
            mpol_status st = push(l, x);
            if (st != MPOL_OK)
                return st;
        }
        p = eol + 1;
        line++;
    }
    return MPOL_OK;
}

mpol_status mpol_tu_read_table_file(mpol_tu_game **out, const char *path)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_tu_read_table_file: out or path is NULL");
    *out = NULL;
    if (path == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_tu_read_table_file: out or path is NULL");
    char *text = NULL;
    size_t len = 0;
    mpol_status st = read_all(path, &text, &len);
    if (st != MPOL_OK)
        return st;
    value_list l = {NULL, 0, 0, 1, 1};
    st = parse(path, text, len, &l);
    /* Count the lines for the end-of-file position of a count error. */
    size_t lines = 1;
    for (size_t i = 0; i < len; i++)
        lines += text[i] == '\n' && i + 1 < len;
    mpol_free(text);
    if (st != MPOL_OK) {
        mpol_free(l.v);
        return st;
    }
    size_t n = 0;
    int with_empty = 0;
    for (size_t k = 1; k <= MPOL_TU_MAX_PLAYERS; k++) {
        size_t m = (size_t)1 << k;
        if (l.len == m - 1) {
            n = k;
            break;
        }
        if (l.len == m) {
            n = k;
            with_empty = 1;
            break;
        }
    }
    if (n == 0) {
        mpol_free(l.v);
        return mpol_error(MPOL_EPARSE,
                          "%s:%zu:1: %zu values; a table needs 2^n (with the empty set) or "
                          "2^n - 1 (without) for n = 1..%d",
                          path, lines, l.len, MPOL_TU_MAX_PLAYERS);
    }
    if (with_empty && l.v[0] != 0.0) {
        double v0 = l.v[0];
        mpol_free(l.v);
        return mpol_error(MPOL_EPARSE,
                          "%s:%zu:%zu: v(empty set) = %g; must be 0 (2^%zu values include the "
                          "empty set)",
                          path, l.first_line, l.first_col, v0, n);
    }
    mpol_tu_game *g;
    st = mpol_tu_alloc(&g, n);
    if (st != MPOL_OK) {
        mpol_free(l.v);
        return st;
    }
    size_t m = (size_t)1 << n;
    g->v[0] = 0;
    for (size_t S = 1; S < m; S++)
        g->v[S] = l.v[with_empty ? S : S - 1];
    mpol_free(l.v);
    *out = g;
    return MPOL_OK;
}
