"""The Array API standard's special cases (revision 2025.12, the "Special cases" sections of the elementwise
functions) for every elementwise function that has them, checked on distributed arrays.

The rules are written out by hand below as data: each rule names a function, the inputs it covers (a set of
sample values for each operand: "x1_i is a positive finite number" becomes 0.5, 1, 3.75, 100) and the
result the standard fixes. Rules the standard leaves implementation-defined, or where it allows a choice,
are either left out or accept each allowed result (OneOf). Complex rules give the real and the imaginary
part separately; where the standard says a sign is unspecified, either sign passes. Rules that follow from
the standard's notes ("acos(conj(x)) must equal conj(acos(x))", "asinh(-z) must equal -asinh(z)") and from
its "as if implemented as" sentences (asin(z) = -1j * asinh(z*1j), log2(z) = log(z)/log(2), ...) are
derived from the written ones.

Every case of a (function, dtype) goes into one distributed array, laid out Block, Cyclic and
BlockCyclic(2) in turn (the operands of a binary function in two different layouts, so one of them is
moved), so the special values land on every rank; each shard and the gathered whole are compared, and
every assertion is agreed over all ranks. The operators (x1 + x2, x ** y, -x, abs(x), x // y, x % y, ...)
are checked against the same rules.
"""

import itertools
import math
import operator

import numpy as np
import pytest
from helpers import COMM, all_ranks

import gingham as gg

NAN, INF = float("nan"), float("inf")
NEG_NAN = -NAN  # a NaN with its sign bit set
PI = math.pi

# ---- sample values for the standard's phrases ---------------------------------------------------------

N = [NAN]                                   # NaN
PINF, NINF = [INF], [-INF]                  # +infinity, -infinity
INFS = PINF + NINF                          # either +infinity or -infinity
PZ, NZ = [0.0], [-0.0]                      # +0, -0
ZEROS = PZ + NZ                             # either +0 or -0
POS = [0.5, 1.0, 3.75, 100.0]               # a positive (i.e., greater than 0) finite number
NEG = [-v for v in POS]                     # a negative finite number
NONZERO = POS + NEG                         # a nonzero finite number
FINITE = NONZERO + ZEROS                    # a finite number
GT0, LT0 = POS + PINF, NEG + NINF           # greater than 0, less than 0
ANY = [NAN, INF, -INF, 0.0, -0.0, 2.5, -2.5, 1.0]
NOT_NAN = [v for v in ANY if v == v]
GT1, LTM1 = [1.5, 2.0, 100.0, INF], [-1.5, -2.0, -100.0, -INF]
LT1 = [0.5, 0.0, -0.0, -1.0, -100.0, -INF]
INTEGRAL = [1.0, -1.0, 3.0, -2.0, 1e30, -1e30, 2.0 ** 23, -(2.0 ** 23) - 2]  # already integer-valued
ODD_POS, NOT_ODD_POS = [1.0, 3.0, 5.0], [0.5, 2.0, 4.0, 2.5, INF]
ODD_NEG, NOT_ODD_NEG = [-1.0, -3.0], [-0.5, -2.0, -2.5, -INF]


# ---- expected results ---------------------------------------------------------------------------------

class Approx:
    """An implementation-dependent approximation to ``value`` (a few ULP of the result dtype, same sign)."""

    def __init__(self, value):
        self.value = value

    def __repr__(self):
        return f"~{self.value!r}"


class OneOf:
    """Any of the given results (the standard allows each)."""

    def __init__(self, *options):
        self.options = options

    def __repr__(self):
        return " or ".join(map(repr, self.options))


class Kind:
    """A result described by a property: "zero" (either sign), "inf" (either sign), "positive",
    "negative" (the mathematical sign, no NaN), "nan+" and "nan-" (a NaN with sign bit 0 or 1)."""

    def __init__(self, what):
        self.what = what

    def __repr__(self):
        return self.what


ANY_ZERO, ANY_INF = Kind("zero"), Kind("inf")
POSITIVE, NEGATIVE = Kind("positive"), Kind("negative")
NAN_PLUS, NAN_MINUS = Kind("nan+"), Kind("nan-")


def matches(spec, value, eps):
    """Whether one real result (a NumPy scalar) is what ``spec`` says."""
    if isinstance(spec, OneOf):
        return any(matches(option, value, eps) for option in spec.options)
    if isinstance(spec, (bool, np.bool_)):
        return isinstance(value, (bool, np.bool_)) and bool(value) == bool(spec)
    value = float(value)
    if isinstance(spec, Approx):
        return (not math.isnan(value) and math.copysign(1, value) == math.copysign(1, spec.value)
                and abs(value - spec.value) <= 4 * eps * abs(spec.value))
    if isinstance(spec, Kind):
        return {"zero": value == 0, "inf": math.isinf(value),
                "positive": not math.isnan(value) and math.copysign(1, value) > 0,
                "negative": not math.isnan(value) and math.copysign(1, value) < 0,
                "nan+": math.isnan(value) and math.copysign(1, value) > 0,
                "nan-": math.isnan(value) and math.copysign(1, value) < 0}[spec.what]
    if math.isnan(spec):
        return math.isnan(value)  # a NaN of either sign
    return value == spec and math.copysign(1, value) == math.copysign(1, spec)  # the sign of zeros too


def matches_result(spec, value, eps):
    if isinstance(spec, tuple):  # complex: real and imaginary parts separately
        return matches(spec[0], value.real, eps) and matches(spec[1], value.imag, eps)
    return matches(spec, value, eps)


# ---- the rules ----------------------------------------------------------------------------------------
# A rule: (function, kind, operand samples, expected). kind "R" real floating, "C" complex floating, "I"
# integer. Operand samples: one list per operand; every combination is a case. For "C", each operand is a
# (real samples, imaginary samples) pair. expected: a result spec (see matches) or a function of the inputs
# giving one; for "C" a (real, imag) pair of such, functions of (a, b) = (real(x_i), imag(x_i)) (imag None
# when the result is real).

RULES = []


def rule(name, kind, operands, expected):
    RULES.append((name, kind, operands, expected))


def unary(name, x, expected):
    rule(name, "R", [x], expected)


def binary(name, x1, x2, expected):
    rule(name, "R", [x1, x2], expected)


def cunary(name, a, b, re, im):
    rule(name, "C", [(a, b)], (re, im))


def log_like_rows(name):
    """The rows the standard lists alike for acosh, log and log1p (infinite and NaN parts)."""
    cunary(name, FINITE, PINF, INF, Approx(PI / 2))
    cunary(name, NINF, POS, INF, Approx(PI))
    cunary(name, PINF, POS, INF, 0.0)
    cunary(name, NINF, PINF, INF, Approx(3 * PI / 4))
    cunary(name, PINF, PINF, INF, Approx(PI / 4))
    cunary(name, INFS, N, INF, NAN)
    cunary(name, N, FINITE, NAN, NAN)
    cunary(name, N, PINF, INF, NAN)
    cunary(name, N, N, NAN, NAN)


