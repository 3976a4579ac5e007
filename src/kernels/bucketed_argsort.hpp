#pragma once
// The argsort of a 1-D array distributed over a line of P ranks (internal; sorting.cpp's argsort of real and
// integer keys). Each element is one 128-bit code (sort_codes.hpp: key code above global index, so the
// codes' plain order is the stable order). Regular samples of the codes cut the global order into P K
// buckets; bucket j K + r goes to rank j in round r. A pass over x records each element's bucket (one byte
// each); round r sends every rank's elements of buckets r, K + r, 2 K + r, ... (their codes built as they are
// packed), and each rank sorts what it received and writes its indices straight into its Block part of the
// result, keeping aside the few whose positions lie in a neighbour's part (the buckets' sizes are only
// close to the Block parts'), which one last exchange delivers. Peak memory beyond x and the result: one
// byte per element, two rounds' codes (about 2 x 16 / K bytes per element) and the few positions aside.

#include <mpi.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "gingham/array/array.hpp"
#include "gingham/core/collective_errors.hpp"
#include "gingham/core/memory.hpp"
#include "gingham/core/mpi_check.hpp"
#include "gingham/plans/exchange.hpp"
#include "reduction_engine.hpp"
#include "sort_codes.hpp"

namespace gingham::detail {

/// Local. Calls f(global_begin, local_begin, length) for each block of consecutive global indices that
/// `part` holds along an axis laid out by `map`, in local order (one call for Block, one per element for
/// Cyclic), with no per-element division.
template <class F>
void for_each_owned_block(const AxisMap& map, int part, F&& f) {
  const std::int64_t count = map.owned_block_count(part);
  if (count == 0) return;
  const OwnedBlock first = map.owned_block(part, 0);
  const std::int64_t nb = map.block_size(), held = map.local_extent(part);
  const std::int64_t step = count > 1 ? nb * map.parts() : 0;  // between the part's blocks (only when it has several)
  for (std::int64_t b = 0, global = first.global_begin; b < count; ++b, global += step) {
    f(global, b * nb, std::min(nb, held - b * nb));  // only the last block may be short
  }
}

/// Local. Bit k set when first + (ids[k] - first) < count for k in [0, 64), that is when byte ids[k] lies in
/// [first, first + count) (first + count <= 256): which of 64 elements a round sends. SSE2 (every x86-64).
inline std::uint64_t round_mask_64(const std::uint8_t* ids, int first, int count) noexcept {
#if defined(__SSE2__)
  const __m128i base = _mm_set1_epi8(static_cast<char>(first)), last = _mm_set1_epi8(static_cast<char>(count - 1));
  std::uint64_t mask = 0;
  for (int q = 0; q < 4; ++q) {
    const __m128i offset = _mm_sub_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(ids + 16 * q)), base);
    const __m128i inside = _mm_cmpeq_epi8(_mm_min_epu8(offset, last), offset);  // offset <= count - 1, unsigned
    mask |= static_cast<std::uint64_t>(static_cast<std::uint16_t>(_mm_movemask_epi8(inside))) << (16 * q);
  }
  return mask;
#else
  std::uint64_t mask = 0;
  for (int k = 0; k < 64; ++k)
    mask |= std::uint64_t(static_cast<unsigned>(ids[k] - first) < static_cast<unsigned>(count)) << k;
  return mask;
#endif
}

/// A regular sample of the codes and the number of elements it stands for.
struct WeightedCode {
  SortCode code;
  double weight;
};

inline bool code_before(const SortCode& a, const SortCode& b) noexcept {
  return a.hi < b.hi || (a.hi == b.hi && a.lo < b.lo);
}

/// Local. A deterministic scramble of v (splitmix64's finalizer), for sample positions that no period of
/// the data lines up with.
inline std::uint64_t scramble(std::uint64_t v) noexcept {
  v += 0x9e3779b97f4a7c15ULL;
  v = (v ^ (v >> 30)) * 0xbf58476d1ce4e5b9ULL;
  v = (v ^ (v >> 27)) * 0x94d049bb133111ebULL;
  return v ^ (v >> 31);
}

