// The stable argsort of uniform 64-bit keys by their bits (key_argsort.hpp): buckets by the top bits
// routed to the ranks whose sorted positions they overlap, then counting passes and insertion sorts.
#include "key_argsort.hpp"

#include <mpi.h>

#include <algorithm>
#include <cstring>
#include <memory>

#include "gingham/core/collective_errors.hpp"
#include "gingham/core/memory.hpp"
#include "gingham/core/mpi_check.hpp"
#include "gingham/plans/exchange.hpp"

namespace gingham::random::detail {
namespace {

constexpr int kMaxDigitBits = 13;     // a counting pass within a bucket (in cache): at most 2^13 counters
constexpr int kMaxBucketBits = 10;    // the pass over all keys writes to 2^10 places (few TLB misses), or 4 per rank
constexpr std::int64_t kInsertionSortItems = 16;
constexpr std::int64_t kKeysPerBucket = 256;  // buckets of about this many keys, while there are few enough
constexpr std::int64_t kFillChunk = 4096;     // keys drawn, then counted, while in L1

/// Storage that is written before it is read (no zeroing pass), from the cache of freed blocks
/// (scratch_vector): a sort repeated on arrays of one size takes no page faults.
template <class T>
scratch_vector<T> uninitialized(std::int64_t n) {
  return scratch_vector<T>(static_cast<std::size_t>(n));
}

/// Gives v's memory back now (to the cache of freed blocks).
template <class T>
void release(scratch_vector<T>& v) {
  scratch_vector<T>().swap(v);
}

int ceil_log2(std::int64_t m) {
  int b = 0;
  while ((std::int64_t{1} << b) < m) ++b;
  return b;
}

inline bool before(const KeyedIndex& a, const KeyedIndex& b) {
  return a.key < b.key || (a.key == b.key && a.index < b.index);
}

void insertion_sort(KeyedIndex* a, std::int64_t m) {
  for (std::int64_t i = 1; i < m; ++i) {
    const KeyedIndex v = a[i];
    std::int64_t j = i;
    for (; j > 0 && before(v, a[j - 1]); --j) a[j] = a[j - 1];
    a[j] = v;
  }
}

}  // namespace

void sort_keyed_indices(KeyedIndex* a, KeyedIndex* scratch, std::int64_t m, int equal_bits) {
  if (m <= kInsertionSortItems) {
    insertion_sort(a, m);
    return;
  }
  if (equal_bits >= 64) {  // equal keys: by index
    std::sort(a, a + m, before);
    return;
  }
  // One counting pass over the next `bits` bits (about one key per digit), then each digit's keys.
  const int bits = std::min({kMaxDigitBits, 64 - equal_bits, ceil_log2(m) + 1});
  const auto digit = [equal_bits, bits](std::uint64_t key) { return static_cast<std::size_t>((key << equal_bits) >> (64 - bits)); };
  std::int64_t end[(std::size_t{1} << kMaxDigitBits) + 1];
  const std::size_t digits = std::size_t{1} << bits;
  std::fill_n(end, digits + 1, 0);
  for (std::int64_t k = 0; k < m; ++k) ++end[digit(a[k].key) + 1];
  for (std::size_t d = 1; d <= digits; ++d) end[d] += end[d - 1];  // end[d]: where digit d starts
  for (std::int64_t k = 0; k < m; ++k) scratch[end[digit(a[k].key)]++] = a[k];  // now end[d]: where it ends
  std::memcpy(a, scratch, static_cast<std::size_t>(m) * sizeof(KeyedIndex));
  std::int64_t begin = 0, longest = 0;
  for (std::size_t d = 0; d < digits; ++d) longest = std::max(longest, end[d] - begin), begin = end[d];
  if (longest <= kInsertionSortItems) {  // every digit's keys are few (uniform keys: about one each): one
    insertion_sort(a, m);                 // insertion pass sorts them all, each key moving only within its digit
    return;
  }
  begin = 0;
  for (std::size_t d = 0; d < digits; ++d) {
    if (end[d] - begin > 1) sort_keyed_indices(a + begin, scratch + begin, end[d] - begin, equal_bits + bits);
    begin = end[d];
  }
}

void argsort_keys(const Comm& comm, std::int64_t n, const std::vector<std::int64_t>& bounds, const KeyFill& fill,
                  std::int64_t* out) {
  const int ranks = comm.size(), me = comm.rank();
  const std::int64_t lo = bounds[2 * me], hi = bounds[2 * me + 1], mine = hi - lo;
  // Buckets: the top c bits of the key.
  // (at least 4 per rank, so that a rank gets few buckets it shares with others).
  const int c = std::min({std::max(kMaxBucketBits, ceil_log2(ranks) + 2), 20,
                          ceil_log2((n + kKeysPerBucket - 1) / kKeysPerBucket)});
  const std::int64_t buckets = std::int64_t{1} << c;
  const auto bucket_of = [c](std::uint64_t key) { return c == 0 ? std::size_t{0} : static_cast<std::size_t>(key >> (64 - c)); };

  // This rank's keys and their histogram, then the global one: bucket d holds sorted positions
  // [start[d], start[d + 1]).
  scratch_vector<std::uint64_t> keys;  // allocations are agreed on: a rank that fails fails them all
  agree_on_errors(comm, [&] { keys = uninitialized<std::uint64_t>(mine); });
  std::vector<std::int64_t> local(static_cast<std::size_t>(buckets), 0), global(static_cast<std::size_t>(buckets));
  for (std::int64_t done = 0; done < mine; done += kFillChunk) {
    const std::int64_t count = std::min(kFillChunk, mine - done);
    fill(lo + done, count, keys.data() + done);
    for (std::int64_t k = done; k < done + count; ++k) ++local[bucket_of(keys[k])];
  }
  GINGHAM_MPI(MPI_Allreduce(local.data(), global.data(), static_cast<int>(buckets), MPI_INT64_T, MPI_SUM, comm.get()));
  std::vector<std::int64_t> start(static_cast<std::size_t>(buckets) + 1, 0);
  for (std::int64_t d = 0; d < buckets; ++d) start[d + 1] = start[d] + global[d];

  // Rank q gets the buckets [first[q], last[q]) that overlap its positions (a boundary bucket goes to
  // every rank it overlaps; each keeps its own part of the bucket's sorted order).
  std::vector<std::int64_t> first(static_cast<std::size_t>(ranks), 0), last(static_cast<std::size_t>(ranks), 0);
  for (int q = 0; q < ranks; ++q) {
    const std::int64_t q_lo = bounds[2 * q], q_hi = bounds[2 * q + 1];
    if (q_lo >= q_hi) continue;
    first[q] = std::upper_bound(start.begin() + 1, start.end(), q_lo) - (start.begin() + 1);  // ends beyond q_lo
    last[q] = std::lower_bound(start.begin(), start.end() - 1, q_hi) - start.begin();       // starts before q_hi
  }
  auto items_for = [&](int q) {
    std::int64_t s = 0;
    for (std::int64_t d = first[q]; d < last[q]; ++d) s += local[d];
    return s;
  };

  // The send layout: rank q's buckets in order, for q != me in rank order (outgoing), this rank's own
  // apart (read in place). Each key is written once, to the first segment holding its bucket; a bucket
  // that more ranks get is copied to their segments afterwards.
  std::vector<std::int64_t> send_items(static_cast<std::size_t>(ranks), 0);
  std::int64_t outgoing = 0;
  for (int q = 0; q < ranks; ++q) {
    if (q != me) outgoing += send_items[q] = items_for(q);
  }
  std::int64_t largest = 0;  // the largest bucket this rank sorts
  for (std::int64_t d = first[me]; d < last[me]; ++d) largest = std::max(largest, global[d]);
  scratch_vector<KeyedIndex> sent, own, bucket, scratch;
  agree_on_errors(comm, [&] {
    sent = uninitialized<KeyedIndex>(outgoing);
    own = uninitialized<KeyedIndex>(items_for(me));
    bucket = uninitialized<KeyedIndex>(largest);
    scratch = uninitialized<KeyedIndex>(largest);
  });
  std::vector<KeyedIndex*> cursor(static_cast<std::size_t>(buckets), nullptr);
  std::vector<std::pair<std::int64_t, KeyedIndex*>> copies;  // (bucket, another segment's place for it)
  {
    KeyedIndex* next = sent.data();
    for (int q = 0; q < ranks; ++q) {
      KeyedIndex* place = q == me ? own.data() : next;
      for (std::int64_t d = first[q]; d < last[q]; ++d) {
        if (cursor[d] == nullptr) cursor[d] = place;
        else if (local[d] > 0) copies.emplace_back(d, place);
        place += local[d];
      }
      if (q != me) next = place;
    }
  }
  for (std::int64_t k = 0; k < mine; ++k) {
    const std::uint64_t key = keys[k];
    *cursor[bucket_of(key)]++ = KeyedIndex{key, lo + k};
  }
  release(keys);
  for (const auto& [d, place] : copies) std::copy_n(cursor[d] - local[d], local[d], place);

  // Each sender's counts of this rank's buckets, then the keys.
  const std::int64_t my_buckets = last[me] - first[me];
  std::vector<std::int64_t> count_send(static_cast<std::size_t>(ranks), 0), count_receive(static_cast<std::size_t>(ranks), 0);
  std::vector<std::int64_t> counts_out;
  for (int q = 0; q < ranks; ++q) {
    if (q == me) continue;
    count_send[q] = last[q] - first[q];
    count_receive[q] = my_buckets;
    counts_out.insert(counts_out.end(), local.begin() + first[q], local.begin() + last[q]);
  }
  const auto count_plan = ExchangePlan::from_counts(comm, count_send, count_receive);
  std::vector<std::int64_t> counts_in(static_cast<std::size_t>(count_plan.receive_total()));
  count_plan.forward(counts_out.data(), sizeof(std::int64_t), counts_in.data());
  std::vector<std::int64_t> receive_items(static_cast<std::size_t>(ranks), 0);
  for (int s = 0; s < ranks; ++s) {
    if (s == me) continue;
    const std::int64_t* c_s = counts_in.data() + count_plan.receive_offset(s);
    for (std::int64_t b = 0; b < my_buckets; ++b) receive_items[s] += c_s[b];
  }
  const auto plan = ExchangePlan::from_counts(comm, send_items, receive_items);
  scratch_vector<KeyedIndex> received;
  agree_on_errors(comm, [&] { received = uninitialized<KeyedIndex>(plan.receive_total()); });
  plan.forward(sent.data(), sizeof(KeyedIndex), received.data());
  release(sent);

  // Each of this rank's buckets: its pieces from every rank (in rank order) gathered, sorted by the
  // bits below the bucket's, and this rank's part of its sorted order written out.
  // A bucket whose keys all come from one rank is sorted where they arrived.
  std::vector<KeyedIndex*> piece(static_cast<std::size_t>(ranks));
  for (int s = 0; s < ranks; ++s) piece[s] = s == me ? own.data() : received.data() + plan.receive_offset(s);
  for (std::int64_t d = first[me]; d < last[me]; ++d) {
    KeyedIndex* sorted = bucket.data();
    KeyedIndex* end = bucket.data();
    for (int s = 0; s < ranks; ++s) {
      const std::int64_t count = s == me ? local[d] : counts_in[count_plan.receive_offset(s) + (d - first[me])];
      if (count == global[d]) sorted = piece[s];
      else end = std::copy_n(piece[s], count, end);
      piece[s] += count;
    }
    sort_keyed_indices(sorted, scratch.data(), global[d], c);
    const std::int64_t from = std::max(start[d], lo), to = std::min(start[d + 1], hi);
    for (std::int64_t j = from; j < to; ++j) out[j - lo] = sorted[j - start[d]].index;
  }
}

}  // namespace gingham::random::detail
