#include "gingham/kernels/searching.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "gingham/array/call_arguments.hpp"
#include "gingham/array/promotion.hpp"
#include "gingham/core/errors.hpp"
#include "gingham/core/mpi_check.hpp"
#include "gingham/array/redistribute.hpp"
#include "gingham/core/collective_errors.hpp"
#include "gingham/core/format.hpp"
#include "gingham/core/memory.hpp"
#include "gingham/kernels/creation.hpp"
#include "gingham/kernels/elementwise.hpp"
#include "gingham/plans/exchange.hpp"
#include "local_parallel.hpp"
#include "flag_positions.hpp"
#include "packed_balance.hpp"
#include "shard_walk.hpp"

namespace gingham {
namespace {

/// NumPy's sort order: NaN after every number.
template <class T>
bool before(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    return a < b || (std::isnan(b) && !std::isnan(a));
  } else {
    return a < b;
  }
}

/// The insertion index of v in the sorted run [first, first + n).
template <class T>
std::int64_t insertion(const T* first, std::int64_t n, T v, bool right) {
  const T* at = right ? std::upper_bound(first, first + n, v, before<T>) : std::lower_bound(first, first + n, v, before<T>);
  return at - first;
}

/// The values of a view in row-major order of its shape.
template <class T>
std::vector<T> values_of(const RawView& view) {
  std::vector<T> out;
  out.reserve(static_cast<std::size_t>(view.size()));
  for_each_element(LocalView<T>(reinterpret_cast<T*>(view.data), view.shape, view.strides), [&](T& v) { out.push_back(v); });
  return out;
}

/// The view's elements in row-major order as one run: the view's own memory when it is laid out so (no
/// copy), else a copy kept in `copy`.
template <class T>
const T* row_major_run(const RawView& view, std::vector<T>& copy) {
  std::int64_t expected = 1;
  bool in_place = true;
  for (int a = static_cast<int>(view.shape.size()) - 1; a >= 0; --a) {
    if (view.shape[a] != 1 && view.strides[a] != expected) in_place = false;
    expected *= view.shape[a];
  }
  if (in_place) return reinterpret_cast<const T*>(view.data);
  copy = values_of<T>(view);
  return copy.data();
}

/// Writes answers into `out` (int64 insertion indices, or bool for Search::contains) by the row-major
/// ordinal k of the element, in any order.
class AnswerWriter {
 public:
  explicit AnswerWriter(const Array& out) : address_(out.local()), int64_(out.dtype() == DType::int64) {}
  void operator()(std::int64_t k, std::int64_t answer) const noexcept {
    std::byte* element = address_(k);
    if (int64_) *reinterpret_cast<std::int64_t*>(element) = answer;
    else *reinterpret_cast<bool*>(element) = answer != 0;
  }

