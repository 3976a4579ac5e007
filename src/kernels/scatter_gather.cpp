#include "gingham/kernels/scatter_gather.hpp"

#include <mpi.h>

#include <complex>
#include <memory>
#include <stdexcept>
#include <optional>
#include <string>
#include <type_traits>

#include "gingham/array/call_arguments.hpp"
#include "gingham/core/collective_errors.hpp"
#include "gingham/core/format.hpp"
#include "gingham/core/mpi_check.hpp"
#include "gingham/distributions/derived.hpp"
#include "gingham/plans/plan_cache.hpp"
#include "integer_keys.hpp"

namespace gingham {
namespace {

/// The shape the root's shard has in the layout on one rank: `shape`, or (1,) for a 0-D array.
std::vector<std::int64_t> root_shape(const std::vector<std::int64_t>& shape) {
  return shape.empty() ? std::vector<std::int64_t>{1} : shape;
}

/// The layout that puts an array of `shape` whole on `root` of `comm` (a 0-D array as shape (1,)).
std::shared_ptr<const Distribution> layout_on_root(const Comm& comm, const std::vector<std::int64_t>& shape, int root) {
  return std::make_shared<const Distribution>(derived::on_one_rank(root_shape(shape), comm.size(), root));
}

/// This rank's view of its shard in `on_root`: the root's `whole` (as shape (1,) for a 0-D array), an
/// empty shard of the right shape elsewhere.
RawView view_on_root(const Comm& comm, const Distribution& on_root, int root, const RawView& whole, std::size_t item) {
  const std::vector<int> coords{comm.rank()};
  RawView view{nullptr, item, on_root.local_shape(coords), {}};
  view.strides = on_root.dense_strides(view.shape);
  if (comm.rank() != root) return view;
  view.data = whole.data;
  if (!whole.shape.empty()) view.strides = whole.strides;
  return view;
}

/// What is wrong with the root's `whole` for an array of `shape` and `item` bytes per element, or "".
std::string whole_problem(const char* function, const RawView& whole, const std::vector<std::int64_t>& shape,
                          std::size_t item) {
  if (whole.shape != shape) {
    return std::string("gingham::") + function + ": expected the root's array of shape " + format_shape(shape) +
           ", got shape " + format_shape(whole.shape);
  }
  if (whole.item_size != item) {
    return std::string("gingham::") + function + ": expected elements of " + std::to_string(item) +
           " bytes on the root, got " + std::to_string(whole.item_size);
  }
  std::int64_t size = 1;
  for (std::int64_t extent : shape) size *= extent;
  if (size > 0 && whole.data == nullptr) {
    return std::string("gingham::") + function + ": the root passed no data for an array of shape " + format_shape(shape);
  }
  return "";
}

/// Collective over comm (one MPI_Allreduce). Throws on every rank when the ranks pass different roots or
/// dtypes, the root is not a rank of comm (std::out_of_range), or `problem` (the root's: what is wrong
/// with its data) is not empty.
void agree_on_root_checks(const Comm& comm, const char* function, int root, DType dtype, const std::string& problem) {
  const CallArguments call{std::string("gingham::") + function,
                           {{"root", std::to_string(root)}, {"dtype", std::string(dtype_name(dtype))}}};
  agree_on_errors(
      comm,
      [&] {
        require_root(comm, root, function);
        if (!problem.empty()) throw std::invalid_argument(problem);
      },
      &call);
}

/// Collective over grid.comm(). scatter_from with the root's own problem with its data already found.
Array scatter_checked(DType dtype, const ProcessGrid& grid, std::shared_ptr<const Distribution> layout, int root,
                      const RawView& whole, HaloSpec halo, const std::string& root_problem) {
  const Comm& comm = grid.comm();
  if (!layout) throw std::invalid_argument("gingham::scatter_from: expected a layout, got none");
  const std::vector<std::int64_t>& shape = layout->global_shape();
  std::string problem = root_problem;
  if (problem.empty() && comm.rank() == root) problem = whole_problem("scatter_from", whole, shape, item_size(dtype));
  agree_on_root_checks(comm, "scatter_from", root, dtype, problem);

  auto on_root = layout_on_root(comm, shape, root);
  std::optional<IndexMap> map;  // a 0-D target reads element 0 of the root's shape (1,) array
  if (shape.empty()) map = IndexMap({1}, {}, {IndexMap::FixedIndex{0, 0}});
  const RawView source = view_on_root(comm, *on_root, root, whole, item_size(dtype));
  // Touched: MPI may write received data straight into the new shard (see redistribute).
  Array y = Array::allocate(dtype, grid, layout, std::move(halo), MemoryFill::touched);
  // The root's view is the caller's buffer, whose strides may change from call to call on the root alone:
  // the cache's reduction agrees on reusing the plan's prepared exchange for these views.
  const PlanViews views{source, y.local()};
  cached_plan(comm, on_root, std::move(layout), map, {}, &views)
      ->execute(views.source, views.target, ViewCheck::local);  // y is fresh; the root's buffer is not in it
  return y;
}

/// The element type a typed scatter or gather holds its data in (bool: not std::vector<bool>'s bits).
template <class T>
using Stored = std::conditional_t<std::is_same_v<T, bool>, unsigned char, T>;

}  // namespace

void require_root(const Comm& comm, int root, std::string_view function) {
  if (root < 0 || root >= comm.size()) {
    throw std::out_of_range("gingham::" + std::string(function) + ": expected a root rank in [0, " +
                            std::to_string(comm.size()) + "), got " + std::to_string(root));
  }
}

HostArrayHeader broadcast_header(const Comm& comm, int root, const HostArrayHeader& header) {
  const auto checked = check_call(comm, "broadcast_header", arg("root", root));  // the header is the root's alone
  require_root(comm, root, "broadcast_header");
  const bool is_root = comm.rank() == root;
  std::int64_t head[2] = {is_root ? static_cast<std::int64_t>(header.dtype) : 0,
                          is_root ? static_cast<std::int64_t>(header.shape.size()) : 0};
  GINGHAM_MPI(MPI_Bcast(head, 2, MPI_INT64_T, root, comm.get()));
  HostArrayHeader result{static_cast<DType>(head[0]), is_root ? header.shape : std::vector<std::int64_t>(head[1])};
  if (head[1] > 0) {
    GINGHAM_MPI(MPI_Bcast(result.shape.data(), static_cast<int>(head[1]), MPI_INT64_T, root, comm.get()));
  }
  return result;
}

Array scatter_from(DType dtype, const ProcessGrid& grid, std::shared_ptr<const Distribution> layout, int root,
                   const RawView& whole, HaloSpec halo) {
  const auto checked = check_call(grid.comm(), "scatter_from", arg("dtype", dtype), arg("grid", grid),
                                  arg("layout", layout), arg("root", root), arg("halo", halo));  // whole: the root's
  return scatter_checked(dtype, grid, std::move(layout), root, whole, std::move(halo), "");
}

template <class T>
DistArray<T> scatter_from(const ProcessGrid& grid, std::shared_ptr<const Distribution> layout, int root,
                          std::span<const T> whole) {
  const auto checked = check_call(grid.comm(), "scatter_from", arg("dtype", dtype_of<T>), arg("grid", grid),
                                  arg("layout", layout), arg("root", root));  // whole: the root's
  std::string problem;
  RawView view;
  if (layout && grid.comm().rank() == root) {
    const std::int64_t expected = layout->global_size();
    if (static_cast<std::int64_t>(whole.size()) != expected) {
      problem = "gingham::scatter_from: expected " + std::to_string(expected) + " elements on the root for shape " +
                format_shape(layout->global_shape()) + ", got " + std::to_string(whole.size());
    }
    view = RawView{reinterpret_cast<std::byte*>(const_cast<T*>(whole.data())), sizeof(T), layout->global_shape(),
                   detail::row_major_strides(layout->global_shape())};
  }
  return DistArray<T>(scatter_checked(dtype_of<T>, grid, std::move(layout), root, view, {}, problem));
}

void gather_to(const Array& x, int root, const RawView& whole) {
  const auto checked = check_call(x.grid().comm(), "gather_to", arg("x", x), arg("root", root));  // whole: the root's
  const Comm& comm = x.grid().comm();
  const std::vector<std::int64_t>& shape = x.global_shape();
  const std::size_t item = item_size(x.dtype());
  const std::string problem = comm.rank() == root ? whole_problem("gather_to", whole, shape, item) : std::string();
  agree_on_root_checks(comm, "gather_to", root, x.dtype(), problem);

  auto on_root = layout_on_root(comm, shape, root);
  std::optional<IndexMap> map;  // the root's shape (1,) array reads a 0-D array through a broadcast axis
  if (shape.empty()) map = IndexMap({}, {IndexMap::TargetAxis{-1, 0, 1, 1}});
  const RawView target = view_on_root(comm, *on_root, root, whole, item);
  // Agreed view check: the root's view is the caller's memory, which may overlap x's shard.
  cached_plan(comm, x.layout(), std::move(on_root), map)->execute(x.local(), target, ViewCheck::agreed);
}

template <class T>
std::vector<T> gather_to(const DistArray<T>& x, int root) {
  const auto checked = check_call(x.grid().comm(), "gather_to", arg("x", x.array()), arg("root", root));
  const bool is_root = x.grid().comm().rank() == root;
  const std::vector<std::int64_t>& shape = x.global_shape();
  std::vector<Stored<T>> whole(is_root ? static_cast<std::size_t>(x.global_size()) : 0);
  const RawView view{reinterpret_cast<std::byte*>(whole.data()), sizeof(T), shape, detail::row_major_strides(shape)};
  gather_to(x.array(), root, view);
  if constexpr (std::is_same_v<T, bool>) {
    return std::vector<bool>(whole.begin(), whole.end());
  } else {
    return whole;
  }
}

#define GINGHAM_INSTANTIATE(name, type, text)                                                                   \
  template DistArray<type> scatter_from(const ProcessGrid&, std::shared_ptr<const Distribution>, int,            \
                                        std::span<const type>);                                                   \
  template std::vector<type> gather_to(const DistArray<type>&, int);
GINGHAM_FOR_EACH_DTYPE(GINGHAM_INSTANTIATE)
#undef GINGHAM_INSTANTIATE

}  // namespace gingham
