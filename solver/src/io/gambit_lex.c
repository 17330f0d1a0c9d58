/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the pieces shared by the Gambit .nfg and .efg readers and the .nfg
 * writer: a tokenizer for Gambit's savefile syntax that tracks the 1-based line and column
 * of every token (so that errors point at the offending token), over a text in memory or a
 * file read through a fixed window, with the payoff fast path that converts plain decimals
 * as it reads them; Gambit's normalization of empty and duplicate labels, whole-file reading
 * and label formatting for output. Number tokens are converted in gambit_num.c.
 *
 * The token rules follow Gambit's GameFileLexer (src/games/file.cc, Gambit 17.0.0-alpha.2,
 * read for its behaviour only) and shared/reference/NFG_FORMAT.md. Deviations: a number
 * token extends to the next space, brace, comma or quote, so "0x10" is one (invalid) token
 * instead of "0" followed by a symbol; line numbers also advance inside quoted strings;
 * positions are those of the token's first byte (Gambit reports the column after it).
 */
#include "io/gambit_lex.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/decimal_internal.h"

void mpol_i_gbt_init(mpol_i_gbt_lexer *lx, const char *text, size_t len, const char *name)
{
    memset(lx, 0, sizeof *lx);
    lx->text = text;
    lx->len = len;
    lx->line = 1;
    lx->col = 1;
    lx->name = name != NULL ? name : "<string>";
    lx->tok = MPOL_I_GBT_EOF;
    lx->tline = 1;
    lx->tcol = 1;
    lx->total = len;
}

mpol_status mpol_i_gbt_init_file(mpol_i_gbt_lexer *lx, FILE *f, size_t size, const char *name)
{
    mpol_i_gbt_init(lx, "", 0, name);
    lx->total = size;
    lx->file = f;
    if ((lx->win = mpol_malloc(MPOL_I_GBT_WINDOW)) == NULL)
        return mpol_error(MPOL_ENOMEM, "%s: out of memory", lx->name);
    lx->text = lx->win;
    return MPOL_OK;
}

size_t mpol_i_gbt_rest(const mpol_i_gbt_lexer *lx)
{
    size_t at = lx->base + lx->pos; /* after the current token */
    size_t rest = lx->total > at ? lx->total - at : 0;
    return rest + lx->buflen;
}

/* Makes text[pos] readable, reading the next window of a file: 1, or 0 at the end. */
static int fill(mpol_i_gbt_lexer *lx)
{
    if (lx->pos < lx->len)
        return 1;
    if (lx->file == NULL)
        return 0;
    size_t got = fread(lx->win, 1, MPOL_I_GBT_WINDOW, lx->file);
    lx->base += lx->len;
    lx->len = got;
    lx->pos = 0;
    if (lx->base + got > lx->total)
        lx->total = lx->base + got;
    return got > 0;
}

void mpol_i_gbt_done(mpol_i_gbt_lexer *lx)
{
    mpol_free(lx->win);
    lx->win = NULL;
    mpol_free(lx->buf);
    lx->buf = NULL;
    lx->buflen = lx->bufcap = 0;
}

static int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

/* Consumes one byte, keeping line and column current. */
static int advance(mpol_i_gbt_lexer *lx)
{
    int c = (unsigned char)lx->text[lx->pos++];
    if (c == '\n') {
        lx->line++;
        lx->col = 1;
    } else {
        lx->col++;
    }
    return c;
}

/* Makes room for a token of @p n bytes and its NUL. */
static mpol_status reserve(mpol_i_gbt_lexer *lx, size_t n)
{
    if (n + 1 > lx->bufcap) {
        size_t cap = lx->bufcap != 0 ? lx->bufcap : 64;
        while (cap < n + 1)
            cap *= 2;
        char *nb = mpol_realloc(lx->buf, cap);
        if (nb == NULL)
            return mpol_error(MPOL_ENOMEM, "%s: out of memory", lx->name);
        lx->buf = nb;
        lx->bufcap = cap;
    }
    return MPOL_OK;
}

