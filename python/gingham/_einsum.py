"""NumPy's einsum for the forms that map onto gingham's distributed operations (no algorithm of its own).

The subscripts are parsed (explicit ``->`` or NumPy's implicit output: the letters used once, sorted)
and the form is mapped:

- one operand: transposes and sums over the letters left out (``ij->ji``, ``ij->i``, ``ij->``:
  permute_dims, sum), the trace ``ii->`` and the diagonal ``ii->i`` of a matrix (linalg.trace, diagonal);
- two operands without shared output letters: tensordot over the shared letters, then a transpose
  (``ij,jk->ik``, ``i,i->``, ``ij,ij->``, ``i,j->ij``, ``ijk,jl->ikl``);
- two operands with shared output letters (batch letters): matmul over the batch letters when one letter
  is contracted and each operand has at most one other letter (``bij,bjk->bik``, ``bi,bi->b``), else
  the elementwise product of the broadcast operands summed over the contracted letters (``i,i->i``,
  ``ij,ij->ij``, ``bi,bj->bij``, ``bij,bij->b``; its memory is that of the broadcast product).

Letters used by one operand only and absent from the output are summed first. Ellipses are spelled out
in unused letters first (NumPy's broadcasting of the unnamed leading axes). Anything else (three or more
operands, a repeated letter in one operand of two, repeated letters in one operand other
than a matrix's ``ii``) raises TypeError naming the form. Costs are those of the operations used.
"""

import numpy as np

from . import linalg
from ._array import Array
from ._data_type_functions import astype
from ._host_operands import first_array, host_like, refuse
from ._manipulation import expand_dims, permute_dims, squeeze
from ._reductions import sum as sum_


