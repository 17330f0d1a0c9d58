/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests of the readers' decimal conversion (core/decimal_internal.h): hard cases
 * (halfway values, the neighbours of powers of two, subnormals, the largest and smallest
 * doubles, 17 to 25 digits, overflow) and 300000 random strings, each converted to strtod's
 * double bit for bit and to mpol_rational_parse's rational; the scan's length and fields.
 * test_slow_decimal.c runs the random check on ten million strings.
 */
#include "decimal_check.h"

static void test_hard_cases(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "0",
        "-0",
        "0.0",
        "1",
        "-1",
        "0.1",
        "0.2",
        "0.3",
        "1.5",
        "123.456",
        "0.000001",
        "9007199254740992",
        "9007199254740993",
        "9007199254740994",
        "9007199254740995",
        "18014398509481986",
        "18014398509481990",
        "9007199254740993e10",
        "9007199254740993e-10",
        "1.00000000000000011102230246251565404236316680908203125",
        "1.00000000000000011102230246251565404236316680908203124",
        "1.00000000000000011102230246251565404236316680908203126",
        "0.1000000000000000055511151231257827",
        "4.9406564584124654e-324",
        "2.4703282292062327e-324",
        "2.4703282292062328e-324",
        "2.2250738585072011e-308",
        "2.2250738585072014e-308",
        "2.2250738585072012e-308",
        "1.7976931348623157e308",
        "1.7976931348623158e308",
        "1.7976931348623159e308",
        "1e308",
        "1e309",
        "1e-400",
        "1e-324",
        "1e23",
        "8.589973e9",
        "1e22",
        "1e-22",
        "0.55471328540112785",
        "-0.064184514198316167",
        "12345678901234567890",
        "1234567890123456789",
        "123456789012345678901234567890",
        "0.30000000000000004",
        "2.7182818284590452353602874713527",
        "3.141592653589793",
        "7.2057594037927933e16",
        "9223372036854775807",
        "9223372036854775808",
        "18446744073709551615",
        "18446744073709551616",
        "1.0e0",
        "5e-1",
        "0.999999999999999999",
        "99999999999999999e-17",
        "4503599627370496.5",
        "4503599627370497.5",
        "2.225073858507201136057409796709131975934819546351645648e-308",
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        decimal_check_one(cases[i]);
}

static void test_scan(void **state)
{
    (void)state;
    mpol_i_decimal dec;
    assert_int_equal(mpol_i_decimal_scan("-12.50e3 x", 10, &dec), 8);
    assert_true(dec.neg);
    assert_int_equal(dec.w, 1250);
    assert_int_equal(dec.q, 1);
    assert_int_equal(dec.idig, 2);
    assert_int_equal(dec.fdig, 2);
    assert_true(dec.has_exp);
    assert_int_equal(mpol_i_decimal_scan("1e", 2, &dec), 1); /* no exponent digits */
    assert_false(dec.has_exp);
    assert_int_equal(mpol_i_decimal_scan(".", 1, &dec), 0);
    assert_int_equal(mpol_i_decimal_scan("-x", 2, &dec), 0);
    assert_int_equal(mpol_i_decimal_scan("12345", 3, &dec), 3); /* stops at n */
    assert_int_equal(dec.w, 123);
    mpol_rational r;
    assert_int_equal(mpol_i_decimal_scan("0.250", 5, &dec), 5);
    assert_true(mpol_i_decimal_rational(&dec, &r));
    assert_int_equal(r.num, 1);
    assert_int_equal(r.den, 4);
    assert_int_equal(mpol_i_decimal_scan("1e3", 3, &dec), 3);
    assert_false(mpol_i_decimal_rational(&dec, &r)); /* exponents: mpol_rational_parse */
}

static void test_random(void **state)
{
    (void)state;
    decimal_check_random(20261203, 300000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hard_cases),
        cmocka_unit_test(test_scan),
        cmocka_unit_test(test_random),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
