/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file report.h
 * @brief A neutral report model (a tree of typed nodes) and its text, JSON and CSV renderers.
 *
 * A report has a header (title, kind, source model, parameters) and a root section. Sections
 * hold entries (string, number with a text format, integer, bool, null), lists, tables and
 * checks. Every node has a JSON key (NULL inside a list) and a human label; a node can be
 * marked text-only, JSON-only or CSV-only (mpol_report_set_forms()) where the forms differ.
 *
 * The builder functions take a parent node and return the new node, or NULL when the parent
 * is NULL or memory runs out. The first failure is recorded in the report (sticky) and later
 * calls do nothing, so a caller builds the whole tree and checks mpol_report_status() once.
 */
#ifndef MPOL_REPORT_H
#define MPOL_REPORT_H

#include <stdio.h>

#include "multipolar/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A report (opaque). */
typedef struct mpol_report mpol_report;
/** A node of a report (owned by its report). */
typedef struct mpol_report_node mpol_report_node;

/** The forms a node appears in (bit set); the default is text and JSON. */
enum {
    MPOL_REPORT_TEXT = 1,
    MPOL_REPORT_JSON = 2,
    MPOL_REPORT_CSV = 4,
    MPOL_REPORT_TEXT_JSON = MPOL_REPORT_TEXT | MPOL_REPORT_JSON
};

/** The state of a check node. */
typedef enum mpol_report_check_state {
    MPOL_REPORT_PASS = 0,
    MPOL_REPORT_FAIL = 1,
    MPOL_REPORT_NOT_RUN = 2
} mpol_report_check_state;

/**
 * Creates a report with a header. @p title, @p kind and @p source are copied (NULL: none,
 * and the header is left out of the text form when @p title is NULL). *out is NULL on failure.
 */
MPOL_API mpol_status mpol_report_new(mpol_report **out, const char *title, const char *kind,
                                     const char *source);
/** Frees a report and all its nodes; NULL is allowed. */
MPOL_API void mpol_report_free(mpol_report *r);
/** MPOL_OK, or the first failure of a builder call (MPOL_ENOMEM, MPOL_EINVAL). */
MPOL_API mpol_status mpol_report_status(const mpol_report *r);
/** The root section (a JSON object; in text its children at no indentation). */
MPOL_API mpol_report_node *mpol_report_root(mpol_report *r);

/**
 * Names the JSON document's schema and version (e.g. "multipolar/tu/1", copied; NULL: none),
 * written as the first key "schema" of the JSON form and left out of text and CSV.
 */
MPOL_API mpol_status mpol_report_set_schema(mpol_report *r, const char *schema);
/** Adds a model parameter to the header (text "%.10g"; JSON object "parameters"). */
MPOL_API void mpol_report_header_param(mpol_report *r, const char *name, double value);
/** Leaves the header out of the JSON form (the caller writes its keys itself). */
MPOL_API void mpol_report_header_forms(mpol_report *r, unsigned forms);

/** Sets the forms of a node (MPOL_REPORT_TEXT | ...). Returns @p n. */
MPOL_API mpol_report_node *mpol_report_set_forms(mpol_report_node *n, unsigned forms);

/**
 * A section: a JSON object under @p key; in text the @p label on a line (none if NULL) and
 * the children indented by two spaces (not indented when @p label is NULL).
 */
MPOL_API mpol_report_node *mpol_report_section(mpol_report_node *parent, const char *key,
                                               const char *label);
/** A list: a JSON array; in text like a section. Children have no key. */
MPOL_API mpol_report_node *mpol_report_list(mpol_report_node *parent, const char *key,
                                            const char *label);
/** Writes list @p list on one line in JSON ("[1,0.5]", no spaces), for short arrays of
 * scalars such as a payoff pair. Returns @p list. */
MPOL_API mpol_report_node *mpol_report_list_inline(mpol_report_node *list);
/** Entries. Text: "label: value" (just the value when @p label is NULL). */
MPOL_API mpol_report_node *mpol_report_string(mpol_report_node *parent, const char *key,
                                              const char *label, const char *value);
/** A number: JSON with 17 significant digits (NaN, Inf: null); text with @p fmt ("%.12g"
 * when NULL), a printf format with one double conversion. */
