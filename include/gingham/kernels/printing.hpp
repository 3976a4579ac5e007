#pragma once
/// \file
/// Printing arrays as NumPy does, from C++ and Python alike. printed_values is the one summarizing
/// algorithm: it reads what NumPy prints of an array (the whole array up to `threshold` elements, else
/// only the `edgeitems`-wide corners of each long axis, one request-and-response exchange whatever the
/// size) and Python's repr/str format its result with np.array2string. format_values is NumPy's
/// array2string for C++ (default print options: precision 8, 'maxprec' floats, linewidth 75), and
/// `std::cout << x` prints `gingham.Array([...], dtype=..., distribution=...)` as Python's repr does.

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "gingham/array/array.hpp"
#include "gingham/array/dist_array.hpp"

namespace gingham {

/// NumPy's print options that printing uses (np.get_printoptions() defaults).
struct PrintOptions {
  std::int64_t threshold = 1000;  ///< more elements than this: summarized
  std::int64_t edgeitems = 3;     ///< items kept at each end of a summarized axis
  int precision = 8;              ///< at most this many fraction digits of floating values
  int linewidth = 75;             ///< characters per line before wrapping
};

/// What NumPy prints of an array: its values, row-major, of `shape`. When `summarized`, each axis
/// longer than 2 * edgeitems holds its first edgeitems indices, one stand-in (zero, never printed) and
/// its last edgeitems indices, so NumPy's array2string, told to summarize, prints exactly the summary of
/// the whole array.
struct PrintedValues {
  DType dtype;
  std::vector<std::int64_t> shape;
  std::vector<std::byte> data;
  bool summarized = false;
};

/// Local (no message) for a 0-D or replicated array on a grid of the whole communicator, so that one rank
/// alone may print it; otherwise collective over x.grid().comm() (every rank gets the same values): a
/// gather of at most `threshold` elements, or one read_elements exchange of the corners (prod over axes
/// of min(n, 2 * edgeitems) + 1 elements), each a checked entry point.
PrintedValues printed_values(const Array& x, std::int64_t threshold, std::int64_t edgeitems);

/// Local. np.array2string(values, separator=separator, prefix=prefix) under `options` (summarizing
/// when values.summarized): brackets, line wrapping, and NumPy's formats of bools, integers, floating
/// values (shortest digits up to `precision`, positional or scientific by NumPy's rule) and complex values.
std::string format_values(const PrintedValues& values, const std::string& separator, const std::string& prefix,
                          const PrintOptions& options = {});

/// Local or collective over x.grid().comm() as printed_values. Python's repr(x):
/// `gingham.Array([0., 1., 2.], dtype=float64, distribution=gingham.Distribution(...))`.
std::string array_repr(const Array& x, const PrintOptions& options = {});

/// Local or collective over x.grid().comm() as printed_values (call it on every rank unless x is 0-D or
/// replicated); writes array_repr(x).
std::ostream& operator<<(std::ostream& out, const Array& x);

/// Local or collective over x.grid().comm() as printed_values; writes array_repr(x.array()).
template <class T>
std::ostream& operator<<(std::ostream& out, const DistArray<T>& x) {
  return out << x.array();
}

}  // namespace gingham
