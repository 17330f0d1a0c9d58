/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Internal interface of the Gambit .efg reader: the parsed file (efg_parse.c walks the
 * grammar once into these arrays), shared by the reduced-strategic-form route (efg.c) and
 * the game-tree route (efg_tree.c). Not installed.
 */
#ifndef MPOL_IO_EFG_INTERNAL_H
#define MPOL_IO_EFG_INTERNAL_H

#include <stdint.h>
#include <stdio.h>

#include "core/name_index_internal.h"
#include "io/gambit_lex.h"
#include "multipolar/efg.h"

/* Largest relative error tolerated in the sum of inexact (double) chance probabilities. */
#define MPOL_EFG_PROB_TOL 1e-9

enum { NODE_CHANCE, NODE_PERSONAL, NODE_TERMINAL };

typedef struct efg_node {
    int kind;
    size_t infoset; /* index into infosets (not for terminal nodes) */
    size_t outcome; /* 0 = none, else 1 + index into outcomes */
    size_t child0;  /* index into children[] of the first child */
    char *label;    /* the node's label when kept (keep_labels) and not empty, else NULL */
} efg_node;

typedef struct efg_infoset {
    size_t player; /* 0 = chance, 1..N */
    size_t number; /* the number in the file */
    size_t nact;
    size_t pindex; /* index among the player's information sets, in order of appearance */
    char *label;
    char **actions;
    mpol_rational *prob; /* chance only */
    double *dprob;
    long line, col; /* where the set is first referenced (its number) */
} efg_infoset;

typedef struct efg_outcome {
    size_t number;
    char *label;
    mpol_rational *r; /* N payoffs */
    double *d;
} efg_outcome;

typedef struct efg_parse {
    mpol_i_gbt_lexer lx;
    mpol_efg_opts opts;
    char *title, *comment;
    char **players;
    size_t np, pcap;
    efg_node *nodes;
    size_t nnodes, ncap;
    size_t *children;
    size_t nchildren, chcap;
    efg_infoset *isets;
    size_t nisets, icap;
    efg_outcome *outs;
    size_t nouts, ocap;
    mpol_i_key_index iset_map, out_map; /* Gambit numbers -> indices */
    size_t *nplayer_isets;              /* per player 1..N (index 0 = chance) */
    int exact_ok;
    int keep_labels;  /* keep node labels (the tree route) */
    size_t max_nodes; /* 0: no limit (the strategic-form route); else refuse more nodes */
    char *text;       /* a whole unseekable file read into memory, or NULL */
    /* Reduced strategies (the strategic-form route only): plans[p] holds nstrat[p] rows of
     * nplayer_isets[p] actions. */
    int **plans;
    size_t *nstrat;
    mpol_game *game;
} efg_parse;

/** Number of children of parsed node @p n. */
static inline size_t mpol_i_efg_nchildren(const efg_parse *ps, size_t n)
{
    const efg_node *node = &ps->nodes[n];
    return node->kind == NODE_TERMINAL ? 0 : ps->isets[node->infoset].nact;
}

/** The reader's out-of-memory error. */
mpol_status mpol_i_efg_nomem(void);

/** Grows *arr (of *cap elements of size sz) to hold at least need elements. */
mpol_status mpol_i_efg_grow(void **arr, size_t *cap, size_t need, size_t sz);

/** Exact rational product and sum with overflow detection: 0 on overflow. */
int mpol_i_efg_rat_mul(mpol_rational *out, mpol_rational a, mpol_rational b);
int mpol_i_efg_rat_add(mpol_rational *out, mpol_rational a, mpol_rational b);

/** Records "NAME:LINE:COL: msg" at a remembered position and returns @p st. */
mpol_status mpol_i_efg_fail_at(const mpol_i_gbt_lexer *lx, long line, long col, mpol_status st,
                               const char *msg);

/** Parses @p f (of @p size bytes; NULL: text[0..len)) into @p ps, zeroed by the caller with
 *  its options, max_nodes and exact_ok = 1 set. @p name names the input in messages. */
mpol_status mpol_i_efg_parse_input(efg_parse *ps, FILE *f, size_t size, const char *text,
                                   size_t len, const char *name);

/** Opens and parses the file @p path into @p ps (read whole when it is not seekable). */
mpol_status mpol_i_efg_parse_file(efg_parse *ps, const char *path);

/** Frees what @p ps holds (not @p ps itself). */
void mpol_i_efg_parse_free(efg_parse *ps);

#endif /* MPOL_IO_EFG_INTERNAL_H */
