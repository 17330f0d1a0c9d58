/* SPDX-License-Identifier: GPL-3.0-or-later */
/* This file implements the report tree and its builder (sticky first failure). */
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include "report_internal.h"

mpol_status mpol_report_new(mpol_report **out, const char *title, const char *kind,
                            const char *source)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_report_new: out is NULL");
    *out = NULL;
    mpol_report *r = mpol_calloc(1, sizeof *r);
    if (r == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_report_new: out of memory");
    r->header_forms = MPOL_REPORT_TEXT_JSON;
    r->root.type = RN_SECTION;
    r->root.forms = MPOL_REPORT_TEXT_JSON | MPOL_REPORT_CSV;
    r->root.report = r;
    r->title = title != NULL ? mpol_strdup(title) : NULL;
    r->kind = kind != NULL ? mpol_strdup(kind) : NULL;
    r->source = source != NULL ? mpol_strdup(source) : NULL;
    if ((title != NULL && r->title == NULL) || (kind != NULL && r->kind == NULL) ||
        (source != NULL && r->source == NULL)) {
        mpol_report_free(r);
        return mpol_error(MPOL_ENOMEM, "mpol_report_new: out of memory");
    }
    *out = r;
    return MPOL_OK;
}

mpol_status mpol_report_set_schema(mpol_report *r, const char *schema)
{
    if (r == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_report_set_schema: NULL report");
    char *copy = NULL;
    if (schema != NULL && (copy = mpol_strdup(schema)) == NULL) {
        if (r->status == MPOL_OK)
            r->status = MPOL_ENOMEM;
        return mpol_error(MPOL_ENOMEM, "mpol_report_set_schema: out of memory");
    }
    mpol_free(r->schema);
    r->schema = copy;
    return MPOL_OK;
}

static void free_children(mpol_report_node *n)
{
    mpol_report_node *c = n->first;
    while (c != NULL) {
        mpol_report_node *next = c->next;
        free_children(c);
        mpol_free(c->key);
        mpol_free(c->label);
        mpol_free(c->str);
        mpol_free(c->fmt);
        for (size_t i = 0; i < c->ncols; i++) {
            mpol_free(c->cols[i].key);
            mpol_free(c->cols[i].label);
        }
        mpol_free(c->cols);
        for (size_t i = 0; i < c->ncells; i++) {
            mpol_free(c->cells[i].str);
            mpol_free(c->cells[i].fmt);
        }
        mpol_free(c->cells);
        mpol_free(c);
        c = next;
    }
}

void mpol_report_free(mpol_report *r)
{
    if (r == NULL)
        return;
    free_children(&r->root);
    for (size_t i = 0; i < r->nparams; i++)
        mpol_free(r->params[i].name);
    mpol_free(r->params);
    mpol_free(r->title);
    mpol_free(r->schema);
    mpol_free(r->kind);
    mpol_free(r->source);
    mpol_free(r);
}

mpol_status mpol_report_status(const mpol_report *r)
{
    return r == NULL ? MPOL_EINVAL : r->status;
}

mpol_report_node *mpol_report_root(mpol_report *r)
{
    return r == NULL || r->status != MPOL_OK ? NULL : &r->root;
}

static void fail(mpol_report *r, mpol_status st, const char *what)
{
    if (r->status == MPOL_OK)
        r->status = mpol_error(st, "report: %s", what);
}

void mpol_report_header_param(mpol_report *r, const char *name, double value)
{
    if (r == NULL || r->status != MPOL_OK)
        return;
    rparam *p = r->params;
    if (r->nparams == r->params_cap) { /* doubling: a model may have 10^5 parameters */
        size_t cap = r->params_cap ? 2 * r->params_cap : 8;
        p = cap <= SIZE_MAX / sizeof *p ? mpol_realloc(r->params, cap * sizeof *p) : NULL;
        if (p == NULL) {
            fail(r, MPOL_ENOMEM, "out of memory");
            return;
        }
        r->params = p;
        r->params_cap = cap;
    }
    p[r->nparams].name = mpol_strdup(name != NULL ? name : "");
    p[r->nparams].value = value;
    if (p[r->nparams].name == NULL) {
        fail(r, MPOL_ENOMEM, "out of memory");
        return;
    }
    r->nparams++;
}

void mpol_report_header_forms(mpol_report *r, unsigned forms)
{
    if (r != NULL)
        r->header_forms = forms;
}

mpol_report_node *mpol_report_set_forms(mpol_report_node *n, unsigned forms)
{
    if (n != NULL)
        n->forms = forms;
    return n;
}

mpol_report_node *mpol_report_list_inline(mpol_report_node *list)
{
    if (list != NULL && list->type == RN_LIST)
        list->json_inline = 1;
    return list;
}

/* Duplicates @p s (NULL stays NULL); records ENOMEM and returns -1 on failure. */
static int dup(mpol_report *r, char **dst, const char *s)
{
    *dst = NULL;
    if (s == NULL)
        return 0;
    *dst = mpol_strdup(s);
    if (*dst == NULL) {
        fail(r, MPOL_ENOMEM, "out of memory");
        return -1;
    }
    return 0;
}

static mpol_report_node *add(mpol_report_node *parent, rn_type type, const char *key,
                             const char *label)
{
    if (parent == NULL || parent->report->status != MPOL_OK)
        return NULL;
    mpol_report *r = parent->report;
    if (parent->type != RN_SECTION && parent->type != RN_LIST) {
        fail(r, MPOL_EINVAL, "a child added to a node that is not a section or list");
        return NULL;
    }
    mpol_report_node *n = mpol_calloc(1, sizeof *n);
    if (n == NULL) {
        fail(r, MPOL_ENOMEM, "out of memory");
        return NULL;
    }
    n->type = type;
    n->report = r;
    n->forms = MPOL_REPORT_TEXT_JSON;
    if (parent->last != NULL)
        parent->last->next = n;
    else
        parent->first = n;
    parent->last = n;
    if (dup(r, &n->key, parent->type == RN_LIST ? NULL : key) != 0 || dup(r, &n->label, label) != 0)
        return NULL;
    return n;
}

mpol_report_node *mpol_report_section(mpol_report_node *parent, const char *key, const char *label)
{
    return add(parent, RN_SECTION, key, label);
}

mpol_report_node *mpol_report_list(mpol_report_node *parent, const char *key, const char *label)
{
    return add(parent, RN_LIST, key, label);
}

mpol_report_node *mpol_report_string(mpol_report_node *parent, const char *key, const char *label,
                                     const char *value)
{
    mpol_report_node *n = add(parent, RN_STRING, key, label);
    if (n != NULL && dup(n->report, &n->str, value != NULL ? value : "") != 0)
        return NULL;
    return n;
}

mpol_report_node *mpol_report_number(mpol_report_node *parent, const char *key, const char *label,
                                     double value, const char *fmt)
{
    mpol_report_node *n = add(parent, RN_NUMBER, key, label);
    if (n == NULL)
        return NULL;
    n->num = value;
    if (dup(n->report, &n->fmt, fmt != NULL ? fmt : "%.12g") != 0)
        return NULL;
    return n;
}

mpol_report_node *mpol_report_integer(mpol_report_node *parent, const char *key, const char *label,
                                      long long value)
{
    mpol_report_node *n = add(parent, RN_INTEGER, key, label);
    if (n != NULL)
        n->ival = value;
    return n;
}

mpol_report_node *mpol_report_bool(mpol_report_node *parent, const char *key, const char *label,
                                   int value)
{
    mpol_report_node *n = add(parent, RN_BOOL, key, label);
    if (n != NULL)
        n->ival = value != 0;
    return n;
}

mpol_report_node *mpol_report_null(mpol_report_node *parent, const char *key, const char *label)
{
    return add(parent, RN_NULL, key, label);
}

mpol_report_node *mpol_report_text(mpol_report_node *parent, const char *fmt, ...)
{
    mpol_report_node *n = add(parent, RN_TEXT, NULL, NULL);
    if (n == NULL)
        return NULL;
    n->forms = MPOL_REPORT_TEXT;
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (len < 0) {
        fail(n->report, MPOL_EINVAL, "bad text format");
        return NULL;
    }
    n->str = mpol_malloc((size_t)len + 1);
    if (n->str == NULL) {
        fail(n->report, MPOL_ENOMEM, "out of memory");
        return NULL;
    }
    va_start(ap, fmt);
    vsnprintf(n->str, (size_t)len + 1, fmt, ap);
    va_end(ap);
    return n;
}

mpol_report_node *mpol_report_table(mpol_report_node *parent, const char *key, const char *label,
                                    size_t ncols, const char *const *keys,
                                    const char *const *labels)
{
    mpol_report_node *n = add(parent, RN_TABLE, key, label);
    if (n == NULL)
        return NULL;
    if (ncols == 0 || keys == NULL) {
        fail(n->report, MPOL_EINVAL, "a table needs columns");
        return NULL;
    }
    n->cols = mpol_calloc(ncols, sizeof *n->cols);
    if (n->cols == NULL) {
        fail(n->report, MPOL_ENOMEM, "out of memory");
        return NULL;
    }
    n->ncols = ncols;
    for (size_t i = 0; i < ncols; i++) {
        n->cols[i].forms = MPOL_REPORT_TEXT_JSON | MPOL_REPORT_CSV;
        if (dup(n->report, &n->cols[i].key, keys[i] != NULL ? keys[i] : "") != 0 ||
            dup(n->report, &n->cols[i].label, labels != NULL ? labels[i] : NULL) != 0)
            return NULL;
    }
    return n;
}

static int is_table(mpol_report_node *t)
{
    if (t == NULL || t->report->status != MPOL_OK)
        return 0;
    if (t->type != RN_TABLE) {
        fail(t->report, MPOL_EINVAL, "a column or cell of a node that is not a table");
        return 0;
    }
    return 1;
}

void mpol_report_column_forms(mpol_report_node *t, size_t col, unsigned forms)
{
    if (is_table(t) && col < t->ncols)
        t->cols[col].forms = forms;
}

void mpol_report_column_min_width(mpol_report_node *t, size_t col, int width)
{
    if (is_table(t) && col < t->ncols)
        t->cols[col].min_width = width;
}

void mpol_report_table_csv_quote(mpol_report_node *t, int always)
{
    if (is_table(t))
        t->csv_quote = always != 0;
}

void mpol_report_row(mpol_report_node *t)
{
    if (!is_table(t))
        return;
    if (t->nrows > 0 && t->ncells != t->nrows * t->ncols) {
        fail(t->report, MPOL_EINVAL, "a table row with too few cells");
        return;
    }
    t->nrows++;
}

static rcell *cell(mpol_report_node *t, rn_type type)
{
    if (!is_table(t))
        return NULL;
    if (t->nrows == 0 || t->ncells >= t->nrows * t->ncols) {
        fail(t->report, MPOL_EINVAL, "a table cell outside a row");
        return NULL;
    }
    if (t->ncells == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 16;
        rcell *c = mpol_realloc(t->cells, cap * sizeof *c);
        if (c == NULL) {
            fail(t->report, MPOL_ENOMEM, "out of memory");
            return NULL;
        }
        t->cells = c;
        t->cap = cap;
    }
    rcell *c = &t->cells[t->ncells++];
    memset(c, 0, sizeof *c);
    c->type = type;
    return c;
}

void mpol_report_cell_string(mpol_report_node *t, const char *value)
{
    rcell *c = cell(t, RN_STRING);
    if (c != NULL)
        dup(t->report, &c->str, value != NULL ? value : "");
}

void mpol_report_cell_bare(mpol_report_node *t, const char *value)
{
    rcell *c = cell(t, RN_STRING);
    if (c != NULL) {
        c->ival = 1;
        dup(t->report, &c->str, value != NULL ? value : "");
    }
}

void mpol_report_cell_number(mpol_report_node *t, double value, const char *fmt)
{
    rcell *c = cell(t, RN_NUMBER);
    if (c != NULL) {
        c->num = value;
        dup(t->report, &c->fmt, fmt != NULL ? fmt : "%.12g");
    }
}

void mpol_report_cell_integer(mpol_report_node *t, long long value)
{
    rcell *c = cell(t, RN_INTEGER);
    if (c != NULL)
        c->ival = value;
}

void mpol_report_cell_bool(mpol_report_node *t, int value)
{
    rcell *c = cell(t, RN_BOOL);
    if (c != NULL)
        c->ival = value != 0;
}

mpol_report_node *mpol_report_check(mpol_report_node *parent, const char *key, const char *name,
                                    mpol_report_check_state state, double error, double tolerance)
{
    mpol_report_node *n = add(parent, RN_CHECK, key, name);
    if (n == NULL)
        return NULL;
    n->ival = state;
    n->num = error;
    n->tol = tolerance;
    return n;
}
