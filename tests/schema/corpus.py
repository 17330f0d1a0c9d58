"""The JSON corpus of the schema test: every bundled model with every method of its kind,
`check`, `sweep -f json` on models with a sweep section (small grids), and error documents.
Yields (schema id expected, argv, stdin bytes or None)."""
import os
import re

METHODS = {
    "zero-sum": ["auto", "simplex", "dense", "oracle", "glpk"],
    "bimatrix": ["enum", "lh", "lh-all"],
    "normal-form": ["logit", "simpdiv", "support", "pure", "replicator", "fictitious"],
    "tu": ["shapley", "banzhaf", "tau", "owen", "myerson", "core", "least-core", "nucleolus",
           "prenucleolus", "coalition-structure", "partition-core"],
    "weighted-voting": ["shapley-shubik", "banzhaf", "minimal-winning", "balance", "deegan-packel",
                        "public-good", "johnston", "coleman"],
    "hedonic": ["nash", "individual", "core", "search"],
    "bayesian-stackelberg": ["milp"],
    "tree": ["auto", "backward-induction"],
    "bayesian": ["enumerate", "pure", "logit"],
    "stochastic": ["auto", "shapley", "value-iteration", "policy-iteration", "fictitious-play"],
}

# Methods with a report of their own (solver/cli/methods.c): (schema id, kinds, methods).
OWN_METHODS = [
    ("stackelberg", ("zero-sum", "bimatrix", "normal-form"),
     ["stackelberg", "stackelberg-pure", "stackelberg-weak"]),
]


def models(root):
    for d in sorted(os.listdir(os.path.join(root, "models"))):
        for f in sorted(os.listdir(os.path.join(root, "models", d))):
            if f.endswith(".yaml"):
                yield os.path.join(root, "models", d, f)


def kind_of(path):
    with open(path, encoding="utf-8") as fh:
        m = re.search(r"^kind:\s*([\w-]+)", fh.read(), re.M)
    return m.group(1) if m else None


def sweep_axis(path):
    """(parameter, from, to) of the first axis of the model's sweep section, or None."""
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    m = re.search(r"^sweep:\s*\n\s+([\w]+):\s*\{\s*from:\s*([-\d.e]+),\s*to:\s*([-\d.e]+)",
                  text, re.M)
    return m.groups() if m else None


def corpus(root):
    for path in models(root):
        kind = kind_of(path)
        yield "check", ["check", path, "-f", "json"], None
        for method in METHODS.get(kind, []):
            yield kind, ["solve", path, "-m", method, "-f", "json"], None
        for sid, kinds, methods in OWN_METHODS:
            for method in methods if kind in kinds else []:
                yield sid, ["solve", path, "-m", method, "-f", "json"], None
        if kind == "repeated":
            yield "repeated", ["solve", path, "-f", "json"], None
            yield "repeated", ["solve", path, "--set", "delta=0.2", "-f", "json"], None
        if kind in ("zero-sum", "bimatrix", "normal-form"):
            yield "correlated", ["solve", path, "-m", "correlated", "-f", "json"], None
            yield "correlated", ["solve", path, "-m", "coarse-correlated", "--objective",
                                 "range", "-f", "json"], None
        axis = sweep_axis(path)
        if axis is not None:
            grid = "%s=%s:%s:5" % axis
            yield "sweep", ["sweep", path, "--param", grid, "-f", "json", "-q", "--no-refine"], None
    unsc = os.path.join(root, "models", "examples", "unsc.yaml")
    for method in ("deegan-packel", "public-good", "johnston", "coleman"):
        yield "weighted-voting", ["solve", unsc, "-m", method, "--exact", "-f", "json"], None
    hedging = os.path.join(root, "models", "kazakhstan", "hedging.yaml")
    with open(hedging, "rb") as fh:
        yield "zero-sum", ["solve", "-", "-f", "json"], fh.read()
    china = os.path.join(root, "models", "kazakhstan", "china_investment.yaml")
    three = os.path.join(root, "models", "examples", "three_powers.yaml")
    for method in ("nash-bargaining", "kalai-smorodinsky", "egalitarian"):
        yield "bargaining", ["solve", china, "-m", method, "-f", "json"], None
        yield "bargaining", ["solve", china, "-m", method, "--feasible", "correlated",
                             "--disagreement", "0.5,0.5", "-f", "json"], None
        yield "bargaining", ["solve", three, "-m", method, "-f", "json"], None
    yield "bargaining", ["solve", os.path.join(root, "models", "examples", "prisoners_dilemma.yaml"),
                         "-m", "nash-bargaining", "--disagreement", "nash", "-f", "json"], None
    for model in ("prisoners_dilemma.yaml", "rps.yaml"):
        yield "ess", ["solve", os.path.join(root, "models", "examples", model), "-m", "ess",
                      "-f", "json"], None
        yield "ess", ["solve", os.path.join(root, "models", "examples", model), "-m", "ess",
                      "--exact", "-f", "json"], None
    yield "sweep", ["sweep", china, "-m", "nash-bargaining", "--param", "dependence_cost=0:2:5",
                    "-f", "json", "-q", "--no-refine"], None
    sco = os.path.join(root, "models", "kazakhstan", "sco_csto.yaml")
    yield "correlated", ["solve", sco, "-m", "correlated", "--objective", "China", "--all",
                         "-f", "json"], None
    yield "sweep", ["sweep", sco, "-m", "correlated", "--objective", "range", "--param",
                    "rivalry_cost=0:2:5", "-f", "json", "-q"], None
    yield "bench", ["bench", "model", "--quick", "--json"], None
    commitment = os.path.join(root, "models", "kazakhstan", "us_commitment.yaml")
    yield "sweep", ["sweep", commitment, "-m", "stackelberg", "--param",
                    "trade_dependence_ru=0:1:5", "-f", "json", "-q", "--no-refine"], None
    entry = os.path.join(root, "models", "examples", "entry_deterrence.yaml")
    yield "tree", ["solve", entry, "--set", "fight_cost=-2", "-f", "json"], None
    resolve = os.path.join(root, "models", "kazakhstan", "resolve.yaml")
    yield "bayesian", ["solve", resolve, "--exact", "-f", "json"], None
    yield "bayesian", ["solve", resolve, "--set", "p_resolve=0", "-f", "json"], None
    stoch = os.path.join(root, "tests", "cli", "data", "stochastic")
    for model in ("pd_general.yaml", "not_found.yaml"):
        yield "stochastic", ["solve", os.path.join(stoch, model), "-f", "json"], None
    yield "sweep", ["sweep", os.path.join(stoch, "cash_or_wait.yaml"), "--param", "p=0:0.05:6",
                    "-f", "json", "-q"], None
    yield "error", ["solve", "-f", "json", "--bogus"], None
    yield "error", ["solve", hedging, "-f", "json", "-m", "nosuch"], None
    yield "error", ["check", "-", "-f", "json"], b"kind: tu\nplayers: [\n"
