#include "gingham/distributions/basic_key.hpp"

#include <stdexcept>

namespace gingham {

std::vector<BasicIndex> expand_ellipsis(const std::vector<BasicIndex>& key, int ndim, const std::string& function) {
  int ellipses = 0, used = 0;
  std::size_t at = key.size();
  for (std::size_t k = 0; k < key.size(); ++k) {
    if (std::holds_alternative<Ellipsis>(key[k])) {
      ++ellipses;
      at = k;
    } else if (!std::holds_alternative<NewAxis>(key[k])) {
      ++used;
    }
  }
  if (ellipses > 1) throw std::out_of_range(function + ": an index can only have a single ellipsis ('...')");
  if (used > ndim) {
    throw std::out_of_range(function + ": too many indices for an array of dimension " + std::to_string(ndim) +
                            ": got " + std::to_string(used));
  }
  std::vector<BasicIndex> expanded(key.begin(), key.begin() + static_cast<std::ptrdiff_t>(at));
  expanded.insert(expanded.end(), static_cast<std::size_t>(ndim - used), IndexMap::Slice{});
  if (at < key.size()) expanded.insert(expanded.end(), key.begin() + static_cast<std::ptrdiff_t>(at) + 1, key.end());
  return expanded;
}

BasicKey::BasicKey(const std::vector<BasicIndex>& key, std::vector<std::int64_t> source_shape,
                   const std::string& function)
    : source_shape_(std::move(source_shape)) {
  const std::vector<BasicIndex> expanded = expand_ellipsis(key, static_cast<int>(source_shape_.size()), function);
  int axis = 0, position = 0;
  for (const BasicIndex& entry : expanded) {
    if (std::holds_alternative<NewAxis>(entry)) {
      new_axes_.push_back(position++);
      continue;
    }
    const std::int64_t n = source_shape_[axis];
    if (const auto* s = std::get_if<IndexMap::Slice>(&entry)) {
      if (s->step == 0) throw std::invalid_argument(function + ": slice step cannot be zero");
      reads_.push_back(IndexMap::read_of(axis, n, *s));
      ++position;
    } else {
      const std::int64_t i = std::get<std::int64_t>(entry);
      if (i < -n || i >= n) {
        throw std::out_of_range(function + ": index " + std::to_string(i) + " is out of bounds for axis " +
                                std::to_string(axis) + " with size " + std::to_string(n));
      }
      fixed_.push_back({axis, i < 0 ? i + n : i});
    }
    ++axis;
  }
}

std::vector<std::int64_t> BasicKey::result_shape() const {
  std::vector<std::int64_t> shape;
  std::size_t next_read = 0, next_new = 0;
  const std::size_t total = reads_.size() + new_axes_.size();
  for (std::size_t position = 0; position < total; ++position) {
    const bool is_new = next_new < new_axes_.size() && new_axes_[next_new] == static_cast<int>(position);
    shape.push_back(is_new ? 1 : reads_[next_read].extent);
    is_new ? ++next_new : ++next_read;
  }
  return shape;
}

}  // namespace gingham
