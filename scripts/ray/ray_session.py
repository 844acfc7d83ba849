"""The driver side of zktrain_ray.py's session: its events on the protocol's stdout (one
JSON object per line; a fatal one ends the session with exit status 3), and connecting to
the Ray cluster (what `auto` means, a reachable head node, the pinned Ray version). Runs only
in the driver: nothing here is shipped to the workers."""
import json
import os
import socket
import sys

RAY_VERSION = "2.60.0"  # as pinned in scripts/ray/requirements.txt


def emit(out, **event):
    out.write(json.dumps(event) + "\n")
    out.flush()


def fatal(out, message):
    emit(out, event="fatal", message=message)
    sys.exit(3)


def find_auto_address(ray, out):
    """What `auto` means to Ray: RAY_ADDRESS, else the cluster `ray start` last started on this
    machine (its address file under /tmp/ray). Resolved here so that an address left behind by a
    stopped cluster is refused at once; ray.init would retry it for many minutes."""
    try:
        from ray._private.services import get_ray_address_from_environment  # not public API: fall back below
        return get_ray_address_from_environment("auto", None)
    except ImportError:
        return os.environ.get("RAY_ADDRESS") or "auto"
    except ConnectionError:
        fatal(out, "no Ray cluster found for `auto` (neither RAY_ADDRESS nor a cluster started by `ray start` on "
                   "this machine): start one with `ray start --head`, or give --ray HOST:PORT")


def connect(address, out):
    try:
        import ray
    except ImportError:
        fatal(out, f"Ray is not installed for {sys.executable}: pip install ray=={RAY_VERSION} "
                   "(pip install -r scripts/ray/requirements.txt), or set ZKTRAIN_PYTHON to a Python that has it")
    if ray.__version__ != RAY_VERSION:
        print(f"warning: Ray {ray.__version__} is installed; zktrain is tested with ray=={RAY_VERSION}", file=sys.stderr)
    given = address
    if address == "auto":
        address = find_auto_address(ray, out)
    else:
        os.environ.pop("RAY_ADDRESS", None)  # ray.init would prefer it to the address given
    if address != "auto" and not address.startswith("ray://"):
        host, _, port = address.rpartition(":")
        try:
            socket.create_connection((host, int(port)), timeout=10).close()
        except (OSError, ValueError) as e:
            found = (" (what `auto` found: RAY_ADDRESS, or the address a `ray start` on this machine recorded "
                     "in /tmp/ray, perhaps of a cluster stopped since)") if given == "auto" else ""
            fatal(out, f"cannot reach a Ray head node at {address}{found} ({e}): give HOST:PORT as `ray start --head` "
                       "prints it, `auto` for the cluster on this machine, or ray://HOST:10001")
    try:
        ray.init(address=address, logging_level="ERROR", log_to_driver=False)
    except Exception as e:  # ConnectionError, version mismatches, bad addresses: all end the session
        hint = " (start one with `ray start --head`, or give --ray HOST:PORT)" if given == "auto" else ""
        fatal(out, f"cannot connect to the Ray cluster at {address}: {str(e).strip().splitlines()[0]}{hint}")
    return ray
