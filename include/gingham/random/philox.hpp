#pragma once
/// \file
/// Philox4x64-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC'11; Random123's
/// header) as a stream of 64-bit words laid out exactly as NumPy's `np.random.Philox` emits them, so
/// every gingham stream can be checked against NumPy:
///
///   word w of the stream with key k and stream id s (s = NumPy's counter words 2 and 3)
///     = philox4x64_10(counter = {w / 4 + 1, 0, s0, s1}, key = {k0, k1})[w mod 4]
///
/// (NumPy increments its 256-bit counter before each block, so its first block has counter 1, and uses
/// the block's 4 words in order). Word w is computed from (k, s, w) alone: any part of the stream can be
/// made anywhere without the rest of it. Everything here is Local (pure arithmetic).

#include <array>
#include <cstdint>

namespace gingham::random {

/// A Philox key: NumPy's `Philox(key=k)` takes k as these two words, least significant first.
using PhiloxKey = std::array<std::uint64_t, 2>;

/// Local. The 4 words of the Philox4x64-10 block with `counter` under `key` (about 20 64x64->128-bit
/// multiplies).
std::array<std::uint64_t, 4> philox_block(const PhiloxKey& key, const std::array<std::uint64_t, 4>& counter) noexcept;

/// Local. out[j] = word first_word + j of the stream (key, stream), j < n: n / 4 + 2 blocks at most.
void philox_words(const PhiloxKey& key, const PhiloxKey& stream, std::uint64_t first_word, std::int64_t n,
                  std::uint64_t* out) noexcept;

/// Local. A key derived from `key` for the purpose `tag` and the numbers (a, b): the first two words of
/// the block with counter {a, b, 0, tag} under `key` (a pseudo-random function of its inputs, as JAX's
/// threefry split derives child keys). Distinct (tag, a, b) give unrelated keys.
PhiloxKey derive_key(const PhiloxKey& key, std::uint64_t tag, std::uint64_t a, std::uint64_t b) noexcept;

/// A rank-local sequential stream: the words of (key, stream id 0) from `position` on, one after
/// another; `random()` gives the doubles of NumPy's `np.random.Generator(np.random.Philox(key=k))
/// .random()` after `position` words. For rank-local work (Generator::local_stream); Local throughout.
class PhiloxStream {
 public:
  /// Local. The stream of `key` from word `position` (0: the start).
  explicit PhiloxStream(const PhiloxKey& key, std::uint64_t position = 0) noexcept : key_(key), position_(position) {}
  /// Local. The next 64-bit word (one Philox block computed per 4 words).
  std::uint64_t next_uint64() noexcept;
  /// Local. The next double in [0, 1): (word >> 11) * 2^-53, NumPy's next_double.
  double random() noexcept { return static_cast<double>(next_uint64() >> 11) * 0x1.0p-53; }
  /// Local. The key.
  const PhiloxKey& key() const noexcept { return key_; }
  /// Local. The number of words consumed so far.
  std::uint64_t position() const noexcept { return position_; }

 private:
  PhiloxKey key_;
  std::uint64_t position_;
  std::array<std::uint64_t, 4> block_{};  // the block holding word position_ when block_valid_
  bool block_valid_ = false;
};

}  // namespace gingham::random
