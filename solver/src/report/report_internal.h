/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The report tree's layout, shared by the builder and the renderers. */
#ifndef MPOL_REPORT_INTERNAL_H
#define MPOL_REPORT_INTERNAL_H

#include "multipolar/report.h"

typedef enum rn_type {
    RN_SECTION,
    RN_LIST,
    RN_STRING,
    RN_NUMBER,
    RN_INTEGER,
    RN_BOOL,
    RN_NULL,
    RN_TEXT,
    RN_TABLE,
    RN_CHECK
} rn_type;

typedef struct rcol {
    char *key, *label;
    unsigned forms;
    int min_width;
} rcol;

typedef struct rcell {
    rn_type type;
    char *str, *fmt;
    double num;
    long long ival;
} rcell;

struct mpol_report_node {
    rn_type type;
    unsigned forms;
    char *key, *label;
    char *str, *fmt; /* string value or verbatim text; number's text format */
    double num, tol;
    long long ival; /* integer, bool, check state */
    rcol *cols;
    size_t ncols;
    rcell *cells;
    size_t ncells, cap, nrows;
    int csv_quote;
    int json_inline; /* a list written on one line: [a,b] */
    mpol_report *report;
    mpol_report_node *first, *last, *next;
};

typedef struct rparam {
    char *name;
    double value;
} rparam;

struct mpol_report {
    mpol_status status;
    char *title, *kind, *source;
    char *schema; /* the JSON document's schema id, written first (NULL: none) */
    rparam *params;
    size_t nparams, params_cap;
    unsigned header_forms;
    mpol_report_node root;
};

#endif /* MPOL_REPORT_INTERNAL_H */
