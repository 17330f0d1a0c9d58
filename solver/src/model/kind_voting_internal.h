/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The composite `rule:` of the weighted-voting kind (kind_voting_rule.c), used by
 * kind_voting.c (never installed). */
#ifndef MPOL_MODEL_KIND_VOTING_I_H
#define MPOL_MODEL_KIND_VOTING_I_H

#include <stdio.h>

#include "model/model_internal.h"
#include "multipolar/voting.h"

typedef struct mpol_i_wvg_rule mpol_i_wvg_rule;

/* Parses the rule @p x over the @p n players @p names; *out is set (to be freed) even on
 * failure. */
mpol_status mpol_i_wvg_rule_parse(const mpol_i_loader *ld, const mpol_i_ynode *x, size_t n,
                                  char *const *names, mpol_i_wvg_rule **out);
void mpol_i_wvg_rule_free(mpol_i_wvg_rule *r);
/* Evaluates the rule at @p params (@p weights: the players' weight expressions). */
mpol_status mpol_i_wvg_rule_eval(const mpol_model *m, const mpol_i_wvg_rule *r,
                                 const mpol_i_mexpr *weights, char *const *names,
                                 const double *params, mpol_voting_rule **out);
/* Writes "rule: ..." (a top-level key). */
void mpol_i_wvg_rule_write(FILE *out, const mpol_i_wvg_rule *r, char *const *names);

#endif /* MPOL_MODEL_KIND_VOTING_I_H */
