// x[key] in C++ (gingham/kernels/slicing.hpp): basic keys and integer arrays mixed with slices, new axes
// and ellipses, on random grids and layouts, against plain loops written from NumPy's indexing rules.
// Every shard is checked element by element.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>

#include "gingham/core/errors.hpp"
#include "gingham/distributions/derived.hpp"
#include "gingham/kernels/creation.hpp"
#include "gingham/kernels/slicing.hpp"
#include "support.hpp"

namespace gingham {
namespace {

using test::all_ranks;
using test::draw;
using test::for_each_index;

std::int64_t product(const std::vector<std::int64_t>& shape) {
  return std::accumulate(shape.begin(), shape.end(), std::int64_t{1}, std::multiplies<>());
}

std::vector<std::int64_t> row_major_strides(const std::vector<std::int64_t>& shape) {
  std::vector<std::int64_t> strides(shape.size());
  for (std::int64_t a = static_cast<std::int64_t>(shape.size()) - 1, s = 1; a >= 0; --a) strides[a] = s, s *= shape[a];
  return strides;
}

/// An int64 array of `shape` laid out as `layout` whose element at flat index f is values[f].
Array array_of(const ProcessGrid& grid, std::shared_ptr<const Distribution> layout, std::vector<std::int64_t> values) {
  const std::vector<std::int64_t> shape = layout->global_shape();
  return from_whole(DType::int64, grid, std::move(layout),
                    LocalView<std::int64_t>(values.data(), shape, row_major_strides(shape)).raw());
}

/// Whether x has `shape` and this rank's shard holds expected[flat index] at every element.
bool holds(const Array& x, const std::vector<std::int64_t>& shape, const std::vector<std::int64_t>& expected) {
  return x.global_shape() == shape && test::shard_holds(x, [&](std::int64_t f) { return expected[f]; });
}

std::vector<std::int64_t> random_shape(std::mt19937& random, int min_ndim, int max_ndim) {
  std::vector<std::int64_t> shape(draw(random, min_ndim, max_ndim));
  for (auto& e : shape) e = draw(random, 0, 5);
  return shape;
}

/// One entry of a reference key: the source indices a slice (or a new axis, {0}) reads, or an index
/// array (flat values over `array_shape`), or an integer.
struct RefEntry {
  enum { slice, new_axis, array, integer } kind;
  std::vector<std::int64_t> indices;  // slice: the source indices; array: the values, row-major
  std::vector<std::int64_t> array_shape;
  std::int64_t value = 0;
};

/// NumPy's x[key] of the array with element f at flat index f, for an expanded key (one entry per axis
/// plus new axes): basic entries alone give the outer product of their indices; arrays (all of one shape
/// here, integers broadcast as 0-D) give their shape B in place of the first array when the arrays and
/// integers are side by side, else in front (NumPy's rule). Returns the result shape and values.
std::pair<std::vector<std::int64_t>, std::vector<std::int64_t>> reference(const std::vector<std::int64_t>& shape,
                                                                          const std::vector<RefEntry>& key) {
  std::vector<int> advanced;  // positions of arrays and integers in the key, when any array is there
  const bool any_array = std::any_of(key.begin(), key.end(), [](const RefEntry& e) { return e.kind == RefEntry::array; });
  std::vector<std::int64_t> b_shape;
  for (int p = 0; p < static_cast<int>(key.size()); ++p) {
    if (any_array && (key[p].kind == RefEntry::array || key[p].kind == RefEntry::integer)) advanced.push_back(p);
    if (key[p].kind == RefEntry::array) b_shape = key[p].array_shape;
  }
  const bool adjacent = !advanced.empty() && advanced.back() - advanced.front() + 1 == static_cast<int>(advanced.size());
  const int b_at = advanced.empty() ? -1 : adjacent ? advanced.front() : 0;  // in units of basic entries before it
  // Result axes: basic entries in order, with B inserted after the basic entries before b_at.
  std::vector<int> basic;  // key positions of the slices and new axes
  for (int p = 0; p < static_cast<int>(key.size()); ++p) {
    if (key[p].kind == RefEntry::slice || key[p].kind == RefEntry::new_axis) basic.push_back(p);
  }
  const int before = b_at < 0 ? 0 : static_cast<int>(std::count_if(basic.begin(), basic.end(), [&](int p) { return p < b_at; }));
  std::vector<std::int64_t> result_shape;
  for (int k = 0; k < static_cast<int>(basic.size()); ++k) {
    if (k == before && b_at >= 0) result_shape.insert(result_shape.end(), b_shape.begin(), b_shape.end());
    result_shape.push_back(static_cast<std::int64_t>(key[basic[k]].indices.size()));
  }
  if (b_at >= 0 && before == static_cast<int>(basic.size())) result_shape.insert(result_shape.end(), b_shape.begin(), b_shape.end());
  std::vector<std::int64_t> values;
  const int nb = static_cast<int>(b_shape.size());
  for_each_index(result_shape, [&](const std::vector<std::int64_t>& r) {
    std::vector<std::int64_t> b_index, basic_index;
    for (int k = 0; k < static_cast<int>(r.size()); ++k) {
      const bool in_b = b_at >= 0 && k >= before && k < before + nb;
      (in_b ? b_index : basic_index).push_back(r[k]);
    }
    std::int64_t b_flat = 0;
    for (int k = 0; k < nb; ++k) b_flat = b_flat * b_shape[k] + b_index[k];
    std::int64_t flat = 0;
    int axis = 0, next_basic = 0;
    for (const RefEntry& e : key) {
      if (e.kind == RefEntry::new_axis) {
        ++next_basic;
        continue;
      }
      const std::int64_t i = e.kind == RefEntry::slice     ? e.indices[basic_index[next_basic++]]
                             : e.kind == RefEntry::integer ? e.value
                                                           : e.indices[b_flat];
      flat = flat * shape[axis++] + (i < 0 ? i + shape[axis - 1] : i);
    }
    values.push_back(flat);
  });
  return {result_shape, values};
}

TEST(Slicing, BasicKeysKeepTheSlicedLayout) {
  std::mt19937 random(71);
  for (int trial = 0; trial < 40; ++trial) {
    const ProcessGrid grid(Comm::world(), test::random_grid(random, test::world_size()));
    const auto shape = random_shape(random, 0, 3);
    auto layout = std::make_shared<const Distribution>(test::random_layout(random, shape, grid.dims()));
    std::vector<std::int64_t> whole(static_cast<std::size_t>(product(shape)));
    std::iota(whole.begin(), whole.end(), 0);
    const Array x = array_of(grid, layout, whole);
    const std::vector<BasicIndex> basic = test::random_key(random, shape);
    std::vector<IndexKey> key;
    for (const BasicIndex& k : basic) key.push_back(std::visit([](const auto& v) -> IndexKey { return v; }, k));
    std::vector<RefEntry> ref;
    int axis = 0;
    for (const BasicIndex& k : expand_ellipsis(basic, static_cast<int>(shape.size()), "test")) {
      if (std::holds_alternative<NewAxis>(k)) ref.push_back({RefEntry::new_axis, {0}, {}});
      else if (const auto* i = std::get_if<std::int64_t>(&k)) ref.push_back({RefEntry::integer, {}, {}, *i}), ++axis;
      else ref.push_back({RefEntry::slice, test::python_slice(shape[axis++], std::get<IndexMap::Slice>(k)), {}});
    }
    const auto [result_shape, expected] = reference(shape, ref);
    const Array y = getitem(x, key);
    EXPECT_TRUE(all_ranks(holds(y, result_shape, expected))) << "trial " << trial << " " << layout->describe();
    EXPECT_EQ(y.distribution(), derived::sliced(*layout, BasicKey(basic, shape, "test"))) << "trial " << trial;
    // The typed face gives the same.
    const DistArray<std::int64_t> typed = getitem(DistArray<std::int64_t>(x), key);
    EXPECT_TRUE(all_ranks(holds(typed.array(), result_shape, expected))) << "trial " << trial;
  }
}

TEST(Slicing, IntegerArraysMixedWithSlicesNewAxesAndEllipsis) {
  std::mt19937 random(72);
  for (int trial = 0; trial < 40; ++trial) {
    const ProcessGrid grid(Comm::world(), test::random_grid(random, test::world_size()));
    std::vector<std::int64_t> shape = random_shape(random, 1, 3);
    for (auto& e : shape) e = std::max<std::int64_t>(e, 1);
    auto layout = std::make_shared<const Distribution>(test::random_layout(random, shape, grid.dims()));
    std::vector<std::int64_t> whole(static_cast<std::size_t>(product(shape)));
    std::iota(whole.begin(), whole.end(), 0);
    const Array x = array_of(grid, layout, whole);
    // Per axis: an index array (one shared shape), an integer, or a slice; new axes and an ellipsis between.
    std::vector<std::int64_t> array_shape(draw(random, 1, 2));
    for (auto& e : array_shape) e = draw(random, 1, 3);
    std::vector<IndexKey> key;
    std::vector<RefEntry> ref;
    bool has_array = false;
    for (int axis = 0; axis < static_cast<int>(shape.size()); ++axis) {
      if (draw(random, 0, 3) == 0) {
        key.push_back(NewAxis{});
        ref.push_back({RefEntry::new_axis, {0}, {}});
      }
      const int kind = axis == static_cast<int>(shape.size()) - 1 && !has_array ? 0 : draw(random, 0, 2);
      if (kind == 0) {
        std::vector<std::int64_t> values(static_cast<std::size_t>(product(array_shape)));
        for (auto& v : values) v = draw(random, static_cast<int>(-shape[axis]), static_cast<int>(shape[axis]) - 1);
        auto where = std::make_shared<const Distribution>(test::random_layout(random, array_shape, grid.dims()));
        key.push_back(array_of(grid, where, values));
        ref.push_back({RefEntry::array, values, array_shape});
        has_array = true;
      } else if (kind == 1) {
        const std::int64_t i = draw(random, static_cast<int>(-shape[axis]), static_cast<int>(shape[axis]) - 1);
        key.push_back(i);
        ref.push_back({RefEntry::integer, {}, {}, i});
      } else {
        IndexMap::Slice s;
        s.step = std::vector<int>{-2, -1, 1, 1, 2}[draw(random, 0, 4)];
        if (draw(random, 0, 1)) s.start = draw(random, static_cast<int>(-shape[axis]), static_cast<int>(shape[axis]));
        key.push_back(s);
        ref.push_back({RefEntry::slice, test::python_slice(shape[axis], s), {}});
      }
    }
    // An ellipsis: for the last axis when its entry is a slice (then a full one), or for no axis.
    if (draw(random, 0, 1) && ref.back().kind == RefEntry::slice) {
      key.back() = Ellipsis{};
      ref.back().indices = test::python_slice(shape.back(), IndexMap::Slice{});
    } else if (draw(random, 0, 1)) {
      key.insert(key.begin() + draw(random, 0, static_cast<int>(key.size())), Ellipsis{});
    }
    const auto [result_shape, expected] = reference(shape, ref);
    const Array y = getitem(x, key);
    EXPECT_TRUE(all_ranks(holds(y, result_shape, expected))) << "trial " << trial << " " << layout->describe();
    const DistArray<std::int64_t> typed = getitem(DistArray<std::int64_t>(x), key);
    EXPECT_TRUE(all_ranks(holds(typed.array(), result_shape, expected))) << "trial " << trial;
  }
}

TEST(Slicing, ErrorsAreRaisedOnEveryRank) {
  const ProcessGrid grid(Comm::world(), {test::world_size()});
  std::vector<std::int64_t> whole(12);
  std::iota(whole.begin(), whole.end(), 0);
  const Array x = array_of(grid, default_layout({3, 4}, grid), whole);
  const Array indices = array_of(grid, default_layout({2}, grid), {0, 3});
  auto kind = [&](const std::vector<IndexKey>& key) {
    const auto thrown = test::thrown_by([&] { getitem(x, key); });
    return thrown ? std::string(python_name(thrown->kind)) : std::string("nothing");
  };
  EXPECT_EQ(kind({std::int64_t{3}}), "IndexError");
  EXPECT_EQ(kind({std::int64_t{0}, std::int64_t{-5}}), "IndexError");
  EXPECT_EQ(kind({Ellipsis{}, Ellipsis{}}), "IndexError");
  EXPECT_EQ(kind({IndexMap::Slice{{}, {}, 0}}), "ValueError");
  EXPECT_EQ(kind({indices}), "IndexError");                                 // 3 is out of bounds for axis 0
  EXPECT_EQ(kind({IndexMap::Slice{1, {}, 1}, indices, std::int64_t{0}}), "IndexError");  // too many
  EXPECT_EQ(kind({NewAxis{}, indices}), "IndexError");
  EXPECT_EQ(kind({IndexMap::Slice{}, indices}), "nothing");
}

}  // namespace
}  // namespace gingham
