"""Derives docs/schema/*.json from real output: python3 tests/schema/dump.py BIN ROOT >d.jsonl; python3 tests/schema/infer.py d.jsonl docs/schema (then review the diff)."""
import json, collections
TITLES = {"zero-sum": "a two-player zero-sum game solved", "bimatrix": "a bimatrix game solved",
  "normal-form": "an n-player normal-form game solved", "tu": "a TU cooperative game solved",
  "weighted-voting": "a weighted voting game solved", "hedonic": "a hedonic game solved",
  "check": "a model validated (multipolar check)", "sweep": "a parameter sweep (multipolar sweep -f json)",
  "error": "an error under --format json",
  "bargaining": "a bargaining solution (solve --method nash-bargaining, kalai-smorodinsky, egalitarian)",
  "ess": "the evolutionarily stable strategies of a symmetric game (solve --method ess)",
  "bayesian": "a Bayesian game solved (Bayes-Nash equilibria per type)",
  "repeated": "a repeated game solved (minmax, polygons, critical discount factors, SPE set)"}
def t(v):
    if v is None: return "null"
    if isinstance(v,bool): return "boolean"
    if isinstance(v,int): return "integer"
    if isinstance(v,float): return "number"
    if isinstance(v,str): return "string"
    if isinstance(v,list): return "array"
    return "object"
def merge(samples):
    types=set(t(v) for v in samples)
    if "integer" in types and "number" in types: types.discard("integer")
    # numbers may be null (NaN/Inf) in report JSON
    if types & {"number","integer"}: types.add("null")
    s={}
    tl=sorted(types)
    s["type"]=tl[0] if len(tl)==1 else tl
    objs=[v for v in samples if isinstance(v,dict)]
    if objs:
        keys=collections.OrderedDict()
        for o in objs:
            for k in o: keys.setdefault(k,[]).append(o[k])
        s["properties"]={k:merge(vs) for k,vs in keys.items()}
        req=[k for k in keys if all(k in o for o in objs)]
        if req: s["required"]=req
    arrs=[v for v in samples if isinstance(v,list)]
    items=[x for a in arrs for x in a]
    if items: s["items"]=merge(items)
    return s
groups=collections.defaultdict(list)
import sys
for l in open(sys.argv[1]):
    d=json.loads(l); j=json.loads(d['out'])
    k=j['schema'].split('/')[1]; groups[k].append(j)
for k,docs in groups.items():
    s=merge(docs)
    s["properties"]["schema"]={"const":"multipolar/%s/1"%k}
    if k not in ("check","sweep","error"): s["properties"]["kind"]={"const":k}
    out={"$schema":"https://json-schema.org/draft/2020-12/schema",
         "$id":"https://multipolar.invalid/schema/%s/1"%k,
         "title":"multipolar/%s/1: %s"%(k,TITLES.get(k,k)),
         "description":"Written by the multipolar CLI; derived from the report builders' real output over every bundled model and method (tests/schema/corpus.py). Numbers may be null (NaN/Inf). Keys not listed are allowed (additions keep version 1).",
         **s}
    json.dump(out,open(sys.argv[2]+'/%s.json'%k,'w'),indent=2); open(sys.argv[2]+'/%s.json'%k,'a').write('\n')
    print(k,len(docs))
