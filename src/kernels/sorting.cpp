// sort and argsort (gingham/kernels/sorting.hpp). Along a non-distributed axis: each line of each shard
// sorted locally. Along the distributed axis of a 1-D array: a sample sort over the ranks of that grid
// axis (local sort, regular samples, splitters with ties broken by global position, one exchange into
// buckets, a stable merge, one exchange more to the Block owners; both through an ExchangePlan). The
// argsort of real and integer keys sorts 128-bit (key code, index) codes instead, in buckets sent in rounds
// from x's own layout (bucketed_argsort.hpp). N-D
// along a distributed axis: moved to a layout in which that axis is local, sorted there, and moved back.
#include "gingham/kernels/sorting.hpp"
#include "gingham/array/call_arguments.hpp"
#include "gingham/distributions/derived.hpp"

#include <mpi.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdint>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "gingham/array/redistribute.hpp"
#include "gingham/core/collective_errors.hpp"
#include "gingham/core/format.hpp"
#include "gingham/core/memory.hpp"
#include "gingham/core/mpi_check.hpp"
#include "gingham/plans/exchange.hpp"
#include "local_sort.hpp"
#include "threaded_sort.hpp"
#include "sort_codes.hpp"
#include "bucketed_argsort.hpp"
#include "reduction_engine.hpp"

