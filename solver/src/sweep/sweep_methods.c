/* SPDX-License-Identifier: GPL-3.0-or-later */
/* This file holds the table of methods that bring their own sweep adapter (the strategic-game
 * methods beyond Nash equilibria: Stackelberg, correlated equilibria, bargaining, ...): a
 * method of this kind is one line here, and mpol_i_sweep_adapter() finds it by name. */
#include <string.h>

#include "sweep/sweep_internal.h"

#define KIND_BIT(k) (1u << (unsigned)(k))
#define STRATEGIC                                                                                  \
    (KIND_BIT(MPOL_MODEL_ZERO_SUM) | KIND_BIT(MPOL_MODEL_BIMATRIX) |                               \
     KIND_BIT(MPOL_MODEL_NORMAL_FORM))

static const mpol_i_sweep_method methods[] = {
    /* {"name", STRATEGIC, &mpol_i_sweep_<method>}, one line per method */
    {"nash-bargaining", STRATEGIC, &mpol_i_sweep_nash_bargaining},
    {"kalai-smorodinsky", STRATEGIC, &mpol_i_sweep_ray_bargaining},
    {"egalitarian", STRATEGIC, &mpol_i_sweep_ray_bargaining},
    {"ess", KIND_BIT(MPOL_MODEL_ZERO_SUM) | KIND_BIT(MPOL_MODEL_BIMATRIX), &mpol_i_sweep_ess},
    {"stackelberg", STRATEGIC, &mpol_i_sweep_stackelberg},
    {"stackelberg-pure", STRATEGIC, &mpol_i_sweep_stackelberg},
    {"stackelberg-weak", STRATEGIC, &mpol_i_sweep_stackelberg},
    {"correlated", STRATEGIC, &mpol_i_sweep_correlated},
    {"coarse-correlated", STRATEGIC, &mpol_i_sweep_correlated},
    {NULL, 0, NULL},
};

const mpol_i_sweep_kind *mpol_i_sweep_adapter(const mpol_model *model, const char *method)
{
    mpol_model_kind kind = mpol_model_get_kind(model);
    if (method != NULL)
        for (const mpol_i_sweep_method *m = methods; m->name != NULL; m++)
            if (strcmp(m->name, method) == 0 && (m->kinds & KIND_BIT(kind)) != 0)
                return m->sweep;
    return mpol_i_sweep_kind_for(kind);
}
