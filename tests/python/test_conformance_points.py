"""Array API conformance points from the standard's text (issue 15, point 10), against NumPy."""

import ctypes

import numpy as np
import pytest
import torch

import gingham as gg


def test_unique_functions_return_named_tuples_with_the_standards_fields():
    a = np.array([3, 1, 3, 2, 1, 3])
    x = gg.asarray(a)
    assert gg.unique_all(x)._fields == ("values", "indices", "inverse_indices", "counts")
    assert gg.unique_counts(x)._fields == ("values", "counts")
    assert gg.unique_inverse(x)._fields == ("values", "inverse_indices")
    values, counts = gg.unique_counts(x)
    expected_values, expected_counts = np.unique(a, return_counts=True)
    assert np.array_equal(np.asarray(values), expected_values) and np.array_equal(np.asarray(counts), expected_counts)


@pytest.mark.parametrize("args, kwargs", [((4,), {}), ((3, 5), {}), ((4, None), {}), ((3, 5), {"k": 2}),
                                          ((5, 3), {"k": -1}), ((4,), {"dtype": gg.int32}),
                                          ((0,), {}), ((2, 3), {"k": 7})])
def test_eye_accepts_every_form_of_its_signature(args, kwargs):
    expected = np.eye(*args, **{k: v for k, v in kwargs.items()})
    x = gg.eye(*args, **kwargs, device=gg.default_grid())
    assert x.shape == expected.shape and x.dtype == expected.dtype
    assert np.array_equal(np.asarray(x), expected)


def test_eye_n_cols_is_positional_only_as_the_standard_says():
    with pytest.raises(TypeError):
        gg.eye(3, n_cols=2)


def test_broadcast_arrays_returns_a_tuple():
    result = gg.broadcast_arrays(gg.arange(3.0), gg.ones((2, 3)))
    assert isinstance(result, tuple) and len(result) == 2
    for got, expected in zip(result, np.broadcast_arrays(np.arange(3.0), np.ones((2, 3)))):
        assert np.array_equal(np.asarray(got), expected)


@pytest.mark.parametrize("complex_dtype, real_dtype", [(gg.complex64, gg.float32), (gg.complex128, gg.float64)])
def test_finfo_of_a_complex_dtype_reports_the_real_floating_dtype(complex_dtype, real_dtype):
    info, real = gg.finfo(complex_dtype), gg.finfo(real_dtype)
    assert info.dtype == real_dtype
    assert (info.bits, info.eps, info.max, info.min, info.smallest_normal) == \
        (real.bits, real.eps, real.max, real.min, real.smallest_normal)


class DLDataType(ctypes.Structure):
    _fields_ = [("code", ctypes.c_uint8), ("bits", ctypes.c_uint8), ("lanes", ctypes.c_uint16)]


class DLTensor(ctypes.Structure):  # DLPack's C struct, read from the capsule to check what gingham exports
    _fields_ = [("data", ctypes.c_void_p), ("device_type", ctypes.c_int), ("device_id", ctypes.c_int),
                ("ndim", ctypes.c_int), ("dtype", DLDataType), ("shape", ctypes.POINTER(ctypes.c_int64)),
                ("strides", ctypes.POINTER(ctypes.c_int64)), ("byte_offset", ctypes.c_uint64)]


def exported_tensor(capsule):
    get_pointer = ctypes.pythonapi.PyCapsule_GetPointer
    get_pointer.restype, get_pointer.argtypes = ctypes.c_void_p, [ctypes.py_object, ctypes.c_char_p]
    return DLTensor.from_address(get_pointer(capsule, b"dltensor"))


DLPACK_CODES = {"b": (6, 8), "i": (0, None), "u": (1, None), "f": (2, None), "c": (5, None)}


@pytest.mark.parametrize("dtype", ["bool", "int8", "uint16", "int64", "uint64", "float32", "float64", "complex64",
                                   "complex128"])
def test_dlpack_exports_every_dtype_bool_included(dtype):
    """The capsule says what DLPack says (kDLBool = 6 for bool), and gingham's importer reads it back."""
    a = (np.arange(10) % 3 == 0) if dtype == "bool" else np.arange(10).astype(dtype)
    x = gg.asarray(a)
    capsule = x.local.__dlpack__()
    tensor = exported_tensor(capsule)
    code, bits = DLPACK_CODES[np.dtype(dtype).kind]
    assert (tensor.dtype.code, tensor.dtype.bits, tensor.dtype.lanes) == (code, bits or 8 * np.dtype(dtype).itemsize, 1)
    assert tensor.ndim == 1 and tensor.shape[0] == x.local.shape[0] and tensor.device_type == 1
    back = gg._core.import_dlpack(capsule)
    assert back.dtype == np.dtype(dtype) and np.array_equal(back, np.asarray(x.local))


def test_dlpack_round_trip_of_a_bool_array_shares_memory():
    whole = gg.Distribution.replicated((8,))
    r = gg.asarray(np.zeros(8, dtype=bool), distribution=whole)
    x = gg.from_dlpack(r.local, distribution=whole)  # a bool producer (gingham's shard); replicated: zero copy
    assert x.dtype == gg.bool
    r.local[3] = True
    assert bool(x[3]) and int(gg.sum(x)) == 1
    y = gg.asarray(np.zeros(6, dtype=bool))
    if y.local.size:
        view = gg._core.import_dlpack(y.local.__dlpack__())
        view[0] = True
        assert bool(y.local[0])


def test_torch_shares_numeric_shards_through_dlpack():
    x = gg.asarray(np.arange(12.0))
    shard = torch.from_dlpack(x.local)
    assert str(shard.dtype) == "torch.float64" and np.array_equal(shard.numpy(), np.asarray(x.local))


def test_dlpack_export_of_a_read_only_view_is_refused():
    x = gg.asarray(np.arange(4.0))
    view = np.asarray(x.local).view()
    view.flags.writeable = False
    with pytest.raises(BufferError, match="read-only"):
        gg._core.export_dlpack(view)


def test_capabilities_report_what_is_supported():
    capabilities = gg.__array_namespace_info__().capabilities()
    assert capabilities["boolean indexing"] is True and capabilities["data-dependent shapes"] is True
    a = np.array([4.0, -1.0, 2.5, -3.0, 0.0])
    x = gg.asarray(a)
    assert np.array_equal(np.asarray(x[x > 0]), a[a > 0])  # boolean indexing
    assert np.array_equal(np.asarray(gg.nonzero(x)[0]), np.nonzero(a)[0])  # a data-dependent shape
