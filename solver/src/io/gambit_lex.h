/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Internal interface shared by the Gambit .nfg and .efg readers and the .nfg writer: the
 * tokenizer with line:column tracking (gambit_lex.c), conversion of number tokens to exact
 * rationals and doubles (gambit_num.c),
 * Gambit's label normalization and whole-file reading. Not installed.
 */
#ifndef MPOL_IO_GAMBIT_LEX_H
#define MPOL_IO_GAMBIT_LEX_H

#include <stdio.h>

#include "multipolar/common.h"
#include "multipolar/game.h"

/** Token kinds of Gambit's savefile lexer. */
typedef enum mpol_i_gbt_tok {
    MPOL_I_GBT_NUMBER, /**< starts with a digit, '-', '+' or '.'; validated on conversion */
    MPOL_I_GBT_TEXT,   /**< a quoted string, unescaped into the token buffer */
    MPOL_I_GBT_SYMBOL, /**< any other run of non-space characters (NFG, R, c, p, t, #...) */
    MPOL_I_GBT_LBRACE,
    MPOL_I_GBT_RBRACE,
    MPOL_I_GBT_COMMA,
    MPOL_I_GBT_EOF
} mpol_i_gbt_tok;

/** Bytes of the window a file is read through (mpol_i_gbt_init_file). */
#define MPOL_I_GBT_WINDOW ((size_t)1 << 16)

/** Lexer state over an in-memory text or a file read through a fixed window. The token
 * buffer (and the window) are owned; free with _done(). */
typedef struct mpol_i_gbt_lexer {
    const char *text; /* the text, or the window: bytes base..base+len of the file */
    size_t len;
    size_t pos;       /* next unread byte of text */
    size_t total;     /* bytes of the whole input (a file's size when it was opened) */
    size_t base;      /* offset of text[0] in the input */
    FILE *file;       /* NULL for an in-memory text */
    char *win;        /* the window's storage */
    long line, col;   /* 1-based position of text[pos] */
    const char *name; /* file name for messages */
    mpol_i_gbt_tok tok;
    long tline, tcol; /* 1-based position of the current token's first byte */
    char *buf;        /* the current token's text (NUL-terminated) */
    size_t buflen, bufcap;
} mpol_i_gbt_lexer;

/** Initializes @p lx over text[0..len); @p name may be NULL ("<string>"). */
void mpol_i_gbt_init(mpol_i_gbt_lexer *lx, const char *text, size_t len, const char *name);

/**
 * Initializes @p lx over the open file @p f of @p size bytes (as far as known: a file that
 * grows is read to its end), read in MPOL_I_GBT_WINDOW blocks; @p name is used in messages.
 * @return MPOL_OK or MPOL_ENOMEM.
 */
mpol_status mpol_i_gbt_init_file(mpol_i_gbt_lexer *lx, FILE *f, size_t size, const char *name);

/** Bytes from the current token's first byte to the end of the input. */
size_t mpol_i_gbt_rest(const mpol_i_gbt_lexer *lx);

/** Frees the token buffer and the window. */
void mpol_i_gbt_done(mpol_i_gbt_lexer *lx);

/** Reads the next token. @return MPOL_OK, MPOL_EPARSE (unterminated string), MPOL_ENOMEM. */
mpol_status mpol_i_gbt_next(mpol_i_gbt_lexer *lx);

/**
 * Reads the next token; when it is a whole decimal number that converts on the fast paths
 * (a rational of 64 bits, a double the fast paths decide) it is converted at once without
 * copying its text: *done = 1, *r and *d set, and the token is consumed (its text is not
 * kept). Otherwise *done = 0 and the token is read as by mpol_i_gbt_next.
 */
mpol_status mpol_i_gbt_next_number(mpol_i_gbt_lexer *lx, mpol_rational *r, double *d, int *done);

/** Records "NAME:LINE:COL: message" at the current token and returns @p status. */
mpol_status mpol_i_gbt_fail(const mpol_i_gbt_lexer *lx, mpol_status status, const char *fmt, ...)
    MPOL_PRINTF(3, 4);

/**
 * Converts the current NUMBER token to an exact rational and a double (the double is the
 * correctly rounded value of the literal). *fits is set to 0 when the literal is valid but
 * does not fit 64-bit rationals (then only *d is meaningful).
 * @return MPOL_OK, MPOL_EPARSE (not a number token, or a spelling Gambit rejects),
 *         MPOL_ENUMERIC (division by zero, or out of double range).
 */
mpol_status mpol_i_gbt_number(const mpol_i_gbt_lexer *lx, const char *what, mpol_rational *r,
                              double *d, int *fits);

/**
 * Converts the current token to a non-negative integer in [lo, hi].
 * @return MPOL_OK or MPOL_EPARSE ("expected WHAT" / "WHAT N out of range lo..hi").
 */
mpol_status mpol_i_gbt_index(const mpol_i_gbt_lexer *lx, const char *what, size_t lo, size_t hi,
                             size_t *out);

/**
 * Gambit's label normalization, in place: every empty label and every label that occurs
 * more than once becomes LABEL_k with the next k for that label such that LABEL_k is not
 * already in use ("" -> "_1", "_2", ...; "x","x" -> "x_1","x_2"). @return MPOL_OK, MPOL_ENOMEM.
 */
mpol_status mpol_i_gbt_normalize_labels(char **labels, size_t n);

/** Reads a whole file into a NUL-terminated buffer (mpol_free it). MPOL_EIO, MPOL_ENOMEM. */
mpol_status mpol_i_gbt_read_file(const char *path, char **text, size_t *len);

/** True if @p s can be written as a Gambit quoted string and read back unchanged. */
int mpol_i_gbt_label_writable(const char *s);

/** Writes @p s as a quoted Gambit string (embedded quotes as \"). */
void mpol_i_gbt_write_label(FILE *out, const char *s);

/**
 * Formats a payoff: "num" or "num/den" from @p exact when non-NULL, else the shortest
 * decimal that reads back to @p d. @p buf needs MPOL_I_GBT_NUMBUF bytes.
 * @return MPOL_OK or MPOL_ENUMERIC (NaN or infinite).
 */
#define MPOL_I_GBT_NUMBUF 48
mpol_status mpol_i_gbt_format_number(char *buf, const mpol_rational *exact, double d);

#endif /* MPOL_IO_GAMBIT_LEX_H */
