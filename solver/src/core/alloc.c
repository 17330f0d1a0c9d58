/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the allocation hooks. All library allocations go through
 * mpol_malloc/mpol_realloc/mpol_free so that tests can make any allocation fail.
 */
#include <stdlib.h>
#include <string.h>

#include "multipolar/common.h"

static mpol_allocator current = {malloc, realloc, free};

void mpol_set_allocator(const mpol_allocator *alloc)
{
    if (alloc == NULL) {
        current.malloc_fn = malloc;
        current.realloc_fn = realloc;
        current.free_fn = free;
    } else {
        current = *alloc;
    }
}

void *mpol_malloc(size_t size)
{
    if (size == 0)
        return NULL;
    return current.malloc_fn(size);
}

void *mpol_calloc(size_t n, size_t size)
{
    if (n == 0 || size == 0 || n > SIZE_MAX / size)
        return NULL;
    void *p = current.malloc_fn(n * size);
    if (p != NULL)
        memset(p, 0, n * size);
    return p;
}

void *mpol_realloc(void *ptr, size_t size)
{
    if (size == 0)
        return NULL;
    return current.realloc_fn(ptr, size);
}

void mpol_free(void *ptr)
{
    if (ptr != NULL)
        current.free_fn(ptr);
}

char *mpol_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = mpol_malloc(n);
    if (d != NULL)
        memcpy(d, s, n);
    return d;
}
