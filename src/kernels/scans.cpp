// cumulative_sum and cumulative_prod along one axis. Each rank scans each of its blocks along the axis;
// the ranks along the axis's grid axis exchange the block totals (one MPI_Allgatherv) and each rank adds
// the exclusive prefix of all blocks before each of its own, in global block order (block-cyclic layouts
// hold many blocks per rank). With include_initial the scan is exclusive and the total lands at index n.
#include "gingham/kernels/scans.hpp"
#include "gingham/array/call_arguments.hpp"
#include "gingham/distributions/derived.hpp"

#include <climits>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "gingham/array/promotion.hpp"
#include "gingham/array/redistribute.hpp"
#include "gingham/core/collective_errors.hpp"
#include "gingham/core/mpi_check.hpp"
#include "gingham/kernels/elementwise.hpp"
#include "gingham/kernels/reductions.hpp"
#include "reduction_engine.hpp"
#include "reduction_ops.hpp"

namespace gingham {
namespace {


/// a + b or a * b (wrapping for integers).
template <ScanOp Op, class A>
A combine(A a, A b) {
  if constexpr (Op == ScanOp::sum) return A(a + b);
  else return detail::multiply(a, b);
}

/// The scan of one element type T (accumulator A) into z's shard (dtype R). Where R holds every A exactly
/// (the same type, or integers of one size: wrapping arithmetic), the blocks are scanned straight into z
/// and the carries added in place; otherwise through a scratch array of accumulators.
template <ScanOp Op, class T, class R>
void scan_into(const Array& x, int axis, bool include_initial, const Array& z) {
  using A = detail::accumulator_t<T>;
  constexpr bool direct = std::is_same_v<A, R> || (std::is_integral_v<A> && std::is_integral_v<R> && sizeof(A) == sizeof(R));
  const A identity = Op == ScanOp::sum ? A(0) : A(1);
  const Distribution& d = x.distribution();
  const AxisMap& map = d.axis_map(axis);
  const int part = d.part_of(axis, x.grid().coords());
  const int grid_axis = d.grid_axis_of(axis);
  const Comm* line = grid_axis >= 0 && d.grid_dims()[grid_axis] > 1 ? &x.grid().axis_comm(grid_axis) : nullptr;
  const RawView in = x.local(), out = z.local();
  const std::vector<std::int64_t> shape = x.local_shape();
  const int nd = x.ndim();
  // Offsets of the other axes' elements in x and z, row-major.
  std::vector<std::int64_t> in_off{0}, out_off{0};
  for (int a = 0; a < nd; ++a) {
    if (a == axis) continue;
    std::vector<std::int64_t> next_in, next_out;
    for (std::size_t k = 0; k < in_off.size(); ++k) {
      for (std::int64_t i = 0; i < shape[a]; ++i) {
        next_in.push_back(in_off[k] + i * in.strides[a]);
        next_out.push_back(out_off[k] + i * out.strides[a]);
      }
    }
    in_off.swap(next_in);
    out_off.swap(next_out);
  }
  const std::size_t m = in_off.size();
  const std::int64_t local_extent = shape[axis];
  const T* data = reinterpret_cast<const T*>(in.data);
  // Scans within each owned block (inclusive, or exclusive with include_initial) and the block totals.
  const std::int64_t blocks = map.owned_block_count(part);
  std::vector<A> scanned, totals;
  agree_on_errors(x.grid().grid_comm(), [&] {  // a failed allocation must not leave the others in the exchange
    if (!direct) scanned.resize(static_cast<std::size_t>(local_extent) * m);
    totals.resize(static_cast<std::size_t>(blocks) * m);
  });
  R* o = reinterpret_cast<R*>(out.data);
  const std::int64_t in_step = in.strides[axis], out_step = out.strides[axis];
  for (std::int64_t b = 0; b < blocks; ++b) {
    const OwnedBlock block = map.owned_block(part, b);
    for (std::size_t j = 0; j < m; ++j) {
      A acc = identity;
      const T* from = data + in_off[j] + block.local_begin * in_step;
      if constexpr (direct) {
        R* to = o + out_off[j] + block.local_begin * out_step;
        if (include_initial) {
          for (std::int64_t i = 0; i < block.length; ++i) {
            to[i * out_step] = static_cast<R>(acc);
            acc = combine<Op>(acc, detail::to_accumulator(from[i * in_step]));
          }
        } else {
          for (std::int64_t i = 0; i < block.length; ++i) {
            acc = combine<Op>(acc, detail::to_accumulator(from[i * in_step]));
            to[i * out_step] = static_cast<R>(acc);
          }
        }
      } else {
        for (std::int64_t i = 0; i < block.length; ++i) {
          const std::int64_t l = block.local_begin + i;
          if (include_initial) scanned[l * m + j] = acc;
          acc = combine<Op>(acc, detail::to_accumulator(from[i * in_step]));
          if (!include_initial) scanned[l * m + j] = acc;
        }
      }
      totals[b * m + j] = acc;
    }
  }
  // Every block's totals along the grid axis, in global block order.
  const int parts = line ? line->size() : 1;
  const std::int64_t global_blocks = map.extent() == 0 ? 0 : (map.extent() + map.block_size() - 1) / map.block_size();
  std::vector<A> all(static_cast<std::size_t>(global_blocks) * m);
  if (line) {
    std::vector<int> counts(parts), displs(parts);
    std::int64_t offset = 0;
    for (int p = 0; p < parts; ++p) {
      const std::int64_t count = map.owned_block_count(p) * static_cast<std::int64_t>(m);
      if (offset + count > INT_MAX) throw std::length_error("gingham: cumulative: too many block totals");
      counts[p] = static_cast<int>(count);
      displs[p] = static_cast<int>(offset);
      offset += count;
    }
    std::vector<A> gathered(static_cast<std::size_t>(offset));
    const detail::ByteBlockType type(sizeof(A));
    GINGHAM_MPI(MPI_Allgatherv(totals.data(), counts[line->rank()], type.get(), gathered.data(), counts.data(),
                               displs.data(), type.get(), line->get()));
    for (int p = 0; p < parts; ++p) {
      for (std::int64_t b = 0; b < map.owned_block_count(p); ++b) {
        const std::int64_t global_block = map.owned_block(p, b).global_begin / map.block_size();
        std::copy_n(gathered.begin() + displs[p] + b * m, m, all.begin() + global_block * m);
      }
    }
  } else {
    for (std::int64_t b = 0; b < blocks; ++b) {
      const std::int64_t global_block = map.owned_block(part, b).global_begin / map.block_size();
      std::copy_n(totals.begin() + b * m, m, all.begin() + global_block * m);
    }
  }
  // Exclusive prefixes of the blocks; carry[global_blocks] is the total.
  std::vector<A> carry(static_cast<std::size_t>(global_blocks + 1) * m, identity);
  for (std::int64_t b = 0; b < global_blocks; ++b) {
    for (std::size_t j = 0; j < m; ++j) carry[(b + 1) * m + j] = combine<Op>(carry[b * m + j], all[b * m + j]);
  }
  for (std::int64_t b = 0; b < blocks; ++b) {
    const OwnedBlock block = map.owned_block(part, b);
    const std::int64_t global_block = block.global_begin / map.block_size();
    // The first block's carry is the identity: its scan is final (as NumPy's, which starts from the first element).
    if (direct && global_block == 0) continue;
    for (std::size_t j = 0; j < m; ++j) {
      const A c = carry[global_block * m + j];
      R* to = o + out_off[j] + block.local_begin * out_step;
      for (std::int64_t i = 0; i < block.length; ++i) {
        const A partial = direct ? static_cast<A>(to[i * out_step]) : scanned[(block.local_begin + i) * m + j];
        to[i * out_step] = static_cast<R>(combine<Op>(c, partial));
      }
    }
  }
  if (include_initial) {  // the total, at global index n: after this rank's last element if it owns n
    const AxisMap& longer = z.distribution().axis_map(axis);
    if (longer.owner(map.extent()) == part) {
      const std::int64_t l = longer.to_local(map.extent());
      for (std::size_t j = 0; j < m; ++j) o[out_off[j] + l * out.strides[axis]] = static_cast<R>(carry[global_blocks * m + j]);
    }
  }
}

}  // namespace

Array cumulative(ScanOp op, const Array& x, std::optional<int> axis, std::optional<DType> dtype, bool include_initial) {
  const auto checked = check_call(x.grid().comm(), op == ScanOp::sum ? "cumulative_sum" : "cumulative_prod",
                                  arg("x", x), arg("axis", axis), arg("dtype", dtype),
                                  arg("include_initial", include_initial));
  const Reduction as = op == ScanOp::sum ? Reduction::sum : Reduction::prod;
  const std::string name = op == ScanOp::sum ? "cumulative_sum" : "cumulative_prod";
  if (x.ndim() == 0) throw std::invalid_argument(name + ": expected an array of at least one dimension, got a 0-D array");
  if (!axis && x.ndim() > 1) {
    throw std::invalid_argument(name + ": an array of " + std::to_string(x.ndim()) +
                                " dimensions needs an axis");
  }
  const int a = normalize_axes(std::vector<int>{axis.value_or(0)}, x.ndim(), name)[0];
  const DType out = reduction_result_dtype(as, x.dtype(), dtype);
  const Array in = is_floating(out) && out != x.dtype() ? astype(x, out) : x;
  const Distribution& d = in.distribution();
  const std::int64_t n = d.global_shape()[a];
  std::shared_ptr<const Distribution> layout = in.layout(), final_layout = in.layout();
  if (include_initial) {
    const AxisMap& map = d.axis_map(a);
    // Elements 0..n-1 stay where x holds them: the same block size and first part over n + 1 elements.
    const AxisLayout same_places = d.grid_axis_of(a) < 0 ? AxisLayout::not_distributed()
                                                         : AxisLayout::block_cyclic(map.block_size(), map.first_part());
    layout = std::make_shared<const Distribution>(derived::with_axis(d, a, n + 1, same_places));
    final_layout = std::make_shared<const Distribution>(derived::resized(d, a, n + 1));
  }
  Array z = Array::allocate(out, in.grid(), layout, {}, /*zero=*/false);
  if (in.holds_shard()) {
    auto scan = [&]<ScanOp Op>() {
      visit_dtype(in.dtype(), [&]<class T>() {
        if constexpr (std::is_integral_v<T>) {
          visit_dtype(out, [&]<class R>() {
            if constexpr (std::is_integral_v<R> && !std::is_same_v<R, bool>) scan_into<Op, T, R>(in, a, include_initial, z);
          });
        } else {
          scan_into<Op, T, T>(in, a, include_initial, z);
        }
      });
    };
    if (op == ScanOp::sum) scan.template operator()<ScanOp::sum>();
    else scan.template operator()<ScanOp::prod>();
  }
  return detail::in_layout(z, final_layout);
}

}  // namespace gingham
