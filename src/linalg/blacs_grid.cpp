#include "gingham/linalg/blacs_grid.hpp"

#include <map>
#include <mutex>
#include <stdexcept>
#include <utility>
#include <vector>

#include "gingham/core/format.hpp"
#include "gingham/core/mpi_check.hpp"
#include "imports/scalapack.hpp"

namespace gingham {

namespace {

// The cache: per grid communicator, one context per (row_axis, col_axis). No BLACS system handle is kept:
// a handle is an index into BLACS's table of communicators, and Cfree_blacs_system_handle compacts that
// table (moving the live entries forward) once more than 20 of its slots are free, so a kept handle may
// later name another communicator, or none. ScaLAPACK adds entries of its own (P?GEMR2D registers the
// communicator of each context it works in and never frees it), different on each rank, so the
// compaction happens on some ranks only: a context then built from a kept handle spans a different
// communicator there, and the ranks' collectives stop matching (a hang). A handle is therefore taken just
// before each Cblacs_gridmap and freed right after it.
struct CommContexts {
  std::map<std::pair<int, int>, BlacsGrid> grids;
};

struct Registry {
  std::mutex mutex;
  std::map<MPI_Comm, CommContexts> comms;
  int comm_keyval = MPI_KEYVAL_INVALID;  // on each grid communicator: release its contexts when it is freed
  int self_keyval = MPI_KEYVAL_INVALID;  // on MPI_COMM_SELF: release all contexts at the start of MPI_Finalize
  int live = 0;
};

// Never destroyed: the MPI callbacks below may run during MPI_Finalize at exit, after static destructors
// of this translation unit would have run.
Registry& registry() {
  static Registry* instance = new Registry;
  return *instance;
}

// Frees the BLACS contexts of one communicator. Called with the registry's mutex held; the BLACS calls
// free BLACS's own communicators (MPI_Comm_free).
void release_locked(Registry& r, std::map<MPI_Comm, CommContexts>::iterator entry) {
  for (auto& [axes, grid] : entry->second.grids) {
    Cblacs_gridexit(grid.context());
    --r.live;
  }
  r.comms.erase(entry);
}

int on_grid_comm_free(MPI_Comm comm, int /*keyval*/, void* /*value*/, void* /*extra*/) {
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  auto entry = r.comms.find(comm);
  if (entry != r.comms.end()) release_locked(r, entry);
  return MPI_SUCCESS;
}

int on_finalize(MPI_Comm /*self*/, int /*keyval*/, void* /*value*/, void* /*extra*/) {
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  while (!r.comms.empty()) release_locked(r, r.comms.begin());
  // The attributes still set on live grid communicators find nothing to release if they ever fire.
  MPI_Comm_free_keyval(&r.comm_keyval);
  r.self_keyval = MPI_KEYVAL_INVALID;
  return MPI_SUCCESS;
}

int normalise(const std::vector<int>& dims, int axis) {
  return axis >= 0 && axis < static_cast<int>(dims.size()) && dims[axis] == 1 ? -1 : axis;
}

/// Local. PBLAS's six topologies (broadcast and combine, over rows, columns and all) back to the default.
void reset_pblas_topologies(int context) {
  for (const char* op : {"B", "C"}) {
    for (const char* scope : {"R", "C", "A"}) PB_Ctop(&context, op, scope, " ");
  }
}

}  // namespace

std::string BlacsGrid::blacs_view_obstacle(const std::vector<int>& grid_dims, int row_axis, int col_axis) {
  const int ndim = static_cast<int>(grid_dims.size());
  for (int axis : {row_axis, col_axis}) {
    if (axis < -1 || axis >= ndim) {
      return "grid axis " + std::to_string(axis) + " is out of range for a " + std::to_string(ndim) + "-D grid";
    }
  }
  row_axis = normalise(grid_dims, row_axis);
  col_axis = normalise(grid_dims, col_axis);
  if (row_axis >= 0 && row_axis == col_axis) {
    return "BLACS rows and columns cannot both be grid axis " + std::to_string(row_axis);
  }
  for (int axis = 0; axis < ndim; ++axis) {
    if (grid_dims[axis] > 1 && axis != row_axis && axis != col_axis) {
      return "grid axis " + std::to_string(axis) + " (extent " + std::to_string(grid_dims[axis]) +
             ") is neither the BLACS row axis nor the column axis of grid " + format_shape(grid_dims);
    }
  }
  return "";
}

BlacsGrid BlacsGrid::of(const ProcessGrid& grid, int row_axis, int col_axis) {
  const std::vector<int>& dims = grid.dims();
  if (std::string obstacle = blacs_view_obstacle(dims, row_axis, col_axis); !obstacle.empty()) {
    throw std::invalid_argument("gingham::BlacsGrid::of: " + obstacle);
  }
  const std::vector<int>& my_coords = grid.coords();  // throws off the grid
  row_axis = normalise(dims, row_axis);
  col_axis = normalise(dims, col_axis);
  const MPI_Comm comm = grid.grid_comm().get();

  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  auto entry = r.comms.find(comm);
  if (entry != r.comms.end()) {
    auto found = entry->second.grids.find({row_axis, col_axis});
    if (found != entry->second.grids.end()) {
      reset_pblas_topologies(found->second.context());
      return found->second;
    }
  }

  if (r.self_keyval == MPI_KEYVAL_INVALID) {  // first context of this MPI session
    GINGHAM_MPI(MPI_Comm_create_keyval(MPI_COMM_NULL_COPY_FN, on_grid_comm_free, &r.comm_keyval, nullptr));
    GINGHAM_MPI(MPI_Comm_create_keyval(MPI_COMM_NULL_COPY_FN, on_finalize, &r.self_keyval, nullptr));
    GINGHAM_MPI(MPI_Comm_set_attr(MPI_COMM_SELF, r.self_keyval, nullptr));
  }
  if (entry == r.comms.end()) {
    GINGHAM_MPI(MPI_Comm_set_attr(comm, r.comm_keyval, nullptr));
    entry = r.comms.emplace(comm, CommContexts{}).first;
  }

  BlacsGrid blacs;
  blacs.row_axis_ = row_axis;
  blacs.col_axis_ = col_axis;
  blacs.rows_ = row_axis < 0 ? 1 : dims[row_axis];
  blacs.cols_ = col_axis < 0 ? 1 : dims[col_axis];
  // usermap(i, j) (column-major, leading dimension rows) = rank in grid_comm of BLACS process (i, j).
  std::vector<int> usermap(static_cast<std::size_t>(blacs.rows_) * blacs.cols_);
  std::vector<int> coords(dims.size(), 0);
  for (int j = 0; j < blacs.cols_; ++j) {
    for (int i = 0; i < blacs.rows_; ++i) {
      if (row_axis >= 0) coords[row_axis] = i;
      if (col_axis >= 0) coords[col_axis] = j;
      usermap[static_cast<std::size_t>(j) * blacs.rows_ + i] = grid.grid_rank_of(coords);
    }
  }
  int context = Csys2blacs_handle(comm);  // the handle of comm now (see CommContexts), freed once used
  const int system_handle = context;
  Cblacs_gridmap(&context, usermap.data(), blacs.rows_, blacs.rows_, blacs.cols_);
  Cfree_blacs_system_handle(system_handle);
  blacs.context_ = context;
  int nprow = 0, npcol = 0;
  Cblacs_gridinfo(context, &nprow, &npcol, &blacs.my_row_, &blacs.my_col_);
  const int expected_row = row_axis < 0 ? 0 : my_coords[row_axis];
  const int expected_col = col_axis < 0 ? 0 : my_coords[col_axis];
  if (nprow != blacs.rows_ || npcol != blacs.cols_ || blacs.my_row_ != expected_row || blacs.my_col_ != expected_col) {
    throw std::logic_error("gingham::BlacsGrid::of: BLACS placed this rank at (" + std::to_string(blacs.my_row_) +
                           ", " + std::to_string(blacs.my_col_) + ") of " + std::to_string(nprow) + "x" +
                           std::to_string(npcol) + ", expected (" + std::to_string(expected_row) + ", " +
                           std::to_string(expected_col) + ") of " + std::to_string(blacs.rows_) + "x" +
                           std::to_string(blacs.cols_));
  }
  entry->second.grids.emplace(std::make_pair(row_axis, col_axis), blacs);
  ++r.live;
  reset_pblas_topologies(blacs.context());
  return blacs;
}

std::string BlacsGrid::describe() const {
  return "BlacsGrid(" + std::to_string(rows_) + "x" + std::to_string(cols_) + ": rows on grid axis " +
         std::to_string(row_axis_) + ", columns on grid axis " + std::to_string(col_axis_) + ", context " +
         std::to_string(context_) + ")";
}

int BlacsGrid::live_contexts() noexcept {
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  return r.live;
}

}  // namespace gingham
