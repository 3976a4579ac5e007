#include "gingham/array/scalar.hpp"

#include <limits>
#include <stdexcept>
#include <string>

#include "gingham/array/promotion.hpp"
#include "gingham/core/errors.hpp"

namespace gingham {

void require_scalar_fits(const Scalar& s, DType d, std::string_view function) {
  const std::string name(function);
  std::visit([&](auto v) {
    using V = decltype(v);
    if constexpr (std::is_same_v<V, bool>) {
      if (!is_bool(d)) throw TypeError(name + ": a Python bool combines only with bool arrays, not " + std::string(dtype_name(d)));
    } else if constexpr (std::is_same_v<V, std::int64_t> || std::is_same_v<V, std::uint64_t>) {
      if (is_bool(d)) throw TypeError(name + ": a Python int does not combine with bool arrays");
      if (is_integer(d)) {
        const bool fits = visit_dtype(d, [&]<class T>() -> bool {
          if constexpr ((std::is_integral_v<T> && !std::is_same_v<T, bool>)) {
            if constexpr (std::is_same_v<V, std::uint64_t>) return v <= std::uint64_t(std::numeric_limits<T>::max());
            else if constexpr (std::is_unsigned_v<T>) return v >= 0 && std::uint64_t(v) <= std::uint64_t(std::numeric_limits<T>::max());
            else return v >= std::int64_t(std::numeric_limits<T>::min()) && v <= std::int64_t(std::numeric_limits<T>::max());
          } else {
            return true;
          }
        });
        if (!fits) {
          throw std::overflow_error(name + ": Python integer " + std::to_string(v) + " is out of bounds for " +
                                    std::string(dtype_name(d)));
        }
      }
    } else if constexpr (std::is_same_v<V, double>) {
      if (!is_floating(d)) throw TypeError(name + ": a Python float combines only with floating-point arrays, not " + std::string(dtype_name(d)));
    } else {
      if (!is_complex_floating(d)) {
        throw TypeError(name + ": a Python complex combines only with floating-point arrays and fills only complex ones, not " +
                        std::string(dtype_name(d)));
      }
    }
  }, s);
}

}  // namespace gingham
