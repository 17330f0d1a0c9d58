/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the strategic model kinds (zero-sum, bimatrix, normal-form): their
 * `players:` and `payoffs:` sections, evaluation into an mpol_game (the hot loop of sweeps:
 * one pass over precompiled expressions, no allocation), writing them back as YAML, and
 * mpol_model_from_game(). Entries are stored in Gambit's cell order, cell c holding
 * `per_cell` expressions: one for zero-sum models (the row player's payoff; the column
 * player gets its negation), one per player otherwise.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/name_index_internal.h"
#include "model/expr_internal.h"
#include "model/model_internal.h"
#include "model/suggest_internal.h"
#include "sweep/sweep_internal.h"

/* Missing profiles beyond the number listed that parse_profiles still names one by one. */
#define PROFILE_SLACK 64

/* Strategies of a player looked up by a linear scan rather than a hash index. */
#define STRAT_SCAN 8

/*
 * A growing array in blocks of CHUNK elements (the blocks never move, and no realloc of a
 * large array: with glibc's dynamic mmap threshold, a doubling realloc on the heap can
 * leave the old copy's memory held).
 */
#define CHUNK_SHIFT 10
#define CHUNK ((size_t)1 << CHUNK_SHIFT)

typedef struct chunks {
    unsigned char **blocks;
    size_t nblocks, cap, n; /* blocks held, block pointers allocated, elements */
} chunks;

static void *chunk_at(const chunks *c, size_t esize, size_t i)
{
    return c->blocks[i >> CHUNK_SHIFT] + (i & (CHUNK - 1)) * esize;
}

/* A new element of @p esize bytes (its index c->n - 1), NULL when out of memory. */
static void *chunk_push(chunks *c, size_t esize)
{
    if (c->n == c->nblocks * CHUNK) {
        if (c->nblocks == c->cap) {
            size_t cap = c->cap ? 2 * c->cap : 8;
            unsigned char **b = mpol_realloc(c->blocks, cap * sizeof *b);
            if (b == NULL)
                return NULL;
            c->blocks = b;
            c->cap = cap;
        }
        if ((c->blocks[c->nblocks] = mpol_malloc(CHUNK * esize)) == NULL)
            return NULL;
        c->nblocks++;
    }
    return chunk_at(c, esize, c->n++);
}

static void chunk_free(chunks *c)
{
    for (size_t i = 0; i < c->nblocks; i++)
        mpol_free(c->blocks[i]);
    mpol_free(c->blocks);
    memset(c, 0, sizeof *c);
}

struct dec_entry {
    double k;
    const char *text;
};

typedef struct strat_data {
    size_t nplayers;
    char **players;
    size_t *nstrat;
    char ***strat;
    size_t ncells, per_cell;
    /* ncells * per_cell payoffs: a plain literal as its value (no position, no rational:
     * mpol_i_literal_exact() gives it back from the value), anything else as a NaN whose
     * payload is its index in exprs (literals are finite). 8 bytes a literal payoff. */
    double *val;
    chunks exprs; /* mpol_i_mexpr: the entries that are not plain literals */
    /* struct dec_entry: plain decimals whose value is not written back as the same text
     * ("0.10", 17 digits), as the value and the text (in dtext, blocks of DTEXT_BLOCK). */
    chunks decs;
    chunks rats;  /* mpol_rational: "a/b" constants of a game read from a file (from_game) */
    char **dtext; /* blocks of DTEXT_BLOCK bytes */
    size_t ndtext, dtext_cap;
    size_t dtext_used;      /* bytes used in the last block */
    int all_exact;          /* every entry is a rational literal */
    int lazy_exact;         /* from_game: plain literals whose exactness is not yet known */
    int constant;           /* no entry depends on a parameter */
    mpol_i_name_index seen; /* while parsing players: the names so far (duplicates) */
} strat_data;

static mpol_status oom(void)
{
    return mpol_error(MPOL_ENOMEM, "mpol_model: out of memory");
}

static void strat_free(void *p)
{
    strat_data *d = p;
    if (d == NULL)
        return;
    if (d->strat != NULL) {
        for (size_t i = 0; i < d->nplayers; i++)
            mpol_i_free_strings(d->strat[i], d->nstrat[i]);
    }
    mpol_free(d->strat);
    mpol_free(d->nstrat);
    mpol_i_free_strings(d->players, d->nplayers);
    for (size_t i = 0; i < d->exprs.n; i++)
        mpol_i_mexpr_free(chunk_at(&d->exprs, sizeof(mpol_i_mexpr), i));
    chunk_free(&d->exprs);
    chunk_free(&d->decs);
    chunk_free(&d->rats);
    for (size_t i = 0; i < d->ndtext; i++)
        mpol_free(d->dtext[i]);
    mpol_free(d->dtext);
    mpol_free(d->val);
    mpol_i_name_index_free(&d->seen);
    mpol_free(d);
}

/* Allocates the data for @p nplayers players (names and strategies filled by the caller). */
static mpol_status strat_new(strat_data **out, size_t nplayers)
{
    strat_data *d = mpol_calloc(1, sizeof *d);
    *out = d;
    if (d == NULL)
        return oom();
    d->players = mpol_calloc(nplayers, sizeof *d->players);
    d->nstrat = mpol_calloc(nplayers, sizeof *d->nstrat);
    d->strat = mpol_calloc(nplayers, sizeof *d->strat);
    if (d->players == NULL || d->nstrat == NULL || d->strat == NULL)
        return oom();
    d->nplayers = nplayers;
    return MPOL_OK;
}

/* Strategy profiles of the declared game, SIZE_MAX if that overflows. */
static size_t declared_cells(const strat_data *d)
{
    size_t cells = 1;
    for (size_t p = 0; p < d->nplayers; p++) {
        if (d->nstrat[p] > SIZE_MAX / cells)
            return SIZE_MAX;
        cells *= d->nstrat[p];
    }
    return cells;
}

