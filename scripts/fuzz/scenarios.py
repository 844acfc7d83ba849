"""Scenarios: a command line (paths relative to the scratch directory it runs in), what it
needs from the corpus, and the files it reads that are mutated; and the special files
(empty, a directory, a symlink loop, missing, unreadable, gzip bombs) every target also gets."""

ARCH = "dense(8) bn sq dense(10)"


class Scenario:
    def __init__(self, name, command, args, needs, targets, work=False, env=None, verify=None):
        self.name, self.command, self.args, self.needs = name, command, args, needs
        self.targets = targets  # [(relpath, kind)]
        self.work = work  # legitimately long work is possible: a timeout with progress is "slow"
        self.env = env or {}
        self.verify = verify  # {"vk": rel, "proof": rel, "public": rel, "circuit": rel|None}
        self.timeout = None
        self.baseline = None


def scenarios(committed, external_onnx=False, certified=False):
    T = "data/t10k-images-idx3-ubyte.gz", "data/t10k-labels-idx1-ubyte.gz"
    TR = "data/train-images-idx3-ubyte.gz", "data/train-labels-idx1-ubyte.gz"
    RAW = [f"data_raw/{n}" for n in ("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                                     "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")]
    ckpt = [("a/model.json", "json"), ("a/model.safetensors", "safetensors")]
    intm = [("a.int/model.int.json", "json"), ("a.int/model.int.safetensors", "safetensors")]
    xdg = {"XDG_CONFIG_HOME": "{S}/config"}
    s = [
        Scenario("eval", "eval", ["eval", "a", "--data", "data"], ["a", "data"], ckpt),
        Scenario("eval-integer", "eval", ["eval", "a.int", "--integer", "--data", "data", "--threads", "1"],
                 ["a.int", "data"], intm + [("a.int/data-options.json", "json")]),
        Scenario("eval-data", "eval", ["eval", "a.int", "--integer", "--data", "data", "--threads", "1"],
                 ["a.int", "data"], [(t, "idxgz") for t in T] + [("data/classes.txt", "text")]),
        Scenario("eval-data-raw", "eval", ["eval", "a.int", "--integer", "--data", "data_raw", "--threads", "1"],
                 ["a.int", "data_raw"], [(t, "idx") for t in RAW[2:]]),
        Scenario("quantize", "quantize", ["quantize", "a", "--out", "out", "--data", "data", "--threads", "1"],
                 ["a", "data"], ckpt),
        Scenario("inspect", "inspect", ["inspect", "a.int"], ["a.int"], intm),
        # An ONNX file (the checkpoint's export) through the protobuf reader and the importer.
        Scenario("import-onnx", "import", ["import", "a.onnx", "--out", "out", "--data", "data"], ["a.onnx", "data"],
                 [("a.onnx", "onnx")]),
    ] + ([
        # The same graph with its weights in a separate file, as torch.onnx.export writes it.
        Scenario("import-onnx-external", "import", ["import", "e.onnx", "--out", "out", "--data", "data"],
                 ["e.onnx", "e.onnx.data", "data"], [("e.onnx", "onnx"), ("e.onnx.data", "bytes")]),
    ] if external_onnx else []) + [
        Scenario("cost", "cost", ["cost", "a.int", "--output", "logits+label"], ["a.int", "config"],
                 intm + [("config/zktrain/cost-profile.json", "json")], env=xdg),
        Scenario("cost-spec", "cost", ["cost", "dense(16) sq dense(10)", "--input-shape", "28,28,1", "--weights", "committed"], ["config"],
                 [("config/zktrain/cost-profile.json", "json")], env=xdg),
        Scenario("compile", "compile", ["compile", "a.int", "--output", "logits+label", "--out", "out"], ["a.int"], intm),
        Scenario("compile-checkpoint", "compile", ["compile", "a", "--out", "out"], ["a"], ckpt),
        Scenario("describe", "describe", ["describe", "a.int", "--out", "out.json"], ["a.int"], intm),
        # A public description (no weights) compiled to the committed circuit, as a verifier does.
        Scenario("compile-description", "compile", ["compile", "a.public.json", "--weights", "committed", "--out", "out"],
                 ["a.public.json"], [("a.public.json", "json")]),
        Scenario("setup", "setup", ["setup", "c"], ["c/circuit.json", "c/model.r1cs"],
                 [("c/circuit.json", "json"), ("c/model.r1cs", "r1cs")]),
        Scenario("prove", "prove", ["prove", "c", "--model", "a.int", "--image", "3", "--data", "data", "--out", "out"],
                 ["c", "a.int", "data"],
                 [("c/circuit.json", "json"), ("c/proving.key", "pkey")] + intm + [(t, "idxgz") for t in T]),
        Scenario("prove-input", "prove", ["prove", "c", "--model", "a.int", "--input", "input.json", "--out", "out"],
                 ["c", "a.int", "input.json"], [("input.json", "json")]),
        Scenario("verify", "verify", ["verify", "c/verification_key.json", "p/proof.json", "p/public.json"],
                 ["c/verification_key.json", "p"],
                 [("c/verification_key.json", "json"), ("p/proof.json", "json"), ("p/public.json", "json")],
                 verify={"vk": "c/verification_key.json", "proof": "p/proof.json", "public": "p/public.json"}),
        Scenario("verify-circuit", "verify",
                 ["verify", "c/verification_key.json", "p/proof.json", "p/public.json", "--circuit", "c"],
                 ["c/verification_key.json", "c/circuit.json", "p"],
                 [("c/circuit.json", "json"), ("c/verification_key.json", "json"), ("p/proof.json", "json"),
                  ("p/public.json", "json")],
                 verify={"vk": "c/verification_key.json", "proof": "p/proof.json", "public": "p/public.json",
                         "circuit": "c/circuit.json"}),
        Scenario("commit", "commit", ["commit", "a.int"], ["a.int"], intm + [("a.int/commitment.json", "json")]),
        Scenario("commit-checkpoint", "commit", ["commit", "a"], ["a"], ckpt),
        Scenario("groth16-setup", "groth16-setup", ["groth16", "setup", "g/s.r1cs", "--out", "out"], ["g/s.r1cs"],
                 [("g/s.r1cs", "r1cs")]),
        Scenario("groth16-setup-model", "groth16-setup", ["groth16", "setup", "c/model.r1cs", "--out", "out"],
                 ["c/model.r1cs"], [("c/model.r1cs", "r1cs")]),
        Scenario("groth16-prove", "groth16-prove",
                 ["groth16", "prove", "--key", "g/proving.key", "--r1cs", "g/s.r1cs", "--witness", "g/s.wtns", "--out",
                  "out"], ["g"], [("g/proving.key", "pkey"), ("g/s.r1cs", "r1cs"), ("g/s.wtns", "wtns")]),
        Scenario("groth16-prove-zkey", "groth16-prove",
                 ["groth16", "prove", "--key", "gz/proving.zkey", "--r1cs", "g/s.r1cs", "--witness", "g/s.wtns", "--out",
                  "out"], ["g", "gz"], [("gz/proving.zkey", "zkey")]),
        Scenario("train-resume", "train",
                 ["train", "--resume", "--epochs", "2", "--out", "a", "--data", "data", "--threads", "1"], ["a", "data"],
                 ckpt + [("a/training-state.safetensors", "safetensors")], work=True),
        Scenario("train-data", "train",
                 ["train", "--arch", ARCH, "--epochs", "1", "--weight-bits", "8", "--data", "data", "--out", "out",
                  "--threads", "1"], ["data"], [(t, "idxgz") for t in TR + T], work=True),
        Scenario("train-data-raw", "train",
                 ["train", "--arch", ARCH, "--epochs", "1", "--data", "data_raw", "--out", "out", "--threads", "1"],
                 ["data_raw"], [(t, "idx") for t in RAW], work=True),
        Scenario("train-csv", "train",
                 ["train", "--arch", "dense(4) bn sq dense(2)", "--epochs", "1", "--weight-bits", "8", "--data", "tab/train.csv",
                  "--label", "diagnosis", "--out", "out", "--threads", "1"], ["tab"], [("tab/train.csv", "csv")], work=True),
        Scenario("eval-csv", "eval", ["eval", "t.int", "--integer", "--data", "tab/train.csv", "--test-data", "tab/test.csv",
                                      "--label", "diagnosis", "--threads", "1"],
                 ["t.int", "tab"], [("tab/test.csv", "csv"), ("t.int/model.int.json", "json")]),
        Scenario("prove-input-csv", "prove", ["prove", "tc", "--model", "t.int", "--input", "row.csv", "--out", "out"],
                 ["tc", "t.int", "row.csv"], [("row.csv", "csv")]),
        Scenario("prove-input-row", "prove", ["prove", "tc", "--model", "t.int", "--input", "row.json", "--out", "out"],
                 ["tc", "t.int", "row.json"], [("row.json", "json")]),
        Scenario("eval-npz", "eval", ["eval", "d.int", "--integer", "--data", "digits.npz", "--threads", "1"],
                 ["d.int", "digits.npz"], [("digits.npz", "npz")]),
        # Planning reads the data too: the input shape and class count come from it.
        Scenario("sweep-plan", "sweep", ["sweep", "sweep.json", "--out", "out", "--plan-only", "--profile", "profile.json"],
                 ["sweep.json", "profile.json", "data"], [("sweep.json", "json"), ("profile.json", "json")]),
        Scenario("sweep", "sweep", ["sweep", "sweep.json", "--out", "out", "--profile", "profile.json"],
                 ["sweep.json", "profile.json", "data"], [("sweep.json", "json")], work=True),
    ]
    if committed:
        s += [
            Scenario("prove-committed", "prove",
                     ["prove", "cc", "--model", "a.int", "--image", "3", "--data", "data", "--out", "out"],
                     ["cc", "a.int", "data"],
                     [("a.int/weight-wire-sums.bin", "sums"), ("a.int/commitment.json", "json"),
                      ("cc/circuit.json", "json")]),
            Scenario("verify-committed", "verify",
                     ["verify", "cc/verification_key.json", "pc/proof.json", "pc/public.json", "--circuit", "cc"],
                     ["cc/verification_key.json", "cc/circuit.json", "pc"],
                     [("cc/circuit.json", "json"), ("pc/public.json", "json")],
                     verify={"vk": "cc/verification_key.json", "proof": "pc/proof.json", "public": "pc/public.json",
                             "circuit": "cc/circuit.json"}),
        ]
    if certified:
        # Certified weights (compile --weights certified): ct/ is the circuit with setup's four keys
        # and certify's weights.certificate.json; a.int holds weights.secret.json; pt/ is a proof.
        # certify overwrites ct/weights.certificate.json and reuses the secret's blindings.
        s += [
            Scenario("certify", "certify", ["certify", "a.int", "ct"], ["a.int", "ct"],
                     [("a.int/weights.secret.json", "certjson"), ("ct/certificate.key", "pkey"),
                      ("ct/circuit.json", "json"), ("ct/certificate.r1cs", "r1cs")]),
            Scenario("prove-certified", "prove",
                     ["prove", "ct", "--model", "a.int", "--image", "3", "--data", "data", "--out", "out"],
                     ["ct", "a.int", "data"],
                     [("ct/weights.certificate.json", "certjson"), ("a.int/weights.secret.json", "certjson"),
                      ("ct/certificate_vk.json", "certjson"), ("ct/circuit.json", "json")]),
            Scenario("verify-certified", "verify",
                     ["verify", "ct/verification_key.json", "pt/proof.json", "pt/public.json", "--circuit", "ct"],
                     ["ct/verification_key.json", "ct/circuit.json", "ct/weights.certificate.json",
                      "ct/certificate_vk.json", "pt"],
                     [("ct/weights.certificate.json", "certjson"), ("ct/certificate_vk.json", "certjson"),
                      ("ct/circuit.json", "json"), ("pt/public.json", "json"), ("pt/proof.json", "json"),
                      ("ct/verification_key.json", "json")],
                     verify={"vk": "ct/verification_key.json", "proof": "pt/proof.json", "public": "pt/public.json",
                             "circuit": "ct/circuit.json", "certificate": "ct/weights.certificate.json",
                             "certificate-key": "ct/certificate_vk.json"}),
            # The verifier's one-time check and the key it folds (ct/checked.json, made from the
            # corpus by check-certificate). check-certificate prints "valid" only for a certificate,
            # certificate key and model key whose content is the original's (circuit.json is left to
            # verify-certified: check-certificate reads only its certified layout).
            Scenario("check-certificate", "check-certificate", ["check-certificate", "ct", "--out", "out.json"],
                     ["ct/verification_key.json", "ct/circuit.json", "ct/weights.certificate.json", "ct/certificate_vk.json", "pt"],
                     [("ct/weights.certificate.json", "certjson"), ("ct/certificate_vk.json", "certjson"),
                      ("ct/verification_key.json", "json")],
                     verify={"vk": "ct/verification_key.json", "proof": "pt/proof.json", "public": "pt/public.json",
                             "certificate": "ct/weights.certificate.json", "certificate-key": "ct/certificate_vk.json"}),
            Scenario("verify-checked-key", "verify",
                     ["verify", "ct/checked.json", "pt/proof.json", "pt/public.json", "--circuit", "ct", "--checked-key"],
                     ["ct/checked.json", "ct/circuit.json", "pt"],
                     [("ct/checked.json", "json"), ("pt/public.json", "json"), ("pt/proof.json", "json"), ("ct/circuit.json", "json")],
                     verify={"vk": "ct/checked.json", "proof": "pt/proof.json", "public": "pt/public.json", "circuit": "ct/circuit.json"}),
            # The same with the files the checked key records (their SHA-256) beside circuit.json:
            # any change to them, or to the record, must be refused by name.
            Scenario("verify-checked-key-bound", "verify",
                     ["verify", "ct/checked.json", "pt/proof.json", "pt/public.json", "--circuit", "ct", "--checked-key"],
                     ["ct/checked.json", "ct/circuit.json", "ct/verification_key.json", "ct/weights.certificate.json", "pt"],
                     [("ct/checked.json", "json"), ("ct/verification_key.json", "json"), ("ct/weights.certificate.json", "certjson")],
                     verify={"vk": "ct/checked.json", "proof": "pt/proof.json", "public": "pt/public.json", "circuit": "ct/circuit.json",
                             "certificate": "ct/weights.certificate.json"}),
        ]
    return s


SPECIALS = ["empty", "directory", "symlink-loop", "missing", "unreadable"]
BOMBS = {"gzip-bomb-64M": 64 << 20, "gzip-bomb-1G": 1 << 30, "gzip-bomb-4G": (4 << 30) + (1 << 20)}


def specials_for(kind):
    return SPECIALS + (list(BOMBS) if kind == "idxgz" else [])
