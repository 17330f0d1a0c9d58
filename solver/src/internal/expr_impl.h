/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Internal entry points of the expression compiler (solver/src/model/expr.c). */
#ifndef MPOL_INTERNAL_EXPR_IMPL_H
#define MPOL_INTERNAL_EXPR_IMPL_H

#include "multipolar/expr.h"

/*
 * As mpol_expr_compile(), but records no message: on failure writes the message (without a
 * column prefix) into @p msg and the 1-based column into *err_col.
 */
mpol_status mpol_i_expr_compile(mpol_expr **out, const char *text, const char *const *names,
                                size_t nnames, int *err_col, char *msg, size_t msgsize);

/* If the expression is a constant, stores it in *value and returns 1; else returns 0. */
int mpol_i_expr_constant(const mpol_expr *expr, double *value);

#endif /* MPOL_INTERNAL_EXPR_IMPL_H */
