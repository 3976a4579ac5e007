#include "gingham/kernels/element.hpp"

#include <mpi.h>

#include <complex>
#include <cstring>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "gingham/array/call_arguments.hpp"
#include "gingham/core/collective_errors.hpp"
#include "gingham/core/format.hpp"
#include "gingham/core/mpi_check.hpp"

namespace gingham {
namespace {

std::string format_index(std::span<const std::int64_t> index) {
  std::string text = "(";
  for (std::size_t k = 0; k < index.size(); ++k) text += (k ? ", " : "") + std::to_string(index[k]);
  return text + (index.size() == 1 ? ",)" : ")");
}

void check_index(const Array& x, std::span<const std::int64_t> global_index, const char* function) {
  const std::vector<std::int64_t>& shape = x.global_shape();
  if (global_index.size() != shape.size()) {
    throw std::out_of_range(std::string(function) + ": expected an index of " + std::to_string(shape.size()) +
                            " integers for an array of shape " + format_shape(shape) + ", got " +
                            format_index(global_index));
  }
  for (std::size_t k = 0; k < shape.size(); ++k) {
    if (global_index[k] < 0 || global_index[k] >= shape[k]) {
      throw std::out_of_range(std::string(function) + ": index " + std::to_string(global_index[k]) +
                              " is out of bounds for axis " + std::to_string(k) + " with size " +
                              std::to_string(shape[k]) + " (the index " + format_index(global_index) +
                              " of an array of shape " + format_shape(shape) + ")");
    }
  }
}

/// Local. The row-major flat position of a checked global index.
std::int64_t flat_position(const Array& x, std::span<const std::int64_t> global_index) {
  std::int64_t flat = 0;
  for (std::size_t k = 0; k < global_index.size(); ++k) flat = flat * x.global_shape()[k] + global_index[k];
  return flat;
}

}  // namespace

int element_owner(const Array& x, std::span<const std::int64_t> global_index) {
  check_index(x, global_index, "element_owner");
  std::vector<int> coords = x.distribution().owner_coords(global_index);
  for (int& c : coords) c = c < 0 ? 0 : c;  // among copies, the primary one
  return x.grid().grid_rank_of(coords);
}

void read_element(const Array& x, std::span<const std::int64_t> global_index, std::byte* value) {
  const auto checked = check_call(x.grid().comm(), "read_element", arg("x", x), arg("global_index", global_index));
  const Comm& comm = x.grid().comm();
  const std::size_t item = item_size(x.dtype());
  std::string problem;  // this rank's index out of bounds
  std::int64_t flat = -1;
  int owner = -1;
  try {
    check_index(x, global_index, "read_element");
    flat = flat_position(x, global_index);
    owner = element_owner(x, global_index);
  } catch (const std::out_of_range& error) {
    problem = error.what();
  }
  // One MPI_Allreduce, bitwise or over bytes: [the owner's element (zeros elsewhere) | flat | ~flat | bad].
  // The or of every rank's flat equals this rank's flat, and the or of the complements its complement, only
  // when every rank named the same position (then its bits are a superset and a subset of every other
  // rank's): a difference shows on every rank alike, as does an index out of bounds on any rank.
  std::vector<std::byte> buffer(item + 2 * sizeof(std::int64_t) + 1, std::byte{0});
  if (owner >= 0 && x.grid().contains_this_rank() && x.grid().grid_comm().rank() == owner) {
    const RawView shard = x.local();
    const std::vector<std::int64_t> local = x.distribution().to_local(global_index);
    std::int64_t offset = 0;
    for (std::size_t k = 0; k < local.size(); ++k) offset += local[k] * shard.strides[k];
    std::memcpy(buffer.data(), shard.data + offset * static_cast<std::int64_t>(item), item);
  }
  const std::int64_t complement = ~flat;
  std::memcpy(buffer.data() + item, &flat, sizeof flat);
  std::memcpy(buffer.data() + item + sizeof flat, &complement, sizeof complement);
  buffer.back() = std::byte{problem.empty() ? std::uint8_t{0} : std::uint8_t{1}};
  GINGHAM_MPI(MPI_Allreduce(MPI_IN_PLACE, buffer.data(), static_cast<int>(buffer.size()), MPI_BYTE, MPI_BOR, comm.get()));
  std::int64_t flat_or = 0, complement_or = 0;
  std::memcpy(&flat_or, buffer.data() + item, sizeof flat_or);
  std::memcpy(&complement_or, buffer.data() + item + sizeof flat_or, sizeof complement_or);
  if (flat_or != flat || complement_or != complement || buffer.back() != std::byte{0}) {
    // Every rank is here: name the differing ranks (std::invalid_argument), else all passed this bad index.
    require_same_arguments(comm, CallArguments{"read_element", {{"global_index", describe_argument(global_index)}}});
    throw std::out_of_range(problem);
  }
  std::memcpy(value, buffer.data(), item);
}

void read_item(const Array& x, std::byte* value) {
  const auto checked = check_call(x.grid().comm(), "item", arg("x", x));
  if (x.global_size() != 1) {
    throw std::invalid_argument("gingham::item: can only convert an array of size 1 to a scalar, got size " +
                                std::to_string(x.global_size()) + " (shape " + format_shape(x.global_shape()) + ")");
  }
  const bool whole_everywhere = x.distribution().is_replicated() && x.grid().size() == x.grid().comm().size();
  if (whole_everywhere) {  // every rank holds the element: no message (as Python's 0-D fast path)
    std::memcpy(value, x.local().data, item_size(x.dtype()));
    return;
  }
  const std::vector<std::int64_t> origin(x.global_shape().size(), 0);
  read_element(x, origin, value);
}

Scalar item(const Array& x) {
  const auto checked = check_call(x.grid().comm(), "item", arg("x", x));
  return visit_dtype(x.dtype(), [&]<class T>() -> Scalar {
    T value{};
    read_item(x, reinterpret_cast<std::byte*>(&value));
    if constexpr (std::is_same_v<T, bool>) return value;
    else if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) return static_cast<std::int64_t>(value);
    else if constexpr (std::is_integral_v<T>) return static_cast<std::uint64_t>(value);
    else if constexpr (std::is_floating_point_v<T>) return static_cast<double>(value);
    else return std::complex<double>(value);
  });
}

}  // namespace gingham