MPOL_API mpol_report_node *mpol_report_number(mpol_report_node *parent, const char *key,
                                              const char *label, double value, const char *fmt);
MPOL_API mpol_report_node *mpol_report_integer(mpol_report_node *parent, const char *key,
                                               const char *label, long long value);
MPOL_API mpol_report_node *mpol_report_bool(mpol_report_node *parent, const char *key,
                                            const char *label, int value);
MPOL_API mpol_report_node *mpol_report_null(mpol_report_node *parent, const char *key,
                                            const char *label);
/** Verbatim text (text-only): written as it is, no indentation, no newline added. */
MPOL_API mpol_report_node *mpol_report_text(mpol_report_node *parent, const char *fmt, ...)
    MPOL_PRINTF(2, 3);

/**
 * A table of @p ncols columns with JSON keys @p keys and text labels @p labels (copied; a NULL
 * @p labels or all-NULL labels: no text header line). JSON: an array of row objects. Text: the
 * @p label line, then rows indented by two spaces, columns padded to their widths and
 * separated by two spaces, trailing empty cells left out. CSV: the keys line, then the rows.
 */
MPOL_API mpol_report_node *mpol_report_table(mpol_report_node *parent, const char *key,
                                             const char *label, size_t ncols,
                                             const char *const *keys, const char *const *labels);
/** Sets the forms of column @p col (e.g. a text-only note, a JSON-only flag). */
MPOL_API void mpol_report_column_forms(mpol_report_node *table, size_t col, unsigned forms);
/** The smallest text width of column @p col. */
MPOL_API void mpol_report_column_min_width(mpol_report_node *table, size_t col, int width);
/** Writes the string cells of the CSV form always quoted (default: only when needed). */
MPOL_API void mpol_report_table_csv_quote(mpol_report_node *table, int always);
/** Starts a new row; the cells below fill it left to right. */
MPOL_API void mpol_report_row(mpol_report_node *table);
MPOL_API void mpol_report_cell_string(mpol_report_node *table, const char *value);
/** A string cell that mpol_report_table_csv_quote() does not force into quotes. */
MPOL_API void mpol_report_cell_bare(mpol_report_node *table, const char *value);
/** A number cell: text with @p fmt ("%.12g" when NULL), JSON and CSV with 17 digits. */
MPOL_API void mpol_report_cell_number(mpol_report_node *table, double value, const char *fmt);
MPOL_API void mpol_report_cell_integer(mpol_report_node *table, long long value);
MPOL_API void mpol_report_cell_bool(mpol_report_node *table, int value);

/**
 * A check: JSON {"name", "state": "pass"|"fail"|"not-run", "error", "tolerance"} under
 * @p key; text "label: PASS (error 1.000e-12, tolerance 1e-09)".
 */
MPOL_API mpol_report_node *mpol_report_check(mpol_report_node *parent, const char *key,
                                             const char *name, mpol_report_check_state state,
                                             double error, double tolerance);

/**
 * Renderers. Each writes the whole report and checks every write: MPOL_EIO with a message on
 * a failed write, the report's own status if it failed to build. Nothing is flushed.
 */
MPOL_API mpol_status mpol_report_write_text(FILE *out, const mpol_report *r);
/** Two-space indented JSON ending with a newline. */
MPOL_API mpol_status mpol_report_write_json(FILE *out, const mpol_report *r);
/** The CSV-form tables (RFC 4180 quoting), one after another. */
MPOL_API mpol_status mpol_report_write_csv(FILE *out, const mpol_report *r);

/** Writes @p s as a CSV field (quoted when it has a comma, quote, CR or LF; quotes doubled;
 * always quoted when @p always). Returns 0, or -1 on a write failure. */
MPOL_API int mpol_report_csv_field(FILE *out, const char *s, int always);
/** Writes @p s as a JSON string (quoted, escaped). Returns 0, or -1 on a write failure. */
MPOL_API int mpol_report_json_string(FILE *out, const char *s);
/** Writes a JSON number (17 significant digits, "0" for zero, null for NaN and Inf).
 * Returns 0, or -1 on a write failure. */
MPOL_API int mpol_report_json_number(FILE *out, double x);

#ifdef __cplusplus
}
#endif

#endif /* MPOL_REPORT_H */
