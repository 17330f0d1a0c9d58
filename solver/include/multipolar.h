/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file multipolar.h
 * @brief Umbrella header of libmultipolar: includes every public module header.
 */
#ifndef MPOL_MULTIPOLAR_H
#define MPOL_MULTIPOLAR_H

#include "multipolar/balance.h"
#include "multipolar/bargaining.h"
#include "multipolar/bayesian.h"
#include "multipolar/bimatrix.h"
#include "multipolar/coalition.h"
#include "multipolar/common.h"
#include "multipolar/core.h"
#include "multipolar/correlated.h"
#include "multipolar/efg.h"
#include "multipolar/expr.h"
#include "multipolar/game.h"
#include "multipolar/model.h"
#include "multipolar/nash.h"
#include "multipolar/nfg.h"
#include "multipolar/repeated.h"
#include "multipolar/report.h"
#include "multipolar/stackelberg.h"
#include "multipolar/stochastic.h"
#include "multipolar/sweep.h"
#include "multipolar/tree.h"
#include "multipolar/tu.h"
#include "multipolar/values.h"
#include "multipolar/voting.h"
#include "multipolar/zerosum.h"

#endif /* MPOL_MULTIPOLAR_H */
