// x[key]: the basic rule reads one redistribution into the sliced layout; keys with integer arrays
// follow python/gingham's (and NumPy's) reading of mixed keys. See gingham/kernels/slicing.hpp.
#include "gingham/kernels/slicing.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "gingham/array/call_arguments.hpp"
#include "gingham/array/redistribute.hpp"
#include "gingham/distributions/derived.hpp"
#include "gingham/kernels/creation.hpp"
#include "gingham/kernels/indexing.hpp"
#include "gingham/kernels/manipulation.hpp"

namespace gingham {
namespace {

const std::string function = "__getitem__";

bool is_array(const IndexKey& k) { return std::holds_alternative<Array>(k); }
bool is_full_slice(const IndexKey& k) {
  const auto* s = std::get_if<IndexMap::Slice>(&k);
  return s && !s->start && !s->stop && s->step == 1;
}

/// The basic index `k` is, or `for_array` when k is an array.
BasicIndex as_basic(const IndexKey& k, BasicIndex for_array) {
  return std::visit([&](const auto& v) -> BasicIndex {
    if constexpr (std::is_same_v<std::decay_t<decltype(v)>, Array>) return for_array;
    else return v;
  }, k);
}

/// x[key] for a basic key.
Array basic_getitem(const Array& x, const std::vector<BasicIndex>& key) {
  const BasicKey resolved(key, x.global_shape(), function);
  const BasicKey without_new_axes([&] {
    std::vector<BasicIndex> kept;
    for (const BasicIndex& k : key) {
      if (!std::holds_alternative<NewAxis>(k)) kept.push_back(k);
    }
    return kept;
  }(), x.global_shape(), function);
  auto layout = std::make_shared<const Distribution>(derived::sliced(x.distribution(), without_new_axes));
  const Array y = redistribute(x, x.grid(), std::move(layout), without_new_axes.index_map());
  return resolved.new_axes().empty() ? y : expand_dims(y, resolved.new_axes());
}

/// The key with its ellipsis expanded and full slices appended: one entry per axis of an ndim-D array,
/// plus the new axes (arrays count as one axis each).
std::vector<IndexKey> expanded_key(const std::vector<IndexKey>& key, int ndim) {
  std::vector<BasicIndex> placeholders;  // the same entries with each array as an integer: for the checks
  for (const IndexKey& k : key) {
    placeholders.push_back(as_basic(k, std::int64_t{0}));
  }
  const std::size_t total = expand_ellipsis(placeholders, ndim, function).size();
  const auto at = std::find_if(key.begin(), key.end(), [](const IndexKey& k) { return std::holds_alternative<Ellipsis>(k); });
  const std::size_t fill = total - (key.size() - (at != key.end() ? 1 : 0));
  std::vector<IndexKey> expanded(key.begin(), at);
  expanded.insert(expanded.end(), fill, IndexMap::Slice{});
  if (at != key.end()) expanded.insert(expanded.end(), at + 1, key.end());
  return expanded;
}

/// The integer keys as arrays on x's grid (an integer is a 0-D int64 array held on every rank).
std::vector<Array> key_arrays(const Array& x, const std::vector<IndexKey>& keys) {
  std::vector<Array> arrays;
  for (const IndexKey& k : keys) {
    if (const Array* a = std::get_if<Array>(&k)) {
      arrays.push_back(*a);
    } else {
      arrays.push_back(full(DType::int64, x.grid(), default_layout({}, x.grid()), Scalar(std::get<std::int64_t>(k))));
    }
  }
  return arrays;
}

/// x[key] for a key (expanded, without new axes) mixing integer arrays and integers with slices.
Array mixed_getitem(const Array& x, const std::vector<IndexKey>& key) {
  std::vector<int> indexed;
  bool full_slices = true;
  for (int axis = 0; axis < x.ndim(); ++axis) {
    if (!std::holds_alternative<IndexMap::Slice>(key[axis])) indexed.push_back(axis);
    else full_slices = full_slices && is_full_slice(key[axis]);
  }
  if (indexed.size() == 1 && full_slices && is_array(key[indexed[0]]) && std::get<Array>(key[indexed[0]]).ndim() == 1) {
    return take(x, std::get<Array>(key[indexed[0]]), indexed[0]);
  }
  // One redistribution: the slices taken, the indexed axes (whole) first.
  std::vector<IndexMap::Slice> slices;
  std::vector<int> order = indexed;
  for (int axis = 0; axis < x.ndim(); ++axis) {
    const auto* s = std::get_if<IndexMap::Slice>(&key[axis]);
    slices.push_back(s ? *s : IndexMap::Slice{});
    if (s) order.push_back(axis);
    if (s && s->step == 0) throw std::invalid_argument(function + ": slice step cannot be zero");
  }
  const IndexMap sliced = IndexMap::slices(x.global_shape(), slices);
  const IndexMap map = sliced.then(IndexMap::permutation(sliced.target_shape(), order));
  const Array y = redistribute(x, x.grid(), default_layout(map.target_shape(), x.grid()), map);
  std::vector<IndexKey> keys;
  for (int axis : indexed) keys.push_back(key[axis]);
  const Array z = index_arrays(y, key_arrays(x, keys));
  const int broadcast = z.ndim() - (x.ndim() - static_cast<int>(indexed.size()));
  const int first = indexed[0];
  const bool adjacent = indexed.back() - first + 1 == static_cast<int>(indexed.size());
  if (!adjacent || first == 0) return z;  // apart (or at the front already): NumPy puts the broadcast axes first
  std::vector<int> axes;
  for (int k = 0; k < first; ++k) axes.push_back(broadcast + k);
  for (int k = 0; k < broadcast; ++k) axes.push_back(k);
  for (int k = broadcast + first; k < z.ndim(); ++k) axes.push_back(k);
  return permute_dims(z, axes);
}

}  // namespace

Array getitem(const Array& x, const std::vector<IndexKey>& key) {
  const auto checked = check_call(x.grid().comm(), "__getitem__", arg("x", x), arg("key", key));
  if (std::none_of(key.begin(), key.end(), is_array)) {
    std::vector<BasicIndex> basic;
    for (const IndexKey& k : key) basic.push_back(as_basic(k, std::int64_t{0}));
    return basic_getitem(x, basic);
  }
  // Integers and arrays, then only full slices or ...: integer-array indexing of the leading axes.
  std::vector<IndexKey> leading = key;
  while (!leading.empty() && (std::holds_alternative<Ellipsis>(leading.back()) || is_full_slice(leading.back()))) {
    leading.pop_back();
  }
  const bool integral = std::all_of(leading.begin(), leading.end(), [](const IndexKey& k) {
    return std::holds_alternative<Array>(k) || std::holds_alternative<std::int64_t>(k);
  });
  if (integral) {
    if (static_cast<int>(leading.size()) > x.ndim()) {
      throw std::out_of_range(function + ": too many indices for an array of dimension " + std::to_string(x.ndim()) +
                              ": got " + std::to_string(leading.size()));
    }
    if (leading.size() == 1 && is_array(leading[0]) && std::get<Array>(leading[0]).ndim() == 1) {
      return take(x, std::get<Array>(leading[0]), 0);
    }
    return index_arrays(x, key_arrays(x, leading));
  }
  // Mixed: new axes become size-1 axes of a view, indexed by full slices.
  std::vector<IndexKey> expanded = expanded_key(key, x.ndim());
  std::vector<int> new_axes;
  for (int position = 0; position < static_cast<int>(expanded.size()); ++position) {
    if (std::holds_alternative<NewAxis>(expanded[position])) {
      new_axes.push_back(position);
      expanded[position] = IndexMap::Slice{};
    }
  }
  return mixed_getitem(new_axes.empty() ? x : expand_dims(x, new_axes), expanded);
}

}  // namespace gingham
