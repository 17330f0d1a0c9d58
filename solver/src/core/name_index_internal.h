/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Hash indexes used by the model loader so that loading stays O(n) expected in the size of
 * the input: names (strings with lengths, not owned: they must outlive the index) to
 * indices, and 64-bit keys (coalition masks) to indices. Open addressing with linear
 * probing, at most half full; allocation through mpol_malloc (solver/src/model/name_index.c).
 */
#ifndef MPOL_INTERNAL_NAME_INDEX_H
#define MPOL_INTERNAL_NAME_INDEX_H

#include <stddef.h>
#include <stdint.h>

#include "multipolar/common.h"

/* "Not found" for the lookups below. */
#define MPOL_I_NOT_FOUND ((size_t)-1)

typedef struct mpol_i_name_slot {
    const char *s; /* NULL: empty slot */
    size_t len;
    size_t val;
} mpol_i_name_slot;

typedef struct mpol_i_name_index {
    mpol_i_name_slot *slot;
    size_t n, cap;
} mpol_i_name_index;

/* An empty index is all zeros. */
void mpol_i_name_index_free(mpol_i_name_index *ix);

/* The value stored under @p s (@p len bytes), or MPOL_I_NOT_FOUND. */
size_t mpol_i_name_find(const mpol_i_name_index *ix, const char *s, size_t len);

/* Adds @p s -> @p val unless @p s is present; *prev is the value already stored, or
 * MPOL_I_NOT_FOUND when the name was added. MPOL_ENOMEM (with a message) on failure. */
mpol_status mpol_i_name_add(mpol_i_name_index *ix, const char *s, size_t len, size_t val,
                            size_t *prev);

/* Stores @p s -> @p val, replacing an earlier value. */
mpol_status mpol_i_name_set(mpol_i_name_index *ix, const char *s, size_t len, size_t val);

typedef struct mpol_i_key_index {
    uint64_t *key;
    size_t *val; /* MPOL_I_NOT_FOUND: empty slot */
    size_t n, cap;
} mpol_i_key_index;

void mpol_i_key_index_free(mpol_i_key_index *ix);
size_t mpol_i_key_find(const mpol_i_key_index *ix, uint64_t key);
/* As mpol_i_name_add, for a 64-bit key. */
mpol_status mpol_i_key_add(mpol_i_key_index *ix, uint64_t key, size_t val, size_t *prev);

#endif /* MPOL_INTERNAL_NAME_INDEX_H */
