"""The checking mode covers every public collective C++ entry point (issue 12), checked without MPI from
the sources: every function declared after a `/// Collective over` comment in
include/gingham/{array,kernels,linalg,plans,io,random}/*.hpp must start its definition with the one check
(`check_call(`, gingham/core/call_check.hpp), in its first lines. A header-inline definition may instead
delegate: a typed face (DistArray<T>) whose body calls the type-erased entry of the same name (itself
checked), or an entry in DELEGATES below, each with the entry it calls and why that covers it."""

import pathlib
import re


ROOT = pathlib.Path(__file__).resolve().parents[2]
HEADERS = sorted(path for layer in ("array", "kernels", "linalg", "plans", "io", "random")
                 for path in (ROOT / "include" / "gingham" / layer).glob("*.hpp"))
SOURCES = sorted((ROOT / "src").rglob("*.cpp"))
FIRST_LINES = 6  # the check must come within this many lines of a definition's opening brace

# Entries that are checked by the (checked) entry they call, which receives all of their arguments
# (or arguments derived from them alone): (header stem, name) -> the entry it calls.
DELEGATES = {
    # As redistribute(x, grid, target, index_map, options) on x's own grid.
    ("redistribute", "redistribute"): "redistribute",
    # The typed gather returns a vector: it calls gather_to_all(x.array(), view of that vector).
    ("gather", "gather_to_all"): "gather_to_all",
    # read_elements / write_elements of a span call the callback forms with the span's positions.
    ("element_access", "read_elements"): "read_elements",
    ("element_access", "write_elements"): "write_elements",
    # ExchangePlan's typed forward/reverse call the untyped ones (item_bytes = sizeof(T)).
    ("exchange", "forward"): "forward",
    ("exchange", "reverse"): "reverse",
    # The typed DistArray::allocate and the halo exchanges call Array's.
    ("dist_array", "allocate"): "allocate",
    ("dist_array", "exchange_halo"): "exchange_halo",
    ("dist_array", "begin_halo_exchange"): "begin_halo_exchange",
    # fromfunction of a shape calls fromfunction of default_layout(shape, grid) with the same callable.
    ("fromfunction", "fromfunction"): "fromfunction",
    # The typed unique_values / unique_counts are unique(x.array(), counts, firsts).
    ("typed_manipulation", "unique_values"): "unique",
    ("typed_manipulation", "unique_counts"): "unique",
}
# Entries whose checks are in the C++ mechanism they are built on, not in a check_call line.
BUILT_IN = {
    # BlacsGrid::of is internal to the linalg drivers (each checked where the user calls them); its
    # first call per grid is the only collective (Cblacs_gridmap), reached only from checked drivers.
    ("blacs_grid", "of"),
    # A test hook for the LAPACK error mechanism (its argument is the grid: a check of nothing else).
    ("lapack_errors", "check_lapack_error_agreement"),
}

DECLARATION = re.compile(r"(?:^|\s|[*&>:])(~?[A-Za-z_]\w*)\s*\(")
NOT_NAMES = {"if", "for", "while", "switch", "return", "sizeof", "decltype", "static_cast", "noexcept",
             "operator", "requires", "const", "explicit", "template", "typename", "alignof"}


def parameter_count(text, name):
    """The number of parameters in the list that follows `name(` in `text` (top-level commas + 1; 0 when empty)."""
    start = re.search(rf"\b{re.escape(name)}\s*\(", text).end()
    depth, commas, k = 1, 0, start
    while k < len(text) and depth:
        c = text[k]
        depth += c in "(<[{"
        depth -= c in ")>]}"
        commas += c == "," and depth == 1
        k += 1
    return 0 if not text[start:k - 1].strip() else commas + 1


