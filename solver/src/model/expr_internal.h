/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Internal entry points of the expression compiler (solver/src/model/expr.c). */
#ifndef MPOL_INTERNAL_EXPR_IMPL_H
#define MPOL_INTERNAL_EXPR_IMPL_H

#include "core/name_index_internal.h"
#include "multipolar/expr.h"

/*
 * As mpol_expr_compile(), but records no message: on failure writes the message (without a
 * column prefix) into @p msg and the 1-based column into *err_col. @p index, if not NULL,
 * maps each of the @p names to its position (a model's parameters): names are then looked
 * up in it instead of by a scan of the list.
 */
mpol_status mpol_i_expr_compile(mpol_expr **out, const char *text, const char *const *names,
                                size_t nnames, const mpol_i_name_index *index, int *err_col,
                                char *msg, size_t msgsize);

/* If the expression is a constant, stores it in *value and returns 1; else returns 0. */
int mpol_i_expr_constant(const mpol_expr *expr, double *value);

#endif /* MPOL_INTERNAL_EXPR_IMPL_H */
