"""Structure-aware JSON mutations (extreme numbers, other types, deleted/duplicated keys,
array edits, deep nesting, hostile strings, equivalent layouts) and the certified-weights
mutations (points and scalars of weights.certificate.json, certificate_vk.json,
weights.secret.json)."""
import collections
import re

from curve import P, R
from jsontree import Obj, Raw, enc, jdump, jparse, numeric_kind, path_fields, path_set, path_str, short, walk
from mutators import weighted


EXTREME_INTS = [0, -1, 1, 2 ** 31 - 1, 2 ** 31, -2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 53 + 1,
                2 ** 63 - 1, -2 ** 63, 2 ** 64, -2 ** 64, 10 ** 40]
EXTREME_RAWS = ["1e308", "-1e308", "1e400", "0.5", "-0.0", "1e-320", "9" * 400, "2.5e9"]
EXTREME_STRS = ["NaN", "Infinity", "-1", "9" * 400, "", " 1", "+1", "1e3", "0x10", "-0",
                str(R), str(R - 1), str(R + 1), str(P), str(2 ** 256 - 1), str(2 ** 256)]


def extreme_value(v, rng):
    kind = numeric_kind(v)
    if kind == "numstr":
        n = int(v)
        if rng.random() < 0.2:
            return rng.choice(EXTREME_INTS) if rng.random() < 0.7 else Raw(rng.choice(EXTREME_RAWS))
        more = [str(n + P), str(n + R), "0" * 30 + v.lstrip("-"), str(n + 1), str(n - 1), str(-n),
                str(rng.choice(EXTREME_INTS)), v + "0"]
        return rng.choice(EXTREME_STRS + more)
    r = rng.random()
    if r < 0.55:
        return rng.choice(EXTREME_INTS)
    if r < 0.85:
        return Raw(rng.choice(EXTREME_RAWS))
    return rng.choice(["NaN", str(rng.choice(EXTREME_INTS)), "9" * 400])


def other_type(v, rng):
    options = ["x", "", [], [v], Obj(), None, True, 0, -1, "9" * 400, [[], []], Obj([["k", 1]])]
    return rng.choice([o for o in options if type(o) is not type(v)] or options)


ARCH_TOKENS = ["dense(0)", "dense(-1)", "dense(4294967296)", "dense(9223372036854775807)",
               "conv(2147483647,k3)", "conv(4,k0)", "conv(4,k99,s0)", "avgpool(0)", "sumpool(99999)",
               "avgpool(2,s0)", "poly(relu,d100,r4)", "poly(gelu,d0,r0)", "flatten", "bn bn bn", "quad(ch)",
               "relu", "sq sq sq sq sq sq", ""]


def mutate_string(s, rng):
    r = rng.random()
    if "dense(" in s or "conv(" in s:
        toks = s.split(" ")
        i = rng.randrange(len(toks))
        toks[i] = rng.choice(ARCH_TOKENS)
        return " ".join(toks)
    if r < 0.4 and re.search(r"\d+", s):
        return re.sub(r"\d+", lambda m: str(rng.choice(EXTREME_INTS)), s, count=1)
    if r < 0.6:
        return ""
    if r < 0.8:
        return "A" * rng.choice([1000, 100000])
    return s[: rng.randrange(len(s) + 1)] + "\u0000\u202e\U0001F4A5"


