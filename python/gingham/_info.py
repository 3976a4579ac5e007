"""__array_namespace_info__: what this Array API namespace supports, its default device and dtypes."""

from ._dtypes import ALL, bool, complex64, complex128, float32, float64  # noqa: A004
from ._dtypes import int8, int16, int32, int64, uint8, uint16, uint32, uint64
from ._grid import ProcessGrid, default_grid

_KIND_MEMBERS = {
    "bool": (bool,),
    "signed integer": (int8, int16, int32, int64),
    "unsigned integer": (uint8, uint16, uint32, uint64),
    "integral": (int8, int16, int32, int64, uint8, uint16, uint32, uint64),
    "real floating": (float32, float64),
    "complex floating": (complex64, complex128),
    "numeric": tuple(d for d in ALL if d != bool),
}


def _check_device(device, function):
    if device is not None and not isinstance(device, ProcessGrid):
        raise TypeError(f"{function}: expected device=None or a gingham.ProcessGrid, got {device!r}")


class Info:
    """The namespace's inspection API (the standard's ``__array_namespace_info__()`` object)."""

    __slots__ = ()

    def capabilities(self):
        """Local. Optional features: boolean indexing (``x[mask]``, ``x[mask] = v``) and data-dependent shapes
        (``nonzero``, ``unique_*``, ``repeat`` with array repeats) are supported; any number of dimensions."""
        return {"boolean indexing": True, "data-dependent shapes": True, "max dimensions": None}

    def default_device(self):
        """Collective over MPI.COMM_WORLD the first time, then local: the 1-D grid of all ranks."""
        return default_grid()

    def devices(self):
        """Collective the first time (see default_device). The devices gingham knows of without a user's
        communicator: the default grid (any ProcessGrid the user builds is a device too)."""
        return (default_grid(),)

    def default_dtypes(self, *, device=None):
        """Local. float64, complex128, int64 (also for indexing)."""
        _check_device(device, "default_dtypes")
        return {"real floating": float64, "complex floating": complex128, "integral": int64, "indexing": int64}

    def dtypes(self, *, device=None, kind=None):
        """Local. The supported dtypes by name, all of them or those of ``kind`` (a kind name or a tuple)."""
        _check_device(device, "dtypes")
        if kind is None:
            members = ALL
        else:
            kinds = kind if isinstance(kind, tuple) else (kind,)
            for k in kinds:
                if k not in _KIND_MEMBERS:
                    raise ValueError(f"dtypes: expected a kind in {tuple(_KIND_MEMBERS)}, got {k!r}")
            members = tuple(d for d in ALL if any(d in _KIND_MEMBERS[k] for k in kinds))
        return {d.name: d for d in members}


def __array_namespace_info__():  # noqa: N807  (the standard's name)
    """Local. The namespace's inspection object."""
    return Info()