/// The buckets' bounds in code order: bucket b holds the codes c with bounds[b - 1] <= c < bounds[b]
/// (bounds[-1] = 0, the last bucket unbounded), found by a branch-free binary search over a table padded
/// with the largest code to a power of two (find).
class BucketBounds {
 public:
  explicit BucketBounds(std::vector<SortCode> inner) {
    std::size_t width = 1;
    while (width < inner.size() + 1) width *= 2;
    SortCode top;
    top.hi = top.lo = std::numeric_limits<std::uint64_t>::max();  // above every code (indices are < 2^63)
    inner.resize(width - 1, top);
    table_ = std::move(inner);
    width_ = width;
  }
  /// Local. found[k] = the bucket of codes[k] (how many inner bounds are <= it) for k < count, searched
  /// level by level over all of them, so that the searches do not wait on one another.
  void find(const SortCode* codes, int* found, std::int64_t count) const noexcept {
    for (std::int64_t k = 0; k < count; ++k) found[k] = 0;
    for (std::size_t half = width_ / 2; half > 0; half /= 2) {
      for (std::int64_t k = 0; k < count; ++k) {
        const SortCode& bound = table_[found[k] + half - 1];
        const bool at_or_after = (codes[k].hi > bound.hi) | ((codes[k].hi == bound.hi) & (codes[k].lo >= bound.lo));
        found[k] += static_cast<int>(half) * static_cast<int>(at_or_after);
      }
    }
  }

 private:
  std::vector<SortCode> table_;
  std::size_t width_ = 1;
};

/// Collective over `line`. P K - 1 inner bounds cutting the codes of all ranks into P K buckets of about
/// n / (P K) elements each, from regular samples (one per stretch of the local elements, at a scrambled
/// place within it) gathered over `line` and walked by weight. Cost: an MPI_Allgather and an
/// MPI_Allgatherv of up to max(4096, 64 P K) samples per rank, and their sort.
template <class Code>
BucketBounds sample_bucket_bounds(const Comm& line, std::int64_t n, std::int64_t x_local, int buckets,
                                  const Code& code_at) {
  const int p = line.size();
  const std::int64_t s_local = std::min<std::int64_t>(x_local, std::max<std::int64_t>(4096, 64LL * buckets));
  std::vector<WeightedCode> samples(static_cast<std::size_t>(s_local));
  for (std::int64_t t = 0; t < s_local; ++t) {
    const std::int64_t begin = t * x_local / s_local, end = (t + 1) * x_local / s_local;
    const auto place = static_cast<std::int64_t>(scramble(static_cast<std::uint64_t>(t) * 131 + line.rank()) %
                                                 static_cast<std::uint64_t>(end - begin));
    samples[t] = WeightedCode{code_at(begin + place), double(x_local) / double(s_local)};
  }
  std::vector<int> counts(p), displacements(p);
  const int mine = static_cast<int>(s_local);
  GINGHAM_MPI(MPI_Allgather(&mine, 1, MPI_INT, counts.data(), 1, MPI_INT, line.get()));
  int total = 0;
  for (int j = 0; j < p; ++j) displacements[j] = total, total += counts[j];
  std::vector<WeightedCode> all(static_cast<std::size_t>(total));
  {
    const ByteBlockType type(sizeof(WeightedCode));
    GINGHAM_MPI(MPI_Allgatherv(samples.data(), mine, type.get(), all.data(), counts.data(), displacements.data(),
                               type.get(), line.get()));
  }
  std::sort(all.begin(), all.end(), [](const WeightedCode& a, const WeightedCode& b) { return code_before(a.code, b.code); });
  std::vector<SortCode> inner;
  inner.reserve(static_cast<std::size_t>(buckets - 1));
  double accumulated = 0;
  std::size_t k = 0;
  for (int b = 1; b < buckets; ++b) {
    const double target = double(n) * b / buckets;
    while (k < all.size() && accumulated + all[k].weight / 2 < target) accumulated += all[k].weight, ++k;
    if (k == all.size()) break;  // the remaining buckets are empty (bounded by the padding's top code)
    inner.push_back(all[k].code);
  }
  while (static_cast<int>(inner.size()) < buckets - 1) {
    SortCode top;
    top.hi = top.lo = std::numeric_limits<std::uint64_t>::max();
    inner.push_back(top);
  }
  return BucketBounds(std::move(inner));
}

/// The rounds of a bucketed argsort of n elements over P ranks: enough that a round moves about 1 MiB of
/// codes per rank, at most 8 (the same on every rank).
inline int argsort_rounds(std::int64_t n, int p) {
  const std::int64_t per_rank_bytes = n / std::max(p, 1) * static_cast<std::int64_t>(sizeof(SortCode));
  return static_cast<int>(std::clamp<std::int64_t>(per_rank_bytes >> 20, 1, 8));
}