def json_mutate(data, rng):
    """A structure-aware JSON mutation, or None if `data` is not JSON we can re-emit."""
    try:
        root = jparse(data)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    nodes = list(walk(root))
    leaves = [(p, v) for p, v in nodes if not isinstance(v, (Obj, list))]
    numeric = [(p, v) for p, v in leaves if numeric_kind(v)]
    objs = [(p, v) for p, v in nodes if isinstance(v, Obj) and v]
    lists = [(p, v) for p, v in nodes if isinstance(v, list) and not isinstance(v, Obj)]
    strings = [(p, v) for p, v in leaves if isinstance(v, str) and not numeric_kind(v)]
    ops = [("num", 30 if numeric else 0), ("type", 12), ("delkey", 10 if objs else 0),
           ("dupkey", 10 if objs else 0), ("range", 8 if lists else 0), ("array", 10 if lists else 0),
           ("nest", 4), ("string", 8 if strings else 0), ("equiv", 3)]
    op = weighted(rng, ops)  # the tree was parsed for this call: it is edited in place
    indent = rng.choice([None, 1, 2])
    if op == "num":
        p, v = rng.choice(numeric)
        new = extreme_value(v, rng)
        root = path_set(root, p, new)
        return enc(jdump(root, indent)), f"json:num {path_str(p)}={short(new)}", path_fields(p)
    if op == "type":
        p, v = rng.choice(numeric if numeric and rng.random() < 0.6 else nodes)
        new = other_type(v, rng)
        root = path_set(root, p, new)
        return enc(jdump(root, indent)), f"json:type {path_str(p)}={short(new)}", path_fields(p)
    if op == "delkey":
        p, o = rng.choice(objs)
        i = rng.randrange(len(o))
        k = o[i][0]
        del o[i]
        return enc(jdump(root, indent)), f"json:delete {path_str(p + ((i, k),))}", path_fields(p) + [k]
    if op == "dupkey":
        p, o = rng.choice(objs)
        i = rng.randrange(len(o))
        k, v = o[i]
        new = extreme_value(v, rng) if numeric_kind(v) else (
            mutate_string(v, rng) if isinstance(v, str) else other_type(v, rng))
        where = rng.choice(["before", "after"])
        o.insert(i if where == "before" else i + 1, [k, new])
        return (enc(jdump(root, indent)), f"json:duplicate-key {path_str(p + ((i, k),))} {where}={short(new)}",
                path_fields(p) + [k])
    if op == "range":
        pairs = [(p, l) for p, l in lists if len(l) == 2 and all(numeric_kind(x) for x in l) and l[0] != l[1]]
        if pairs and rng.random() < 0.8:
            p, l = rng.choice(pairs)
            new = [l[1], l[0]]
            desc = f"json:reverse-range {path_str(p)}={short(new)}"
        else:
            p, l = rng.choice(lists)
            if len(l) < 2:
                return None
            i, j = rng.sample(range(len(l)), 2)
            new = list(l)
            new[i], new[j] = new[j], new[i]
            desc = f"json:swap {path_str(p)}[{i}]<->[{j}]"
        root = path_set(root, p, new)
        return enc(jdump(root, indent)), desc, path_fields(p)
    if op == "array":
        p, l = rng.choice(lists)
        how = rng.choice(["empty", "drop-last", "drop-first", "append", "double", "huge", "insert-extreme"])
        new = list(l)
        if how == "empty":
            new = []
        elif how == "drop-last":
            new = new[:-1]
        elif how == "drop-first":
            new = new[1:]
        elif how == "append":
            new = new + new[-1:] if new else [0]
        elif how == "double":
            new = new + new
        elif how == "huge":
            item = new[-1] if new else 0
            new = new + [item] * min(200000, max(1000, 50 * len(new)))
        else:
            new.insert(rng.randrange(len(new) + 1), extreme_value(0, rng))
        root = path_set(root, p, new)
        return enc(jdump(root, indent)), f"json:array-{how} {path_str(p)} ({len(l)}->{len(new)})", path_fields(p)
    if op == "nest":
        p, v = rng.choice(leaves or nodes)
        depth = rng.choice([100, 1000, 10000, 200000])
        root = path_set(root, p, Raw("[" * depth + jdump(v) + "]" * depth))
        return enc(jdump(root, indent)), f"json:nest {path_str(p)} depth {depth}", path_fields(p)
    if op == "string":
        p, v = rng.choice(strings)
        new = mutate_string(v, rng)
        root = path_set(root, p, new)
        return enc(jdump(root, indent)), f"json:string {path_str(p)}={short(new)}", path_fields(p)
    # equiv: same content, other layout (whitespace; a key spelled with a \\u escape).
    text = jdump(root, rng.choice([None, 4]))
    if rng.random() < 0.5:
        keys = re.findall(r'"([a-zA-Z_][a-zA-Z_0-9]*)"\s*:', text)
        if keys:
            k = rng.choice(keys)
            text = text.replace(f'"{k}"', '"\\u%04x%s"' % (ord(k[0]), k[1:]), 1)
    return enc(text), "json:equivalent-layout", []


# --- certified weights: weights.certificate.json, certificate_vk.json, weights.secret.json ---
# Structure-aware edits that keep the file well-formed but change (or, for the "equivalent"
# ones, only re-encode) a point or a scalar: the verifier must reject the former and may
# accept the latter. Generic JSON and byte mutations cover the malformed side.


