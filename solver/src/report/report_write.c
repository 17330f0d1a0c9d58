/* SPDX-License-Identifier: GPL-3.0-or-later */
/* This file implements the report's text, JSON and CSV renderers; every write is checked. */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "report_internal.h"

#define W(expr)                                                                                    \
    do {                                                                                           \
        if ((expr) < 0)                                                                            \
            return -1;                                                                             \
    } while (0)

static mpol_status io_fail(void)
{
    return mpol_error(MPOL_EIO, "report: write failed: %s", strerror(errno != 0 ? errno : EIO));
}

int mpol_report_json_string(FILE *out, const char *s)
{
    W(fputc('"', out));
    for (const unsigned char *p = (const unsigned char *)(s != NULL ? s : ""); *p; p++) {
        switch (*p) {
        case '"':
            W(fputs("\\\"", out));
            break;
        case '\\':
            W(fputs("\\\\", out));
            break;
        case '\n':
            W(fputs("\\n", out));
            break;
        case '\r':
            W(fputs("\\r", out));
            break;
        case '\t':
            W(fputs("\\t", out));
            break;
        default:
            if (*p < 0x20)
                W(fprintf(out, "\\u%04x", *p));
            else
                W(fputc(*p, out));
        }
    }
    W(fputc('"', out));
    return 0;
}

int mpol_report_json_number(FILE *out, double x)
{
    if (!isfinite(x))
        W(fputs("null", out));
    else if (x == 0)
        W(fputs("0", out)); /* no "-0" */
    else
        W(fprintf(out, "%.17g", x));
    return 0;
}

int mpol_report_csv_field(FILE *out, const char *s, int always)
{
    s = s != NULL ? s : "";
    if (!always && strpbrk(s, ",\"\r\n") == NULL)
        return fputs(s, out) < 0 ? -1 : 0;
    W(fputc('"', out));
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            W(fputc('"', out));
        W(fputc(*p, out));
    }
    W(fputc('"', out));
    return 0;
}

/* ---- JSON ---- */

static int indent(FILE *out, int depth)
{
    W(fputc('\n', out));
    for (int i = 0; i < depth; i++)
        W(fputs("  ", out));
    return 0;
}

/* Separator, newline and key before a member at @p depth; *first tracks the container. */
static int member(FILE *out, int depth, int *first, const char *key)
{
    if (!*first)
        W(fputc(',', out));
    *first = 0;
    W(indent(out, depth));
    if (key != NULL) {
        W(mpol_report_json_string(out, key));
        W(fputs(": ", out));
    }
    return 0;
}

static int json_cell(FILE *out, const rcell *c)
{
    switch (c->type) {
    case RN_STRING:
        return mpol_report_json_string(out, c->str);
    case RN_NUMBER:
        return mpol_report_json_number(out, c->num);
    case RN_INTEGER:
        return fprintf(out, "%lld", c->ival) < 0 ? -1 : 0;
    case RN_BOOL:
        return fputs(c->ival ? "true" : "false", out) < 0 ? -1 : 0;
    default:
        return fputs("null", out) < 0 ? -1 : 0;
    }
}

static int json_children(FILE *out, const mpol_report_node *n, int depth, int *first);

