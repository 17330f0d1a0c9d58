/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the libFuzzer target for the Gambit .efg reader
 * (mpol_efg_read_string), which parses a game tree and builds its reduced strategic form.
 * The limits are lowered (FUZZ_EFG_MAX_PROFILES, FUZZ_EFG_MAX_WORK) so that one input cannot
 * take seconds; inputs over them must be refused with MPOL_ELIMIT. An accepted game must be
 * well formed and survive a round trip through the .nfg writer (fuzz_common.h).
 */
#include "fuzz_common.h"

/* Small enough that the worst accepted input runs in milliseconds. */
#define FUZZ_EFG_MAX_PROFILES ((size_t)1 << 12)
#define FUZZ_EFG_MAX_WORK ((size_t)1 << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mpol_efg_opts opts;
    mpol_efg_opts_init(&opts);
    opts.max_profiles = FUZZ_EFG_MAX_PROFILES;
    opts.max_work = FUZZ_EFG_MAX_WORK;
    mpol_game *g = NULL;
    mpol_status st = mpol_efg_read_string(&g, (const char *)data, size, "fuzz.efg", &opts);
    if (st != MPOL_OK) {
        fuzz_check_refusal(st, g);
        return 0;
    }
    FUZZ_CHECK(g->ncells <= FUZZ_EFG_MAX_PROFILES);
    fuzz_check_game(g);
    fuzz_check_nfg_roundtrip(g, MPOL_NFG_PAYOFF);
    mpol_game_free(g);
    return 0;
}