def collective_declarations(path):
    """(name, inline body or None, line, parameter count) of each function declared after a
    `/// Collective over` comment (up to the next blank line or comment)."""
    lines = path.read_text().splitlines()
    found = []
    k = 0
    while k < len(lines):
        if not lines[k].strip().startswith("/// Collective over"):
            k += 1
            continue
        while k < len(lines) and lines[k].strip().startswith("///"):
            k += 1
        start = k
        text = []
        while k < len(lines) and lines[k].strip() and not lines[k].strip().startswith("///"):
            text.append(lines[k])
            k += 1
        block = re.sub(r"=\s*\{\s*\}", "= default", "\n".join(text))  # `= {}` defaults
        # Each declaration: from its start to `;` or to its body's closing brace.
        at = 0
        while at < len(block):
            head_end = min((i for i in (block.find(";", at), block.find("{", at)) if i >= 0), default=-1)
            if head_end < 0:
                break
            head = block[at:head_end]
            names = [m for m in DECLARATION.findall(head.split("(")[0] + "(") if m not in NOT_NAMES]
            body = None
            if block[head_end] == "{":
                depth, i = 0, head_end
                while i < len(block):
                    depth += {"{": 1, "}": -1}.get(block[i], 0)
                    if depth == 0:
                        break
                    i += 1
                body = block[head_end:i + 1]
                at = i + 1
            else:
                at = head_end + 1
            if "(" in head and names and not names[-1].startswith("~") \
                    and not re.search(rf"\b{names[-1]}\s*\(\s*(?:const\s+)?{names[-1]}\s*&", head):
                found.append((names[-1], body, start + 1, parameter_count(head, names[-1])))  # not a destructor, copy or move
    return found


def class_of(path, line):
    """The class whose body holds line `line` of `path` (by the nearest enclosing `class X {`), or None."""
    text = path.read_text().splitlines()[:line]
    for row in reversed(text):
        m = re.match(r"^(?:class|struct)\s+(?:\[\[\w+\]\]\s+)?(\w+)\s*(?:final\s*)?[:{]", row)
        if m:
            return m.group(1)
        if row.startswith("}"):
            return None
    return None


def definitions(name, owner, parameters):
    """(path, first lines of the body) of each out-of-line definition of `name` under src/ with that many
    parameters (so that a Local overload of a collective entry is told apart)."""
    qualified = f"{owner}::{name}" if owner else name
    pattern = re.compile(rf"^(?:[A-Za-z_][^(=;]*?)?(?<![\w:]){re.escape(qualified)}\s*\(")
    found = []
    for path in SOURCES:
        lines = path.read_text().splitlines()
        for k, row in enumerate(lines):
            if not pattern.match(row) or row.rstrip().endswith(";"):
                continue
            j = k
            while j < len(lines) and "{" not in lines[j] and not lines[j].rstrip().endswith(";"):
                j += 1
            if j < len(lines) and "{" in lines[j] and \
                    parameter_count("\n".join(lines[k:j + 1]), qualified.split("::")[-1]) == parameters:
                found.append((path, "\n".join(lines[j:j + FIRST_LINES + 1])))
    return found


def entry_points():
    entries = []
    for path in HEADERS:
        for name, body, line, parameters in collective_declarations(path):
            entries.append((path, name, body, line, parameters))
    return entries


def unchecked():
    problems = []
    # The names of the entries defined under src/ (each checked there, or reported below) and of inline
    # entries that check: what a typed face or a delegate may call.
    checked = {name for _, name, body, _, _ in entry_points()
               if body is None or "check_call(" in "\n".join(body.splitlines()[:FIRST_LINES + 1])}
    for path, name, body, line, parameters in entry_points():
        where = f"{path.relative_to(ROOT)}:{line} {name}"
        if (path.stem, name) in BUILT_IN:
            continue
        owner = class_of(path, line)
        if body is not None:
            if "check_call(" in "\n".join(body.splitlines()[:FIRST_LINES + 1]):
                continue
            typed_face = ".array()" in body and re.search(rf"\b{re.escape(name)}\s*\(", body) and name in checked
            delegate = DELEGATES.get((path.stem, name))
            if typed_face or (delegate in checked and re.search(rf"\b{re.escape(delegate)}\s*(<[^;()]*>)?\s*\(", body)):
                continue
            problems.append(f"{where}: inline body neither checks nor delegates to a checked entry")
            continue
        found = definitions(name, owner, parameters)
        if not found:
            problems.append(f"{where}: no definition found under src/")
        for source, head in found:
            if "check_call(" not in head:
                problems.append(f"{where}: {source.relative_to(ROOT)} does not start with check_call(")
    return problems


def test_the_scanner_finds_the_entry_points():
    names = {entry[1] for entry in entry_points()}
    for expected in ("concat", "sort", "matmul", "getitem", "redistribute", "allocate", "execute", "svd"):
        assert expected in names, sorted(names)


def test_every_collective_entry_point_starts_with_the_check():
    problems = unchecked()
    assert not problems, "collective entry points without the checking mode's check_call:\n" + "\n".join(problems)


if __name__ == "__main__":
    for problem in unchecked():
        print(problem)
