/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests of the expression compiler: values, precedence, folding, every compile-time
 * and evaluation-time error with its column, a differential test against C arithmetic on
 * random expressions, random-bytes robustness and allocation failures. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "mpol_test.h"
#include "multipolar/expr.h"

static const char *const names[] = {"x", "y", "ru_pressure", "cn_leverage"};
static const double params[] = {2, -3, 0.5, 0.25};

static double ev(const char *text)
{
    mpol_expr *e;
    int col;
    mpol_status st = mpol_expr_compile(&e, text, names, 4, &col);
    if (st != MPOL_OK)
        fail_msg("compile \"%s\": %s", text, mpol_last_error());
    double v = NAN;
    st = mpol_expr_eval(&v, e, params);
    if (st != MPOL_OK)
        fail_msg("eval \"%s\": %s", text, mpol_last_error());
    mpol_expr_free(e);
    return v;
}

static void test_values_and_precedence(void **state)
{
    (void)state;
    assert_close(ev("1 + 2 * 3"), 7, MPOL_TEST_TOL);
    assert_close(ev("(1 + 2) * 3"), 9, MPOL_TEST_TOL);
    assert_close(ev("2 ^ 3 ^ 2"), 512, MPOL_TEST_TOL); /* right-associative */
    assert_close(ev("-2 ^ 2"), -4, MPOL_TEST_TOL);     /* power binds tighter */
    assert_close(ev("2 ^ -1"), 0.5, MPOL_TEST_TOL);
    assert_close(ev("10 - 4 - 3"), 3, MPOL_TEST_TOL); /* left-associative */
    assert_close(ev("12 / 3 / 2"), 2, MPOL_TEST_TOL);
    assert_close(ev("1.5e2 + .5 + 2E-1"), 150.7, MPOL_TEST_TOL);
    assert_close(ev("x * y + ru_pressure"), -5.5, MPOL_TEST_TOL);
    assert_close(ev("--x"), 2, MPOL_TEST_TOL);
    assert_close(ev("+x"), 2, MPOL_TEST_TOL);
    assert_close(ev("2 - 3*ru_pressure"), 0.5, MPOL_TEST_TOL);
    assert_close(ev("min(3, x, 7)"), 2, MPOL_TEST_TOL);
    assert_close(ev("max(y, -7, cn_leverage)"), 0.25, MPOL_TEST_TOL);
    assert_close(ev("abs(y)"), 3, MPOL_TEST_TOL);
    assert_close(ev("exp(0) + log(exp(2))"), 3, MPOL_TEST_TOL);
    assert_close(ev("sqrt(16) + pow(2, 10)"), 1028, MPOL_TEST_TOL);
    assert_close(ev("clamp(x, 0, 1) + clamp(y, 0, 1) + clamp(0.5, 0, 1)"), 1.5, MPOL_TEST_TOL);
    assert_close(ev("if(x > 1, 10, 20)"), 10, MPOL_TEST_TOL);
    assert_close(ev("if(x <= 1, 10, 20)"), 20, MPOL_TEST_TOL);
    assert_close(ev("(x < 3) + (x >= 2) + (x == 2) + (x != 2) + (y > 0)"), 3, MPOL_TEST_TOL);
    assert_close(ev("pi"), 3.14159265358979323846, MPOL_TEST_TOL);
    /* Only the chosen branch runs: no division by zero here. */
    assert_close(ev("if(x - 2, 1/(x - 2), 0)"), 0, MPOL_TEST_TOL);
    assert_close(ev(" \t 3 "), 3, MPOL_TEST_TOL);
}