def cert_points(root):
    """(path, value) of every G1 point ([x, y, z] decimal strings); (path, values, lone) of every
    list of scalars (decimal strings) and of every lone scalar (lone: the path is the string)."""
    points, scalars = [], []
    for path, v in walk(root):
        if isinstance(v, list) and not isinstance(v, Obj):
            if len(v) == 3 and all(isinstance(e, str) and e.isdigit() for e in v):
                points.append((path, v))
            elif v and all(isinstance(e, str) and e.isdigit() for e in v):
                scalars.append((path, v, False))
        elif isinstance(v, str) and v.isdigit() and len(v) > 20 and path and not isinstance(path[-1], int):
            scalars.append((path, [v], True))  # a lone scalar (a blinding)
    return points, scalars


def cert_mutate(data, rng):
    try:
        root = jparse(data)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    points, scalars = cert_points(root)
    ops = [("negate", 20 if points else 0), ("swap-points", 15 if len(points) > 1 else 0),
           ("infinity", 8 if points else 0), ("generator", 6 if points else 0),
           ("rescale", 8 if points else 0), ("coord+p", 5 if points else 0),
           ("scalar", 30 if scalars else 0), ("swap-scalars", 8 if scalars else 0)]
    if not any(w for _, w in ops):
        return None
    op = weighted(rng, ops)
    indent = rng.choice([None, 1])
    if op in ("negate", "infinity", "generator", "rescale", "coord+p"):
        # Prefer the few top-level points now and then (commitment, certificateCommitment,
        # the range proof, vk_alpha_1) over the hundreds in the long lists.
        tops = [(p_, v) for p_, v in points if not any(isinstance(e, int) for e in p_)]
        p_, v = rng.choice(tops) if tops and rng.random() < 0.3 else rng.choice(points)
        x, y, z = (int(e) for e in v)
        if op == "negate":
            new, equiv = [str(x), str((P - y) % P), str(z)], False
        elif op == "infinity":
            new, equiv = rng.choice([["0", "1", "0"], ["0", "0", "0"], ["1", "1", "0"]]), False
        elif op == "generator":
            new, equiv = ["1", "2", "1"], False
        elif op == "rescale":  # the same point in other Jacobian coordinates
            lam = rng.randrange(2, P)
            new, equiv = [str(x * lam * lam % P), str(y * lam ** 3 % P), str(z * lam % P)], True
        else:  # a coordinate + p: the same point, not reduced (a parser may refuse it)
            i = rng.randrange(3)
            new = list(v)
            new[i] = str(int(v[i]) + P)
            equiv = True
        root = path_set(root, p_, new)
        what = "equivalent " if equiv else ""
        return enc(jdump(root, indent)), f"cert:{what}{op} {path_str(p_)}", path_fields(p_)
    if op == "swap-points":
        # Two points of the same list (inputEvaluations, link commitments, IC) or two top-level ones.
        lists = collections.defaultdict(list)
        for p_, v in points:
            lists[p_[:-1] if p_ and isinstance(p_[-1], int) else ()].append((p_, v))
        group = rng.choice([g for g in lists.values() if len(g) > 1] or [points])
        (pa, va), (pb, vb) = rng.sample(group, 2)
        if va == vb:
            return None
        root = path_set(root, pa, vb)
        root = path_set(root, pb, va)
        return enc(jdump(root, indent)), f"cert:swap {path_str(pa)}<->{path_str(pb)}", path_fields(pa) + path_fields(pb)
    p_, l, lone = rng.choice(scalars)
    if op == "swap-scalars":
        if lone or len(l) < 2:
            return None
        i, j = rng.sample(range(len(l)), 2)
        if l[i] == l[j]:
            return None
        new = list(l)
        new[i], new[j] = new[j], new[i]
        root = path_set(root, p_, new)
        return enc(jdump(root, indent)), f"cert:swap {path_str(p_)}[{i}]<->[{j}]", path_fields(p_)
    i = 0 if lone else rng.randrange(len(l))
    n = int(l[i])
    how, v = rng.choice([("+1", n + 1), ("-1", n - 1), ("+r", n + R), ("0", 0), ("r", R),
                         ("r-1", R - 1), ("-n", (R - n) % R), ("p", P)])
    v = str(v)
    if lone:
        root = path_set(root, p_, v)
        where = path_str(p_)
    else:
        new = list(l)
        new[i] = v
        root = path_set(root, p_, new)
        where = f"{path_str(p_)}[{i}]"
    return enc(jdump(root, indent)), f"cert:scalar {where} {how}", path_fields(p_)
