/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Shared checks of the libFuzzer targets. A reader may refuse any input, but it must do so
 * cleanly: a documented status, *out left NULL and a message in mpol_last_error(). A game
 * it accepts must be well formed (counts, finite payoffs, exact[] equal to payoff[]) and
 * must survive a round trip through the .nfg writer unchanged. A violated property calls
 * abort(), which libFuzzer reports as a crash and saves the input.
 */
#ifndef MPOL_FUZZ_COMMON_H
#define MPOL_FUZZ_COMMON_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "multipolar.h"

/* Prints what failed and aborts (libFuzzer saves the input as crash-<sha1>). */
#define FUZZ_CHECK(cond)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: fuzz property failed: %s (last error: %s)\n", __FILE__,        \
                    __LINE__, #cond, mpol_last_error());                                           \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

/*
 * exact[] and payoff[] may differ by rounding: the .efg reader sums expected payoffs in
 * doubles, and mpol_rational_to_double() rounds num and den before dividing.
 */
#define FUZZ_EXACT_TOL 1e-9

static inline int fuzz_close(double a, double b)
{
    return fabs(a - b) <= FUZZ_EXACT_TOL * (1.0 + fabs(b));
}

/* A refusal must carry one of the documented statuses and a message. */
static inline void fuzz_check_refusal(mpol_status st, const void *out)
{
    FUZZ_CHECK(out == NULL);
    FUZZ_CHECK(st == MPOL_EPARSE || st == MPOL_ENUMERIC || st == MPOL_ELIMIT || st == MPOL_ENOMEM);
    const char *msg = mpol_last_error();
    FUZZ_CHECK(msg != NULL && msg[0] != '\0');
}

/* The invariants of mpol_game that every reader promises. */
static inline void fuzz_check_game(const mpol_game *g)
{
    FUZZ_CHECK(g->title != NULL && g->comment != NULL);
    FUZZ_CHECK(g->nplayers >= 1);
    size_t cells = 1;
    for (size_t p = 0; p < g->nplayers; p++) {
        FUZZ_CHECK(g->player_names[p] != NULL);
        FUZZ_CHECK(g->nstrategies[p] >= 1);
        for (size_t k = 0; k < g->nstrategies[p]; k++)
            FUZZ_CHECK(g->strategy_names[p][k] != NULL);
        cells *= g->nstrategies[p];
    }
    FUZZ_CHECK(cells == g->ncells);
    for (size_t i = 0; i < g->ncells * g->nplayers; i++) {
        FUZZ_CHECK(isfinite(g->payoff[i]));
        if (g->exact != NULL) {
            FUZZ_CHECK(g->exact[i].den > 0);
            FUZZ_CHECK(fuzz_close(mpol_rational_to_double(g->exact[i]), g->payoff[i]));
        }
    }
}

/* Writes @p g as .nfg (version @p v), reads it back and requires the same game. */
static inline void fuzz_check_nfg_roundtrip(const mpol_game *g, mpol_nfg_version v)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    FUZZ_CHECK(f != NULL);
    mpol_status st = mpol_nfg_write(g, f, v);
    FUZZ_CHECK(fclose(f) == 0);
    /* Only labels Gambit's syntax cannot represent may be refused. */
    if (st != MPOL_OK) {
        FUZZ_CHECK(st == MPOL_EINVAL || st == MPOL_ENOMEM);
        free(text);
        return;
    }
    mpol_game *h = NULL;
    st = mpol_nfg_read_string(&h, text, len, "roundtrip");
    if (st != MPOL_OK)
        fprintf(stderr, "written text:\n%s\n", text);
    FUZZ_CHECK(st == MPOL_OK);
    FUZZ_CHECK(h->nplayers == g->nplayers && h->ncells == g->ncells);
    FUZZ_CHECK(strcmp(h->title, g->title) == 0 && strcmp(h->comment, g->comment) == 0);
    for (size_t p = 0; p < g->nplayers; p++) {
        FUZZ_CHECK(h->nstrategies[p] == g->nstrategies[p]);
        FUZZ_CHECK(strcmp(h->player_names[p], g->player_names[p]) == 0);
        for (size_t k = 0; k < g->nstrategies[p]; k++)
            FUZZ_CHECK(strcmp(h->strategy_names[p][k], g->strategy_names[p][k]) == 0);
    }
    /* Exact payoffs are written exactly, others as the shortest decimal that reads back to
     * the same double. */
    if (g->exact != NULL)
        FUZZ_CHECK(h->exact != NULL);
    for (size_t i = 0; i < g->ncells * g->nplayers; i++) {
        if (g->exact != NULL)
            FUZZ_CHECK(h->exact[i].num == g->exact[i].num && h->exact[i].den == g->exact[i].den);
        else
            FUZZ_CHECK(h->payoff[i] == g->payoff[i]);
    }
    mpol_game_free(h);
    free(text);
}

#endif /* MPOL_FUZZ_COMMON_H */
