"""Running a mutant: its command line, the run under a timeout and a memory limit (a
SIGQUIT backtrace where it hung), and reading Swift crash and hang reports."""
import os
import re
import shutil
import signal
import subprocess
import time

CRASH_MARKERS = ["Fatal error", "Illegal instruction", "Segmentation fault", "stack overflow",
                 "Stack overflow", "Aborted", "Trace/breakpoint trap", "Swift runtime failure",
                 "Program crashed", "*** Signal", "Precondition failed", "Assertion failed"]


class Runner:
    """The running part of the Campaign (campaign.py)."""

    def command(self, scen, scratch):
        args = [a.replace("{S}", scratch) for a in scen.args]
        env = self.base_env()
        env.update({k: v.replace("{S}", scratch) for k, v in scen.env.items()})
        return [self.binary, *args], env

    def execute(self, argv, cwd, env, timeout, stall):
        """Runs argv under a memory limit; returns (rc, stdout, stderr, timed_out, progressing, seconds)."""
        out_path, err_path = os.path.join(cwd, ".stdout"), os.path.join(cwd, ".stderr")
        limit = f"ulimit -c 0; ulimit -v {self.args.mem_mb * 1024}; ulimit -f {16 << 20}; "
        wrapper = ["/bin/sh", "-c", limit + 'exec "$@"', "sh", *argv]
        start = time.monotonic()
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            p = subprocess.Popen(wrapper, cwd=cwd, env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                 start_new_session=True)
            if self.args.affinity is not None:
                try:
                    os.sched_setaffinity(p.pid, self.args.affinity)
                except OSError:
                    pass
            timed_out = progressing = False
            last_size, last_growth = 0, start
            while True:
                try:
                    p.wait(timeout=0.1)
                    break
                except subprocess.TimeoutExpired:
                    pass
                now = time.monotonic()
                size = os.path.getsize(out_path) + os.path.getsize(err_path)
                if size != last_size:
                    last_size, last_growth = size, now
                if now - start > timeout:
                    timed_out = True
                    progressing = now - last_growth < stall
                    # The Swift backtracer prints every thread on SIGQUIT (where it hung), then
                    # lets the program go on: wait for the report, then kill.
                    try:
                        os.kill(p.pid, signal.SIGQUIT)
                    except ProcessLookupError:
                        pass
                    for _ in range(150):
                        with open(err_path, "rb") as f:
                            if b"Backtrace took" in f.read() or p.poll() is not None:
                                break
                        time.sleep(0.1)
                    break
            try:
                os.killpg(p.pid, signal.SIGKILL)  # our own session: the process and any child
            except (ProcessLookupError, PermissionError):
                pass
            p.wait()
        seconds = time.monotonic() - start
        with open(out_path, "rb") as f:
            stdout = f.read(1 << 20).decode("utf-8", "replace")
        with open(err_path, "rb") as f:
            stderr = f.read(1 << 20).decode("utf-8", "replace")
        return p.returncode, stdout, stderr, timed_out, progressing, seconds

    def run_mutant(self, pairs, index, attempt=1):
        scen, rel, kind, what, rng = self.plan(pairs, index)
        scratch = os.path.join(self.work, "m", str(index))
        os.makedirs(scratch)
        try:
            self.materialize(scen, scratch)
            desc, fields, data = self.apply(scratch, rel, kind, what, rng)
            result = {"index": index, "scenario": scen.name, "command": scen.command, "file": rel, "mutation": desc}
            if what == ("special", "unreadable") and self.root:
                result.update(cls="n/a", note="running as root: chmod 000 does not stop reading", seconds=0)
                return result
            argv, env = self.command(scen, scratch)
            rc, out, err, timed_out, progressing, secs = self.execute(argv, scratch, env, scen.timeout,
                                                                      self.args.stall)
            result.update(rc=rc, seconds=secs)
            result.update(self.classify(scen, rel, fields, data, rc, out, err, timed_out, progressing))
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
            if os.path.exists(scratch):
                subprocess.run(["chmod", "-R", "u+rwx", scratch], capture_output=True)
                shutil.rmtree(scratch, ignore_errors=True)
        # SIGTERM/SIGINT/SIGHUP with no crash report came from outside (a `pkill` on a shared
        # machine); the program does not send them to itself. Run such a mutant once more.
        external = {-signal.SIGTERM, -signal.SIGINT, -signal.SIGHUP}
        if result["cls"] == "crash" and rc in external and not any(m in out + err for m in CRASH_MARKERS):
            if attempt < 3:
                again = self.run_mutant(pairs, index, attempt + 1)
                again["note"] = f"killed by {signal.Signals(-rc).name} from outside; ran again"
                return again
            result["detail"] += " (every attempt was killed from outside: check the machine)"
        return result


