// moveaxis: the permutation that moves some axes to new positions, applied by permute_dims.
#include <algorithm>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>

#include "gingham/array/call_arguments.hpp"
#include "gingham/kernels/manipulation.hpp"

namespace gingham {

Array moveaxis(const Array& x, const std::vector<int>& source, const std::vector<int>& destination) {
  const auto checked = check_call(x.grid().comm(), "moveaxis", arg("x", x), arg("source", source),
                                  arg("destination", destination));
  const int ndim = x.ndim();
  auto listed = [](const std::vector<int>& axes) {
    std::string text = "[";
    for (std::size_t k = 0; k < axes.size(); ++k) text += (k ? ", " : "") + std::to_string(axes[k]);
    return text + "]";
  };
  if (source.size() != destination.size()) {
    throw std::invalid_argument("moveaxis: source " + listed(source) + " and destination " + listed(destination) +
                                " differ in length");
  }
  std::vector<int> from, to;
  for (const auto* axes : {&source, &destination}) {
    for (int a : *axes) {
      if (a < -ndim || a >= ndim) {
        throw std::out_of_range("moveaxis: axis " + std::to_string(a) + " is out of bounds for an array of dimension " +
                                std::to_string(ndim));
      }
    }
  }
  for (int a : source) from.push_back(a < 0 ? a + ndim : a);
  for (int a : destination) to.push_back(a < 0 ? a + ndim : a);
  if (std::set<int>(from.begin(), from.end()).size() != from.size() ||
      std::set<int>(to.begin(), to.end()).size() != to.size()) {
    throw std::invalid_argument("moveaxis: repeated axis");
  }
  // The axes not moved keep their order; each moved axis is inserted at its destination, in
  // increasing order of destinations.
  std::vector<int> order;
  for (int a = 0; a < ndim; ++a) {
    if (std::find(from.begin(), from.end(), a) == from.end()) order.push_back(a);
  }
  std::vector<std::pair<int, int>> moves;
  for (std::size_t k = 0; k < from.size(); ++k) moves.emplace_back(to[k], from[k]);
  std::sort(moves.begin(), moves.end());
  for (const auto& [d, s] : moves) order.insert(order.begin() + d, s);
  return permute_dims(x, order);
}

}  // namespace gingham
