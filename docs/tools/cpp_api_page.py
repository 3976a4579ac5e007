"""Writes the C++ API reference page (Markdown, MyST) from the public headers' `///` comments.

Usage: cpp_api_page.py <repository root> <output .md>

Every public header (include/gingham/**.hpp and distributions/*.hpp) becomes a section: its `\\file` comment
as prose, then each documented declaration as a C++ block holding its `///` lines and the declaration
itself (bodies left out). Nothing is parsed beyond that: the page is the headers' own words.
"""

import pathlib
import re
import sys

LAYERS = [  # (folder relative to the repository root, the include prefix, a heading), in the design's order
    ("include/gingham/core", "gingham/core", "core: MPI, grids, errors"),
    ("distributions", "gingham/distributions", "distributions: layout arithmetic (no data, no MPI)"),
    ("include/gingham/plans", "gingham/plans", "plans: redistribution, halo and exchange plans"),
    ("include/gingham/array", "gingham/array", "array: Array and DistArray"),
    ("include/gingham/kernels", "gingham/kernels", "kernels: creation, elementwise, reductions, indexing, ..."),
    ("include/gingham/linalg", "gingham/linalg", "linalg: ScaLAPACK-backed linear algebra"),
    ("include/gingham/fft", "gingham/fft", "fft: distributed FFTs on FFTW"),
    ("include/gingham/random", "gingham/random", "random: counter-based random arrays"),
    ("include/gingham/io", "gingham/io", "io: parallel .npy and HDF5"),
]


def declaration_after(lines, start):
    """The declaration starting at lines[start] (up to its `;` or body), and the index after it."""
    taken, depth, i = [], 0, start
    while i < len(lines) and len(taken) < 12:
        line = lines[i].rstrip()
        stripped = line.strip()
        if stripped.startswith("///") or (not stripped and taken):
            break
        if stripped.startswith("#define"):
            taken.append(line.split("\\")[0].rstrip())  # a macro: its name line only
            i += 1
            break
        for pos, ch in enumerate(line):
            if ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
            elif ch == "{" and depth == 0:
                taken.append(line[:pos].rstrip() + " { ... }")
                return taken, i + 1
        taken.append(line)
        i += 1
        if depth == 0 and stripped.endswith((";", ",")):
            break
    return taken, i


def header_section(path, include):
    lines = path.read_text(encoding="utf-8").splitlines()
    file_comment, blocks, i = [], [], 0
    while i < len(lines):
        stripped = lines[i].strip()
        if stripped.startswith("///"):
            comment = []
            while i < len(lines) and lines[i].strip().startswith("///"):
                comment.append(lines[i].strip())
                i += 1
            if comment[0] == "/// \\file":
                file_comment = [c[3:].strip() for c in comment[1:]]
                continue
            declaration, i = declaration_after(lines, i)
            if declaration:
                indent = min(len(d) - len(d.lstrip()) for d in declaration if d.strip())
                blocks.append(comment + [d[indent:] for d in declaration])
            continue
        i += 1
    out = [f"### `<{include}>`", ""]
    if file_comment:
        out += [" ".join(c for c in file_comment if c) if not any(c.startswith("|") for c in file_comment)
                else "\n".join(file_comment), ""]
    for block in blocks:
        out += ["```cpp", *block, "```", ""]
    if not blocks:
        out += ["(No documented declarations.)", ""]
    return out


def page(root):
    out = ["# C++ API reference", "",
           "Generated from the `///` comments of the public headers (`include/gingham/`, `distributions/`) each",
           "time the documentation is built. Every function's comment starts with `Collective over <comm>.`",
           "(every rank of that communicator must call it, in the same order, with the same arguments) or",
           "`Local.` (no communication), and says what it costs. `#include <gingham/gingham.hpp>` brings in",
           "the whole API; link with `gingham::gingham` (CMake) and compile as C++20.", ""]
    for folder, include, heading in LAYERS:
        headers = sorted((root / folder).glob("*.hpp"))
        if not headers:
            continue
        out += [f"## {heading}", ""]
        for header in headers:
            out += header_section(header, f"{include}/{header.name}")
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out).rstrip() + "\n")


def main(argv):
    if len(argv) != 3:
        sys.exit(f"usage: {argv[0]} <repository root> <output .md>")
    root, target = pathlib.Path(argv[1]), pathlib.Path(argv[2])
    target.write_text(page(root), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv)
