/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Internals of the model loader shared by the files of solver/src/model: a YAML tree with 1-based
 * line/column marks on every node (built from libfyaml's event stream), helpers that read
 * it and report "FILE:LINE:COL: message" errors, located expressions, and the per-kind
 * operations table. A new model kind is a new kind_<name>.c file defining one
 * mpol_i_kind_ops and one line in the table in model.c.
 */
#ifndef MPOL_INTERNAL_MODEL_IMPL_H
#define MPOL_INTERNAL_MODEL_IMPL_H

#include <stdio.h>

#include "core/name_index_internal.h"
#include "multipolar/common.h"
#include "multipolar/expr.h"
#include "multipolar/game.h"
#include "multipolar/model.h"
#include "multipolar/tu.h"

/* ---- YAML tree -------------------------------------------------------------------------- */

typedef enum mpol_i_ytype { MPOL_I_YSCALAR, MPOL_I_YSEQ, MPOL_I_YMAP } mpol_i_ytype;

/* Scalar styles, as written in the file. */
typedef enum mpol_i_ystyle {
    MPOL_I_YPLAIN,
    MPOL_I_YQUOTED, /* single or double quoted (the mark is at the first character inside) */
    MPOL_I_YBLOCK   /* literal or folded block scalar */
} mpol_i_ystyle;

/* 16 bytes a node (the tree of a big payoff list is most of a load's memory): the items of
 * a collection are stored by value, one array. A node keeps the byte offset of its first
 * character; its line and column come from the document's table of positions
 * (mpol_i_ypos). Model texts are limited to MPOL_I_YMAX_TEXT bytes, so an offset, a length
 * and an item count fit their 29 bits. */
typedef struct mpol_i_ynode {
    unsigned len : 29;  /* scalar length, or number of items (sequence) / pairs (mapping) */
    unsigned type : 2;  /* mpol_i_ytype */
    unsigned off : 29;  /* byte offset of the node's first character in the text */
    unsigned style : 2; /* mpol_i_ystyle (scalars) */
    union {
        char *text;                 /* scalar text (NUL-terminated) */
        struct mpol_i_ynode *items; /* sequence: len items; mapping: keys/values interleaved */
    };
} mpol_i_ynode;

/* The largest text mpol_i_yaml_parse accepts (offsets and lengths fit the node's fields). */
#define MPOL_I_YMAX_TEXT ((size_t)1 << 29)

/* The blocks that hold a document's nodes, texts and item arrays (yaml.c). */
struct mpol_i_yarena;

typedef struct mpol_i_ydoc {
    mpol_i_ynode *root;
    struct mpol_i_yarena *arena;
} mpol_i_ydoc;

/* Parses @p text into a tree; errors are "NAME:LINE:COL: message" (MPOL_EPARSE/ENOMEM). */
mpol_status mpol_i_yaml_parse(mpol_i_ydoc *doc, const char *text, size_t len, const char *name);

/* Called while the tree is built, each time a node joins the top-level mapping, with the
 * mapping's items so far (keys and values interleaved; an odd count: a key without its
 * value yet, which may still be incomplete only if it is a collection, so the hook should
 * look at scalar keys only). A status other than MPOL_OK stops the parse with that error:
 * this lets the loader refuse an unknown top-level key before the rest of the file is read. */
typedef mpol_status (*mpol_i_yroot_hook)(void *ctx, const mpol_i_ynode *items, size_t nitems);
mpol_status mpol_i_yaml_parse_hook(mpol_i_ydoc *doc, const char *text, size_t len, const char *name,
                                   mpol_i_yroot_hook hook, void *ctx);
void mpol_i_yaml_free(mpol_i_ydoc *doc);

/* The 1-based line and column of @p node's first character in @p doc (1, 1 if doc is NULL). */
void mpol_i_ypos(const mpol_i_ydoc *doc, const mpol_i_ynode *node, int *line, int *col);

/* Key and value of mapping pair @p i. */
static inline const mpol_i_ynode *mpol_i_ykey(const mpol_i_ynode *map, size_t i)
{
    return &map->items[2 * i];
}
static inline const mpol_i_ynode *mpol_i_yval(const mpol_i_ynode *map, size_t i)
{
    return &map->items[2 * i + 1];
}

/* True if the node is a scalar equal to @p s. */
int mpol_i_yis(const mpol_i_ynode *node, const char *s);

/* The value under scalar key @p key in mapping @p map, or NULL. */
const mpol_i_ynode *mpol_i_yget(const mpol_i_ynode *map, const char *key);

/* ---- loader context and errors ---------------------------------------------------------- */

typedef struct mpol_i_loader {
    const char *name; /* file name for messages */
    mpol_model *model;
    const mpol_i_ydoc *doc; /* the tree being read: positions of its nodes */
} mpol_i_loader;

/* Records "NAME:LINE:COL: message" for @p at (or line 1, column 1 if NULL). */
/* The line of @p node (for "first at line N"). */
int mpol_i_yline(const mpol_i_loader *ld, const mpol_i_ynode *node);

mpol_status mpol_i_yerr(const mpol_i_loader *ld, const mpol_i_ynode *at, mpol_status st,
                        const char *fmt, ...) MPOL_PRINTF(4, 5);
/* The same at an explicit position. */
mpol_status mpol_i_yerr_at(const char *name, int line, int col, mpol_status st, const char *fmt,
                           ...) MPOL_PRINTF(5, 6);

/* Checks that @p node is a mapping / sequence / scalar; @p what names it in the message. */
mpol_status mpol_i_yexpect_map(const mpol_i_loader *ld, const mpol_i_ynode *node, const char *what);
mpol_status mpol_i_yexpect_seq(const mpol_i_loader *ld, const mpol_i_ynode *node, const char *what);
mpol_status mpol_i_yexpect_scalar(const mpol_i_loader *ld, const mpol_i_ynode *node,
                                  const char *what);

/* Fails on a key of @p map not in the NULL-terminated list @p allowed (with a suggestion). */
mpol_status mpol_i_ycheck_keys(const mpol_i_loader *ld, const mpol_i_ynode *map,
                               const char *const *allowed, const char *what);
/* The same for one key. */
mpol_status mpol_i_ycheck_key(const mpol_i_loader *ld, const mpol_i_ynode *key,
                              const char *const *allowed, const char *what);

/* A required key: its value, or an error "missing key" at the mapping. */
mpol_status mpol_i_yrequire(const mpol_i_loader *ld, const mpol_i_ynode *map, const char *key,
                            const char *what, const mpol_i_ynode **out);

/* A name: a non-empty scalar, copied through mpol_strdup. */
mpol_status mpol_i_yname(const mpol_i_loader *ld, const mpol_i_ynode *node, const char *what,
                         char **out);

/* A list of distinct names (strategy or player names), at least one. */
mpol_status mpol_i_ynames(const mpol_i_loader *ld, const mpol_i_ynode *seq, const char *what,
                          char ***out, size_t *n);

/* Frees @p n strings and the array. */
void mpol_i_free_strings(char **s, size_t n);

/* ---- located expressions ---------------------------------------------------------------- */

/* A number or expression from the model file, with where it was written. A plain decimal
 * literal that mpol_i_write_double() writes back as the same text ("3", "-0.25", "1.85")
 * is kept as its value alone (lit = 1, expr NULL): no compiled expression per number. */
typedef struct mpol_i_mexpr {
    mpol_expr *expr;
    int line, col;           /* the position of the expression's first character */
    unsigned char col_exact; /* columns inside the text map to file columns (not a block scalar) */
    unsigned char exact_ok;  /* the text is a rational literal ("3", "-1/3", "0.25") */
    unsigned char lit;       /* a literal number: the value is k, expr is NULL */
    double k;
    mpol_rational exact;
} mpol_i_mexpr;

/* True once @p e holds a number or an expression (zeroed entries hold neither). */
static inline int mpol_i_mexpr_present(const mpol_i_mexpr *e)
{
    return e->expr != NULL || e->lit;
}

/* The exact value of a literal kept as its value @p k (lit = 1): the rational of the text
 * it was read from, which format_double() gives back. 0 if that text is not one. */
int mpol_i_literal_exact(double k, mpol_rational *out);

/* True if @p e depends on no parameter. */
int mpol_i_mexpr_is_constant(const mpol_i_mexpr *e);

/* Evaluates without a message: MPOL_OK, or non-zero with the failing column and text
 * (as mpol_expr_eval_quiet). The hot loop of strategic evaluation. */
static inline mpol_status mpol_i_mexpr_eval_quiet(const mpol_i_mexpr *e, const double *params,
                                                  double *out, int *col, const char **msg)
{
    if (e->lit) {
        *out = e->k;
        return MPOL_OK;
    }
    return mpol_expr_eval_quiet(out, e->expr, params, col, msg);
}

/* Compiles @p node (a scalar) against the model's parameters; errors carry the position of
 * the offending character. */
mpol_status mpol_i_mexpr_compile(const mpol_i_loader *ld, const mpol_i_ynode *node,
                                 const char *what, mpol_i_mexpr *out);
/* Compiles text without a YAML node (used by mpol_model_from_game). */
mpol_status mpol_i_mexpr_from_text(const mpol_model *model, const char *text, mpol_i_mexpr *out);
void mpol_i_mexpr_free(mpol_i_mexpr *e);

/* Evaluates at @p params; errors are "FILE:LINE:COL: message" (MPOL_ENUMERIC). */
mpol_status mpol_i_mexpr_eval(const mpol_model *model, const mpol_i_mexpr *e, const double *params,
                              double *out);

/* Writes the expression as a YAML scalar (a bare number when it is one, else quoted). */
void mpol_i_mexpr_write(FILE *out, const mpol_i_mexpr *e);

/* Writes a double so that strtod() reads back the same value. */
void mpol_i_write_double(FILE *out, double v);

/* Writes @p s as a double-quoted YAML string. */
void mpol_i_write_quoted(FILE *out, const char *s);

/* ---- models and kinds ------------------------------------------------------------------- */

typedef struct mpol_i_param {
    char *name;
    char *description; /* NULL if none */
    double def, value, min, max;
    int has_min, has_max, long_form;
} mpol_i_param;

typedef struct mpol_i_sweep_axis {
    size_t param;
    double from, to;
    size_t steps;
} mpol_i_sweep_axis;

/* The largest number of sweep axes in a model file. */
#define MPOL_I_MAX_SWEEP 2

typedef struct mpol_i_kind_ops mpol_i_kind_ops;
struct mpol_i_sweep_kind; /* a kind's sweep hooks (sweep/sweep_internal.h) */
struct mpol_hedonic;      /* coalition.h */

struct mpol_model {
    mpol_model_kind kind;
    const mpol_i_kind_ops *ops;
    char *source;      /* file name */
    char *title;       /* "" if none */
    char *description; /* NULL if none */
    /* The free-text `source:` (cite[0]) and `citation:` (cite[1]) keys. */
    struct {
        int present, is_list;
        char **items;
        size_t n;
    } cite[2];
    size_t nparams;
    mpol_i_param *params;
    const char **param_names;      /* nparams names, for the compiler */
    mpol_i_name_index param_index; /* name -> index (empty for a few parameters) */
    double *values;                /* nparams current values */
    size_t nsweep;
    mpol_i_sweep_axis sweep[MPOL_I_MAX_SWEEP];
    void *data; /* the kind's data, owned through ops->free */
};

struct mpol_i_kind_ops {
    const char *name; /* spelling of `kind:` */
    mpol_model_kind kind;
    const char *const *keys; /* top-level keys the kind adds (NULL-terminated) */
    /* Parses the kind's keys of the top-level mapping @p root into model->data. */
    mpol_status (*parse)(const mpol_i_loader *ld, mpol_model *model, const mpol_i_ynode *root);
    /* Evaluates every expression at @p params (validation at load time). */
    mpol_status (*check)(const mpol_model *model, const double *params);
    void (*free)(void *data);
    /* Writes the kind's keys (players, payoffs, ...) as YAML. */
    void (*write)(const mpol_model *model, FILE *out);
    /* Accessors; NULL where the kind has no such form. */
    mpol_status (*game)(const mpol_model *model, const double *params, mpol_game **out);
    mpol_status (*eval_game)(const mpol_model *model, const double *params, mpol_game *game);
    mpol_status (*tu)(const mpol_model *model, const double *params, mpol_tu_game **out);
    mpol_status (*eval_tu)(const mpol_model *model, const double *params, mpol_tu_game *game);
    mpol_status (*wvg)(const mpol_model *model, const double *params, mpol_wvg **out);
    mpol_status (*eval_wvg)(const mpol_model *model, const double *params, mpol_wvg *game);
    mpol_status (*hedonic)(const mpol_model *model, const double *params,
                           struct mpol_hedonic **out);
    /* The sweep of the kind (mpol_sweep_run); NULL: the kind cannot be swept. */
    const struct mpol_i_sweep_kind *sweep;
};

/* The kind table of model.c: the operations of @p kind, NULL if it has none. */
const mpol_i_kind_ops *mpol_i_kind_ops_for(mpol_model_kind kind);

extern const mpol_i_kind_ops mpol_i_kind_zero_sum;
extern const mpol_i_kind_ops mpol_i_kind_bimatrix;
extern const mpol_i_kind_ops mpol_i_kind_normal_form;
extern const mpol_i_kind_ops mpol_i_kind_tu;
extern const mpol_i_kind_ops mpol_i_kind_voting;
extern const mpol_i_kind_ops mpol_i_kind_hedonic;
extern const mpol_i_kind_ops mpol_i_kind_bayes_stackelberg;
extern const mpol_i_kind_ops mpol_i_kind_stochastic;
extern const mpol_i_kind_ops mpol_i_kind_tree;
extern const mpol_i_kind_ops mpol_i_kind_bayesian;
extern const mpol_i_kind_ops mpol_i_kind_repeated;

/* Allocates an empty model (title "", no parameters) named @p source. */
mpol_status mpol_i_model_new(mpol_model **out, const char *source);

/* Reads the YAML model file @p path (model.c); @p out and @p path are not NULL. */
mpol_status mpol_i_model_load_yaml_file(mpol_model **out, const char *path);

/* ---- input formats (formats.c) ---------------------------------------------------------- */

#define MPOL_I_FORMAT_SUFFIXES 2

/* One input format of mpol_model_load_file(): the suffixes that select it (compared without
 * regard to case; NULL after the last), a sniffer that claims a file with none of the
 * table's suffixes from its first @p n bytes (NULL: never), and the reader. */
typedef struct mpol_i_format {
    const char *name;
    const char *suffixes[MPOL_I_FORMAT_SUFFIXES];
    int (*sniff)(const char *head, size_t n);
    mpol_status (*read)(mpol_model **out, const char *path);
} mpol_i_format;

/* The format mpol_model_load_file() reads @p path as (YAML when nothing else claims it). */
const mpol_i_format *mpol_i_format_for(const char *path);

/* The strategic kind of a game read from a file: zero-sum, bimatrix or normal-form. */
mpol_model_kind mpol_i_game_kind(const mpol_game *game);

/* Builds the data of a strategic model from a game (kind_strategic.c). */
mpol_status mpol_i_strategic_from_game(mpol_model *model, const mpol_game *game);

#endif /* MPOL_INTERNAL_MODEL_IMPL_H */
