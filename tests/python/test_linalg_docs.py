"""gg.linalg's documentation: every public name has its own docstring (a function's string literal must be
the first statement: a string built with ``+`` is an expression, and leaves ``__doc__`` None; a class
must not fall back on a generated or inherited one), and every function's says it is collective. The
result named tuples (built from the C++ result structs) keep the Array API's field names."""

import inspect

import numpy as np
import pytest
from helpers import all_ranks

import gingham as gg

PUBLIC = sorted(gg.linalg.__all__)


def own_doc(obj):
    """obj's own docstring: a function's __doc__; a class's only when its own body defines one, and not the
    one typing.NamedTuple generates ("QRResult(Q, R)")."""
    if inspect.isclass(obj):
        doc = obj.__dict__.get("__doc__")
        generated = f"{obj.__name__}({', '.join(getattr(obj, '_fields', ()))})"
        return None if doc == generated else doc
    return obj.__doc__


@pytest.mark.parametrize("name", PUBLIC)
def test_every_public_name_has_its_own_docstring(name):
    doc = own_doc(getattr(gg.linalg, name))
    assert all_ranks(isinstance(doc, str) and doc.strip() != ""), f"gg.linalg.{name} has no docstring of its own"


# The functions written in gingham/linalg.py (matrix_transpose is _manipulation's, shared with gg).
@pytest.mark.parametrize("name", [n for n in PUBLIC if inspect.isfunction(getattr(gg.linalg, n))
                                  and getattr(gg.linalg, n).__module__ == "gingham.linalg"])
def test_every_function_says_what_it_computes_and_that_it_is_collective(name):
    doc = getattr(gg.linalg, name).__doc__
    first_line = doc.strip().splitlines()[0]
    assert all_ranks(len(first_line) > 10 and not first_line.startswith("Collective")), first_line
    assert all_ranks("Collective over" in doc), name


def test_every_public_function_and_class_of_the_module_is_listed():
    defined = [name for name, obj in vars(gg.linalg).items()
               if not name.startswith("_") and (inspect.isfunction(obj) or inspect.isclass(obj))
               and getattr(obj, "__module__", None) == "gingham.linalg"]
    assert all_ranks(set(defined) <= set(PUBLIC)), sorted(set(defined) - set(PUBLIC))


def test_the_result_tuples_have_the_array_api_fields():
    fields = {name: getattr(gg.linalg, name)._fields
              for name in ("QRResult", "EighResult", "SVDResult", "EigResult", "SlogdetResult")}
    assert all_ranks(fields == {"QRResult": ("Q", "R"), "EighResult": ("eigenvalues", "eigenvectors"),
                                "SVDResult": ("U", "S", "Vh"), "EigResult": ("eigenvalues", "eigenvectors"),
                                "SlogdetResult": ("sign", "logabsdet")})


def test_each_result_struct_arrives_as_its_named_tuple_in_field_order():
    a = np.array([[4.0, 1.0, 0.5], [1.0, 3.0, 0.25], [0.5, 0.25, 2.0]])  # symmetric positive definite
    x = gg.asarray(a)
    q, r = gg.linalg.qr(x)
    s = gg.linalg.slogdet(x)
    w, v = gg.linalg.eigh(x)
    u, sv, vh = gg.linalg.svd(x)
    ok = (type(gg.linalg.qr(x)) is gg.linalg.QRResult and np.allclose(np.asarray(q) @ np.asarray(r), a)
          and type(s) is gg.linalg.SlogdetResult and float(s.sign) == 1.0
          and np.isclose(float(s.logabsdet), np.log(np.linalg.det(a)))
          and np.allclose(np.asarray(w), np.linalg.eigvalsh(a)) and np.allclose(a @ np.asarray(v), np.asarray(v) * np.asarray(w))
          and np.allclose(np.asarray(sv), np.linalg.svd(a, compute_uv=False))
          and np.allclose((np.asarray(u) * np.asarray(sv)) @ np.asarray(vh), a))
    assert all_ranks(ok)
