/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The data of a `tree` model (kind_tree.c parses it, kind_tree_eval.c evaluates it into an
 * mpol_tree, checks and writes it). The nodes are kept in preorder, the numbering of the
 * mpol_tree built from them (a parent before its children, children in action order); the
 * information sets in the order of their first node, also the tree's numbering.
 */
#ifndef MPOL_INTERNAL_MODEL_TREE_H
#define MPOL_INTERNAL_MODEL_TREE_H

#include "model/model_internal.h"

/* Deepest nesting of nodes in a model file. */
#define TK_MAX_DEPTH 2000

typedef struct tk_iset {
    char *name;       /* the infoset: / chance: text, NULL if none */
    int named;        /* a player's set named by infoset: (shared by its nodes) */
    size_t player;    /* MPOL_TREE_CHANCE for chance */
    size_t nact;      /* actions */
    size_t act0;      /* first action in tk_data.acts */
    int line, col;    /* first use */
    char *auto_label; /* unnamed player sets: the path of actions ("root", "In/Fight") */
} tk_iset;

typedef struct tk_node {
    size_t parent; /* MPOL_TREE_NONE at the root */
    size_t rank;   /* child rank under the parent */
    size_t iset;   /* MPOL_TREE_NONE for a terminal */
    size_t pay;    /* terminal: first of nplayers entries of tk_data.pay */
    size_t prob;   /* chance: first of nact entries of tk_data.prob */
    char *label;   /* NULL if none */
    int line, col;
} tk_node;

typedef struct tk_data {
    size_t n;
    char **players;
    size_t nnodes, cap_nodes;
    tk_node *nodes;
    size_t nisets, cap_isets;
    tk_iset *isets;
    size_t nacts, cap_acts;
    char **acts; /* action names, per set contiguous */
    size_t npay, cap_pay;
    mpol_i_mexpr *pay;
    size_t nprob, cap_prob;
    mpol_i_mexpr *prob;
    int pay_map; /* payoffs written as {player: value} maps (kept for writing) */
} tk_data;

/* kind_tree_eval.c */
mpol_status mpol_i_tree_model_check(const mpol_model *model, const double *params);
void mpol_i_tree_model_write(const mpol_model *model, FILE *out);
void mpol_i_tree_data_free(void *data);
mpol_status mpol_i_tree_model_game(const mpol_model *m, const double *params, mpol_game **out);
mpol_status mpol_i_tree_model_eval_game(const mpol_model *m, const double *params, mpol_game *game);

#endif /* MPOL_INTERNAL_MODEL_TREE_H */
