#pragma once
/// \file
/// Generator: distributed random arrays from a counter-based generator (Philox4x64-10, see
/// gingham/random/philox.hpp), NumPy's `Generator` methods with `distribution`/grid arguments like the
/// creation functions (gingham/kernels/creation.hpp).
///
/// The rule that makes results independent of the rank count and layout: a Generator is a key and a
/// position (a count of 64-bit words). A call that makes an array of n elements gives the element at
/// global row-major (C-order) index i a value computed from the words position + W i .. position +
/// W i + W - 1 (W = words per element, fixed per method and dtype, stated on each method) and nothing
/// else, then advances the position by W n on every rank (rounded up as stated). So each rank computes
/// its own shard, in any layout (block, cyclic, block-cyclic, N-D grids, replicated, column-major local
/// order), with no message, and the same seed gives the same bits for any rank count and layout.
/// `random()` in float64 is exactly NumPy's `np.random.Generator(np.random.Philox(key=seed)).random(n)`,
/// successive calls included.
///
/// Every rank must call a Generator's methods in the same order with the same arguments (as for every
/// collective), so all ranks' positions stay equal. The arrays' methods are collective over the grid's
/// communicator only for the agreement on the allocation (one MPI_Allreduce); permutations sort
/// (see each method).

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gingham/array/array.hpp"
#include "gingham/array/scalar.hpp"
#include "gingham/core/comm.hpp"
#include "gingham/core/process_grid.hpp"
#include "gingham/random/philox.hpp"

namespace gingham::random {

/// A counter-based generator of distributed random arrays: a Philox key and a word position.
class Generator {
 public:
  /// Local. The generator keyed by `seed` (NumPy's Philox(key=seed): the key's low word is seed, its
  /// high word 0), at position 0.
  explicit Generator(std::uint64_t seed) noexcept : key_{seed, 0} {}
  /// Local. The generator with the 128-bit key `key` (low word first) at word `position`.
  Generator(const PhiloxKey& key, std::uint64_t position) noexcept : key_(key), position_(position) {}
  /// Collective over `comm` (one MPI_Bcast of 16 bytes): a key drawn from the operating system's
  /// entropy (std::random_device) on rank 0 and broadcast, so every rank holds the same generator.
  static Generator from_entropy(const Comm& comm);

  /// Local. The key (low word first).
  const PhiloxKey& key() const noexcept { return key_; }
  /// Local. The position: the number of 64-bit words of the stream used so far.
  std::uint64_t position() const noexcept { return position_; }
  /// Local. Moves the position forward by `words` (NumPy's Philox.advance counts blocks of 4 words; this
  /// counts words).
  void advance(std::uint64_t words) noexcept { position_ += words; }
  /// Local. "Generator(key=0x..., position=...)": the state every rank must share.
  std::string describe() const;

  /// Collective over grid.comm() (one MPI_Allreduce on the allocation). Uniform doubles or floats in
  /// [0, 1): float64 takes (w >> 11) 2^-53 of one word w (NumPy's Philox stream exactly), float32
  /// (w >> 40) 2^-24. One word per element. Throws gingham::TypeError for other dtypes.
  Array random(DType dtype, const ProcessGrid& grid, std::shared_ptr<const Distribution> layout);

  /// Collective over grid.comm(). low + (high - low) u with u from random() (NumPy's formula; one word
  /// per element). Throws std::invalid_argument for non-finite bounds or high - low overflowing,
  /// gingham::TypeError for a non-floating dtype.
  Array uniform(DType dtype, const ProcessGrid& grid, std::shared_ptr<const Distribution> layout, double low,
                double high);

  /// Collective over grid.comm(). Standard normal values by the Box-Muller transform on fixed pairs of
  /// words: elements 2k and 2k + 1 take the words (w1, w2) at 2k and 2k + 1, u1 = ((w1 >> 11) + 1) 2^-53
  /// in (0, 1], u2 = (w2 >> 11) 2^-53, r = sqrt(-2 ln u1), and are r cos(2 pi u2) and r sin(2 pi u2)
  /// (computed in double, rounded to the dtype). One word per element; the position advances by n
  /// rounded up to even. float32 or float64.
  Array standard_normal(DType dtype, const ProcessGrid& grid, std::shared_ptr<const Distribution> layout);

  /// Collective over grid.comm(). loc + scale standard_normal(). Throws std::invalid_argument when
  /// scale < 0 or a parameter is not finite.
  Array normal(DType dtype, const ProcessGrid& grid, std::shared_ptr<const Distribution> layout, double loc,
               double scale);

  /// Collective over grid.comm(). Standard exponential values by the inverse CDF on one word per element:
  /// -ln(1 - u) with 1 - u = ((w >> 11) + 1) 2^-53 in (0, 1]. float32 or float64.
  Array standard_exponential(DType dtype, const ProcessGrid& grid, std::shared_ptr<const Distribution> layout);

  /// Collective over grid.comm(). scale standard_exponential(). Throws std::invalid_argument when
  /// scale < 0 or not finite.
  Array exponential(DType dtype, const ProcessGrid& grid, std::shared_ptr<const Distribution> layout, double scale);

