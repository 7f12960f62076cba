#!/usr/bin/env python3
"""List functions longer than a limit and source files longer than a limit (issue 13's budget:
functions about a screen long, files at most 600 lines).

usage: scripts/dev/long-functions.py [--function-lines 80] [--file-lines 600] [paths...]
(default paths: src include). Functions are found by the house layout (clang-format, braces on
their own line): a line that is only "{" after a line ending like a signature (")", "const",
"noexcept", "override", "-> type"), closed by "}" at the same indentation. Lambdas and nested
blocks count toward the function that holds them. Exit 1 when anything is over a limit.
"""
import argparse
import pathlib
import re
import sys

SIGNATURE_END = re.compile(r"(\)|\bconst|\bnoexcept|\boverride|\bfinal|->\s*[\w:<>,\s*&]+)\s*$")


def functions(lines):
    """Yield (name line, first line number, length) of each function body in the file."""
    i = 0
    while i < len(lines):
        m = re.match(r"^(\s*)\{\s*$", lines[i])
        prev = lines[i - 1].rstrip() if i > 0 else ""
        if m and SIGNATURE_END.search(prev) and not re.match(r"^\s*(if|for|while|switch|catch|else)\b", prev.strip()):
            indent = m.group(1)
            start = i
            # The signature may span lines: walk back to the line holding the name.
            j = i - 1
            while j > 0 and lines[j].startswith(indent + " ") and "(" not in lines[j]:
                j -= 1
            while j > 0 and lines[j].count("(") < lines[j].count(")") and lines[j - 1].startswith(indent):
                j -= 1
            close = re.compile("^" + re.escape(indent) + r"\}")
            k = i + 1
            while k < len(lines) and not close.match(lines[k]):
                k += 1
            yield lines[j].strip(), j + 1, k - start + 1
            i = k + 1
            continue
        i += 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--function-lines", type=int, default=80)
    ap.add_argument("--file-lines", type=int, default=600)
    ap.add_argument("paths", nargs="*", default=["src", "include"])
    a = ap.parse_args()
    root = pathlib.Path(__file__).resolve().parents[2]
    files = []
    for p in a.paths:
        p = pathlib.Path(p) if pathlib.Path(p).is_absolute() else root / p
        files += sorted(p.rglob("*.[ch]pp")) if p.is_dir() else [p]
    over = 0
    for f in files:
        lines = f.read_text(encoding="utf-8").splitlines()
        rel = f.relative_to(root) if f.is_relative_to(root) else f
        if len(lines) > a.file_lines:
            print(f"{rel}: file {len(lines)} lines")
            over += 1
        for name, line, n in functions(lines):
            if n > a.function_lines:
                print(f"{rel}:{line}: function {n} lines: {name[:90]}")
                over += 1
    print(f"{over} over the limits (functions > {a.function_lines} lines, files > {a.file_lines} lines)", file=sys.stderr)
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