 private:
  detail::OrdinalAddress address_;
  bool int64_;
};

/// What a search answers for each value: its left or right insertion index, or whether it occurs.
enum class Search { left, right, contains };

/// Needles searched per round: the exchange buffers stay within a few of this many elements.
constexpr std::size_t kNeedlesPerRound = std::size_t{1} << 20;

// Memory per rank beyond the result (m = x2's shard elements): x1's and x2's shards are read in place
// when they are dense row-major (else copied once), and the exchange goes in rounds of at most
// kNeedlesPerRound needles per rank (as many rounds as the rank with the most needles needs, agreed by
// one MPI_Allreduce), each an ExchangePlan from routes (needle -> owner of its block) holding a few
// round-sized buffers (the routes and their order, and two of: values received, replies, answers).
template <class T>
void search(const Array& x1, const Array& x2, Search mode, const Array& out) {
  const bool right = mode == Search::right;
  std::vector<T> haystack_copy, needles_copy;
  const T* haystack = row_major_run<T>(x1.local(), haystack_copy);  // this rank's blocks, in local order
  const T* needles = row_major_run<T>(x2.local(), needles_copy);
  const auto m = static_cast<std::size_t>(x2.local().size());
  const Distribution& d = x1.distribution();
  const AxisMap& map = d.axis_map(0);
  const int grid_axis = d.grid_axis_of(0);
  if (grid_axis < 0) {  // x1 is whole here
    const std::int64_t n = x1.local().size();
    const AnswerWriter write(out);
    for (std::size_t k = 0; k < m; ++k) {
      const std::int64_t i = insertion(haystack, n, needles[k], right);
      write(static_cast<std::int64_t>(k), mode == Search::contains ? std::int64_t{i < n && haystack[i] == needles[k]} : i);
    }
    return;
  }
  const Comm& comm = x1.grid().axis_comm(grid_axis);
  const int parts = map.parts(), me = x1.grid().coords()[grid_axis];
  // The first value of every block, gathered along the grid axis.
  const std::int64_t own_blocks = map.owned_block_count(me);
  std::vector<T> firsts;
  for (std::int64_t k = 0; k < own_blocks; ++k) firsts.push_back(haystack[map.owned_block(me, k).local_begin]);
  std::vector<int> counts(parts), offsets(parts);
  for (int p = 0; p < parts; ++p) {
    counts[p] = static_cast<int>(map.owned_block_count(p) * sizeof(T));
    offsets[p] = p == 0 ? 0 : offsets[p - 1] + counts[p - 1];
  }
  std::vector<T> gathered(static_cast<std::size_t>((offsets[parts - 1] + counts[parts - 1]) / sizeof(T)));
  GINGHAM_MPI(MPI_Allgatherv(firsts.data(), counts[me], MPI_BYTE, gathered.data(), counts.data(), offsets.data(),
                             MPI_BYTE, comm.get()));
  const std::int64_t blocks = (map.extent() + map.block_size() - 1) / map.block_size();
  std::vector<T> first_of(static_cast<std::size_t>(blocks));
  for (int p = 0; p < parts; ++p) {
    for (std::int64_t k = 0; k < map.owned_block_count(p); ++k) {
      first_of[map.owned_block(p, k).global_begin / map.block_size()] = gathered[offsets[p] / sizeof(T) + k];
    }
  }
  // A value goes to the owner of the last block starting before it (left) or not after it (right, and
  // contains, which looks at the element at its left insertion point); -1: before every element, the
  // answer is 0 (false). The owner finds the block again from the value (every rank
  // holds first_of), so only values travel.
  auto block_of = [&](T v) -> std::int64_t {
    const auto it = mode != Search::left ? std::upper_bound(first_of.begin(), first_of.end(), v, before<T>)
                          : std::lower_bound(first_of.begin(), first_of.end(), v, before<T>);
    return (it - first_of.begin()) - 1;
  };
  const AnswerWriter write(out);
  std::int64_t rounds = static_cast<std::int64_t>((m + kNeedlesPerRound - 1) / kNeedlesPerRound);
  GINGHAM_MPI(MPI_Allreduce(MPI_IN_PLACE, &rounds, 1, MPI_INT64_T, MPI_MAX, comm.get()));
  for (std::int64_t round = 0; round < rounds; ++round) {
    const std::size_t c0 = std::min(m, static_cast<std::size_t>(round) * kNeedlesPerRound);
    const std::size_t c1 = std::min(m, c0 + kNeedlesPerRound);
    // A needle before every element is answered here (0, false); the others travel to their block's owner.
    std::vector<int> owners;
    std::vector<std::int64_t> routed;  // the travelling needles, counted from c0
    for (std::size_t k = 0; k < c1 - c0; ++k) {
      const std::int64_t block = block_of(needles[c0 + k]);
      if (block < 0) {
        write(static_cast<std::int64_t>(c0 + k), 0);
        continue;
      }
      owners.push_back(map.owner(block * map.block_size()));
      routed.push_back(static_cast<std::int64_t>(k));
    }
    const ExchangePlan plan = ExchangePlan::from_routes(comm, owners, routed);
    std::vector<T> incoming(static_cast<std::size_t>(plan.receive_total()));
    plan.forward(needles + c0, sizeof(T), incoming.data());
    std::vector<std::int64_t> replies(incoming.size());
    for (std::size_t k = 0; k < incoming.size(); ++k) {
      const std::int64_t begin = block_of(incoming[k]) * map.block_size();
      const std::int64_t length = std::min(map.block_size(), map.extent() - begin);
      const std::int64_t i = insertion(haystack + map.to_local(begin), length, incoming[k], right);
      if (mode != Search::contains) {
        replies[k] = begin + i;
      } else {  // the element at the insertion point: in this block, or the next block's first
        const std::int64_t next_block = begin / map.block_size() + 1;
        replies[k] = i < length ? haystack[map.to_local(begin) + i] == incoming[k]
                                : next_block < blocks && first_of[next_block] == incoming[k];
      }
    }
    std::vector<T>().swap(incoming);
    std::vector<std::int64_t> answered(routed.size());
    plan.reverse(replies.data(), sizeof(std::int64_t), answered.data());
    for (std::size_t r = 0; r < routed.size(); ++r) write(static_cast<std::int64_t>(c0) + routed[r], answered[r]);
  }
}

}  // namespace

