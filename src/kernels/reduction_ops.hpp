#pragma once
// The reduction operations as small structs over one element type T (internal). Each has a Partial (the
// running result of any subset of elements), identity(), add(partial, value, global_index), add_row()
// for a strided row, and combine(earlier, later). Integer sums and products accumulate modulo 2^64, which
// equals wrapping in any narrower result type; floating-point ones in double (complex<double>).

#include <cmath>
#include <complex>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

#include "gingham/distributions/axis_map.hpp"

namespace gingham::detail {

/// The global index contribution (index times its row-major stride over the reduced axes) of local
/// index l along the row's axis; zero when the row's axis is kept or the operation needs no indices.
struct RowIndex {
  const AxisMap* map = nullptr;
  int part = 0;
  std::int64_t stride = 0;
  std::int64_t first = 0;  // the local index of the row's (or row piece's) first element
  std::int64_t operator()(std::int64_t l) const { return map ? map->to_global(part, first + l) * stride : 0; }
};

template <class T> inline constexpr bool is_complex_element = false;
template <class T> inline constexpr bool is_complex_element<std::complex<T>> = true;

/// The accumulator of sums and products of T.
template <class T>
using accumulator_t = std::conditional_t<is_complex_element<T>, std::complex<double>,
                                         std::conditional_t<std::is_floating_point_v<T>, double, std::uint64_t>>;

template <class T>
accumulator_t<T> to_accumulator(T v) {
  return static_cast<accumulator_t<T>>(v);
}

/// Sum: several independent accumulators on dense rows (vectorisable; summed pairwise at the end).
template <class T>
struct SumOp {
  using Partial = accumulator_t<T>;
  static constexpr bool needs_index = false;
  Partial identity() const { return Partial(0); }
  void add(Partial& p, T v, std::int64_t) const { p += to_accumulator(v); }
  void combine(Partial& a, const Partial& b) const { a += b; }
  void add_row(Partial& p, const T* a, std::int64_t n, std::int64_t stride, const RowIndex&, std::int64_t) const {
    if (stride == 1) {
      Partial acc[8] = {};
      std::int64_t i = 0;
      for (; i + 8 <= n; i += 8) {
        for (int j = 0; j < 8; ++j) acc[j] += to_accumulator(a[i + j]);
      }
      for (; i < n; ++i) acc[0] += to_accumulator(a[i]);
      p += ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
      return;
    }
    for (std::int64_t i = 0; i < n; ++i) p += to_accumulator(a[i * stride]);
  }
};

template <class A>
A multiply(A a, A b) {
  return a * b;  // uint64_t wraps by definition; double and complex<double> as IEEE
}

template <class T>
struct ProdOp {
  using Partial = accumulator_t<T>;
  static constexpr bool needs_index = false;
  Partial identity() const { return Partial(1); }
  void add(Partial& p, T v, std::int64_t) const { p = multiply(p, to_accumulator(v)); }
  void combine(Partial& a, const Partial& b) const { a = multiply(a, b); }
  void add_row(Partial& p, const T* a, std::int64_t n, std::int64_t stride, const RowIndex&, std::int64_t) const {
    if (stride == 1) {
      Partial acc[4] = {Partial(1), Partial(1), Partial(1), Partial(1)};
      std::int64_t i = 0;
      for (; i + 4 <= n; i += 4) {
        for (int j = 0; j < 4; ++j) acc[j] = multiply(acc[j], to_accumulator(a[i + j]));
      }
      for (; i < n; ++i) acc[0] = multiply(acc[0], to_accumulator(a[i]));
      p = multiply(p, multiply(multiply(acc[0], acc[1]), multiply(acc[2], acc[3])));
      return;
    }
    for (std::int64_t i = 0; i < n; ++i) p = multiply(p, to_accumulator(a[i * stride]));
  }
};

template <class T>
bool is_nan_element(T v) {
  if constexpr (std::is_floating_point_v<T>) return std::isnan(v);
  else return false;
}

/// 32 bytes of T as a GCC vector (real, non-bool T): its operations compile to the instructions of the
/// function that inlines them (SSE2 pairs in the baseline copy of simd_dispatch.hpp, AVX2 in the others).
template <class T>
struct Lanes {
  typedef T type __attribute__((vector_size(32)));
};

/// The signed integer type of T's width (the lanes of a comparison's result).
template <class T>
using same_width_int_t =
    std::conditional_t<sizeof(T) == 8, std::int64_t,
                       std::conditional_t<sizeof(T) == 4, std::int32_t,
                                          std::conditional_t<sizeof(T) == 2, std::int16_t, std::int8_t>>>;

/// Local. The extreme (max when Max, else min) of a[0..n) (n > 0) and whether a NaN is among the elements:
/// two running extremes of 32 bytes of lanes each and a NaN mask, in GCC vector types (compare and select:
/// vmaxpd, vpmaxsd, ... in the AVX2 and AVX-512 copies of simd_dispatch.hpp), then the lanes and the tail one
/// by one.
template <class T, bool Max>
T lanes_extreme(const T* a, std::int64_t n, bool& nan) {
  using V = typename Lanes<T>::type;
  using M = typename Lanes<same_width_int_t<T>>::type;
  constexpr std::int64_t L = 32 / sizeof(T);
  V acc0, acc1;
  M unordered = {};
  for (std::int64_t j = 0; j < L; ++j) acc0[j] = a[0];
  acc1 = acc0;
  std::int64_t i = 0;
  for (; i + 2 * L <= n; i += 2 * L) {
    V v0, v1;
    std::memcpy(&v0, a + i, sizeof v0);
    std::memcpy(&v1, a + i + L, sizeof v1);
    if constexpr (std::is_floating_point_v<T>) unordered |= (v0 != v0) | (v1 != v1);
    acc0 = (Max ? v0 > acc0 : v0 < acc0) ? v0 : acc0;
    acc1 = (Max ? v1 > acc1 : v1 < acc1) ? v1 : acc1;
  }
  T best = acc0[0];
  bool found = false;
  for (std::int64_t j = 0; j < L; ++j) {
    best = (Max ? acc0[j] > best : acc0[j] < best) ? acc0[j] : best;
    best = (Max ? acc1[j] > best : acc1[j] < best) ? acc1[j] : best;
    found |= unordered[j] != 0;
  }
  for (; i < n; ++i) {
    const T v = a[i];
    found |= is_nan_element(v);
    best = (Max ? v > best : v < best) ? v : best;
  }
  nan = found;
  return best;
}

/// min (Max = false) and max (Max = true); NaN propagates, as in NumPy.
template <class T, bool Max>
struct ExtremeOp {
  using Partial = T;
  static constexpr bool needs_index = false;
  Partial identity() const {
    if constexpr (std::is_floating_point_v<T>) return Max ? -std::numeric_limits<T>::infinity() : std::numeric_limits<T>::infinity();
    else return Max ? std::numeric_limits<T>::lowest() : std::numeric_limits<T>::max();
  }
  void add(Partial& p, T v, std::int64_t) const {
    if constexpr (std::is_floating_point_v<T>) {
      if ((Max ? v > p : v < p) || v != v) p = v;  // once p is NaN, it stays NaN
    } else {
      if (Max ? v > p : v < p) p = v;
    }
  }
  void combine(Partial& a, const Partial& b) const { add(a, b, 0); }
  /// Dense rows: the extreme of the row in vector lanes (lanes_extreme); only a row holding a NaN is walked
  /// again, for its last NaN (the one the element-wise rule keeps).
  void add_row(Partial& p, const T* a, std::int64_t n, std::int64_t stride, const RowIndex&, std::int64_t) const {
    constexpr std::int64_t L = 32 / sizeof(T);
    if (stride != 1 || n < 2 * L) {
      for (std::int64_t i = 0; i < n; ++i) add(p, a[i * stride], 0);
      return;
    }
    bool nan = false;
    const T best = lanes_extreme<T, Max>(a, n, nan);
    if (nan) {
      for (std::int64_t k = n - 1; k >= 0; --k) {
        if (is_nan_element(a[k])) {
          p = a[k];
          return;
        }
      }
    }
    add(p, best, 0);
  }
  /// Dense kept axis: p[i] (+)= a[0][i], ..., a[R - 1][i] in that order for i < n, a vector of lanes at a
  /// time (a column reduction adds each contiguous row of the input into the row of partials; R rows at
  /// once keep the partials in registers).
  template <int R>
  void add_column_rows(Partial* p, const T* const* a, std::int64_t n) const {
    using V = typename Lanes<T>::type;
    constexpr std::int64_t L = 32 / sizeof(T);
    std::int64_t i = 0;
    for (; i + L <= n; i += L) {
      V q;
      std::memcpy(&q, p + i, sizeof q);
      for (int r = 0; r < R; ++r) {
        V v;
        std::memcpy(&v, a[r] + i, sizeof v);
        if constexpr (std::is_floating_point_v<T>) {
          q = ((Max ? v > q : v < q) | (v != v)) ? v : q;
        } else {
          q = (Max ? v > q : v < q) ? v : q;
        }
      }
      std::memcpy(p + i, &q, sizeof q);
    }
    for (; i < n; ++i) {
      for (int r = 0; r < R; ++r) add(p[i], a[r][i], 0);
    }
  }
  /// Dense kept axis, one row: p[i] (+)= a[i] for i < n (add_column_rows).
  void add_columns(Partial* p, const T* a, std::int64_t n) const { add_column_rows<1>(p, &a, n); }
};

/// argmin (Max = false) and argmax (Max = true): the first extreme element; a NaN counts as more
/// extreme than any number (NumPy), so the first NaN wins.
template <class T, bool Max>
struct ArgExtremeOp {
  struct Partial {
    T value;
    std::int64_t index;  // none: no element yet
  };
  static constexpr std::int64_t none = std::numeric_limits<std::int64_t>::max();
  static constexpr bool needs_index = true;
  Partial identity() const { return {T{}, none}; }
  static bool replaces(T v, std::int64_t g, const Partial& p) {
    if (g == none) return false;
    if (p.index == none) return true;
    const bool vn = is_nan_element(v), pn = is_nan_element(p.value);
    if (vn || pn) return vn && (!pn || g < p.index);
    if (Max ? v > p.value : v < p.value) return true;
    return v == p.value && g < p.index;
  }
  void add(Partial& p, T v, std::int64_t g) const {
    if (replaces(v, g, p)) p = {v, g};
  }
  void combine(Partial& a, const Partial& b) const { add(a, b.value, b.index); }
  /// Elements per block of a dense row: a block's extreme is found without indices; the row's extreme then
  /// lies in the first block that reached it, which alone is read again for the index.
  static constexpr std::int64_t block = 1024;

