/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The method name tables behind every module's mpol_<module>_method_name() and
 * mpol_<module>_method_parse() (conventions.md, "Methods"): one {name, value} line per
 * spelling, the canonical name of a value first and its aliases after it. Implemented in
 * solver/src/core/method_table.c.
 */
#ifndef MPOL_INTERNAL_METHOD_TABLE_H
#define MPOL_INTERNAL_METHOD_TABLE_H

#include <stddef.h>

#include "multipolar/common.h"

typedef struct mpol_i_method_entry {
    const char *name;
    int value;
} mpol_i_method_entry;

/* The number of entries of a table array. */
#define MPOL_I_METHODS(table) (sizeof(table) / sizeof((table)[0]))

/* The canonical name of @p value (the first entry with that value); "unknown" if none has it. */
const char *mpol_i_method_name(const mpol_i_method_entry *table, size_t n, int value);

/*
 * Sets *out to the value of the entry named @p name (canonical or alias, compared exactly).
 * MPOL_EINVAL with "WHERE: NULL argument" when @p out or @p name is NULL, or "WHERE: unknown
 * method 'NAME' (a, b, c)" listing the canonical names in table order; *out is unchanged on
 * failure.
 */
mpol_status mpol_i_method_parse(int *out, const mpol_i_method_entry *table, size_t n,
                                const char *name, const char *where);

#endif /* MPOL_INTERNAL_METHOD_TABLE_H */