def _without_ellipses(text, operands, subscripts):
    """``text`` with each "..." spelled out in letters no term uses, as NumPy broadcasts them: an operand's
    ellipsis stands for its leading axes not named by letters, aligned at the right with the others'; in an
    implicit output the ellipsis axes come first (what xarray's dot and weighted reductions pass)."""
    if "." not in text:
        return text
    inputs, arrow, output = text.partition("->")
    terms = inputs.split(",")
    if any(t.count("...") != t.count(".") / 3 or t.count("...") > 1 for t in terms + [output]) or \
            len(terms) != len(operands):
        raise ValueError(f"numpy.einsum: invalid ellipses in {subscripts!r}")
    counts = [x.ndim - (len(t) - 3) if "..." in t else 0 for t, x in zip(terms, operands)]
    if any(c < 0 for c in counts):
        raise ValueError(f"numpy.einsum: a term of {subscripts!r} names more axes than its operand has")
    free = [c for c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ" if c not in text]
    spelled = "".join(free[:max(counts, default=0)])
    terms = [t.replace("...", spelled[len(spelled) - c:]) for t, c in zip(terms, counts)]
    if arrow:
        output = output.replace("...", spelled)
    else:
        letters = "".join(t for t in terms).replace(",", "")
        output = spelled + "".join(sorted(c for c in set(letters) if letters.count(c) == 1 and c not in spelled))
    return ",".join(terms) + "->" + output


def _parse(subscripts, operands):
    """(input terms, output term) of ``subscripts`` for ``operands``; ValueError where NumPy raises one."""
    if not isinstance(subscripts, str):
        refuse("numpy.einsum with operands given as (array, sublist) pairs (pass the subscripts string)")
    text = _without_ellipses(subscripts.replace(" ", ""), operands, subscripts)
    if "->" in text:
        inputs, output = text.split("->", 1)
    else:
        inputs = text
        letters = inputs.replace(",", "")
        output = "".join(sorted(c for c in set(letters) if letters.count(c) == 1))
    terms = inputs.split(",")
    if len(terms) != len(operands):
        raise ValueError(f"numpy.einsum: {len(terms)} terms in {subscripts!r} for {len(operands)} operands")
    for term, x in zip(terms, operands):
        if not all(c.isalpha() for c in term) or len(term) != x.ndim:
            raise ValueError(f"numpy.einsum: the term {term!r} of {subscripts!r} does not fit an operand of "
                             f"{x.ndim} dimensions")
    if len(set(output)) != len(output) or any(c not in inputs for c in output) or not output.isalpha() and output:
        raise ValueError(f"numpy.einsum: invalid output {output!r} in {subscripts!r}")
    return terms, output


def _ordered(x, letters, output):
    """x (whose axes carry ``letters``) with its axes in the order of ``output``."""
    order = tuple(letters.index(c) for c in output)
    return x if order == tuple(range(len(order))) else permute_dims(x, order)


def _sum_letters(x, term, keep):
    """(x summed over its letters absent from ``keep``, the letters that remain)."""
    summed = tuple(k for k, c in enumerate(term) if c not in keep)
    if not summed:
        return x, term
    return sum_(x, axis=summed), "".join(c for c in term if c in keep)


def _one(x, term, output, subscripts):
    if len(set(term)) != len(term):
        if len(term) == 2 and output in ("", term[0]):
            return linalg.trace(x) if output == "" else linalg.diagonal(x)
        refuse(f"numpy.einsum of the form {subscripts!r} (repeated letters other than a matrix's ii)")
    x, term = _sum_letters(x, term, output)
    return _ordered(x, term, output)


def _two(a, b, terms, output, subscripts):
    (ta, tb) = terms
    if len(set(ta)) != len(ta) or len(set(tb)) != len(tb):
        refuse(f"numpy.einsum of the form {subscripts!r} (a repeated letter in one of two operands)")
    a, ta = _sum_letters(a, ta, output + tb)
    b, tb = _sum_letters(b, tb, output + ta)
    batch = [c for c in output if c in ta and c in tb]
    contracted = [c for c in ta if c in tb and c not in output]
    only_a = [c for c in ta if c not in tb]
    only_b = [c for c in tb if c not in ta]
    if not batch:
        result = linalg.tensordot(a, b, axes=([ta.index(c) for c in contracted], [tb.index(c) for c in contracted]))
        return _ordered(result, "".join(only_a + only_b), output)
    if len(contracted) != 1 or len(only_a) > 1 or len(only_b) > 1:
        # an elementwise product of both operands brought to (batch, contracted, only_a, only_b), then a sum
        # over the contracted letters
        shared = batch + contracted
        a = _ordered(a, ta, "".join(shared + only_a))
        b = _ordered(b, tb, "".join(shared + only_b))
        for _ in only_b:
            a = expand_dims(a, axis=a.ndim)
        for k in range(len(only_a)):
            b = expand_dims(b, axis=len(shared) + k)
        product, letters = _sum_letters(a * b, "".join(shared + only_a + only_b), output)
        return _ordered(product, letters, output)
    a = _ordered(a, ta, "".join(batch + only_a + contracted))
    b = _ordered(b, tb, "".join(batch + contracted + only_b))
    if not only_a:
        a = expand_dims(a, axis=len(batch))
    if not only_b:
        b = expand_dims(b, axis=b.ndim)
    result = linalg.matmul(a, b)  # (batch, only_a or 1, only_b or 1)
    dropped = ([len(batch)] if not only_a else []) + ([len(batch) + 1] if not only_b else [])
    if dropped:
        result = squeeze(result, axis=tuple(dropped))
    return _ordered(result, "".join(batch + only_a + only_b), output)


def einsum(subscripts, *operands, out=None, optimize=False, **kwargs):
    """Collective over the operands' communicator. np.einsum for the forms listed in this module's
    docstring (host operands laid out like the first gingham one); TypeError naming any other form."""
    if out is not None or kwargs:
        refuse(f"numpy.einsum with out= or {sorted(kwargs)}")
    if len(operands) not in (1, 2):
        refuse(f"numpy.einsum of the form {subscripts!r} ({len(operands)} operands; at most 2 are mapped)")
    model = first_array(operands)
    operands = [host_like(x, model) if not isinstance(x, Array) else x for x in operands]
    common = np.result_type(*(x.dtype for x in operands))  # NumPy's promotion (a bool mask times floats)
    operands = [x if x.dtype == common else astype(x, common) for x in operands]
    terms, output = _parse(subscripts, operands)
    if len(operands) == 1:
        return _one(operands[0], terms[0], output, subscripts)
    return _two(operands[0], operands[1], terms, output, subscripts)
