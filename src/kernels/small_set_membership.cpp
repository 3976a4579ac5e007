// isin against a set small enough to hold on every rank (small_set_membership.hpp): the set gathered,
// sorted and deduplicated once per rank, then each element of x1's shard tested locally, with a bitmap for
// integer sets of a narrow range (NumPy's kind='table') or a branchless binary search otherwise.
#include "small_set_membership.hpp"

#include <algorithm>
#include <cstring>
#include <type_traits>
#include <vector>

#include "gingham/kernels/elementwise.hpp"
#include "gingham/kernels/gather.hpp"
#include "local_parallel.hpp"
#include "shard_walk.hpp"

namespace gingham::detail {
namespace {

/// An integer as a 64-bit word, signed ones sign-extended: differences of such words, modulo 2^64, are the
/// differences of the integers whenever those fit 64 bits unsigned.
template <class S>
std::uint64_t as_word(S v) {
  if constexpr (std::is_signed_v<S>) return static_cast<std::uint64_t>(static_cast<std::int64_t>(v));
  else return static_cast<std::uint64_t>(v);
}

/// The values of x2 on every rank, sorted, without duplicates (== equal) and without NaNs.
template <class S>
std::vector<S> replicated_set(const Array& x2) {
  std::vector<S> values(static_cast<std::size_t>(x2.global_size()));
  const std::vector<std::int64_t>& shape = x2.global_shape();
  std::vector<std::int64_t> strides(shape.size());
  std::int64_t stride = 1;
  for (std::size_t a = shape.size(); a-- > 0;) strides[a] = stride, stride *= shape[a];
  gather_to_all(x2, RawView{reinterpret_cast<std::byte*>(values.data()), sizeof(S), shape, strides});
  if constexpr (std::is_floating_point_v<S>) {
    values.erase(std::remove_if(values.begin(), values.end(), [](S v) { return v != v; }), values.end());
  }
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  return values;
}

/// out[k] = test(in[k]) != invert over a shard (in: S elements, out: bool, the same shape): threaded over
/// pieces when both are dense row-major, else element by element through their strides.
template <class S, class Test>
void test_shard(const RawView& in, const RawView& out, bool invert, const Test& test) {
  const std::int64_t n = in.size();
  if (dense_row_major(in) && dense_row_major(out)) {
    const S* x = reinterpret_cast<const S*>(in.data);
    bool* o = reinterpret_cast<bool*>(out.data);
    for_each_range(n, [&](std::int64_t begin, std::int64_t end) {
      for (std::int64_t k = begin; k < end; ++k) o[k] = test(x[k]) != invert;
    });
    return;
  }
  const OrdinalAddress from(in), to(out);
  for (std::int64_t k = 0; k < n; ++k) {
    S v;
    std::memcpy(&v, from(k), sizeof v);
    *reinterpret_cast<bool*>(to(k)) = test(v) != invert;
  }
}

/// Tests the shard `in` against the sorted distinct `set` (see isin_replicated for the two methods).
template <class S>
void test_against(const std::vector<S>& set, const RawView& in, const RawView& out, bool invert) {
  if (set.empty()) {
    test_shard<S>(in, out, invert, [](S) { return false; });
    return;
  }
  if constexpr (std::is_integral_v<S>) {
    const std::uint64_t low = as_word(set.front()), width = as_word(set.back()) - low;  // range - 1
    if (width < kBitmapRangeLimit) {
      std::vector<std::uint64_t> bits(static_cast<std::size_t>(width / 64 + 1), 0);
      for (S v : set) {
        const std::uint64_t d = as_word(v) - low;
        bits[d >> 6] |= std::uint64_t{1} << (d & 63);
      }
      const std::uint64_t* words = bits.data();
      test_shard<S>(in, out, invert, [words, low, width](S v) {
        const std::uint64_t d = as_word(v) - low;
        return d <= width && ((words[d >> 6] >> (d & 63)) & 1) != 0;
      });
      return;
    }
  }
  // Branchless lower bound: `base` keeps the answer within [base, base + len]; each step one load and a
  // conditional move, the same number of steps for every value. NaN compares false: never found.
  const S* first = set.data();
  const std::size_t m = set.size();
  test_shard<S>(in, out, invert, [first, m](S v) {
    std::size_t base = 0, len = m;
    while (len > 1) {
      const std::size_t half = len / 2;
      base = first[base + half] < v ? base + half : base;
      len -= half;
    }
    const std::size_t at = base + (first[base] < v ? 1 : 0);
    return at < m && first[at] == v;
  });
}

/// The storage type compared for an element type: bool bytes as uint8.
template <class T>
using compared_t = std::conditional_t<std::is_same_v<T, bool>, std::uint8_t, T>;

}  // namespace

Array isin_replicated(const Array& x1, const Array& x2, DType common, bool invert) {
  const Array a = x1.dtype() == common ? x1 : astype(x1, common);
  const Array b = x2.dtype() == common ? x2 : astype(x2, common);
  Array out = Array::allocate(DType::bool_, x1.grid(), x1.layout(), {}, /*zero=*/false);
  visit_dtype(common, [&]<class T>() {
    using S = compared_t<T>;
    if constexpr (std::is_arithmetic_v<S>) {
      const std::vector<S> set = replicated_set<S>(b);  // on every rank: a collective
      if (a.holds_shard()) test_against<S>(set, a.local(), out.local(), invert);
    }
  });
  return out;
}

}  // namespace gingham::detail