  /// The extreme of a[0..n) (n > 0) and whether a NaN is among the elements (lanes_extreme).
  static T block_extreme(const T* a, std::int64_t n, bool& nan) { return lanes_extreme<T, Max>(a, n, nan); }

  /// The first i < n with a[i] == value (a NaN when Nan), which exists: 8 elements tested at a time.
  template <bool Nan>
  static std::int64_t first_of(const T* a, std::int64_t n, T value) {
    auto hit = [&](T v) { return Nan ? v != v : v == value; };
    std::int64_t i = 0;
    for (; i + 8 <= n; i += 8) {
      bool any = false;
      for (int j = 0; j < 8; ++j) any |= hit(a[i + j]);
      if (any) break;
    }
    while (!hit(a[i])) ++i;
    return i;
  }

  /// Dense rows block by block: each block's extreme (block_extreme); a block holding a NaN ends the row
  /// at its first NaN (the first NaN wins); otherwise the row's extreme is the extreme of the first block
  /// strictly beyond all blocks before it, and its index the first one in that block holding it (first_of).
  /// Strided rows: the first extreme, then the first element equal to it.
  void add_row(Partial& p, const T* a, std::int64_t n, std::int64_t stride, const RowIndex& global,
               std::int64_t base) const {
    if (n == 0) return;
    T best = a[0];
    std::int64_t first = 0;
    bool nan = false;
    if (stride == 1) {
      std::int64_t holder = 0;  // the first block holding `best`
      for (std::int64_t begin = 0; begin < n; begin += block) {
        const std::int64_t length = n - begin < block ? n - begin : block;
        const T extreme = block_extreme(a + begin, length, nan);
        if (nan) {
          holder = begin;
          break;
        }
        if (Max ? extreme > best : extreme < best) best = extreme, holder = begin;
      }
      const std::int64_t length = n - holder < block ? n - holder : block;
      first = holder + (nan ? first_of<true>(a + holder, length, best) : first_of<false>(a + holder, length, best));
    } else {
      for (std::int64_t i = 0; i < n; ++i) {
        const T v = a[i * stride];
        if constexpr (std::is_floating_point_v<T>) nan |= v != v;
        best = (Max ? v > best : v < best) ? v : best;
      }
      if (!nan) {
        while (!(a[first * stride] == best)) ++first;
      } else {
        first = 0;
        while (!is_nan_element(a[first * stride])) ++first;
      }
    }
    add(p, a[first * stride], base + global(first));
  }
};

template <class T>
bool nonzero(T v) {
  return v != T{};
}

/// all (All = true) and any (All = false). A row stops at its first deciding element (a zero for all, a
/// nonzero for any); dense rows are tested in vectorisable blocks.
template <class T, bool All>
struct LogicalOp {
  using Partial = unsigned char;
  static constexpr bool needs_index = false;
  static constexpr std::int64_t block = 256;
  Partial identity() const { return All ? 1 : 0; }
  static bool decided(Partial p) { return All ? p == 0 : p != 0; }
  void add(Partial& p, T v, std::int64_t) const { p = All ? (p & nonzero(v)) : (p | nonzero(v)); }
  void combine(Partial& a, const Partial& b) const { a = All ? (a & b) : (a | b); }
  void add_row(Partial& p, const T* a, std::int64_t n, std::int64_t stride, const RowIndex&, std::int64_t) const {
    if (stride != 1) {
      for (std::int64_t i = 0; i < n && !decided(p); ++i) add(p, a[i * stride], 0);
      return;
    }
    for (std::int64_t i = 0; i < n && !decided(p); i += block) {
      const std::int64_t end = i + block < n ? i + block : n;
      bool deciding = false;
      for (std::int64_t j = i; j < end; ++j) deciding |= All ? !nonzero(a[j]) : nonzero(a[j]);
      if (deciding) p = All ? 0 : 1;
    }
  }
};

/// count_nonzero: dense rows count in narrow vectorisable counters (bytes for 1-byte elements, 32 bits
/// otherwise) emptied into the 64-bit partial before they can overflow.
template <class T>
struct CountNonzeroOp {
  using Partial = std::int64_t;
  static constexpr bool needs_index = false;
  Partial identity() const { return 0; }
  void add(Partial& p, T v, std::int64_t) const { p += nonzero(v) ? 1 : 0; }
  void combine(Partial& a, const Partial& b) const { a += b; }
  void add_row(Partial& p, const T* a, std::int64_t n, std::int64_t stride, const RowIndex&, std::int64_t) const {
    std::int64_t i = 0;
    if (stride == 1 && sizeof(T) == 1) {
      constexpr std::int64_t lanes = 64, rounds = 255;
      for (; i + lanes * rounds <= n; i += lanes * rounds) {
        unsigned char count[lanes] = {};
        for (std::int64_t r = 0; r < rounds; ++r) {
          for (std::int64_t j = 0; j < lanes; ++j) count[j] += nonzero(a[i + r * lanes + j]) ? 1 : 0;
        }
        std::int64_t total = 0;
        for (unsigned char c : count) total += c;
        p += total;
      }
    } else if (stride == 1) {
      constexpr std::int64_t chunk = std::int64_t{1} << 20;
      for (; i + chunk <= n; i += chunk) {
        std::uint32_t count = 0;
        for (std::int64_t j = 0; j < chunk; ++j) count += nonzero(a[i + j]) ? 1 : 0;
        p += count;
      }
    }
    for (; i < n; ++i) p += nonzero(a[i * stride]) ? 1 : 0;
  }
};

/// The sum of squared magnitudes |v|^2 (real and complex floating T), accumulated in double: vector_norm's
/// one pass (no temporary x * x). Dense rows use 8 independent accumulators.
template <class T>
struct SumOfSquaresOp {
  using Partial = double;
  static constexpr bool needs_index = false;
  static double square(T v) {
    if constexpr (is_complex_element<T>) {
      const double re = v.real(), im = v.imag();
      return re * re + im * im;
    } else {
      return double(v) * double(v);
    }
  }
  Partial identity() const { return 0.0; }
  void add(Partial& p, T v, std::int64_t) const { p += square(v); }
  void combine(Partial& a, const Partial& b) const { a += b; }
  void add_row(Partial& p, const T* a, std::int64_t n, std::int64_t stride, const RowIndex&, std::int64_t) const {
    if (stride != 1) {
      for (std::int64_t i = 0; i < n; ++i) p += square(a[i * stride]);
      return;
    }
    double acc[8] = {};
    std::int64_t i = 0;
    for (; i + 8 <= n; i += 8) {
      for (int j = 0; j < 8; ++j) acc[j] += square(a[i + j]);
    }
    for (; i < n; ++i) acc[0] += square(a[i]);
    p += ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
  }
};

/// The sum of squared deviations from a per-result mean (var's second pass; real floating T). `means`
/// and `base` are parallel arrays: the partial at base[k] uses means[k].
template <class T>
struct SquaredDeviationOp {
  using Partial = double;
  static constexpr bool needs_index = false;
  const double* means = nullptr;
  const Partial* base = nullptr;
  /// add() finds a partial's mean from the partial's address: partials are updated in place, never copied.
  static constexpr bool partial_by_address = true;
  Partial identity() const { return 0.0; }
  double mean_of(const Partial& p) const { return means[&p - base]; }
  void add(Partial& p, T v, std::int64_t) const {
    const double d = double(v) - mean_of(p);
    p += d * d;
  }
  void combine(Partial& a, const Partial& b) const { a += b; }
  void add_row(Partial& p, const T* a, std::int64_t n, std::int64_t stride, const RowIndex&, std::int64_t) const {
    add_deviations(p, mean_of(p), a, n, stride);
  }
  /// The partial of a piece of the row whose partial is `target` (the engine cuts long rows into pieces).
  Partial piece(const Partial& target, const T* a, std::int64_t n, std::int64_t stride, const RowIndex&,
                std::int64_t) const {
    Partial p = 0.0;
    add_deviations(p, mean_of(target), a, n, stride);
    return p;
  }
  void add_deviations(Partial& p, double mu, const T* a, std::int64_t n, std::int64_t stride) const {
    double acc[4] = {};
    std::int64_t i = 0;
    for (; i + 4 <= n; i += 4) {
      for (int j = 0; j < 4; ++j) {
        const double d = double(a[(i + j) * stride]) - mu;
        acc[j] += d * d;
      }
    }
    for (; i < n; ++i) {
      const double d = double(a[i * stride]) - mu;
      acc[0] += d * d;
    }
    p += (acc[0] + acc[1]) + (acc[2] + acc[3]);
  }
};

}  // namespace gingham::detail
