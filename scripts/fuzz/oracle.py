"""How a mutant's run is classified (ok, error, vague, odd-exit, slow, hang, crash,
wrong-accept), and the wrong-accept checks for verify: the content that matters, compared
with the original's."""
import json
import os
import re

from curve import R, dec, g1_affine, g2_affine
from jsontree import jparse, plain
from runner import CRASH_MARKERS, crash_site, hang_site, tail

ACCEPTABLE_EXITS = {0, 1, 2, 64}


def semantic(kind, node):
    if kind == "public":
        if not isinstance(node, list):
            raise ValueError("not a list")
        return tuple(dec(v) % R for v in node)
    if not isinstance(node, dict):
        raise ValueError("not an object")
    if kind == "proof":
        return (g1_affine(node["pi_a"]), g2_affine(node["pi_b"]), g1_affine(node["pi_c"]))
    if kind == "certificate":  # weights.certificate.json: every point affine, responses mod r
        link = node["link"]
        if not all(isinstance(x, list) for x in (node["inputEvaluations"], link["commitments"], link["responses"])):
            raise ValueError("certificate lists")
        return (g1_affine(node["commitment"]), tuple(g1_affine(e) for e in node["inputEvaluations"]),
                g1_affine(node["certificateCommitment"]), semantic("proof", node["rangeProof"]),
                tuple(g1_affine(c) for c in link["commitments"]), tuple(dec(v) % R for v in link["responses"]))
    n = node["nPublic"]
    if isinstance(n, bool) or not isinstance(n, int):
        if isinstance(n, float) and n.is_integer():
            n = int(n)
        else:
            raise ValueError("nPublic")
    return (n, g1_affine(node["vk_alpha_1"]), g2_affine(node["vk_beta_2"]), g2_affine(node["vk_gamma_2"]),
            g2_affine(node["vk_delta_2"]), tuple(g1_affine(p) for p in node["IC"]))


def interpretations(data):
    """The values a first-wins and a last-wins JSON parser see, or [] if not JSON."""
    try:
        root = jparse(data)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return []
    return [plain(root, True), plain(root, False)]


def semantic_variants(kind, data):
    out = []
    for value in interpretations(data):
        try:
            out.append(semantic(kind, value))
        except (ValueError, KeyError, TypeError, ZeroDivisionError, RecursionError):
            out.append(None)
    return out or [None]


def circuit_verdict(manifest, publics, commitment=None):
    """Why a careful verifier must reject `publics` under `manifest`, None if it accepts, or
    'unknown' if the manifest cannot be interpreted."""
    try:
        groups = manifest["publicSignals"]
        counts = [g["count"] for g in groups]
        names = [g["name"] for g in groups]
        if not all(isinstance(c, int) and not isinstance(c, bool) for c in counts):
            return "unknown"
        if sum(counts) != len(publics):
            return f"layout: {sum(counts)} signals declared, public.json has {len(publics)}"
        if any(c < 0 for c in counts):
            return "negative count"
        if "input" in names:
            k = names.index("input")
            start = sum(counts[:k])
            lo, hi = manifest["inputRange"]
            if not all(isinstance(x, int) and not isinstance(x, bool) for x in (lo, hi)):
                return "unknown"
            for i in range(counts[k]):
                v = publics[start + i]
                s = v - R if v > (R - 1) // 2 else v
                if not lo <= s <= hi:
                    return f"input {i} = {s} outside [{lo}, {hi}]"
        if "weight commitment" in names:
            k = names.index("weight commitment")
            published = commitment or manifest.get("weightCommitment")
            if str(publics[sum(counts[:k])]) != published:
                return f"weight commitment {publics[sum(counts[:k])]} is not the published {published}"
        return None
    except (KeyError, TypeError, ValueError, IndexError):
        return "unknown"


def diff_summary(a, b, where=""):
    """The first difference between two semantic values: 'element 0[1]: x -> y'."""
    if a is None or b is None:
        return "the mutated file is not readable as such" if b is None else "the original did not parse"
    if isinstance(a, tuple) and isinstance(b, tuple):
        if len(a) != len(b):
            return f"{where or 'top'}: {len(a)} values -> {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            if x != y:
                return diff_summary(x, y, f"{where}[{i}]")
    return f"element {where}: {str(a)[:80]} -> {str(b)[:80]}"


