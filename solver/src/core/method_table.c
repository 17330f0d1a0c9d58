/* SPDX-License-Identifier: GPL-3.0-or-later */
/* This file implements the method name tables of method_table_internal.h. */
#include <stdio.h>
#include <string.h>

#include "core/method_table_internal.h"

/* 1 if entry @p k is the first one with its value (a canonical name, not an alias). */
static int is_canonical(const mpol_i_method_entry *table, size_t k)
{
    for (size_t j = 0; j < k; j++)
        if (table[j].value == table[k].value)
            return 0;
    return 1;
}

const char *mpol_i_method_name(const mpol_i_method_entry *table, size_t n, int value)
{
    for (size_t k = 0; k < n; k++)
        if (table[k].value == value)
            return table[k].name;
    return "unknown";
}

mpol_status mpol_i_method_parse(int *out, const mpol_i_method_entry *table, size_t n,
                                const char *name, const char *where)
{
    if (out == NULL || name == NULL)
        return mpol_error(MPOL_EINVAL, "%s: NULL argument", where);
    for (size_t k = 0; k < n; k++)
        if (strcmp(name, table[k].name) == 0) {
            *out = table[k].value;
            return MPOL_OK;
        }
    char list[256] = "";
    size_t len = 0;
    for (size_t k = 0; k < n; k++) {
        if (!is_canonical(table, k))
            continue;
        int w = snprintf(list + len, sizeof list - len, "%s%s", len ? ", " : "", table[k].name);
        if (w < 0 || (size_t)w >= sizeof list - len) {
            list[len] = '\0'; /* whole names only */
            break;
        }
        len += (size_t)w;
    }
    return mpol_error(MPOL_EINVAL, "%s: unknown method '%s' (%s)", where, name, list);
}