/* "%zu" of @p cells, or "more than SIZE_MAX - 1" for an overflowed count. */
static const char *cells_text(char *buf, size_t size, size_t cells)
{
    if (cells == SIZE_MAX)
        snprintf(buf, size, "more than %zu", SIZE_MAX - 1);
    else
        snprintf(buf, size, "%zu", cells);
    return buf;
}

/*
 * Checks the declared size against the limits, then allocates the entries. Callers check
 * first that the payoffs written in the file have the declared shape (without allocating),
 * so that a short file declaring a huge game is refused for its missing payoffs before
 * anything of the game's size is allocated. Limits: model-cells (strategy profiles) and
 * game-cells (profiles x players, what mpol_model_game() would allocate).
 */
static mpol_status alloc_entries(strat_data *d, size_t per_cell, const mpol_i_loader *ld,
                                 const mpol_i_ynode *at)
{
    size_t cells = 1, max_cells = mpol_limit_get(MPOL_LIMIT_MODEL_CELLS);
    for (size_t p = 0; p < d->nplayers; p++) {
        if (d->nstrat[p] > max_cells / cells) {
            if (ld != NULL)
                return mpol_i_yerr(ld, at, MPOL_ELIMIT,
                                   "more than %zu strategy profiles (the model-cells limit; "
                                   "raise it with mpol_limit_set or --limit model-cells=N)",
                                   max_cells);
            return mpol_error(MPOL_ELIMIT,
                              "mpol_model: more than %zu strategy profiles (the model-cells "
                              "limit; raise it with mpol_limit_set or --limit model-cells=N)",
                              max_cells);
        }
        cells *= d->nstrat[p];
    }
    size_t max_game = mpol_limit_get(MPOL_LIMIT_GAME_CELLS);
    if (ld != NULL && cells > max_game / d->nplayers)
        return mpol_i_yerr(ld, at, MPOL_ELIMIT,
                           "%zu strategy profiles x %zu players is more than %zu payoff cells "
                           "(the game-cells limit; raise it with mpol_limit_set or --limit "
                           "game-cells=N)",
                           cells, d->nplayers, max_game);
    d->ncells = cells;
    d->per_cell = per_cell;
    d->all_exact = 1;
    d->val = mpol_calloc(cells * per_cell, sizeof *d->val);
    return d->val != NULL ? MPOL_OK : oom();
}

#define BOX_BITS UINT64_C(0x7ff8000000000000)
#define BOX_DEC UINT64_C(0x0004000000000000)   /* the index is in decs, not exprs */
#define BOX_EXACT UINT64_C(0x0002000000000000) /* decs: the text is a rational */
#define BOX_MASK UINT64_C(0x0001ffffffffffff)
#define BOX_RAT UINT64_C(0x8000000000000000) /* the index is in rats (a negative NaN) */

/* The rational constant "a/b" of entry @p i, or NULL if it is none. */
static const mpol_rational *entry_rat(const strat_data *d, size_t i)
{
    double v = d->val[i];
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    if (!isnan(v) || !(bits & BOX_RAT))
        return NULL;
    return chunk_at(&d->rats, sizeof(mpol_rational), bits & BOX_MASK);
}

/* The value of the expression "a/b" (or "-a/b"), as the expression compiler folds it. */
static double rat_value(const mpol_rational *q)
{
    return (double)q->num / (double)q->den;
}

/* The expression of entry @p i, or NULL for a plain literal, decimal or rational constant
 * (its value is val[i], *dec or entry_rat(); @p dec may be NULL). */
static const mpol_i_mexpr *entry_kind(const strat_data *d, size_t i, const struct dec_entry **dec,
                                      int *exact)
{
    double v = d->val[i];
    if (dec != NULL)
        *dec = NULL;
    if (!isnan(v))
        return NULL;
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    if (bits & BOX_RAT)
        return NULL;
    if (bits & BOX_DEC) {
        if (dec != NULL)
            *dec = chunk_at(&d->decs, sizeof **dec, bits & BOX_MASK);
        if (exact != NULL)
            *exact = (bits & BOX_EXACT) != 0;
        return NULL;
    }
    return chunk_at(&d->exprs, sizeof(mpol_i_mexpr), bits & BOX_MASK);
}

static const mpol_i_mexpr *entry_expr(const strat_data *d, size_t i)
{
    return entry_kind(d, i, NULL, NULL);
}

/* The value of entry @p i if it needs no evaluation (a literal or decimal); 0 otherwise. */
static int entry_value(const strat_data *d, size_t i, double *out)
{
    const struct dec_entry *dec;
    if (entry_kind(d, i, &dec, NULL) != NULL)
        return 0;
    const mpol_rational *q = entry_rat(d, i);
    *out = q != NULL ? rat_value(q) : dec != NULL ? dec->k : d->val[i];
    return 1;
}

/* "-"? digits ("." digits)?: a constant whose value is strtod's reading of the text. */
static int is_plain_decimal(const char *t)
{
    t += t[0] == '-';
    size_t i = 0;
    while (t[i] >= '0' && t[i] <= '9')
        i++;
    if (i == 0)
        return 0;
    if (t[i] == '.') {
        size_t j = ++i;
        while (t[i] >= '0' && t[i] <= '9')
            i++;
        if (i == j)
            return 0;
    }
    return t[i] == 0;
}

/* Bytes of a block of decimal texts (a plain decimal's text is at most 32 characters,
 * keep_literal; the expression compiler refuses longer numbers). */
#define DTEXT_BLOCK ((size_t)1 << 14)