static void test_folding(void **state)
{
    (void)state;
    mpol_expr *e;
    assert_int_equal(mpol_expr_compile(&e, "(1 + 2) * 3 - sqrt(4)", names, 4, NULL), MPOL_OK);
    assert_true(mpol_expr_is_constant(e));
    assert_int_equal(mpol_expr_length(e), 2); /* CONST, END */
    assert_string_equal(mpol_expr_source(e), "(1 + 2) * 3 - sqrt(4)");
    double v;
    assert_int_equal(mpol_expr_eval(&v, e, NULL), MPOL_OK);
    assert_true(v == 7);
    mpol_expr_free(e);
    assert_int_equal(mpol_expr_compile(&e, "x * (2 + 3)", names, 4, NULL), MPOL_OK);
    assert_false(mpol_expr_is_constant(e));
    assert_true(mpol_expr_uses_param(e, 0));
    assert_false(mpol_expr_uses_param(e, 1));
    assert_int_equal(mpol_expr_length(e), 4); /* PARAM, CONST 5, MUL, END */
    mpol_expr_free(e);
    /* A constant if() keeps only its branch. */
    assert_int_equal(mpol_expr_compile(&e, "if(1 < 2, x, y)", names, 4, NULL), MPOL_OK);
    assert_int_equal(mpol_expr_length(e), 2);
    mpol_expr_free(e);
    /* A failing constant is not folded: the error surfaces at evaluation, with its column. */
    assert_int_equal(mpol_expr_compile(&e, "1 + 1/0", names, 4, NULL), MPOL_OK);
    assert_int_equal(mpol_expr_eval(&v, e, NULL), MPOL_ENUMERIC);
    assert_string_equal(mpol_last_error(), "column 6: division by zero");
    mpol_expr_free(e);
}

static void expect_compile_error(const char *text, mpol_status status, int col, const char *msg)
{
    mpol_expr *e = (mpol_expr *)&e;
    int c = -1;
    mpol_status st = mpol_expr_compile(&e, text, names, 4, &c);
    if (st != status)
        fail_msg("\"%s\": status %s, expected %s (%s)", text, mpol_status_name(st),
                 mpol_status_name(status), mpol_last_error());
    assert_null(e);
    assert_int_equal(c, col);
    char want[512];
    snprintf(want, sizeof want, "column %d: %s", col, msg);
    assert_string_equal(mpol_last_error(), want);
}

static void test_compile_errors(void **state)
{
    (void)state;
    expect_compile_error("2*ru_pressur", MPOL_EPARSE, 3,
                         "unknown parameter \"ru_pressur\" (did you mean \"ru_pressure\"?)");
    expect_compile_error("zzz + 1", MPOL_EPARSE, 1, "unknown parameter \"zzz\"");
    expect_compile_error("(1 + 2", MPOL_EPARSE, 1, "unbalanced parentheses: '(' is never closed");
    expect_compile_error("1 + 2)", MPOL_EPARSE, 6, "unbalanced parentheses: unexpected ')'");
    expect_compile_error("1 2", MPOL_EPARSE, 3, "unexpected '2' after the end of the expression");
    expect_compile_error("2x", MPOL_EPARSE, 2, "unexpected 'x' after the end of the expression");
    expect_compile_error("sqr(2)", MPOL_EPARSE, 1,
                         "unknown function \"sqr\" (did you mean "
                         "\"sqrt\"?)");
    expect_compile_error("foo(2)", MPOL_EPARSE, 1, "unknown function \"foo\"");
    expect_compile_error("1 + clamp(1, 2)", MPOL_EPARSE, 5, "clamp takes 3 arguments, not 2");
    expect_compile_error("abs()", MPOL_EPARSE, 1, "abs takes 1 argument, not 0");
    expect_compile_error("min(1)", MPOL_EPARSE, 1, "min takes at least 2 arguments, not 1");
    expect_compile_error("if(1, 2)", MPOL_EPARSE, 1, "if takes 3 arguments, not 2");
    expect_compile_error("", MPOL_EPARSE, 1, "empty expression");
    expect_compile_error("1 +", MPOL_EPARSE, 4,
                         "unexpected end of expression: expected a number, name or '('");
    expect_compile_error("1 # 2", MPOL_EPARSE, 3,
                         "unexpected '#' after the end of the "
                         "expression");
    expect_compile_error("1 + #", MPOL_EPARSE, 5,
                         "unexpected '#': expected a number, name or "
                         "'('");
    expect_compile_error("exp + 1", MPOL_EPARSE, 1, "function \"exp\" needs arguments: exp(...)");
    expect_compile_error("1e+", MPOL_EPARSE, 1, "malformed number: exponent has no digits");
    expect_compile_error("1e999", MPOL_ENUMERIC, 1, "number 1e999 is out of range");
    expect_compile_error("x = 1", MPOL_EPARSE, 3, "'=' is not an operator; compare with '=='");
    expect_compile_error("1 < 2 < 3", MPOL_EPARSE, 7,
                         "comparisons do not chain; combine them with if() or min()/max()");
    expect_compile_error("max(1, 2 3)", MPOL_EPARSE, 10,
                         "expected ',' or ')' in the arguments of max, found '3'");
    char deep[1000];
    memset(deep, '(', 300);
    strcpy(deep + 300, "1");
    mpol_expr *e;
    assert_int_equal(mpol_expr_compile(&e, deep, names, 4, NULL), MPOL_EPARSE);
    assert_non_null(strstr(mpol_last_error(), "nested too deeply"));
    assert_int_equal(mpol_expr_compile(NULL, "1", names, 4, NULL), MPOL_EINVAL);
}

