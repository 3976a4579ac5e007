#pragma once
/// \file
/// Descriptions of the array layer's arguments for the checking mode (see gingham/core/call_check.hpp,
/// whose check_call and arg every checked entry point uses): arrays, dtypes, host data and the parts of
/// keys, as text every rank gives alike when the arguments agree.

#include <string>

#include "gingham/array/array.hpp"
#include "gingham/array/dtype.hpp"
#include "gingham/core/call_check.hpp"
#include "gingham/core/local_view.hpp"
#include "gingham/distributions/basic_key.hpp"
#include "gingham/distributions/index_map.hpp"

namespace gingham {

/// Host data that every rank passes whole and alike (from_whole's `whole`): described by its dtype, shape
/// and values (up to kShownElements of them) or a 64-bit digest of its elements in row-major order.
struct HostData {
  DType dtype;
  const RawView& view;
  /// False where not every rank holds the data (a grid of some of the communicator's ranks): then only
  /// the dtype is described.
  bool compared = true;
  /// Host data of at most this many elements is shown whole in messages.
  static constexpr std::int64_t kShownElements = 16;
};

/// Local. "float64 array of shape (4, 6) laid out as <layout>".
std::string describe_argument(const Array& x);
/// Local. The dtype's Array API name.
std::string describe_argument(DType dtype);
/// Local. "int64 (3,) [0, 1, 2]" or "float64 array of shape (100,) (digest 0x...)": a pass over the data.
std::string describe_argument(const HostData& data);
/// Local. A slice as Python writes it: "1:None:2".
std::string describe_argument(const IndexMap::Slice& slice);
/// Local. "None" (a new axis).
std::string describe_argument(const NewAxis&);
/// Local. "...".
std::string describe_argument(const Ellipsis&);

}  // namespace gingham