/* Stores the plain decimal @p e (its text and value; its expression is freed). */
static mpol_status put_decimal(strat_data *d, size_t i, mpol_i_mexpr *e, double k)
{
    const char *src = mpol_expr_source(e->expr);
    size_t len = strlen(src) + 1;
    if (d->ndtext == 0 || DTEXT_BLOCK - d->dtext_used < len) {
        if (d->ndtext == d->dtext_cap) {
            size_t cap = d->dtext_cap ? 2 * d->dtext_cap : 8;
            char **b = mpol_realloc(d->dtext, cap * sizeof *b);
            if (b == NULL)
                goto nomem;
            d->dtext = b;
            d->dtext_cap = cap;
        }
        if ((d->dtext[d->ndtext] = mpol_malloc(len > DTEXT_BLOCK ? len : DTEXT_BLOCK)) == NULL)
            goto nomem;
        d->ndtext++;
        d->dtext_used = 0;
    }
    struct dec_entry *x = chunk_push(&d->decs, sizeof *x);
    if (x == NULL)
        goto nomem;
    char *t = d->dtext[d->ndtext - 1] + d->dtext_used;
    d->dtext_used += len;
    memcpy(t, src, len);
    x->k = k;
    x->text = t;
    uint64_t bits = BOX_BITS | BOX_DEC | (e->exact_ok ? BOX_EXACT : 0) | (uint64_t)(d->decs.n - 1);
    memcpy(&d->val[i], &bits, sizeof bits);
    mpol_i_mexpr_free(e);
    return MPOL_OK;
nomem:
    mpol_i_mexpr_free(e);
    return oom();
}

/* Stores @p e as entry @p i (taking its expression, if any). */
static mpol_status put_entry(strat_data *d, size_t i, mpol_i_mexpr *e)
{
    d->all_exact &= e->exact_ok;
    if (e->lit) {
        d->val[i] = e->k;
        return MPOL_OK;
    }
    double k;
    if (mpol_i_expr_constant(e->expr, &k) && is_plain_decimal(mpol_expr_source(e->expr)))
        return put_decimal(d, i, e, k);
    mpol_i_mexpr *x = chunk_push(&d->exprs, sizeof *x);
    if (x == NULL) {
        mpol_i_mexpr_free(e);
        return oom();
    }
    uint64_t bits = BOX_BITS | (uint64_t)(d->exprs.n - 1);
    *x = *e;
    memcpy(&d->val[i], &bits, sizeof bits);
    return MPOL_OK;
}

/* Largest integer payoff stored as a plain literal without formatting it: every integer of
 * at most 15 digits is written back by format_double() as the same text (keep_literal). */
#define LIT_INT_MAX INT64_C(999999999999999)

/* mpol_i_literal_exact(), without formatting the integers of at most 15 digits. */
static int literal_exact(double k, mpol_rational *out)
{
    if (k >= (double)-LIT_INT_MAX && k <= (double)LIT_INT_MAX && k == (double)(int64_t)k) {
        out->num = (int64_t)k;
        out->den = 1;
        return 1;
    }
    return mpol_i_literal_exact(k, out);
}

/* The exact value of entry @p i (all_exact: every entry has one). */
static mpol_rational entry_exact(const strat_data *d, size_t i)
{
    const struct dec_entry *dec;
    const mpol_i_mexpr *x = entry_kind(d, i, &dec, NULL);
    mpol_rational r = {0, 1};
    if (x != NULL)
        return x->exact;
    const mpol_rational *q = entry_rat(d, i);
    if (q != NULL)
        return *q;
    if (dec != NULL) {
        /* It parsed at load (BOX_EXACT), so it parses again. */
        if (mpol_rational_parse(&r, dec->text) != MPOL_OK)
            mpol_clear_error();
        return r;
    }
    literal_exact(d->val[i], &r);
    return r;
}

/* Whether the model stores one entry per cell for two players (zero-sum: the column player
 * gets the negation). Not `per_cell == 1`: a one-player normal-form game also stores one
 * entry per cell, and its game has one payoff per cell, not two. */
static int zero_sum_storage(const strat_data *d)
{
    return d->per_cell < d->nplayers;
}

static void finish_flags(strat_data *d)
{
    d->constant = 1;
    for (size_t i = 0; i < d->exprs.n; i++)
        d->constant &= mpol_i_mexpr_is_constant(chunk_at(&d->exprs, sizeof(mpol_i_mexpr), i));
}

/* ---- parsing ---------------------------------------------------------------------------- */

static mpol_status parse_players(const mpol_i_loader *ld, const mpol_i_ynode *root, size_t need,
                                 strat_data **out)
{
    const mpol_i_ynode *pl;
    mpol_status st = mpol_i_yrequire(ld, root, "players", "the model", &pl);
    if (st != MPOL_OK || (st = mpol_i_yexpect_seq(ld, pl, "players")) != MPOL_OK)
        return st;
    if (need > 0 && pl->len != need)
        return mpol_i_yerr(ld, pl, MPOL_EPARSE, "a %s game has %zu players, not %zu%s",
                           mpol_model_kind_name(ld->model->kind), need, (size_t)pl->len,
                           pl->len == 1 ? " (a one-player game is a decision problem: write "
                                          "kind: normal-form)"
                                        : "");
    if (pl->len == 0)
        return mpol_i_yerr(ld, pl, MPOL_EPARSE, "players must not be empty");
    if ((st = strat_new(out, pl->len)) != MPOL_OK)
        return st;
    strat_data *d = *out;
    static const char *const keys[] = {"name", "strategies", NULL};
    for (size_t p = 0; p < pl->len; p++) {
        const mpol_i_ynode *it = &pl->items[p], *name, *strat;
        size_t prev;
        if ((st = mpol_i_yexpect_map(ld, it, "a player")) != MPOL_OK ||
            (st = mpol_i_ycheck_keys(ld, it, keys, "a player")) != MPOL_OK ||
            (st = mpol_i_yrequire(ld, it, "name", "a player", &name)) != MPOL_OK ||
            (st = mpol_i_yrequire(ld, it, "strategies", "a player", &strat)) != MPOL_OK ||
            (st = mpol_i_yname(ld, name, "a player name", &d->players[p])) != MPOL_OK ||
            (st = mpol_i_name_add(&d->seen, d->players[p], name->len, p, &prev)) != MPOL_OK)
            return st;
        if (prev != MPOL_I_NOT_FOUND)
            return mpol_i_yerr(ld, name, MPOL_EPARSE, "duplicate player name \"%s\"",
                               d->players[p]);
        if (strat->type == MPOL_I_YSEQ && strat->len == 0)
            return mpol_i_yerr(ld, strat, MPOL_EPARSE,
                               "player \"%s\" has an empty strategy "
                               "list",
                               d->players[p]);
        if ((st = mpol_i_ynames(ld, strat, "strategies", &d->strat[p], &d->nstrat[p])) != MPOL_OK)
            return st;
    }
    mpol_i_name_index_free(&d->seen);
    return MPOL_OK;
}