  /// Collective over grid.comm(). Integers uniform in [low, high) (or [low, high] when `endpoint`), in an
  /// integer dtype (or bool: low, high in {0, 1}). With m = the number of values, the element at global
  /// index i draws b bits w: b = 32 when m <= 2^32 (the low half of word position + i / 2 for even i, its
  /// high half for odd i: NumPy's buffered 32-bit draws), else b = 64 (word position + i). When m is a
  /// power of two, the top log2(m) bits of w (exact); otherwise Lemire's method, floor(m w / 2^b), exact
  /// because a w whose product's low b bits m w mod 2^b fall below 2^b mod m is rejected (probability
  /// below m / 2^b) and replaced by (the low b bits of) word position + i of the redraw stream
  /// {0x6c656d697265, attempt} (attempt 1, 2, ...), so every value is still a function of (key,
  /// position, i). The position advances by ceil(n / 2) words (b = 32) or n (b = 64). Cost: one Philox
  /// block per 8 (or 4) elements and a multiply each; no message. Throws std::invalid_argument when
  /// low >= high (low > high with endpoint) or when the values do not fit the dtype (high may be one
  /// beyond its maximum when endpoint is false), gingham::TypeError for a non-integer
  /// dtype or non-integer bounds.
  Array integers(DType dtype, const ProcessGrid& grid, std::shared_ptr<const Distribution> layout,
                 const Scalar& low, const Scalar& high, bool endpoint);

  /// Collective over grid.comm(). A random permutation of 0 .. n - 1 as an int64 array laid out Block
  /// over grid axis 0: element i gets the key word position + i, and the permutation is the stable
  /// argsort of the keys (ties, about n^2 / 2^65 expected, keep index order), so it does not depend on
  /// the rank count. One word per element. The keys are sorted by their bits among the ranks along grid
  /// axis 0 (src/random/key_argsort.hpp): one MPI_Allreduce of max(2^8, 4 P) bucket counts at most, two exchanges
  /// (bucket counts, then 16 bytes per key, about n / P per rank), O(n / P) local work.
  Array permutation(const ProcessGrid& grid, std::int64_t n);

  /// Collective over x.grid().comm(). A copy of x with its slabs along `axis` in the order
  /// permutation(x.shape[axis]) (NumPy's permutation(x, axis)): the permutation, then take() along the
  /// axis (each rank reads its elements from their owners). The result has x's layout. Throws
  /// std::out_of_range for a bad axis, std::invalid_argument for a 0-D x.
  Array permutation(const Array& x, int axis);

  /// Collective over x.grid().comm(). In place: x's slabs along `axis` reordered as by permutation(x,
  /// axis) (the same numbers), written back into x's storage by one redistribution.
  void shuffle(const Array& x, int axis);

  /// Collective over x.grid().comm(). NumPy's permuted(x, axis): each 1-D line along `axis` shuffled
  /// independently (the line's keys are the words at the positions of its elements' row-major
  /// indices), or, with no axis, the flattened array shuffled and reshaped. Keys are sorted along the
  /// axis (the distributed sort when the axis is distributed) and take_along_axis reads the values.
  Array permuted(const Array& x, std::optional<int> axis);

  /// Collective over grid.comm(). `size` draws from 0 .. n - 1 (NumPy's choice(n, size, replace, p)),
  /// laid out as `layout` (of the result's shape), int64. With replacement and no p: integers(0, n). With
  /// p (n probabilities, the same on every rank, summing to 1 within 1e-8): each element's u = random()
  /// is looked up in the cumulative sum of p (inverse CDF; one word per element). Without replacement
  /// and no p: the first `size` elements of permutation(n); with p: the `size` smallest keys
  /// E_i / p_i, E_i = standard_exponential() word i (Efraimidis-Spirakis weighted sampling without
  /// replacement, by the distributed argsort), in the order drawn. Throws std::invalid_argument for
  /// n < 0, a size beyond n without replacement, a p of the wrong length, negative or not summing to 1,
  /// fewer nonzero p than size without replacement, or n == 0 with size > 0.
  Array choice(const ProcessGrid& grid, std::shared_ptr<const Distribution> layout, std::int64_t n, bool replace,
               const std::optional<std::vector<double>>& p);

  /// Local. `n` generators on new keys derived from this one's key and the number of children spawned
  /// before (derive_key with the tag 'spawn'), independent of each other and of this one. Every rank
  /// that calls it gets the same children.
  std::vector<Generator> spawn(int n);

  /// Local. A rank-local stream for rank-local work: a key derived from this key, `rank` and the number
  /// of local streams this rank asked for before (derive_key with the tag 'local'), so each rank (and
  /// each call) gets a different stream, unrelated to the distributed ones. NumPy's
  /// Generator(Philox(key=k)) with k = the stream's key gives the same numbers.
  PhiloxStream local_stream(int rank);

 private:
  PhiloxKey key_;
  std::uint64_t position_ = 0;
  std::uint64_t children_spawned_ = 0;
  std::uint64_t local_streams_ = 0;
};

}  // namespace gingham::random
