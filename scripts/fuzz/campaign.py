#!/usr/bin/env python3
"""Hostile-user campaign against the `zktrain` binary: does it ever crash, hang or wrongly
accept when a user hands it malformed files?

    python3 scripts/fuzz/campaign.py --zktrain .build/debug/zktrain --mutants 3000 --jobs 1
    python3 scripts/fuzz/campaign.py --zktrain .build/debug/zktrain --mutants 100000 --seconds 120

Setup builds a valid corpus with the binary itself (a tiny QAT checkpoint, its integer
model, a compiled circuit with keys, a proof, an input JSON, an iden3 .r1cs/.wtns pair with
keys (proving.key and a .zkey), a sweep spec, a cost profile, copies of the committed data subset; with
--certified yes also a certified-weights circuit, its keys, certificate and a proof) in a temporary
directory, and checks that every scenario succeeds on the unmutated corpus. Then mutant k
(k = 0, 1, ...) picks a (scenario, input file) pair round-robin, mutates that one file with
a generator seeded by (--seed, k) -- so a run is deterministic whatever --jobs is -- runs
the command in a scratch copy of the corpus with a timeout and a memory limit, and
classifies the outcome:

  crash         killed by a signal, exit >= 128, or a Swift runtime/fatal error in the output
  hang          timeout (for training commands only when the output stopped growing, see slow)
  wrong-accept  `verify` says valid for a proof/public/key/weight-certificate file whose
                content (points in affine form, public values and link responses mod r)
                differs from the original, or with a
                circuit.json whose layout/range/commitment checks the public values fail
  slow          (not a failure) a training command still printing progress at the timeout
  vague         (warning) an error that names neither the mutated file nor a mutated field
  odd-exit      (warning) an exit code other than 0, 1, 2, 64 without a crash
  ok / error    exit 0, or a clear error with exit 1, 2 or 64
  n/a           the mutation cannot be tested here (chmod 000 while running as root)

Prints one line per crash/hang/wrong-accept, a grouped summary, and `N passed, N failed`;
exits 1 if anything failed. Failing mutants are rebuilt into --keep DIR with a repro.sh.
Standard library only (Python 3.11).
"""
import argparse
import collections
import concurrent.futures
import fnmatch
import json
import os
import shutil
import sys
import tempfile
import threading
import time

from corpus import Corpus
from mutants import Mutants
from oracle import Oracle
from runner import Runner, tail
from scenarios import scenarios

FAILURES = ("crash", "hang", "wrong-accept")


class Campaign(Corpus, Mutants, Runner, Oracle):
    """The campaign's state; its setup (corpus.py), materialising (mutants.py), running
    (runner.py) and classification (oracle.py) are in the mixins."""

    def __init__(self, args):
        self.args = args
        self.repo = os.path.abspath(args.repo)
        self.work = tempfile.mkdtemp(prefix="zktrain-fuzz-")
        self.corpus = os.path.join(self.work, "corpus")
        self.cache = os.path.join(self.work, "cache")
        os.makedirs(self.cache)
        self.keep = os.path.abspath(args.keep or os.path.join(self.work, "keep"))
        self.bomb_lock = threading.Lock()
        self.kept = collections.Counter()
        self.keep_lock = threading.Lock()
        self.originals = {}
        self.raw_of = {}
        self.root = os.geteuid() == 0