namespace {

Array run_search(const Array& x1, const Array& x2, Search mode, const char* function) {
  if (x1.ndim() != 1) throw std::invalid_argument(std::string(function) + ": expected a 1-D x1, got " + std::to_string(x1.ndim()) + "-D");
  require_same_device(function, x1.grid(), x2.grid());
  DType dtype = promote_or_throw(x1.dtype(), x2.dtype(), function);
  if (is_bool(dtype)) dtype = DType::uint8;  // false < true, searched as 0 < 1
  if (is_complex_floating(dtype)) throw NotImplementedError(std::string(function) + ": complex arrays are not implemented yet");
  const Array a = x1.dtype() == dtype ? x1 : astype(x1, dtype);
  const Array b = x2.dtype() == dtype ? x2 : astype(x2, dtype);
  Array out = Array::allocate(mode == Search::contains ? DType::bool_ : DType::int64, x2.grid(), x2.layout(), {},
                              /*zero=*/false);
  if (!x1.holds_shard()) return out;
  visit_dtype(dtype, [&]<class T>() {
    if constexpr (std::is_arithmetic_v<T> && !std::is_same_v<T, bool>) search<T>(a, b, mode, out);
  });
  return out;
}

}  // namespace

Array searchsorted(const Array& x1, const Array& x2, bool right) {
  const auto checked = check_call(x1.grid().comm(), "searchsorted", arg("x1", x1), arg("x2", x2), arg("right", right));
  return run_search(x1, x2, right ? Search::right : Search::left, "searchsorted");
}

Array contains_sorted(const Array& sorted, const Array& x2) {
  const auto checked = check_call(sorted.grid().comm(), "contains_sorted", arg("sorted", sorted), arg("x2", x2));
  return run_search(sorted, x2, Search::contains, "isin");
}

Array compress(const Array& values, const Array& mask) {
  const auto checked = check_call(values.grid().comm(), "compress", arg("values", values), arg("mask", mask));
  if (values.ndim() != 1 || mask.ndim() != 1 || values.global_shape() != mask.global_shape()) {
    throw std::invalid_argument("compress: expected a 1-D array and a 1-D mask of one length, got shapes " +
                                format_shape(values.global_shape()) + " and " + format_shape(mask.global_shape()));
  }
  require_same_device("compress", values.grid(), mask.grid());
  const ProcessGrid& grid = values.grid();
  auto blocks = detail::blocks_over_axis0(values.global_size(), grid.dims());
  const Array v = values.distribution() == *blocks ? values : redistribute(values, grid, blocks);
  const Array moved = mask.distribution() == *blocks ? mask : redistribute(mask, grid, blocks);
  const Array m = moved.dtype() == DType::bool_ ? moved : astype(moved, DType::bool_);
  const std::size_t item = item_size(values.dtype());
  // This rank's selected elements, packed in order (its Block range is contiguous, in rank order).
  std::shared_ptr<std::byte> selected;  // uninitialised (allocate_memory): no zero-filling pass
  std::int64_t count = 0;
  const bool holds = v.holds_shard();
  if (holds) {
    const RawView data = v.local();
    const LocalView<bool> flags = m.local_as<bool>();
    const std::int64_t step = flags.strides().empty() ? 1 : flags.strides()[0];
    const std::int64_t value_step = data.strides.empty() ? 1 : data.strides[0];
    for (std::int64_t l = 0; l < flags.size(); ++l) count += flags.data()[l * step] ? 1 : 0;
    selected = allocate_memory(static_cast<std::size_t>(count) * item, MemoryFill::none, "the selected elements of a shard");
    visit_dtype(values.dtype(), [&]<class T>() {  // typed copies: one pass, no per-element memcpy calls
      const T* in = reinterpret_cast<const T*>(data.data);
      T* out = reinterpret_cast<T*>(selected.get());
      for (std::int64_t l = 0; l < flags.size(); ++l) {
        if (flags.data()[l * step]) *out++ = in[l * value_step];
      }
    });
  }
  return detail::balance_packed(grid, values.dtype(), std::move(selected), count);
}

