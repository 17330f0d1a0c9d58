/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests of the kind table (model.c): every kind has an entry whose name is the kind's
 * spelling, which a model file's `kind:` selects, and whose sweep hooks sweep.c finds; a
 * kind out of range has none; the hedonic accessor goes through the table. */
#include <stdio.h>
#include <string.h>

#include "model/model_internal.h"
#include "mpol_test.h"
#include "multipolar/coalition.h"
#include "sweep/sweep_internal.h"

static void test_every_kind_has_an_entry(void **state)
{
    (void)state;
    for (int k = 0; k < MPOL_MODEL_KIND_COUNT; k++) {
        const mpol_i_kind_ops *ops = mpol_i_kind_ops_for((mpol_model_kind)k);
        assert_non_null(ops);
        assert_int_equal(ops->kind, k);
        assert_string_equal(ops->name, mpol_model_kind_name((mpol_model_kind)k));
        assert_non_null(ops->parse);
        assert_non_null(ops->sweep);
        assert_ptr_equal(mpol_i_sweep_kind_for((mpol_model_kind)k), ops->sweep);
        assert_int_equal(ops->hedonic != NULL, k == MPOL_MODEL_HEDONIC);
    }
    assert_null(mpol_i_kind_ops_for(MPOL_MODEL_KIND_COUNT));
    assert_null(mpol_i_kind_ops_for((mpol_model_kind)-1));
    assert_null(mpol_i_sweep_kind_for(MPOL_MODEL_KIND_COUNT));
    assert_string_equal(mpol_model_kind_name(MPOL_MODEL_KIND_COUNT), "unknown");
}

static void test_unknown_kind_lists_the_table(void **state)
{
    (void)state;
    mpol_test_load_error("title: t\nkind: qqqqqqqqqqqq\n", MPOL_EPARSE,
                         "t.yaml:2:7: unknown kind \"qqqqqqqqqqqq\" (expected zero-sum, "
                         "bimatrix, normal-form, tu, weighted-voting, hedonic, "
                         "bayesian-stackelberg, stochastic, tree, bayesian or repeated)");
    mpol_test_load_error("title: t\nkind: hedonik\n", MPOL_EPARSE,
                         "t.yaml:2:7: unknown kind \"hedonik\" (did you mean \"hedonic\"?)");
}

static void test_hedonic_through_the_table(void **state)
{
    (void)state;
    mpol_model *m = mpol_test_load_ok("title: t\nkind: tu\nplayers: [A, B]\n"
                                      "values:\n  A: 0\n  B: 0\n  A+B: 1\n");
    mpol_hedonic *h = (mpol_hedonic *)&h;
    assert_int_equal(mpol_hedonic_from_model(&h, m, NULL), MPOL_EINVAL);
    assert_null(h);
    assert_non_null(strstr(mpol_last_error(), "not a hedonic model"));
    const mpol_coalition *parts = NULL;
    size_t n = 1;
    assert_int_equal(mpol_model_hedonic_partition(m, &parts, &n), MPOL_EINVAL);
    mpol_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_kind_has_an_entry),
        cmocka_unit_test(test_unknown_kind_lists_the_table),
        cmocka_unit_test(test_hedonic_through_the_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