# --------------------------------------------------------------------------------------


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--zktrain", default=".build/debug/zktrain", help="the binary (waited for up to --wait s)")
    ap.add_argument("--mutants", type=int, default=1000, help="how many mutants to run")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--seconds", type=float, default=None, help="stop starting mutants after this many seconds")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--commands", default=None,
                    help="comma-separated subset: eval, quantize, inspect, cost, compile, setup, prove, verify, commit, "
                         "groth16 (or groth16-setup, groth16-prove), train, sweep")
    ap.add_argument("--keep", default=None, help="where failing mutants and their repro.sh go (default: a temp dir)")
    ap.add_argument("--keep-per-signature", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=60, help="per-mutant limit (training commands; cap for others)")
    ap.add_argument("--fast-timeout", type=float, default=20,
                    help="floor of the limit of commands that should fail fast: max(this, 30 x baseline), <= --timeout")
    ap.add_argument("--stall", type=float, default=15,
                    help="a training command whose output grew within this many s of its timeout is 'slow', not hung")
    ap.add_argument("--mem-mb", type=int, default=4096, help="address-space limit per mutant (MiB)")
    ap.add_argument("--committed", choices=["auto", "yes", "no"], default="auto",
                    help="also fuzz committed-weights prove/verify (auto: if its setup takes <= --committed-max-setup s)")
    ap.add_argument("--committed-max-setup", type=float, default=20)
    ap.add_argument("--certified", choices=["yes", "no"], default="no",
                    help="also fuzz certified weights: certify, prove and verify (about 33 s more setup on a debug "
                         "build; its mutants take about 1 s each on average, 10x the others)")
    ap.add_argument("--scenarios", default=None,
                    help="comma-separated scenario names or shell patterns, e.g. 'certify,*-certified' "
                         "(after --commands)")
    ap.add_argument("--affinity", default=None, help="CPU list for the mutants, e.g. 0 or 0,1")
    ap.add_argument("--wait", type=float, default=900, help="seconds to wait for --zktrain to exist")
    ap.add_argument("--repo", default=os.path.dirname(os.path.dirname(here)))
    ap.add_argument("--keep-work", action="store_true", help="do not delete the work directory")
    ap.add_argument("--no-snapshot", action="store_true", help="run --zktrain itself, not a private copy")
    ap.add_argument("--results", default=None, help="also write every mutant's outcome as JSON lines here")
    ap.add_argument("--verbose", action="store_true", help="also print a line per warning")
    ap.add_argument("--quiet", action="store_true", help="no progress on stderr")
    args = ap.parse_args()
    if args.affinity is not None:
        args.affinity = {int(x) for x in args.affinity.split(",")}
    os.chdir(args.repo)

    camp = Campaign(args)
    started = time.time()
    try:
        camp.wait_for_binary()
        camp.build_corpus()
        scens = scenarios(camp.committed, camp.external_onnx, camp.certified)
        if args.commands:
            wanted = {c.strip() for c in args.commands.split(",") if c.strip()}
            if "groth16" in wanted:
                wanted |= {"groth16-setup", "groth16-prove"}
            unknown = wanted - {s.command for s in scenarios(True, True, True)} - {"groth16"}
            if unknown:
                sys.exit(f"campaign: unknown --commands {sorted(unknown)}")
            scens = [s for s in scens if s.command in wanted]
        if args.scenarios:
            pats = [x.strip() for x in args.scenarios.split(",") if x.strip()]
            known = [s.name for s in scenarios(True, True, True)]
            unknown = [x for x in pats if not fnmatch.filter(known, x)]
            if unknown:
                sys.exit(f"campaign: --scenarios {unknown} match no scenario (certified ones need --certified yes)")
            scens = [s for s in scens if any(fnmatch.fnmatchcase(s.name, x) for x in pats)]
        failures_at_baseline = []
        for s in scens:  # every scenario must succeed on the valid corpus
            scratch = os.path.join(camp.work, "baseline", s.name)
            os.makedirs(scratch)
            camp.materialize(s, scratch)
            argv, env = camp.command(s, scratch)
            rc, out, err, to, _, secs = camp.execute(argv, scratch, env, args.timeout * 3, args.stall)
            s.baseline = secs
            s.timeout = args.timeout if s.work else min(args.timeout, max(args.fast_timeout, 30 * secs))
            if rc != 0 or to or (s.verify and "valid" not in out):
                failures_at_baseline.append(s.name)
                print(f"BASELINE {s.name}: exit {rc}{' (timeout)' if to else ''} on the valid corpus: "
                      f"{tail(out + err, 800)}", flush=True)
            shutil.rmtree(scratch, ignore_errors=True)
        scens = [s for s in scens if s.name not in failures_at_baseline]
        pairs = [(s, t) for s in scens for t in s.targets]
        if not pairs:
            sys.exit("campaign: nothing to fuzz")
        camp.log(f"setup done in {time.time() - started:.0f} s: {len(scens)} scenarios, {len(pairs)} (command, file) "
                 f"pairs; binary {camp.binary_source}; work dir {camp.work}")
        results = run_all(camp, pairs, args)
        if args.results:
            with open(args.results, "w") as f:
                for r in sorted(results, key=lambda r: r["index"]):
                    f.write(json.dumps({k: v for k, v in r.items() if k != "output"}) + "\n")
        code = report(camp, pairs, results, args, time.time() - started, failures_at_baseline)
        after = camp.corpus_digest()
        if after != camp.digest:
            changed = sorted(k for k in set(after) | set(camp.digest) if after.get(k) != camp.digest.get(k))
            print(f"warning: the valid corpus changed during the campaign (hard links written through?): {changed[:5]}")
        return code
    finally:
        if not args.keep_work:
            keep_inside = camp.keep.startswith(camp.work + os.sep)
            for name in os.listdir(camp.work):
                if keep_inside and name == "keep":
                    continue
                p = os.path.join(camp.work, name)
                if os.path.isdir(p) and not os.path.islink(p):
                    shutil.rmtree(p, ignore_errors=True)
                else:
                    os.unlink(p)
            if not keep_inside or not os.path.exists(camp.keep):
                shutil.rmtree(camp.work, ignore_errors=True)


