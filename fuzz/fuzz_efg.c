/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the libFuzzer target for the Gambit .efg readers: the strategic-form
 * route (mpol_efg_read_string), which parses a game tree and builds its reduced strategic
 * form, and the tree route (mpol_efg_read_tree_string), which builds the game tree itself.
 * The strategic-form limits are lowered (FUZZ_EFG_MAX_PROFILES, FUZZ_EFG_MAX_WORK) so that
 * one input cannot take seconds; inputs over them must be refused with MPOL_ELIMIT. An
 * accepted game must be well formed and survive a round trip through the .nfg writer
 * (fuzz_common.h); an accepted tree must be well formed and survive a round trip through
 * the .efg writer bit for bit. Both routes share one grammar walk, so a syntax error must be
 * reported identically by both.
 */
#include "fuzz_common.h"

/* Small enough that the worst accepted input runs in milliseconds. */
#define FUZZ_EFG_MAX_PROFILES ((size_t)1 << 12)
#define FUZZ_EFG_MAX_WORK ((size_t)1 << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The invariants of a tree the reader returns. */
static void fuzz_check_tree(const mpol_tree *t)
{
    FUZZ_CHECK(t->finalized && t->nnodes >= 1 && t->nplayers >= 1 && t->title != NULL);
    size_t np = t->nplayers;
    for (size_t n = 0; n < t->nnodes; n++) {
        FUZZ_CHECK(n == 0 ? t->parent[n] == MPOL_TREE_NONE : t->parent[n] < n);
        for (size_t p = 0; p < np; p++) {
            FUZZ_CHECK(isfinite(t->payoff[n * np + p]));
            if (t->payoff_exact != NULL && t->type[n] == MPOL_TREE_TERMINAL)
                FUZZ_CHECK(fuzz_close(mpol_rational_to_double(t->payoff_exact[n * np + p]),
                                      t->payoff[n * np + p]));
        }
    }
    for (size_t h = 0; h < t->ninfosets; h++)
        for (size_t a = t->iset_action_off[h]; a < t->iset_action_off[h + 1]; a++) {
            FUZZ_CHECK(t->action_name[a] != NULL);
            for (size_t b = t->iset_action_off[h]; b < a; b++)
                FUZZ_CHECK(strcmp(t->action_name[a], t->action_name[b]) != 0);
        }
}

/* Writes @p t as .efg, reads it back and requires the same tree (doubles bit for bit). */
static void fuzz_check_efg_roundtrip(const mpol_tree *t)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    FUZZ_CHECK(f != NULL);
    mpol_status st = mpol_tree_write_efg(t, f);
    FUZZ_CHECK(fclose(f) == 0);
    if (st != MPOL_OK) { /* only labels Gambit's quoting cannot represent */
        FUZZ_CHECK(st == MPOL_EINVAL || st == MPOL_ENOMEM);
        free(text);
        return;
    }
    mpol_tree *u = NULL;
    st = mpol_efg_read_tree_string(&u, text, len, "roundtrip");
    if (st != MPOL_OK)
        fprintf(stderr, "written text:\n%s\n", text);
    FUZZ_CHECK(st == MPOL_OK);
    size_t np = t->nplayers;
    FUZZ_CHECK(u->nplayers == np && u->nnodes == t->nnodes && u->ninfosets == t->ninfosets &&
               u->nactions == t->nactions && strcmp(u->title, t->title) == 0);
    for (size_t p = 0; p < np; p++)
        FUZZ_CHECK(strcmp(u->players[p], t->players[p]) == 0);
    for (size_t n = 0; n < t->nnodes; n++) {
        FUZZ_CHECK(u->type[n] == t->type[n] && u->parent[n] == t->parent[n] &&
                   u->action[n] == t->action[n] && u->infoset[n] == t->infoset[n]);
        FUZZ_CHECK((u->label[n] == NULL) == (t->label[n] == NULL));
        FUZZ_CHECK(t->label[n] == NULL || strcmp(u->label[n], t->label[n]) == 0);
        for (size_t p = 0; p < np; p++)
            FUZZ_CHECK(memcmp(&u->payoff[n * np + p], &t->payoff[n * np + p], sizeof(double)) == 0);
    }
    for (size_t a = 0; a < t->nactions; a++) {
        FUZZ_CHECK(strcmp(u->action_name[a], t->action_name[a]) == 0);
        FUZZ_CHECK(memcmp(&u->action_prob[a], &t->action_prob[a], sizeof(double)) == 0);
    }
    if (t->payoff_exact != NULL) {
        FUZZ_CHECK(u->payoff_exact != NULL);
        for (size_t n = 0; n < t->nnodes; n++)
            for (size_t p = 0; t->type[n] == MPOL_TREE_TERMINAL && p < np; p++)
                FUZZ_CHECK(u->payoff_exact[n * np + p].num == t->payoff_exact[n * np + p].num &&
                           u->payoff_exact[n * np + p].den == t->payoff_exact[n * np + p].den);
    }
    mpol_tree_free(u);
    free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mpol_efg_opts opts;
    mpol_efg_opts_init(&opts);
    opts.max_profiles = FUZZ_EFG_MAX_PROFILES;
    opts.max_work = FUZZ_EFG_MAX_WORK;
    mpol_game *g = NULL;
    mpol_status st = mpol_efg_read_string(&g, (const char *)data, size, "fuzz.efg", &opts);
    char sf_msg[512] = "";
    if (st != MPOL_OK) {
        fuzz_check_refusal(st, g);
        snprintf(sf_msg, sizeof sf_msg, "%s", mpol_last_error());
    } else {
        FUZZ_CHECK(g->ncells <= FUZZ_EFG_MAX_PROFILES);
        fuzz_check_game(g);
        fuzz_check_nfg_roundtrip(g, MPOL_NFG_PAYOFF);
        mpol_game_free(g);
    }
    mpol_status sf_st = st;

    mpol_tree *t = NULL;
    st = mpol_efg_read_tree_string(&t, (const char *)data, size, "fuzz.efg");
    /* A syntax error comes from the shared grammar walk: the same in both routes. */
    if (sf_st == MPOL_EPARSE || st == MPOL_EPARSE)
        FUZZ_CHECK(st == sf_st && strcmp(mpol_last_error(), sf_msg) == 0);
    if (st != MPOL_OK) {
        FUZZ_CHECK(t == NULL);
        FUZZ_CHECK(st == MPOL_EPARSE || st == MPOL_ENUMERIC || st == MPOL_ELIMIT ||
                   st == MPOL_EINVAL || st == MPOL_ENOMEM);
        FUZZ_CHECK(mpol_last_error() != NULL && mpol_last_error()[0] != '\0');
        return 0;
    }
    fuzz_check_tree(t);
    fuzz_check_efg_roundtrip(t);
    mpol_tree_free(t);
    return 0;
}
