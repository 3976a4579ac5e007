#include "gingham/distributions/block.hpp"

#include <algorithm>
#include <stdexcept>

namespace gingham {

BlockMap::BlockMap(std::int64_t global_extent, int parts)
    : global_extent_(global_extent), parts_(parts), block_size_(1) {
  if (global_extent < 0) {
    throw std::invalid_argument("gingham::BlockMap: expected an extent >= 0, got " + std::to_string(global_extent));
  }
  if (parts < 1) {
    throw std::invalid_argument("gingham::BlockMap: expected at least 1 part, got " + std::to_string(parts));
  }
  block_size_ = std::max<std::int64_t>(1, (global_extent + parts - 1) / parts);
}

std::int64_t BlockMap::global_begin(int part) const noexcept {
  return std::min(global_extent_, part * block_size_);
}

std::int64_t BlockMap::local_extent(int part) const noexcept {
  return std::clamp<std::int64_t>(global_extent_ - part * block_size_, 0, block_size_);
}

std::string BlockMap::describe() const {
  return "Block(n=" + std::to_string(global_extent_) + ", parts=" + std::to_string(parts_) +
         ", b=" + std::to_string(block_size_) + ")";
}

}  // namespace gingham
