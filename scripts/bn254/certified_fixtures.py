"""Fixtures and helpers of test_certified.py: the toy sets (make_certified_toy.py: the three
variants, other parameters, another setup seed) written to a temp dir, and helpers that
load, modify and write their files, run the verifier in-process, and expect failures."""
import atexit
import contextlib
import io
import json
import os
import shutil
import tempfile

import make_certified_toy as toy
import verify_certified as vc
from bn254_common import FQ

TMP = tempfile.mkdtemp(prefix="bn254-certified-test-")
atexit.register(shutil.rmtree, TMP, ignore_errors=True)
ORDER = toy.ORDER
O = (FQ(1), FQ(1), FQ(0))

SETS = {}
for _v in toy.VARIANTS:
    SETS[_v] = toy.make(os.path.join(TMP, _v), variant=_v, seed=1, params_seed=1)
OTHER, OTHER_INFO = toy.make(os.path.join(TMP, "dense_other"), variant="dense", seed=1, params_seed=2)
SEED2, _ = toy.make(os.path.join(TMP, "dense_seed2"), variant="dense", seed=2, params_seed=1)
BASE, INFO = SETS["dense"]


def load(name, src=None):
    with open((src or BASE)[name], encoding="utf-8") as fh:
        return json.load(fh)


_counter = [0]


def write(obj, raw=None):
    _counter[0] += 1
    path = os.path.join(TMP, f"mod{_counter[0]}.json")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(raw if raw is not None else json.dumps(obj))
    return path


def paths(src=None, **over):
    """The six paths of src (default: the dense set), each replaced by over[name]."""
    src = src or BASE
    out = []
    for name in ORDER:
        v = over.get(name.replace(".", "_"))
        out.append(src[name] if v is None else (v if isinstance(v, str) else write(v)))
    return out


def run(src=None, **over):
    """Run the verifier in-process -> (code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = vc.main(["verify_certified.py"] + paths(src, **over))
    return code, out.getvalue().strip(), err.getvalue()


def bundle(src=None, **over):
    return vc.load_bundle(*paths(src, **over))


def pt(j):
    if j[2] == "0":
        return O
    return (FQ(int(j[0])), FQ(int(j[1])), FQ(1))


def js(p):
    return toy.g1_json(p)


def raises(exc, fn, *a):
    try:
        fn(*a)
    except exc as e:
        return str(e)
    raise AssertionError(f"{fn.__name__} did not raise {exc.__name__}")


def cert_with(fn, src=None):
    c = load("weights.certificate", src)
    fn(c)
    return c


def circuit_with(fn, src=None):
    c = load("circuit", src)
    fn(c["certified"])
    return c


def failing_equations(out):
    """The equation names listed in an "invalid: link: ..." message."""
    assert "link:" in out, out
    part = out.split("link:")[1].split(";")[0]
    return set(s.strip() for s in part.split(" for ")[1].split(","))


def expect_malformed(src=None, needle=None, **over):
    code, out, err = run(src, **over)
    assert code == 2 and out == "", (code, out, err)
    assert needle is None or needle in err, (needle, err)
