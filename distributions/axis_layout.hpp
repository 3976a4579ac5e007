#pragma once
/// \file
/// AxisLayout: how one array axis is spread over one grid axis, before the axis extent and the number of
/// processes are known (Python: gg.Block(), gg.Cyclic(), gg.BlockCyclic(nb), None).

#include <cstdint>
#include <string>

#include "gingham/distributions/axis_map.hpp"

namespace gingham {

class AxisLayout {
 public:
  enum class Kind { block, cyclic, block_cyclic, not_distributed };

  /// Local. Contiguous blocks of ceil(n / P) elements; `offset` is the process holding the first block.
  static AxisLayout block(int offset = 0);
  /// Local. Element i on process (i + offset) mod P.
  static AxisLayout cyclic(int offset = 0);
  /// Local. Blocks of `block_size` dealt round-robin from process `offset` (ScaLAPACK's layout).
  /// Throws std::invalid_argument when block_size < 1 or offset < 0.
  static AxisLayout block_cyclic(std::int64_t block_size, int offset = 0);
  /// Local. The axis is not split: every process along the grid axis holds all of it.
  static AxisLayout not_distributed();

  /// Local. Which kind of layout.
  Kind kind() const noexcept { return kind_; }
  /// Local. The block size of a block-cyclic layout (0 for the other kinds).
  std::int64_t block_size() const noexcept { return block_size_; }
  /// Local. The process holding the first block.
  int offset() const noexcept { return offset_; }
  /// Local. Whether the axis is spread over a grid axis.
  bool is_distributed() const noexcept { return kind_ != Kind::not_distributed; }

  /// Local. The layout of `extent` elements over `parts` processes. Throws std::invalid_argument when
  /// the offset is not a process (offset >= parts).
  AxisMap resolve(std::int64_t extent, int parts) const;

  /// Local. "Block()", "Cyclic(offset=1)", "BlockCyclic(64)", "None".
  std::string describe() const;

  friend bool operator==(const AxisLayout&, const AxisLayout&) = default;

 private:
  AxisLayout(Kind kind, std::int64_t block_size, int offset);
  Kind kind_;
  std::int64_t block_size_;
  int offset_;
};

}  // namespace gingham
