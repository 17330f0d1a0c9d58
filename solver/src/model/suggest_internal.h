/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Did-you-mean suggestions for misspelt names (parameters, keys, players, functions). */
#ifndef MPOL_INTERNAL_SUGGEST_H
#define MPOL_INTERNAL_SUGGEST_H

#include <stddef.h>

/*
 * Returns the candidate closest to @p word (length @p len) by edit distance, or NULL when
 * none is close enough to be a plausible typo. Candidates may contain NULL entries.
 */
const char *mpol_i_suggest(const char *word, size_t len, const char *const *cands, size_t n);

#endif /* MPOL_INTERNAL_SUGGEST_H */