static mpol_status push_char(mpol_i_gbt_lexer *lx, char c)
{
    if (lx->buflen + 2 > lx->bufcap && reserve(lx, lx->buflen + 1) != MPOL_OK)
        return MPOL_ENOMEM;
    lx->buf[lx->buflen++] = c;
    lx->buf[lx->buflen] = '\0';
    return MPOL_OK;
}

mpol_status mpol_i_gbt_fail(const mpol_i_gbt_lexer *lx, mpol_status status, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return mpol_error(status, "%s:%ld:%ld: %s", lx->name, lx->tline, lx->tcol, msg);
}

/*
 * Reads a quoted string starting at the opening quote. Escapes follow Gambit exactly: \"
 * is a quote; a backslash before any other character is kept together with that character,
 * and a character that follows a backslash itself counts as "after a backslash".
 */
static mpol_status lex_string(mpol_i_gbt_lexer *lx)
{
    mpol_status st;
    advance(lx); /* the opening quote (fill made it readable) */
    int lastslash = 0;
    for (;;) {
        if (!fill(lx))
            return mpol_i_gbt_fail(lx, MPOL_EPARSE,
                                   "end of file encountered when reading string label");
        int a = advance(lx);
        if (a == '"' && !lastslash)
            break;
        if (lastslash && a == '"') {
            st = push_char(lx, '"');
        } else if (lastslash) {
            if ((st = push_char(lx, '\\')) == MPOL_OK)
                st = push_char(lx, (char)a);
        } else if (a != '\\') {
            st = push_char(lx, (char)a);
        } else {
            st = MPOL_OK;
        }
        if (st != MPOL_OK)
            return st;
        lastslash = a == '\\';
    }
    lx->tok = MPOL_I_GBT_TEXT;
    return MPOL_OK;
}

/* Byte classes: white space, and the bytes that end a number token besides space. */
#define CC_SPACE 1
#define CC_BREAK 2
static const unsigned char char_class[256] = {
    [' '] = CC_SPACE,  ['\t'] = CC_SPACE, ['\n'] = CC_SPACE, ['\r'] = CC_SPACE, ['\v'] = CC_SPACE,
    ['\f'] = CC_SPACE, ['{'] = CC_BREAK,  ['}'] = CC_BREAK,  [','] = CC_BREAK,  ['"'] = CC_BREAK,
};

