/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests of the shared method name tables (solver/src/core/method_table_internal.h):
 * canonical names and aliases, "unknown" outside the table, the error messages (NULL
 * arguments; an unknown name lists the canonical names only), *out unchanged on failure, a
 * long table's list cut at whole names; and the three modules built on it (zero-sum,
 * bimatrix, coalition structures): every name round-trips and the messages are as before.
 */
#include <stdio.h>
#include <string.h>

#include "core/method_table_internal.h"
#include "mpol_test.h"
#include "multipolar.h"

static const mpol_i_method_entry table[] = {{"one", 1}, {"two", 2}, {"uno", 1}, {"zero", 0}};

static void test_name_and_parse(void **state)
{
    (void)state;
    size_t n = MPOL_I_METHODS(table);
    assert_int_equal(n, 4);
    assert_string_equal(mpol_i_method_name(table, n, 1), "one"); /* not the alias */
    assert_string_equal(mpol_i_method_name(table, n, 0), "zero");
    assert_string_equal(mpol_i_method_name(table, n, 3), "unknown");
    assert_string_equal(mpol_i_method_name(table, n, -1), "unknown");
    assert_string_equal(mpol_i_method_name(table, 0, 1), "unknown");
    int v = 42;
    assert_int_equal(mpol_i_method_parse(&v, table, n, "uno", "f"), MPOL_OK);
    assert_int_equal(v, 1);
    assert_int_equal(mpol_i_method_parse(&v, table, n, "zero", "f"), MPOL_OK);
    assert_int_equal(v, 0);
    v = 42;
    assert_int_equal(mpol_i_method_parse(&v, table, n, "One", "f"), MPOL_EINVAL);
    assert_string_equal(mpol_last_error(), "f: unknown method 'One' (one, two, zero)");
    assert_int_equal(v, 42);
    assert_int_equal(mpol_i_method_parse(&v, table, n, "", "f"), MPOL_EINVAL);
    assert_int_equal(mpol_i_method_parse(&v, table, n, NULL, "f"), MPOL_EINVAL);
    assert_string_equal(mpol_last_error(), "f: NULL argument");
    assert_int_equal(mpol_i_method_parse(NULL, table, n, "one", "g"), MPOL_EINVAL);
    assert_string_equal(mpol_last_error(), "g: NULL argument");
    assert_int_equal(v, 42);
}

/* A list longer than the message buffer keeps whole names only. */
static void test_long_list(void **state)
{
    (void)state;
    static char names[40][16];
    mpol_i_method_entry big[40];
    for (int k = 0; k < 40; k++) {
        snprintf(names[k], sizeof names[k], "method%02d", k);
        big[k] = (mpol_i_method_entry){names[k], k};
    }
    int v = -1;
    assert_int_equal(mpol_i_method_parse(&v, big, 40, "x", "f"), MPOL_EINVAL);
    const char *msg = mpol_last_error();
    assert_non_null(strstr(msg, "f: unknown method 'x' (method00, method01, "));
    const char *end = strrchr(msg, ')');
    assert_non_null(end);
    assert_int_equal(end[1], '\0');
    assert_true(end - msg > 8 && strncmp(end - 8, "method", 6) == 0); /* ends on a whole name */
    assert_int_equal(v, -1);
}

static void test_modules(void **state)
{
    (void)state;
    for (int k = MPOL_ZS_AUTO; k <= MPOL_ZS_DENSE; k++) {
        mpol_zs_method m = MPOL_ZS_AUTO;
        assert_int_equal(mpol_zs_method_parse(&m, mpol_zs_method_name((mpol_zs_method)k)), MPOL_OK);
        assert_int_equal(m, k);
    }
    assert_string_equal(mpol_zs_method_name(MPOL_ZS_ORACLE), "oracle");
    assert_string_equal(mpol_zs_method_name((mpol_zs_method)5), "unknown");
    mpol_zs_method zm = MPOL_ZS_GLPK;
    assert_int_equal(mpol_zs_method_parse(&zm, "lp"), MPOL_EINVAL);
    assert_string_equal(mpol_last_error(), "zero-sum: unknown method 'lp' (auto, "
                                           "glpk, simplex, oracle, dense)");
    assert_int_equal(zm, MPOL_ZS_GLPK);
    assert_int_equal(mpol_zs_method_parse(NULL, "auto"), MPOL_EINVAL);
    assert_string_equal(mpol_last_error(), "zero-sum: NULL argument");

    mpol_bimatrix_method bm = MPOL_BIMATRIX_LEMKE_HOWSON;
    assert_int_equal(mpol_bimatrix_method_parse(&bm, "lemke-howson"), MPOL_OK);
    assert_int_equal(bm, MPOL_BIMATRIX_ONE);
    assert_int_equal(mpol_bimatrix_method_parse(&bm, "enumeration"), MPOL_OK);
    assert_int_equal(bm, MPOL_BIMATRIX_ENUMERATE);
    assert_string_equal(mpol_bimatrix_method_name(MPOL_BIMATRIX_ONE), "lh");
    assert_int_equal(mpol_bimatrix_method_parse(&bm, "lemke"), MPOL_EINVAL);
    assert_string_equal(mpol_last_error(), "bimatrix: unknown method 'lemke' (enum, lh-all, lh)");
    assert_int_equal(bm, MPOL_BIMATRIX_ENUMERATE);

    mpol_csg_method cm = MPOL_CSG_DP;
    assert_int_equal(mpol_csg_method_parse(&cm, "idp"), MPOL_OK);
    assert_int_equal(cm, MPOL_CSG_IDP);
    assert_string_equal(mpol_csg_method_name(MPOL_CSG_DP), "dp");
    assert_int_equal(mpol_csg_method_parse(&cm, "DP"), MPOL_EINVAL);
    assert_string_equal(mpol_last_error(), "coalition structure: unknown method 'DP' (idp, dp)");
    assert_int_equal(cm, MPOL_CSG_IDP);
    assert_int_equal(mpol_csg_method_parse(&cm, NULL), MPOL_EINVAL);
    assert_string_equal(mpol_last_error(), "coalition structure: NULL argument");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_name_and_parse),
        cmocka_unit_test(test_long_list),
        cmocka_unit_test(test_modules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
