#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes Kuhn poker and Leduc hold'em as Gambit extensive-form files (EFG 2 R, exact
chance probabilities) into tests/data/trees/ (or the directory given).

Kuhn poker: cards J Q K, ante 1, one bet of 1; player 1's value is -1/18.
Leduc hold'em: cards J J Q Q K K, ante 1, two betting rounds with raises of 2 then 4, at
most 2 raises a round, one public card after round 1, a pair with the board beats a high
card, equal ranks split. Deals are by rank (suits never matter: the players' payoffs and
what a card says about the others are the same for both suits), so chance deals player 1
a rank with probability 1/3, player 2 a rank with 1/5 (the same) or 2/5, and the board
with (cards left of the rank)/4. Player 1's value is about -0.0856064241.

The trees, node for node and in the same order, are those of bench/tree_games.c
(mpol_tg_kuhn, mpol_tg_leduc), which the unit tests and `multipolar bench tree` use.
Usage: scripts/gen_poker.py [OUTDIR]
"""
import os
import sys
from fractions import Fraction

CARDS = "JQK"


class Efg:
    def __init__(self, title):
        self.title = title
        self.lines = []
        self.isets = [{}, {}]  # key -> number, per player
        self.chance_sets = 0
        self.outcomes = 0
        self.nodes = 0

    def _iset(self, player, key):
        d = self.isets[player]
        if key not in d:
            d[key] = len(d) + 1
        return d[key]

    def chance(self, outcomes):
        """outcomes: list of (name, Fraction)."""
        self.chance_sets += 1
        self.nodes += 1
        acts = " ".join('"%s" %s' % (n, p) for n, p in outcomes)
        self.lines.append('c "" %d "" { %s } 0' % (self.chance_sets, acts))

    def decision(self, player, key, actions):
        self.nodes += 1
        h = self._iset(player, key)
        acts = " ".join('"%s"' % a for a in actions)
        self.lines.append('p "" %d %d "%s" { %s } 0' % (player + 1, h, key, acts))

    def leaf(self, u0):
        self.nodes += 1
        self.outcomes += 1
        u0 = Fraction(u0)
        self.lines.append('t "" %d "" { %s, %s }' % (self.outcomes, u0, -u0))

    def text(self):
        head = 'EFG 2 R "%s" { "Player 1" "Player 2" }\n""\n\n' % self.title
        return head + "\n".join(self.lines) + "\n"


def kuhn():
    g = Efg("Kuhn poker")
    deals = [(i, j) for i in range(3) for j in range(3) if i != j]
    g.chance([(CARDS[i] + CARDS[j], Fraction(1, 6)) for i, j in deals])
    for i, j in deals:
        win = 1 if i > j else -1
        g.decision(0, "1:%s:" % CARDS[i], ["check", "bet"])
        g.decision(1, "2:%s:c" % CARDS[j], ["check", "bet"])
        g.leaf(win)
        g.decision(0, "1:%s:cb" % CARDS[i], ["fold", "call"])
        g.leaf(-1)
        g.leaf(2 * win)
        g.decision(1, "2:%s:b" % CARDS[j], ["fold", "call"])
        g.leaf(1)
        g.leaf(2 * win)
    return g


def leduc():
    g = Efg("Leduc hold'em")

    def showdown(s):
        v = [10 + r if r == s["pub"] else r for r in s["rank"]]
        g.leaf(s["put"][1] if v[0] > v[1] else -s["put"][0] if v[0] < v[1] else 0)

    def round_end(s):
        if s["round"] == 1:
            showdown(s)
            return
        left = [2 - (s["rank"][0] == r) - (s["rank"][1] == r) for r in range(3)]
        ranks = [r for r in range(3) if left[r] > 0]
        g.chance([(CARDS[r], Fraction(left[r], 4)) for r in ranks])
        for r in ranks:
            t = dict(s, pub=r, round=1, raises=0, checks=0, pending=0, hist=s["hist"] + "/")
            bet(t, 0)

    def bet(s, p):
        key = "%d:%s%s:%s" % (p + 1, CARDS[s["rank"][p]],
                              "-" if s["pub"] < 0 else CARDS[s["pub"]], s["hist"])
        size = 2 if s["round"] == 0 else 4
        if not s["pending"]:
            g.decision(p, key, ["check", "raise"])
            t = dict(s, hist=s["hist"] + "c")
            if s["checks"]:
                round_end(t)
            else:
                t["checks"] = 1
                bet(t, 1 - p)
            put = list(s["put"])
            put[p] = put[1 - p] + size
            bet(dict(s, hist=s["hist"] + "r", put=put, raises=s["raises"] + 1, pending=1), 1 - p)
            return
        can_raise = s["raises"] < 2
        g.decision(p, key, ["fold", "call", "raise"] if can_raise else ["fold", "call"])
        g.leaf(-s["put"][0] if p == 0 else s["put"][1])
        put = list(s["put"])
        put[p] = put[1 - p]
        round_end(dict(s, hist=s["hist"] + "c", put=put))
        if can_raise:
            put = list(s["put"])
            put[p] = put[1 - p] + size
            bet(dict(s, hist=s["hist"] + "r", put=put, raises=s["raises"] + 1), 1 - p)

    g.chance([(c, Fraction(1, 3)) for c in CARDS])
    for r0 in range(3):
        g.chance([(CARDS[r], Fraction(2 - (r == r0), 5)) for r in range(3)])
        for r1 in range(3):
            bet({"rank": (r0, r1), "pub": -1, "round": 0, "put": [1, 1], "raises": 0,
                 "checks": 0, "pending": 0, "hist": ""}, 0)
    return g


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "tests", "data", "trees")
    os.makedirs(out, exist_ok=True)
    for name, g in (("kuhn", kuhn()), ("leduc", leduc())):
        path = os.path.join(out, name + ".efg")
        with open(path, "w") as f:
            f.write(g.text())
        print("%s: %d nodes, %d + %d information sets" %
              (path, g.nodes, len(g.isets[0]), len(g.isets[1])))


if __name__ == "__main__":
    main()
