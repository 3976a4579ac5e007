// Exceptions: gingham's C++ types become the Python exceptions the Array API expects, and the
// collective error agreement is offered to Python code.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "gingham/core/collective_errors.hpp"
#include "gingham/core/errors.hpp"

namespace py = pybind11;

namespace gingham::python {

namespace {
// gingham.linalg.LinAlgError: a ValueError (the Array API's kind of error for a bad value) that is also a
// numpy.linalg.LinAlgError, so NumPy code's `except np.linalg.LinAlgError` catches it. Created once.
py::handle linalg_error_type() {
  static py::handle type = [] {
    py::tuple bases = py::make_tuple(py::handle(PyExc_ValueError), py::module_::import("numpy.linalg").attr("LinAlgError"));
    PyObject* created = PyErr_NewExceptionWithDoc(
        "gingham.linalg.LinAlgError",
        "A matrix a linear algebra function cannot handle (singular, not positive definite) or a "
        "computation that did not converge; raised on every rank alike.",
        bases.ptr(), nullptr);
    if (created == nullptr) throw py::error_already_set();
    return py::handle(created);  // one reference kept for the life of the process
  }();
  return type;
}
}  // namespace

void bind_errors(py::module_& module) {
  module.attr("LinAlgError") = linalg_error_type();
  // gingham::LinAlgError -> gingham.linalg.LinAlgError (before its base std::invalid_argument),
  // std::invalid_argument -> ValueError, std::out_of_range -> IndexError, std::bad_alloc -> MemoryError,
  // std::overflow_error -> OverflowError and std::runtime_error (MpiError) -> RuntimeError are pybind11's own.
  py::register_exception_translator([](std::exception_ptr thrown) {
    try {
      if (thrown) std::rethrow_exception(thrown);
    } catch (const LinAlgError& error) {
      PyErr_SetString(linalg_error_type().ptr(), error.what());
    } catch (const TypeError& error) {
      PyErr_SetString(PyExc_TypeError, error.what());
    } catch (const NotImplementedError& error) {
      PyErr_SetString(PyExc_NotImplementedError, error.what());
    } catch (const MemoryError& error) {  // with its message (bytes and purpose)
      PyErr_SetString(PyExc_MemoryError, error.what());
    } catch (const FileError& error) {
      PyObject* type = error.kind() == ErrorKind::file_not_found   ? PyExc_FileNotFoundError
                       : error.kind() == ErrorKind::permission     ? PyExc_PermissionError
                       : error.kind() == ErrorKind::is_a_directory ? PyExc_IsADirectoryError
                                                                   : PyExc_OSError;
      PyErr_SetString(type, error.what());
    }
  });

  py::enum_<ErrorKind>(module, "ErrorKind", "The category of an error; fixes the exception type raised for it.")
      .value("value", ErrorKind::value)
      .value("index", ErrorKind::index)
      .value("type", ErrorKind::type)
      .value("not_implemented", ErrorKind::not_implemented)
      .value("overflow", ErrorKind::overflow)
      .value("memory", ErrorKind::memory)
      .value("runtime", ErrorKind::runtime)
      .value("linalg", ErrorKind::linalg)
      .value("file_not_found", ErrorKind::file_not_found)
      .value("permission", ErrorKind::permission)
      .value("is_a_directory", ErrorKind::is_a_directory)
      .value("os", ErrorKind::os)
      .value("domain", ErrorKind::domain)
      .value("length", ErrorKind::length)
      .value("range", ErrorKind::range)
      .value("underflow", ErrorKind::underflow)
      .value("logic", ErrorKind::logic)
      .value("named", ErrorKind::named);
  module.attr("NAMED_ERROR_SEPARATOR") = std::string(1, NAMED_ERROR_SEPARATOR);

  module.def(
      "agree_on_error",
      [](const Comm& comm, std::optional<ErrorKind> kind, const std::string& message,
         std::optional<std::pair<std::string, std::vector<std::pair<std::string, std::string>>>> arguments) {
        std::optional<CapturedError> local;
        if (kind) local = CapturedError{*kind, message};
        // Every rank of a Python agreement passes arguments (none: an empty call), so none of them is missing.
        CallArguments call;
        if (arguments) call = CallArguments{std::move(arguments->first), std::move(arguments->second)};
        std::optional<CapturedError> agreed;
        {
          py::gil_scoped_release release;
          agreed = agree_on_error(comm, local, &call);
        }
        if (!agreed) return py::object(py::none());
        return py::object(py::make_tuple(agreed->kind, agreed->message));
      },
      py::arg("comm"), py::arg("kind"), py::arg("message"), py::arg("arguments") = py::none(),
      "Collective over comm. Each rank brings the error it saw (kind, or None) and its message, and optionally "
      "the (operation, [(name, value), ...]) arguments of its call; returns, identically on every rank, a "
      "ValueError's (kind, message) naming a differing rank when the arguments differ, else (kind, message) of "
      "the lowest failing rank, or None.");
  module.def(
      "require_same_arguments",
      [](const Comm& comm, std::string operation, std::vector<std::pair<std::string, std::string>> arguments) {
        const CallArguments call{std::move(operation), std::move(arguments)};
        py::gil_scoped_release release;
        require_same_arguments(comm, call);
      },
      py::arg("comm"), py::arg("operation"), py::arg("arguments"),
      "Collective over comm. ValueError on every rank, naming the first differing argument and a differing "
      "rank, unless every rank passes the same operation and (name, value) arguments.");
  module.def("collective_checks_enabled", &collective_checks_enabled,
             "Local. Whether the checking mode (GINGHAM_CHECK_COLLECTIVES) is on.");
  module.def("set_collective_checks", &set_collective_checks, py::arg("enabled"),
             "Local. Turns the checking mode on or off (every rank must set the same value).");
}

}  // namespace gingham::python
