/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the hash indexes of core/name_index_internal.h: FNV-1a over the bytes of
 * a name, a 64-bit finalizer for integer keys, linear probing in a power-of-two table kept
 * at most half full (doubled and rehashed when it would be more).
 */
#include <string.h>

#include "core/name_index_internal.h"

static mpol_status oom(void)
{
    return mpol_error(MPOL_ENOMEM, "mpol_model: out of memory");
}

static uint64_t hash_bytes(const char *s, size_t len)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3ULL;
    }
    return h ^ (h >> 29);
}

static uint64_t hash_key(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

void mpol_i_name_index_free(mpol_i_name_index *ix)
{
    mpol_free(ix->slot);
    ix->slot = NULL;
    ix->n = ix->cap = 0;
}

/* The slot holding @p s, or the empty slot where it would go (cap > 0). */
static size_t name_slot(const mpol_i_name_index *ix, const char *s, size_t len)
{
    size_t i = (size_t)hash_bytes(s, len) & (ix->cap - 1);
    while (ix->slot[i].s != NULL && (ix->slot[i].len != len || memcmp(ix->slot[i].s, s, len) != 0))
        i = (i + 1) & (ix->cap - 1);
    return i;
}

size_t mpol_i_name_find(const mpol_i_name_index *ix, const char *s, size_t len)
{
    if (ix->cap == 0)
        return MPOL_I_NOT_FOUND;
    const mpol_i_name_slot *e = &ix->slot[name_slot(ix, s, len)];
    return e->s != NULL ? e->val : MPOL_I_NOT_FOUND;
}

static mpol_status name_grow(mpol_i_name_index *ix)
{
    if (2 * (ix->n + 1) <= ix->cap)
        return MPOL_OK;
    size_t cap = ix->cap != 0 ? 2 * ix->cap : 16;
    mpol_i_name_slot *ns = mpol_calloc(cap, sizeof *ns);
    if (ns == NULL)
        return oom();
    mpol_i_name_index old = *ix;
    ix->slot = ns;
    ix->cap = cap;
    for (size_t i = 0; i < old.cap; i++) {
        if (old.slot[i].s != NULL)
            ix->slot[name_slot(ix, old.slot[i].s, old.slot[i].len)] = old.slot[i];
    }
    mpol_free(old.slot);
    return MPOL_OK;
}

mpol_status mpol_i_name_add(mpol_i_name_index *ix, const char *s, size_t len, size_t val,
                            size_t *prev)
{
    mpol_status st = name_grow(ix);
    if (st != MPOL_OK)
        return st;
    mpol_i_name_slot *e = &ix->slot[name_slot(ix, s, len)];
    if (e->s != NULL) {
        *prev = e->val;
        return MPOL_OK;
    }
    *prev = MPOL_I_NOT_FOUND;
    e->s = s;
    e->len = len;
    e->val = val;
    ix->n++;
    return MPOL_OK;
}

mpol_status mpol_i_name_set(mpol_i_name_index *ix, const char *s, size_t len, size_t val)
{
    mpol_status st = name_grow(ix);
    if (st != MPOL_OK)
        return st;
    mpol_i_name_slot *e = &ix->slot[name_slot(ix, s, len)];
    if (e->s == NULL)
        ix->n++;
    e->s = s;
    e->len = len;
    e->val = val;
    return MPOL_OK;
}

void mpol_i_key_index_free(mpol_i_key_index *ix)
{
    mpol_free(ix->key);
    mpol_free(ix->val);
    ix->key = NULL;
    ix->val = NULL;
    ix->n = ix->cap = 0;
}

static size_t key_slot(const mpol_i_key_index *ix, uint64_t key)
{
    size_t i = (size_t)hash_key(key) & (ix->cap - 1);
    while (ix->val[i] != MPOL_I_NOT_FOUND && ix->key[i] != key)
        i = (i + 1) & (ix->cap - 1);
    return i;
}

size_t mpol_i_key_find(const mpol_i_key_index *ix, uint64_t key)
{
    if (ix->cap == 0)
        return MPOL_I_NOT_FOUND;
    return ix->val[key_slot(ix, key)];
}

mpol_status mpol_i_key_add(mpol_i_key_index *ix, uint64_t key, size_t val, size_t *prev)
{
    if (2 * (ix->n + 1) > ix->cap) {
        size_t cap = ix->cap != 0 ? 2 * ix->cap : 16;
        uint64_t *nk = mpol_malloc(cap * sizeof *nk);
        size_t *nv = mpol_malloc(cap * sizeof *nv);
        if (nk == NULL || nv == NULL) {
            mpol_free(nk);
            mpol_free(nv);
            return oom();
        }
        for (size_t i = 0; i < cap; i++)
            nv[i] = MPOL_I_NOT_FOUND;
        mpol_i_key_index old = *ix;
        ix->key = nk;
        ix->val = nv;
        ix->cap = cap;
        for (size_t i = 0; i < old.cap; i++) {
            if (old.val[i] != MPOL_I_NOT_FOUND) {
                size_t s = key_slot(ix, old.key[i]);
                ix->key[s] = old.key[i];
                ix->val[s] = old.val[i];
            }
        }
        mpol_free(old.key);
        mpol_free(old.val);
    }
    size_t s = key_slot(ix, key);
    if (ix->val[s] != MPOL_I_NOT_FOUND) {
        *prev = ix->val[s];
        return MPOL_OK;
    }
    *prev = MPOL_I_NOT_FOUND;
    ix->key[s] = key;
    ix->val[s] = val;
    ix->n++;
    return MPOL_OK;
}