def run_all(camp, pairs, args):
    results = []
    deadline = time.time() + args.seconds if args.seconds else None
    last_progress = time.time()
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as ex:
        pending = set()
        index = 0
        while index < args.mutants or pending:
            while index < args.mutants and len(pending) < args.jobs and (deadline is None or time.time() < deadline):
                pending.add(ex.submit(camp.run_mutant, pairs, index))
                index += 1
            if not pending:
                break
            done, pending = concurrent.futures.wait(pending, return_when=concurrent.futures.FIRST_COMPLETED)
            for fut in done:
                r = fut.result()
                results.append(r)
                if r["cls"] in FAILURES:
                    r["repro"] = camp.keep_case(pairs, r)
                    print(f"{r['cls'].upper():13} #{r['index']:<6} {r['scenario']:<20} {r['file']:<36} "
                          f"{r['mutation']}  |  {r['detail']}" + (f"  -> {r['repro']}" if r['repro'] else ""),
                          flush=True)
                elif args.verbose and r["cls"] in ("vague", "odd-exit", "slow"):
                    print(f"  {r['cls']:11} #{r['index']:<6} {r['scenario']:<20} {r['file']:<36} {r['mutation']}  |  "
                          f"{r.get('detail', '')}", flush=True)
            if time.time() - last_progress > 60:
                last_progress = time.time()
                c = collections.Counter(r["cls"] for r in results)
                camp.log(f"  ... {len(results)} mutants done: " + ", ".join(f"{k} {v}" for k, v in sorted(c.items())))
    return results


def report(camp, pairs, results, args, elapsed, baseline_failures):
    c = collections.Counter(r["cls"] for r in results)
    n = len(results)
    run_secs = sum(r.get("seconds", 0) for r in results)
    print(f"\n== {n} mutants of {len(pairs)} (command, file) pairs, seed {args.seed}, jobs {args.jobs}: "
          f"{elapsed:.0f} s wall clock including setup, {run_secs / max(n, 1):.2f} s per mutant run")
    order = ["ok", "error", "vague", "odd-exit", "slow", "n/a", "crash", "hang", "wrong-accept"]
    print("outcomes: " + ", ".join(f"{k} {c[k]}" for k in order if c[k]))
    groups = collections.defaultdict(list)
    for r in results:
        if r["cls"] in FAILURES:
            groups[(r["cls"], r["command"], r["file"], r.get("signature", ""))].append(r)
    if groups:
        print("failures by command, file and site (count, one repro):")
        for key in sorted(groups, key=lambda k: (FAILURES.index(k[0]), k[1], k[2], k[3])):
            rs = sorted(groups[key], key=lambda r: r["index"])
            repro = next((r["repro"] for r in rs if r.get("repro")), "")
            print(f"  {key[0]:12} {key[1]:<14} {key[2]:<36} x{len(rs):<4} {key[3]}")
            print(f"  {'':12} e.g. #{rs[0]['index']} {rs[0]['mutation'][:110]}  {repro}")
    warn = collections.Counter((r["cls"], r["scenario"], r["file"]) for r in results if r["cls"] in ("vague", "odd-exit", "slow"))
    if warn:
        print("warnings (not failures) by scenario and file:")
        for (cls, scen, f), k in sorted(warn.items(), key=lambda x: -x[1])[:25]:
            ex = next(r for r in results if (r["cls"], r["scenario"], r["file"]) == (cls, scen, f))
            print(f"  {cls:9} {scen:<20} {f:<36} x{k:<4} e.g. #{ex['index']} {ex['mutation'][:50]}: {ex.get('detail', '')[:90]}")
    if camp.root:
        print("not applicable: unreadable files (chmod 000) -- running as root, which reads them anyway")
    if baseline_failures:
        print(f"scenarios dropped because they fail on the valid corpus: {', '.join(baseline_failures)}")
    if any(r["cls"] in FAILURES for r in results):
        print(f"failing mutants (up to {args.keep_per_signature} per signature) with repro.sh: {camp.keep}")
    failed = sum(c[k] for k in FAILURES)
    passed = n - failed - c["n/a"]
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or baseline_failures else 0


if __name__ == "__main__":
    sys.exit(main())
