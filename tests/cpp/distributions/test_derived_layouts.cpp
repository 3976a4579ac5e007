// Derived layouts (gingham/distributions/derived.hpp) and basic keys, against plain-loop references:
// the owner and local index of every element of a derived layout are computed here from the block-cyclic
// formulas of the AxisLayout each axis should have, and slices from Python's slice rules, written out.
// No MPI.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <vector>

#include "gingham/distributions/basic_key.hpp"
#include "gingham/distributions/derived.hpp"
#include "support.hpp"

namespace gingham {
namespace {

using test::draw;
using test::for_each_index;
using test::python_slice;
using test::random_key;
using test::random_grid;
using test::random_layout;

/// The owner (along its grid axis) and local index of element i of an axis of `n` elements laid out as
/// `layout` over `parts` processes, from the formulas in distributions/README.md.
std::pair<int, std::int64_t> reference_place(const AxisLayout& layout, std::int64_t n, int parts, std::int64_t i) {
  const int offset = layout.offset();
  switch (layout.kind()) {
    case AxisLayout::Kind::not_distributed: return {0, i};
    case AxisLayout::Kind::cyclic: return {static_cast<int>((i + offset) % parts), i / parts};
    case AxisLayout::Kind::block: {
      const std::int64_t nb = std::max<std::int64_t>(1, (n + parts - 1) / parts);
      return {static_cast<int>((i / nb + offset) % parts), i % nb};
    }
    case AxisLayout::Kind::block_cyclic: {
      const std::int64_t nb = layout.block_size();
      return {static_cast<int>((i / nb + offset) % parts), (i / (nb * parts)) * nb + i % nb};
    }
  }
  return {-1, -1};
}

/// What one axis of a derived layout should be: an AxisLayout on a grid axis (-1: not distributed).
struct ExpectedAxis {
  std::int64_t extent;
  AxisLayout layout;
  int grid_axis;
};

/// Every element of `r` is held where the expected per-axis layouts put it: owner coordinates (-1 on
/// grid axes no axis spreads) and local indices, element by element.
void expect_layout(const Distribution& r, const std::vector<ExpectedAxis>& axes, const std::vector<int>& grid_dims,
                   StorageOrder order) {
  SCOPED_TRACE(r.describe());
  ASSERT_EQ(r.ndim(), static_cast<int>(axes.size()));
  ASSERT_EQ(r.grid_dims(), grid_dims);
  ASSERT_EQ(r.storage_order(), order);
  std::vector<std::int64_t> shape;
  for (const ExpectedAxis& a : axes) shape.push_back(a.extent);
  ASSERT_EQ(r.global_shape(), shape);
  for_each_index(shape, [&](const std::vector<std::int64_t>& index) {
    std::vector<int> owner(grid_dims.size(), -1);
    std::vector<std::int64_t> local(index.size());
    for (std::size_t k = 0; k < axes.size(); ++k) {
      const int g = axes[k].grid_axis;
      const auto [part, l] = reference_place(axes[k].layout, axes[k].extent, g < 0 ? 1 : grid_dims[g], index[k]);
      if (g >= 0) owner[g] = part;
      local[k] = l;
    }
    ASSERT_EQ(r.owner_coords(index), owner);
    ASSERT_EQ(r.to_local(index), local);
  });
}

/// The expected axis `a` of `d`, at extent `extent`.
ExpectedAxis axis_of(const Distribution& d, int a, std::int64_t extent) {
  return {extent, d.axis_layout(a), d.grid_axis_of(a)};
}

std::vector<std::int64_t> random_shape(std::mt19937& random, int max_ndim) {
  std::vector<std::int64_t> shape(draw(random, 0, max_ndim));
  for (std::int64_t& e : shape) e = draw(random, 0, 7);
  return shape;
}

constexpr int trials = 300;

TEST(DerivedLayouts, WithAxisAndResizedChangeOneAxisOnly) {
  std::mt19937 random(11);
  for (int t = 0; t < trials; ++t) {
    std::vector<std::int64_t> shape = random_shape(random, 3);
    if (shape.empty()) shape.push_back(3);
    const std::vector<int> grid = random_grid(random, draw(random, 1, 6));
    const Distribution d = random_layout(random, shape, grid);
    const int axis = draw(random, 0, d.ndim() - 1);
    const std::int64_t extent = draw(random, 0, 9);
    std::vector<ExpectedAxis> expected;
    for (int a = 0; a < d.ndim(); ++a) expected.push_back(axis_of(d, a, a == axis ? extent : shape[a]));
    expect_layout(derived::resized(d, axis, extent), expected, grid, d.storage_order());
    if (d.grid_axis_of(axis) >= 0) {
      const AxisLayout cyclic = AxisLayout::cyclic(draw(random, 0, grid[d.grid_axis_of(axis)] - 1));
      expected[axis].layout = cyclic;
      expect_layout(derived::with_axis(d, axis, extent, cyclic), expected, grid, d.storage_order());
    }
  }
}

TEST(DerivedLayouts, PermutedReadsTheListedAxes) {
  std::mt19937 random(12);
  for (int t = 0; t < trials; ++t) {
    const std::vector<std::int64_t> shape = random_shape(random, 4);
    const std::vector<int> grid = random_grid(random, draw(random, 1, 6));
    const Distribution d = random_layout(random, shape, grid);
    std::vector<int> axes(shape.size());
    for (std::size_t k = 0; k < axes.size(); ++k) axes[k] = static_cast<int>(k);
    std::shuffle(axes.begin(), axes.end(), random);
    if (!axes.empty() && draw(random, 0, 1)) axes.pop_back();  // a subset, as squeeze keeps
    std::vector<ExpectedAxis> expected;
    for (int a : axes) expected.push_back(axis_of(d, a, shape[a]));
    expect_layout(derived::permuted(d, axes), expected, grid, d.storage_order());
  }
  const Distribution d({4, 5}, {AxisLayout::block(), AxisLayout::cyclic()}, {2, 2});
  EXPECT_THROW(derived::permuted(d, std::vector<int>{2}), std::out_of_range);
}

TEST(DerivedLayouts, ExpandedAndReducedInsertAndDropAxes) {
  std::mt19937 random(13);
  for (int t = 0; t < trials; ++t) {
    const std::vector<std::int64_t> shape = random_shape(random, 3);
    const std::vector<int> grid = random_grid(random, draw(random, 1, 6));
    const Distribution d = random_layout(random, shape, grid);
    // expanded: new size-1 axes at random increasing positions.
    const int added = draw(random, 0, 2), ndim = d.ndim() + added;
    std::vector<int> positions;
    for (int p = 0; p < ndim; ++p) positions.push_back(p);
    std::shuffle(positions.begin(), positions.end(), random);
    positions.resize(added);
    std::sort(positions.begin(), positions.end());
    std::vector<ExpectedAxis> expected;
    for (int p = 0, old = 0; p < ndim; ++p) {
      if (std::find(positions.begin(), positions.end(), p) != positions.end()) {
        expected.push_back({1, AxisLayout::not_distributed(), -1});
      } else {
        expected.push_back(axis_of(d, old, shape[old]));
        ++old;
      }
    }
    expect_layout(derived::expanded(d, positions), expected, grid, d.storage_order());
    // reduced: random axes removed (or kept with extent 1).
    std::vector<char> flags(shape.size());
    for (char& f : flags) f = static_cast<char>(draw(random, 0, 1));
    for (bool keepdims : {false, true}) {
      std::vector<ExpectedAxis> kept;
      for (int a = 0; a < d.ndim(); ++a) {
        if (!flags[a]) kept.push_back(axis_of(d, a, shape[a]));
        else if (keepdims) kept.push_back({1, AxisLayout::not_distributed(), -1});
      }
      expect_layout(derived::reduced(d, flags, keepdims), kept, grid, d.storage_order());
    }
  }
}

TEST(DerivedLayouts, DefaultLayoutIsBlockOnTheLeadingAxes) {
  for (const std::vector<int>& grid : std::vector<std::vector<int>>{{1}, {3}, {2, 2}, {2, 1, 3}}) {
    for (const std::vector<std::int64_t>& shape :
         std::vector<std::vector<std::int64_t>>{{}, {7}, {8, 8}, {5, 0, 3}, {2, 3, 4, 5}}) {
      std::vector<ExpectedAxis> expected;
      for (std::size_t k = 0; k < shape.size(); ++k) {
        const bool spread = k < grid.size();
        expected.push_back({shape[k], spread ? AxisLayout::block() : AxisLayout::not_distributed(),
                            spread ? static_cast<int>(k) : -1});
      }
      expect_layout(derived::default_layout(shape, grid), expected, grid, StorageOrder::row_major);
    }
  }
}

TEST(DerivedLayouts, BroadcastShapesAlignsAtTheRight) {
  std::mt19937 random(14);
  for (int t = 0; t < trials; ++t) {
    std::vector<std::int64_t> a = random_shape(random, 4), b = random_shape(random, 4);
    for (std::int64_t& e : a) if (draw(random, 0, 2) == 0) e = 1;
    for (std::int64_t& e : b) if (draw(random, 0, 2) == 0) e = 1;
    // Reference: pad with leading ones, then per axis equal, or one of them 1.
    const std::size_t n = std::max(a.size(), b.size());
    std::vector<std::int64_t> pa(n - a.size(), 1), pb(n - b.size(), 1);
    pa.insert(pa.end(), a.begin(), a.end());
    pb.insert(pb.end(), b.begin(), b.end());
    bool ok = true;
    std::vector<std::int64_t> expected(n);
    for (std::size_t k = 0; k < n; ++k) {
      if (pa[k] == pb[k] || pb[k] == 1) expected[k] = pa[k];
      else if (pa[k] == 1) expected[k] = pb[k];
      else ok = false;
    }
    if (ok) {
      EXPECT_EQ(derived::broadcast_shapes(a, b), expected);
    } else {
      EXPECT_THROW(derived::broadcast_shapes(a, b), std::invalid_argument);
    }
  }
}

TEST(DerivedLayouts, SlicedKeepsKindsAndGridAxesOfTheSurvivingAxes) {
  std::mt19937 random(15);
  for (int t = 0; t < 3 * trials; ++t) {
    const std::vector<std::int64_t> shape = random_shape(random, 3);
    const std::vector<int> grid = random_grid(random, draw(random, 1, 6));
    const Distribution d = random_layout(random, shape, grid);
    const std::vector<BasicIndex> key = random_key(random, shape);
    const BasicKey resolved(key, shape, "test");
    // Reference, entry by entry: the source indices each result axis reads, the fixed axes, new axes.
    const int ellipsis_at = static_cast<int>(
        std::find_if(key.begin(), key.end(), [](const BasicIndex& k) { return std::holds_alternative<Ellipsis>(k); }) -
        key.begin());
    int indexed = 0;
    for (const BasicIndex& k : key) indexed += std::holds_alternative<std::int64_t>(k) || std::holds_alternative<IndexMap::Slice>(k);
    std::vector<ExpectedAxis> expected;
    std::vector<std::vector<std::int64_t>> reads;  // per result axis: the source indices, or {} for new axes
    std::vector<int> read_axis;
    std::vector<std::pair<int, std::int64_t>> fixed;
    int axis = 0;
    auto take_whole = [&](int count) {
      for (int c = 0; c < count; ++c, ++axis) {
        reads.push_back(python_slice(shape[axis], IndexMap::Slice{}));
        read_axis.push_back(axis);
        expected.push_back(axis_of(d, axis, shape[axis]));
      }
    };
    for (int e = 0; e < static_cast<int>(key.size()); ++e) {
      if (e == ellipsis_at) {
        take_whole(static_cast<int>(shape.size()) - indexed);
      } else if (std::holds_alternative<NewAxis>(key[e])) {
        reads.push_back({0});
        read_axis.push_back(-1);
        expected.push_back({1, AxisLayout::not_distributed(), -1});
      } else if (const auto* i = std::get_if<std::int64_t>(&key[e])) {
        fixed.push_back({axis, *i < 0 ? *i + shape[axis] : *i});
        ++axis;
      } else {
        const std::vector<std::int64_t> indices = python_slice(shape[axis], std::get<IndexMap::Slice>(key[e]));
        expected.push_back(axis_of(d, axis, static_cast<std::int64_t>(indices.size())));
        reads.push_back(indices);
        read_axis.push_back(axis);
        ++axis;
      }
    }
    if (ellipsis_at == static_cast<int>(key.size())) take_whole(static_cast<int>(shape.size()) - axis);
    const Distribution r = derived::sliced(d, resolved);
    expect_layout(r, expected, grid, d.storage_order());
    // The key's index map reads, for every result element, the source element the reference names.
    std::vector<std::int64_t> result_shape;
    for (const ExpectedAxis& a : expected) result_shape.push_back(a.extent);
    ASSERT_EQ(resolved.result_shape(), result_shape);
    const IndexMap map = resolved.index_map();
    for_each_index(result_shape, [&](const std::vector<std::int64_t>& index) {
      std::vector<std::int64_t> source(shape.size(), -1), without_new;
      for (std::size_t k = 0; k < index.size(); ++k) {
        if (read_axis[k] < 0) continue;
        source[read_axis[k]] = reads[k][index[k]];
        without_new.push_back(index[k]);
      }
      for (const auto& [a, i] : fixed) source[a] = i;
      ASSERT_EQ(test::source_index(map, without_new), source);
    });
  }
}

TEST(DerivedLayouts, BasicKeyErrorsAreThoseOfPython) {
  const std::vector<std::int64_t> shape{3, 4};
  auto message = [&](const std::vector<BasicIndex>& key) {
    try {
      BasicKey(key, shape, "__getitem__");
    } catch (const std::exception& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_THROW(BasicKey({std::int64_t{3}}, shape, "f"), std::out_of_range);
  EXPECT_THROW(BasicKey({std::int64_t{0}, std::int64_t{-5}}, shape, "f"), std::out_of_range);
  EXPECT_THROW(BasicKey({std::int64_t{0}, std::int64_t{0}, std::int64_t{0}}, shape, "f"), std::out_of_range);
  EXPECT_THROW(BasicKey({Ellipsis{}, Ellipsis{}}, shape, "f"), std::out_of_range);
  EXPECT_THROW(BasicKey({IndexMap::Slice{{}, {}, 0}}, shape, "f"), std::invalid_argument);
  EXPECT_EQ(message({std::int64_t{3}}), "__getitem__: index 3 is out of bounds for axis 0 with size 3");
  EXPECT_EQ(message({Ellipsis{}, Ellipsis{}}), "__getitem__: an index can only have a single ellipsis ('...')");
  EXPECT_EQ(message({std::int64_t{0}, NewAxis{}, std::int64_t{0}, std::int64_t{0}}),
            "__getitem__: too many indices for an array of dimension 2: got 3");
  EXPECT_EQ(message({IndexMap::Slice{{}, {}, 0}}), "__getitem__: slice step cannot be zero");
  const Distribution d({3, 4}, {AxisLayout::block(), AxisLayout::cyclic()}, {2, 2});
  EXPECT_THROW(derived::sliced(d, BasicKey({}, {4, 3}, "f")), std::invalid_argument);
}

TEST(DerivedLayouts, BatchLayoutSpreadsTheLongestBatchAxisOverTheLongestGridAxis) {
  for (const std::vector<int>& grid : std::vector<std::vector<int>>{{1}, {4}, {2, 3}, {3, 1, 2}}) {
    for (const std::vector<std::int64_t>& shape :
         std::vector<std::vector<std::int64_t>>{{5, 2, 2}, {2, 7, 3, 3}, {4, 4, 1}, {0, 2, 2}}) {
      const int batch_ndim = static_cast<int>(shape.size()) - 2;
      // Reference: the first longest batch axis and the first longest grid axis.
      int spread = 0, grid_axis = 0;
      for (int a = 1; a < batch_ndim; ++a) if (shape[a] > shape[spread]) spread = a;
      for (int g = 1; g < static_cast<int>(grid.size()); ++g) if (grid[g] > grid[grid_axis]) grid_axis = g;
      std::vector<ExpectedAxis> expected;
      for (int a = 0; a < static_cast<int>(shape.size()); ++a) {
        expected.push_back(a == spread ? ExpectedAxis{shape[a], AxisLayout::block(), grid_axis}
                                       : ExpectedAxis{shape[a], AxisLayout::not_distributed(), -1});
      }
      expect_layout(derived::batch_layout(shape, batch_ndim, grid), expected, grid, StorageOrder::row_major);
    }
  }
}

TEST(DerivedLayouts, ScalapackLayoutPutsTheStoredMatrixOnItsBlacsAxes) {
  for (const std::vector<int>& grid : std::vector<std::vector<int>>{{1}, {3}, {2, 2}, {2, 3}}) {
    const int g = static_cast<int>(grid.size());
    for (int s_rows = -1; s_rows < g; ++s_rows) {
      for (int s_cols = -1; s_cols < g; ++s_cols) {
        if (s_rows >= 0 && s_rows == s_cols) continue;
        // Reference: ScaLAPACK's grid is S's row and column axes; every other grid axis must be of extent 1.
        bool covers = true;
        for (int a = 0; a < g; ++a) covers = covers && (grid[a] == 1 || a == s_rows || a == s_cols);
        for (StorageOrder order : {StorageOrder::row_major, StorageOrder::column_major}) {
          const bool row_major = order == StorageOrder::row_major;
          const int axis0 = row_major ? s_cols : s_rows, axis1 = row_major ? s_rows : s_cols;
          auto on = [](int grid_axis) {
            return grid_axis < 0 ? AxisLayout::not_distributed() : AxisLayout::block_cyclic(2);
          };
          const Distribution r = derived::scalapack_layout({5, 7}, grid, s_rows, s_cols, order, 2);
          expect_layout(r, {{5, on(axis0), axis0}, {7, on(axis1), axis1}}, grid, order);
          EXPECT_EQ(r.is_scalapack_compatible(), covers) << r.describe() << ": " << r.scalapack_incompatibility();
        }
      }
    }
  }
}

TEST(DerivedLayouts, WithAxisOnAGridAxisLocalAlongAndInOrder) {
  std::mt19937 random(17);
  for (int t = 0; t < trials; ++t) {
    std::vector<std::int64_t> shape = random_shape(random, 3);
    if (shape.empty()) shape.push_back(4);
    const std::vector<int> grid = random_grid(random, draw(random, 1, 6));
    const Distribution d = random_layout(random, shape, grid);
    const int axis = draw(random, 0, d.ndim() - 1);
    // local_along: that axis not distributed, the others as they were.
    std::vector<ExpectedAxis> expected;
    for (int a = 0; a < d.ndim(); ++a) expected.push_back(axis_of(d, a, shape[a]));
    expected[axis] = {shape[axis], AxisLayout::not_distributed(), -1};
    const Distribution local = derived::local_along(d, axis);
    expect_layout(local, expected, grid, d.storage_order());
    // with_axis on a grid axis no other axis uses: that axis there, block-cyclic.
    std::vector<int> free_grid_axes;
    for (int g = 0; g < static_cast<int>(grid.size()); ++g) {
      bool used = false;
      for (int a = 0; a < d.ndim(); ++a) used = used || (a != axis && d.grid_axis_of(a) == g);
      if (!used) free_grid_axes.push_back(g);
    }
    if (!free_grid_axes.empty()) {
      const int g = free_grid_axes[draw(random, 0, static_cast<int>(free_grid_axes.size()) - 1)];
      const AxisLayout bc = AxisLayout::block_cyclic(draw(random, 1, 3), draw(random, 0, grid[g] - 1));
      const std::int64_t extent = draw(random, 0, 9);
      expected[axis] = {extent, bc, g};
      expect_layout(derived::with_axis(d, axis, extent, bc, g), expected, grid, d.storage_order());
    }
    // in_order changes the storage order only: the same owners, shards stored the other way.
    const StorageOrder other = d.storage_order() == StorageOrder::row_major ? StorageOrder::column_major
                                                                             : StorageOrder::row_major;
    const Distribution flipped = derived::in_order(d, other);
    EXPECT_EQ(flipped.storage_order(), other);
    std::vector<ExpectedAxis> same;
    for (int a = 0; a < d.ndim(); ++a) same.push_back(axis_of(d, a, shape[a]));
    expect_layout(flipped, same, grid, other);
  }
}

TEST(DerivedLayouts, SpreadAlongSpreadsOneAxisOnly) {
  for (const std::vector<int>& grid : std::vector<std::vector<int>>{{1}, {3}, {2, 2}, {3, 1, 2}}) {
    for (int g = -1; g < static_cast<int>(grid.size()); ++g) {
      const std::vector<std::int64_t> shape{7, 3, 2};
      for (int axis = 0; axis < 3; ++axis) {
        std::vector<ExpectedAxis> expected;
        for (int a = 0; a < 3; ++a) expected.push_back({shape[a], AxisLayout::not_distributed(), -1});
        const AxisLayout bc = AxisLayout::block_cyclic(2);
        if (g >= 0) expected[axis] = {shape[axis], bc, g};
        expect_layout(derived::spread_along(shape, grid, axis, bc, g), expected, grid, StorageOrder::row_major);
      }
    }
  }
}

TEST(DerivedLayouts, MergedKeepsEveryElementWhereItWas) {
  std::mt19937 random(18);
  int checked = 0;
  for (int t = 0; t < trials; ++t) {
    std::vector<std::int64_t> shape = random_shape(random, 3);
    while (shape.size() < 2) shape.push_back(draw(random, 0, 5));
    const std::vector<int> grid = random_grid(random, draw(random, 1, 6));
    const int axis = draw(random, 0, static_cast<int>(shape.size()) - 2);
    const Distribution d = derived::in_order(derived::local_along(random_layout(random, shape, grid), axis + 1),
                                             StorageOrder::row_major);
    const Distribution m = derived::merged(d, axis);
    SCOPED_TRACE(d.describe() + " merged at " + std::to_string(axis) + ": " + m.describe());
    const std::int64_t inner = shape[axis + 1];
    for_each_index(shape, [&](const std::vector<std::int64_t>& index) {
      std::vector<std::int64_t> merged_index;
      for (int a = 0; a < static_cast<int>(shape.size()); ++a) {
        if (a == axis) merged_index.push_back(index[a] * inner + index[a + 1]);
        else if (a != axis + 1) merged_index.push_back(index[a]);
      }
      // The same owner, and the local index of the merged axis is (local row) * inner + column.
      ASSERT_EQ(m.owner_coords(merged_index), d.owner_coords(index));
      const std::vector<std::int64_t> local = d.to_local(index), merged_local = m.to_local(merged_index);
      ASSERT_EQ(merged_local[axis], local[axis] * inner + local[axis + 1]);
      ++checked;
    });
  }
  EXPECT_GT(checked, 1000);
  const Distribution spread({4, 6}, {AxisLayout::block(), AxisLayout::block()}, {2, 2});
  EXPECT_THROW(derived::merged(spread, 0), std::invalid_argument);  // axis 1 is distributed
  EXPECT_THROW(derived::merged(spread, 1), std::invalid_argument);  // no axis 2
}

TEST(DerivedLayouts, ProductLayoutKeepsOperandAxesThatLieWhereScalapackWantsThem) {
  const std::vector<int> grid{2, 3};
  const Distribution a = derived::default_layout({5, 4}, grid);   // rows on grid axis 0
  const Distribution b = derived::default_layout({4, 7}, grid);   // columns on grid axis 1
  EXPECT_EQ(derived::effective_grid_axis(a, 0), 0);
  EXPECT_EQ(derived::effective_grid_axis(b, 1), 1);
  EXPECT_EQ(derived::effective_grid_axis(derived::default_layout({5, 4}, {1, 3}), 0), -1);  // extent-1 grid axis
  // Where they lie already: C's axes are A's rows and B's columns as they are.
  expect_layout(derived::product_layout(a, b, 0, 1, StorageOrder::row_major, 64),
                {axis_of(a, 0, 5), axis_of(b, 1, 7)}, grid, StorageOrder::row_major);
  // Elsewhere: BlockCyclic(block) on the wanted grid axes.
  expect_layout(derived::product_layout(a, b, 1, 0, StorageOrder::column_major, 3),
                {{5, AxisLayout::block_cyclic(3), 1}, {7, AxisLayout::block_cyclic(3), 0}}, grid,
                StorageOrder::column_major);
  // Not on any grid axis.
  expect_layout(derived::product_layout(a, b, -1, 1, StorageOrder::row_major, 3),
                {{5, AxisLayout::not_distributed(), -1}, axis_of(b, 1, 7)}, grid, StorageOrder::row_major);
}

TEST(DerivedLayouts, OnOneRankPutsEverythingOnTheRoot) {
  for (int ranks = 1; ranks <= 5; ++ranks) {
    for (int root = 0; root < ranks; ++root) {
      for (const std::vector<std::int64_t>& shape : std::vector<std::vector<std::int64_t>>{{0}, {1}, {7}, {3, 0}, {4, 5, 2}}) {
        const Distribution d = derived::on_one_rank(shape, ranks, root);
        ASSERT_EQ(d.global_shape(), shape);
        ASSERT_EQ(d.storage_order(), StorageOrder::row_major);
        for (int p = 0; p < ranks; ++p) {
          const std::vector<std::int64_t> expected = p == root ? shape : [&] { auto s = shape; s[0] = 0; return s; }();
          EXPECT_EQ(d.local_shape(std::vector<int>{p}), expected) << d.describe() << " rank " << p;
        }
        // Root's shard is the array in C order: every index is stored at itself.
        for_each_index(shape, [&](const std::vector<std::int64_t>& i) {
          EXPECT_EQ(d.owner_coords(i), std::vector<int>{root});
          EXPECT_EQ(d.to_local(i), i);
        });
      }
    }
  }
  EXPECT_THROW(derived::on_one_rank({}, 2, 0), std::invalid_argument);
  EXPECT_THROW(derived::on_one_rank({3}, 0, 0), std::invalid_argument);
  EXPECT_THROW(derived::on_one_rank({3}, 2, 2), std::out_of_range);
  EXPECT_THROW(derived::on_one_rank({3}, 2, -1), std::out_of_range);
}

}  // namespace
}  // namespace gingham
