#pragma once
// Division of non-negative 64-bit integers by a divisor fixed in advance, without a hardware division per
// call (internal): the quotient through the divisor's reciprocal in double precision, corrected by one.
// Gathers compute an owner and a local index per element; a 64-bit `div` costs 25-40 cycles, this about 5.

#include <cstdint>

namespace gingham::detail {

class FixedDivisor {
 public:
  /// Local. divisor >= 1.
  explicit FixedDivisor(std::int64_t divisor = 1) noexcept : divisor_(divisor), reciprocal_(1.0 / static_cast<double>(divisor)) {}

  /// Local. a / divisor for 0 <= a. Exact: below 2^51 the double estimate is off by less than one (a is
  /// exact in a double, the reciprocal's relative error is 2^-53), so one correction each way settles it.
  std::int64_t quotient(std::int64_t a) const noexcept {
    if (a >= kExactBelow) return a / divisor_;
    std::int64_t q = static_cast<std::int64_t>(static_cast<double>(a) * reciprocal_);
    q -= q * divisor_ > a ? 1 : 0;
    q += (q + 1) * divisor_ <= a ? 1 : 0;
    return q;
  }
  /// Local. a mod divisor for 0 <= a.
  std::int64_t remainder(std::int64_t a) const noexcept { return a - quotient(a) * divisor_; }
  std::int64_t divisor() const noexcept { return divisor_; }

 private:
  static constexpr std::int64_t kExactBelow = std::int64_t{1} << 51;
  std::int64_t divisor_;
  double reciprocal_;
};

}  // namespace gingham::detail
