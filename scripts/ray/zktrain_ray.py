#!/usr/bin/env python3
"""The Ray side of `zktrain sweep --ray` and `zktrain prove --ray`; zktrain starts it.

It connects to a Ray cluster, then reads requests on stdin and writes events on stdout, one
JSON object per line (the Swift side: Sources/Cluster/RayDriver.swift, RayExecutor.swift and
SweepStore+Worker.swift in Codesign, ProvingOnRay.swift in Pipeline). Every task runs the
zktrain binary on a worker (`zktrain worker train|prove`) in a temporary folder: the files it
needs go in as bytes through Ray's object store (the data and the proving key once per node)
and the files it makes come back as bytes, so workers share no filesystem with the driver.
Ray reserves each task's CPUs, places it, and reruns it when its worker process or node dies
(max_retries). This script decides nothing else and writes nothing into the sweep's or the
proofs' folder: zktrain does, atomically, after checking what came back.
"""
import argparse
import base64
import ctypes
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

from ray_session import connect, emit

MAX_RETRIES = 3  # reruns of a task whose worker or node died (Ray's default)


# ---- worker side: these functions are shipped to the workers with the tasks ----

def die_with_parent():
    """Runs in the zktrain child: SIGKILL it when the Ray worker running it dies (Linux)."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def write_files(folder, files):
    for name, blob in files.items():
        path = os.path.join(folder, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(blob)


def read_tree(folder):
    """Every regular file under folder by relative path, leaving out hidden (temporary) ones."""
    files = {}
    for root, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if not name.startswith("."):
                path = os.path.join(root, name)
                with open(path, "rb") as f:
                    files[os.path.relpath(path, folder)] = f.read()
    return files


def materialize(shipped):
    """The node's copy of a shipped file or folder, made once per node from the object store."""
    import ray
    digest, name, box = shipped
    root = os.path.join(tempfile.gettempdir(), "zktrain-ray-data")
    final = os.path.join(root, digest)
    if not os.path.isdir(final):
        os.makedirs(root, exist_ok=True)
        kind, files = ray.get(box[0])
        staging = tempfile.mkdtemp(prefix=f".{digest}-", dir=root)
        write_files(os.path.join(staging, name) if kind == "dir" else staging, files)
        try:
            os.rename(staging, final)
        except OSError:  # another task on this node made it first
            shutil.rmtree(staging, ignore_errors=True)
    return os.path.join(final, name)


def run_zktrain(command, cwd):
    """Runs zktrain; returns its exit status, stdout and stderr."""
    try:
        p = subprocess.run(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=die_with_parent)
    except OSError as e:  # no binary at that path on this worker, or not executable
        return 127, "", f"cannot run {command[0]} on {socket.gethostname()}: {e} (see --ray-worker-binary)"
    return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")


def failure(key, command, status, log):
    lines = [line for line in log.strip().splitlines() if line.strip()]
    return {"event": "error", "key": key,
            "message": f"`{' '.join(command[:3])}` exited with status {status}: {lines[-1] if lines else 'no message'}"}


def train_task(binary, key, job, files, shipped):
    """One candidate's round: a sweep folder named key holding the candidate's checkpoint (files:
    path in the sweep folder -> bytes) and job.json beside it, then `zktrain worker train`; returns
    the sweep folder's files by path (checkpoint, integer model, round-R.json or failed.json)."""
    import ray
    start = time.time()
    with tempfile.TemporaryDirectory(prefix="zktrain-ray-") as tmp:
        out = os.path.join(tmp, key)
        os.makedirs(out)
        write_files(out, files)
        write_files(tmp, {"job.json": job.encode()})
        command = [binary, "worker", "train", os.path.join(tmp, "job.json"), "--out", out]
        for field, option in (("data", "--data"), ("testData", "--test-data")):
            if field in shipped:
                command += [option, materialize(shipped[field])]
        status, _, log = run_zktrain(command, tmp)
        if status != 0:
            return failure(key, command, status, log)
        return {"event": "trained", "key": key, "node": ray.get_runtime_context().get_node_id(),
                "seconds": time.time() - start, "log": log, "files": read_tree(out)}


def prove_task(binary, check_subgroups, circuit, model, inputs):
    """One node's batch: one `zktrain worker prove`, so one read of the proving key."""
    import ray
    with tempfile.TemporaryDirectory(prefix="zktrain-ray-") as tmp:
        write_files(os.path.join(tmp, "circuit"), circuit)
        write_files(os.path.join(tmp, "model"), model)
        write_files(tmp, {"inputs.json": json.dumps(inputs).encode()})
        command = [binary, "worker", "prove", "circuit", "--model", "model", "--inputs", "inputs.json", "--out", "out"]
        status, output, log = run_zktrain(command + ([] if check_subgroups else ["--skip-subgroup-checks"]), tmp)
        if status != 0:
            return failure(None, command, status, log)
        reports = json.loads(output)
        proofs = [{"name": r["name"], "report": r, "files": read_tree(os.path.join(tmp, "out", r["name"]))} for r in reports]
        return {"event": "proved", "node": ray.get_runtime_context().get_node_id(), "log": log, "proofs": proofs}


