#include <mpi.h>

#include <cstring>
#include <stdexcept>
#include <vector>

#include "gingham/array/redistribute.hpp"
#include "gingham/array/call_arguments.hpp"
#include "gingham/core/format.hpp"
#include "gingham/core/memory.hpp"
#include "gingham/core/mpi_check.hpp"
#include "gingham/kernels/element_access.hpp"
#include "gingham/kernels/manipulation.hpp"
#include "gingham/kernels/sets.hpp"
#include "gingham/kernels/sorting.hpp"
#include "packed_balance.hpp"

namespace gingham {
namespace {

/// `a` laid out in Blocks over grid axis 0 (copies along the others), moved there if it is not.
Array in_blocks(Array a) {
  auto blocks = detail::blocks_over_axis0(a.global_size(), a.grid().dims());
  return a.distribution() == *blocks ? std::move(a) : redistribute(a, a.grid(), blocks);
}

/// Calls f(l) for the local index l of each run start of this rank's elements `view` (len of them), in
/// order; `previous` points at the element before the range, or is null for the first range. Runs are
/// found again on each call, so no list of starts is held.
template <class F>
void each_start(const RawView& view, std::int64_t len, const std::byte* previous, DType dtype, F&& f) {
  visit_dtype(dtype, [&]<class T>() {
    const T* v = reinterpret_cast<const T*>(view.data);
    const std::int64_t step = view.strides.empty() ? 1 : view.strides[0];
    for (std::int64_t l = 0; l < len; ++l) {
      if (l > 0 ? v[l * step] != v[(l - 1) * step] : previous == nullptr || *reinterpret_cast<const T*>(previous) != v[0]) {
        f(l);
      }
    }
  });
}

/// `count` elements of `item` bytes, packed by fill(out), in memory that is not zero-filled.
template <class Fill>
std::shared_ptr<std::byte> packed(std::int64_t count, std::size_t item, Fill&& fill) {
  auto memory = allocate_memory(static_cast<std::size_t>(count) * item, MemoryFill::none, "the packed elements of a shard");
  fill(memory.get());
  return memory;
}

}  // namespace

/// The runs of `s` (sorted, Block over grid axis 0). With `consume` (the caller holds no other handle
/// of s), the values are packed in place in s's shard and s is released as they move.
UniqueRuns runs_of(Array s, bool consume, bool counts, std::optional<Array> positions) {
  const ProcessGrid grid = s.grid();
  const DType sorted_dtype = s.dtype();
  const bool holds = s.holds_shard();
  const RawView view = s.local();
  const std::int64_t len = holds ? view.size() : 0;
  const std::int64_t begin = len > 0 ? s.distribution().axis_map(0).to_global(grid.coords()[0], 0) : 0;
  const std::int64_t n = s.global_size();
  // The element before this rank's range, from its owner.
  std::vector<std::int64_t> before_me;
  if (len > 0 && begin > 0) before_me.push_back(begin - 1);
  std::vector<std::byte> previous(before_me.size() * view.item_size);
  read_elements(s, before_me, previous.data());
  const std::byte* before = before_me.empty() ? nullptr : previous.data();
  auto starts = [&](auto&& f) { each_start(view, len, before, sorted_dtype, f); };
  std::int64_t k = 0;
  starts([&](std::int64_t) { ++k; });
  std::optional<Array> lengths, firsts;
  if (counts) {
    // Where the run after this rank's last one starts: the first start of a later rank, or n.
    std::int64_t first = -1, next = n;
    starts([&](std::int64_t l) { first = first < 0 ? begin + l : first; });
    if (holds) {
      const Comm& line = grid.axis_comm(0);
      std::vector<std::int64_t> firsts(static_cast<std::size_t>(line.size()));
      GINGHAM_MPI(MPI_Allgather(&first, 1, MPI_INT64_T, firsts.data(), 1, MPI_INT64_T, line.get()));
      for (int r = line.size() - 1; r > grid.coords()[0]; --r) {
        if (firsts[r] >= 0) next = firsts[r];
      }
    }
    lengths = detail::balance_packed(grid, DType::int64, packed(k, sizeof(std::int64_t), [&](std::byte* out) {
                                       auto* length = reinterpret_cast<std::int64_t*>(out);
                                       std::int64_t j = 0, last = -1;
                                       starts([&](std::int64_t l) {
                                         if (last >= 0) length[j++] = l - last;
                                         last = l;
                                       });
                                       if (last >= 0) length[j] = next - (begin + last);
                                     }),
                                     k);
  }
  if (positions) {
    const Array p = in_blocks(*positions);
    const RawView at = p.local();
    firsts = detail::balance_packed(grid, DType::int64, packed(k, sizeof(std::int64_t), [&](std::byte* out) {
                                      auto* first = reinterpret_cast<std::int64_t*>(out);
                                      const auto* from = reinterpret_cast<const std::int64_t*>(at.data);
                                      const std::int64_t step = at.strides.empty() ? 1 : at.strides[0];
                                      starts([&](std::int64_t l) { *first++ = from[l * step]; });
                                    }),
                                    k);
    positions.reset();
  }
  // The values last: packed in place (a forward compaction) when s is ours, else into new memory.
  const std::size_t item = view.item_size;
  const std::int64_t step = view.strides.empty() ? 1 : view.strides[0];
  std::shared_ptr<std::byte> values;
  if (consume && step == 1 && holds) {
    std::int64_t j = 0;
    starts([&](std::int64_t l) { std::memmove(view.data + j++ * item, view.data + l * item, item); });
    values = std::shared_ptr<std::byte>(std::make_shared<Array>(std::move(s)), view.data);  // keeps s's memory
  } else if (holds) {
    values = packed(k, item, [&](std::byte* out) {
      starts([&](std::int64_t l) {
        std::memcpy(out, view.data + l * step * static_cast<std::int64_t>(item), item);
        out += item;
      });
    });
  }
  const DType dtype = sorted_dtype;
  return UniqueRuns{detail::balance_packed(grid, dtype, std::move(values), k), std::move(lengths), std::move(firsts)};
}

UniqueRuns unique_runs(const Array& sorted, bool counts, const std::optional<Array>& positions) {
  const auto checked = check_call(sorted.grid().comm(), "unique_runs", arg("sorted", sorted), arg("counts", counts),
                                  arg("positions", positions));
  if (sorted.ndim() != 1) {
    throw std::invalid_argument("unique_runs: expected a sorted 1-D array, got shape " + format_shape(sorted.global_shape()));
  }
  if (positions && (positions->global_shape() != sorted.global_shape() || positions->dtype() != DType::int64 ||
                    !(positions->grid() == sorted.grid()))) {
    throw std::invalid_argument("unique_runs: expected int64 positions of shape " + format_shape(sorted.global_shape()) +
                                " on the sorted array's device");
  }
  return runs_of(in_blocks(sorted), false, counts, positions);
}

UniqueRuns unique(const Array& x, bool counts, bool firsts) {
  const auto checked = check_call(x.grid().comm(), "unique", arg("x", x), arg("counts", counts), arg("firsts", firsts));
  std::optional<Array> order, sorted;
  {
    const Array flat = x.ndim() == 1 ? x : reshape(x, {x.global_size()});
    if (firsts) order = argsort(flat, 0, false, true);
    sorted = sort(flat, 0, false, true);
  }
  return runs_of(in_blocks(std::move(*sorted)), true, counts, std::move(order));
}

}  // namespace gingham