/* Compiles payoff @p node into entry @p i. */
static mpol_status entry(const mpol_i_loader *ld, const mpol_i_ynode *node, strat_data *d, size_t i)
{
    mpol_i_mexpr e;
    mpol_status st = mpol_i_mexpr_compile(ld, node, "a payoff", &e);
    if (st != MPOL_OK) {
        mpol_i_mexpr_free(&e);
        return st;
    }
    return put_entry(d, i, &e);
}

/* The shape checks of a matrix (rows, row lengths), before anything is allocated. */
static mpol_status matrix_shape(const mpol_i_loader *ld, const mpol_i_ynode *mat,
                                const strat_data *d, const char *what)
{
    mpol_status st = mpol_i_yexpect_seq(ld, mat, what);
    if (st != MPOL_OK)
        return st;
    size_t m = d->nstrat[0], n = d->nstrat[1];
    if (mat->len != m)
        return mpol_i_yerr(ld, mat, MPOL_EPARSE, "%s has %zu rows but %s has %zu strategies", what,
                           (size_t)mat->len, d->players[0], m);
    for (size_t i = 0; i < m; i++) {
        const mpol_i_ynode *row = &mat->items[i];
        if ((st = mpol_i_yexpect_seq(ld, row, "a row of payoffs")) != MPOL_OK)
            return st;
        if (row->len != n)
            return mpol_i_yerr(ld, row, MPOL_EPARSE,
                               "row %zu of %s has %zu entries but %s has "
                               "%zu strategies",
                               i + 1, what, (size_t)row->len, d->players[1], n);
    }
    return MPOL_OK;
}

/* A matrix with one entry (or pair) per cell of a two-player game, rows = player 1, whose
 * shape matrix_shape has checked. With @p slot >= 0 each entry is one number stored at
 * entries[c*per_cell + slot]; with slot < 0 each entry is a pair [a, b]. */
static mpol_status parse_matrix(const mpol_i_loader *ld, const mpol_i_ynode *mat, strat_data *d,
                                int slot)
{
    mpol_status st;
    size_t m = d->nstrat[0], n = d->nstrat[1];
    for (size_t i = 0; i < m; i++) {
        const mpol_i_ynode *row = &mat->items[i];
        for (size_t j = 0; j < n; j++) {
            const mpol_i_ynode *e = &row->items[j];
            size_t c = i + m * j;
            if (slot >= 0) {
                st = entry(ld, e, d, c * d->per_cell + (size_t)slot);
            } else if (e->type != MPOL_I_YSEQ || e->len != 2) {
                st = mpol_i_yerr(ld, e, MPOL_EPARSE,
                                 "a bimatrix entry must be a pair "
                                 "[row payoff, column payoff]");
            } else if ((st = entry(ld, &e->items[0], d, 2 * c)) == MPOL_OK) {
                st = entry(ld, &e->items[1], d, 2 * c + 1);
            }
            if (st != MPOL_OK)
                return st;
        }
    }
    return MPOL_OK;
}

static mpol_status parse_zero_sum(const mpol_i_loader *ld, mpol_model *m, const mpol_i_ynode *root)
{
    strat_data *d = NULL;
    mpol_status st = parse_players(ld, root, 2, &d);
    m->data = d;
    const mpol_i_ynode *pay;
    if (st != MPOL_OK || (st = mpol_i_yrequire(ld, root, "payoffs", "the model", &pay)) != 0 ||
        (st = matrix_shape(ld, pay, d, "payoffs")) != MPOL_OK ||
        (st = alloc_entries(d, 1, ld, pay)) != MPOL_OK ||
        (st = parse_matrix(ld, pay, d, 0)) != MPOL_OK)
        return st;
    finish_flags(d);
    return MPOL_OK;
}

static mpol_status parse_bimatrix(const mpol_i_loader *ld, mpol_model *m, const mpol_i_ynode *root)
{
    strat_data *d = NULL;
    mpol_status st = parse_players(ld, root, 2, &d);
    m->data = d;
    const mpol_i_ynode *pay;
    if (st != MPOL_OK || (st = mpol_i_yrequire(ld, root, "payoffs", "the model", &pay)) != 0)
        return st;
    if (pay->type == MPOL_I_YMAP) {
        static const char *const keys[] = {"row", "column", NULL};
        const mpol_i_ynode *a, *b;
        if ((st = mpol_i_ycheck_keys(ld, pay, keys, "payoffs")) != MPOL_OK ||
            (st = mpol_i_yrequire(ld, pay, "row", "payoffs", &a)) != MPOL_OK ||
            (st = mpol_i_yrequire(ld, pay, "column", "payoffs", &b)) != MPOL_OK ||
            (st = matrix_shape(ld, a, d, "payoffs.row")) != MPOL_OK ||
            (st = matrix_shape(ld, b, d, "payoffs.column")) != MPOL_OK ||
            (st = alloc_entries(d, 2, ld, pay)) != MPOL_OK ||
            (st = parse_matrix(ld, a, d, 0)) != MPOL_OK ||
            (st = parse_matrix(ld, b, d, 1)) != MPOL_OK)
            return st;
    } else if ((st = matrix_shape(ld, pay, d, "payoffs")) != MPOL_OK ||
               (st = alloc_entries(d, 2, ld, pay)) != MPOL_OK ||
               (st = parse_matrix(ld, pay, d, -1)) != MPOL_OK) {
        return st;
    }
    finish_flags(d);
    return MPOL_OK;
}

