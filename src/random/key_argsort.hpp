#pragma once
// The stable argsort of 64-bit keys that are (close to) uniform, for permutations (internal to
// src/random): no sampling and no comparison sort. The top bits of a key name its bucket; one global
// histogram of the buckets says where every bucket starts in the sorted order, so each bucket goes to the
// ranks whose part of the result it overlaps (one exchange), and each rank sorts its buckets by more bits
// (counting passes) down to buckets of a few keys (insertion sort). Order: by key, equal keys by index,
// so the result is the stable argsort whatever the rank count. Keys of any distribution give the same
// result, only more slowly.

#include <cstdint>
#include <functional>
#include <vector>

#include "gingham/core/comm.hpp"

namespace gingham::random::detail {

/// One key and the global index it was drawn at.
struct KeyedIndex {
  std::uint64_t key;
  std::int64_t index;
};

/// Local. Sorts a[0 .. m) by (key, index); the keys agree in their top `equal_bits` bits. scratch holds
/// m items. Cost: O(m) per counting pass over at most 11 more bits, about log2(m) / 11 + 1 passes.
void sort_keyed_indices(KeyedIndex* a, KeyedIndex* scratch, std::int64_t m, int equal_bits);

/// Writes the keys of global indices first .. first + count - 1 to out.
using KeyFill = std::function<void(std::int64_t first, std::int64_t count, std::uint64_t* out)>;

/// Collective over `comm` (each rank one part of a Block-distributed 1-D result of n elements: rank q of
/// comm holds the sorted positions [bounds[2q], bounds[2q + 1]), which together cover [0, n) once).
/// Writes to out[0 .. bounds[2r + 1] - bounds[2r]) the global indices at this rank's sorted positions
/// of the stable argsort of the n keys; this rank draws the keys of its own range of indices by `fill`.
/// A failed allocation on any rank throws on every rank (agree_on_errors: three MPI_Allreduce of three
/// integers). Cost: one MPI_Allreduce of max(2^10, 4 P) bucket counts at most, two exchanges (the counts of the buckets each
/// rank receives, then the 16-byte (key, index) items: about n / P per rank), O(n / P) local work.
/// Memory: at the peak (the exchange) about 32 bytes per element of this rank's part besides `out` (its
/// items to send and its own, those received), where the distributed argsort of gingham/kernels/sorting.hpp
/// needs about 16 with its result (tests/python/test_argsort_memory.py).
void argsort_keys(const Comm& comm, std::int64_t n, const std::vector<std::int64_t>& bounds, const KeyFill& fill,
                  std::int64_t* out);

}  // namespace gingham::random::detail