class Oracle:
    """The classification part of the Campaign (campaign.py)."""

    def classify(self, scen, rel, fields, data, rc, out, err, timed_out, progressing):
        text = out + "\n" + err
        if timed_out:
            if scen.work and progressing:
                return {"cls": "slow", "detail": f"still making progress after {scen.timeout:.0f} s (legitimate work?)"}
            where, top = hang_site(text)
            return {"cls": "hang", "detail": f"no exit after {scen.timeout:.0f} s; in {where}" + (f", busy at {top}" if top else ""),
                    "signature": f"timeout in {where}", "output": tail(text)}
        if rc < 0 or rc >= 128 or any(m in text for m in CRASH_MARKERS):
            reason, where, func = crash_site(text, rc)
            if re.search(r"[Cc]ould not allocate|out of memory|allocation failed", text):
                reason += f" (address-space limit {self.args.mem_mb} MiB)"
            return {"cls": "crash", "detail": f"{reason} @ {where}" + (f" ({func})" if func else ""),
                    "signature": f"{reason} @ {where}", "output": tail(text)}
        if scen.verify and rc == 0 and re.search(r"^valid$", out, re.M):
            wrong = self.wrong_accept(scen, rel, data)
            if wrong:
                return {"cls": "wrong-accept", "detail": wrong, "signature": f"accepts {os.path.basename(rel)}",
                        "output": tail(text)}
            if wrong is None and data is not None and data != self.original(rel):
                return {"cls": "ok", "note": "accepted: what verify depends on is unchanged"}
        if rc not in ACCEPTABLE_EXITS:
            return {"cls": "odd-exit", "detail": f"exit {rc}", "output": tail(text)}
        if rc == 0:
            return {"cls": "ok"}
        if scen.verify and rc == 1 and re.search(r"^invalid\b", out, re.M):
            return {"cls": "error"}  # a verdict, not an error message
        names = [os.path.basename(rel)] + [f for f in fields if isinstance(f, str) and len(f) >= 3]
        names += [re.sub(r"(?<=[a-z])(?=[A-Z])", " ", f) for f in names]  # inputShape: "input shape"
        mentioned = any(n.lower() in text.lower() for n in names)
        d = os.path.basename(os.path.dirname(rel))  # the directory the user named (model, circuit)
        if d and (re.search(r"(^|[/\s])" + re.escape(d) + r"[/:]", text, re.M)
                  or len(d) >= 3 and re.search(r"(^|[/\s])" + re.escape(d) + r"(\s|$)", text, re.M)):
            mentioned = True
        if rel.endswith((".gz",)):
            names.append(os.path.basename(rel)[:-3])
        if not mentioned:
            lines = [l for l in text.splitlines() if l.strip()]
            first = next((l for l in lines if l.startswith(("error", "malformed", "invalid"))), lines[-1] if lines else "")
            return {"cls": "vague", "detail": first[:160]}
        return {"cls": "error"}

    def wrong_accept(self, scen, rel, data):
        """A description if `verify` should not have accepted; None for a same-content file."""
        v = scen.verify
        kinds = {v["vk"]: "vk", v["proof"]: "proof", v["public"]: "public"}
        if v.get("certificate"):
            kinds[v["certificate"]] = "certificate"
        if v.get("certificate-key"):
            kinds[v["certificate-key"]] = "vk"
        if data is None:  # a directory, a symlink loop, a missing file
            return f"verify accepted with {rel} replaced ({os.path.basename(rel)} unreadable)"
        if rel in kinds:
            kind = kinds[rel]
            orig = semantic_variants(kind, self.original(rel))[0]
            got = semantic_variants(kind, data)
            if orig in got:
                return None
            return f"{rel}: content differs from the original ({diff_summary(orig, got[-1])})"
        if rel == v.get("circuit"):
            publics = semantic("public", json.loads(self.original(v["public"])))
            verdicts = [circuit_verdict(m, publics) if isinstance(m, dict) else "unknown"
                        for m in interpretations(data)] or ["unknown"]
            if any(x is None or x == "unknown" for x in verdicts):
                return None
            return f"circuit.json check should reject: {verdicts[-1]}"
        return None