# ---- driver side ----

def encode_files(value):
    """The result with every bytes value turned into base64 text (JSON has no bytes)."""
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    if isinstance(value, dict):
        return {k: encode_files(v) for k, v in value.items()}
    if isinstance(value, list):
        return [encode_files(v) for v in value]
    return value


def read(path):
    with open(path, "rb") as f:
        return f.read()


def ship(ray, path):
    """Puts a data file or folder (its top-level files) in the object store once; workers
    copy it to their node's cache, named by its digest, the first time a task needs it."""
    if os.path.isdir(path):
        kind, names = "dir", sorted(n for n in os.listdir(path) if not n.startswith(".") and os.path.isfile(os.path.join(path, n)))
        files = {n: read(os.path.join(path, n)) for n in names}
    else:
        kind, files = "file", {os.path.basename(path): read(path)}
    digest = hashlib.sha256(kind.encode())
    for name, blob in files.items():
        digest.update(f"\0{name}\0{len(blob)}\0".encode())
        digest.update(blob)
    return (digest.hexdigest()[:32], os.path.basename(path.rstrip("/")), [ray.put((kind, files))])


def collect(ray, pending, out, parent):
    """Emits each task's event as it finishes; a task Ray gave up on is reported as lost."""
    while pending:
        ready, _ = ray.wait(list(pending), num_returns=1, timeout=1.0)
        if os.getppid() != parent:
            sys.exit(1)  # zktrain is gone: stop, and Ray ends this job's tasks
        for ref in ready:
            key = pending.pop(ref)
            try:
                event = ray.get(ref)
            except ray.exceptions.RayError as e:
                lines = str(e).strip().splitlines() or [type(e).__name__]
                # A task's own exception ends its message; Ray's failures (worker or node died) lead it.
                event = {"event": "lost", "message": lines[-1] if isinstance(e, ray.exceptions.RayTaskError) else lines[0]}
            if key is not None:
                event["key"] = key
            emit(out, **encode_files(event))


def cpu_nodes(ray):
    return [n for n in ray.nodes() if n["Alive"] and n["Resources"].get("CPU", 0) >= 1]


SHIPPED = {}  # data put in the object store in this session, by path: once per sweep, not per round


def train(ray, request, out, parent):
    for field in ("data", "testData"):
        if request.get(field) and request[field] not in SHIPPED:
            SHIPPED[request[field]] = ship(ray, request[field])
    shipped = {field: SHIPPED[request[field]] for field in ("data", "testData") if request.get(field)}
    task = ray.remote(train_task).options(num_cpus=request["cpus"], max_retries=MAX_RETRIES, name="zktrain-train")
    pending = {}
    for t in request["tasks"]:
        files = {name: read(path) for name, path in t["files"].items()}
        pending[task.remote(request["binary"], t["key"], t["job"], files, shipped)] = t["key"]
    collect(ray, pending, out, parent)


def prove(ray, request, out, parent):
    """Splits the inputs over the nodes in proportion to their CPUs, one task per node, each
    reserving the node's CPUs (it may move elsewhere only if its node dies)."""
    from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy
    circuit = ray.put({name: read(path) for name, path in request["circuit"].items()})
    model = ray.put({name: read(path) for name, path in request["model"].items()})
    inputs, nodes = request["inputs"], cpu_nodes(ray)[:len(request["inputs"])]
    cpus = [int(n["Resources"]["CPU"]) for n in nodes]
    counts = [len(inputs) * c // sum(cpus) for c in cpus]
    for i in sorted(range(len(nodes)), key=lambda i: -cpus[i])[:len(inputs) - sum(counts)]:
        counts[i] += 1
    pending, start = {}, 0
    for node, n, count in zip(nodes, cpus, counts):
        if count == 0:
            continue
        strategy = NodeAffinitySchedulingStrategy(node_id=node["NodeID"], soft=True)
        task = ray.remote(prove_task).options(num_cpus=n, max_retries=MAX_RETRIES, scheduling_strategy=strategy, name="zktrain-prove")
        pending[task.remote(request["binary"], request["checkSubgroups"], circuit, model, inputs[start:start + count])] = None
        start += count
    collect(ray, pending, out, parent)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--address", required=True, help="auto, HOST:PORT or ray://HOST:10001")
    args = parser.parse_args()
    # The protocol owns the original stdout; Ray's own prints go to stderr.
    out = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    parent = os.getppid()
    ray = connect(args.address, out)
    nodes = cpu_nodes(ray)
    emit(out, event="ready", ray=ray.__version__, nodes=len(nodes), cpus=sum(n["Resources"]["CPU"] for n in nodes))
    for line in sys.stdin:
        request = json.loads(line)
        {"train": train, "prove": prove}[request["kind"]](ray, request, out, parent)
        emit(out, event="done")
    ray.shutdown()


if __name__ == "__main__":
    main()