/// Collective over `line` (+ `agree`, for allocation agreement). The stable argsort (ascending, or
/// descending when `descending`) of the 1-D x of keys S, in any 1-D layout over `line`, into the int64
/// shard `out` of the result laid out by `owners` (Block over `line`: this rank's n_local elements from
/// global position `offset`). Cost: one pass over x classifying
/// its elements, `rounds` exchanges of codes (16 bytes per element in all) and sorts of what arrives, one
/// small exchange of the positions that land in a neighbour's part; MPI_Allgather(v), MPI_Alltoall,
/// MPI_Exscan and MPI_Allreduce for the agreements.
template <class S, class Id>
void bucketed_argsort_with(const Array& x, bool descending, const Comm& line, const Comm& agree,
                           const AxisMap& owners, std::int64_t n_local, std::int64_t offset, std::int64_t* out) {
  const std::int64_t n = owners.extent();
  const int p = line.size(), me = line.rank();
  const int rounds = argsort_rounds(n, p), buckets = p * rounds;
  const RawView in = x.local();
  const std::int64_t x_local = x.local_shape()[0];
  const std::int64_t step = x_local > 0 ? in.strides[0] : 1;
  const S* data = reinterpret_cast<const S*>(in.data);
  const AxisMap& map = x.distribution().axis_map(0);
  const int part = x.distribution().part_of(0, x.grid().coords());
  // 1. The buckets' bounds and each element's bucket.
  const BucketBounds bounds = sample_bucket_bounds(line, n, x_local, buckets, [&](std::int64_t i) {
    return sort_code(data[i * step], map.to_global(part, i), descending);
  });
  // Bucket j K + r (in code order) is kept as r P + j (round-major), so that a round finds its elements
  // with one subtraction and comparison.
  std::vector<Id> round_major(static_cast<std::size_t>(buckets));
  for (int b = 0; b < buckets; ++b) round_major[b] = static_cast<Id>((b % rounds) * p + b / rounds);
  scratch_vector<Id> bucket_of;
  std::vector<std::int64_t> send(static_cast<std::size_t>(buckets), 0);  // send[j K + r]: to rank j in round r
  agree_on_errors(agree, [&] { bucket_of.resize(static_cast<std::size_t>(x_local)); });
  for_each_owned_block(map, part, [&](std::int64_t global, std::int64_t local, std::int64_t length) {
    constexpr std::int64_t batch = 64;  // searched level by level over a batch: independent loads in flight
    SortCode codes[batch];
    int found[batch];
    for (std::int64_t i = 0; i < length; i += batch) {
      const std::int64_t count = std::min(batch, length - i);
      for (std::int64_t k = 0; k < count; ++k) codes[k] = sort_code(data[(local + i + k) * step], global + i + k, descending);
      bounds.find(codes, found, count);
      for (std::int64_t k = 0; k < count; ++k) bucket_of[local + i + k] = round_major[found[k]];
    }
  });
  {  // counted apart: an increment in the loop above would make the next element's load wait on it when
     // the buckets coincide, which random keys make unpredictable
    std::vector<std::int64_t> counted(static_cast<std::size_t>(buckets), 0);
    for (const Id id : bucket_of) ++counted[id];
    for (int b = 0; b < buckets; ++b) send[b] = counted[round_major[b]];
  }
  // 2. Who receives what: recv[i K + r] from rank i in round r; this rank's buckets hold global positions
  // [start, start + total) of the sorted order.
  std::vector<std::int64_t> recv(static_cast<std::size_t>(buckets));
  GINGHAM_MPI(MPI_Alltoall(send.data(), rounds, MPI_INT64_T, recv.data(), rounds, MPI_INT64_T, line.get()));
  std::int64_t total = 0, start = 0, most_sent = 0, most_received = 0;
  for (int r = 0; r < rounds; ++r) {
    std::int64_t sent = 0, received = 0;
    for (int j = 0; j < p; ++j) sent += send[j * rounds + r], received += recv[j * rounds + r];
    most_sent = std::max(most_sent, sent), most_received = std::max(most_received, received), total += received;
  }
  GINGHAM_MPI(MPI_Exscan(&total, &start, 1, MPI_INT64_T, MPI_SUM, line.get()));
  if (me == 0) start = 0;
  // Positions of [start, start + total) before this rank's Block part (for earlier ranks) and after it.
  const std::int64_t end = start + total, block_end = offset + n_local;
  const std::int64_t early = std::clamp<std::int64_t>(offset - start, 0, total);
  const std::int64_t late = std::clamp<std::int64_t>(end - block_end, 0, total - early);
  scratch_vector<SortCode> outgoing_codes, incoming;
  scratch_vector<std::int64_t> aside;
  agree_on_errors(agree, [&] {
    outgoing_codes.resize(static_cast<std::size_t>(most_sent));
    incoming.resize(static_cast<std::size_t>(most_received));
    aside.resize(static_cast<std::size_t>(early + late));
  });
  // 3. The rounds.
  std::int64_t position = start;  // of the first code of this round's bucket
  std::vector<std::int64_t> cursor(static_cast<std::size_t>(p));
  for (int r = 0; r < rounds; ++r) {
    std::vector<std::int64_t> send_counts(static_cast<std::size_t>(p)), recv_counts(static_cast<std::size_t>(p));
    std::int64_t filled = 0;
    for (int j = 0; j < p; ++j) {
      send_counts[j] = send[j * rounds + r], recv_counts[j] = recv[j * rounds + r];
      cursor[j] = filled, filled += send_counts[j];
    }
    for_each_owned_block(map, part, [&](std::int64_t global, std::int64_t local, std::int64_t length) {
      auto pack = [&](std::int64_t i, unsigned j) {
        outgoing_codes[cursor[j]++] = sort_code(data[(local + i) * step], global + i, descending);
      };
      std::int64_t i = 0;
      if constexpr (sizeof(Id) == 1) {
        for (; i + 64 <= length; i += 64) {  // a mask of 64 elements at a time: one mispredicted exit each
          for (std::uint64_t mask = round_mask_64(&bucket_of[local + i], r * p, p); mask != 0; mask &= mask - 1) {
            const int k = __builtin_ctzll(mask);
            pack(i + k, static_cast<unsigned>(bucket_of[local + i + k]) - static_cast<unsigned>(r * p));
          }
        }
      }
      for (; i < length; ++i) {
        const auto j = static_cast<unsigned>(bucket_of[local + i]) - static_cast<unsigned>(r * p);
        if (j < static_cast<unsigned>(p)) pack(i, j);
      }
    });
    const bool last_round = r == rounds - 1;  // the buckets and then the codes sent are no longer needed:
    if (last_round) scratch_vector<Id>().swap(bucket_of);  // given back before the result's last pages fill
    const ExchangePlan plan = ExchangePlan::from_counts(line, send_counts, recv_counts);
    plan.forward(outgoing_codes.data(), sizeof(SortCode), incoming.data());
    if (last_round) scratch_vector<SortCode>().swap(outgoing_codes);
    const std::int64_t m = plan.receive_total();
    sort_codes(incoming.data(), static_cast<std::size_t>(m));
    // Positions [position, position + m): those before this rank's part, in it, and after it.
    const std::int64_t before = std::clamp<std::int64_t>(offset - position, 0, m);
    const std::int64_t within = std::clamp<std::int64_t>(block_end - position, before, m);
    for (std::int64_t t = 0; t < before; ++t) aside[position - start + t] = static_cast<std::int64_t>(incoming[t].lo);
    for (std::int64_t t = before; t < within; ++t) out[position - offset + t] = static_cast<std::int64_t>(incoming[t].lo);
    for (std::int64_t t = within; t < m; ++t)
      aside[early + (position + t - std::max(block_end, start))] = static_cast<std::int64_t>(incoming[t].lo);
    position += m;
  }
  scratch_vector<SortCode>().swap(incoming);
  // 4. The positions aside to their Block owners: those before this rank's part go to earlier ranks, those
  // after it to later ones, so what arrives from earlier ranks fills the start of this part and what arrives
  // from later ranks its end.
  std::vector<std::int64_t> to(static_cast<std::size_t>(p), 0);
  for (int d = 0; d < p; ++d) {
    const std::int64_t length = owners.local_extent(d);
    if (d == me || length == 0) continue;
    const std::int64_t b = owners.to_global(d, 0);
    to[d] = std::max<std::int64_t>(0, std::min(b + length, end) - std::max(b, start));
  }
  const ExchangePlan last = ExchangePlan::from_counts(line, to);
  scratch_vector<std::int64_t> arrived;
  agree_on_errors(agree, [&] { arrived.resize(static_cast<std::size_t>(last.receive_total())); });
  last.forward(aside.data(), sizeof(std::int64_t), arrived.data());
  const std::int64_t from_earlier = last.receive_offset(me);
  const std::int64_t from_later = last.receive_total() - from_earlier;
  std::copy(arrived.begin(), arrived.begin() + from_earlier, out);
  std::copy(arrived.begin() + from_earlier, arrived.end(), out + (n_local - from_later));
}

}  // namespace gingham::detail
