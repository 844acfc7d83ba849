"""test_certified.py's tests of malformed files (exit 2) and of the link equations' index
arithmetic (known answers, and the conv/dense layouts against the toy's own evaluation)."""
import os
import random

import make_certified_toy as toy
import verify_certified as vc
from certified_fixtures import BASE, SETS, TMP, bundle, cert_with, circuit_with, expect_malformed, load, write


# ---------------------------------------------------------------- malformed (exit 2)


def test_wrong_counts_certificate():
    for f in (lambda l: l[:-1], lambda l: l + [l[0]], lambda l: []):
        expect_malformed(weights_certificate=cert_with(
            lambda c: c.__setitem__("inputEvaluations", f(c["inputEvaluations"]))), needle="inputEvaluations")
        expect_malformed(weights_certificate=cert_with(
            lambda c: c["link"].__setitem__("commitments", f(c["link"]["commitments"]))), needle="commitments")
        expect_malformed(weights_certificate=cert_with(
            lambda c: c["link"].__setitem__("responses", f(c["link"]["responses"]))), needle="n + 2 + N = 18")
    none = SETS["none"][0]
    expect_malformed(none, "inputEvaluations", weights_certificate=cert_with(
        lambda c: c.__setitem__("inputEvaluations", [c["commitment"]]), none))
    expect_malformed(none, "inputEvaluations", weights_certificate=cert_with(lambda c: c.pop("inputEvaluations"), none))
    # the dense certificate under the no-input-layer set and vice versa
    expect_malformed(none, weights_certificate=BASE["weights.certificate"])
    expect_malformed(weights_certificate=none["weights.certificate"])


def test_wrong_counts_keys_and_circuit():
    expect_malformed(public=load("public") + ["1"], needle="expected P + m")
    expect_malformed(certificate_verification_key=BASE["verification_key"], needle="expected n + 1 = 13")
    expect_malformed(verification_key=SETS["conv"][0]["verification_key"], needle="expected P + m")
    expect_malformed(circuit=circuit_with(lambda c: c.__setitem__("wires", 7)), needle="wires")
    expect_malformed(circuit=circuit_with(lambda c: c["parameters"][1].__setitem__("biases", 2)))
    expect_malformed(circuit=circuit_with(lambda c: c["parameters"][0].__setitem__("weights", 9)),
                     needle="its shape needs 8 and 2")
    expect_malformed(circuit=circuit_with(lambda c: c["pixels"].__setitem__("count", 3)), needle="pixels.count")
    expect_malformed(circuit=circuit_with(lambda c: c["pixels"].__setitem__("offset", 2)), needle="exceeds")
    expect_malformed(circuit=circuit_with(lambda c: c.__setitem__("pixels", None)), needle="exactly when")
    expect_malformed(circuit=circuit_with(lambda c: c["inputLayer"].__setitem__("kind", "conv1d")))
    expect_malformed(circuit=circuit_with(lambda c: c["inputLayer"].__setitem__("layer", 5)))
    expect_malformed(circuit=circuit_with(lambda c: c["inputLayer"].__setitem__("inCount", True)))
    expect_malformed(circuit=circuit_with(lambda c: c["parameters"][1].__setitem__("layer", 0)),
                     needle="strictly increasing")
    expect_malformed(circuit=circuit_with(lambda c: c.pop("inputLayer")))
    expect_malformed(circuit={"layers": []}, needle="certified")
    conv = SETS["conv"][0]
    expect_malformed(conv, circuit=circuit_with(lambda c: c["inputLayer"].__setitem__("kernel", 5), conv),
                     needle="larger than")
    expect_malformed(conv, circuit=circuit_with(lambda c: c["inputLayer"].__setitem__("stride", 2), conv),
                     needle="wires")  # 2x2x2 outputs: m changes
    expect_malformed(SETS["none"][0], circuit=BASE["circuit"])


def test_bad_format_version_and_files():
    for key, val in (("format", "zktrain.weight-certificate.v2"), ("version", 1), ("version", 3),
                     ("version", "2"), ("version", True)):
        expect_malformed(weights_certificate=cert_with(lambda c: c.__setitem__(key, val)), needle=key)
    for drop in ("commitment", "certificateCommitment", "rangeProof", "link", "format"):
        expect_malformed(weights_certificate=cert_with(lambda c: c.pop(drop)))
    for drop in ("commitments", "responses"):
        expect_malformed(weights_certificate=cert_with(lambda c: c["link"].pop(drop)))
    expect_malformed(weights_certificate=cert_with(lambda c: c["link"]["responses"].__setitem__(2, 5)))
    expect_malformed(weights_certificate=cert_with(lambda c: c["link"]["responses"].__setitem__(2, "0x5")))
    expect_malformed(weights_certificate=cert_with(lambda c: c["inputEvaluations"].__setitem__(0, ["1", "2"])))
    expect_malformed(weights_certificate=write(None, raw="{not json"))
    expect_malformed(circuit=write(None, raw="[1,"))
    expect_malformed(proof=os.path.join(TMP, "does-not-exist.json"))


# ---------------------------------------------------------------- equations: index arithmetic

