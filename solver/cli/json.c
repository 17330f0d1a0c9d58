/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the CLI's streaming JSON writer: correct escaping, commas and
 * indentation handled by a depth stack, numbers that round-trip (%.17g) and null for
 * non-finite values.
 */
#include "json.h"

#include <math.h>

void json_init(json_writer *w, FILE *out)
{
    w->out = out;
    w->depth = 0;
    w->first[0] = 1;
    w->after_key = 0;
    w->indent = 1;
}

static void newline(json_writer *w)
{
    if (!w->indent)
        return;
    fputc('\n', w->out);
    for (int i = 0; i < w->depth; i++)
        fputs("  ", w->out);
}

/* Writes the separator before a value (or key) at the current depth. */
static void before_value(json_writer *w)
{
    if (w->after_key) {
        w->after_key = 0;
        return;
    }
    if (w->depth > 0) {
        if (!w->first[w->depth])
            fputc(',', w->out);
        newline(w);
    }
    w->first[w->depth] = 0;
}

static void open(json_writer *w, char c)
{
    before_value(w);
    fputc(c, w->out);
    if (w->depth + 1 < JSON_MAX_DEPTH)
        w->depth++;
    w->first[w->depth] = 1;
}

static void close(json_writer *w, char c)
{
    int empty = w->first[w->depth];
    if (w->depth > 0)
        w->depth--;
    if (!empty)
        newline(w);
    fputc(c, w->out);
}

void json_object_begin(json_writer *w)
{
    open(w, '{');
}

void json_object_end(json_writer *w)
{
    close(w, '}');
}

void json_array_begin(json_writer *w)
{
    open(w, '[');
}

void json_array_end(json_writer *w)
{
    close(w, ']');
}

static void write_escaped(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"':
            fputs("\\\"", out);
            break;
        case '\\':
            fputs("\\\\", out);
            break;
        case '\n':
            fputs("\\n", out);
            break;
        case '\r':
            fputs("\\r", out);
            break;
        case '\t':
            fputs("\\t", out);
            break;
        default:
            if (*p < 0x20)
                fprintf(out, "\\u%04x", *p);
            else
                fputc(*p, out);
        }
    }
    fputc('"', out);
}

void json_key(json_writer *w, const char *key)
{
    before_value(w);
    write_escaped(w->out, key);
    fputs(w->indent ? ": " : ":", w->out);
    w->after_key = 1;
}

void json_string(json_writer *w, const char *s)
{
    before_value(w);
    write_escaped(w->out, s != NULL ? s : "");
}

void json_number(json_writer *w, double x)
{
    before_value(w);
    if (!isfinite(x))
        fputs("null", w->out);
    else if (x == 0)
        fputs("0", w->out); /* no "-0" */
    else
        fprintf(w->out, "%.17g", x);
}

void json_integer(json_writer *w, long long x)
{
    before_value(w);
    fprintf(w->out, "%lld", x);
}

void json_bool(json_writer *w, int b)
{
    before_value(w);
    fputs(b ? "true" : "false", w->out);
}

void json_null(json_writer *w)
{
    before_value(w);
    fputs("null", w->out);
}

void json_kv_string(json_writer *w, const char *key, const char *s)
{
    json_key(w, key);
    json_string(w, s);
}

void json_kv_number(json_writer *w, const char *key, double x)
{
    json_key(w, key);
    json_number(w, x);
}

void json_kv_integer(json_writer *w, const char *key, long long x)
{
    json_key(w, key);
    json_integer(w, x);
}

void json_kv_bool(json_writer *w, const char *key, int b)
{
    json_key(w, key);
    json_bool(w, b);
}

void json_members(json_writer *w, char *const *names, size_t n, uint64_t members)
{
    json_array_begin(w);
    for (size_t i = 0; i < n; i++)
        if (i < 64 ? members >> i & 1 : members == UINT64_MAX)
            json_string(w, names[i]);
    json_array_end(w);
}

void json_number_array(json_writer *w, const double *x, size_t n)
{
    int saved = w->indent;
    json_array_begin(w);
    w->indent = 0;
    for (size_t i = 0; i < n; i++)
        json_number(w, x[i]);
    w->indent = saved;
    w->depth--;
    fputc(']', w->out);
}

void json_finish(json_writer *w)
{
    fputc('\n', w->out);
    /* No flush here: the output's owner flushes and checks it (cli_output_close, and
     * cli_close_stdout for standard output), so a failure is reported with its reason. */
}
