// Owned runs (the per-axis description file views are built from), no MPI: for every extent <= 30, part
// count <= 5, block size <= 7 and first part, the regular blocks and the tail list exactly the global
// indices AxisMap says the part owns, in local order, at the local positions AxisMap gives them.
#include <gtest/gtest.h>

#include <vector>

#include "gingham/distributions/axis_map.hpp"
#include "src/io/file_view.hpp"

namespace gingham::io {
namespace {

TEST(OwnedRuns, ListEveryOwnedIndexOnceInLocalOrder) {
  for (std::int64_t n = 0; n <= 30; ++n) {
    for (int parts = 1; parts <= 5; ++parts) {
      for (std::int64_t nb = 1; nb <= 7; ++nb) {
        for (int first = 0; first < parts; ++first) {
          const AxisMap map(n, parts, nb, first);
          for (int part = 0; part < parts; ++part) {
            const OwnedRuns runs = owned_runs(map, part);
            std::vector<std::int64_t> global, local;
            for (std::int64_t b = 0; b < runs.full_blocks; ++b) {
              for (std::int64_t i = 0; i < runs.block_length; ++i) {
                global.push_back(runs.global_first + b * runs.global_step + i);
                local.push_back(runs.local_first + b * runs.local_step + i);
              }
            }
            for (std::int64_t i = 0; i < runs.tail_length; ++i) {
              global.push_back(runs.tail_global + i), local.push_back(runs.tail_local + i);
            }
            ASSERT_EQ(runs.count(), map.local_extent(part)) << map.describe() << " part " << part;
            ASSERT_EQ(static_cast<std::int64_t>(global.size()), map.local_extent(part)) << map.describe();
            for (std::size_t k = 0; k < global.size(); ++k) {
              ASSERT_EQ(local[k], static_cast<std::int64_t>(k)) << map.describe() << " part " << part;
              ASSERT_EQ(map.to_global(part, local[k]), global[k]) << map.describe() << " part " << part;
              ASSERT_EQ(map.owner(global[k]), part) << map.describe();
            }
          }
        }
      }
    }
  }
}

}  // namespace
}  // namespace gingham::io
