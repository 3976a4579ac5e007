// DLPack in both directions, for host memory: export of a NumPy view of a shard (gingham.Array.__dlpack__) as
// a legacy "dltensor" capsule that keeps the view alive until the consumer calls the deleter, and import of
// such a capsule (gingham.from_dlpack) as a NumPy view that calls the producer's deleter when it dies.
// gingham's own, so that all 13 dtypes cross, bool included (NumPy 1.24 and Debian's PyTorch 1.13 refuse
// bool; DLPack's kDLBool code 6 postdates the Debian 12 header, so it is defined here).
#include <dlpack/dlpack.h>

#include <cstdint>
#include <string>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include "bindings.hpp"

namespace py = pybind11;

namespace gingham::python {
namespace {

constexpr std::uint8_t dlpack_bool_code = 6;  // kDLBool (DLPack 0.8)

/// What the capsule owns: the tensor, its shape and strides, and a reference to the exported array.
struct Exported {
  DLManagedTensor managed{};
  std::vector<std::int64_t> shape, strides;
  PyObject* owner = nullptr;
};

void delete_exported(DLManagedTensor* managed) {
  auto* exported = static_cast<Exported*>(managed->manager_ctx);
  py::gil_scoped_acquire gil;
  Py_XDECREF(exported->owner);
  delete exported;
}

/// The capsule's destructor: frees the tensor unless a consumer took it (renamed the capsule "used_dltensor").
void destroy_capsule(PyObject* capsule) {
  if (!PyCapsule_IsValid(capsule, "dltensor")) return;
  auto* managed = static_cast<DLManagedTensor*>(PyCapsule_GetPointer(capsule, "dltensor"));
  if (managed && managed->deleter) managed->deleter(managed);
}

DLDataType dlpack_type(const py::dtype& dtype) {
  const char kind = dtype.kind();
  const auto bits = static_cast<std::uint8_t>(dtype.itemsize() * 8);
  switch (kind) {
    case 'b': return {dlpack_bool_code, 8, 1};
    case 'i': return {kDLInt, bits, 1};
    case 'u': return {kDLUInt, bits, 1};
    case 'f': return {kDLFloat, bits, 1};
    case 'c': return {kDLComplex, bits, 1};
    default: break;
  }
  throw py::buffer_error("__dlpack__: cannot export dtype " + py::str(static_cast<const py::handle&>(dtype)).cast<std::string>() + " through DLPack");
}

/// A legacy DLPack capsule over `array`'s memory (host memory, kDLCPU). Raises BufferError for a read-only
/// array, a non-native byte order, strides that are not whole elements, or a dtype DLPack cannot name.
py::capsule export_dlpack(const py::array& array) {
  if (!array.writeable()) throw py::buffer_error("__dlpack__: cannot export a read-only array (DLPack has no flag for it)");
  const py::dtype dtype = array.dtype();
  if (dtype.byteorder() == '>') throw py::buffer_error("__dlpack__: cannot export a non-native byte order");
  const DLDataType type = dlpack_type(dtype);
  auto* exported = new Exported;
  const auto itemsize = static_cast<std::int64_t>(dtype.itemsize());
  for (py::ssize_t axis = 0; axis < array.ndim(); ++axis) {
    exported->shape.push_back(array.shape(axis));
    const auto stride = static_cast<std::int64_t>(array.strides(axis));
    if (stride % itemsize != 0) {
      delete exported;
      throw py::buffer_error("__dlpack__: cannot export strides that are not whole elements");
    }
    exported->strides.push_back(stride / itemsize);
  }
  exported->owner = array.ptr();
  Py_INCREF(exported->owner);
  DLTensor& tensor = exported->managed.dl_tensor;
  tensor.data = const_cast<void*>(array.data());
  tensor.device = {kDLCPU, 0};
  tensor.ndim = static_cast<std::int32_t>(array.ndim());
  tensor.dtype = type;
  tensor.shape = exported->shape.data();
  tensor.strides = exported->strides.data();
  tensor.byte_offset = 0;
  exported->managed.manager_ctx = exported;
  exported->managed.deleter = delete_exported;
  return py::reinterpret_steal<py::capsule>(PyCapsule_New(&exported->managed, "dltensor", destroy_capsule));
}

/// The NumPy dtype of a DLPack element type; BufferError for one gingham has no dtype for.
py::dtype numpy_dtype_of(const DLDataType& type) {
  const char* name = nullptr;
  if (type.lanes == 1) {
    switch (type.code) {
      case dlpack_bool_code: name = type.bits == 8 ? "bool" : nullptr; break;
      case kDLInt: name = type.bits == 8 ? "int8" : type.bits == 16 ? "int16" : type.bits == 32 ? "int32"
                        : type.bits == 64 ? "int64" : nullptr; break;
      case kDLUInt: name = type.bits == 8 ? "uint8" : type.bits == 16 ? "uint16" : type.bits == 32 ? "uint32"
                         : type.bits == 64 ? "uint64" : nullptr; break;
      case kDLFloat: name = type.bits == 32 ? "float32" : type.bits == 64 ? "float64" : nullptr; break;
      case kDLComplex: name = type.bits == 64 ? "complex64" : type.bits == 128 ? "complex128" : nullptr; break;
      default: break;
    }
  }
  if (name == nullptr) {
    throw py::buffer_error("from_dlpack: no gingham dtype for DLPack type code " + std::to_string(type.code) + ", " +
                           std::to_string(type.bits) + " bits, " + std::to_string(type.lanes) + " lanes");
  }
  return py::dtype(name);
}

void release_imported(PyObject* holder) {
  auto* managed = static_cast<DLManagedTensor*>(PyCapsule_GetPointer(holder, "gingham.dlpack_import"));
  if (managed && managed->deleter) managed->deleter(managed);
}

/// A NumPy view of the memory a legacy DLPack capsule describes (host memory only). The capsule is marked
/// used; the view owns the tensor and calls its deleter when the view and its descendants are gone.
py::array import_dlpack(const py::capsule& capsule) {
  if (!PyCapsule_IsValid(capsule.ptr(), "dltensor")) {
    throw py::buffer_error("from_dlpack: expected an unused DLPack capsule named 'dltensor' (a capsule can be "
                           "consumed once)");
  }
  auto* managed = static_cast<DLManagedTensor*>(PyCapsule_GetPointer(capsule.ptr(), "dltensor"));
  const DLTensor& tensor = managed->dl_tensor;
  if (tensor.device.device_type != kDLCPU && tensor.device.device_type != kDLCUDAHost) {
    throw py::buffer_error("from_dlpack: the tensor is not in host memory (device type " +
                           std::to_string(tensor.device.device_type) + "); gingham reads host memory only");
  }
  const py::dtype dtype = numpy_dtype_of(tensor.dtype);
  std::vector<py::ssize_t> shape(tensor.shape, tensor.shape + tensor.ndim), strides(tensor.ndim);
  const auto itemsize = static_cast<py::ssize_t>(dtype.itemsize());
  py::ssize_t stride = itemsize;
  for (int axis = tensor.ndim - 1; axis >= 0; --axis) {  // no strides: compact row-major
    strides[axis] = tensor.strides ? static_cast<py::ssize_t>(tensor.strides[axis]) * itemsize : stride;
    stride *= shape[axis];
  }
  PyObject* holder = PyCapsule_New(managed, "gingham.dlpack_import", release_imported);
  if (holder == nullptr) throw py::error_already_set();
  py::capsule owner = py::reinterpret_steal<py::capsule>(holder);
  if (PyCapsule_SetName(capsule.ptr(), "used_dltensor") != 0) throw py::error_already_set();
  auto* data = static_cast<char*>(tensor.data) + tensor.byte_offset;
  return py::array(dtype, shape, strides, data, owner);
}

}  // namespace

void bind_dlpack(py::module_& module) {
  module.def("import_dlpack", &import_dlpack, py::arg("capsule"),
             "Local. A NumPy view of the host memory a legacy DLPack capsule describes (every gingham dtype, "
             "kDLBool included); the capsule is consumed and the producer's deleter runs when the view dies.");
  module.def("export_dlpack", &export_dlpack, py::arg("array"),
             "Local. A legacy DLPack capsule ('dltensor') over a NumPy array's memory (every gingham dtype, bool "
             "as kDLBool); the array stays alive until the consumer releases the tensor.");
}

}  // namespace gingham::python