static void profile_text(char *buf, size_t size, const strat_data *d, const size_t *prof)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t p = 0; p < d->nplayers && used + 1 < size; p++) {
        int w = snprintf(buf + used, size - used, "%s%s", p ? ", " : "[", d->strat[p][prof[p]]);
        if (w < 0)
            return;
        used += (size_t)w;
    }
    if (used + 1 < size)
        snprintf(buf + used, size - used, "]");
    /* The text ends a line comment: a control character (a newline in a quoted name) would
     * end the comment and leave the rest of the name as YAML. */
    for (char *q = buf; *q != '\0'; q++)
        if ((unsigned char)*q < 0x20 || *q == 0x7f)
            *q = ' ';
}

static mpol_status payoff_vector(const mpol_i_loader *ld, const mpol_i_ynode *v, strat_data *d,
                                 size_t c)
{
    mpol_status st = mpol_i_yexpect_seq(ld, v, "a payoff vector");
    if (st != MPOL_OK)
        return st;
    if (v->len != d->nplayers)
        return mpol_i_yerr(ld, v, MPOL_EPARSE,
                           "a payoff vector needs %zu entr%s (one per "
                           "player), not %zu",
                           d->nplayers, d->nplayers == 1 ? "y" : "ies", (size_t)v->len);
    for (size_t p = 0; p < d->nplayers; p++) {
        if ((st = entry(ld, &v->items[p], d, c * d->nplayers + p)) != MPOL_OK)
            return st;
    }
    return MPOL_OK;
}

static mpol_status parse_profiles(const mpol_i_loader *ld, const mpol_i_ynode *pay, strat_data *d)
{
    static const char *const keys[] = {"profile", "payoff", NULL};
    size_t *prof = mpol_calloc(d->nplayers, sizeof *prof);
    int *line_of = mpol_calloc(d->ncells, sizeof *line_of);
    /* Strategy names by player: a hash index for players with many strategies. */
    mpol_i_name_index *six = mpol_calloc(d->nplayers, sizeof *six);
    mpol_status st = prof != NULL && line_of != NULL && six != NULL ? MPOL_OK : oom();
    for (size_t p = 0; p < d->nplayers && st == MPOL_OK; p++) {
        size_t prev;
        for (size_t k = 0; d->nstrat[p] > STRAT_SCAN && k < d->nstrat[p] && st == MPOL_OK; k++)
            st = mpol_i_name_add(&six[p], d->strat[p][k], strlen(d->strat[p][k]), k, &prev);
    }
    for (size_t i = 0; i < pay->len && st == MPOL_OK; i++) {
        const mpol_i_ynode *it = &pay->items[i], *pr, *po;
        if ((st = mpol_i_yexpect_map(ld, it, "a payoff entry")) != MPOL_OK ||
            (st = mpol_i_ycheck_keys(ld, it, keys, "a payoff entry")) != MPOL_OK ||
            (st = mpol_i_yrequire(ld, it, "profile", "a payoff entry", &pr)) != MPOL_OK ||
            (st = mpol_i_yrequire(ld, it, "payoff", "a payoff entry", &po)) != MPOL_OK ||
            (st = mpol_i_yexpect_seq(ld, pr, "a profile")) != MPOL_OK)
            break;
        if (pr->len != d->nplayers) {
            st = mpol_i_yerr(ld, pr, MPOL_EPARSE,
                             "a profile names one strategy per player "
                             "(%zu), not %zu",
                             d->nplayers, (size_t)pr->len);
            break;
        }
        size_t c = 0, stride = 1;
        for (size_t p = 0; p < d->nplayers && st == MPOL_OK; p++) {
            const mpol_i_ynode *s = &pr->items[p];
            size_t k = 0;
            if (d->nstrat[p] > STRAT_SCAN) {
                k = s->type == MPOL_I_YSCALAR ? mpol_i_name_find(&six[p], s->text, s->len)
                                              : MPOL_I_NOT_FOUND;
                if (k == MPOL_I_NOT_FOUND)
                    k = d->nstrat[p];
            } else {
                while (k < d->nstrat[p] && !mpol_i_yis(s, d->strat[p][k]))
                    k++;
            }
            if (k == d->nstrat[p]) {
                const char *sug =
                    s->type == MPOL_I_YSCALAR
                        ? mpol_i_suggest(s->text, s->len, (const char *const *)d->strat[p],
                                         d->nstrat[p])
                        : NULL;
                st = mpol_i_yerr(ld, s, MPOL_EPARSE, "\"%s\" is not a strategy of %s%s%s%s",
                                 s->type == MPOL_I_YSCALAR ? s->text : "?", d->players[p],
                                 sug ? " (did you mean \"" : "", sug ? sug : "", sug ? "\"?)" : "");
                break;
            }
            prof[p] = k;
            c += k * stride;
            stride *= d->nstrat[p];
        }
        if (st != MPOL_OK)
            break;
        if (line_of[c] != 0) {
            char buf[256];
            profile_text(buf, sizeof buf, d, prof);
            st = mpol_i_yerr(ld, pr, MPOL_EPARSE, "profile %s is given twice (first at line %d)",
                             buf, line_of[c]);
            break;
        }
        line_of[c] = mpol_i_yline(ld, pr);
        st = payoff_vector(ld, po, d, c);
    }
    for (size_t c = 0; st == MPOL_OK && c < d->ncells; c++) {
        if (line_of[c] == 0) {
            char buf[256];
            size_t rest = c;
            for (size_t p = 0; p < d->nplayers; p++) {
                prof[p] = rest % d->nstrat[p];
                rest /= d->nstrat[p];
            }
            profile_text(buf, sizeof buf, d, prof);
            st = mpol_i_yerr(ld, pay, MPOL_EPARSE, "profile %s has no payoff", buf);
        }
    }
    for (size_t p = 0; six != NULL && p < d->nplayers; p++)
        mpol_i_name_index_free(&six[p]);
    mpol_free(six);
    mpol_free(prof);
    mpol_free(line_of);
    return st;
}

