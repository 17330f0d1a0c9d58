/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A small streaming JSON writer for the CLI's stable machine-readable output. */
#ifndef MPOL_CLI_JSON_H
#define MPOL_CLI_JSON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 32

typedef struct json_writer {
    FILE *out;
    int depth;
    int first[JSON_MAX_DEPTH]; /* no element written yet at this depth */
    int after_key;             /* a key was written; its value comes next */
    int indent;                /* pretty-print with two-space indentation */
} json_writer;

void json_init(json_writer *w, FILE *out);
void json_object_begin(json_writer *w);
void json_object_end(json_writer *w);
void json_array_begin(json_writer *w);
void json_array_end(json_writer *w);
void json_key(json_writer *w, const char *key);
void json_string(json_writer *w, const char *s);
/* Numbers are written with 17 significant digits; NaN and Inf become null. */
void json_number(json_writer *w, double x);
void json_integer(json_writer *w, long long x);
void json_bool(json_writer *w, int b);
void json_null(json_writer *w);
/* Convenience: key + value. */
void json_kv_string(json_writer *w, const char *key, const char *s);
void json_kv_number(json_writer *w, const char *key, double x);
void json_kv_integer(json_writer *w, const char *key, long long x);
void json_kv_bool(json_writer *w, const char *key, int b);
void json_number_array(json_writer *w, const double *x, size_t n);
/* An array of the names[i], i < n, whose bit i is set in @p members (UINT64_MAX: all n). */
void json_members(json_writer *w, char *const *names, size_t n, uint64_t members);
/* Ends the document with a newline. */
void json_finish(json_writer *w);

#endif /* MPOL_CLI_JSON_H */
