/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The data of a `bayesian` model (kind_bayesian.c parses it, kind_bayesian_eval.c evaluates
 * and writes it).
 */
#ifndef MPOL_INTERNAL_MODEL_BAYESIAN_H
#define MPOL_INTERNAL_MODEL_BAYESIAN_H

#include "model/model_internal.h"

/* A payoff entry's type for a player: any type ("*"). */
#define BG_ANY ((size_t)-1)

typedef struct bg_data {
    size_t n;                /* players */
    char **players;          /* n */
    size_t *ntypes;          /* n */
    size_t *nactions;        /* n */
    size_t *toff, *aoff;     /* n + 1 offsets into types / actions */
    char **types, **actions; /* toff[n], aoff[n] names */
    size_t K, C;             /* type profiles, action profiles */
    int joint;               /* 1: a joint prior table (prior: K entries, absent = 0) */
    mpol_i_mexpr *prior;     /* independent: toff[n] (one per type); joint: K */
    int *prior_where;        /* independent: n * 2 (line, column of each player's prior;
                                0 for a player of one type without a prior); joint: 2 */
    size_t nentries;
    mpol_i_mexpr *pay;  /* nentries * n */
    size_t *ent_types;  /* nentries * n: type index, or BG_ANY */
    size_t *ent_cell;   /* nentries: the action profile */
    size_t *cell_entry; /* K * C: the entry giving (type profile, cell) */
    int exact;          /* every prior and payoff is a rational literal */
} bg_data;

mpol_status mpol_i_bg_model_check(const mpol_model *model, const double *params);
void mpol_i_bg_model_write(const mpol_model *model, FILE *out);

#endif /* MPOL_INTERNAL_MODEL_BAYESIAN_H */