static mpol_status parse_normal_form(const mpol_i_loader *ld, mpol_model *m,
                                     const mpol_i_ynode *root)
{
    strat_data *d = NULL;
    mpol_status st = parse_players(ld, root, 0, &d);
    m->data = d;
    const mpol_i_ynode *pay;
    if (st != MPOL_OK || (st = mpol_i_yrequire(ld, root, "payoffs", "the model", &pay)) != 0 ||
        (st = mpol_i_yexpect_seq(ld, pay, "payoffs")) != MPOL_OK)
        return st;
    /* The payoffs present against the declared size, before allocating for the latter. */
    size_t cells = declared_cells(d);
    char buf[64];
    int profiles = pay->len > 0 && pay->items[0].type == MPOL_I_YMAP;
    if (!profiles && pay->len != cells)
        return mpol_i_yerr(ld, pay, MPOL_EPARSE,
                           "payoffs has %zu cells but the game has %s "
                           "strategy profiles",
                           (size_t)pay->len, cells_text(buf, sizeof buf, cells));
    /* A profile list much shorter than the game cannot cover it: refused here rather than
     * after allocating for every profile (a few missing profiles are named one by one by
     * parse_profiles). */
    if (profiles && (size_t)pay->len < cells && cells - pay->len > (size_t)pay->len + PROFILE_SLACK)
        return mpol_i_yerr(ld, pay, MPOL_EPARSE,
                           "payoffs lists %zu profiles but the game has %s strategy profiles, "
                           "each of which needs a payoff",
                           (size_t)pay->len, cells_text(buf, sizeof buf, cells));
    if ((st = alloc_entries(d, d->nplayers, ld, pay)) != MPOL_OK)
        return st;
    if (profiles) {
        st = parse_profiles(ld, pay, d);
    } else {
        for (size_t c = 0; c < d->ncells && st == MPOL_OK; c++)
            st = payoff_vector(ld, &pay->items[c], d, c);
    }
    if (st == MPOL_OK)
        finish_flags(d);
    return st;
}

/* ---- evaluation ------------------------------------------------------------------------- */

static mpol_status strat_check(const mpol_model *m, const double *params)
{
    const strat_data *d = m->data;
    for (size_t i = 0; i < d->ncells * d->per_cell; i++) {
        const mpol_i_mexpr *x = entry_expr(d, i);
        double v;
        mpol_status st = x != NULL ? mpol_i_mexpr_eval(m, x, params, &v) : MPOL_OK;
        if (st != MPOL_OK)
            return st;
    }
    return MPOL_OK;
}

static mpol_status strat_eval_game(const mpol_model *m, const double *params, mpol_game *g)
{
    const strat_data *d = m->data;
    if (g->nplayers != d->nplayers || g->ncells != d->ncells)
        return mpol_error(MPOL_EINVAL,
                          "mpol_model_eval_game: the game does not come from "
                          "this model (%zu players, %zu cells; expected %zu, %zu)",
                          g->nplayers, g->ncells, d->nplayers, d->ncells);
    const double *val = d->val;
    double *pay = g->payoff;
    int col;
    const char *msg;
    size_t bad = 0;
    if (zero_sum_storage(d)) {
        for (size_t c = 0; c < d->ncells; c++) {
            double v = val[c];
            if (isnan(v) && !entry_value(d, c, &v) &&
                mpol_i_mexpr_eval_quiet(entry_expr(d, c), params, &v, &col, &msg) != MPOL_OK) {
                bad = c;
                goto fail;
            }
            pay[2 * c] = v;
            pay[2 * c + 1] = -v;
        }
    } else {
        size_t n = d->ncells * d->per_cell;
        for (size_t i = 0; i < n; i++) {
            pay[i] = val[i];
            if (isnan(pay[i]) && !entry_value(d, i, &pay[i]) &&
                mpol_i_mexpr_eval_quiet(entry_expr(d, i), params, &pay[i], &col, &msg) != MPOL_OK) {
                bad = i;
                goto fail;
            }
        }
    }
    if (g->exact != NULL && !d->constant) {
        mpol_free(g->exact);
        g->exact = NULL;
    }
    return MPOL_OK;
fail:
    return mpol_i_mexpr_eval(m, entry_expr(d, bad), params, &(double){0});
}

static mpol_status strat_game(const mpol_model *m, const double *params, mpol_game **out)
{
    const strat_data *d = m->data;
    mpol_game *g;
    mpol_status st = mpol_game_alloc(&g, d->nplayers, d->nstrat);
    if (st != MPOL_OK)
        return st;
    st = mpol_game_set_title(g, m->title);
    for (size_t p = 0; p < d->nplayers && st == MPOL_OK; p++) {
        st = mpol_game_set_player_name(g, p, d->players[p]);
        for (size_t k = 0; k < d->nstrat[p] && st == MPOL_OK; k++)
            st = mpol_game_set_strategy_name(g, p, k, d->strat[p][k]);
    }
    if (st == MPOL_OK)
        st = strat_eval_game(m, params, g);
    if (st == MPOL_OK && d->all_exact && (st = mpol_game_alloc_exact(g)) == MPOL_OK) {
        for (size_t c = 0; c < d->ncells; c++) {
            if (zero_sum_storage(d)) {
                mpol_rational r = entry_exact(d, c);
                g->exact[2 * c] = r;
                g->exact[2 * c + 1].num = -r.num;
                g->exact[2 * c + 1].den = r.den;
            } else {
                for (size_t p = 0; p < d->nplayers; p++)
                    g->exact[c * d->nplayers + p] = entry_exact(d, c * d->nplayers + p);
            }
        }
    }
    if (st != MPOL_OK) {
        mpol_game_free(g);
        return st;
    }
    *out = g;
    return MPOL_OK;
}

