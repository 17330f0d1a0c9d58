/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The GMP helpers the tree module's exact modes share (tree_gmp.c): arrays of rationals, a
 * rational from an mpol_rational, and the decimal string of a rational.
 */
#ifndef MPOL_TREE_GMP_INTERNAL_H
#define MPOL_TREE_GMP_INTERNAL_H

#include <stddef.h>

#include <gmp.h>

#include "multipolar/game.h"

/** @p k initialised rationals (0), at least one allocated; NULL when out of memory. */
mpq_t *mpol_i_tree_mpq_array(size_t k);
/** Clears and frees @p k rationals of mpol_i_tree_mpq_array() (NULL is a no-op). */
void mpol_i_tree_mpq_array_free(mpq_t *a, size_t k);
/** Sets @p q to @p r (a denominator of 0 is read as 1), canonicalised. */
void mpol_i_tree_mpq_set_rational(mpq_t q, mpol_rational r);
/** A new string of @p q ("p/q" or "p"), NULL when out of memory. */
char *mpol_i_tree_mpq_string(const mpq_t q);

#endif /* MPOL_TREE_GMP_INTERNAL_H */
