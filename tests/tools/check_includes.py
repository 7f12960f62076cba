#!/usr/bin/python3
"""Fail on any #include from a module to one above it in the plan's order (architecture.md).

usage: check_includes.py SOURCE_DIR  -> exit 0 if every include runs down the order, 1 listing
each arrow back up as file:line: from -> to (#include ...) otherwise.

A module is the folder under src/ or include/hbvdr/. Both `#include <hbvdr/MODULE/...>` and
`#include "..."` (resolved beside the including file, then from include/) are read.
"""
import os
import re
import sys

# Bottom to top: a module may include only modules before it (or its own). Modules on one line are
# siblings: neither may include the other. Revised December 2026: align before genotype (genotyping
# reads the projected alignment); ngs makes a call table from reads and stays below app.
ORDER = [
    ["core"],
    ["io"],
    ["reference"],
    ["align"],
    ["genotype"],
    ["translate"],
    ["calls"],
    ["ngs"],
    ["mutdb"],
    ["interpret", "qc"],
    ["report"],
    ["monitor"],
    ["app"],
    ["cli"],
]

# Arrows back up that are known and not yet cut, each named with the step that removes it:
# (from module, to module) -> why. Keep this empty where possible.
EXCEPTIONS = {}

RANK = {m: r for r, ms in enumerate(ORDER) for m in ms}
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def module_of(root, path):
    """The module a file belongs to (src/MODULE/... or include/hbvdr/MODULE/...), or None."""
    rel = os.path.relpath(os.path.normpath(path), root).split(os.sep)
    if len(rel) >= 3 and rel[0] == "src":
        return rel[1]
    if len(rel) >= 4 and rel[0] == "include" and rel[1] == "hbvdr":
        return rel[2]
    return None


def target_of(root, path, kind, name):
    """The module an include names, or None for a system or third-party header."""
    if name.startswith("hbvdr/"):
        return module_of(root, os.path.join(root, "include", name))
    if kind == '"':
        local = os.path.join(os.path.dirname(path), name)
        if os.path.exists(local):
            return module_of(root, local)
    return None


def main():
    root = os.path.abspath(sys.argv[1])
    bad = []
    unknown = set()
    for top in ("src", "include"):
        for base, dirs, files in os.walk(os.path.join(root, top)):
            dirs.sort()
            for f in sorted(files):
                path = os.path.join(base, f)
                src = module_of(root, path)
                if src is None or not f.endswith((".hpp", ".cpp", ".h")):
                    continue
                with open(path, encoding="utf-8") as text:
                    for line_no, line in enumerate(text, 1):
                        m = INCLUDE.match(line)
                        if not m:
                            continue
                        dst = target_of(root, path, m.group(1), m.group(2))
                        if dst is None or dst == src:
                            continue
                        if src not in RANK or dst not in RANK:
                            unknown.add(src if src not in RANK else dst)
                            continue
                        if RANK[dst] >= RANK[src] and (src, dst) not in EXCEPTIONS:
                            where = os.path.relpath(path, root)
                            bad.append(f"{where}:{line_no}: {src} -> {dst} ({line.strip()})")
    for m in sorted(unknown):
        bad.append(f"module '{m}' is not in the order of tests/tools/check_includes.py (add it)")
    for b in bad:
        print(b)
    if bad:
        print(f"{len(bad)} include(s) run up the module order "
              "(core io reference align genotype translate calls ngs mutdb interpret|qc report monitor app cli)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