static void expect_eval_error(const char *text, int col, const char *msg)
{
    mpol_expr *e;
    assert_int_equal(mpol_expr_compile(&e, text, names, 4, NULL), MPOL_OK);
    double v = 42;
    mpol_status st = mpol_expr_eval(&v, e, params);
    assert_int_equal(st, MPOL_ENUMERIC);
    assert_true(v == 42);
    char want[256];
    snprintf(want, sizeof want, "column %d: %s", col, msg);
    assert_string_equal(mpol_last_error(), want);
    int c;
    const char *m;
    assert_int_equal(mpol_expr_eval_quiet(&v, e, params, &c, &m), MPOL_ENUMERIC);
    assert_int_equal(c, col);
    mpol_expr_free(e);
}

static void test_eval_errors(void **state)
{
    (void)state;
    expect_eval_error("1 / (x - 2)", 3, "division by zero");
    expect_eval_error("log(x - 2)", 1, "log of a non-positive number");
    expect_eval_error("2 * log(y)", 5, "log of a non-positive number");
    expect_eval_error("sqrt(y)", 1, "sqrt of a negative number");
    expect_eval_error("exp(1000 * x)", 1, "result is not finite (NaN or infinity)");
    expect_eval_error("y ^ 0.5", 3, "result is not finite (NaN or infinity)");
    expect_eval_error("1e300 * 1e300 * x", 7, "result is not finite (NaN or infinity)");
    /* A non-finite parameter value is caught where it is read. */
    mpol_expr *e;
    assert_int_equal(mpol_expr_compile(&e, "1 + x", names, 4, NULL), MPOL_OK);
    double bad[4] = {NAN, 0, 0, 0}, v;
    assert_int_equal(mpol_expr_eval(&v, e, bad), MPOL_ENUMERIC);
    assert_string_equal(mpol_last_error(), "column 5: parameter value is not finite");
    mpol_expr_free(e);
}

/* Builds a random expression and its value computed by C arithmetic, or returns 0 if a
 * subexpression is undefined. */
static int random_expr(mpol_test_rng *rng, int depth, char *buf, size_t size, double *val)
{
    long pick = depth <= 0 ? mpol_test_rng_int(rng, 0, 1) : mpol_test_rng_int(rng, 0, 8);
    if (pick == 0) {
        long k = mpol_test_rng_int(rng, -9, 9);
        snprintf(buf, size, "%ld", k);
        *val = (double)k;
        return 1;
    }
    if (pick == 1) {
        long i = mpol_test_rng_int(rng, 0, 3);
        snprintf(buf, size, "%s", names[i]);
        *val = params[i];
        return 1;
    }
    char a[512], b[512];
    double x, y;
    if (!random_expr(rng, depth - 1, a, sizeof a, &x) ||
        !random_expr(rng, depth - 1, b, sizeof b, &y))
        return 0;
    int w = 0;
    switch (pick) {
    case 2:
        w = snprintf(buf, size, "(%s + %s)", a, b);
        *val = x + y;
        break;
    case 3:
        w = snprintf(buf, size, "(%s - %s)", a, b);
        *val = x - y;
        break;
    case 4:
        w = snprintf(buf, size, "%s * %s", a, b);
        *val = x * y;
        break;
    case 5:
        if (y == 0)
            return 0;
        w = snprintf(buf, size, "(%s) / (%s)", a, b);
        *val = x / y;
        break;
    case 6:
        w = snprintf(buf, size, "max(%s, %s)", a, b);
        *val = fmax(x, y);
        break;
    case 7:
        w = snprintf(buf, size, "-(%s)", a);
        *val = -x;
        break;
    default:
        w = snprintf(buf, size, "if(%s < %s, %s, %s)", a, b, b, a);
        *val = x < y ? y : x;
        break;
    }
    return w >= 0 && (size_t)w < size;
}

