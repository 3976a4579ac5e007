// Generator::integers (gingham/random/generator.hpp): uniform integers from half a stream word per element
// for ranges of at most 2^32 values (NumPy's buffered 32-bit draws: element i takes the low or high half of
// word floor(i / 2)) and one word per element above; the top bits for ranges of a power-of-two size,
// Lemire's multiply-shift with rejection otherwise, a rejected draw redrawn from a stream of its own at the
// element's index. So the value at global index i depends on the key, the position and i only.
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "fill.hpp"
#include "gingham/array/call_arguments.hpp"
#include "gingham/core/call_check.hpp"
#include "gingham/random/generator.hpp"

namespace gingham::random {
namespace {

__extension__ typedef __int128 Wide;  // GCC/Clang: the 65-bit bounds and 128-bit products
__extension__ typedef unsigned __int128 WideUnsigned;

std::string wide_text(Wide v) {
  if (v >= 0) return std::to_string(static_cast<unsigned long long>(v));
  return "-" + std::to_string(static_cast<unsigned long long>(-v));
}

Wide bound_value(const Scalar& s, const char* name) {
  if (const auto* b = std::get_if<bool>(&s)) return *b ? 1 : 0;
  if (const auto* i = std::get_if<std::int64_t>(&s)) return *i;
  if (const auto* u = std::get_if<std::uint64_t>(&s)) return *u;
  throw TypeError(std::string("Generator.integers: expected an integer ") + name + ", got a " +
                  (std::holds_alternative<double>(s) ? "float" : "complex"));
}

/// The stream id (NumPy's counter words 2 and 3: {kRedrawStream, attempt}) of the words that replace a
/// rejected draw: the element at global index i of a call at `position` takes word position + i of it
/// (its low 32 bits when the range has at most 2^32 values).
constexpr std::uint64_t kRedrawStream = 0x6c656d697265;  // "lemire"

/// Word position + global of the redraw stream of `attempt` (1, 2, ...): a function of the key, the
/// call's position, the element's global index and the attempt only, so no rank count or layout changes it.
std::uint64_t redrawn_word(const PhiloxKey& key, std::uint64_t position, std::int64_t global, std::uint64_t attempt) {
  std::uint64_t word = 0;
  philox_words(key, PhiloxKey{kRedrawStream, attempt}, position + static_cast<std::uint64_t>(global), 1, &word);
  return word;
}

/// The smallest and largest values of an integer (or bool) dtype.
std::pair<Wide, Wide> dtype_bounds(DType dtype) {
  return visit_dtype(dtype, [&]<class T>() -> std::pair<Wide, Wide> {
    if constexpr (std::is_same_v<T, bool>) {
      return {0, 1};
    } else if constexpr (std::is_integral_v<T>) {
      return {std::numeric_limits<T>::min(), std::numeric_limits<T>::max()};
    } else {
      throw TypeError("Generator.integers: expected an integer or bool dtype, got " + std::string(dtype_name(dtype)));
    }
  });
}

}  // namespace

Array Generator::integers(DType dtype, const ProcessGrid& grid, std::shared_ptr<const Distribution> layout,
                          const Scalar& low, const Scalar& high, bool endpoint) {
  const auto checked = check_call(grid.comm(), "Generator.integers", arg("generator", *this), arg("dtype", dtype),
                                  arg("grid", grid), arg("layout", layout), arg("low", low), arg("high", high),
                                  arg("endpoint", endpoint));
  const auto [dtype_min, dtype_max] = dtype_bounds(dtype);
  const Wide first = bound_value(low, "low"), given_high = bound_value(high, "high");
  const Wide last = endpoint ? given_high : given_high - 1;
  if (last < first) {
    throw std::invalid_argument("Generator.integers: expected low " + std::string(endpoint ? "<=" : "<") +
                                " high, got low = " + wide_text(first) + ", high = " + wide_text(given_high));
  }
  if (first < dtype_min || last > dtype_max) {
    throw std::invalid_argument("Generator.integers: expected the values " + wide_text(first) + " .. " +
                                wide_text(last) + " to fit " + std::string(dtype_name(dtype)) + " (" +
                                wide_text(dtype_min) + " .. " + wide_text(dtype_max) + ")");
  }
  const WideUnsigned count = static_cast<WideUnsigned>(last - first) + 1;  // 1 .. 2^64 values
  const bool power_of_two = (count & (count - 1)) == 0;
  int bits = 0;
  while ((WideUnsigned{1} << bits) < count) ++bits;
  const std::uint64_t offset = static_cast<std::uint64_t>(first), m = static_cast<std::uint64_t>(count);
  const bool half_words = count <= (WideUnsigned{1} << 32);
  Array y = Array::allocate(dtype, grid, layout, {}, /*zero=*/false);
  visit_dtype(dtype, [&]<class T>() {
    if constexpr (std::is_integral_v<T>) {
      auto to_value = [offset](std::uint64_t k) {
        if constexpr (std::is_same_v<T, bool>) return (offset + k) != 0;
        else return static_cast<T>(offset + k);  // modulo 2^64, then exact: the value fits T
      };
      if (half_words && power_of_two) {  // the top `bits` bits of a 32-bit half: exact
        detail::fill_by_half_words<T>(y, key_, position_, [&](const std::uint32_t* h, std::int64_t n, std::int64_t, T* out) {
          for (std::int64_t k = 0; k < n; ++k) out[k] = to_value(bits == 0 ? 0 : h[k] >> (32 - bits));
        });
      } else if (half_words) {  // Lemire on 32 bits: floor(m h / 2^32), products with low half < 2^32 mod m redrawn
        const auto m32 = static_cast<std::uint32_t>(m);
        const std::uint32_t threshold = (0u - m32) % m32;  // 2^32 mod m
        const PhiloxKey key = key_;
        const std::uint64_t position = position_;
        detail::fill_by_half_words<T>(y, key_, position_, [&](const std::uint32_t* h, std::int64_t n, std::int64_t first, T* out) {
          bool rejected = false;  // one vector loop; the rare rejected draws are redone after it
          for (std::int64_t k = 0; k < n; ++k) {
            const std::uint64_t product = std::uint64_t{m32} * h[k];
            out[k] = to_value(product >> 32);
            rejected |= static_cast<std::uint32_t>(product) < threshold;
          }
          if (!rejected) return;
          for (std::int64_t k = 0; k < n; ++k) {
            std::uint64_t product = std::uint64_t{m32} * h[k];
            if (static_cast<std::uint32_t>(product) >= threshold) continue;
            for (std::uint64_t attempt = 1; static_cast<std::uint32_t>(product) < threshold; ++attempt) {
              product = std::uint64_t{m32} * static_cast<std::uint32_t>(redrawn_word(key, position, first + k, attempt));
            }
            out[k] = to_value(product >> 32);
          }
        });
      } else if (power_of_two) {  // the top `bits` bits of one word: exact
        detail::fill_by_element<T, 1>(y, key_, position_, [&](const std::uint64_t* w) {
          return to_value(bits == 0 ? 0 : *w >> (64 - bits));
        });
      } else {  // Lemire: floor(m w / 2^64), exact once products whose low word is < 2^64 mod m are redrawn
        const std::uint64_t threshold = (0 - m) % m;  // 2^64 mod m
        const PhiloxKey key = key_;
        const std::uint64_t position = position_;
        detail::fill_by_element<T, 1>(y, key_, position_, [&](const std::uint64_t* w, std::int64_t global) {
          WideUnsigned product = static_cast<WideUnsigned>(m) * *w;
          for (std::uint64_t attempt = 1; static_cast<std::uint64_t>(product) < threshold; ++attempt) {
            product = static_cast<WideUnsigned>(m) * redrawn_word(key, position, global, attempt);
          }
          return to_value(static_cast<std::uint64_t>(product >> 64));
        });
      }
    }
  });
  const std::uint64_t size = detail::element_count(*layout);
  position_ += half_words ? size / 2 + size % 2 : size;
  return y;
}

}  // namespace gingham::random