def division_rows(name, signed_zeros=True):
    """The rows the standard lists alike for divide and floor_divide (the first four for remainder too)."""
    binary(name, N, ANY, NAN)
    binary(name, ANY, N, NAN)
    binary(name, INFS, INFS, NAN)
    binary(name, ZEROS, ZEROS, NAN)
    if signed_zeros:
        for x1, x2, result in [(PZ, GT0, 0.0), (NZ, GT0, -0.0), (PZ, LT0, -0.0), (NZ, LT0, 0.0),
                               (GT0, PZ, INF), (GT0, NZ, -INF), (LT0, PZ, -INF), (LT0, NZ, INF)]:
            binary(name, x1, x2, result)


def cis_sign(scale, v):
    """The sign pattern of ``scale * cis(v)`` with scale +0 or +infinity: (real, imag) as exact values."""
    return math.copysign(scale, math.cos(v)), math.copysign(scale, math.sin(v))


# abs
unary("abs", N, NAN)
unary("abs", NZ, 0.0)
unary("abs", NINF, INF)
cunary("abs", INFS, ANY, INF, None)
cunary("abs", ANY, INFS, INF, None)
cunary("abs", ZEROS, [v for v in ANY if not math.isinf(v)], lambda a, b: abs(b), None)
cunary("abs", [v for v in ANY if not math.isinf(v)], ZEROS, lambda a, b: abs(a), None)
cunary("abs", N, FINITE, NAN, None)
cunary("abs", FINITE, N, NAN, None)
cunary("abs", N, N, NAN, None)

# acos
unary("acos", N, NAN)
unary("acos", GT1, NAN)
unary("acos", LTM1, NAN)
unary("acos", [1.0], 0.0)
cunary("acos", ZEROS, PZ, Approx(PI / 2), -0.0)
cunary("acos", ZEROS, N, Approx(PI / 2), NAN)
cunary("acos", FINITE, PINF, Approx(PI / 2), -INF)
cunary("acos", NONZERO, N, NAN, NAN)
cunary("acos", NINF, POS, Approx(PI), -INF)
cunary("acos", PINF, POS, 0.0, -INF)
cunary("acos", NINF, PINF, Approx(3 * PI / 4), -INF)
cunary("acos", PINF, PINF, Approx(PI / 4), -INF)
cunary("acos", INFS, N, NAN, ANY_INF)
cunary("acos", N, FINITE, NAN, NAN)
cunary("acos", N, PINF, NAN, -INF)
cunary("acos", N, N, NAN, NAN)

# acosh
unary("acosh", N, NAN)
unary("acosh", LT1, NAN)
unary("acosh", [1.0], 0.0)
unary("acosh", PINF, INF)
cunary("acosh", ZEROS, PZ, 0.0, Approx(PI / 2))
cunary("acosh", NONZERO, N, NAN, NAN)
cunary("acosh", PZ, N, NAN, OneOf(Approx(PI / 2), Approx(-PI / 2)))
log_like_rows("acosh")

# add (and subtract, derived below: x1 - x2 is x1 + (-x2))
binary("add", N, ANY, NAN)
binary("add", ANY, N, NAN)
binary("add", PINF, NINF, NAN)
binary("add", NINF, PINF, NAN)
binary("add", PINF, PINF, INF)
binary("add", NINF, NINF, -INF)
binary("add", PINF, FINITE, INF)
binary("add", NINF, FINITE, -INF)
binary("add", FINITE, PINF, INF)
binary("add", FINITE, NINF, -INF)
binary("add", NZ, NZ, -0.0)
binary("add", NZ, PZ, 0.0)
binary("add", PZ, NZ, 0.0)
binary("add", PZ, PZ, 0.0)
binary("add", ZEROS, NONZERO, lambda x1, x2: x2)
binary("add", NONZERO, ZEROS, lambda x1, x2: x1)
for _v in NONZERO:
    binary("add", [_v], [-_v], 0.0)

# asin (real; complex derived from asinh)
unary("asin", N, NAN)
unary("asin", GT1, NAN)
unary("asin", LTM1, NAN)
unary("asin", PZ, 0.0)
unary("asin", NZ, -0.0)

# asinh
unary("asinh", N, NAN)
unary("asinh", PZ, 0.0)
unary("asinh", NZ, -0.0)
unary("asinh", PINF, INF)
unary("asinh", NINF, -INF)
cunary("asinh", PZ, PZ, 0.0, 0.0)
cunary("asinh", POS, PINF, INF, Approx(PI / 2))
cunary("asinh", FINITE, N, NAN, NAN)
cunary("asinh", PINF, POS, INF, 0.0)
cunary("asinh", PINF, PINF, INF, Approx(PI / 4))
cunary("asinh", N, PZ, NAN, 0.0)
cunary("asinh", N, NONZERO, NAN, NAN)
cunary("asinh", N, PINF, ANY_INF, NAN)
cunary("asinh", N, N, NAN, NAN)

# atan (real; complex derived from atanh)
unary("atan", N, NAN)
unary("atan", PZ, 0.0)
unary("atan", NZ, -0.0)
unary("atan", PINF, Approx(PI / 2))
unary("atan", NINF, Approx(-PI / 2))

# atan2
binary("atan2", N, ANY, NAN)
binary("atan2", ANY, N, NAN)
binary("atan2", GT0, PZ, Approx(PI / 2))
binary("atan2", GT0, NZ, Approx(PI / 2))
binary("atan2", PZ, GT0, 0.0)
binary("atan2", PZ, PZ, 0.0)
binary("atan2", PZ, NZ, Approx(PI))
binary("atan2", PZ, LT0, Approx(PI))
binary("atan2", NZ, GT0, -0.0)
binary("atan2", NZ, PZ, -0.0)
binary("atan2", NZ, NZ, Approx(-PI))
binary("atan2", NZ, LT0, Approx(-PI))
binary("atan2", LT0, PZ, Approx(-PI / 2))
binary("atan2", LT0, NZ, Approx(-PI / 2))
binary("atan2", POS, PINF, 0.0)
binary("atan2", POS, NINF, Approx(PI))
binary("atan2", NEG, PINF, -0.0)
binary("atan2", NEG, NINF, Approx(-PI))
binary("atan2", PINF, FINITE, Approx(PI / 2))
binary("atan2", NINF, FINITE, Approx(-PI / 2))
binary("atan2", PINF, PINF, Approx(PI / 4))
binary("atan2", PINF, NINF, Approx(3 * PI / 4))
binary("atan2", NINF, PINF, Approx(-PI / 4))
binary("atan2", NINF, NINF, Approx(-3 * PI / 4))

