// Slice datatypes: for random boxes (runs on up to 3 axes, flipped and strided outer axes, gaps in the
// inner runs) and random ranges of message positions, the datatype addresses exactly the elements the
// executor would pack, in the same order (MPI_Pack against a walk of the box); and it is refused where
// the executor should pack: element-by-element sides, runs shorter than asked, an exhausted budget.
// Local: no messages (each rank checks on its own).
#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "src/plans/slice_datatype.hpp"
#include "support.hpp"

namespace gingham::detail {
namespace {

using test::all_ranks;

/// A box over a dense row-major view of `shape` int64 elements (each holding its own offset), with the
/// view side addressing it.
struct Scene {
  std::vector<std::int64_t> shape, values;
  Box box;
  Side side;
};

/// Runs along an axis of `extent`: random pieces in message order, contiguous (step 1) when `contiguous`,
/// else with the given step; on outer axes sometimes descending (a flip).
AxisRuns random_axis(std::mt19937& random, std::int64_t extent, bool inner, bool contiguous) {
  AxisRuns runs;
  std::int64_t position = 0;
  const bool flip = !inner && random() % 3 == 0;
  for (std::int64_t at = 0; at < extent;) {
    const std::int64_t gap = random() % 3 == 0 ? static_cast<std::int64_t>(random() % 4) : 0;
    at += gap;
    if (at >= extent) break;
    const std::int64_t step = contiguous ? 1 : 2;
    const std::int64_t room = (extent - 1 - at) / step + 1;
    const std::int64_t count = 1 + static_cast<std::int64_t>(random() % std::min<std::int64_t>(room, inner ? 40 : 3));
    const std::int64_t first = flip ? extent - 1 - at : at;
    runs.append(count, first, flip ? -step : step, position, 1);
    position += count;
    at += count * step;
  }
  if (runs.elements() == 0) runs.append(1, 0, 1, 0, 1);
  return runs;
}

Scene random_scene(std::mt19937& random, bool contiguous_inner) {
  Scene scene;
  const int ndim = 1 + static_cast<int>(random() % 3);
  for (int k = 0; k < ndim; ++k) scene.shape.push_back(k == ndim - 1 ? 20 + random() % 200 : 1 + random() % 9);
  std::int64_t size = 1;
  for (std::int64_t e : scene.shape) size *= e;
  scene.values.resize(size);
  for (std::int64_t e = 0; e < size; ++e) scene.values[e] = e;
  std::vector<std::int64_t> strides(ndim, 1);
  for (int k = ndim - 2; k >= 0; --k) strides[k] = strides[k + 1] * scene.shape[k + 1];
  for (int k = 0; k < ndim; ++k) {
    scene.box.axes.push_back(random_axis(random, scene.shape[k], k == ndim - 1, k != ndim - 1 || contiguous_inner));
  }
  scene.side = Side{reinterpret_cast<std::byte*>(scene.values.data()), strides, 0, false, true};
  return scene;
}

/// The elements of positions [first, last) as the executor packs them.
std::vector<std::int64_t> walked(const Scene& scene, std::int64_t first, std::int64_t last) {
  std::vector<std::int64_t> out;
  walk_segments(scene.box, first, last, scene.side, [&](std::int64_t, std::int64_t offset, std::int64_t step, std::int64_t count) {
    for (std::int64_t i = 0; i < count; ++i) out.push_back(scene.values[offset + i * step]);
    return true;
  });
  return out;
}

std::vector<std::int64_t> packed(const Scene& scene, MPI_Datatype type, std::size_t count) {
  std::vector<std::int64_t> out(count);
  int position = 0;
  MPI_Pack(scene.values.data(), 1, type, out.data(), static_cast<int>(count * sizeof(std::int64_t)), &position, MPI_COMM_SELF);
  EXPECT_EQ(position, static_cast<int>(count * sizeof(std::int64_t)));
  return out;
}

TEST(SliceDatatype, AddressesTheElementsTheExecutorPacksInTheSameOrder) {
  std::mt19937 random(7);
  std::string failure;
  int described = 0;
  for (int trial = 0; trial < 300 && failure.empty(); ++trial) {
    const Scene scene = random_scene(random, true);
    const std::int64_t total = scene.box.elements();
    const std::int64_t first = random() % total, last = first + 1 + random() % (total - first);
    std::size_t budget = std::size_t{1} << 16;
    const auto type = slice_datatype({SlicePart{&scene.box, scene.side, first, last}}, sizeof(std::int64_t), 0, budget);
    if (!type) {
      failure = "trial " + std::to_string(trial) + ": no datatype for contiguous runs";
      break;
    }
    ++described;
    if (packed(scene, type->get(), last - first) != walked(scene, first, last)) {
      failure = "trial " + std::to_string(trial) + ": the datatype addresses other elements or another order";
    }
  }
  EXPECT_TRUE(all_ranks(failure.empty())) << failure;
  EXPECT_EQ(described, 300);
}

TEST(SliceDatatype, SpansSeveralBoxesOfOneMessage) {
  std::mt19937 random(11);
  for (int trial = 0; trial < 20; ++trial) {
    const Scene a = random_scene(random, true);
    Scene b = a;  // a second box over the same view
    for (std::size_t k = 0; k < b.box.axes.size(); ++k) {
      b.box.axes[k] = random_axis(random, b.shape[k], k + 1 == b.box.axes.size(), true);
    }
    const std::int64_t a_total = a.box.elements(), b_total = b.box.elements();
    std::size_t budget = std::size_t{1} << 16;
    const auto type = slice_datatype({SlicePart{&a.box, a.side, a_total / 2, a_total}, SlicePart{&b.box, b.side, 0, b_total}},
                                     sizeof(std::int64_t), 0, budget);
    ASSERT_TRUE(type.has_value());
    std::vector<std::int64_t> expected = walked(a, a_total / 2, a_total), rest = walked(b, 0, b_total);
    expected.insert(expected.end(), rest.begin(), rest.end());
    EXPECT_EQ(packed(a, type->get(), expected.size()), expected) << "trial " << trial;
  }
}

TEST(SliceDatatype, IsRefusedWhereTheExecutorMustPack) {
  std::mt19937 random(3);
  int refused_strided = 0, trials = 0;
  for (int trial = 0; trial < 50; ++trial) {
    const Scene scene = random_scene(random, false);  // inner runs step by 2
    const detail::Run& run = scene.box.axes.back().runs()[0];
    if (run.count < 2) continue;  // one element per run is contiguous enough
    ++trials;
    std::size_t budget = std::size_t{1} << 16;
    const std::int64_t total = scene.box.elements();
    refused_strided += slice_datatype({SlicePart{&scene.box, scene.side, 0, total}}, 8, 16, budget) ? 0 : 1;
    // Asked for runs of any length, it describes the elements one by one.
    const auto type = slice_datatype({SlicePart{&scene.box, scene.side, 0, total}}, 8, 0, budget);
    ASSERT_TRUE(type.has_value());
    EXPECT_EQ(packed(scene, type->get(), total), walked(scene, 0, total));
  }
  EXPECT_GT(trials, 10);
  EXPECT_EQ(refused_strided, trials);

  Scene scene = random_scene(random, true);
  const std::int64_t total = scene.box.elements();
  std::size_t budget = std::size_t{1} << 16;
  EXPECT_FALSE(slice_datatype({SlicePart{&scene.box, scene.side, 0, total}}, 8, std::size_t{1} << 40, budget))
      << "runs shorter than asked";
  EXPECT_EQ(budget, std::size_t{1} << 16) << "a refused slice uses none of the budget";
  std::size_t none = 0;
  EXPECT_FALSE(slice_datatype({SlicePart{&scene.box, scene.side, 0, total}}, 8, 0, none)) << "no budget left";
  ASSERT_TRUE(slice_datatype({SlicePart{&scene.box, scene.side, 0, total}}, 8, 0, budget));
  EXPECT_LT(budget, std::size_t{1} << 16) << "a described slice uses the budget";
}

}  // namespace
}  // namespace gingham::detail
