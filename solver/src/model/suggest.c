/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements did-you-mean suggestions: the Levenshtein (edit) distance between a
 * misspelt name and each candidate, case-insensitively, accepting a candidate when the
 * distance is small relative to the word's length (only a change of case for names of one
 * or two characters, 1 edit up to four, 2 up to eight, a third of the length beyond).
 */
#include <ctype.h>
#include <string.h>

#include "model/suggest_internal.h"

/* Names longer than this are not compared (the DP row lives on the stack). */
#define SUGGEST_MAX_LEN 64

static size_t edit_distance(const char *a, size_t la, const char *b, size_t lb)
{
    size_t row[SUGGEST_MAX_LEN + 1];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            int same = tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 1]);
            size_t best = diag + (same ? 0 : 1);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

const char *mpol_i_suggest(const char *word, size_t len, const char *const *cands, size_t n)
{
    if (len == 0 || len > SUGGEST_MAX_LEN)
        return NULL;
    size_t limit = len < 3 ? 0 : len < 5 ? 1 : len < 9 ? 2 : len / 3;
    const char *best = NULL;
    size_t best_d = limit + 1;
    for (size_t i = 0; i < n; i++) {
        if (cands[i] == NULL)
            continue;
        size_t lc = strlen(cands[i]);
        if (lc > SUGGEST_MAX_LEN)
            continue;
        size_t d = edit_distance(word, len, cands[i], lc);
        if (d < best_d) {
            best_d = d;
            best = cands[i];
        }
    }
    return best;
}