# atanh
unary("atanh", N, NAN)
unary("atanh", LTM1, NAN)
unary("atanh", GT1, NAN)
unary("atanh", [-1.0], -INF)
unary("atanh", [1.0], INF)
unary("atanh", PZ, 0.0)
unary("atanh", NZ, -0.0)
cunary("atanh", PZ, PZ, 0.0, 0.0)
cunary("atanh", PZ, N, 0.0, NAN)
cunary("atanh", [1.0], PZ, INF, 0.0)
cunary("atanh", POS, PINF, 0.0, Approx(PI / 2))
cunary("atanh", NONZERO, N, NAN, NAN)
cunary("atanh", PINF, POS, 0.0, Approx(PI / 2))
cunary("atanh", PINF, PINF, 0.0, Approx(PI / 2))
cunary("atanh", PINF, N, 0.0, NAN)
cunary("atanh", N, FINITE, NAN, NAN)
cunary("atanh", N, PINF, ANY_ZERO, Approx(PI / 2))
cunary("atanh", N, N, NAN, NAN)

# ceil, floor, round, trunc
for _name in ("ceil", "floor", "round", "trunc"):
    unary(_name, INTEGRAL, lambda x: x)
    unary(_name, PINF, INF)
    unary(_name, NINF, -INF)
    unary(_name, PZ, 0.0)
    unary(_name, NZ, -0.0)
    unary(_name, N, NAN)
for _x, _want in [(0.5, 0.0), (1.5, 2.0), (2.5, 2.0), (-1.5, -2.0), (-2.5, -2.0), (3.5, 4.0), (-0.5, ANY_ZERO)]:
    unary("round", [_x], _want)  # halfway: the even integer

# copysign
binary("copysign", [v for v in ANY if v == v], LT0 + NZ + [NEG_NAN], lambda x1, x2: -abs(x1))
binary("copysign", [v for v in ANY if v == v], GT0 + PZ + N, lambda x1, x2: abs(x1))
binary("copysign", [NAN, NEG_NAN], LT0 + NZ + [NEG_NAN], NAN_MINUS)
binary("copysign", [NAN, NEG_NAN], GT0 + PZ + N, NAN_PLUS)

# cos (real; complex derived from cosh)
unary("cos", N, NAN)
unary("cos", ZEROS, 1.0)
unary("cos", INFS, NAN)

# cosh
unary("cosh", N, NAN)
unary("cosh", ZEROS, 1.0)
unary("cosh", INFS, INF)
cunary("cosh", PZ, PZ, 1.0, 0.0)
cunary("cosh", PZ, PINF, NAN, ANY_ZERO)
cunary("cosh", PZ, N, NAN, ANY_ZERO)
cunary("cosh", NONZERO, PINF, NAN, NAN)
cunary("cosh", NONZERO, N, NAN, NAN)
cunary("cosh", PINF, PZ, INF, 0.0)
cunary("cosh", PINF, NONZERO, lambda a, b: cis_sign(INF, b)[0], lambda a, b: cis_sign(INF, b)[1])
cunary("cosh", PINF, PINF, ANY_INF, NAN)
cunary("cosh", PINF, N, INF, NAN)
cunary("cosh", N, ZEROS, NAN, ANY_ZERO)
cunary("cosh", N, NONZERO, NAN, NAN)
cunary("cosh", N, N, NAN, NAN)

# divide (complex: only "all NaN" is fixed)
division_rows("divide")
binary("divide", PINF, POS, INF)
binary("divide", PINF, NEG, -INF)
binary("divide", NINF, POS, -INF)
binary("divide", NINF, NEG, INF)
binary("divide", POS, PINF, 0.0)
binary("divide", POS, NINF, -0.0)
binary("divide", NEG, PINF, -0.0)
binary("divide", NEG, NINF, 0.0)
binary("divide", POS + [1e-30], POS + [1e30], POSITIVE)
binary("divide", NEG, NEG, POSITIVE)
binary("divide", POS, NEG + [-1e30], NEGATIVE)
binary("divide", NEG, POS, NEGATIVE)
rule("divide", "C", [(N, N), (N, N)], (NAN, NAN))

# equal, not_equal
binary("equal", N, ANY, False)
binary("equal", ANY, N, False)
binary("equal", PINF, PINF, True)
binary("equal", NINF, NINF, True)
binary("equal", ZEROS, ZEROS, True)
binary("equal", FINITE, FINITE, lambda x1, x2: x1 == x2)
binary("equal", INFS, FINITE, False)
binary("equal", FINITE, INFS, False)
binary("equal", PINF, NINF, False)
binary("not_equal", N, ANY, True)
binary("not_equal", ANY, N, True)
binary("not_equal", PINF, NINF, True)
binary("not_equal", NINF, PINF, True)
binary("not_equal", FINITE, FINITE, lambda x1, x2: x1 != x2)
binary("not_equal", PINF, PINF, False)
binary("not_equal", NINF, NINF, False)
binary("not_equal", INFS, FINITE, True)
for _name, _nan_result in (("equal", False), ("not_equal", True)):
    _some = [NAN, 0.0, -0.0, INF, -INF, 2.5]
    rule(_name, "C", [(_some, _some), (_some, _some)],
         lambda x1, x2, _r=_nan_result, _f=_name: _r if any(math.isnan(v) for v in (
             x1.real, x1.imag, x2.real, x2.imag)) else (getattr(operator, "eq" if _f == "equal" else "ne")(x1, x2)))

# exp
unary("exp", N, NAN)
unary("exp", ZEROS, 1.0)
unary("exp", PINF, INF)
unary("exp", NINF, 0.0)
cunary("exp", ZEROS, PZ, 1.0, 0.0)
cunary("exp", FINITE, PINF, NAN, NAN)
cunary("exp", FINITE, N, NAN, NAN)
cunary("exp", PINF, PZ, INF, 0.0)
cunary("exp", NINF, FINITE, lambda a, b: cis_sign(0.0, b)[0], lambda a, b: cis_sign(0.0, b)[1])
cunary("exp", PINF, NONZERO, lambda a, b: cis_sign(INF, b)[0], lambda a, b: cis_sign(INF, b)[1])
cunary("exp", NINF, PINF, ANY_ZERO, ANY_ZERO)
cunary("exp", PINF, PINF, ANY_INF, NAN)
cunary("exp", NINF, N, ANY_ZERO, ANY_ZERO)
cunary("exp", PINF, N, ANY_INF, NAN)
cunary("exp", N, PZ, NAN, 0.0)
cunary("exp", N, [v for v in ANY if v != 0], NAN, NAN)

