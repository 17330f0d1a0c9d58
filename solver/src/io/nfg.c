/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements reading and writing Gambit .nfg files (strategic-form games), both
 * the payoff version (a flat list of payoffs, player 1's strategy varying fastest) and the
 * outcome version (a list of outcomes, then one outcome index per cell, 0 = null outcome).
 *
 * The grammar and the accepted number spellings are those of Gambit's own parser as
 * described in shared/reference/NFG_FORMAT.md (Gambit 17.0.0-alpha.2, src/games/file.cc):
 * header "NFG 1 R|D title {players} {strategies} [comment]", strategies given as counts or as
 * label lists, no comment syntax, commas only between outcome payoffs, nothing after the
 * body. Empty and duplicate player and strategy labels are renamed as Gambit does.
 * Deviations from Gambit: error positions are the first byte of the offending token (Gambit
 * reports the column after it); a file whose strategy counts give more cells than the file
 * has bytes is refused at the header (it cannot hold the body); "3/-4" is a malformed number
 * (MPOL_EPARSE) while Gambit calls it a division by zero; outcome labels are checked but not
 * kept (mpol_game has no outcomes).
 */
#include "multipolar/nfg.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "core/io_error_internal.h"
#include "io/gambit_lex.h"

/* A growable list of owned strings. */
typedef struct strvec {
    char **v;
    size_t n, cap;
} strvec;

static mpol_status strvec_push(strvec *sv, const char *s)
{
    if (sv->n == sv->cap) {
        size_t cap = sv->cap != 0 ? 2 * sv->cap : 8;
        char **nv = mpol_realloc(sv->v, cap * sizeof *nv);
        if (nv == NULL)
            return mpol_error(MPOL_ENOMEM, "mpol_nfg_read: out of memory");
        sv->v = nv;
        sv->cap = cap;
    }
    char *d = mpol_strdup(s);
    if (d == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_nfg_read: out of memory");
    sv->v[sv->n++] = d;
    return MPOL_OK;
}

static void strvec_free(strvec *sv)
{
    for (size_t i = 0; i < sv->n; i++)
        mpol_free(sv->v[i]);
    mpol_free(sv->v);
    sv->v = NULL;
    sv->n = sv->cap = 0;
}

/* The parser's state; everything here is owned and freed by parse_done(). */
typedef struct nfg_parse {
    mpol_i_gbt_lexer lx;
    char *title, *comment;
    strvec players;
    strvec *strategies; /* one list per player */
    size_t *counts;     /* strategies per player */
    mpol_game *game;
    int exact_ok;        /* every payoff fits 64-bit rationals */
    mpol_rational *orat; /* outcome payoffs, N per outcome */
    double *odbl;
    size_t nout, ocap;
} nfg_parse;

static void parse_done(nfg_parse *ps)
{
    mpol_i_gbt_done(&ps->lx);
    mpol_free(ps->title);
    mpol_free(ps->comment);
    if (ps->strategies != NULL)
        for (size_t p = 0; p < ps->players.n; p++)
            strvec_free(&ps->strategies[p]);
    strvec_free(&ps->players);
    mpol_free(ps->strategies);
    mpol_free(ps->counts);
    mpol_game_free(ps->game);
    mpol_free(ps->orat);
    mpol_free(ps->odbl);
}

#define NEXT(ps)                                                                                   \
    do {                                                                                           \
        if ((st = mpol_i_gbt_next(&(ps)->lx)) != MPOL_OK)                                          \
            return st;                                                                             \
    } while (0)

#define EXPECT(ps, kind, what)                                                                     \
    do {                                                                                           \
        if ((ps)->lx.tok != (kind))                                                                \
            return mpol_i_gbt_fail(&(ps)->lx, MPOL_EPARSE, "expected %s", (what));                 \
    } while (0)

static int tok_is(const mpol_i_gbt_lexer *lx, mpol_i_gbt_tok kind, const char *text)
{
    return lx->tok == kind && strcmp(lx->buf, text) == 0;
}

/* Multiplies the running cell count by k; fails if the file cannot hold that many cells. */
static mpol_status add_cells(nfg_parse *ps, size_t *ncells, size_t k)
{
    if (*ncells > ps->lx.total / k)
        return mpol_i_gbt_fail(&ps->lx, MPOL_EPARSE,
                               "more strategy profiles than the file has bytes; the body "
                               "cannot be complete");
    *ncells *= k;
    return MPOL_OK;
}

/* Reads "NFG 1 R title {players} {strategies} [comment]" up to the body's first token. */
static mpol_status parse_header(nfg_parse *ps)
{
    mpol_status st;
    mpol_i_gbt_lexer *lx = &ps->lx;
    NEXT(ps);
    if (!tok_is(lx, MPOL_I_GBT_SYMBOL, "NFG"))
        return mpol_i_gbt_fail(lx, MPOL_EPARSE, "expecting NFG file type indicator");
    NEXT(ps);
    if (!tok_is(lx, MPOL_I_GBT_NUMBER, "1"))
        return mpol_i_gbt_fail(lx, MPOL_EPARSE, "accepting only NFG version 1");
    NEXT(ps);
    if (!tok_is(lx, MPOL_I_GBT_SYMBOL, "R") && !tok_is(lx, MPOL_I_GBT_SYMBOL, "D"))
        return mpol_i_gbt_fail(lx, MPOL_EPARSE, "accepting only NFG data type R or D");
    NEXT(ps);
    if (lx->tok != MPOL_I_GBT_TEXT)
        return mpol_i_gbt_fail(lx, MPOL_EPARSE, "game title missing");
    if ((ps->title = mpol_strdup(lx->buf)) == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_nfg_read: out of memory");

    NEXT(ps);
    EXPECT(ps, MPOL_I_GBT_LBRACE, "'{'");
    NEXT(ps);
    while (lx->tok == MPOL_I_GBT_TEXT) {
        if ((st = strvec_push(&ps->players, lx->buf)) != MPOL_OK)
            return st;
        NEXT(ps);
    }
    EXPECT(ps, MPOL_I_GBT_RBRACE, "'}'");
    size_t np = ps->players.n;
    if (np == 0)
        return mpol_i_gbt_fail(lx, MPOL_EPARSE, "a game needs at least one player");
    ps->strategies = mpol_calloc(np, sizeof *ps->strategies);
    ps->counts = mpol_calloc(np, sizeof *ps->counts);
    if (ps->strategies == NULL || ps->counts == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_nfg_read: out of memory");

    NEXT(ps);
    EXPECT(ps, MPOL_I_GBT_LBRACE, "'{'");
    NEXT(ps);
    size_t ncells = 1;
    if (lx->tok == MPOL_I_GBT_LBRACE) {
        for (size_t p = 0; p < np; p++) {
            EXPECT(ps, MPOL_I_GBT_LBRACE, "'{'");
            NEXT(ps);
            while (lx->tok == MPOL_I_GBT_TEXT) {
                if ((st = strvec_push(&ps->strategies[p], lx->buf)) != MPOL_OK)
                    return st;
                NEXT(ps);
            }
            EXPECT(ps, MPOL_I_GBT_RBRACE, "'}'");
            if (ps->strategies[p].n == 0)
                return mpol_i_gbt_fail(lx, MPOL_EPARSE, "player %zu has no strategies", p + 1);
            if ((st = add_cells(ps, &ncells, ps->strategies[p].n)) != MPOL_OK)
                return st;
            ps->counts[p] = ps->strategies[p].n;
            if ((st = mpol_i_gbt_normalize_labels(ps->strategies[p].v, ps->strategies[p].n)) !=
                MPOL_OK)
                return st;
            NEXT(ps);
        }
    } else {
        for (size_t p = 0; p < np; p++) {
            size_t k;
            if ((st = mpol_i_gbt_index(lx, "number of strategies", 1, SIZE_MAX, &k)) != MPOL_OK)
                return st;
            if ((st = add_cells(ps, &ncells, k)) != MPOL_OK)
                return st;
            ps->counts[p] = k; /* labels "1".."k": the game's defaults */
            NEXT(ps);
        }
    }
    EXPECT(ps, MPOL_I_GBT_RBRACE, "'}'");
    NEXT(ps);
    if (lx->tok == MPOL_I_GBT_TEXT) {
        if ((ps->comment = mpol_strdup(lx->buf)) == NULL)
            return mpol_error(MPOL_ENOMEM, "mpol_nfg_read: out of memory");
        NEXT(ps);
    }
    return mpol_i_gbt_normalize_labels(ps->players.v, np);
}

/* Allocates the game and moves the names into it. */
static mpol_status build_game(nfg_parse *ps)
{
    mpol_status st = mpol_game_alloc(&ps->game, ps->players.n, ps->counts);
    if (st != MPOL_OK)
        return mpol_i_gbt_fail(&ps->lx, st, "%s", mpol_last_error());
    mpol_game *g = ps->game;
    if ((st = mpol_game_set_title(g, ps->title)) != MPOL_OK)
        return st;
    if (ps->comment != NULL) {
        mpol_free(g->comment);
        g->comment = ps->comment;
        ps->comment = NULL;
    }
    for (size_t p = 0; p < ps->players.n; p++) {
        mpol_free(g->player_names[p]);
        g->player_names[p] = ps->players.v[p];
        ps->players.v[p] = NULL;
        strvec *sv = &ps->strategies[p];
        for (size_t k = 0; k < sv->n; k++) {
            mpol_free(g->strategy_names[p][k]);
            g->strategy_names[p][k] = sv->v[k];
            sv->v[k] = NULL;
        }
    }
    /* Not mpol_game_alloc_exact: its zeroing would touch every page at once, where the
     * body writes every entry in turn (and the array is freed at the first payoff that does
     * not fit, having held only the pages written so far). */
    size_t total = g->ncells * g->nplayers;
    if (total > SIZE_MAX / sizeof *g->exact ||
        (g->exact = mpol_malloc(total * sizeof *g->exact)) == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_nfg_read: out of memory");
    ps->exact_ok = 1;
    return MPOL_OK;
}

/* Converts the current token to payoff number i of the game (or of outcome storage). The
 * game's exact payoffs are freed as soon as one payoff does not fit 64-bit rationals. */
static mpol_status read_payoff(nfg_parse *ps, mpol_rational *r, double *d)
{
    int fits;
    mpol_status st = mpol_i_gbt_number(&ps->lx, "numerical payoff", r, d, &fits);
    if (st == MPOL_OK && !fits && ps->exact_ok) {
        ps->exact_ok = 0;
        mpol_free(ps->game->exact);
        ps->game->exact = NULL;
    }
    return st;
}

static mpol_status parse_payoff_body(nfg_parse *ps)
{
    mpol_status st;
    mpol_game *g = ps->game;
    size_t total = g->ncells * g->nplayers;
    mpol_rational scratch;
    size_t i = 0;
    while (i < total) {
        /* The current token, read by mpol_i_gbt_next: converted with its checks. */
        if ((st = read_payoff(ps, g->exact != NULL ? &g->exact[i] : &scratch, &g->payoff[i])) !=
            MPOL_OK)
            return st;
        /* Then the plain decimals that follow, converted as they are read. */
        int done = 1;
        while (++i < total && done)
            if ((st = mpol_i_gbt_next_number(&ps->lx, g->exact != NULL ? &g->exact[i] : &scratch,
                                             &g->payoff[i], &done)) != MPOL_OK)
                return st;
        if (!done)
            i--; /* payoff i - 1 read but not converted: the loop's head converts it */
        else
            NEXT(ps); /* all converted: the token after the body */
    }
    return MPOL_OK;
}

static mpol_status parse_outcome_body(nfg_parse *ps)
{
    mpol_status st;
    mpol_i_gbt_lexer *lx = &ps->lx;
    mpol_game *g = ps->game;
    size_t np = g->nplayers;
    NEXT(ps);
    while (lx->tok == MPOL_I_GBT_LBRACE) {
        NEXT(ps);
        EXPECT(ps, MPOL_I_GBT_TEXT, "outcome name");
        NEXT(ps);
        if (ps->nout == ps->ocap) {
            size_t cap = ps->ocap != 0 ? 2 * ps->ocap : 16;
            mpol_rational *nr = mpol_realloc(ps->orat, cap * np * sizeof *nr);
            if (nr == NULL)
                return mpol_error(MPOL_ENOMEM, "mpol_nfg_read: out of memory");
            ps->orat = nr;
            double *nd = mpol_realloc(ps->odbl, cap * np * sizeof *nd);
            if (nd == NULL)
                return mpol_error(MPOL_ENOMEM, "mpol_nfg_read: out of memory");
            ps->odbl = nd;
            ps->ocap = cap;
        }
        size_t base = ps->nout * np;
        for (size_t p = 0; p < np; p++) {
            if ((st = read_payoff(ps, &ps->orat[base + p], &ps->odbl[base + p])) != MPOL_OK)
                return st;
            NEXT(ps);
            if (lx->tok == MPOL_I_GBT_COMMA)
                NEXT(ps);
        }
        EXPECT(ps, MPOL_I_GBT_RBRACE, "'}'");
        ps->nout++;
        NEXT(ps);
    }
    EXPECT(ps, MPOL_I_GBT_RBRACE, "'}'");
    NEXT(ps);
    for (size_t c = 0; c < g->ncells; c++) {
        size_t o;
        if ((st = mpol_i_gbt_index(lx, "outcome index", 0, ps->nout, &o)) != MPOL_OK)
            return st;
        for (size_t p = 0; p < np && g->exact != NULL; p++)
            g->exact[c * np + p] = o == 0 ? (mpol_rational){0, 1} : ps->orat[(o - 1) * np + p];
        for (size_t p = 0; p < np; p++) {
            g->payoff[c * np + p] = o == 0 ? 0.0 : ps->odbl[(o - 1) * np + p];
        }
        NEXT(ps);
    }
    return MPOL_OK;
}

static mpol_status parse(nfg_parse *ps)
{
    mpol_status st = parse_header(ps);
    if (st != MPOL_OK)
        return st;
    mpol_i_gbt_lexer *lx = &ps->lx;
    if (lx->tok != MPOL_I_GBT_LBRACE && lx->tok != MPOL_I_GBT_NUMBER)
        return mpol_i_gbt_fail(lx, MPOL_EPARSE, "expecting outcome or payoff");
    /* The payoff version holds profiles x players numbers, each at least one byte and a
     * separator: a body with fewer bytes than payoffs is refused before the game is
     * allocated (the header check only bounds the profiles by the file's size, and a body
     * just a few payoffs short still gets Gambit's "expected numerical payoff" at its end). */
    size_t np = ps->players.n, ncells = 1;
    for (size_t p = 0; p < np; p++)
        ncells *= ps->counts[p];       /* no overflow: add_cells bounded it by the file size */
    size_t rest = mpol_i_gbt_rest(lx); /* from the current token on */
    if (lx->tok == MPOL_I_GBT_NUMBER && ncells > rest / np)
        return mpol_i_gbt_fail(lx, MPOL_EPARSE,
                               "%zu strategy profiles x %zu players need more payoffs than the "
                               "rest of the file can hold",
                               ncells, np);
    if ((st = build_game(ps)) != MPOL_OK)
        return st;
    st = lx->tok == MPOL_I_GBT_LBRACE ? parse_outcome_body(ps) : parse_payoff_body(ps);
    if (st != MPOL_OK)
        return st;
    if (lx->tok != MPOL_I_GBT_EOF)
        return mpol_i_gbt_fail(lx, MPOL_EPARSE, "expected end-of-file");
    if (!ps->exact_ok) {
        mpol_free(ps->game->exact);
        ps->game->exact = NULL;
    }
    return MPOL_OK;
}

mpol_status mpol_nfg_read_string(mpol_game **out, const char *text, size_t len, const char *name)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_nfg_read_string: NULL argument");
    *out = NULL;
    if ((text == NULL && len > 0))
        return mpol_error(MPOL_EINVAL, "mpol_nfg_read_string: NULL argument");
    nfg_parse ps;
    memset(&ps, 0, sizeof ps);
    mpol_i_gbt_init(&ps.lx, text != NULL ? text : "", len, name);
    mpol_status st = parse(&ps);
    if (st == MPOL_OK) {
        *out = ps.game;
        ps.game = NULL;
    }
    parse_done(&ps);
    return st;
}

/* Reads the open file @p f of @p size bytes through the lexer's window: the file's text is
 * never held whole, only the game's arrays and one window. */
static mpol_status read_stream(mpol_game **out, FILE *f, size_t size, const char *path)
{
    nfg_parse ps;
    memset(&ps, 0, sizeof ps);
    mpol_status st = mpol_i_gbt_init_file(&ps.lx, f, size, path);
    if (st == MPOL_OK)
        st = parse(&ps);
    if (ferror(f))
        st = mpol_error(MPOL_EIO, "%s: read error", path);
    if (st == MPOL_OK) {
        *out = ps.game;
        ps.game = NULL;
    }
    parse_done(&ps);
    return st;
}

mpol_status mpol_nfg_read_file(mpol_game **out, const char *path)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_nfg_read_file: NULL argument");
    *out = NULL;
    if (path == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_nfg_read_file: NULL argument");
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return mpol_error(MPOL_EIO, "%s: cannot open: %s", path, strerror(errno));
    long size = -1;
    if (fseek(f, 0, SEEK_END) == 0)
        size = ftell(f);
    if (size >= 0 && fseek(f, 0, SEEK_SET) == 0) {
        mpol_status st = read_stream(out, f, (size_t)size, path);
        fclose(f);
        return st;
    }
    fclose(f); /* not seekable (a pipe): read it whole, as a string */
    char *text;
    size_t len;
    mpol_status st = mpol_i_gbt_read_file(path, &text, &len);
    if (st != MPOL_OK)
        return st;
    st = mpol_nfg_read_string(out, text, len, path);
    mpol_free(text);
    return st;
}

/* Refuses labels that Gambit's reader cannot return unchanged. */
static mpol_status check_label(const char *s, const char *what)
{
    if (!mpol_i_gbt_label_writable(s))
        return mpol_error(MPOL_EINVAL,
                          "mpol_nfg_write: the %s \"%s\" has a backslash before a quote, a "
                          "backslash or the end, which Gambit's syntax cannot represent",
                          what, s);
    return MPOL_OK;
}

mpol_status mpol_nfg_write(const mpol_game *game, FILE *out, mpol_nfg_version version)
{
    if (game == NULL || out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_nfg_write: NULL argument");
    if (version != MPOL_NFG_PAYOFF && version != MPOL_NFG_OUTCOME)
        return mpol_error(MPOL_EINVAL, "mpol_nfg_write: unknown version %d", (int)version);
    mpol_status st;
    if ((st = check_label(game->title, "title")) != MPOL_OK ||
        (st = check_label(game->comment, "comment")) != MPOL_OK)
        return st;
    for (size_t p = 0; p < game->nplayers; p++) {
        if ((st = check_label(game->player_names[p], "player name")) != MPOL_OK)
            return st;
        for (size_t k = 0; k < game->nstrategies[p]; k++)
            if ((st = check_label(game->strategy_names[p][k], "strategy name")) != MPOL_OK)
                return st;
    }
    size_t np = game->nplayers, total = game->ncells * np;
    char num[MPOL_I_GBT_NUMBUF];
    /* Only a non-finite double cannot be written (mpol_i_gbt_format_number's one failure):
     * refused before anything is written. */
    for (size_t i = 0; game->exact == NULL && i < total; i++)
        if (!isfinite(game->payoff[i]))
            return mpol_i_gbt_format_number(num, NULL, game->payoff[i]);

    fputs("NFG 1 R ", out);
    mpol_i_gbt_write_label(out, game->title);
    fputs(" {", out);
    for (size_t p = 0; p < np; p++) {
        fputc(' ', out);
        mpol_i_gbt_write_label(out, game->player_names[p]);
    }
    fputs(" }\n\n{", out);
    for (size_t p = 0; p < np; p++) {
        fputs(p == 0 ? " {" : "\n  {", out);
        for (size_t k = 0; k < game->nstrategies[p]; k++) {
            fputc(' ', out);
            mpol_i_gbt_write_label(out, game->strategy_names[p][k]);
        }
        fputs(" }", out);
    }
    fputs("\n}\n", out);
    mpol_i_gbt_write_label(out, game->comment);
    fputs("\n\n", out);
    if (version == MPOL_NFG_OUTCOME)
        fputs("{\n", out);
    for (size_t c = 0; c < game->ncells; c++) {
        if (version == MPOL_NFG_OUTCOME)
            fputs("{ \"\"", out);
        for (size_t p = 0; p < np; p++) {
            size_t i = c * np + p;
            mpol_i_gbt_format_number(num, game->exact != NULL ? &game->exact[i] : NULL,
                                     game->payoff[i]);
            fprintf(out, "%s%s",
                    p == 0 ? (version == MPOL_NFG_OUTCOME ? " " : "")
                           : (version == MPOL_NFG_OUTCOME ? ", " : " "),
                    num);
        }
        fputs(version == MPOL_NFG_OUTCOME ? " }\n" : "\n", out);
    }
    if (version == MPOL_NFG_OUTCOME) {
        fputs("}\n", out);
        for (size_t c = 0; c < game->ncells; c++)
            fprintf(out, "%zu%s", c + 1, (c + 1) % 20 == 0 || c + 1 == game->ncells ? "\n" : " ");
    }
    if (fflush(out) != 0 || ferror(out))
        return mpol_i_write_failed();
    return MPOL_OK;
}
