"""gingham.fft: the Array API's fft extension on distributed arrays (FFTW3 for the local transforms, the
redistribution engine between them). The C++ side is gingham/fft/fft.hpp, with the same functions.

Every function here is collective over x's grid (``x.device``): every rank calls it, in the same order,
with the same global arguments, and bad arguments raise on every rank alike (TypeError for a dtype the
function does not take, ValueError for n < 1, empty or repeated axes, s and axes of different lengths, a
bad norm, IndexError for an axis out of range).

How a distributed transform runs: the array moves to a slab layout on a 1-D grid over its ranks (its own
grid when that is 1-D) in which every transformed axis is whole on each rank and one other axis is Block
over the ranks; FFTW transforms the whole axes in one batched call per rank; when every axis is
transformed, a second move spreads another axis and the remaining one is transformed. Cropping and zero
padding (``n``, ``s``) happen in the local copy that feeds FFTW. Nothing is gathered. The result has x's
layout (its extents resized to the output's) unless ``keep_layout=False`` (a gingham keyword): then it
stays in the last slab layout, saving one redistribution of about the result's bytes per rank, as
FFTW-MPI's transposed output does.

Cost: one redistribution in (none on the fast path: x Block along a non-transformed axis, or along its
first axis, on a 1-D grid), one between the phases when every axis is transformed, one out (none with
keep_layout=False); peak extra memory about two result shards per rank. FFTW plans (FFTW_MEASURE by default,
see set_planner) and the
engine's plans are cached per shape, dtype and layout. 1-D arrays spread over several ranks take the
four-step algorithm (a transform of the (n1, n2) reshape along both axes, twiddle factors, a transpose), and
prime lengths Bluestein's algorithm on top of it.

Dtypes: fft, ifft, fftn, ifftn, irfft, irfftn and hfft take floating arrays (real ones are converted to the
complex dtype of their precision); rfft, rfftn and ihfft take real floating arrays. Results keep the
precision: complex64/float32 from single precision input, complex128/float64 from double.
"""

import numbers

from . import _core
from ._array import Array, require_array
from ._creation import _layout
from ._dtypes import float64, resolve
from ._validation import integer_argument

__all__ = ["fft", "ifft", "fftn", "ifftn", "rfft", "irfft", "rfftn", "irfftn", "hfft", "ihfft", "fftfreq",
           "rfftfreq", "fftshift", "ifftshift", "set_planner"]

def _norm(norm, function):
    """norm as a str (the C++ core raises ValueError for one that is not a norm's name)."""
    if not isinstance(norm, str):
        raise TypeError(f"{function}: expected norm 'backward', 'ortho' or 'forward', got {norm!r}")
    return norm


def _length(n, function):
    return None if n is None else integer_argument(n, "n", function)


def _sequence(values, name, function):
    """None, or a sequence of ints (an int alone is taken as a sequence of one) as a list."""
    if values is None:
        return None
    items = (values,) if isinstance(values, numbers.Integral) and not isinstance(values, bool) else values
    try:
        return [integer_argument(v, name, function) for v in items]
    except TypeError as error:
        if isinstance(items, (str, bytes)) or not hasattr(items, "__iter__"):
            raise TypeError(f"{function}: expected {name} to be a sequence of ints, got {values!r}") from error
        raise


def _one_axis(core_function, function, x, n, axis, norm, keep_layout):
    require_array(x, function)
    impl = core_function(x._impl, _length(n, function), integer_argument(axis, "axis", function),
                         _norm(norm, function), bool(keep_layout))
    return Array._new(impl)


def _many_axes(core_function, function, x, s, axes, norm, keep_layout):
    require_array(x, function)
    impl = core_function(x._impl, _sequence(s, "s", function), _sequence(axes, "axes", function),
                         _norm(norm, function), bool(keep_layout))
    return Array._new(impl)


def fft(x, /, *, n=None, axis=-1, norm="backward", keep_layout=True):
    """Collective over x.device. The one-dimensional discrete Fourier transform along ``axis``, of ``n``
    points (x cropped or zero-padded to n; default its extent). Floating x; a complex result of x's
    precision. norm: "backward" (no scaling), "ortho" (1/sqrt(n)) or "forward" (1/n)."""
    return _one_axis(_core.fft_fft, "fft", x, n, axis, norm, keep_layout)


def ifft(x, /, *, n=None, axis=-1, norm="backward", keep_layout=True):
    """Collective over x.device. The one-dimensional inverse discrete Fourier transform along ``axis``
    (norm "backward" scales by 1/n)."""
    return _one_axis(_core.fft_ifft, "ifft", x, n, axis, norm, keep_layout)


def fftn(x, /, *, s=None, axes=None, norm="backward", keep_layout=True):
    """Collective over x.device. The n-dimensional discrete Fourier transform over ``axes`` (default all, or
    the last len(s) axes), of s[i] points along axes[i] (-1: the input's extent)."""
    return _many_axes(_core.fft_fftn, "fftn", x, s, axes, norm, keep_layout)


def ifftn(x, /, *, s=None, axes=None, norm="backward", keep_layout=True):
    """Collective over x.device. The n-dimensional inverse discrete Fourier transform (see fftn)."""
    return _many_axes(_core.fft_ifftn, "ifftn", x, s, axes, norm, keep_layout)