# expm1
unary("expm1", N, NAN)
unary("expm1", PZ, 0.0)
unary("expm1", NZ, -0.0)
unary("expm1", PINF, INF)
unary("expm1", NINF, -1.0)
cunary("expm1", ZEROS, PZ, ANY_ZERO, 0.0)
cunary("expm1", FINITE, PINF, NAN, NAN)
cunary("expm1", FINITE, N, NAN, NAN)
cunary("expm1", PINF, PZ, INF, 0.0)
cunary("expm1", NINF, FINITE, -1.0, lambda a, b: cis_sign(0.0, b)[1])
cunary("expm1", PINF, NONZERO, lambda a, b: cis_sign(INF, b)[0], lambda a, b: cis_sign(INF, b)[1])
cunary("expm1", NINF, PINF, -1.0, ANY_ZERO)
cunary("expm1", PINF, PINF, ANY_INF, NAN)
cunary("expm1", NINF, N, -1.0, ANY_ZERO)
cunary("expm1", PINF, N, ANY_INF, NAN)
cunary("expm1", N, PZ, NAN, 0.0)
cunary("expm1", N, [v for v in ANY if v != 0], NAN, NAN)

# floor_divide (where the standard lets libraries follow Python, either result passes)
division_rows("floor_divide")
binary("floor_divide", PINF, POS, OneOf(INF, NAN))
binary("floor_divide", PINF, NEG, OneOf(-INF, NAN))
binary("floor_divide", NINF, POS, OneOf(-INF, NAN))
binary("floor_divide", NINF, NEG, OneOf(INF, NAN))
binary("floor_divide", POS, PINF, 0.0)
binary("floor_divide", POS, NINF, OneOf(-0.0, -1.0))
binary("floor_divide", NEG, PINF, OneOf(-0.0, -1.0))
binary("floor_divide", NEG, NINF, 0.0)
binary("floor_divide", POS, POS, POSITIVE)
binary("floor_divide", NEG, NEG, POSITIVE)
binary("floor_divide", POS, NEG, NEGATIVE)
binary("floor_divide", NEG, POS, NEGATIVE)
for _x1, _x2, _want in [(7.0, 2.0, 3.0), (-7.0, 2.0, -4.0), (7.0, -2.0, -4.0), (-7.0, -2.0, 3.0), (1.0, 3.0, 0.0),
                        (-1.0, 3.0, -1.0), (100.0, 3.75, 26.0)]:
    binary("floor_divide", [_x1], [_x2], _want)

# hypot
binary("hypot", INFS, ANY, INF)
binary("hypot", ANY, INFS, INF)
binary("hypot", ZEROS, [v for v in ANY if not math.isinf(v)], lambda x1, x2: abs(x2))
binary("hypot", [v for v in ANY if not math.isinf(v)], ZEROS, lambda x1, x2: abs(x1))
binary("hypot", FINITE + N, N, NAN)
binary("hypot", N, FINITE + N, NAN)

# isfinite, isinf, isnan
unary("isfinite", INFS, False)
unary("isfinite", N, False)
unary("isfinite", FINITE, True)
cunary("isfinite", N, ANY, False, None)
cunary("isfinite", ANY, N, False, None)
cunary("isfinite", INFS, ANY, False, None)
cunary("isfinite", ANY, INFS, False, None)
cunary("isfinite", FINITE, FINITE, True, None)
unary("isinf", INFS, True)
unary("isinf", FINITE + N, False)
cunary("isinf", INFS, ANY, True, None)
cunary("isinf", FINITE + N, INFS, True, None)
cunary("isinf", FINITE + N, FINITE + N, False, None)
unary("isnan", N + [NEG_NAN], True)
unary("isnan", FINITE + INFS, False)
cunary("isnan", N, ANY, True, None)
cunary("isnan", ANY, N, True, None)
cunary("isnan", FINITE + INFS, FINITE + INFS, False, None)

# log, log2, log10 (complex log2 and log10 derived from log)
for _name in ("log", "log2", "log10"):
    unary(_name, N, NAN)
    unary(_name, LT0, NAN)
    unary(_name, ZEROS, -INF)
    unary(_name, [1.0], 0.0)
    unary(_name, PINF, INF)
cunary("log", NZ, PZ, -INF, Approx(PI))
cunary("log", PZ, PZ, -INF, 0.0)
cunary("log", FINITE, N, NAN, NAN)
log_like_rows("log")

# log1p
unary("log1p", N, NAN)
unary("log1p", LTM1, NAN)
unary("log1p", [-1.0], -INF)
unary("log1p", NZ, -0.0)
unary("log1p", PZ, 0.0)
unary("log1p", PINF, INF)
cunary("log1p", [-1.0], PZ, -INF, 0.0)
cunary("log1p", FINITE, N, NAN, NAN)
log_like_rows("log1p")

# logaddexp
binary("logaddexp", N, ANY, NAN)
binary("logaddexp", ANY, N, NAN)
binary("logaddexp", PINF, NOT_NAN, INF)
binary("logaddexp", NOT_NAN, PINF, INF)

# maximum, minimum
for _name in ("maximum", "minimum"):
    binary(_name, N, ANY, NAN)
    binary(_name, ANY, N, NAN)

# multiply (complex: only "all NaN" is fixed)
binary("multiply", N, ANY, NAN)
binary("multiply", ANY, N, NAN)
binary("multiply", INFS, ZEROS, NAN)
binary("multiply", ZEROS, INFS, NAN)
binary("multiply", POS + PZ, POS + PZ, POSITIVE)
binary("multiply", NEG + NZ, NEG + NZ, POSITIVE)
binary("multiply", POS + PZ, NEG + NZ, NEGATIVE)
binary("multiply", NEG + NZ, POS + PZ, NEGATIVE)
binary("multiply", INFS, INFS, lambda x1, x2: math.copysign(INF, x1 * x2))
binary("multiply", INFS, NONZERO, lambda x1, x2: math.copysign(INF, x1 * x2))
binary("multiply", NONZERO, INFS, lambda x1, x2: math.copysign(INF, x1 * x2))
rule("multiply", "C", [(N, N), (N, N)], (NAN, NAN))

# negative, positive (the numerical negative: signed zeros and infinities flip, NaN stays NaN)
unary("negative", ZEROS + INFS + NONZERO, lambda x: -x)
unary("negative", N, NAN)
unary("positive", ZEROS + INFS + NONZERO, lambda x: x)
unary("positive", N, NAN)
cunary("negative", ZEROS + INFS + N, ZEROS + INFS + N, lambda a, b: -a, lambda a, b: -b)
cunary("conj", ZEROS + INFS + N + [2.5], ZEROS + INFS + N + [-2.5], lambda a, b: a, lambda a, b: -b)

