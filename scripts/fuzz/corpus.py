"""The valid corpus the campaign mutates, built with the binary itself in the work
directory: a tiny QAT checkpoint, its integer model, circuits with keys and proofs, an iden3
pair, a sweep spec, a cost profile, tables, and (with --certified yes) certified weights."""
import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time

from scenarios import ARCH

SWIFT_BACKTRACE = ("enable=yes,interactive=no,color=no,demangle=yes,threads=all,registers=none,"
                   "images=none,limit=48,top=8,sanitize=no")


class Corpus:
    """The setup part of the Campaign (campaign.py)."""

    def log(self, msg):
        if not self.args.quiet:
            print(msg, file=sys.stderr, flush=True)

    def wait_for_binary(self):
        path = os.path.abspath(self.args.zktrain)
        deadline = time.time() + self.args.wait
        announced = False
        while not (os.path.isfile(path) and os.access(path, os.X_OK)):
            if time.time() > deadline:
                sys.exit(f"campaign: {path} does not exist (waited {self.args.wait} s)")
            if not announced:
                self.log(f"waiting for {path} to exist (up to {self.args.wait} s)...")
                announced = True
            time.sleep(5)
        if announced:
            time.sleep(10)  # let the linker finish writing it
        self.binary_source = path
        if self.args.no_snapshot:
            self.binary = path
        else:  # a private copy: a rebuild during the campaign does not mix two binaries
            self.binary = os.path.join(self.work, "zktrain")
            shutil.copy2(path, self.binary)

    def setup_run(self, *args, timeout=600, env=None):
        e = self.base_env()
        e.update(env or {})
        t = time.time()
        p = subprocess.run([self.binary, *args], cwd=self.corpus, env=e, capture_output=True, text=True, timeout=timeout)
        if p.returncode != 0:
            sys.exit(f"campaign setup failed ({p.returncode}): zktrain {' '.join(args)}\n{p.stdout[-2000:]}{p.stderr[-3000:]}")
        return p, time.time() - t

    def base_env(self):
        e = {k: v for k, v in os.environ.items() if not k.startswith(("SWIFT_BACKTRACE", "XDG_"))}
        e["HOME"] = os.path.join(self.work, "home")
        e["XDG_CONFIG_HOME"] = os.path.join(self.work, "home", ".config")
        e["SWIFT_BACKTRACE"] = SWIFT_BACKTRACE
        return e

    def build_corpus(self):
        c = self.corpus
        os.makedirs(os.path.join(self.work, "home", ".config"))
        os.makedirs(c)
        subset = os.path.join(self.repo, "datasets", "fashion-mnist-subset")
        os.makedirs(os.path.join(c, "data"))
        os.makedirs(os.path.join(c, "data_raw"))
        shutil.copy(os.path.join(subset, "classes.txt"), os.path.join(c, "data", "classes.txt"))
        for name in sorted(os.listdir(subset)):
            if name.endswith(".gz"):
                shutil.copy(os.path.join(subset, name), os.path.join(c, "data", name))
                with gzip.open(os.path.join(subset, name)) as f:
                    raw = f.read()
                with open(os.path.join(c, "data_raw", name[:-3]), "wb") as f:
                    f.write(raw)
        t0 = time.time()
        self.setup_run("train", "--arch", ARCH, "--epochs", "1", "--weight-bits", "8", "--data", "data", "--out", "a",
                       "--seed", "1", "--threads", "1")
        self.setup_run("quantize", "a", "--out", "a.int", "--data", "data")
        self.setup_run("export", "a", "--onnx", "a.onnx")
        try:  # the export with every weight in e.onnx.data (external data), when the onnx package is here
            import onnx
            onnx.save_model(onnx.load(os.path.join(c, "a.onnx")), os.path.join(c, "e.onnx"), save_as_external_data=True,
                            all_tensors_to_one_file=True, location="e.onnx.data", size_threshold=0)
            self.external_onnx = True
        except ImportError:
            print("campaign: no onnx package; the external-data import scenario is left out", file=sys.stderr)
            self.external_onnx = False
        self.setup_run("commit", "a.int")
        self.setup_run("describe", "a.int", "--out", "a.public.json")
        self.setup_run("compile", "a.int", "--output", "logits+label", "--out", "c")
        self.setup_run("setup", "c")
        self.setup_run("prove", "c", "--model", "a.int", "--image", "3", "--data", "data", "--out", "p")
        with gzip.open(os.path.join(c, "data", "t10k-images-idx3-ubyte.gz")) as f:
            pixels = f.read()[16 + 784 * 5:16 + 784 * 6]
        with open(os.path.join(c, "input.json"), "w") as f:
            # A real test image, 0s and 1s included (builds before 2026-12-06 refused them:
            # JSON 0/1 bridged to Bool on Linux).
            json.dump(list(pixels), f)
        # An iden3 pair written independently of ZKTrain's writers, and its keys.
        os.makedirs(os.path.join(c, "g"))
        subprocess.run([sys.executable, os.path.join(self.repo, "scripts", "synthetic_r1cs.py"), "5",
                        os.path.join(c, "g", "s")], check=True, capture_output=True)
        self.setup_run("groth16", "setup", "g/s.r1cs", "--out", "g")
        self.setup_run("groth16", "setup", "g/s.r1cs", "--out", "gz", "--zkey")  # a snarkjs .zkey for the same circuit
        # A cost profile in the shipped profile's format (CostProfile.swift), in a private XDG dir.
        profile = {"machine": "zktrain fuzz corpus", "created": "2026-01-01T00:00:00Z",
                   "secondsPerFeature": [0.000885151, 0.0068612, 0.530088, 0.556425, 0.0675371, 0.208551],
                   "bytesPerFeature": [3.76553e+07, 5.6745e+08, 3.24448e+07, 3.34122e+07], "featureVersion": 4}
        os.makedirs(os.path.join(c, "config", "zktrain"))
        for path in ("config/zktrain/cost-profile.json", "profile.json"):
            with open(os.path.join(c, path), "w") as f:
                json.dump(profile, f, indent=2)
        # A tiny sweep: one MLP, one epoch, no proof measurement.
        sweep = {"name": "fuzz", "data": "data", "mlp": {"depths": [1], "widths": [8]},
                 "cnn": {"blocks": [1], "channels": [2], "kernels": [3], "strides": [2], "pooling": ["before"],
                         "heads": [0]},
                 "activations": ["sq"], "weightBits": ["8"], "rescale": ["auto"],
                 "include": [{"arch": "dense(8) bn sq dense(10)", "weightBits": "8", "rescale": "auto"}],
                 "budgets": [{"weights": "public", "constraints": 20000}],
                 "selection": {"perBudget": 1, "maxMACs": 100000}, "schedule": {"rounds": [{"epochs": 1}]},
                 "training": {"batchSize": 128, "learningRate": 0.001, "seed": 1, "qatWarmup": 0, "threads": 1},
                 "measureProofs": 0}
        with open(os.path.join(c, "sweep.json"), "w") as f:
            json.dump(sweep, f, indent=2)
        # Your own data: a small table (120 training rows of the committed breast-cancer split and
        # its test file), its integer model and circuit, one raw row as CSV and as JSON; the
        # digits .npz and an integer model of it.
        os.makedirs(os.path.join(c, "tab"))
        bc = os.path.join(self.repo, "datasets", "breast-cancer")
        with open(os.path.join(bc, "train.csv")) as f:
            lines = f.read().split("\n")
        with open(os.path.join(c, "tab", "train.csv"), "w") as f:
            f.write("\n".join(lines[:121]) + "\n")
        shutil.copy(os.path.join(bc, "test.csv"), os.path.join(c, "tab", "test.csv"))
        with open(os.path.join(bc, "test.csv")) as f:
            header, first = f.read().split("\n")[:2]
        with open(os.path.join(c, "row.csv"), "w") as f:
            f.write(header + "\n" + first + "\n")
        with open(os.path.join(c, "row.json"), "w") as f:
            json.dump([float(v) for v in first.split(",")[:-1]], f)
        self.setup_run("train", "--arch", "dense(4) bn sq dense(2)", "--epochs", "2", "--weight-bits", "8", "--data",
                       "tab/train.csv", "--test-data", "tab/test.csv", "--label", "diagnosis", "--out", "t", "--threads", "1")
        self.setup_run("quantize", "t", "--out", "t.int")
        self.setup_run("compile", "t.int", "--output", "logits+label", "--out", "tc")
        self.setup_run("setup", "tc")
        shutil.copy(os.path.join(self.repo, "datasets", "digits", "digits.npz"), os.path.join(c, "digits.npz"))
        self.setup_run("train", "--arch", "dense(8) bn sq dense(10)", "--epochs", "1", "--weight-bits", "8", "--data",
                       "digits.npz", "--out", "d", "--threads", "1")
        self.setup_run("quantize", "d", "--out", "d.int")
        self.log(f"corpus (public weights) built in {time.time() - t0:.1f} s")
        committed = False
        if self.args.committed != "no":
            self.setup_run("compile", "a.int", "--weights", "committed", "--out", "cc")
            try:
                _, secs = self.setup_run("setup", "cc", timeout=self.args.committed_max_setup * 3)
            except subprocess.TimeoutExpired:
                secs = float("inf")
            if secs <= self.args.committed_max_setup or self.args.committed == "yes":
                self.setup_run("prove", "cc", "--model", "a.int", "--image", "3", "--data", "data", "--out", "pc")
                committed = True
                self.log(f"committed-weights corpus: setup took {secs:.1f} s; included")
            else:
                self.log(f"committed-weights corpus: setup took {secs:.1f} s > {self.args.committed_max_setup} s; skipped")
                shutil.rmtree(os.path.join(c, "cc"), ignore_errors=True)
        self.committed = committed
        self.certified = False
        if self.args.certified == "yes":
            t1 = time.time()
            self.setup_run("compile", "a.int", "--weights", "certified", "--output", "logits+label", "--out", "ct")
            _, secs = self.setup_run("setup", "ct")
            self.setup_run("certify", "a.int", "ct")
            # prove writes the key's weight-wire sums to a.int/weight-wire-sums.bin, the same name the
            # committed circuit uses: keep the committed one (prove-committed mutates it).
            sums = os.path.join(c, "a.int", "weight-wire-sums.bin")
            kept = open(sums, "rb").read() if os.path.exists(sums) else None
            self.setup_run("prove", "ct", "--model", "a.int", "--image", "3", "--data", "data", "--out", "pt")
            if kept is not None:
                with open(sums, "wb") as f:
                    f.write(kept)
            self.setup_run("check-certificate", "ct", "--out", "ct/checked.json")
            self.certified = True
            self.log(f"certified-weights corpus built in {time.time() - t1:.1f} s (setup {secs:.1f} s)")
        self.digest = self.corpus_digest()

    def corpus_digest(self):
        h = {}
        for d, _, files in os.walk(self.corpus):
            for f in files:
                p = os.path.join(d, f)
                with open(p, "rb") as fh:
                    h[os.path.relpath(p, self.corpus)] = hashlib.sha256(fh.read()).hexdigest()
        return h
