"""np.fft.* on gingham arrays (``__array_function__``): NumPy's signatures mapped onto gingham.fft.

NumPy's rules that differ from the Array API's are followed here: norm=None means "backward"; integer and
bool arrays are transformed as float64 (the Array API functions take floating arrays only); fft2 and its
relatives are the n-dimensional functions over axes (-2, -1). The work is gingham.fft's (distributed, no
gather); ``out=`` is refused, as everywhere in gingham.
"""

import numpy as np

from . import fft as _fft
from ._data_type_functions import astype
from ._host_operands import refuse


def _floating(a):
    """a, with integer and bool arrays as float64 (as numpy.fft reads them)."""
    return astype(a, np.float64) if a.dtype.kind in "biu" else a


def _norm(norm):
    return "backward" if norm is None else norm


def _no_out(out, name):
    if out is not None:
        refuse(f"numpy.fft.{name} with out= (assign the result instead)")


def _one_axis(name):
    function = getattr(_fft, name)

    def numpy_function(a, n=None, axis=-1, norm=None, out=None):
        _no_out(out, name)
        return function(_floating(a), n=n, axis=axis, norm=_norm(norm))

    numpy_function.__name__ = numpy_function.__qualname__ = name
    numpy_function.__doc__ = f"Collective. numpy.fft.{name} by gingham.fft.{name} (see its docstring)."
    return numpy_function


def _many_axes(name, function_name, default_axes):
    function = getattr(_fft, function_name)

    def numpy_function(a, s=None, axes=default_axes, norm=None, out=None):
        _no_out(out, name)
        return function(_floating(a), s=s, axes=axes, norm=_norm(norm))

    numpy_function.__name__ = numpy_function.__qualname__ = name
    numpy_function.__doc__ = f"Collective. numpy.fft.{name} by gingham.fft.{function_name} (see its docstring)."
    return numpy_function


def _shift(name):
    function = getattr(_fft, name)

    def numpy_function(x, axes=None):
        return function(x, axes=axes)

    numpy_function.__name__ = numpy_function.__qualname__ = name
    numpy_function.__doc__ = f"Collective. numpy.fft.{name} by gingham.fft.{name} (a roll)."
    return numpy_function


# The numpy.fft functions gingham runs, by NumPy's name.
FFT = {name: _one_axis(name) for name in ("fft", "ifft", "rfft", "irfft", "hfft", "ihfft")}
FFT.update({name: _many_axes(name, name, None) for name in ("fftn", "ifftn", "rfftn", "irfftn")})
FFT.update({name + "2": _many_axes(name + "2", name + "n", (-2, -1)) for name in ("fft", "ifft", "rfft", "irfft")})
FFT.update({name: _shift(name) for name in ("fftshift", "ifftshift")})
