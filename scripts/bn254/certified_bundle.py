"""Reading the six files of a certified-weights proof (verify_certified.py): the keys,
proofs, public values, the certificate (D, E_j, D', range proof, link) and the link's
equations, shape problems first (Malformed), then values (Invalid)."""
import sys

from py_ecc.optimized_bn128 import is_inf

from verify_groth16 import (
    R,
    Invalid,
    Malformed,
    check_header,
    dec,
    field,
    load_json,
    parse_g1,
    parse_g2,
    public_count_and_ic,
)

from certified_layout import _obj, build_equations, parse_certified

FORMAT = "zktrain.weight-certificate"
VERSION = 2


def _parse_key(vk, path, errors):
    """snarkjs Groth16 verification key -> dict (shape errors raise Malformed)."""
    _obj(vk, path)
    check_header(vk, path, required=True)
    n_public, ic = public_count_and_ic(vk, path)
    key = {"nPublic": n_public}
    for name, parser in (("vk_alpha_1", parse_g1), ("vk_beta_2", parse_g2),
                         ("vk_gamma_2", parse_g2), ("vk_delta_2", parse_g2)):
        key[name] = _guarded(errors, parser, field(vk, name, path), f"{path}: {name}")
    key["IC"] = [_guarded(errors, parse_g1, p, f"{path}: IC[{i}]") for i, p in enumerate(ic)]
    return key


def _parse_proof(proof, what, errors):
    _obj(proof, what)
    check_header(proof, what, required=False)
    return {
        "pi_a": _guarded(errors, parse_g1, field(proof, "pi_a", what), f"{what}: pi_a"),
        "pi_b": _guarded(errors, parse_g2, field(proof, "pi_b", what), f"{what}: pi_b"),
        "pi_c": _guarded(errors, parse_g1, field(proof, "pi_c", what), f"{what}: pi_c"),
    }


def _guarded(errors, fn, *a):
    try:
        return fn(*a)
    except Invalid as e:
        errors.append(str(e))
        return None


def _points(v, count, what, errors):
    if not isinstance(v, list) or len(v) != count:
        got = len(v) if isinstance(v, list) else type(v).__name__
        raise Malformed(f"{what}: expected a list of exactly {count} G1 points, got {got}")
    return [_guarded(errors, parse_g1, p, f"{what}[{i}]") for i, p in enumerate(v)]


def load_bundle(circuit_path, vk_path, proof_path, public_path, cert_path, cvk_path):
    """Read and parse the six files.

    Raises Malformed for shape problems (checked first, across all files) and Invalid
    for values that parse but are not acceptable (off-curve, coordinate >= p, G2 not
    in the subgroup, public value or response >= r). Returns a dict with the layout,
    parsed keys, proofs, public values, D, E, D', T, z, the bases K, K', and the link's
    equations and targets.
    """
    circuit = load_json(circuit_path)
    vk = load_json(vk_path)
    proof = load_json(proof_path)
    pub = load_json(public_path)
    cert = load_json(cert_path)
    cvk = load_json(cvk_path)
    errors = []

    if not isinstance(pub, list):
        raise Malformed(f"{public_path}: expected a JSON list of public signals")
    n_pub = len(pub)
    lay = parse_certified(circuit, circuit_path, n_pub)
    m, n, N = lay["m"], lay["n"], lay["N"]
    key = _parse_key(vk, vk_path, errors)
    ckey = _parse_key(cvk, cvk_path, errors)
    inf_proof = _parse_proof(proof, proof_path, errors)
    if key["nPublic"] != n_pub + m:
        raise Malformed(f"{vk_path}: nPublic = {key['nPublic']}, expected P + m = {n_pub} + {m} "
                        f"({n_pub} public signals, {m} committed wires in {circuit_path})")
    if ckey["nPublic"] != n + 1:
        raise Malformed(f"{cvk_path}: nPublic = {ckey['nPublic']}, expected n + 1 = {n + 1} "
                        f"({n} parameters in {circuit_path})")
    inputs = [dec(v, f"{public_path}[{i}]") for i, v in enumerate(pub)]

    _obj(cert, cert_path)
    fmt = field(cert, "format", cert_path)
    if fmt != FORMAT:
        raise Malformed(f"{cert_path}: format is {fmt!r}, expected {FORMAT!r}")
    ver = field(cert, "version", cert_path)
    if not isinstance(ver, int) or isinstance(ver, bool) or ver != VERSION:
        raise Malformed(f"{cert_path}: version is {ver!r}, expected {VERSION}")
    D = _guarded(errors, parse_g1, field(cert, "commitment", cert_path), f"{cert_path}: commitment")
    E = _points(field(cert, "inputEvaluations", cert_path), N, f"{cert_path}: inputEvaluations", errors)
    Dp = _guarded(errors, parse_g1, field(cert, "certificateCommitment", cert_path),
                  f"{cert_path}: certificateCommitment")
    range_proof = _parse_proof(field(cert, "rangeProof", cert_path), f"{cert_path}: rangeProof", errors)
    link = _obj(field(cert, "link", cert_path), f"{cert_path}: link")
    n_eq = 2 + N
    T = _points(field(link, "commitments", f"{cert_path}: link"), n_eq,
                f"{cert_path}: link.commitments", errors)
    resp = field(link, "responses", f"{cert_path}: link")
    n_sec = n + 2 + N
    if not isinstance(resp, list) or len(resp) != n_sec:
        got = len(resp) if isinstance(resp, list) else type(resp).__name__
        raise Malformed(f"{cert_path}: link.responses must be a list of exactly n + 2 + N = {n_sec} "
                        f"decimal strings, got {got}")
    z = [dec(v, f"{cert_path}: link.responses[{i}]") for i, v in enumerate(resp)]

    for i, v in enumerate(inputs):
        if v >= R:
            errors.append(f"{public_path}: public signal {i} = {v} is not < r")
    for i, v in enumerate(z):
        if v >= R:
            errors.append(f"{cert_path}: link.responses[{i}] = {v} is not < r")
    if errors:
        raise Invalid("; ".join(errors))

    K = key["IC"][1 + n_pub: 1 + n_pub + m]
    Kp = ckey["IC"][1: 2 + n]
    for name, bases in (("K", K), ("K'", Kp)):
        for i, pt in enumerate(bases):
            if is_inf(pt):
                print(f"warning: committed-wire base {name}[{i}] is the point at infinity "
                      f"(that wire is unconstrained/unhidden by the key)", file=sys.stderr)
    equations, targets = build_equations(lay, K, Kp, D, Dp, E)
    return {
        "P": n_pub, "m": m, "n": n, "N": N, "layout": lay, "key": key, "ckey": ckey,
        "proof": inf_proof, "public": inputs, "D": D, "E": E, "Dp": Dp, "rangeProof": range_proof,
        "T": T, "z": z, "K": K, "Kp": Kp, "equations": equations, "targets": targets,
    }
