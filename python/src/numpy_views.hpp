#pragma once
// Conversions between NumPy arrays and gingham's dtypes and strided views (zero copy both ways).

#include <pybind11/numpy.h>

#include "gingham/array/dtype.hpp"
#include "gingham/core/local_view.hpp"

namespace gingham::python {

/// The NumPy dtype of a gingham dtype.
pybind11::dtype numpy_dtype(DType dtype);
/// The gingham dtype of a NumPy dtype; gingham::TypeError for dtypes gingham does not have.
DType dtype_from_numpy(const pybind11::dtype& dtype);
/// A NumPy array over the memory of `view`, kept alive by `owner` (an empty array when view has no data).
pybind11::array numpy_view(const RawView& view, DType dtype, pybind11::handle owner);
/// The strided view of a NumPy array's memory (strides in elements).
RawView raw_view(const pybind11::array& array);

}  // namespace gingham::python