Array flatnonzero(const Array& mask) {
  const auto checked = check_call(mask.grid().comm(), "flatnonzero", arg("mask", mask));
  if (mask.ndim() != 1) throw std::invalid_argument("flatnonzero: expected a 1-D mask, got " + std::to_string(mask.ndim()) + "-D");
  const ProcessGrid& grid = mask.grid();
  auto blocks = detail::blocks_over_axis0(mask.global_size(), grid.dims());
  const Array moved = mask.distribution() == *blocks ? mask : redistribute(mask, grid, blocks);
  const Array m = moved.dtype() == DType::bool_ ? moved : astype(moved, DType::bool_);
  // This rank's positions, packed in order: a count per piece, their prefix sums, then each piece writes
  // its positions from its offset (two threaded passes; the flags are read twice, the positions written once).
  std::shared_ptr<std::byte> selected;
  std::int64_t count = 0;
  if (m.holds_shard()) {
    const LocalView<bool> flags = m.local_as<bool>();
    const auto* flag = reinterpret_cast<const unsigned char*>(flags.data());
    const std::int64_t step = flags.strides().empty() ? 1 : flags.strides()[0], local = flags.size();
    const int grid_axis = blocks->grid_axis_of(0);
    const std::int64_t first = local == 0 ? 0 : blocks->axis_map(0).to_global(grid_axis < 0 ? 0 : grid.coords()[grid_axis], 0);
    const std::int64_t pieces = detail::piece_count(local);
    std::vector<std::int64_t> offsets(static_cast<std::size_t>(pieces) + 1, 0);
    detail::for_each_piece(pieces, [&](std::int64_t k) {
      const std::int64_t begin = k * detail::piece_elements, end = std::min(local, (k + 1) * detail::piece_elements);
      std::int64_t c = 0;
      if (step == 1) {  // contiguous flags: a loop the compiler vectorises
        for (std::int64_t l = begin; l < end; ++l) c += flag[l] != 0 ? 1 : 0;
      } else {
        for (std::int64_t l = begin; l < end; ++l) c += flag[l * step] != 0 ? 1 : 0;
      }
      offsets[static_cast<std::size_t>(k) + 1] = c;
    });
    for (std::int64_t k = 0; k < pieces; ++k) offsets[k + 1] += offsets[k];
    count = offsets.back();
    selected = allocate_memory(static_cast<std::size_t>(count) * sizeof(std::int64_t), MemoryFill::none,
                               "the positions of a shard's nonzero elements");
    auto* positions = reinterpret_cast<std::int64_t*>(selected.get());
    detail::for_each_piece(pieces, [&](std::int64_t k) {
      const std::int64_t begin = k * detail::piece_elements;
      if (step == 1) {  // contiguous flags: compacted in SIMD registers where the CPU can
        detail::set_flag_positions(flag + begin, std::min(local, begin + detail::piece_elements) - begin, first + begin,
                                   positions + offsets[k], offsets[k + 1] - offsets[k]);
        return;
      }
      constexpr std::int64_t kBatch = 256;  // written unconditionally into a small buffer, then kept: no branch
      std::int64_t buffer[kBatch + 1];
      std::int64_t* out = positions + offsets[k];
      const std::int64_t end = std::min(local, (k + 1) * detail::piece_elements);
      for (std::int64_t l0 = k * detail::piece_elements; l0 < end; l0 += kBatch) {
        const std::int64_t l1 = std::min(end, l0 + kBatch);
        std::int64_t c = 0;
        for (std::int64_t l = l0; l < l1; ++l) {
          buffer[c] = first + l;
          c += flag[l * step] != 0 ? 1 : 0;
        }
        std::copy_n(buffer, c, out);
        out += c;
      }
    });
  }
  return detail::balance_packed(grid, DType::int64, std::move(selected), count);
}

}  // namespace gingham
