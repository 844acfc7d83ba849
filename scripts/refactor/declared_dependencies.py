#!/usr/bin/env python3
"""Every dependency a target declares in Package.swift is imported by one of its files.

A declared dependency that nothing imports is a false edge in the module graph (docs/DESIGN.md
draws the graph from Package.swift). Products of other packages (`.product(...)`) are skipped.
Exit 0 when every declared dependency is imported, else 1 with one line per false edge.
Usage: scripts/refactor/declared_dependencies.py [Package.swift]
"""
import glob
import os
import re
import sys


def targets(package):
    """(kind, name, declared dependencies, source folder) of each target in Package.swift."""
    for m in re.finditer(r'\.(target|executableTarget|testTarget)\(', package):
        depth, j = 1, m.end()
        while depth:  # the target's balanced parentheses
            depth += (package[j] == '(') - (package[j] == ')')
            j += 1
        block = package[m.end():j - 1]
        name = re.search(r'name:\s*"([^"]+)"', block).group(1)
        deps = re.search(r'dependencies:\s*\[(.*?)\]', block, re.S)
        declared = re.findall(r'"(\w+)"', re.sub(r'\.product\([^)]*\)', '', deps.group(1))) if deps else []
        path = re.search(r'path:\s*"([^"]+)"', block)
        folder = path.group(1) if path else ("Tests/" if m.group(1) == "testTarget" else "Sources/") + name
        yield m.group(1), name, declared, folder


def main():
    package_path = sys.argv[1] if len(sys.argv) > 1 else "Package.swift"
    root = os.path.dirname(os.path.abspath(package_path))
    problems = []
    for _, name, declared, folder in targets(open(package_path).read()):
        files = [f for ext in ("swift", "c", "h") for f in glob.glob(os.path.join(root, folder, "**", "*." + ext), recursive=True)]
        text = "\n".join(open(f, errors="replace").read() for f in files)
        for dep in declared:
            imported = re.search(r'^\s*(@testable\s+)?import\s+' + dep + r'\b', text, re.M)
            included = re.search(r'#include\s*[<"]' + dep, text)
            if not (imported or included):
                problems.append(f"{name}: declares {dep}, but none of its files imports it")
    print("\n".join(problems) or "every declared dependency is imported")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