def tail(text, limit=6000):
    return text if len(text) <= limit else text[:limit // 2] + "\n[...]\n" + text[-limit // 2:]


FRAME_RE = re.compile(r"0x[0-9a-f]+ (.*?)(?: \+ \d+)? in \S+ at (\S+?):(\d+)(?::\d+)?\s*$", re.M)


def crash_site(text, rc=None):
    """(reason, first project frame 'Sources/...swift:LINE', function) from a Swift crash report."""
    reason = None
    for pat in [r"\*\*\* (Swift runtime failure: [^*\n]+?) \*\*\*",
                r"^(?:\S+\.swift:\d+: )?((?:Fatal error|Precondition failed|Assertion failed)[^\n]*)",
                r"\*\*\* (Program crashed: [^*\n]+?) \*\*\*", r"\*\*\* (Signal \d+: [^\n]*?)(?: \.\.\.|$)"]:
        m = re.search(pat, text, re.M)
        if m:
            reason = m.group(1).strip()
            break
    if reason is None:
        if rc is not None and rc < 0:
            try:
                reason = f"killed by {signal.Signals(-rc).name}"
            except ValueError:
                reason = f"killed by signal {-rc}"
        else:
            reason = f"exit {rc}" if rc is not None else "no report"
    reason = re.sub(r"0x[0-9a-f]+", "0x…", reason)
    reason = re.sub(r"\d+", "#", reason) if "Fatal error" in reason or "failed" in reason else reason
    reason = reason[:140]
    where, func = "?", ""
    m = re.search(r"^(\S*Sources/\S+?\.swift):(\d+): (?:Fatal error|Precondition failed|Assertion failed)", text, re.M)
    for fm in FRAME_RE.finditer(text):
        path = fm.group(2)
        if "/Sources/" in path and "/.build/" not in path and "/checkouts/" not in path:
            where = "Sources/" + path.split("/Sources/", 1)[1] + ":" + fm.group(3)
            func = re.sub(r"^(static |\[\w+\] )+", "", fm.group(1).replace("[inlined] ", "")).strip()
            break
    if where == "?" and m:
        where = "Sources/" + m.group(1).split("Sources/", 1)[1] + ":" + m.group(2)
    return reason, where, func


def hang_site(text):
    """Where a timed-out run was (from the SIGQUIT report's first thread): the library call made
    by the command's own code (stable), and the innermost project frame (where it was busy)."""
    first_thread = re.split(r"\n\s*Thread [1-9]", text, maxsplit=1)[0]
    frames = []
    for fm in FRAME_RE.finditer(first_thread):
        path = fm.group(2)
        if "/Sources/" in path and "/.build/" not in path and "/checkouts/" not in path:
            func = re.sub(r"^(static |\[\w+\] )+", "", fm.group(1).replace("[inlined] ", "")).strip()
            frames.append((func, "Sources/" + path.split("/Sources/", 1)[1] + ":" + fm.group(3)))
    if not frames:
        return "? (no backtrace)", ""
    top = f"{frames[0][1]} ({frames[0][0]})"
    k = next((i for i, f in enumerate(frames) if "Sources/zktrain/" in f[1]), None)
    if k is None:
        return top, ""
    if k == 0:
        return f"{frames[0][0]} @ {frames[0][1]}", ""
    callee = re.sub(r"<.*?>|\(.*", "", frames[k - 1][0]).replace("closure #1 in ", "")
    return f"{callee} called at {frames[k][1]}", top
