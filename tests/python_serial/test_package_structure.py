"""The Python package's structure, checked without MPI (run by ctest as a plain process, not under mpirun):
no import cycle among gingham's modules, counting the imports made inside functions too, and each module
importable alone in a fresh interpreter (the package's __init__ not run first)."""

import ast
import os
import pathlib
import subprocess
import sys

import gingham
import pytest

PACKAGE = pathlib.Path(gingham.__file__).parent
MODULES = sorted(path.stem for path in PACKAGE.glob("*.py") if path.stem != "__init__")


def relative_imports(path):
    """The package modules that `path` imports, at module level or inside functions (relative imports)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            names = [node.module.split(".")[0]] if node.module else [alias.name for alias in node.names]
            found.update(name for name in names if (PACKAGE / f"{name}.py").exists())
        elif isinstance(node, (ast.ImportFrom, ast.Import)):
            names = [node.module] if isinstance(node, ast.ImportFrom) else [alias.name for alias in node.names]
            if any(name == "gingham" or (name or "").startswith("gingham.") for name in names):
                found.add("__init__")  # an absolute import of the package runs its __init__
    return found


def cycle_in(graph):
    """A cycle of the directed graph {node: successors} as a list of nodes, or None."""
    state = {}

    def visit(node, path):
        state[node] = "open"
        path.append(node)
        for successor in sorted(graph.get(node, ())):
            if state.get(successor) == "open":
                return path[path.index(successor):] + [successor]
            if successor not in state:
                cycle = visit(successor, path)
                if cycle:
                    return cycle
        state[node] = "done"
        path.pop()
        return None

    for node in sorted(graph):
        if node not in state:
            cycle = visit(node, [])
            if cycle:
                return cycle
    return None


def test_the_cycle_finder_finds_cycles():
    assert cycle_in({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle_in({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_no_module_of_the_package_imports_itself_back():
    graph = {name: relative_imports(PACKAGE / f"{name}.py") for name in MODULES}
    graph["__init__"] = relative_imports(PACKAGE / "__init__.py")
    cycle = cycle_in(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


# Loads one module of the package with the package's __init__ left out (an empty package object stands in),
# so the module must import what it needs itself.
_ALONE = """
import importlib, sys, types
package = types.ModuleType("gingham")
package.__path__ = [{path!r}]
sys.modules["gingham"] = package
importlib.import_module("gingham.{name}")
"""


@pytest.mark.parametrize("name", MODULES)
def test_each_module_imports_alone_in_a_fresh_interpreter(name):
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("OMPI_COMM_WORLD", "PMIX_", "PMI_"))}
    result = subprocess.run([sys.executable, "-c", _ALONE.format(path=str(PACKAGE), name=name)],
                            capture_output=True, text=True, timeout=120, env=environment)
    assert result.returncode == 0, f"gingham.{name} alone:\n{result.stderr[-2000:]}"


def _public_functions():
    """(qualified name, function) of every public function of the namespace, of gingham.linalg, and every
    public method and property of the public classes."""
    import inspect

    import gingham.linalg
    import gingham.random

    found = []
    for module, prefix in ((gingham, "gingham"), (gingham.linalg, "gingham.linalg"), (gingham.random, "gingham.random")):
        for name in module.__all__:
            value = getattr(module, name)
            if inspect.isclass(value):
                found.append((f"{prefix}.{name}", value))
                for attribute, member in vars(value).items():
                    if not attribute.startswith("_") and (callable(member) or isinstance(member, property)):
                        found.append((f"{prefix}.{name}.{attribute}", member))
            elif callable(value):
                found.append((f"{prefix}.{name}", value))
    return found


def test_every_public_function_has_its_own_docstring():
    missing = [name for name, value in _public_functions()
               if not (getattr(value, "__doc__", None) or "").strip()]
    assert not missing, f"no docstring: {missing}"