static int json_node(FILE *out, const mpol_report_node *n, int depth)
{
    static const char *const states[] = {"pass", "fail", "not-run"};
    int first = 1;
    switch (n->type) {
    case RN_LIST:
        if (n->json_inline) {
            W(fputc('[', out));
            for (const mpol_report_node *c = n->first; c != NULL; c = c->next) {
                if (!(c->forms & MPOL_REPORT_JSON) || c->type == RN_TEXT)
                    continue;
                if (!first)
                    W(fputc(',', out));
                first = 0;
                W(json_node(out, c, depth));
            }
            W(fputc(']', out));
            return 0;
        }
        /* fall through */
    case RN_SECTION:
        W(fputc(n->type == RN_SECTION ? '{' : '[', out));
        W(json_children(out, n, depth + 1, &first));
        if (!first)
            W(indent(out, depth));
        W(fputc(n->type == RN_SECTION ? '}' : ']', out));
        return 0;
    case RN_STRING:
        return mpol_report_json_string(out, n->str);
    case RN_NUMBER:
        return mpol_report_json_number(out, n->num);
    case RN_INTEGER:
        return fprintf(out, "%lld", n->ival) < 0 ? -1 : 0;
    case RN_BOOL:
        return fputs(n->ival ? "true" : "false", out) < 0 ? -1 : 0;
    case RN_TABLE:
        W(fputc('[', out));
        for (size_t r = 0; r < n->nrows; r++) {
            int f2 = 1;
            W(member(out, depth + 1, &first, NULL));
            W(fputc('{', out));
            for (size_t c = 0; c < n->ncols && r * n->ncols + c < n->ncells; c++) {
                if (!(n->cols[c].forms & MPOL_REPORT_JSON))
                    continue;
                W(member(out, depth + 2, &f2, n->cols[c].key));
                W(json_cell(out, &n->cells[r * n->ncols + c]));
            }
            if (!f2)
                W(indent(out, depth + 1));
            W(fputc('}', out));
        }
        if (!first)
            W(indent(out, depth));
        W(fputc(']', out));
        return 0;
    case RN_CHECK:
        W(fputc('{', out));
        W(member(out, depth + 1, &first, "name"));
        W(mpol_report_json_string(out, n->label));
        W(member(out, depth + 1, &first, "state"));
        W(mpol_report_json_string(out, states[n->ival]));
        W(member(out, depth + 1, &first, "error"));
        W(mpol_report_json_number(out, n->num));
        W(member(out, depth + 1, &first, "tolerance"));
        W(mpol_report_json_number(out, n->tol));
        W(indent(out, depth));
        W(fputc('}', out));
        return 0;
    default:
        return fputs("null", out) < 0 ? -1 : 0;
    }
}

static int json_children(FILE *out, const mpol_report_node *n, int depth, int *first)
{
    for (const mpol_report_node *c = n->first; c != NULL; c = c->next) {
        if (!(c->forms & MPOL_REPORT_JSON) || c->type == RN_TEXT)
            continue;
        W(member(out, depth, first, n->type == RN_LIST ? NULL : (c->key ? c->key : "")));
        W(json_node(out, c, depth));
    }
    return 0;
}

static int json_report(FILE *out, const mpol_report *r)
{
    int first = 1;
    W(fputc('{', out));
    if (r->schema != NULL) {
        W(member(out, 1, &first, "schema"));
        W(mpol_report_json_string(out, r->schema));
    }
    if (r->header_forms & MPOL_REPORT_JSON) {
        W(member(out, 1, &first, "model"));
        W(mpol_report_json_string(out, r->source));
        W(member(out, 1, &first, "title"));
        W(mpol_report_json_string(out, r->title));
        W(member(out, 1, &first, "kind"));
        W(mpol_report_json_string(out, r->kind));
        W(member(out, 1, &first, "parameters"));
        W(fputc('{', out));
        int f2 = 1;
        for (size_t i = 0; i < r->nparams; i++) {
            W(member(out, 2, &f2, r->params[i].name));
            W(mpol_report_json_number(out, r->params[i].value));
        }
        if (!f2)
            W(indent(out, 1));
        W(fputc('}', out));
    }
    W(json_children(out, &r->root, 1, &first));
    if (!first)
        W(indent(out, 0));
    W(fputs("}\n", out));
    return 0;
}