/* ---- writing ---------------------------------------------------------------------------- */

static void write_players(const strat_data *d, FILE *out)
{
    fputs("players:\n", out);
    for (size_t p = 0; p < d->nplayers; p++) {
        fputs("  - name: ", out);
        mpol_i_write_quoted(out, d->players[p]);
        fputs("\n    strategies: [", out);
        for (size_t k = 0; k < d->nstrat[p]; k++) {
            if (k > 0)
                fputs(", ", out);
            mpol_i_write_quoted(out, d->strat[p][k]);
        }
        fputs("]\n", out);
    }
}

static void write_entry(const strat_data *d, size_t i, FILE *out)
{
    const struct dec_entry *dec;
    int exact = 0;
    const mpol_i_mexpr *x = entry_kind(d, i, &dec, &exact);
    const mpol_rational *q = entry_rat(d, i);
    if (x != NULL) {
        mpol_i_mexpr_write(out, x);
    } else if (q != NULL) {
        char buf[48]; /* quoted, as mpol_i_mexpr_write writes an exact "a/b" */
        snprintf(buf, sizeof buf, "%lld/%lld", (long long)q->num, (long long)q->den);
        mpol_i_write_quoted(out, buf);
    } else if (dec != NULL && exact)
        fputs(dec->text, out); /* as mpol_i_mexpr_write */
    else if (dec != NULL)
        mpol_i_write_quoted(out, dec->text);
    else
        mpol_i_write_double(out, d->val[i]); /* the text it was read from (keep_literal) */
}

static void strat_write(const mpol_model *m, FILE *out)
{
    const strat_data *d = m->data;
    write_players(d, out);
    fputs("payoffs:\n", out);
    if (m->kind == MPOL_MODEL_NORMAL_FORM) {
        size_t *prof = mpol_calloc(d->nplayers, sizeof *prof);
        for (size_t c = 0; c < d->ncells; c++) {
            fputs("  - [", out);
            for (size_t p = 0; p < d->nplayers; p++) {
                if (p > 0)
                    fputs(", ", out);
                write_entry(d, c * d->nplayers + p, out);
            }
            fputs("]", out);
            if (prof != NULL) {
                char buf[256];
                size_t rest = c;
                for (size_t p = 0; p < d->nplayers; p++) {
                    prof[p] = rest % d->nstrat[p];
                    rest /= d->nstrat[p];
                }
                profile_text(buf, sizeof buf, d, prof);
                fprintf(out, "  # %s", buf);
            }
            fputc('\n', out);
        }
        mpol_free(prof);
        return;
    }
    size_t rows = d->nstrat[0], cols = d->nstrat[1];
    for (size_t i = 0; i < rows; i++) {
        fputs("  - [", out);
        for (size_t j = 0; j < cols; j++) {
            size_t c = i + rows * j;
            if (j > 0)
                fputs(", ", out);
            if (zero_sum_storage(d)) {
                write_entry(d, c, out);
            } else {
                fputc('[', out);
                write_entry(d, 2 * c, out);
                fputs(", ", out);
                write_entry(d, 2 * c + 1, out);
                fputc(']', out);
            }
        }
        fputs("]\n", out);
    }
}

/* ---- from a game ------------------------------------------------------------------------ */

static int rational_eq_neg(mpol_rational a, mpol_rational b)
{
    return b.num != INT64_MIN && a.num == -b.num && a.den == b.den;
}

/* True if every %.15g..%.17g of @p v is a plain decimal (no exponent): 0, or 1e-4 <= |v| <
 * 1e14 (%g uses an exponent below 1e-4 and from 10^precision up). */
static int plain_range(double v)
{
    return v == 0 || (fabs(v) >= 1e-4 && fabs(v) < 1e14);
}

/* Settles all_exact after from_game's plain literals (lazy_exact): each must be a rational
 * text, as set_exact would have found when compiling it. */
static void settle_lazy_exact(strat_data *d)
{
    mpol_rational r;
    for (size_t i = 0; d->lazy_exact && d->all_exact && i < d->ncells * d->per_cell; i++)
        if (!isnan(d->val[i]) && !literal_exact(d->val[i], &r))
            d->all_exact = 0;
    d->lazy_exact = 0;
}

/* Stores the rational constant @p q (den > 1) as entry @p i. */
static mpol_status put_rational(strat_data *d, size_t i, mpol_rational q)
{
    mpol_rational *x = chunk_push(&d->rats, sizeof *x);
    if (x == NULL)
        return oom();
    *x = q;
    uint64_t bits = BOX_BITS | BOX_RAT | (uint64_t)(d->rats.n - 1);
    memcpy(&d->val[i], &bits, sizeof bits);
    return MPOL_OK;
}

/*
 * Entry @p i of the model from payoff @p gi of the game: the entry that compiling its text
 * ("num", "num/den" or the shortest %.15g..%.17g of the double) gives. The two common
 * cases are stored directly, with the same value, exact value and written text as the
 * compiled text would have: an integer of at most 15 digits (a plain literal) and a
 * fraction (the constant "a/b", whose value the compiler folds to (double)a / (double)b).
 */
