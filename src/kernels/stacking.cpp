// stack (concat of expand_dims views along the new, local axis) and unstack (one slicing
// redistribution per slice along the axis).
#include <set>
#include <stdexcept>
#include <string>

#include "gingham/distributions/derived.hpp"
#include "gingham/array/call_arguments.hpp"
#include "gingham/array/redistribute.hpp"
#include "gingham/core/format.hpp"
#include "gingham/kernels/manipulation.hpp"

namespace gingham {
namespace {

/// "[(2, 3), (2, 4)]": the distinct shapes, sorted, as Python prints a sorted list of tuples.
std::string format_shapes(const std::vector<Array>& arrays) {
  std::set<std::vector<std::int64_t>> shapes;
  for (const Array& a : arrays) shapes.insert(a.global_shape());
  std::string text = "[";
  for (const auto& shape : shapes) text += (text.size() > 1 ? ", " : "") + format_shape(shape);
  return text + "]";
}

/// x's layout without axis `axis` (the others keep their AxisLayout and grid axis).
std::shared_ptr<const Distribution> without_axis(const Distribution& d, int axis) {
  std::vector<char> dropped(static_cast<std::size_t>(d.ndim()), 0);
  dropped[static_cast<std::size_t>(axis)] = 1;
  return std::make_shared<const Distribution>(derived::reduced(d, dropped, /*keepdims=*/false));
}

}  // namespace

Array stack(const std::vector<Array>& arrays, int axis) {
  const auto checked = check_call(arrays.empty() ? nullptr : &arrays.front().grid().comm(), "stack",
                                  arg("arrays", arrays), arg("axis", axis));
  if (arrays.empty()) throw std::invalid_argument("stack: expected at least one array");
  for (const Array& a : arrays) {
    if (a.global_shape() != arrays[0].global_shape()) {
      throw std::invalid_argument("stack: expected arrays of one shape, got " + format_shapes(arrays));
    }
  }
  const int ndim = arrays[0].ndim() + 1;
  if (axis < -ndim || axis >= ndim) {
    throw std::out_of_range("stack: axis " + std::to_string(axis) + " is out of bounds for the " + std::to_string(ndim) +
                            "-D result");
  }
  std::vector<Array> views;
  for (const Array& a : arrays) views.push_back(expand_dims(a, {axis}));
  return concat(views, axis);
}

std::vector<Array> unstack(const Array& x, int axis) {
  const auto checked = check_call(x.grid().comm(), "unstack", arg("x", x), arg("axis", axis));
  const int ndim = x.ndim();
  if (axis < -ndim || axis >= ndim) {
    throw std::out_of_range("unstack: axis " + std::to_string(axis) + " is out of bounds for an array of dimension " +
                            std::to_string(ndim));
  }
  if (axis < 0) axis += ndim;
  const auto layout = without_axis(x.distribution(), axis);
  std::vector<IndexMap::TargetAxis> targets;
  for (int a = 0; a < ndim; ++a) {
    if (a != axis) targets.push_back({a, 0, 1, x.global_shape()[a]});
  }
  std::vector<Array> slices;
  for (std::int64_t i = 0; i < x.global_shape()[axis]; ++i) {
    slices.push_back(redistribute(x, x.grid(), layout, IndexMap(x.global_shape(), targets, {{axis, i}})));
  }
  return slices;
}

}  // namespace gingham
