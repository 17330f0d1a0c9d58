/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Slow test of the readers' decimal conversion: ten million random decimal strings (the
 * shapes of decimal_check.h), each converted to strtod's double bit for bit and to
 * mpol_rational_parse's rational.
 */
#include "decimal_check.h"

static void test_ten_million(void **state)
{
    (void)state;
    decimal_check_random(1, 10000000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ten_million),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
