/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The GMP helpers of the tree module's exact modes (backward induction, the sequence-form
 * LP's rebuild, Lemke's rebuild, the enumeration's mapping).
 */
#include <stdio.h>
#include <string.h>

#include "tree_gmp_internal.h"

mpq_t *mpol_i_tree_mpq_array(size_t k)
{
    mpq_t *a = mpol_malloc((k ? k : 1) * sizeof(mpq_t));
    if (a != NULL)
        for (size_t i = 0; i < k; i++)
            mpq_init(a[i]);
    return a;
}

void mpol_i_tree_mpq_array_free(mpq_t *a, size_t k)
{
    if (a == NULL)
        return;
    for (size_t i = 0; i < k; i++)
        mpq_clear(a[i]);
    mpol_free(a);
}

void mpol_i_tree_mpq_set_rational(mpq_t q, mpol_rational r)
{
    char buf[64]; /* portable for 64-bit parts whatever the width of long */
    snprintf(buf, sizeof buf, "%lld/%lld", (long long)r.num, (long long)(r.den ? r.den : 1));
    if (mpq_set_str(q, buf, 10) != 0)
        mpq_set_ui(q, 0, 1);
    mpq_canonicalize(q);
}

char *mpol_i_tree_mpq_string(const mpq_t q)
{
    void (*gmp_free)(void *, size_t);
    mp_get_memory_functions(NULL, NULL, &gmp_free);
    char *g = mpq_get_str(NULL, 10, q);
    if (g == NULL)
        return NULL;
    char *s = mpol_strdup(g);
    gmp_free(g, strlen(g) + 1);
    return s;
}
