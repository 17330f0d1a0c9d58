/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests of the report model: JSON escaping and number formats, the text form with its
 * number formats, CSV quoting of commas, quotes and newlines, a failed write (a full device)
 * reported as MPOL_EIO, the schema id written first in JSON only, and the sticky build status after
 * an allocation failure.
 */
#define _XOPEN_SOURCE 700 /* open_memstream */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mpol_test.h"
#include "multipolar/report.h"

typedef mpol_status (*writer)(FILE *, const mpol_report *);

/* Renders @p r with @p w into a new string (free it). */
static char *render(writer w, const mpol_report *r)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(w(f, r), MPOL_OK);
    assert_int_equal(fclose(f), 0);
    return buf;
}

static mpol_report *sample(void)
{
    mpol_report *r = NULL;
    assert_int_equal(mpol_report_new(&r, "T \"q\"", "zero-sum", "m.yaml"), MPOL_OK);
    mpol_report_header_param(r, "p", 0.5);
    mpol_report_node *root = mpol_report_root(r);
    mpol_report_string(root, "s", "label", "a\"b\\c\nd\te\x01");
    mpol_report_number(root, "x", "value", 1.0 / 3.0, "%.3e");
    mpol_report_number(root, "nan", "nan", NAN, NULL);
    mpol_report_number(root, "neg0", "neg0", -0.0, NULL);
    mpol_report_integer(root, "i", "count", -42);
    mpol_report_bool(root, "b", "ok", 1);
    mpol_report_null(root, "z", "none");
    mpol_report_node *l = mpol_report_list(root, "l", NULL);
    mpol_report_number(l, "ignored", NULL, 2.5, NULL);
    mpol_report_text(root, "only text %d\n", 7);
    mpol_report_set_forms(mpol_report_integer(root, "j", NULL, 9), MPOL_REPORT_JSON);
    const char *keys[] = {"name", "p"}, *labels[] = {"Name", "P"};
    mpol_report_node *t = mpol_report_table(root, "t", "table", 2, keys, labels);
    mpol_report_set_forms(t, MPOL_REPORT_TEXT_JSON | MPOL_REPORT_CSV);
    mpol_report_row(t);
    mpol_report_cell_string(t, "a,b");
    mpol_report_cell_number(t, 0.25, "%.2f");
    mpol_report_row(t);
    mpol_report_cell_string(t, "say \"hi\"\nnow");
    mpol_report_cell_number(t, 1e-300, "%.2f");
    mpol_report_check(root, "c", "gap", MPOL_REPORT_PASS, 1e-12, 1e-9);
    assert_int_equal(mpol_report_status(r), MPOL_OK);
    return r;
}

static void test_json(void **state)
{
    (void)state;
    mpol_report *r = sample();
    char *s = render(mpol_report_write_json, r);
    const char *want = "{\n"
                       "  \"model\": \"m.yaml\",\n"
                       "  \"title\": \"T \\\"q\\\"\",\n"
                       "  \"kind\": \"zero-sum\",\n"
                       "  \"parameters\": {\n"
                       "    \"p\": 0.5\n"
                       "  },\n"
                       "  \"s\": \"a\\\"b\\\\c\\nd\\te\\u0001\",\n"
                       "  \"x\": 0.33333333333333331,\n"
                       "  \"nan\": null,\n"
                       "  \"neg0\": 0,\n"
                       "  \"i\": -42,\n"
                       "  \"b\": true,\n"
                       "  \"z\": null,\n"
                       "  \"l\": [\n"
                       "    2.5\n"
                       "  ],\n"
                       "  \"j\": 9,\n"
                       "  \"t\": [\n"
                       "    {\n"
                       "      \"name\": \"a,b\",\n"
                       "      \"p\": 0.25\n"
                       "    },\n"
                       "    {\n"
                       "      \"name\": \"say \\\"hi\\\"\\nnow\",\n"
                       "      \"p\": 1e-300\n"
                       "    }\n"
                       "  ],\n"
                       "  \"c\": {\n"
                       "    \"name\": \"gap\",\n"
                       "    \"state\": \"pass\",\n"
                       "    \"error\": 9.9999999999999998e-13,\n"
                       "    \"tolerance\": 1.0000000000000001e-09\n"
                       "  }\n"
                       "}\n";
    assert_string_equal(s, want);
    free(s);
    mpol_report_free(r);
}

