/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the libFuzzer target for the Gambit .nfg reader
 * (mpol_nfg_read_string). The input is passed as is, without a terminating NUL, so any read
 * past its end is caught by AddressSanitizer. An accepted game must be well formed and must
 * read back unchanged after mpol_nfg_write() in both the payoff and the outcome version;
 * a refused one must carry a documented status and a message (fuzz_common.h).
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mpol_game *g = NULL;
    mpol_status st = mpol_nfg_read_string(&g, (const char *)data, size, "fuzz.nfg");
    if (st != MPOL_OK) {
        fuzz_check_refusal(st, g);
        return 0;
    }
    fuzz_check_game(g);
    fuzz_check_nfg_roundtrip(g, MPOL_NFG_PAYOFF);
    fuzz_check_nfg_roundtrip(g, MPOL_NFG_OUTCOME);
    mpol_game_free(g);
    return 0;
}
