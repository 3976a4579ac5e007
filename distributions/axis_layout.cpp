#include "gingham/distributions/axis_layout.hpp"

#include <stdexcept>

namespace gingham {

AxisLayout::AxisLayout(Kind kind, std::int64_t block_size, int offset)
    : kind_(kind), block_size_(block_size), offset_(offset) {
  if (offset < 0) {
    throw std::invalid_argument("gingham::AxisLayout: expected an offset >= 0, got " + std::to_string(offset));
  }
}

AxisLayout AxisLayout::block(int offset) { return AxisLayout(Kind::block, 0, offset); }

AxisLayout AxisLayout::cyclic(int offset) { return AxisLayout(Kind::cyclic, 0, offset); }

AxisLayout AxisLayout::block_cyclic(std::int64_t block_size, int offset) {
  if (block_size < 1) {
    throw std::invalid_argument("gingham::BlockCyclic: expected a block size >= 1, got " +
                                std::to_string(block_size));
  }
  return AxisLayout(Kind::block_cyclic, block_size, offset);
}

AxisLayout AxisLayout::not_distributed() { return AxisLayout(Kind::not_distributed, 0, 0); }

AxisMap AxisLayout::resolve(std::int64_t extent, int parts) const {
  if (offset_ >= parts) {
    throw std::invalid_argument("gingham::" + describe() + ": the offset must name one of the " +
                                std::to_string(parts) + " processes along its grid axis");
  }
  switch (kind_) {
    case Kind::block: return AxisMap::block(extent, parts, offset_);
    case Kind::cyclic: return AxisMap(extent, parts, 1, offset_);
    case Kind::block_cyclic: return AxisMap(extent, parts, block_size_, offset_);
    case Kind::not_distributed: break;
  }
  return AxisMap::whole(extent);
}

std::string AxisLayout::describe() const {
  const std::string offset = offset_ ? "offset=" + std::to_string(offset_) : "";
  switch (kind_) {
    case Kind::block: return "Block(" + offset + ")";
    case Kind::cyclic: return "Cyclic(" + offset + ")";
    case Kind::block_cyclic:
      return "BlockCyclic(" + std::to_string(block_size_) + (offset_ ? ", " + offset : "") + ")";
    case Kind::not_distributed: break;
  }
  return "None";
}

}  // namespace gingham