static void test_text(void **state)
{
    (void)state;
    mpol_report *r = sample();
    char *s = render(mpol_report_write_text, r);
    const char *want = "T \"q\"\n"
                       "  model: m.yaml (kind zero-sum)\n"
                       "  parameters: p = 0.5\n"
                       "\n"
                       "label: a\"b\\c\nd\te\x01\n"
                       "value: 3.333e-01\n"
                       "nan: nan\n"
                       "neg0: -0\n"
                       "count: -42\n"
                       "ok: yes\n"
                       "none: -\n"
                       "2.5\n"
                       "only text 7\n"
                       "table\n"
                       "  Name          P\n"
                       "  a,b           0.25\n"
                       "  say \"hi\"\nnow  0.00\n"
                       "gap: PASS (error 1.000e-12, tolerance 1e-09)\n";
    assert_string_equal(s, want);
    free(s);
    mpol_report_free(r);
}

static void test_csv(void **state)
{
    (void)state;
    mpol_report *r = sample();
    char *s = render(mpol_report_write_csv, r);
    assert_string_equal(s, "name,p\n\"a,b\",0.25\n\"say \"\"hi\"\"\nnow\",1e-300\n");
    free(s);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(mpol_report_csv_field(f, "plain", 0), 0);
    assert_int_equal(mpol_report_csv_field(f, "plain", 1), 0);
    assert_int_equal(mpol_report_csv_field(f, "cr\rx", 0), 0);
    assert_int_equal(fclose(f), 0);
    assert_string_equal(buf, "plain\"plain\"\"cr\rx\"");
    free(buf);
    mpol_report_free(r);
}

static void test_inline_list(void **state)
{
    (void)state;
    mpol_report *r = NULL;
    assert_int_equal(mpol_report_new(&r, NULL, NULL, NULL), MPOL_OK);
    mpol_report_header_forms(r, 0);
    mpol_report_node *root = mpol_report_root(r);
    mpol_report_node *l = mpol_report_list_inline(mpol_report_list(root, "pay", "payoffs"));
    mpol_report_number(l, NULL, NULL, 1.5, NULL);
    mpol_report_number(l, NULL, NULL, -2, NULL);
    mpol_report_set_forms(mpol_report_number(l, NULL, NULL, 7, NULL), MPOL_REPORT_TEXT);
    mpol_report_list_inline(mpol_report_list(root, "empty", NULL));
    /* Only a list can be inline; a section stays a multi-line object. */
    mpol_report_node *sec = mpol_report_section(root, "sec", NULL);
    assert_ptr_equal(mpol_report_list_inline(sec), sec);
    mpol_report_integer(sec, "k", NULL, 3);
    assert_int_equal(mpol_report_status(r), MPOL_OK);
    char *s = render(mpol_report_write_json, r);
    assert_string_equal(s, "{\n  \"pay\": [1.5,-2],\n  \"empty\": [],\n"
                           "  \"sec\": {\n    \"k\": 3\n  }\n}\n");
    free(s);
    assert_null(mpol_report_list_inline(NULL));
    mpol_report_free(r);
}

