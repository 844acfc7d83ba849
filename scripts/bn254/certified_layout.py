"""circuit.json's "certified" object (verify_certified.py's docstring): its layout parsed
and checked (parameters, input layer dense or conv2d, pixels), the conv2d taps, and the
link's equations and targets built from it."""
from verify_groth16 import Malformed, field


def _int(v, what, lo=0):
    if not isinstance(v, int) or isinstance(v, bool) or v < lo:
        raise Malformed(f"{what}: expected an integer >= {lo}, got {v!r}")
    return v


def _obj(v, what):
    if not isinstance(v, dict):
        raise Malformed(f"{what}: not a JSON object")
    return v


def conv_taps(h, w, ci, co, k, s, p):
    """Yield (output index, input index, weight index) of a conv2d, outputs ascending,
    taps of an output in (ky, kx, c) order (see verify_certified.py's docstring)."""
    oh, ow = (h + 2 * p - k) // s + 1, (w + 2 * p - k) // s + 1
    for oy in range(oh):
        for ox in range(ow):
            for o in range(co):
                out = (oy * ow + ox) * co + o
                for ky in range(k):
                    iy = oy * s - p + ky
                    if not 0 <= iy < h:
                        continue
                    for kx in range(k):
                        ix = ox * s - p + kx
                        if not 0 <= ix < w:
                            continue
                        for c in range(ci):
                            yield out, (iy * w + ix) * ci + c, ((ky * k + kx) * ci + c) * co + o


def parse_certified(circuit, what, n_public_signals):
    """circuit.json object -> layout dict (raises Malformed). See verify_certified.py's docstring."""
    _obj(circuit, what)
    cert = _obj(field(circuit, "certified", what), f"{what}: certified")
    w = f"{what}: certified"
    m = _int(field(cert, "wires", w), f"{w}.wires", 1)
    params = field(cert, "parameters", w)
    if not isinstance(params, list):
        raise Malformed(f"{w}.parameters: expected a list")
    layers, offset, prev = [], 0, None
    for idx, e in enumerate(params):
        ew = f"{w}.parameters[{idx}]"
        _obj(e, ew)
        layer = _int(field(e, "layer", ew), f"{ew}.layer")
        nw = _int(field(e, "weights", ew), f"{ew}.weights")
        nb = _int(field(e, "biases", ew), f"{ew}.biases")
        if prev is not None and layer <= prev:
            raise Malformed(f"{ew}.layer: {layer} after layer {prev}; layers must be strictly increasing")
        prev = layer
        layers.append({"layer": layer, "weights": nw, "biases": nb, "offset": offset})
        offset += nw + nb
    n = offset
    lay = {"m": m, "n": n, "layers": layers, "input": None, "pixels": None, "N": 0, "M": 0}

    il = field(cert, "inputLayer", w)
    px = field(cert, "pixels", w)
    if (il is None) != (px is None):
        raise Malformed(f"{w}: pixels must be present exactly when inputLayer is")
    if il is None:
        if m != n + 1:
            raise Malformed(f"{w}.wires = {m}, expected n + 1 = {n + 1} without an input layer")
        return lay

    iw = f"{w}.inputLayer"
    _obj(il, iw)
    layer = _int(field(il, "layer", iw), f"{iw}.layer")
    entry = next((e for e in layers if e["layer"] == layer), None)
    if entry is None:
        raise Malformed(f"{iw}.layer: {layer} is not one of the parameters' layers")
    kind = field(il, "kind", iw)
    if kind == "dense":
        a = _int(field(il, "inCount", iw), f"{iw}.inCount", 1)
        b = _int(field(il, "outCount", iw), f"{iw}.outCount", 1)
        shape = {"kind": kind, "inCount": a, "outCount": b}
        N, M, want_w, want_b = a, b, a * b, b
    elif kind == "conv2d":
        names = ("height", "width", "inChannels", "outChannels", "kernel", "stride", "padding")
        h, wd, ci, co, k, s, p = (_int(field(il, nm, iw), f"{iw}.{nm}", 0 if nm == "padding" else 1)
                                  for nm in names)
        if h + 2 * p < k or wd + 2 * p < k:
            raise Malformed(f"{iw}: kernel {k} larger than the padded input {h + 2 * p}x{wd + 2 * p}")
        oh, ow = (h + 2 * p - k) // s + 1, (wd + 2 * p - k) // s + 1
        shape = dict(zip(names, (h, wd, ci, co, k, s, p)), kind=kind, outHeight=oh, outWidth=ow)
        N, M, want_w, want_b = h * wd * ci, oh * ow * co, k * k * ci * co, co
    else:
        raise Malformed(f"{iw}.kind: {kind!r}, expected 'dense' or 'conv2d'")
    if entry["weights"] != want_w or entry["biases"] != want_b:
        raise Malformed(f"{iw}: layer {layer} has {entry['weights']} weights and {entry['biases']} "
                        f"biases in parameters, its shape needs {want_w} and {want_b}")
    pw = f"{w}.pixels"
    _obj(px, pw)
    po = _int(field(px, "offset", pw), f"{pw}.offset")
    pc = _int(field(px, "count", pw), f"{pw}.count")
    if pc != N:
        raise Malformed(f"{pw}.count = {pc}, but the input layer reads {N} inputs")
    if po + pc > n_public_signals:
        raise Malformed(f"{pw}: offset {po} + count {pc} exceeds the {n_public_signals} public signals")
    n_in = want_w + want_b
    if m != M + 1 + (n - n_in) + 1:
        raise Malformed(f"{w}.wires = {m}, expected M + 1 + (n - {n_in}) + 1 = {M + 1 + n - n_in + 1} "
                        f"(M = {M} input-layer outputs, n = {n} parameters)")
    shape["layer"] = layer
    shape["offset"] = entry["offset"]
    lay.update(input=shape, pixels=(po, pc), N=N, M=M)
    return lay


def build_equations(lay, K, Kp, D, Dp, E):
    """-> (equations, targets): the statement of the link (verify_certified.py's docstring)."""
    n, m, M, N, inp = lay["n"], lay["m"], lay["M"], lay["N"], lay["input"]
    assert len(K) == m and len(Kp) == n + 1 and len(E) == N
    e0 = []
    wire = 0
    if inp is not None:
        base = inp["offset"]
        co = inp["outCount"] if inp["kind"] == "dense" else inp["outChannels"]
        nw = next(e["weights"] for e in lay["layers"] if e["layer"] == inp["layer"])
        e0 += [(base + nw + k % co, K[k]) for k in range(M)]
        wire = M + 1
    for e in lay["layers"]:
        if inp is not None and e["layer"] == inp["layer"]:
            continue
        for t in range(e["weights"] + e["biases"]):
            e0.append((e["offset"] + t, K[wire]))
            wire += 1
    assert wire == m - 1
    e0.append((n, K[m - 1]))
    e1 = [(i, Kp[i]) for i in range(n)] + [(n + 1, Kp[n])]
    equations, targets = [e0, e1], [D, Dp]
    if inp is not None:
        cols = [[] for _ in range(N)]
        base = inp["offset"]
        if inp["kind"] == "dense":
            a, b = inp["inCount"], inp["outCount"]
            for k in range(b):
                for j in range(a):
                    cols[j].append((base + j * b + k, K[k]))
        else:
            g = inp
            for k, j, t in conv_taps(g["height"], g["width"], g["inChannels"], g["outChannels"],
                                     g["kernel"], g["stride"], g["padding"]):
                cols[j].append((base + t, K[k]))
        for j in range(N):
            cols[j].append((n + 2 + j, K[M]))
        equations += cols
        targets += list(E)
    return equations, targets