def rfft(x, /, *, n=None, axis=-1, norm="backward", keep_layout=True):
    """Collective over x.device. The transform of real x (float32/float64) along ``axis``: the n // 2 + 1
    non-negative frequencies, transformed locally by FFTW's real-to-complex plans."""
    return _one_axis(_core.fft_rfft, "rfft", x, n, axis, norm, keep_layout)


def irfft(x, /, *, n=None, axis=-1, norm="backward", keep_layout=True):
    """Collective over x.device. The inverse of rfft: a real result of n points along ``axis`` (default
    2 (m - 1) for an input extent m; the input cropped or zero-padded to n // 2 + 1)."""
    return _one_axis(_core.fft_irfft, "irfft", x, n, axis, norm, keep_layout)


def rfftn(x, /, *, s=None, axes=None, norm="backward", keep_layout=True):
    """Collective over x.device. The n-dimensional transform of real x: the last of ``axes`` is transformed
    first (real to complex, halved to s[-1] // 2 + 1), the others then as in fftn."""
    return _many_axes(_core.fft_rfftn, "rfftn", x, s, axes, norm, keep_layout)


def irfftn(x, /, *, s=None, axes=None, norm="backward", keep_layout=True):
    """Collective over x.device. The inverse of rfftn: a real result, the last of ``axes`` of s[-1] points
    (default 2 (m - 1)), transformed last (complex to real)."""
    return _many_axes(_core.fft_irfftn, "irfftn", x, s, axes, norm, keep_layout)


def hfft(x, /, *, n=None, axis=-1, norm="backward", keep_layout=True):
    """Collective over x.device. The transform of a signal with Hermitian symmetry given by its
    non-negative frequencies: irfft(conj(x)) with the norm's direction swapped; a real result of n points
    (default 2 (m - 1))."""
    return _one_axis(_core.fft_hfft, "hfft", x, n, axis, norm, keep_layout)


def ihfft(x, /, *, n=None, axis=-1, norm="backward", keep_layout=True):
    """Collective over x.device. The inverse of hfft for real x: conj(rfft(x)) with the norm's direction
    swapped; n // 2 + 1 complex values."""
    return _one_axis(_core.fft_ihfft, "ihfft", x, n, axis, norm, keep_layout)


def _frequencies(core_function, function, n, extent, d, dtype, device, distribution):
    n = integer_argument(n, "n", function)
    if isinstance(d, bool) or not isinstance(d, numbers.Real):
        raise TypeError(f"{function}: expected d to be a real number, got {d!r}")
    dtype = resolve(float64 if dtype is None else dtype, function)
    layout = _layout((max(extent(n), 0),), device, distribution, function)
    return Array._new(core_function(n, float(d), dtype, layout.grid._impl, layout._impl), layout)


def fftfreq(n, /, *, d=1.0, dtype=None, device=None, distribution=None):
    """Collective over the device's communicator. The sample frequencies of a transform of n points,
    [0, 1, ..., ceil(n/2) - 1, -floor(n/2), ..., -1] / (d n), in ``dtype`` (a real floating dtype, default
    float64), laid out as ``distribution`` (default: the default layout on ``device``). Each rank computes
    its own elements: no data moves."""
    return _frequencies(_core.fft_fftfreq, "fftfreq", n, lambda n: n, d, dtype, device, distribution)


def rfftfreq(n, /, *, d=1.0, dtype=None, device=None, distribution=None):
    """Collective over the device's communicator. The n // 2 + 1 non-negative sample frequencies of rfft,
    [0, 1, ..., n // 2] / (d n) (see fftfreq)."""
    return _frequencies(_core.fft_rfftfreq, "rfftfreq", n, lambda n: n // 2 + 1, d, dtype, device, distribution)


def fftshift(x, /, *, axes=None):
    """Collective over x.device. x rolled by floor(n/2) along each of ``axes`` (an int or a sequence;
    default all axes), so the zero frequency is in the middle: a roll on the redistribution engine, in x's
    layout."""
    require_array(x, "fftshift")
    return Array._new(_core.fft_fftshift(x._impl, _sequence(axes, "axes", "fftshift")))


def ifftshift(x, /, *, axes=None):
    """Collective over x.device. The inverse of fftshift: x rolled by -floor(n/2) along each of ``axes``."""
    require_array(x, "ifftshift")
    return Array._new(_core.fft_ifftshift(x._impl, _sequence(axes, "axes", "ifftshift")))


def set_planner(effort):
    """Local (a gingham extension). FFTW's planner effort for local plans made from now on: "measure"
    (FFTW_MEASURE, the default, as FFTW's own: candidate plans are timed on scratch memory the first time a
    geometry is transformed, from milliseconds to seconds (2.9 s for a 256^3 complex128 fftn on 2 ranks, then
    0.15 s a call) and a scratch copy of the shard; the plan, and so the last bits of results, may differ
    between runs), "estimate" (FFTW_ESTIMATE: a heuristic plan made in microseconds, deterministic, transforms
    often 2-5x slower: 0.8 s for that fftn) or "patient" (FFTW_PATIENT). The environment variable
    GINGHAM_FFT_PLANNER sets it at start-up. Every rank should set the same effort. Plans are cached per
    geometry and effort."""
    if not isinstance(effort, str):
        raise TypeError(f"set_planner: expected 'estimate', 'measure' or 'patient', got {effort!r}")
    _core.fft_set_planner(effort)
