#include "gingham/core/process_grid.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <mutex>
#include <numeric>
#include <stdexcept>

#include "gingham/core/collective_errors.hpp"
#include "gingham/core/format.hpp"
#include "gingham/core/mpi_check.hpp"

namespace gingham {

struct ProcessGrid::Impl {
  Comm comm;
  std::vector<int> dims;
  int size = 0;
  Comm grid_comm;
  std::vector<int> coords;
  std::vector<Comm> axis_comms;
  std::vector<int> world_ranks;  // of the grid's ranks, for messages
  bool world_ranks_known = true;
  mutable std::mutex axes_comms_mutex;
  mutable std::map<std::vector<int>, Comm> axes_comms;  // keyed by the keep flags of MPI_Cart_sub
};

namespace {

/// Fills the zero extents of `dims` so that the product equals `ranks` (MPI_Dims_create).
std::vector<int> resolve_dims(std::vector<int> dims, int ranks) {
  if (dims.empty()) throw std::invalid_argument("gingham::ProcessGrid: expected at least one grid axis, got none");
  long fixed_product = 1;
  bool has_free_axis = false;
  for (int extent : dims) {
    if (extent < 0) {
      throw std::invalid_argument("gingham::ProcessGrid: grid extents must be >= 0 (0 = choose), got " +
                                  format_shape(dims));
    }
    if (extent == 0) has_free_axis = true;
    else fixed_product *= extent;
  }
  if (fixed_product > ranks) {
    throw std::invalid_argument("gingham::ProcessGrid: a grid of shape " + format_shape(dims) + " needs " +
                                std::to_string(fixed_product) + " ranks, but the communicator has " +
                                std::to_string(ranks));
  }
  if (has_free_axis) {
    if (ranks % fixed_product != 0) {
      throw std::invalid_argument("gingham::ProcessGrid: cannot fill the zero extents of " + format_shape(dims) +
                                  ": the fixed extents (product " + std::to_string(fixed_product) +
                                  ") do not divide the communicator's " + std::to_string(ranks) + " ranks");
    }
    GINGHAM_MPI(MPI_Dims_create(ranks, static_cast<int>(dims.size()), dims.data()));
  }
  return dims;
}

/// The MPI_COMM_WORLD ranks of the first `count` ranks of `comm`; the ranks in `comm` themselves, with
/// `known` false, where world does not hold them (dynamic processes).
std::vector<int> world_ranks_of(const Comm& comm, int count, bool& known) {
  std::vector<int> world = comm.ranks_in(MPI_COMM_WORLD, count);
  known = std::none_of(world.begin(), world.end(), [](int r) { return r < 0; });
  if (known) return world;
  for (int r = 0; r < count; ++r) world[r] = r;
  return world;
}

}  // namespace

ProcessGrid::ProcessGrid(const Comm& comm, std::vector<int> dims) {
  auto impl = std::make_shared<Impl>();
  impl->comm = comm;
  // Every rank must ask for the same grid (MPI_Cart_create with different extents is erroneous); then
  // each rank checks the request alike.
  require_same_arguments(comm, CallArguments{"gingham::ProcessGrid", {{"dims", format_shape(dims)}}});
  impl->dims = resolve_dims(std::move(dims), comm.size());
  impl->size = std::accumulate(impl->dims.begin(), impl->dims.end(), 1, std::multiplies<>());
  impl->world_ranks = world_ranks_of(comm, impl->size, impl->world_ranks_known);
  const int ndim = static_cast<int>(impl->dims.size());

  const std::vector<int> periodic(impl->dims.size(), 0);
  MPI_Comm cart = MPI_COMM_NULL;
  GINGHAM_MPI(MPI_Cart_create(comm.get(), ndim, impl->dims.data(), periodic.data(), /*reorder=*/0, &cart));
  impl->grid_comm = Comm::take_ownership(cart);

  if (!impl->grid_comm.is_null()) {
    impl->coords.resize(impl->dims.size());
    GINGHAM_MPI(MPI_Cart_coords(cart, impl->grid_comm.rank(), ndim, impl->coords.data()));
    for (int axis = 0; axis < ndim; ++axis) {
      std::vector<int> keep(impl->dims.size(), 0);
      keep[axis] = 1;
      MPI_Comm line = MPI_COMM_NULL;
      GINGHAM_MPI(MPI_Cart_sub(cart, keep.data(), &line));
      impl->axis_comms.push_back(Comm::take_ownership(line));
    }
  }
  impl_ = std::move(impl);
}

ProcessGrid::ProcessGrid(const Comm& comm) : ProcessGrid(comm, std::vector<int>{comm.size()}) {}

int ProcessGrid::ndim() const noexcept { return static_cast<int>(impl_->dims.size()); }

const std::vector<int>& ProcessGrid::dims() const noexcept { return impl_->dims; }

int ProcessGrid::size() const noexcept { return impl_->size; }

const Comm& ProcessGrid::comm() const noexcept { return impl_->comm; }

bool ProcessGrid::contains_this_rank() const noexcept { return !impl_->grid_comm.is_null(); }

const Comm& ProcessGrid::grid_comm() const noexcept { return impl_->grid_comm; }

const std::vector<int>& ProcessGrid::coords() const {
  if (!contains_this_rank()) {
    throw std::logic_error("gingham::ProcessGrid::coords: rank " + std::to_string(impl_->comm.rank()) +
                           " is not part of " + describe());
  }
  return impl_->coords;
}

const Comm& ProcessGrid::axis_comm(int axis) const {
  if (axis < 0 || axis >= ndim()) {
    throw std::out_of_range("gingham::ProcessGrid::axis_comm: axis " + std::to_string(axis) +
                            " is out of range for a " + std::to_string(ndim()) + "-D grid");
  }
  coords();  // throws off the grid
  return impl_->axis_comms[axis];
}

const Comm& ProcessGrid::axes_comm(std::span<const int> axes) const {
  std::vector<int> keep(impl_->dims.size(), 0);
  for (int axis : axes) {
    if (axis < 0 || axis >= ndim() || keep[axis]) {
      throw std::out_of_range("gingham::ProcessGrid::axes_comm: axis " + std::to_string(axis) +
                              " is out of range or repeated for a " + std::to_string(ndim()) + "-D grid");
    }
    keep[axis] = 1;
  }
  coords();  // throws off the grid
  std::lock_guard<std::mutex> lock(impl_->axes_comms_mutex);
  auto found = impl_->axes_comms.find(keep);
  if (found == impl_->axes_comms.end()) {
    MPI_Comm sub = MPI_COMM_NULL;
    GINGHAM_MPI(MPI_Cart_sub(impl_->grid_comm.get(), keep.data(), &sub));
    found = impl_->axes_comms.emplace(keep, Comm::take_ownership(sub)).first;
  }
  return found->second;
}

int ProcessGrid::grid_rank_of(std::span<const int> coords) const {
  if (static_cast<int>(coords.size()) != ndim()) {
    throw std::invalid_argument("gingham::ProcessGrid::grid_rank_of: expected " + std::to_string(ndim()) +
                                " coordinates, got " + std::to_string(coords.size()));
  }
  int grid_rank = 0;
  for (int axis = 0; axis < ndim(); ++axis) {
    if (coords[axis] < 0 || coords[axis] >= impl_->dims[axis]) {
      throw std::out_of_range("gingham::ProcessGrid::grid_rank_of: coordinate " + std::to_string(coords[axis]) +
                              " is out of range for grid axis " + std::to_string(axis) + " of extent " +
                              std::to_string(impl_->dims[axis]));
    }
    grid_rank = grid_rank * impl_->dims[axis] + coords[axis];
  }
  return grid_rank;
}

std::vector<int> ProcessGrid::coords_of(int grid_rank) const {
  if (grid_rank < 0 || grid_rank >= size()) {
    throw std::out_of_range("gingham::ProcessGrid::coords_of: grid rank " + std::to_string(grid_rank) +
                            " is out of range for a grid of " + std::to_string(size()) + " ranks");
  }
  std::vector<int> coords(impl_->dims.size());
  for (int axis = ndim() - 1; axis >= 0; --axis) {
    coords[axis] = grid_rank % impl_->dims[axis];
    grid_rank /= impl_->dims[axis];
  }
  return coords;
}

std::string ProcessGrid::describe() const {
  std::string ranks;
  const std::vector<int>& world = impl_->world_ranks;
  for (std::size_t k = 0; k < world.size(); ++k) {
    if (world.size() > 8 && k == 3) {  // long lists: the first three, then the last
      ranks += ", ..., " + std::to_string(world.back());
      break;
    }
    ranks += (k ? ", " : "") + std::to_string(world[k]);
  }
  std::string text = "ProcessGrid(dims=" + format_shape(impl_->dims) + ", ranks=[" + ranks + "]";
  if (world.size() > 8) text += " (" + std::to_string(world.size()) + " ranks)";
  return text + (impl_->world_ranks_known ? ")" : " of its communicator)");
}

void require_same_device(const std::string& function, const ProcessGrid& a, const ProcessGrid& b) {
  if (a == b) return;
  const std::string first = a.describe(), second = b.describe();
  const std::string grids = first != second ? first + " and " + second
                                            : "two grid objects alike, " + first +
                                                  ", made by separate ProcessGrid calls; an array lives on the "
                                                  "grid object it was made on";
  throw std::invalid_argument(function + ": the arrays live on different devices (" + grids +
                              "); move one with to_device first");
}

}  // namespace gingham
