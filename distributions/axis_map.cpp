#include "gingham/distributions/axis_map.hpp"

#include <algorithm>
#include <stdexcept>
#include <tuple>

namespace gingham {

AxisMap::AxisMap(std::int64_t extent, int parts, std::int64_t block_size, int first_part)
    : extent_(extent), parts_(parts), block_size_(block_size), first_part_(first_part) {
  if (extent < 0) {
    throw std::invalid_argument("gingham::AxisMap: expected an extent >= 0, got " + std::to_string(extent));
  }
  if (parts < 1) {
    throw std::invalid_argument("gingham::AxisMap: expected at least 1 part, got " + std::to_string(parts));
  }
  if (block_size < 1) {
    throw std::invalid_argument("gingham::AxisMap: expected a block size >= 1, got " + std::to_string(block_size));
  }
  if (first_part < 0 || first_part >= parts) {
    throw std::invalid_argument("gingham::AxisMap: expected a first process in [0, " + std::to_string(parts) +
                                "), got " + std::to_string(first_part));
  }
  block_size_ = std::min(block_size_, std::max<std::int64_t>(1, extent_));  // keeps every nb * k in range
}

AxisMap AxisMap::block(std::int64_t extent, int parts, int first_part) {
  const std::int64_t per_part = parts > 0 ? (std::max<std::int64_t>(extent, 0) + parts - 1) / parts : 1;
  return AxisMap(extent, parts, std::max<std::int64_t>(1, per_part), first_part);
}

AxisMap AxisMap::whole(std::int64_t extent) { return AxisMap(extent, 1, std::max<std::int64_t>(1, extent), 0); }

std::int64_t AxisMap::local_extent(int part) const noexcept {
  const std::int64_t full_blocks = extent_ / block_size_;
  const std::int64_t d = distance_from_first(part);
  std::int64_t extent = full_blocks / parts_ * block_size_;
  const std::int64_t extra_blocks = full_blocks % parts_;
  if (d < extra_blocks) extent += block_size_;
  else if (d == extra_blocks) extent += extent_ % block_size_;
  return extent;
}

std::int64_t AxisMap::owned_block_count(int part) const noexcept {
  const std::int64_t blocks = (extent_ + block_size_ - 1) / block_size_;  // including a last partial one
  const std::int64_t d = distance_from_first(part);
  return d < blocks ? (blocks - d + parts_ - 1) / parts_ : 0;
}

OwnedBlock AxisMap::owned_block(int part, std::int64_t k) const noexcept {
  const std::int64_t global_block = k * parts_ + distance_from_first(part);
  const std::int64_t begin = global_block * block_size_;
  return {begin, k * block_size_, std::min(block_size_, extent_ - begin)};
}

std::string AxisMap::describe() const {
  return "AxisMap(n=" + std::to_string(extent_) + ", P=" + std::to_string(parts_) + ", nb=" +
         std::to_string(block_size_) + ", src=" + std::to_string(first_part_) + ")";
}

bool operator==(const AxisMap& a, const AxisMap& b) noexcept {
  // Canonical form: with one process or one block, only the owner of that block matters.
  auto canonical = [](const AxisMap& m) {
    const bool single_block = m.parts_ == 1 || m.block_size_ >= m.extent_;
    const std::int64_t nb = single_block ? std::max<std::int64_t>(1, m.extent_) : m.block_size_;
    const int src = m.parts_ == 1 || m.extent_ == 0 ? 0 : m.first_part_;  // an empty axis has no owner
    return std::make_tuple(m.extent_, m.parts_, nb, src);
  };
  return canonical(a) == canonical(b);
}

}  // namespace gingham