/* A schema id is the JSON form's first key, before the header, and absent from text/CSV. */
static void test_schema(void **state)
{
    (void)state;
    mpol_report *r = NULL;
    assert_int_equal(mpol_report_new(&r, "T", "tu", "m.yaml"), MPOL_OK);
    assert_int_equal(mpol_report_set_schema(r, "multipolar/old/1"), MPOL_OK);
    assert_int_equal(mpol_report_set_schema(r, "multipolar/tu/1"), MPOL_OK);
    mpol_report_integer(mpol_report_root(r), "k", "k", 3);
    char *s = render(mpol_report_write_json, r);
    assert_string_equal(s, "{\n  \"schema\": \"multipolar/tu/1\",\n  \"model\": \"m.yaml\",\n"
                           "  \"title\": \"T\",\n  \"kind\": \"tu\",\n  \"parameters\": {},\n"
                           "  \"k\": 3\n}\n");
    free(s);
    s = render(mpol_report_write_text, r);
    assert_null(strstr(s, "schema"));
    free(s);
    mpol_report_header_forms(r, 0);
    s = render(mpol_report_write_json, r);
    assert_string_equal(s, "{\n  \"schema\": \"multipolar/tu/1\",\n  \"k\": 3\n}\n");
    free(s);
    assert_int_equal(mpol_report_set_schema(r, NULL), MPOL_OK);
    s = render(mpol_report_write_json, r);
    assert_string_equal(s, "{\n  \"k\": 3\n}\n");
    free(s);
    assert_int_equal(mpol_report_set_schema(NULL, "x"), MPOL_EINVAL);
    mpol_report_free(r);
}

static void test_write_failure(void **state)
{
    (void)state;
    FILE *f = fopen("/dev/full", "w");
    if (f == NULL)
        skip();
    setvbuf(f, NULL, _IONBF, 0); /* every write reaches the device */
    mpol_report *r = sample();
    assert_int_equal(mpol_report_write_json(f, r), MPOL_EIO);
    assert_non_null(strstr(mpol_last_error(), "write failed"));
    assert_int_equal(mpol_report_write_text(f, r), MPOL_EIO);
    assert_int_equal(mpol_report_write_csv(f, r), MPOL_EIO);
    fclose(f);
    mpol_report_free(r);
}

static int fail_after;
static void *counting_malloc(size_t n)
{
    return fail_after-- > 0 ? malloc(n) : NULL;
}
static void *counting_realloc(void *p, size_t n)
{
    return fail_after-- > 0 ? realloc(p, n) : NULL;
}

static void test_sticky_status(void **state)
{
    (void)state;
    mpol_report *r = NULL;
    assert_int_equal(mpol_report_new(&r, "t", "k", "s"), MPOL_OK);
    mpol_report_node *root = mpol_report_root(r);
    const mpol_allocator a = {counting_malloc, counting_realloc, free};
    fail_after = 0;
    mpol_set_allocator(&a);
    assert_null(mpol_report_string(root, "a", "a", "x"));
    mpol_set_allocator(NULL);
    /* Later calls do nothing and the first failure stays. */
    assert_null(mpol_report_string(root, "b", "b", "y"));
    assert_null(mpol_report_section(root, "c", NULL));
    assert_null(mpol_report_root(r));
    assert_int_equal(mpol_report_status(r), MPOL_ENOMEM);
    FILE *f = tmpfile();
    assert_non_null(f);
    assert_int_equal(mpol_report_write_json(f, r), MPOL_ENOMEM);
    fclose(f);
    mpol_report_free(r);
    /* A failed new leaves *out NULL. */
    r = (mpol_report *)1;
    fail_after = 0;
    mpol_set_allocator(&a);
    assert_int_equal(mpol_report_new(&r, "t", NULL, NULL), MPOL_ENOMEM);
    mpol_set_allocator(NULL);
    assert_null(r);
    /* A misuse (cell outside a row) is sticky too. */
    assert_int_equal(mpol_report_new(&r, NULL, NULL, NULL), MPOL_OK);
    const char *keys[] = {"k"};
    mpol_report_node *t = mpol_report_table(mpol_report_root(r), "t", NULL, 1, keys, NULL);
    mpol_report_cell_integer(t, 1);
    assert_int_equal(mpol_report_status(r), MPOL_EINVAL);
    mpol_report_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json),          cmocka_unit_test(test_text),
        cmocka_unit_test(test_csv),           cmocka_unit_test(test_write_failure),
        cmocka_unit_test(test_sticky_status), cmocka_unit_test(test_inline_list),
        cmocka_unit_test(test_schema),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
