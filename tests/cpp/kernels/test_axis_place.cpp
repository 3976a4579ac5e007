// Owners and local indices of block-cyclic axes computed in loops (src/kernels/axis_place.hpp) against
// AxisMap's own owner and to_local: every index of axes with 1 to 12 parts (Block layouts located by
// comparisons up to 8 parts, by division beyond), every first part, blocks that divide the extent and blocks
// that do not, and block-cyclic maps (several blocks per part).
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "gingham/distributions/axis_map.hpp"
#include "src/kernels/axis_place.hpp"

namespace gingham::detail {
namespace {

void check(const AxisMap& map, int stride, int base) {
  const AxisPlace place(map);
  std::vector<std::int64_t> global(static_cast<std::size_t>(map.extent()));
  for (std::int64_t g = 0; g < map.extent(); ++g) global[static_cast<std::size_t>(g)] = map.extent() - 1 - g;
  std::vector<int> owner(global.size(), -1);
  std::vector<std::int64_t> local(global.size(), -1);
  place.place_all(global.data(), map.extent(), stride, base, owner.data(), local.data());
  for (std::size_t i = 0; i < global.size(); ++i) {
    const std::int64_t g = global[i];
    ASSERT_EQ(owner[i], map.owner(g) * stride + base) << "index " << g << " of " << map.extent() << ", " << map.parts()
                                                      << " parts of blocks of " << map.block_size() << ", first part "
                                                      << map.first_part();
    ASSERT_EQ(local[i], map.to_local(g)) << "index " << g << " of " << map.extent() << ", " << map.parts() << " parts";
    const AxisPlaceOf one = place(g);
    ASSERT_EQ(one.owner, map.owner(g));
    ASSERT_EQ(one.local, map.to_local(g));
    ASSERT_EQ(place.owner(g), map.owner(g));
  }
}

TEST(AxisPlace, BlockLayoutsOfEveryPartCountAndFirstPart) {
  for (int parts = 1; parts <= 12; ++parts) {
    for (int first = 0; first < parts; ++first) {
      for (std::int64_t extent : {std::int64_t{0}, std::int64_t{1}, std::int64_t{parts}, std::int64_t{37},
                                  std::int64_t{12 * 7}, std::int64_t{1000}}) {
        check(AxisMap::block(extent, parts, first), 1, 0);
        check(AxisMap::block(extent, parts, first), 3, 2);
      }
    }
  }
}

TEST(AxisPlace, BlockCyclicMaps) {
  for (int parts = 1; parts <= 10; ++parts) {
    for (std::int64_t block : {1, 2, 5, 64}) {
      for (int first = 0; first < parts; first += 2) check(AxisMap(503, parts, block, first), 2, 1);
    }
  }
}

}  // namespace
}  // namespace gingham::detail
