#!/usr/bin/env python3
"""Prints the ids of the processes whose command line names TAG (a test cluster's temporary
folder: Ray's GCS, raylets, monitors) and of all their descendants (Ray's workers and what
they run), so that scripts/ray/test_ray.sh ends its own cluster and nothing else.
Usage: cluster_pids.py TAG"""
import os
import sys

tag = sys.argv[1].encode()
parent, found = {}, set()
for pid in filter(str.isdigit, os.listdir("/proc")):
    try:
        command = open(f"/proc/{pid}/cmdline", "rb").read()
        parent[int(pid)] = int(open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[1])
    except OSError:  # gone meanwhile
        continue
    if tag in command and int(pid) != os.getpid():
        found.add(int(pid))
while True:
    children = {p for p, pp in parent.items() if pp in found and p not in found}
    if not children:
        break
    found |= children
print(" ".join(map(str, sorted(found))))