mpol_status mpol_report_write_json(FILE *out, const mpol_report *r)
{
    if (out == NULL || r == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_report_write_json: NULL argument");
    if (r->status != MPOL_OK)
        return r->status;
    errno = 0;
    return json_report(out, r) == 0 ? MPOL_OK : io_fail();
}

/* ---- text ---- */

static int text_value(FILE *out, rn_type type, const char *str, const char *fmt, double num,
                      long long ival)
{
    switch (type) {
    case RN_STRING:
        return fputs(str, out) < 0 ? -1 : 0;
    case RN_NUMBER:
        return fprintf(out, fmt, num) < 0 ? -1 : 0;
    case RN_INTEGER:
        return fprintf(out, "%lld", ival) < 0 ? -1 : 0;
    case RN_BOOL:
        return fputs(ival ? "yes" : "no", out) < 0 ? -1 : 0;
    default:
        return fputs("-", out) < 0 ? -1 : 0;
    }
}

static int cell_width(const rcell *c)
{
    char buf[512];
    switch (c->type) {
    case RN_STRING:
        return (int)strlen(c->str);
    case RN_NUMBER:
        return snprintf(buf, sizeof buf, c->fmt, c->num);
    case RN_INTEGER:
        return snprintf(buf, sizeof buf, "%lld", c->ival);
    case RN_BOOL:
        return c->ival ? 3 : 2;
    default:
        return 1;
    }
}

static int text_table(FILE *out, const mpol_report_node *n, int ind)
{
    int w[64] = {0};
    size_t nc = n->ncols < 64 ? n->ncols : 64;
    int header = 0;
    for (size_t c = 0; c < nc; c++) {
        w[c] = n->cols[c].min_width;
        if (n->cols[c].label != NULL && (n->cols[c].forms & MPOL_REPORT_TEXT)) {
            header = 1;
            if ((int)strlen(n->cols[c].label) > w[c])
                w[c] = (int)strlen(n->cols[c].label);
        }
        for (size_t r = 0; r < n->nrows && r * n->ncols + c < n->ncells; r++) {
            int cw = cell_width(&n->cells[r * n->ncols + c]);
            if (cw > w[c])
                w[c] = cw;
        }
    }
    for (size_t r = 0; r < n->nrows + (size_t)header; r++) {
        size_t row = r - (size_t)header, last = 0;
        for (size_t c = 0; c < nc; c++) {
            if (!(n->cols[c].forms & MPOL_REPORT_TEXT))
                continue;
            if (header && r == 0 ? n->cols[c].label != NULL
                                 : cell_width(&n->cells[row * n->ncols + c]) > 0)
                last = c + 1;
        }
        W(fprintf(out, "%*s", ind + 2, ""));
        int sep = 0;
        for (size_t c = 0; c < last; c++) {
            if (!(n->cols[c].forms & MPOL_REPORT_TEXT))
                continue;
            if (sep)
                W(fputs("  ", out));
            sep = 1;
            int pad = c + 1 < last ? w[c] : 0;
            if (header && r == 0) {
                W(fprintf(out, "%-*s", pad, n->cols[c].label ? n->cols[c].label : ""));
                continue;
            }
            const rcell *cl = &n->cells[row * n->ncols + c];
            int cw = cell_width(cl);
            if (cl->type != RN_STRING)
                W(fprintf(out, "%*s", pad > cw ? pad - cw : 0, ""));
            W(text_value(out, cl->type, cl->str, cl->fmt, cl->num, cl->ival));
            if (cl->type == RN_STRING)
                W(fprintf(out, "%*s", pad > cw ? pad - cw : 0, ""));
        }
        W(fputc('\n', out));
    }
    return 0;
}

static int text_children(FILE *out, const mpol_report_node *n, int ind)
{
    static const char *const states[] = {"PASS", "FAIL", "NOT RUN"};
    for (const mpol_report_node *c = n->first; c != NULL; c = c->next) {
        if (!(c->forms & MPOL_REPORT_TEXT))
            continue;
        if (c->type == RN_TEXT) {
            W(fputs(c->str, out));
            continue;
        }
        if (c->type == RN_SECTION || c->type == RN_LIST || c->type == RN_TABLE) {
            if (c->label != NULL)
                W(fprintf(out, "%*s%s\n", ind, "", c->label));
            int sub = c->label != NULL ? ind + 2 : ind;
            if (c->type == RN_TABLE)
                W(text_table(out, c, c->label != NULL ? ind : ind - 2));
            else
                W(text_children(out, c, sub));
            continue;
        }
        W(fprintf(out, "%*s", ind, ""));
        if (c->label != NULL)
            W(fprintf(out, "%s: ", c->label));
        if (c->type == RN_CHECK)
            W(fprintf(out, "%s (error %.3e, tolerance %g)", states[c->ival], c->num, c->tol));
        else
            W(text_value(out, c->type, c->str, c->fmt, c->num, c->ival));
        W(fputc('\n', out));
    }
    return 0;
}

static int text_report(FILE *out, const mpol_report *r)
{
    if ((r->header_forms & MPOL_REPORT_TEXT) && r->title != NULL) {
        W(fprintf(out, "%s\n", r->title));
        W(fprintf(out, "  model: %s (kind %s)\n", r->source ? r->source : "",
                  r->kind ? r->kind : ""));
        if (r->nparams > 0) {
            W(fputs("  parameters:", out));
            for (size_t i = 0; i < r->nparams; i++)
                W(fprintf(out, "%s %s = %.10g", i ? "," : "", r->params[i].name,
                          r->params[i].value));
            W(fputc('\n', out));
        }
        W(fputc('\n', out));
    }
    return text_children(out, &r->root, 0);
}

mpol_status mpol_report_write_text(FILE *out, const mpol_report *r)
{
    if (out == NULL || r == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_report_write_text: NULL argument");
    if (r->status != MPOL_OK)
        return r->status;
    errno = 0;
    return text_report(out, r) == 0 ? MPOL_OK : io_fail();
}

/* ---- CSV ---- */

static int csv_tables(FILE *out, const mpol_report_node *n)
{
    for (const mpol_report_node *c = n->first; c != NULL; c = c->next) {
        if (c->type == RN_SECTION || c->type == RN_LIST)
            W(csv_tables(out, c));
        if (c->type != RN_TABLE || !(c->forms & MPOL_REPORT_CSV))
            continue;
        int sep = 0;
        for (size_t k = 0; k < c->ncols; k++) {
            if (!(c->cols[k].forms & MPOL_REPORT_CSV))
                continue;
            if (sep)
                W(fputc(',', out));
            sep = 1;
            W(mpol_report_csv_field(out, c->cols[k].key, 0));
        }
        W(fputc('\n', out));
        for (size_t r = 0; r < c->nrows; r++) {
            sep = 0;
            for (size_t k = 0; k < c->ncols && r * c->ncols + k < c->ncells; k++) {
                if (!(c->cols[k].forms & MPOL_REPORT_CSV))
                    continue;
                if (sep)
                    W(fputc(',', out));
                sep = 1;
                const rcell *cl = &c->cells[r * c->ncols + k];
                if (cl->type == RN_STRING)
                    W(mpol_report_csv_field(out, cl->str,
                                            c->csv_quote && !cl->ival && cl->str[0] != '\0'));
                else if (cl->type == RN_NUMBER)
                    W(isfinite(cl->num) ? fprintf(out, "%.17g", cl->num) : 0);
                else if (cl->type == RN_INTEGER)
                    W(fprintf(out, "%lld", cl->ival));
                else if (cl->type == RN_BOOL)
                    W(fputs(cl->ival ? "true" : "false", out));
            }
            W(fputc('\n', out));
        }
    }
    return 0;
}

mpol_status mpol_report_write_csv(FILE *out, const mpol_report *r)
{
    if (out == NULL || r == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_report_write_csv: NULL argument");
    if (r->status != MPOL_OK)
        return r->status;
    errno = 0;
    return csv_tables(out, &r->root) == 0 ? MPOL_OK : io_fail();
}
