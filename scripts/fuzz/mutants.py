"""Materialising a mutant: what mutant k is (deterministic from --seed and k), its mutated
or special file written into a scratch copy of the corpus, and a failing mutant rebuilt
into --keep with a repro.sh."""
import gzip
import os
import random
import re
import shlex
import shutil
import zlib

from mutators import byte_mutate
from mutators_data import csv_mutate, gz_mutate, idx_mutate, safetensors_mutate
from mutators_json import cert_mutate, json_mutate
from mutators_keys import iden3_mutate, pkey_mutate, sums_mutate
from scenarios import BOMBS, specials_for


class Mutants:
    """The materialising part of the Campaign (campaign.py)."""

    def materialize(self, scen, dest, link_big=True):
        def put(src, dst):
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            if link_big and os.path.getsize(src) > 4 << 20:
                os.link(src, dst)  # read-only use; a mutated target is unlinked before writing
            else:
                shutil.copy2(src, dst)
        for rel in scen.needs:
            src = os.path.join(self.corpus, rel)
            if os.path.isdir(src):
                for d, _, files in os.walk(src):
                    for f in files:
                        p = os.path.join(d, f)
                        put(p, os.path.join(dest, os.path.relpath(p, self.corpus)))
            else:
                put(src, os.path.join(dest, rel))

    def original(self, rel):
        if rel not in self.originals:
            with open(os.path.join(self.corpus, rel), "rb") as f:
                self.originals[rel] = f.read()
        return self.originals[rel]

    def raw(self, rel):
        if rel not in self.raw_of:
            self.raw_of[rel] = gzip.decompress(self.original(rel))
        return self.raw_of[rel]

    def bomb(self, size_name):
        """A gzip member of zeros (cached): appended to a valid .gz it decompresses to far
        more than the IDX header declares, from at most a few MB."""
        path = os.path.join(self.cache, size_name + ".gz")
        with self.bomb_lock:
            if not os.path.exists(path):
                total = BOMBS[size_name]
                co = zlib.compressobj(9, zlib.DEFLATED, 31)
                chunk = bytes(1 << 20)
                with open(path + ".tmp", "wb") as f:
                    for _ in range(total >> 20):
                        f.write(co.compress(chunk))
                    f.write(co.flush())
                os.rename(path + ".tmp", path)
        return path

    def plan(self, pairs, index):
        """What mutant `index` is: (scenario, (rel, kind), mutation or special). Deterministic."""
        scen, (rel, kind) = pairs[index % len(pairs)]
        rnd = index // len(pairs)
        rng = random.Random(f"{self.args.seed}/{index}")
        sp = [x for x in specials_for(kind) if not (x == "unreadable" and self.root)]
        if rnd % 4 == 1 and rnd // 4 < len(sp):  # rounds 1, 5, 9, ...: the special files
            return scen, rel, kind, ("special", sp[rnd // 4]), rng
        return scen, rel, kind, ("mutate", None), rng

    def mutate(self, rel, kind, rng):
        data = self.original(rel)
        for _ in range(20):
            r = rng.random()
            res = None
            if kind == "json" and r < 0.75:
                res = json_mutate(data, rng)
            elif kind == "safetensors" and r < 0.85:
                res = safetensors_mutate(data, rng)
            elif kind in ("r1cs", "wtns", "zkey") and r < 0.8:
                res = iden3_mutate(data, rng, kind)
            elif kind == "pkey" and r < 0.75:
                res = pkey_mutate(data, rng)
            elif kind == "sums" and r < 0.75:
                res = sums_mutate(data, rng)
            elif kind == "idx" and r < 0.75:
                res = idx_mutate(data, rng)
            elif kind == "idxgz" and r < 0.8:
                res = gz_mutate(data, self.raw(rel), rng)
            elif kind == "csv" and r < 0.8:
                res = csv_mutate(data, rng)
            elif kind == "certjson" and r < 0.4:
                res = cert_mutate(data, rng)
            elif kind == "certjson" and r < 0.8:
                res = json_mutate(data, rng)
            else:
                res = byte_mutate(data, rng)
            if res is not None and res[0] != data:
                return res
        return byte_mutate(data + b"\x00", rng)

    def apply(self, scratch, rel, kind, what, rng):
        """Writes mutant into scratch; returns (description, fields, mutated bytes or None)."""
        target = os.path.join(scratch, rel)
        mode, special = what
        if mode == "mutate":
            data, desc, fields = self.mutate(rel, kind, rng)
            if os.path.lexists(target):
                os.unlink(target)
            with open(target, "wb") as f:
                f.write(data)
            return desc, fields, data
        if os.path.lexists(target):
            os.unlink(target)
        if special == "empty":
            open(target, "wb").close()
            return "special:empty file", [], b""
        if special == "directory":
            os.mkdir(target)
            return "special:a directory where the file should be", [], None
        if special == "symlink-loop":
            os.symlink(os.path.basename(target), target)
            return "special:symlink loop (points at itself)", [], None
        if special == "missing":
            return "special:file missing", [], None
        if special == "unreadable":
            with open(target, "wb") as f:
                f.write(self.original(rel))
            os.chmod(target, 0)
            return "special:chmod 000", [], None
        member = self.bomb(special)
        with open(target, "wb") as f:
            f.write(self.original(rel))
            with open(member, "rb") as m:
                shutil.copyfileobj(m, f)
        return f"special:{special} (valid .gz + {os.path.getsize(member)} B member of zeros)", [], None

    # -- keeping failures ---------------------------------------------------------------

    def keep_case(self, pairs, result):
        sig = result.get("signature", result["cls"])
        key = (result["cls"], result["scenario"], result["file"], sig)
        with self.keep_lock:
            self.kept[key] += 1
            if self.kept[key] > self.args.keep_per_signature:
                return None
        slug = re.sub(r"[^A-Za-z0-9]+", "-", f"{result['cls']}-{result['scenario']}-{os.path.basename(result['file'])}-{sig}")[:100]
        dest = os.path.join(self.keep, slug.strip("-"), str(result["index"]))
        case = os.path.join(dest, "case")
        os.makedirs(case, exist_ok=True)
        scen, rel, kind, what, rng = self.plan(pairs, result["index"])
        self.materialize(scen, case, link_big=False)
        self.apply(case, rel, kind, what, rng)
        argv, env = self.command(scen, "$PWD")
        extra = " ".join(f'{k}="{v}"' for k, v in ((k, v.replace("{S}", "$PWD")) for k, v in scen.env.items()))
        cmd = " ".join(shlex.quote(a) for a in argv[1:])
        with open(os.path.join(dest, "repro.sh"), "w") as f:
            f.write("#!/bin/sh\n# " + f"mutant {result['index']} (seed {self.args.seed}): {result['scenario']}, "
                    f"{rel}: {result['mutation']}\n# {result['cls']}: {result.get('detail', '')}\n"
                    f'cd "$(dirname "$0")/case" || exit 1\n'
                    f'exec env {extra} "${{ZKTRAIN:-{self.binary_source}}}" {cmd}\n')
        os.chmod(os.path.join(dest, "repro.sh"), 0o755)
        with open(os.path.join(dest, "output.txt"), "w") as f:
            f.write(result.get("output", ""))
        return os.path.join(dest, "repro.sh")