# nextafter
binary("nextafter", N, ANY, NAN)
binary("nextafter", ANY, N, NAN)
binary("nextafter", NZ, PZ, 0.0)
binary("nextafter", PZ, NZ, -0.0)

# pow
binary("pow", [v for v in ANY if v != 1], N, NAN)
binary("pow", ANY, PZ, 1.0)
binary("pow", ANY, NZ, 1.0)
binary("pow", N, [v for v in ANY if v != 0], NAN)
binary("pow", [1.5, -1.5, 2.0, -100.0, INF, -INF], PINF, INF)
binary("pow", [1.5, -1.5, 2.0, -100.0, INF, -INF], NINF, 0.0)
binary("pow", [1.0, -1.0], INFS, 1.0)
binary("pow", [1.0], NOT_NAN, 1.0)
binary("pow", [0.5, -0.5, 0.0, -0.0], PINF, 0.0)
binary("pow", [0.5, -0.5, 0.0, -0.0], NINF, INF)
binary("pow", PINF, GT0, INF)
binary("pow", PINF, LT0, 0.0)
binary("pow", NINF, ODD_POS, -INF)
binary("pow", NINF, NOT_ODD_POS, INF)
binary("pow", NINF, ODD_NEG, -0.0)
binary("pow", NINF, NOT_ODD_NEG, 0.0)
binary("pow", PZ, GT0, 0.0)
binary("pow", PZ, LT0, INF)
binary("pow", NZ, ODD_POS, -0.0)
binary("pow", NZ, NOT_ODD_POS, 0.0)
binary("pow", NZ, ODD_NEG, -INF)
binary("pow", NZ, NOT_ODD_NEG, INF)
binary("pow", NEG, [0.5, -0.5, 2.5, -3.25], NAN)

# reciprocal: as if 1.0 / x
unary("reciprocal", N, NAN)
unary("reciprocal", PZ, INF)
unary("reciprocal", NZ, -INF)
unary("reciprocal", PINF, 0.0)
unary("reciprocal", NINF, -0.0)
unary("reciprocal", POS, POSITIVE)
unary("reciprocal", NEG, NEGATIVE)

# remainder
division_rows("remainder", signed_zeros=False)
binary("remainder", PZ, GT0, 0.0)
binary("remainder", NZ, GT0, 0.0)
binary("remainder", PZ, LT0, -0.0)
binary("remainder", NZ, LT0, -0.0)
binary("remainder", GT0, ZEROS, NAN)
binary("remainder", LT0, ZEROS, NAN)
binary("remainder", INFS, NONZERO, NAN)
binary("remainder", POS, PINF, lambda x1, x2: x1)
binary("remainder", POS, NINF, lambda x1, x2: x2)
binary("remainder", NEG, PINF, lambda x1, x2: x2)
binary("remainder", NEG, NINF, lambda x1, x2: x1)
for _x1, _x2 in [(7.0, 2.0), (-7.0, 2.0), (7.0, -2.0), (-7.0, -2.0), (4.0, 2.0), (-4.0, 2.0), (4.0, -2.0),
                 (0.5, 3.75), (-0.5, 3.75)]:
    binary("remainder", [_x1], [_x2], math.copysign(0.0, _x2) if _x1 % _x2 == 0 else _x1 % _x2)  # Python's %

# round: complex parts independently
_round_parts = [(1.0, 1.0), (-2.0, -2.0), (INF, INF), (-INF, -INF), (0.0, 0.0), (-0.0, -0.0), (2.5, 2.0),
                (-1.5, -2.0), (NAN, NAN)]
for (_a, _ra), (_b, _rb) in itertools.product(_round_parts, repeat=2):
    cunary("round", [_a], [_b], _ra, _rb)

# sign
unary("sign", LT0, -1.0)
unary("sign", ZEROS, ANY_ZERO)
unary("sign", GT0, 1.0)
unary("sign", N, NAN)
cunary("sign", ZEROS, ZEROS, ANY_ZERO, ANY_ZERO)
cunary("sign", N, ANY, NAN, NAN)
cunary("sign", ANY, N, NAN, NAN)

# signbit
unary("signbit", PZ + GT0 + [NAN], False)
unary("signbit", NZ + LT0 + [NEG_NAN], True)

# sin, tan (real; complex derived from sinh and tanh)
for _name in ("sin", "tan"):
    unary(_name, N, NAN)
    unary(_name, PZ, 0.0)
    unary(_name, NZ, -0.0)
    unary(_name, INFS, NAN)

# sinh
unary("sinh", N, NAN)
unary("sinh", PZ, 0.0)
unary("sinh", NZ, -0.0)
unary("sinh", PINF, INF)
unary("sinh", NINF, -INF)
cunary("sinh", PZ, PZ, 0.0, 0.0)
cunary("sinh", PZ, PINF, ANY_ZERO, NAN)
cunary("sinh", PZ, N, ANY_ZERO, NAN)
cunary("sinh", POS, PINF, NAN, NAN)
cunary("sinh", POS, N, NAN, NAN)
cunary("sinh", PINF, PZ, INF, 0.0)
cunary("sinh", PINF, POS, lambda a, b: cis_sign(INF, b)[0], lambda a, b: cis_sign(INF, b)[1])
cunary("sinh", PINF, PINF, ANY_INF, NAN)
cunary("sinh", PINF, N, ANY_INF, NAN)
cunary("sinh", N, PZ, NAN, 0.0)
cunary("sinh", N, NONZERO, NAN, NAN)
cunary("sinh", N, N, NAN, NAN)

# sqrt
unary("sqrt", N, NAN)
unary("sqrt", LT0, NAN)
unary("sqrt", PZ, 0.0)
unary("sqrt", NZ, -0.0)
unary("sqrt", PINF, INF)
cunary("sqrt", ZEROS, PZ, 0.0, 0.0)
cunary("sqrt", ANY, PINF, INF, INF)
cunary("sqrt", FINITE, N, NAN, NAN)
cunary("sqrt", NINF, POS, 0.0, INF)
cunary("sqrt", PINF, POS, INF, 0.0)
cunary("sqrt", NINF, N, NAN, ANY_INF)
cunary("sqrt", PINF, N, INF, NAN)
cunary("sqrt", N, [v for v in ANY if not math.isinf(v)], NAN, NAN)

# square: as if x * x
unary("square", N, NAN)
unary("square", INFS, INF)
unary("square", ZEROS, 0.0)
unary("square", NONZERO, POSITIVE)
cunary("square", N, N, NAN, NAN)

