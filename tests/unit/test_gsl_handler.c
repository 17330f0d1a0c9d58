/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The library never inherits GSL's abort(): this program never touches GSL's error handler
 * itself, calls a Nash solver, and then makes GSL report an error, which must come back as a
 * status (the default handler would abort the test). A host program's own handler is kept.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>

#include "multipolar/game.h"
#include "multipolar/nash.h"

static int gsl_error_now(void)
{
    double a[6] = {1, 2, 3, 4, 5, 6}, t[1];
    gsl_matrix_view A = gsl_matrix_view_array(a, 2, 3);
    gsl_vector_view tau = gsl_vector_view_array(t, 1); /* too short: GSL_EBADLEN */
    return gsl_linalg_QR_decomp(&A.matrix, &tau.vector);
}

/* One call of a Nash solver: the library's first GSL-using entry point. */
static void solve_a_game(void)
{
    size_t ns[2] = {2, 2};
    mpol_game *g = NULL;
    assert_int_equal(mpol_game_alloc(&g, 2, ns), MPOL_OK);
    mpol_nash_result *r = NULL;
    assert_int_equal(mpol_nash_pure(&r, g, NULL), MPOL_OK);
    mpol_nash_result_free(r);
    mpol_game_free(g);
}

static void test_library_switches_abort_off(void **state)
{
    (void)state;
    solve_a_game();
    assert_int_equal(gsl_error_now(), GSL_EBADLEN); /* returned, not aborted */
}

static int host_calls;
static void host_handler(const char *reason, const char *file, int line, int gsl_errno)
{
    (void)reason;
    (void)file;
    (void)line;
    (void)gsl_errno;
    host_calls++;
}

static void test_host_handler_kept(void **state)
{
    (void)state;
    gsl_set_error_handler(host_handler);
    solve_a_game();
    assert_int_equal(gsl_error_now(), GSL_EBADLEN);
    assert_int_equal(host_calls, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_library_switches_abort_off),
        cmocka_unit_test(test_host_handler_kept),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