def test_equations_known_answer_dense():
    """The dense statement written out by hand from the spec (n = 12, m = 6, N = 4)."""
    b = bundle()
    K, Kp = b["K"], b["Kp"]
    e0 = [(8, K[0]), (9, K[1]), (10, K[3]), (11, K[4]), (12, K[5])]
    e1 = [(i, Kp[i]) for i in range(12)] + [(13, Kp[12])]
    cols = [[(j * 2 + 0, K[0]), (j * 2 + 1, K[1]), (14 + j, K[2])] for j in range(4)]
    assert b["equations"] == [e0, e1] + cols
    assert b["targets"][0] is b["D"] and b["targets"][1] is b["Dp"] and b["targets"][2:] == b["E"]


def test_equations_known_answer_conv():
    """Conv 2x2x2 -> 3x3x2 (kernel 2, stride 1, padding 1), n = 20: a few columns by hand."""
    b = bundle(SETS["conv"][0])
    K = b["K"]
    # input (0, 0, c=0) is read by outputs (0,0) tap (1,1), (0,1) tap (1,0), (1,0) tap (0,1),
    # (1,1) tap (0,0); weight ((ky*2+kx)*2 + c)*2 + o, output (oy*3+ox)*2 + o
    col0 = [(12, K[0]), (13, K[1]), (8, K[2]), (9, K[3]), (4, K[6]), (5, K[7]), (0, K[8]), (1, K[9]),
            (22, K[18])]
    assert b["equations"][2] == col0
    # input (1, 1, c=1) = index 7: outputs (1,1) tap (1,1), (1,2) tap (1,0), (2,1) tap (0,1), (2,2) tap (0,0)
    col7 = [(14, K[8]), (15, K[9]), (10, K[10]), (11, K[11]), (6, K[14]), (7, K[15]), (2, K[16]),
            (3, K[17]), (29, K[18])]
    assert b["equations"][2 + 7] == col7
    e0 = [(16 + k % 2, K[k]) for k in range(18)] + [(18, K[19]), (19, K[20]), (20, K[21])]
    assert b["equations"][0] == e0
    assert len(b["equations"]) == 10 and b["n"] == 20 and len(b["z"]) == 30


def test_conv_and_dense_layouts_match_independent_evaluation():
    """For assorted shapes: the E-columns of build_equations, with random weights, equal the
    toy's padded nested-array layer evaluated at unit inputs minus the bias; e0's bias
    terms equal the layer at input 0."""
    rng = random.Random(4)
    shapes = [{"kind": "dense", "inCount": 3, "outCount": 5}]
    for (h, w, ci, co, k, s, p) in ((2, 2, 2, 2, 2, 1, 1), (3, 4, 1, 2, 2, 2, 0), (4, 3, 2, 1, 3, 2, 1),
                                    (5, 5, 1, 1, 3, 3, 2), (1, 1, 3, 2, 1, 1, 0), (3, 3, 1, 1, 3, 1, 0)):
        shapes.append(dict(kind="conv2d", height=h, width=w, inChannels=ci, outChannels=co, kernel=k,
                           stride=s, padding=p))
    for shape in shapes:
        if shape["kind"] == "dense":
            N, nw, nb = shape["inCount"], shape["inCount"] * shape["outCount"], shape["outCount"]
        else:
            N = shape["height"] * shape["width"] * shape["inChannels"]
            nw, nb = shape["kernel"] ** 2 * shape["inChannels"] * shape["outChannels"], shape["outChannels"]
        cert = {"wires": 0, "parameters": [{"layer": 0, "weights": nw, "biases": nb},
                                           {"layer": 3, "weights": 2, "biases": 0}],
                "inputLayer": dict(layer=0, **shape), "pixels": {"offset": 0, "count": N}}
        zero_out = toy.input_layer(shape, [0] * N, [0] * nw, list(range(nb)))
        M = len(zero_out)
        cert["wires"] = M + 1 + 2 + 1
        lay = vc.parse_certified({"certified": cert}, "synthetic", N)
        assert lay["M"] == M and lay["N"] == N and lay["n"] == nw + nb + 2
        K = [object() for _ in range(lay["m"])]
        Kp = [object() for _ in range(lay["n"] + 1)]
        which = {id(kk): i for i, kk in enumerate(K)}
        eqs, _ = vc.build_equations(lay, K, Kp, "D", "D'", ["E"] * N)
        W = [rng.randrange(-5, 6) for _ in range(nw)]
        bias = [rng.randrange(-5, 6) for _ in range(nb)]
        sec = W + bias + [7, 8] + [0, 0, 0] + [0] * N
        at0 = toy.input_layer(shape, [0] * N, W, bias)
        got = [0] * M
        for i, base in eqs[0][:M]:
            got[which[id(base)]] += sec[i]
        assert got == at0, (shape, got, at0)
        for j in range(N):
            unit = [1 if t == j else 0 for t in range(N)]
            want = [a - c for a, c in zip(toy.input_layer(shape, unit, W, bias), at0)]
            got = [0] * M
            for i, base in eqs[2 + j][:-1]:
                got[which[id(base)]] += sec[i]
            assert got == want, (shape, j)
            assert eqs[2 + j][-1] == (lay["n"] + 2 + j, K[M])
            ks = [which[id(base)] for _, base in eqs[2 + j][:-1]]
            assert ks == sorted(ks), "outputs must be ascending within a column"
        # other layer's parameters sit on the wires after beta, nu last
        assert eqs[0][M:] == [(nw + nb, K[M + 1]), (nw + nb + 1, K[M + 2]), (nw + nb + 2, K[M + 3])]