namespace gingham {
namespace {

template <class T>
struct is_complex : std::false_type {};
template <class T>
struct is_complex<std::complex<T>> : std::true_type {};

/// NumPy's ascending order: NaNs last; complex lexicographic by (real, imag) with NumPy's NaN rules.
template <class T>
struct KeyLess {
  bool operator()(const T& a, const T& b) const noexcept {
    if constexpr (std::is_floating_point_v<T>) {
      return std::isnan(b) ? !std::isnan(a) : a < b;
    } else if constexpr (is_complex<T>::value) {  // numpy/core/src/npysort/npysort_common.h (CFLOAT_LT)
      const auto ar = a.real(), ai = a.imag(), br = b.real(), bi = b.imag();
      if (ar < br) return ai == ai || bi != bi;
      if (ar > br) return bi != bi && ai == ai;
      if (ar == br || (ar != ar && br != br)) return ai < bi || (bi != bi && ai == ai);
      return br != br;
    } else {
      return a < b;
    }
  }
};

/// The sort order of keys: ascending, or its reverse.
template <class T, bool Descending>
struct Order {
  static constexpr bool descending = Descending;
  bool operator()(const T& a, const T& b) const noexcept {
    return Descending ? KeyLess<T>{}(b, a) : KeyLess<T>{}(a, b);
  }
};

/// A key and its global index along the sorted axis (argsort).
template <class T>
struct Pair {
  T key;
  std::int64_t index;
};

template <class T>
const T& key_of(const T& e) {
  return e;
}
template <class T>
const T& key_of(const Pair<T>& e) {
  return e.key;
}

/// Orders elements (keys, or pairs by key) by `Cmp` on their keys.
template <class Cmp>
struct ByKey {
  template <class E>
  bool operator()(const E& a, const E& b) const noexcept {
    return Cmp{}(key_of(a), key_of(b));
  }
};

template <class It, class C>
void sort_range(It first, It last, C cmp, bool stable) {
  if (stable)
    std::stable_sort(first, last, cmp);
  else
    std::sort(first, last, cmp);
}

/// Sorts one run of keys S (E = S) or (key, index) pairs (E = Pair<S>, complex keys: real and integer keys
/// are argsorted by codes, sort_codes.hpp) in Cmp's order: vqsort for real and integer keys
/// (local_sort.hpp; on this rank's threads for long runs, threaded_sort.hpp), std::sort / std::stable_sort
/// otherwise.
template <class S, class Cmp, class E>
void sort_run(scratch_vector<E>& run, bool stable) {
  if constexpr (std::is_same_v<E, S> && detail::vqsort_keys<S>) {
    detail::threaded_sort_keys(run, Cmp::descending, stable);
  } else {
    sort_range(run.begin(), run.end(), ByKey<Cmp>{}, stable);
  }
}

/// The element offsets of the lines along `axis` of a shard of `shape` with strides `a` and `b`.
void line_offsets(const std::vector<std::int64_t>& shape, int axis, const std::vector<std::int64_t>& a,
                  const std::vector<std::int64_t>& b, std::vector<std::int64_t>& off_a,
                  std::vector<std::int64_t>& off_b) {
  off_a.assign(1, 0);
  off_b.assign(1, 0);
  for (int k = 0; k < static_cast<int>(shape.size()); ++k) {
    if (k == axis) continue;
    std::vector<std::int64_t> next_a, next_b;
    next_a.reserve(off_a.size() * shape[k]);
    next_b.reserve(off_b.size() * shape[k]);
    for (std::size_t j = 0; j < off_a.size(); ++j) {
      for (std::int64_t i = 0; i < shape[k]; ++i) {
        next_a.push_back(off_a[j] + i * a[k]);
        next_b.push_back(off_b[j] + i * b[k]);
      }
    }
    off_a.swap(next_a);
    off_b.swap(next_b);
  }
}

/// What a line of S keys is sorted as: the keys themselves (sort), 128-bit codes (argsort of real and
/// integer keys, sort_codes.hpp) or (key, index) pairs (argsort of complex keys).
template <class S, bool Arg>
using line_element_t = std::conditional_t<!Arg, S, std::conditional_t<detail::vqsort_pairs<S>, detail::SortCode, Pair<S>>>;

/// Sorts every line of x's shard along the (local) `axis` into z's shard: keys (S) or int64 indices.
template <class S, class Cmp, bool Arg>
void sort_lines(const Array& x, int axis, const Array& z, bool stable) {
  if (!x.holds_shard()) return;
  const RawView in = x.local(), out = z.local();
  if (in.size() == 0) return;
  const std::vector<std::int64_t> shape = x.local_shape();
  std::vector<std::int64_t> in_off, out_off;
  line_offsets(shape, axis, in.strides, out.strides, in_off, out_off);
  const std::int64_t len = shape[axis], is = in.strides[axis], os = out.strides[axis];
  const S* data = reinterpret_cast<const S*>(in.data);
  const AxisMap& map = x.distribution().axis_map(axis);
  const int part = x.distribution().part_of(axis, x.grid().coords());
  using E = line_element_t<S, Arg>;
  constexpr bool codes = std::is_same_v<E, detail::SortCode>;
  scratch_vector<E> line(static_cast<std::size_t>(len));
  for (std::size_t j = 0; j < in_off.size(); ++j) {
    for (std::int64_t i = 0; i < len; ++i) {
      if constexpr (codes)
        line[i] = detail::sort_code(data[in_off[j] + i * is], map.to_global(part, i), Cmp::descending);
      else if constexpr (Arg)
        line[i] = Pair<S>{data[in_off[j] + i * is], map.to_global(part, i)};
      else
        line[i] = data[in_off[j] + i * is];
    }
    if constexpr (codes)
      detail::sort_codes(line.data(), line.size());
    else
      sort_run<S, Cmp>(line, stable);
    if constexpr (codes) {
      auto* o = reinterpret_cast<std::int64_t*>(out.data);
      for (std::int64_t i = 0; i < len; ++i) o[out_off[j] + i * os] = static_cast<std::int64_t>(line[i].lo);
    } else if constexpr (Arg) {
      auto* o = reinterpret_cast<std::int64_t*>(out.data);
      for (std::int64_t i = 0; i < len; ++i) o[out_off[j] + i * os] = line[i].index;
    } else {
      auto* o = reinterpret_cast<S*>(out.data);
      for (std::int64_t i = 0; i < len; ++i) o[out_off[j] + i * os] = line[i];
    }
  }
}

/// Local. Regular samples each rank contributes to a sample sort over p ranks: 32 per rank of the line and at
/// least 1024, so that buckets differ from n / p by about n / (32 p^2) or n / (1024 p) elements at most (the
/// weight of one sample), and at most the n_local elements there are.
std::int64_t samples_per_rank(std::int64_t n_local, int p) {
  return std::min<std::int64_t>(n_local, std::max<std::int64_t>(32LL * p, 1024));
}

/// A sample of the sample sort: a key, its position in the global order of the local runs, its weight.
template <class S>
struct Sample {
  S key;
  std::int64_t position;
  double weight;
};

/// Collective over `line` (+ `agree`, the grid communicator, for allocation agreement). Exchanges
/// elements through an ExchangePlan: send[j] holds counts[j] elements for line rank j (contiguous, in
/// order). Returns the received elements (or writes them to `into` when it is not null: then it must
/// hold what arrives), and their counts per source rank in `received_counts`.
template <class E>
scratch_vector<E> exchange(const Comm& line, const Comm& agree, const scratch_vector<E>& send,
                        const std::vector<std::int64_t>& counts, E* into,
                        std::vector<std::int64_t>* received_counts = nullptr) {
  const ExchangePlan plan = ExchangePlan::from_counts(line, counts);
  scratch_vector<E> received;
  agree_on_errors(agree, [&] {
    if (!into) received.resize(static_cast<std::size_t>(plan.receive_total()));
  });
  plan.forward(send.data(), sizeof(E), into ? into : received.data());
  if (received_counts) *received_counts = plan.receive_counts();
  return received;
}

/// The line of ranks a sample sort runs over, and this rank's Block range of the 1-D result z.
struct SortLine {
  explicit SortLine(const Array& z)
      : line(z.grid().axis_comm(z.distribution().grid_axis_of(0))),
        agree(z.grid().grid_comm()),
        p(line.size()),
        map(z.distribution().axis_map(0)),
        n(map.extent()),
        n_local(map.local_extent(z.distribution().part_of(0, z.grid().coords()))),
        offset(n_local > 0 ? map.to_global(z.distribution().part_of(0, z.grid().coords()), 0) : 0) {}
  const Comm& line;   ///< the ranks along the sorted axis' grid axis
  const Comm& agree;  ///< the grid's ranks (allocation agreement)
  int p;
  const AxisMap& map;
  std::int64_t n, n_local, offset;  ///< global length, this rank's Block length and first global index
};

/// Collective over `line` (one MPI_Exscan). How many of this rank's m sorted elements, which follow those
/// of the ranks before it in global order, go to each line rank's Block range of `map`.
std::vector<std::int64_t> block_owner_counts(const Comm& line, const AxisMap& map, std::int64_t m) {
  std::int64_t start = 0;
  GINGHAM_MPI(MPI_Exscan(&m, &start, 1, MPI_INT64_T, MPI_SUM, line.get()));
  if (line.rank() == 0) start = 0;
  std::vector<std::int64_t> counts(static_cast<std::size_t>(line.size()));
  for (int j = 0; j < line.size(); ++j) {
    const std::int64_t len = map.local_extent(j);
    const std::int64_t b = len > 0 ? map.to_global(j, 0) : 0;
    const std::int64_t lo = std::max(b, start), hi = std::min(b + len, start + m);
    counts[j] = len > 0 && hi > lo ? hi - lo : 0;
  }
  return counts;
}

/// Local. Where each of P buckets starts in a local run of n_local elements (and n_local at the end): the
/// sorted samples `all` (each with a .weight, the elements it stands for) walked by weight to the P - 1
/// global targets n j / P, the local position of each splitter sample given by place(sample).
template <class Sample, class Place>
std::vector<std::int64_t> split_by_weight(const std::vector<Sample>& all, std::int64_t n, int p, std::int64_t n_local,
                                          const Place& place) {
  std::vector<std::int64_t> split(p + 1, n_local);
  split[0] = 0;
  double acc = 0;
  std::size_t k = 0;
  for (int j = 1; j < p; ++j) {
    const double target = double(n) * j / p;
    while (k < all.size() && acc + all[k].weight / 2 < target) acc += all[k].weight, ++k;
    if (k == all.size()) break;  // the remaining buckets start at the end
    split[j] = std::max(place(all[k]), split[j - 1]);
  }
  return split;
}

/// The sample sort of the Block-laid-out 1-D xb over `line` into z (Block result, the same layout as xb:
/// keys S or int64). xb is released once copied into the local run (it may be a temporary Block copy).
template <class S, class Cmp, bool Arg>
void sample_sort(std::optional<Array>& xb, const Array& z, bool stable) {
  if (!z.holds_shard()) return;
  using E = std::conditional_t<Arg, Pair<S>, S>;
  const SortLine geometry(z);
  const Comm &line = geometry.line, &agree = geometry.agree;
  const int p = geometry.p;
  const std::int64_t n = geometry.n, n_local = geometry.n_local, offset = geometry.offset;
  const Cmp cmp;
  // 1. The sorted local run.
  scratch_vector<E> run;
  agree_on_errors(agree, [&] { run.resize(static_cast<std::size_t>(n_local)); });
  {
    const RawView in = xb->local();
    const S* data = reinterpret_cast<const S*>(in.data);
    const std::int64_t st = n_local > 0 ? in.strides[0] : 1;
    for (std::int64_t i = 0; i < n_local; ++i) {
      if constexpr (Arg)
        run[i] = Pair<S>{data[i * st], offset + i};
      else
        run[i] = data[i * st];
    }
  }
  xb.reset();
  sort_run<S, Cmp>(run, stable);
  // 2. Regular samples, gathered; P - 1 splitters by weight. The total order is (key, position).
  const std::int64_t s_local = samples_per_rank(n_local, p);
  std::vector<Sample<S>> samples(static_cast<std::size_t>(s_local));
  for (std::int64_t k = 0; k < s_local; ++k) {
    const std::int64_t i = (2 * k + 1) * n_local / (2 * s_local);
    samples[k] = Sample<S>{key_of(run[i]), offset + i, double(n_local) / double(s_local)};
  }
  std::vector<int> sample_counts(p), sample_displs(p);
  const int my_count = static_cast<int>(s_local);
  GINGHAM_MPI(MPI_Allgather(&my_count, 1, MPI_INT, sample_counts.data(), 1, MPI_INT, line.get()));
  int total_samples = 0;
  for (int j = 0; j < p; ++j) sample_displs[j] = total_samples, total_samples += sample_counts[j];
  std::vector<Sample<S>> all(static_cast<std::size_t>(total_samples));
  {
    const detail::ByteBlockType type(sizeof(Sample<S>));
    GINGHAM_MPI(MPI_Allgatherv(samples.data(), my_count, type.get(), all.data(), sample_counts.data(),
                               sample_displs.data(), type.get(), line.get()));
  }
  auto sample_less = [&](const Sample<S>& a, const Sample<S>& b) {
    if (cmp(a.key, b.key)) return true;
    if (cmp(b.key, a.key)) return false;
    return a.position < b.position;
  };
  std::sort(all.begin(), all.end(), sample_less);
  // split[j]: where bucket j starts in the local run.
  const std::vector<std::int64_t> split = split_by_weight(all, n, p, n_local, [&](const Sample<S>& s) {
    const auto lo = std::lower_bound(run.begin(), run.end(), s.key,
                                     [&](const E& e, const S& key) { return cmp(key_of(e), key); });
    const auto hi =
        std::upper_bound(lo, run.end(), s.key, [&](const S& key, const E& e) { return cmp(key, key_of(e)); });
    return std::clamp(s.position - offset, std::int64_t(lo - run.begin()), std::int64_t(hi - run.begin()));
  });
  std::vector<std::int64_t> counts(p);
  for (int j = 0; j < p; ++j) counts[j] = split[j + 1] - split[j];
  // 3. The buckets, merged (stable: runs arrive in rank order, which is position order for equal keys).
  std::vector<std::int64_t> recv_counts;
  scratch_vector<E> bucket = exchange<E>(line, agree, run, counts, nullptr, &recv_counts);
  scratch_vector<E>().swap(run);
  {  // pairwise stable merges of the received runs (first run first on ties)
    std::vector<std::int64_t> bounds(1, 0);
    for (int j = 0; j < p; ++j) bounds.push_back(bounds.back() + recv_counts[j]);
    while (bounds.size() > 2) {
      std::vector<std::int64_t> next(1, 0);
      for (std::size_t r = 0; r + 1 < bounds.size(); r += 2) {
        if (r + 2 < bounds.size()) {
          std::inplace_merge(bucket.begin() + bounds[r], bucket.begin() + bounds[r + 1], bucket.begin() + bounds[r + 2],
                             ByKey<Cmp>{});
          next.push_back(bounds[r + 2]);
        } else {
          next.push_back(bounds[r + 1]);
        }
      }
      bounds.swap(next);
    }
  }
  // 4. To the Block owners of the global positions.
  const std::int64_t m = static_cast<std::int64_t>(bucket.size());
  counts = block_owner_counts(line, z.distribution().axis_map(0), m);
  const RawView out = z.local();
  if constexpr (Arg) {
    scratch_vector<std::int64_t> indices;
    agree_on_errors(agree, [&] { indices.resize(static_cast<std::size_t>(m)); });
    for (std::int64_t i = 0; i < m; ++i) indices[i] = bucket[i].index;
    scratch_vector<E>().swap(bucket);
    exchange<std::int64_t>(line, agree, indices, counts, reinterpret_cast<std::int64_t*>(out.data));
  } else {
    exchange<S>(line, agree, bucket, counts, reinterpret_cast<S*>(out.data));
  }
}

/// Collective over x.grid().comm() (one agreement on the allocation). The argsort of a 1-D x held whole on
/// each rank of its grid, in the memory of its own codes: 16 bytes per element allocated, the codes
/// sorted, their indices packed into the first half and the second half given back (release_pages), the
/// result wrapping that memory. Peak memory beyond x: 16 bytes per element (the int64 result + 8).
template <class S, class Cmp>
Array argsort_whole_line(const Array& x) {
  const bool holds = x.holds_shard();
  const std::int64_t n = holds ? x.local().size() : 0;
  const std::size_t bytes = static_cast<std::size_t>(std::max<std::int64_t>(n, 1)) * sizeof(detail::SortCode);
  std::byte* memory = nullptr;
  agree_on_errors(x.grid().comm(), [&] {
    if (holds) memory = allocate_raw_memory(bytes, "argsort's (key, index) codes");
  });
  if (!holds) return Array::wrap(DType::int64, x.grid(), x.layout(), nullptr, {0}, nullptr);
  std::shared_ptr<void> keep(memory, [bytes](void* p) { free_memory(static_cast<std::byte*>(p), bytes); });
  auto* codes = reinterpret_cast<detail::SortCode*>(memory);
  const RawView in = x.local();
  const S* data = reinterpret_cast<const S*>(in.data);
  const std::int64_t step = in.strides[0];
  const AxisMap& map = x.distribution().axis_map(0);
  const int part = x.distribution().part_of(0, x.grid().coords());
  for (std::int64_t i = 0; i < n; ++i) codes[i] = detail::sort_code(data[i * step], map.to_global(part, i), Cmp::descending);
  detail::sort_codes(codes, static_cast<std::size_t>(n));
  detail::pack_indices(codes, static_cast<std::size_t>(n));
  detail::release_pages(memory + n * sizeof(std::int64_t), memory + bytes);
  return Array::wrap(DType::int64, x.grid(), x.layout(), memory, {1}, std::move(keep));
}

/// The argsort of the 1-D x of real or integer keys, in any layout along its distributed axis, into z (int64,
/// Block over the same ranks; allocated untouched, MemoryFill::none): bucketed_argsort.hpp, its bucket
/// numbers in the narrowest type that holds them.
template <class S>
void distributed_argsort(const Array& x, const Array& z, bool descending) {
  if (!z.holds_shard()) return;
  const SortLine geometry(z);
  const int buckets = geometry.p * detail::argsort_rounds(geometry.n, geometry.p);
  auto* out = reinterpret_cast<std::int64_t*>(z.local().data);
  if (buckets <= 256)
    detail::bucketed_argsort_with<S, std::uint8_t>(x, descending, geometry.line, geometry.agree, geometry.map,
                                                  geometry.n_local, geometry.offset, out);
  else if (buckets <= 65536)
    detail::bucketed_argsort_with<S, std::uint16_t>(x, descending, geometry.line, geometry.agree, geometry.map,
                                                   geometry.n_local, geometry.offset, out);
  else
    detail::bucketed_argsort_with<S, std::uint32_t>(x, descending, geometry.line, geometry.agree, geometry.map,
                                                   geometry.n_local, geometry.offset, out);
}

/// The storage type sorted for an element type: bool bytes sort as uint8 (no std::vector<bool>).
template <class T>
using storage_t = std::conditional_t<std::is_same_v<T, bool>, std::uint8_t, T>;

Array sort_impl(const Array& x, int axis_in, bool descending, bool stable, bool arg) {
  const char* name = arg ? "argsort" : "sort";
  const int nd = x.ndim();
  if (axis_in < -nd || axis_in >= nd) {
    throw std::out_of_range(std::string(name) + ": axis " + std::to_string(axis_in) +
                            " is out of bounds for an array of dimension " + std::to_string(nd));
  }
  const int axis = axis_in < 0 ? axis_in + nd : axis_in;
  const Distribution& d = x.distribution();
  const int grid_axis = d.grid_axis_of(axis);
  const bool distributed = grid_axis >= 0 && d.grid_dims()[grid_axis] > 1;
  const DType out_dtype = arg ? DType::int64 : x.dtype();
  auto dispatch = [&](auto&& body) {
    visit_dtype(x.dtype(), [&]<class T>() {
      using S = storage_t<T>;
      if (descending)
        body.template operator()<S, Order<S, true>>();
      else
        body.template operator()<S, Order<S, false>>();
    });
  };
  if (!distributed && arg && nd == 1) {
    // One line: long ones on a grid axis (of one rank) as the distributed argsort over that one rank, in
    // rounds (less memory); others in the memory of their codes, which the result reuses.
    const std::int64_t n = d.global_shape()[0];
    const bool in_rounds = grid_axis >= 0 && detail::argsort_rounds(n, 1) > 1;
    std::optional<Array> z;
    dispatch([&]<class S, class Cmp>() {
      if constexpr (detail::vqsort_pairs<S>) {
        if (!in_rounds) return void(z = argsort_whole_line<S, Cmp>(x));
        z = Array::allocate(out_dtype, x.grid(), x.layout(), {}, /*zero=*/false);
        distributed_argsort<S>(x, *z, Cmp::descending);
      }
    });
    if (z) return std::move(*z);
  }
  if (!distributed) {
    Array z = Array::allocate(out_dtype, x.grid(), x.layout(), {}, /*zero=*/false);
    dispatch([&]<class S, class Cmp>() {
      if (arg)
        sort_lines<S, Cmp, true>(x, axis, z, stable);
      else
        sort_lines<S, Cmp, false>(x, axis, z, stable);
    });
    return z;
  }
  if (nd > 1) {
    // Move the grid axis to another axis that is not distributed, or spread over a grid axis of extent 1
    // (the longest such axis), sort locally, move back.
    int other = -1;
    for (int a = 0; a < nd; ++a) {
      const bool free = d.grid_axis_of(a) < 0 || d.grid_dims()[d.grid_axis_of(a)] == 1;  // not spread in fact
      if (a != axis && free && (other < 0 || d.global_shape()[a] > d.global_shape()[other])) other = a;
    }
    if (other < 0) {
      throw NotImplementedError(std::string(name) + ": sorting along distributed axis " + std::to_string(axis) +
                                " of an array whose axes are all distributed (" + d.describe() +
                                ") is not implemented; redistribute it so that the sort axis or another axis is "
                                "not distributed");
    }
    // The sort axis local, its grid axis taken over by `other`.
    auto local = std::make_shared<const Distribution>(derived::with_axis(
        derived::local_along(d, axis), other, d.global_shape()[other], AxisLayout::block(), grid_axis));
    const Array sorted = [&] {  // the moved copy is freed before the way back: at most 2 shards at once
      const Array moved = redistribute(x, local);
      return sort_impl(moved, axis, descending, stable, arg);
    }();
    return redistribute(sorted, x.layout());
  }
  // 1-D along a distributed axis: into the Block layout; the argsort of real and integer keys from x's own
  // layout (bucketed_argsort.hpp), the others by the sample sort from a Block copy.
  const std::int64_t n = d.global_shape()[0];
  auto block = std::make_shared<const Distribution>(derived::with_axis(d, 0, n, AxisLayout::block()));
  Array z = Array::allocate(out_dtype, x.grid(), block, {}, /*zero=*/false);
  dispatch([&]<class S, class Cmp>() {
    if constexpr (detail::vqsort_pairs<S>) {
      if (arg) return distributed_argsort<S>(x, z, Cmp::descending);
    }
    std::optional<Array> xb(d == *block ? x : redistribute(x, block));
    if (arg)
      sample_sort<S, Cmp, true>(xb, z, stable);  // complex keys: (key, index) pairs
    else
      sample_sort<S, Cmp, false>(xb, z, stable);
  });
  return z;
}

}  // namespace

Array sort(const Array& x, int axis, bool descending, bool stable) {
  const auto checked = check_call(x.grid().comm(), "sort", arg("x", x), arg("axis", axis),
                                  arg("descending", descending), arg("stable", stable));
  return sort_impl(x, axis, descending, stable, false);
}

Array argsort(const Array& x, int axis, bool descending, bool stable) {
  const auto checked = check_call(x.grid().comm(), "argsort", arg("x", x), arg("axis", axis),
                                  arg("descending", descending), arg("stable", stable));
  return sort_impl(x, axis, descending, stable, true);
}

}  // namespace gingham