/* Skips white space, window by window, keeping line and column current. */
static void skip_space(mpol_i_gbt_lexer *lx)
{
    do {
        const unsigned char *t = (const unsigned char *)lx->text;
        size_t pos = lx->pos, len = lx->len;
        long line = lx->line, col = lx->col;
        for (; pos < len && (char_class[t[pos]] & CC_SPACE); pos++) {
            if (t[pos] == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        lx->pos = pos;
        lx->line = line;
        lx->col = col;
    } while (lx->pos == lx->len && fill(lx));
}

mpol_status mpol_i_gbt_next(mpol_i_gbt_lexer *lx)
{
    skip_space(lx);
    lx->tline = lx->line;
    lx->tcol = lx->col;
    if (lx->buf == NULL && push_char(lx, ' ') != MPOL_OK)
        return MPOL_ENOMEM;
    lx->buflen = 0;
    lx->buf[0] = '\0';
    if (!fill(lx)) {
        lx->tok = MPOL_I_GBT_EOF;
        return MPOL_OK;
    }
    int c = (unsigned char)lx->text[lx->pos];
    if (c == '{' || c == '}' || c == ',') {
        advance(lx);
        lx->tok = c == '{' ? MPOL_I_GBT_LBRACE : c == '}' ? MPOL_I_GBT_RBRACE : MPOL_I_GBT_COMMA;
        return push_char(lx, (char)c);
    }
    if (c == '"') {
        mpol_status st = lex_string(lx);
        if (st != MPOL_OK)
            lx->tok = MPOL_I_GBT_EOF;
        return st;
    }
    /* A number or symbol: no newline inside, so the column moves by its length. */
    int number = is_digit(c) || c == '-' || c == '+' || c == '.';
    unsigned char stop = number ? CC_SPACE | CC_BREAK : CC_SPACE;
    size_t n = 0; /* bytes copied so far; a window's end may split the token */
    for (;;) {
        const char *t = lx->text + lx->pos;
        size_t k = 0, room = lx->len - lx->pos;
        while (k < room && !(char_class[(unsigned char)t[k]] & stop))
            k++;
        mpol_status st = reserve(lx, n + k);
        if (st != MPOL_OK)
            return st;
        memcpy(lx->buf + n, t, k);
        n += k;
        lx->pos += k;
        lx->col += (long)k;
        if (k < room || !fill(lx))
            break;
    }
    lx->buf[n] = '\0';
    lx->buflen = n;
    lx->tok = number ? MPOL_I_GBT_NUMBER : MPOL_I_GBT_SYMBOL;
    return MPOL_OK;
}

mpol_status mpol_i_gbt_next_number(mpol_i_gbt_lexer *lx, mpol_rational *r, double *d, int *done)
{
    *done = 0;
    skip_space(lx);
    const char *t = lx->text + lx->pos;
    size_t k = 0, room = lx->len - lx->pos;
    if (room > 0 && (is_digit((unsigned char)t[0]) || t[0] == '-' || t[0] == '.')) {
        while (k < room && !(char_class[(unsigned char)t[k]] & (CC_SPACE | CC_BREAK)))
            k++;
        mpol_i_decimal dec;
        /* Inside the window (a file's token may go on in the next one), a whole decimal of
         * Gambit's spellings whose rational and double the fast paths decide. */
        if ((k < room || lx->file == NULL) && mpol_i_decimal_scan(t, k, &dec) == k &&
            (dec.idig > 0 || !dec.has_exp) && mpol_i_decimal_rational(&dec, r) &&
            mpol_i_decimal_to_double(&dec, d)) {
            lx->tline = lx->line;
            lx->tcol = lx->col;
            lx->tok = MPOL_I_GBT_NUMBER;
            if (lx->buf != NULL)
                lx->buf[0] = '\0';
            lx->buflen = 0;
            lx->pos += k;
            lx->col += (long)k;
            *done = 1;
            return MPOL_OK;
        }
    }
    return mpol_i_gbt_next(lx);
}

/* A label with its position, for sorting. */
typedef struct label_ref {
    const char *s;
    size_t i;
} label_ref;

static int cmp_label_ref(const void *a, const void *b)
{
    const label_ref *x = a, *y = b;
    int c = strcmp(x->s, y->s);
    if (c != 0)
        return c;
    return (x->i > y->i) - (x->i < y->i);
}

/* True if s is among the sorted original labels. */
static int in_sorted(const label_ref *sorted, size_t n, const char *s)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(sorted[mid].s, s);
        if (c == 0)
            return 1;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

mpol_status mpol_i_gbt_normalize_labels(char **labels, size_t n)
{
    /* As Gambit's NormalizeLabels: a label is renamed if it is empty or not unique; the
     * copies of one label get LABEL_k with k = 1, 2, ... in order, skipping every k whose
     * name is already in use (an original label or an earlier generated one). Sorting finds
     * the duplicates in O(n log n); only renamed labels pay a scan of the generated ones. */
    if (n == 0)
        return MPOL_OK;
    mpol_status st = MPOL_OK;
    label_ref *sorted = mpol_malloc(n * sizeof *sorted);
    unsigned char *rename = mpol_calloc(n, 1);
    size_t *next = mpol_calloc(n, sizeof *next); /* last k per original label (by index) */
    char **gen = mpol_calloc(n, sizeof *gen);    /* generated names, by position */
    if (sorted == NULL || rename == NULL || next == NULL || gen == NULL) {
        st = mpol_error(MPOL_ENOMEM, "mpol_i_gbt_normalize_labels: out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        sorted[i].s = labels[i];
        sorted[i].i = i;
    }
    qsort(sorted, n, sizeof *sorted, cmp_label_ref);
    /* next[i] = group id of label i: the position in sorted of its first copy. */
    for (size_t a = 0; a < n;) {
        size_t b = a + 1;
        while (b < n && strcmp(sorted[a].s, sorted[b].s) == 0)
            b++;
        for (size_t k = a; k < b; k++) {
            rename[sorted[k].i] = b - a > 1 || sorted[a].s[0] == '\0';
            next[sorted[k].i] = a; /* reuse as the group id for now */
        }
        a = b;
    }
    size_t *last = mpol_calloc(n, sizeof *last); /* last k used, per group id */
    if (last == NULL) {
        st = mpol_error(MPOL_ENOMEM, "mpol_i_gbt_normalize_labels: out of memory");
        goto done;
    }
    for (size_t i = 0; i < n && st == MPOL_OK; i++) {
        if (!rename[i])
            continue;
        size_t g = next[i], base = strlen(labels[i]);
        char *cand = mpol_malloc(base + 24);
        if (cand == NULL) {
            st = mpol_error(MPOL_ENOMEM, "mpol_i_gbt_normalize_labels: out of memory");
            break;
        }
        for (;;) {
            snprintf(cand, base + 24, "%s_%zu", labels[i], ++last[g]);
            int used = in_sorted(sorted, n, cand);
            for (size_t j = 0; j < n && !used; j++)
                used = gen[j] != NULL && strcmp(gen[j], cand) == 0;
            if (!used)
                break;
        }
        gen[i] = cand;
    }
    mpol_free(last);
    if (st == MPOL_OK) {
        for (size_t i = 0; i < n; i++) {
            if (gen[i] != NULL) {
                mpol_free(labels[i]);
                labels[i] = gen[i];
                gen[i] = NULL;
            }
        }
    }
done:
    if (gen != NULL)
        for (size_t i = 0; i < n; i++)
            mpol_free(gen[i]);
    mpol_free(sorted);
    mpol_free(rename);
    mpol_free(next);
    mpol_free(gen);
    return st;
}

mpol_status mpol_i_gbt_read_file(const char *path, char **text, size_t *len)
{
    *text = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return mpol_error(MPOL_EIO, "%s: cannot open: %s", path, strerror(errno));
    size_t cap = 4096, n = 0;
    char *buf = mpol_malloc(cap);
    if (buf == NULL) {
        fclose(f);
        return mpol_error(MPOL_ENOMEM, "%s: out of memory", path);
    }
    for (;;) {
        if (n + 1 >= cap) {
            char *nb = mpol_realloc(buf, 2 * cap);
            if (nb == NULL) {
                mpol_free(buf);
                fclose(f);
                return mpol_error(MPOL_ENOMEM, "%s: out of memory", path);
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - 1 - n, f);
        n += got;
        if (got == 0)
            break;
    }
    int err = ferror(f);
    fclose(f);
    if (err) {
        mpol_free(buf);
        return mpol_error(MPOL_EIO, "%s: read error", path);
    }
    buf[n] = '\0';
    *text = buf;
    *len = n;
    return MPOL_OK;
}

int mpol_i_gbt_label_writable(const char *s)
{
    /* Gambit's reader keeps "\x" as two characters only when x is neither a quote nor a
     * backslash; a backslash before a quote, another backslash or the closing quote cannot
     * be written so that it reads back unchanged. */
    for (const char *p = s; *p != '\0'; p++)
        if (*p == '\\' && (p[1] == '\0' || p[1] == '\\' || p[1] == '"'))
            return 0;
    return 1;
}

void mpol_i_gbt_write_label(FILE *out, const char *s)
{
    fputc('"', out);
    for (const char *p = s; *p != '\0'; p++) {
        if (*p == '"')
            fputc('\\', out);
        fputc(*p, out);
    }
    fputc('"', out);
}