# tanh
unary("tanh", N, NAN)
unary("tanh", PZ, 0.0)
unary("tanh", NZ, -0.0)
unary("tanh", PINF, 1.0)
unary("tanh", NINF, -1.0)
cunary("tanh", PZ, PZ, 0.0, 0.0)
cunary("tanh", NONZERO, PINF, NAN, NAN)
cunary("tanh", PZ, PINF, 0.0, NAN)
cunary("tanh", NONZERO, N, NAN, NAN)
cunary("tanh", PZ, N, 0.0, NAN)
cunary("tanh", PINF, POS, 1.0, 0.0)
cunary("tanh", PINF, PINF, 1.0, ANY_ZERO)
cunary("tanh", PINF, N, 1.0, ANY_ZERO)
cunary("tanh", N, PZ, NAN, 0.0)
cunary("tanh", N, NONZERO + INFS, NAN, NAN)
cunary("tanh", N, N, NAN, NAN)

# integer behaviour
_SIGNED = [-128, -100, -7, -1, 0, 1, 7, 100, 127]
for _name in ("ceil", "floor", "round", "trunc", "positive"):
    rule(_name, "I", [_SIGNED], lambda x: x)
rule("sign", "I", [_SIGNED], lambda x: (x > 0) - (x < 0))
rule("abs", "I", [_SIGNED[1:]], lambda x: abs(x))
rule("floor_divide", "I", [[-7, -6, -1, 0, 1, 6, 7, 100], [-3, -2, -1, 1, 2, 3]], lambda x1, x2: x1 // x2)
rule("remainder", "I", [[-7, -6, -1, 0, 1, 6, 7, 100], [-3, -2, -1, 1, 2, 3]], lambda x1, x2: x1 % x2)
rule("bitwise_right_shift", "I", [[-128, -7, -1, 0, 1, 7, 127], [0, 1, 2, 3, 6]], lambda x1, x2: x1 >> x2)


# ---- derived rules ------------------------------------------------------------------------------------

def _negate_spec(spec):
    if spec is None or spec is ANY_ZERO or spec is ANY_INF or isinstance(spec, bool):
        return spec
    if isinstance(spec, Approx):
        return Approx(-spec.value)
    if isinstance(spec, OneOf):
        return OneOf(*map(_negate_spec, spec.options))
    if isinstance(spec, Kind):
        return {POSITIVE: NEGATIVE, NEGATIVE: POSITIVE, NAN_PLUS: NAN_MINUS, NAN_MINUS: NAN_PLUS}[spec]
    if callable(spec):
        return lambda *args: _negate_spec(spec(*args))
    return -spec


def _scale_spec(spec, factor):
    """spec divided by a positive real (log(z) / log(2)): approximations scale, the rest stay."""
    if isinstance(spec, Approx):
        return Approx(spec.value / factor)
    if isinstance(spec, OneOf):
        return OneOf(*(_scale_spec(s, factor) for s in spec.options))
    return spec


def _negate_samples(samples):
    return [-v for v in samples]


def _complex_rules(name):
    return [r for r in RULES if r[0] == name and r[1] == "C"]


def _derive():
    derived = []
    # conj symmetry: f(conj(z)) = conj(f(z)), written for the upper half-plane
    for name in ("acos", "acosh", "asinh", "atanh", "cosh", "exp", "expm1", "log", "log1p", "sinh", "sqrt", "tanh"):
        for _, _, [(a, b)], (re, im) in _complex_rules(name):
            derived.append((name, "C", [(a, _negate_samples(b))], (
                _bind(re, conj=True), _negate_spec(_bind(im, conj=True)))))
    RULES.extend(derived)
    derived = []
    # odd and even functions: asinh(-z) = -asinh(z), atanh(-z) = -atanh(z), sinh, tanh odd, cosh even
    for name, odd in (("asinh", True), ("atanh", True), ("sinh", True), ("tanh", True), ("cosh", False)):
        for _, _, [(a, b)], (re, im) in _complex_rules(name):
            re2, im2 = _bind(re, negate=True), _bind(im, negate=True)
            derived.append((name, "C", [(_negate_samples(a), _negate_samples(b))],
                            (_negate_spec(re2), _negate_spec(im2)) if odd else (re2, im2)))
    RULES.extend(derived)
    # "as if implemented as": asin(z) = -1j * asinh(z*1j), atan = -1j * atanh(z*1j), sin = -1j * sinh(z*1j),
    # tan = -1j * tanh(z*1j), cos(z) = cosh(z*1j). With z*1j = a + bj, z = b - aj; -1j * (r + sj) = s - rj.
    for name, base, rotate in (("asin", "asinh", True), ("atan", "atanh", True), ("sin", "sinh", True),
                               ("tan", "tanh", True), ("cos", "cosh", False)):
        for _, _, [(a, b)], (re, im) in _complex_rules(base):
            re2, im2 = _bind(re, rotate=True), _bind(im, rotate=True)
            RULES.append((name, "C", [(b, _negate_samples(a))], (im2, _negate_spec(re2)) if rotate else (re2, im2)))
    for name, factor in (("log2", math.log(2)), ("log10", math.log(10))):
        for _, _, operands, (re, im) in _complex_rules("log"):
            RULES.append((name, "C", operands, (_scale_spec(re, factor), _scale_spec(im, factor))))
    # subtract: x1 - x2 is x1 + (-x2)
    for _, kind, operands, expected in [r for r in RULES if r[0] == "add" and r[1] == "R"]:
        RULES.append(("subtract", kind, [operands[0], _negate_samples(operands[1])],
                      (lambda e: lambda x1, x2: e(x1, -x2))(expected) if callable(expected) else expected))


def _bind(spec, conj=False, negate=False, rotate=False):
    """A rule's spec for a transformed input: callables of (a, b) see the original inputs."""
    if not callable(spec) or isinstance(spec, (Approx, OneOf, Kind)):
        return spec
    if conj:
        return lambda a, b: spec(a, -b)
    if negate:
        return lambda a, b: spec(-a, -b)
    if rotate:  # the input was z = b' - a'j for the base's (a', b') = (-imag(z), real(z))
        return lambda a, b: spec(-b, a)
    return spec


_derive()


# ---- cases per function and dtype ---------------------------------------------------------------------

def _resolve(spec, inputs):
    if callable(spec) and not isinstance(spec, (Approx, OneOf, Kind)):
        return spec(*inputs)
    return spec


def _rounded(v, dtype):
    """v as the dtype holds it (float32 inputs are rounded before the expected result is worked out)."""
    real = np.float32 if np.dtype(dtype) in (np.float32, np.complex64) else np.float64
    return float(real(v)) if isinstance(v, float) else v


def cases(name, dtype):
    """[(inputs tuple, expected spec)] of the rules of ``name`` for ``dtype`` (its kind R, C or I)."""
    kind = KIND[np.dtype(dtype).kind]
    out = []
    for rule_name, rule_kind, operands, expected in RULES:
        if rule_name != name or rule_kind != kind:
            continue
        if kind == "C":
            for parts in itertools.product(*(itertools.product(a, b) for a, b in operands)):
                parts = [tuple(_rounded(v, dtype) for v in part) for part in parts]
                inputs = tuple(complex(a, b) for a, b in parts)
                if isinstance(expected, tuple):
                    flat = [v for part in parts for v in part]
                    re, im = (_resolve(e, flat) for e in expected)
                    want = re if im is None else (re, im)
                else:
                    want = _resolve(expected, inputs)
                out.append((inputs, want))
        else:
            for inputs in itertools.product(*operands):
                inputs = tuple(_rounded(v, dtype) for v in inputs)
                out.append((inputs, _resolve(expected, inputs)))
    return out


UNARY, BINARY = gg._core.elementwise_names()
REAL_DTYPES = [gg.float32, gg.float64]
COMPLEX_DTYPES = [gg.complex64, gg.complex128]
INT_DTYPES = [gg.int8, gg.int16, gg.int32, gg.int64]
KIND = {"f": "R", "c": "C", "i": "I"}

# Cases the kernels cannot meet: {(name, dtype name): {case index: reason}}. Empty when all pass.
XFAIL = {}


def _arity(name):
    return 1 if name in UNARY else 2


def _params():
    params = []
    for name in sorted(set(UNARY) | set(BINARY)):
        for dtype in REAL_DTYPES + COMPLEX_DTYPES + INT_DTYPES:
            if cases(name, dtype):
                params.append(pytest.param(name, dtype, id=f"{name}-{np.dtype(dtype).name}"))
    return params


LAYOUTS = [gg.Block(), gg.Cyclic(), gg.BlockCyclic(2)]


def _inputs(name, dtype, case_list):
    """One NumPy array per operand (in dtype; integer rules are skipped for dtypes they do not fit)."""
    arity = _arity(name)
    columns = []
    for k in range(arity):
        values = [c[0][k] for c in case_list]
        columns.append(np.array(values, dtype=dtype))
    return columns


def _fits(dtype, case):
    if np.dtype(dtype).kind != "i":
        return True
    info = np.iinfo(dtype)
    return all(info.min <= int(v) <= info.max for v in case[0])


def _eps(dtype):
    real = np.float32 if np.dtype(dtype) in (np.float32, np.complex64) else np.float64
    return float(np.finfo(real).eps)


def _check(result, case_list, dtype):
    """Indexes of the cases whose result in the gathered array ``result`` is wrong."""
    eps = _eps(dtype)
    bad = []
    for i, (inputs, want) in enumerate(case_list):
        if want is IGNORED:
            continue
        value = result[i]
        if np.dtype(dtype).kind == "i" and not isinstance(want, (bool, np.bool_)):
            ok = int(value) == int(want)
        else:
            ok = matches_result(want, value, eps)
        if not ok:
            bad.append(i)
    return bad


def _describe(name, case_list, result, bad):
    lines = [f"{name}{tuple(case_list[i][0])} = {result[i]!r}, expected {case_list[i][1]!r}" for i in bad[:25]]
    return "\n".join(lines) + (f"\n... {len(bad)} wrong in all" if len(bad) > 25 else "")


def _shard_ok(y, case_list, dtype):
    """Local: this rank's shard holds the right results for the cases it owns."""
    if y.device.coords is None:
        return True
    (owned,) = y.distribution.owned_indices()
    local = np.asarray(y.local)
    sub = [case_list[int(i)] for i in owned]
    return not _check(local, sub, dtype)


def _run(name, dtype, case_list, function, layout_index):
    """Collective: ``function`` applied to the cases' inputs in distributed arrays; returns (gathered result,
    indexes of wrong cases), checked shard by shard and as a whole on every rank."""
    n = len(case_list)
    arrays = []
    for k, column in enumerate(_inputs(name, dtype, case_list)):
        spec = LAYOUTS[(layout_index + k) % len(LAYOUTS)]
        arrays.append(gg.asarray(column, distribution=gg.Distribution((n,), (spec,))))
    y = function(*arrays)
    shard_ok = all_ranks(_shard_ok(y, case_list, dtype))
    whole = np.asarray(y)
    bad = _check(whole, case_list, dtype)
    return whole, bad, shard_ok


IGNORED = object()  # the result of a filler element: not checked


def _padded(name, dtype, case_list):
    """The cases with 0-4 ordinary elements after each, so that special values share SIMD vectors with
    ordinary ones, in every lane position."""
    filler = {"f": (0.25, 0.75), "c": (complex(0.25, 0.5), complex(0.75, -0.5)), "i": (3, 2)}[np.dtype(dtype).kind]
    out = []
    for i, case in enumerate(case_list):
        out.append(case)
        out.extend([(filler[:_arity(name)], IGNORED)] * (i % 5))
    return out


def _selected(name, dtype, xfail_index=None):
    all_cases = [c for c in cases(name, dtype) if _fits(dtype, c)]
    skip = XFAIL.get((name, np.dtype(dtype).name), {})
    if xfail_index is None:
        return [c for i, c in enumerate(all_cases) if i not in skip]
    return [all_cases[xfail_index]]


@pytest.mark.parametrize("name,dtype", _params())
def test_special_cases(name, dtype):
    case_list = _selected(name, dtype)
    function = getattr(gg, name)
    for layout_index, padded in [(0, False), (1, False), (2, False), (0, True)]:
        selection = _padded(name, dtype, case_list) if padded else case_list
        whole, bad, shard_ok = _run(name, dtype, selection, function, layout_index)
        assert all_ranks(not bad), _describe(name, selection, whole, bad)
        assert shard_ok, f"{name}: a shard differs from its part of the gathered result"


def _xfail_params():
    params = []
    for (name, dtype_name), failing in sorted(XFAIL.items()):
        for index, reason in sorted(failing.items()):
            params.append(pytest.param(name, getattr(gg, dtype_name), index, id=f"{name}-{dtype_name}-{index}",
                                       marks=pytest.mark.xfail(strict=True, reason=reason)))
    return params


if XFAIL:  # each case the kernels cannot meet, as a strict xfail of its own
    @pytest.mark.parametrize("name,dtype,index", _xfail_params())
    def test_known_failures(name, dtype, index):
        case_list = _selected(name, dtype, index)
        whole, bad, _ = _run(name, dtype, case_list, getattr(gg, name), 0)
        assert all_ranks(not bad), _describe(name, case_list, whole, bad)


# ---- operators --------------------------------------------------------------------------------------

BINARY_OPERATORS = {"add": operator.add, "subtract": operator.sub, "multiply": operator.mul,
                    "divide": operator.truediv, "floor_divide": operator.floordiv, "remainder": operator.mod,
                    "pow": operator.pow, "equal": operator.eq, "not_equal": operator.ne}
UNARY_OPERATORS = {"negative": operator.neg, "positive": operator.pos, "abs": abs}


def _operator_params():
    params = []
    for name in list(BINARY_OPERATORS) + list(UNARY_OPERATORS):
        for dtype in REAL_DTYPES + COMPLEX_DTYPES + INT_DTYPES[-1:]:
            if _selected(name, dtype):
                params.append(pytest.param(name, dtype, id=f"{name}-{np.dtype(dtype).name}"))
    return params


@pytest.mark.parametrize("name,dtype", _operator_params())
def test_operators_follow_the_special_cases(name, dtype):
    case_list = _selected(name, dtype)
    function = BINARY_OPERATORS.get(name) or UNARY_OPERATORS[name]
    whole, bad, shard_ok = _run(name, dtype, case_list, function, 1)
    assert all_ranks(not bad), _describe(name, case_list, whole, bad)
    assert shard_ok


def _scalar_key(v):
    return float(v).hex() if v == v else f"nan{math.copysign(1, v)}"  # NaNs apart by their sign bit


@pytest.mark.parametrize("scalar_side", [1, 0], ids=["array-op-scalar", "scalar-op-array"])
@pytest.mark.parametrize("name", ["add", "subtract", "multiply", "divide", "floor_divide", "remainder", "pow",
                                  "atan2", "copysign", "hypot", "logaddexp", "nextafter"])
def test_python_scalar_operands_follow_the_special_cases(name, scalar_side):
    """x1 op scalar and scalar op x2: the cases grouped by the value of one operand, which is then given as a
    Python float (through the function, and through the operator where there is one)."""
    dtype = gg.float64
    by_scalar = {}
    for inputs, want in _selected(name, dtype):
        by_scalar.setdefault(_scalar_key(inputs[scalar_side]), []).append((inputs, want))
    functions = [getattr(gg, name)] + ([BINARY_OPERATORS[name]] if name in BINARY_OPERATORS else [])
    failures = []
    for key in sorted(by_scalar):
        group = by_scalar[key]
        scalar = group[0][0][scalar_side]
        array = gg.asarray(np.array([c[0][1 - scalar_side] for c in group], dtype=dtype),
                           distribution=gg.Distribution((len(group),), (gg.Cyclic(),)))
        for function in functions:
            whole = np.asarray(function(array, scalar) if scalar_side else function(scalar, array))
            bad = _check(whole, group, dtype)
            if bad:
                failures.append(_describe(name, group, whole, bad))
    assert all_ranks(not failures), "\n".join(failures)


@pytest.mark.parametrize("dtype", REAL_DTYPES, ids=str)
def test_clip_special_cases(dtype):
    """clip: if x_i, min_i or max_i is NaN, the result is NaN (bounds as arrays in other layouts, and as
    Python floats)."""
    x = [NAN, NAN, 0.5, 0.5, 2.0, -2.0, 0.5, NAN, INF, -INF]
    low = [0.0, NAN, NAN, 0.0, NAN, 0.0, NAN, 0.0, 0.0, 0.0]
    high = [1.0, 1.0, 1.0, NAN, 1.0, NAN, NAN, NAN, 1.0, 1.0]
    want = [NAN] * 8 + [1.0, 0.0]
    n = len(x)
    arrays = [gg.asarray(np.array(v, dtype=dtype), distribution=gg.Distribution((n,), (spec,)))
              for v, spec in zip((x, low, high), LAYOUTS)]
    whole = np.asarray(gg.clip(*arrays))
    bad = _check(whole, [((a, b, c), w) for a, b, c, w in zip(x, low, high, want)], dtype)
    assert all_ranks(not bad), f"clip gave {whole}, expected {want}"
    for bounds in [(NAN, None), (None, NAN), (NAN, 1.0), (0.0, NAN)]:
        whole = np.asarray(gg.clip(arrays[0], *bounds))
        assert all_ranks(np.isnan(whole).all()), f"clip(x, {bounds}) gave {whole}"


@pytest.mark.parametrize("dtype", REAL_DTYPES, ids=str)
def test_floor_divide_takes_the_standards_choice_with_infinities(dtype):
    """Where the standard allows Python's results (NaN, -1), gingham gives the preferred floor(x1 / x2)."""
    x1 = np.array([INF, INF, -INF, -INF, 2.5, 2.5, -2.5, -2.5], dtype=dtype)
    x2 = np.array([2.5, -2.5, 2.5, -2.5, INF, -INF, INF, -INF], dtype=dtype)
    want = [INF, -INF, -INF, INF, 0.0, -0.0, -0.0, 0.0]
    y = gg.asarray(x1, distribution=gg.Distribution((8,), (gg.Cyclic(),))) // \
        gg.asarray(x2, distribution=gg.Distribution((8,), (gg.Block(),)))
    whole = np.asarray(y)
    bad = _check(whole, [((a, b), w) for a, b, w in zip(x1, x2, want)], dtype)
    assert all_ranks(not bad), f"{x1} // {x2} gave {whole}, expected {want}"


def test_the_rules_cover_every_function_with_special_cases():
    """Every function whose docstring has special cases has rules here, for each kind it lists them for."""
    with_rules = {(r[0], r[1]) for r in RULES}
    for name in ["abs", "acos", "acosh", "add", "asin", "asinh", "atan", "atan2", "atanh", "ceil", "copysign",
                 "cos", "cosh", "divide", "equal", "exp", "expm1", "floor", "floor_divide", "hypot", "isfinite",
                 "isinf", "isnan", "log", "log1p", "log2", "log10", "logaddexp", "maximum", "minimum", "multiply",
                 "nextafter", "not_equal", "pow", "reciprocal", "remainder", "round", "sign", "signbit", "sin",
                 "sinh", "sqrt", "square", "subtract", "tan", "tanh", "trunc"]:
        assert (name, "R") in with_rules, name
    for name in ["abs", "acos", "acosh", "asin", "asinh", "atan", "atanh", "cos", "cosh", "divide", "equal", "exp",
                 "expm1", "isfinite", "isinf", "isnan", "log", "log1p", "log2", "log10", "multiply", "not_equal",
                 "round", "sign", "sin", "sinh", "sqrt", "square", "tan", "tanh"]:
        assert (name, "C") in with_rules, name
    assert COMM.allreduce(len(RULES)) == COMM.size * len(RULES)  # every rank built the same table
