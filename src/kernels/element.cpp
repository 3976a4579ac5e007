#include "gingham/kernels/element.hpp"

#include <mpi.h>

#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "gingham/array/call_arguments.hpp"
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
      throw std::out_of_range(std::string(function) + ": index " + format_index(global_index) +
                              " is out of bounds for an array of shape " + format_shape(shape) + " (axis " +
                              std::to_string(k) + ")");
    }
  }
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
  check_index(x, global_index, "read_element");
  const int owner = element_owner(x, global_index);
  const std::size_t item = item_size(x.dtype());
  if (x.grid().contains_this_rank() && x.grid().grid_comm().rank() == owner) {
    const RawView shard = x.local();
    const std::vector<std::int64_t> local = x.distribution().to_local(global_index);
    std::int64_t offset = 0;
    for (std::size_t k = 0; k < local.size(); ++k) offset += local[k] * shard.strides[k];
    std::memcpy(value, shard.data + offset * static_cast<std::int64_t>(item), item);
  }
  GINGHAM_MPI(MPI_Bcast(value, static_cast<int>(item), MPI_BYTE, owner, x.grid().comm().get()));
}

}  // namespace gingham
