#pragma once
// Checks a distributed int64 array shard by shard against a serial reference given per flat index.

#include <cstdint>
#include <vector>

#include "gingham/array/array.hpp"

namespace gingham::test {

/// Whether this rank's shard of x holds expected(flat index) at every element.
template <class F>
inline bool shard_holds(const Array& x, F expected) {
  if (!x.holds_shard()) return true;
  const Distribution& d = x.distribution();
  const auto view = x.local_as<std::int64_t>();
  std::vector<std::vector<std::int64_t>> owned;
  for (int a = 0; a < x.ndim(); ++a) owned.push_back(d.owned_indices(x.grid().coords(), a));
  bool ok = true;
  std::vector<std::int64_t> local(x.ndim(), 0);
  for (std::int64_t k = 0; k < view.size(); ++k) {
    std::int64_t rest = k, flat = 0, offset = 0;
    for (int a = x.ndim() - 1; a >= 0; --a) local[a] = rest % view.shape()[a], rest /= view.shape()[a];
    for (int a = 0; a < x.ndim(); ++a) flat = flat * x.global_shape()[a] + owned[a][local[a]], offset += local[a] * view.strides()[a];
    ok = ok && view.data()[offset] == expected(flat);
  }
  return ok;
}

}  // namespace gingham::test