static void test_random_differential(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 20240607);
    int checked = 0;
    for (int t = 0; t < 3000; t++) {
        char buf[2048];
        double want;
        if (!random_expr(&rng, 4, buf, sizeof buf, &want))
            continue;
        mpol_expr *e;
        assert_int_equal(mpol_expr_compile(&e, buf, names, 4, NULL), MPOL_OK);
        double got;
        assert_int_equal(mpol_expr_eval(&got, e, params), MPOL_OK);
        if (!(fabs(got - want) <= 1e-12 * (1 + fabs(want))))
            fail_msg("%s = %.17g, expected %.17g", buf, got, want);
        mpol_expr_free(e);
        checked++;
    }
    assert_true(checked > 1000);
}

static void test_random_bytes_never_crash(void **state)
{
    (void)state;
    static const char alphabet[] = "0123456789.eE+-*/^(),<>=! xyminaxbsqrtlogpwcfu_\t#";
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 99);
    int ok = 0;
    for (int t = 0; t < 20000; t++) {
        char buf[40];
        size_t n = (size_t)mpol_test_rng_int(&rng, 0, 38);
        for (size_t i = 0; i < n; i++)
            buf[i] = alphabet[mpol_test_rng_int(&rng, 0, (long)sizeof alphabet - 2)];
        buf[n] = '\0';
        mpol_expr *e;
        int col;
        mpol_status st = mpol_expr_compile(&e, buf, names, 4, &col);
        if (st == MPOL_OK) {
            double v;
            st = mpol_expr_eval(&v, e, params);
            assert_true(st == MPOL_OK || st == MPOL_ENUMERIC);
            ok++;
            mpol_expr_free(e);
        } else {
            assert_true(col >= 1 && (size_t)col <= n + 1);
            assert_true(st == MPOL_EPARSE || st == MPOL_ENUMERIC || st == MPOL_ELIMIT);
        }
    }
    assert_true(ok > 100);
}

static mpol_status compile_body(void *ctx)
{
    (void)ctx;
    mpol_expr *e;
    mpol_status st = mpol_expr_compile(&e,
                                       "if(x > 1, min(x, y, 3) * 2 ^ ru_pressure, "
                                       "clamp(cn_leverage, 0, 1))",
                                       names, 4, NULL);
    if (st == MPOL_OK) {
        double v;
        st = mpol_expr_eval(&v, e, params);
        mpol_expr_free(e);
    }
    return st;
}

/* An expression of more than 64 instructions: its code is generated in heap scratch
 * arrays before the one block of the expression is allocated. */
static mpol_status compile_long_body(void *ctx)
{
    (void)ctx;
    char text[1024] = "x";
    for (int i = 0; i < 40; i++)
        strcat(text, i % 2 ? " + y" : " * x");
    mpol_expr *e;
    mpol_status st = mpol_expr_compile(&e, text, names, 4, NULL);
    if (st == MPOL_OK) {
        double v;
        st = mpol_expr_eval(&v, e, params);
        mpol_expr_free(e);
    }
    return st;
}

static void test_allocation_failures(void **state)
{
    (void)state;
    /* The parse tree and the expression, which is one block (header, code, columns and
     * source together: a number in a model file costs one allocation, not four). */
    long n = mpol_test_oom_loop(compile_body, NULL);
    assert_true(n >= 2);
    /* Tree (grown), code and column scratch, and the block. */
    n = mpol_test_oom_loop(compile_long_body, NULL);
    assert_true(n >= 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values_and_precedence),
        cmocka_unit_test(test_folding),
        cmocka_unit_test(test_compile_errors),
        cmocka_unit_test(test_eval_errors),
        cmocka_unit_test(test_random_differential),
        cmocka_unit_test(test_random_bytes_never_crash),
        cmocka_unit_test(test_allocation_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
