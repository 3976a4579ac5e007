// Philox4x64-10 words in NumPy's order (gingham/random/philox.hpp), through Random123's header.
#include "gingham/random/philox.hpp"

#include <Random123/philox.h>

namespace gingham::random {
namespace {

inline r123::Philox4x64::ctr_type block(const PhiloxKey& key, std::uint64_t c0, std::uint64_t c1, std::uint64_t c2,
                                        std::uint64_t c3) noexcept {
  const r123::Philox4x64::ctr_type counter = {{c0, c1, c2, c3}};
  const r123::Philox4x64::key_type k = {{key[0], key[1]}};
  return r123::Philox4x64_R<10>()(counter, k);
}

}  // namespace

std::array<std::uint64_t, 4> philox_block(const PhiloxKey& key, const std::array<std::uint64_t, 4>& counter) noexcept {
  const auto r = block(key, counter[0], counter[1], counter[2], counter[3]);
  return {r.v[0], r.v[1], r.v[2], r.v[3]};
}

void philox_words(const PhiloxKey& key, const PhiloxKey& stream, std::uint64_t first_word, std::int64_t n,
                  std::uint64_t* out) noexcept {
  if (n <= 0) return;
  std::uint64_t block_index = first_word / 4 + 1;  // NumPy: the counter is incremented before each block
  unsigned skip = static_cast<unsigned>(first_word % 4);
  std::int64_t j = 0;
  if (skip != 0) {  // the tail of a partly used block
    const auto r = block(key, block_index++, 0, stream[0], stream[1]);
    for (unsigned w = skip; w < 4 && j < n; ++w) out[j++] = r.v[w];
  }
  for (; j + 4 <= n; j += 4) {  // whole blocks: the hot loop
    const auto r = block(key, block_index++, 0, stream[0], stream[1]);
    out[j] = r.v[0];
    out[j + 1] = r.v[1];
    out[j + 2] = r.v[2];
    out[j + 3] = r.v[3];
  }
  if (j < n) {
    const auto r = block(key, block_index, 0, stream[0], stream[1]);
    for (unsigned w = 0; j < n; ++w) out[j++] = r.v[w];
  }
}

PhiloxKey derive_key(const PhiloxKey& key, std::uint64_t tag, std::uint64_t a, std::uint64_t b) noexcept {
  const auto r = block(key, a, b, 0, tag);
  return {r.v[0], r.v[1]};
}

std::uint64_t PhiloxStream::next_uint64() noexcept {
  const unsigned within = static_cast<unsigned>(position_ % 4);
  if (!block_valid_ || within == 0) {
    block_ = philox_block(key_, {position_ / 4 + 1, 0, 0, 0});
    block_valid_ = true;
  }
  ++position_;
  return block_[within];
}

}  // namespace gingham::random
