/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file expr.h
 * @brief Arithmetic expressions over named parameters, compiled once into compact bytecode
 *        and evaluated many times (payoff expressions of model files).
 *
 * Grammar (full description in docs/model-format.md):
 *
 *     expr    := sum [ ("<" | "<=" | ">" | ">=" | "==" | "!=") sum ]
 *     sum     := term { ("+" | "-") term }
 *     term    := unary { ("*" | "/") unary }
 *     unary   := ("-" | "+") unary | power
 *     power   := primary [ "^" unary ]            (right-associative: 2^3^2 = 2^9)
 *     primary := NUMBER | NAME | NAME "(" expr { "," expr } ")" | "(" expr ")"
 *
 * Functions: min(a, b, ...), max(a, b, ...), abs(x), exp(x), log(x), sqrt(x), pow(x, y),
 * clamp(x, lo, hi), if(cond, a, b) (only the chosen branch is evaluated). Comparisons give
 * 1 or 0. The constant `pi` is available unless a parameter has that name.
 *
 * Compiled expressions are immutable: mpol_expr_eval() is thread-safe, allocation-free and
 * checks every operation (division by zero, log of a non-positive number, sqrt of a
 * negative number, NaN or infinite results), reporting the column of the offending
 * operator or function.
 */
#ifndef MPOL_EXPR_H
#define MPOL_EXPR_H

#include "multipolar/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The most values the evaluation stack of one expression may hold. */
#define MPOL_EXPR_MAX_STACK 64

/** The longest expression text accepted, in bytes. */
#define MPOL_EXPR_MAX_LENGTH 65536

typedef struct mpol_expr mpol_expr;

/**
 * Compiles @p text (NUL-terminated) over the parameters @p names[0..nnames-1]; the
 * parameter of index i is read from params[i] at evaluation time. Constant subexpressions
 * are folded.
 * @param out receives the compiled expression (caller-owned, free with mpol_expr_free());
 *        NULL on failure.
 * @param err_col if not NULL, receives the 1-based column of a compile error (0 on success).
 * @return MPOL_OK; MPOL_EPARSE with message "column C: what is wrong" (unknown parameter
 *         with a did-you-mean suggestion, unbalanced parentheses, trailing garbage, unknown
 *         function, wrong arity, nesting too deep); MPOL_ENUMERIC (a number literal out of
 *         range); MPOL_EINVAL (NULL arguments); MPOL_ENOMEM.
 */
MPOL_API mpol_status mpol_expr_compile(mpol_expr **out, const char *text, const char *const *names,
                                       size_t nnames, int *err_col);

/** Frees a compiled expression; NULL is a no-op. */
MPOL_API void mpol_expr_free(mpol_expr *expr);

/**
 * Evaluates @p expr at the parameter vector @p params (may be NULL if the expression uses
 * no parameter). Allocation-free and thread-safe.
 * @return MPOL_OK, or MPOL_ENUMERIC ("column C: division by zero", "log of a non-positive
 *         number", "sqrt of a negative number", "result is not finite") and *out untouched.
 */
MPOL_API mpol_status mpol_expr_eval(double *out, const mpol_expr *expr, const double *params);

/**
 * As mpol_expr_eval(), but records no message on failure: returns MPOL_ENUMERIC and sets
 * *err_col (1-based) and *err_msg (a static string). For hot loops that format their own
 * diagnostics.
 */
MPOL_API mpol_status mpol_expr_eval_quiet(double *out, const mpol_expr *expr, const double *params,
                                          int *err_col, const char **err_msg);

/** True if the expression depends on no parameter (it was folded to one constant). */
MPOL_API int mpol_expr_is_constant(const mpol_expr *expr);

/** True if the expression reads parameter @p index. */
MPOL_API int mpol_expr_uses_param(const mpol_expr *expr, size_t index);

/** The source text the expression was compiled from (borrowed). */
MPOL_API const char *mpol_expr_source(const mpol_expr *expr);

/** Number of bytecode instructions (after folding); for tests and diagnostics. */
MPOL_API size_t mpol_expr_length(const mpol_expr *expr);

#ifdef __cplusplus
}
#endif
#endif /* MPOL_EXPR_H */