static mpol_status game_entry(const mpol_model *m, strat_data *d, const mpol_game *g, size_t gi,
                              size_t i)
{
    char buf[64];
    if (g->exact != NULL) {
        mpol_rational q = g->exact[gi];
        if (q.den == 1 && q.num >= -LIT_INT_MAX && q.num <= LIT_INT_MAX) {
            d->val[i] = (double)q.num;
            return MPOL_OK;
        }
        if (q.den != 1)
            return put_rational(d, i, q);
        snprintf(buf, sizeof buf, "%lld", (long long)q.num);
    } else if (plain_range(g->payoff[gi])) {
        /* Its shortest %.15g..%.17g is a plain decimal that keep_literal keeps as the value;
         * whether that text is a rational is asked only if it can matter (lazy_exact). */
        d->val[i] = g->payoff[gi];
        d->lazy_exact = 1;
        return MPOL_OK;
    } else {
        for (int prec = 15; prec <= 17; prec++) {
            snprintf(buf, sizeof buf, "%.*g", prec, g->payoff[gi]);
            if (strtod(buf, NULL) == g->payoff[gi])
                break;
        }
    }
    mpol_i_mexpr e;
    mpol_status st = mpol_i_mexpr_from_text(m, buf, &e);
    if (st != MPOL_OK) {
        mpol_i_mexpr_free(&e);
        return st;
    }
    return put_entry(d, i, &e);
}

mpol_status mpol_i_strategic_from_game(mpol_model *m, const mpol_game *g)
{
    size_t per_cell = m->kind == MPOL_MODEL_ZERO_SUM ? 1 : g->nplayers;
    strat_data *d = NULL;
    mpol_status st = strat_new(&d, g->nplayers);
    m->data = d;
    for (size_t p = 0; p < g->nplayers && st == MPOL_OK; p++) {
        if ((d->players[p] = mpol_strdup(g->player_names[p])) == NULL ||
            (d->strat[p] = mpol_calloc(g->nstrategies[p], sizeof(char *))) == NULL) {
            st = oom();
            break;
        }
        d->nstrat[p] = g->nstrategies[p];
        for (size_t k = 0; k < g->nstrategies[p]; k++) {
            if ((d->strat[p][k] = mpol_strdup(g->strategy_names[p][k])) == NULL) {
                st = oom();
                break;
            }
        }
    }
    if (st == MPOL_OK)
        st = alloc_entries(d, per_cell, NULL, NULL);
    for (size_t c = 0; st == MPOL_OK && c < d->ncells; c++)
        for (size_t k = 0; k < per_cell && st == MPOL_OK; k++)
            st = game_entry(m, d, g, c * g->nplayers + k, c * per_cell + k);
    if (st == MPOL_OK) {
        settle_lazy_exact(d);
        finish_flags(d);
    }
    return st;
}

mpol_status mpol_model_from_game(mpol_model **out, const mpol_game *g, mpol_model_kind kind)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_model_from_game: NULL argument");
    *out = NULL;
    if (g == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_model_from_game: NULL argument");
    const mpol_i_kind_ops *ops = kind == MPOL_MODEL_ZERO_SUM      ? &mpol_i_kind_zero_sum
                                 : kind == MPOL_MODEL_BIMATRIX    ? &mpol_i_kind_bimatrix
                                 : kind == MPOL_MODEL_NORMAL_FORM ? &mpol_i_kind_normal_form
                                                                  : NULL;
    if (ops == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_model_from_game: kind %s is not a strategic kind",
                          mpol_model_kind_name(kind));
    if (kind != MPOL_MODEL_NORMAL_FORM && g->nplayers != 2)
        return mpol_error(MPOL_EINVAL,
                          "mpol_model_from_game: a %s model needs 2 players, the "
                          "game has %zu",
                          mpol_model_kind_name(kind), g->nplayers);
    if (kind == MPOL_MODEL_ZERO_SUM) {
        for (size_t c = 0; c < g->ncells; c++) {
            int ok = g->exact != NULL ? rational_eq_neg(g->exact[2 * c], g->exact[2 * c + 1])
                                      : g->payoff[2 * c + 1] == -g->payoff[2 * c];
            if (!ok)
                return mpol_error(MPOL_EINVAL,
                                  "mpol_model_from_game: not a zero-sum game "
                                  "(cell %zu: %g and %g)",
                                  c + 1, g->payoff[2 * c], g->payoff[2 * c + 1]);
        }
    }
    mpol_model *m;
    mpol_status st = mpol_i_model_new(&m, g->title[0] != '\0' ? g->title : "<game>");
    if (st != MPOL_OK)
        return st;
    m->kind = kind;
    m->ops = ops;
    mpol_free(m->title);
    if ((m->title = mpol_strdup(g->title)) == NULL)
        st = oom();
    if (st == MPOL_OK)
        st = mpol_i_strategic_from_game(m, g);
    if (st != MPOL_OK) {
        mpol_model_free(m);
        return st;
    }
    *out = m;
    return MPOL_OK;
}

/* ---- kind tables ------------------------------------------------------------------------ */

static const char *const strategic_keys[] = {"players", "payoffs", NULL};

const mpol_i_kind_ops mpol_i_kind_zero_sum = {
    .name = "zero-sum",
    .kind = MPOL_MODEL_ZERO_SUM,
    .keys = strategic_keys,
    .parse = parse_zero_sum,
    .check = strat_check,
    .free = strat_free,
    .write = strat_write,
    .game = strat_game,
    .eval_game = strat_eval_game,
    .sweep = &mpol_i_sweep_zero_sum,
};

const mpol_i_kind_ops mpol_i_kind_bimatrix = {
    .name = "bimatrix",
    .kind = MPOL_MODEL_BIMATRIX,
    .keys = strategic_keys,
    .parse = parse_bimatrix,
    .check = strat_check,
    .free = strat_free,
    .write = strat_write,
    .game = strat_game,
    .eval_game = strat_eval_game,
    .sweep = &mpol_i_sweep_bimatrix,
};

const mpol_i_kind_ops mpol_i_kind_normal_form = {
    .name = "normal-form",
    .kind = MPOL_MODEL_NORMAL_FORM,
    .keys = strategic_keys,
    .parse = parse_normal_form,
    .check = strat_check,
    .free = strat_free,
    .write = strat_write,
    .game = strat_game,
    .eval_game = strat_eval_game,
    .sweep = &mpol_i_sweep_normal_form,
};
