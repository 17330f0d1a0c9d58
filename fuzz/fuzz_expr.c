/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the libFuzzer target for the expression compiler (mpol_expr_compile)
 * and evaluator. The input (made NUL-terminated) is compiled over a fixed list of parameter
 * names. A refusal must be MPOL_EPARSE, MPOL_ENUMERIC or MPOL_ELIMIT with a message and,
 * for MPOL_EPARSE, a column inside the text. A compiled expression is evaluated at three
 * parameter vectors; every evaluation must give a finite value or MPOL_ENUMERIC with the
 * output untouched, mpol_expr_eval_quiet() must agree with mpol_expr_eval(), a constant
 * expression must not depend on the parameters and a parameter the expression does not read
 * must not change its value.
 */
#include "fuzz_common.h"
#include "multipolar/expr.h"

#define FUZZ_EXPR_NPARAMS 5
#define FUZZ_EXPR_UNTOUCHED -12345.0

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const names[FUZZ_EXPR_NPARAMS] = {"a", "b", "x", "alpha", "p_1"};

/* Evaluates both ways; returns the status and stores the value in *out. */
static mpol_status eval_both(const mpol_expr *e, const double *params, double *out)
{
    double v = FUZZ_EXPR_UNTOUCHED, q = FUZZ_EXPR_UNTOUCHED;
    mpol_status st = mpol_expr_eval(&v, e, params);
    int col = -1;
    const char *msg = NULL;
    mpol_status sq = mpol_expr_eval_quiet(&q, e, params, &col, &msg);
    FUZZ_CHECK(st == sq);
    if (st == MPOL_OK) {
        FUZZ_CHECK(isfinite(v));
        FUZZ_CHECK(v == q);
    } else {
        FUZZ_CHECK(st == MPOL_ENUMERIC);
        FUZZ_CHECK(v == FUZZ_EXPR_UNTOUCHED && q == FUZZ_EXPR_UNTOUCHED);
        FUZZ_CHECK(msg != NULL && col >= 1);
    }
    *out = v;
    return st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (text == NULL)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    mpol_expr *e = NULL;
    int col = -1;
    mpol_status st = mpol_expr_compile(&e, text, names, FUZZ_EXPR_NPARAMS, &col);
    if (st != MPOL_OK) {
        FUZZ_CHECK(e == NULL);
        FUZZ_CHECK(st == MPOL_EPARSE || st == MPOL_ENUMERIC || st == MPOL_ELIMIT ||
                   st == MPOL_ENOMEM);
        FUZZ_CHECK(mpol_last_error()[0] != '\0');
        if (st == MPOL_EPARSE)
            FUZZ_CHECK(col >= 1 && (size_t)col <= strlen(text) + 1);
        free(text);
        return 0;
    }
    FUZZ_CHECK(col == 0);
    FUZZ_CHECK(strcmp(mpol_expr_source(e), text) == 0);
    const double p0[FUZZ_EXPR_NPARAMS] = {0.0, 0.0, 0.0, 0.0, 0.0};
    const double p1[FUZZ_EXPR_NPARAMS] = {1.0, -2.5, 0.5, 3.0, 1e-3};
    double v0, v1, v2;
    mpol_status s0 = eval_both(e, p0, &v0);
    mpol_status s1 = eval_both(e, p1, &v1);
    if (mpol_expr_is_constant(e)) {
        FUZZ_CHECK(s0 == s1);
        if (s0 == MPOL_OK)
            FUZZ_CHECK(v0 == v1);
    }
    /* Changing every parameter the expression does not read must change nothing. */
    double p2[FUZZ_EXPR_NPARAMS];
    for (size_t i = 0; i < FUZZ_EXPR_NPARAMS; i++)
        p2[i] = mpol_expr_uses_param(e, i) ? p1[i] : 7.0;
    mpol_status s2 = eval_both(e, p2, &v2);
    FUZZ_CHECK(s2 == s1);
    if (s1 == MPOL_OK)
        FUZZ_CHECK(v2 == v1);
    mpol_expr_free(e);
    free(text);
    return 0;
}
