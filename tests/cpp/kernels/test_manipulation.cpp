// stack, unstack, moveaxis, roll, tile and repeat with counts in arrays (replicated, distributed, on a
// sub-grid) on random grids and layouts, against plain loops over the whole array, for several dtypes,
// empty arrays and negative axes and shifts; bad arguments raise the same exception on every rank.
#include <gtest/gtest.h>

#include <algorithm>
#include <complex>
#include <numeric>
#include <random>

#include "support.hpp"
#include "gingham/kernels/typed_manipulation.hpp"
#include "support.hpp"

namespace gingham {
namespace {

using test::all_ranks;
using test::draw;
using test::element_count;
using test::holds;
using test::unravel;
using test::value_of;
using Shape = std::vector<std::int64_t>;

/// Distinct values for the elements of `shape` (offset by `salt`), in T.
template <class T>
std::vector<T> values(const Shape& shape, std::int64_t salt = 0) {
  std::vector<T> whole(static_cast<std::size_t>(element_count(shape)));
  for (std::size_t f = 0; f < whole.size(); ++f) whole[f] = value_of<T>((static_cast<std::int64_t>(f) * 7 + salt) % 101);
  return whole;
}

/// The whole reference of `shape` whose element at multi-index j is source[source_flat(j)].
template <class T, class F>
std::vector<T> reference(const Shape& shape, const std::vector<T>& source, F source_flat) {
  std::vector<T> whole(static_cast<std::size_t>(element_count(shape)));
  for (std::size_t f = 0; f < whole.size(); ++f) whole[f] = source[source_flat(unravel(static_cast<std::int64_t>(f), shape))];
  return whole;
}

/// The row-major position of `index` in `shape`.
std::int64_t flat_of(const Shape& shape, const Shape& index) { return test::linear_index(shape, index); }

template <class T>
void check_stack_and_unstack(std::mt19937& random, int trial) {
  const ProcessGrid grid = test::random_world_grid(random);
  const Shape shape = test::random_shape(random, 0, 3, 5);
  const int k = draw(random, 1, 3);
  std::vector<std::vector<T>> wholes;
  std::vector<DistArray<T>> arrays;
  for (int p = 0; p < k; ++p) {
    wholes.push_back(values<T>(shape, 13 * p));
    arrays.emplace_back(test::random_array_of(random, grid, shape, wholes.back()));
  }
  const int nd = static_cast<int>(shape.size());
  const int axis = draw(random, -nd - 1, nd);
  const int at = axis < 0 ? axis + nd + 1 : axis;
  Shape stacked_shape = shape;
  stacked_shape.insert(stacked_shape.begin() + at, k);
  std::vector<T> expected(static_cast<std::size_t>(element_count(stacked_shape)));
  for (std::size_t f = 0; f < expected.size(); ++f) {
    Shape j = unravel(static_cast<std::int64_t>(f), stacked_shape);
    const std::int64_t p = j[at];
    j.erase(j.begin() + at);
    expected[f] = wholes[p][flat_of(shape, j)];
  }
  const DistArray<T> stacked = stack(arrays, axis);
  EXPECT_TRUE(all_ranks(holds(stacked.array(), stacked_shape, expected))) << "stack trial " << trial << " axis " << axis;
  // unstack the stack along the same axis gives the arrays back, each in the stack's layout less that axis.
  const std::vector<DistArray<T>> slices = unstack(stacked, axis);
  bool ok = static_cast<int>(slices.size()) == k;
  for (int p = 0; ok && p < k; ++p) {
    ok = holds(slices[p].array(), shape, wholes[p]) && slices[p].ndim() == nd;
    for (int a = 0, b = 0; ok && a <= nd; ++a) {
      if (a == at) continue;
      ok = slices[p].distribution().axis_layout(b) == stacked.distribution().axis_layout(a) &&
           slices[p].distribution().grid_axis_of(b) == stacked.distribution().grid_axis_of(a);
      ++b;
    }
  }
  EXPECT_TRUE(all_ranks(ok)) << "unstack trial " << trial << " axis " << axis;
  if (nd > 0) {  // unstack along a distributed axis of a random array
    const int u = draw(random, -nd, nd - 1), ua = u < 0 ? u + nd : u;
    const std::vector<DistArray<T>> parts = unstack(arrays[0], u);
    Shape rest = shape;
    rest.erase(rest.begin() + ua);
    bool same = static_cast<std::int64_t>(parts.size()) == shape[ua];
    for (std::size_t i = 0; same && i < parts.size(); ++i) {
      same = holds(parts[i].array(), rest, reference(rest, wholes[0], [&](Shape j) {
                     j.insert(j.begin() + ua, static_cast<std::int64_t>(i));
                     return flat_of(shape, j);
                   }));
    }
    EXPECT_TRUE(all_ranks(same)) << "unstack trial " << trial << " axis " << u;
  }
}

TEST(Manipulation, StackAndUnstackMatchLoops) {
  std::mt19937 random(1301);
  for (int trial = 0; trial < 24; ++trial) {
    switch (trial % 4) {
      case 0: check_stack_and_unstack<double>(random, trial); break;
      case 1: check_stack_and_unstack<std::int32_t>(random, trial); break;
      case 2: check_stack_and_unstack<std::uint8_t>(random, trial); break;
      default: check_stack_and_unstack<std::complex<float>>(random, trial);
    }
  }
}

template <class T>
void check_moveaxis(std::mt19937& random, int trial) {
  const ProcessGrid grid = test::random_world_grid(random);
  const Shape shape = test::random_shape(random, 1, 4, 5);
  const int nd = static_cast<int>(shape.size());
  const std::vector<T> whole = values<T>(shape);
  const DistArray<T> x(test::random_array_of(random, grid, shape, whole));
  std::vector<int> all(nd);
  std::iota(all.begin(), all.end(), 0);
  std::shuffle(all.begin(), all.end(), random);
  const int moved = draw(random, 0, nd);
  std::vector<int> source(all.begin(), all.begin() + moved);
  std::shuffle(all.begin(), all.end(), random);
  std::vector<int> destination(all.begin(), all.begin() + moved);
  // The reference permutation: result axis destination[k] is source[k]; the others fill in order.
  std::vector<int> order(nd, -1);
  for (int k = 0; k < moved; ++k) order[destination[k]] = source[k];
  for (int a = 0, next = 0; a < nd; ++a) {
    if (std::find(source.begin(), source.end(), a) != source.end()) continue;
    while (order[next] >= 0) ++next;
    order[next] = a;
  }
  for (int k = 0; k < moved; ++k) {  // negative spellings now and then
    if (draw(random, 0, 1)) source[k] -= nd;
    if (draw(random, 0, 1)) destination[k] -= nd;
  }
  Shape result_shape(nd);
  for (int k = 0; k < nd; ++k) result_shape[k] = shape[order[k]];
  const auto expected = reference(result_shape, whole, [&](const Shape& j) {
    Shape i(nd);
    for (int k = 0; k < nd; ++k) i[order[k]] = j[k];
    return flat_of(shape, i);
  });
  EXPECT_TRUE(all_ranks(holds(moveaxis(x, source, destination).array(), result_shape, expected))) << "trial " << trial;
}

TEST(Manipulation, MoveaxisMatchesLoops) {
  std::mt19937 random(1302);
  for (int trial = 0; trial < 16; ++trial) {
    if (trial % 2) check_moveaxis<double>(random, trial);
    else check_moveaxis<std::int64_t>(random, trial);
  }
}

template <class T>
void check_roll(std::mt19937& random, int trial) {
  const ProcessGrid grid = test::random_world_grid(random);
  const Shape shape = test::random_shape(random, 1, 3, 7);
  const int nd = static_cast<int>(shape.size());
  const std::vector<T> whole = values<T>(shape);
  const DistArray<T> x(test::random_array_of(random, grid, shape, whole));
  std::vector<int> axes(draw(random, 0, 3));  // repeats allowed: each shift applies
  for (int& a : axes) a = draw(random, -nd, nd - 1);
  std::vector<std::int64_t> shifts(axes.size() == 0 ? 0 : draw(random, 0, 1) ? 1 : axes.size());
  for (auto& s : shifts) s = draw(random, -9, 9);
  std::vector<std::int64_t> total(nd, 0);
  for (std::size_t k = 0; k < axes.size(); ++k) total[(axes[k] + nd) % nd] += shifts.size() == 1 ? shifts[0] : shifts[k];
  const auto expected = reference(shape, whole, [&](Shape j) {
    for (int a = 0; a < nd; ++a) j[a] = ((j[a] - total[a]) % shape[a] + shape[a]) % shape[a];
    return flat_of(shape, j);
  });
  const DistArray<T> y = roll(x, shifts, axes);
  EXPECT_TRUE(all_ranks(holds(y.array(), shape, expected) && y.distribution() == x.distribution()))
      << "trial " << trial << " " << x.distribution().describe();
  // Flattened: the row-major sequence rotates.
  const std::int64_t n = element_count(shape), s = draw(random, -20, 20);
  std::vector<T> flat_expected(whole.size());
  for (std::int64_t f = 0; f < n; ++f) flat_expected[f] = whole[((f - s) % n + n) % n];
  EXPECT_TRUE(all_ranks(holds(roll(x, {s}).array(), shape, flat_expected))) << "trial " << trial << " flattened";
}

TEST(Manipulation, RollMatchesLoops) {
  std::mt19937 random(1303);
  for (int trial = 0; trial < 24; ++trial) {
    switch (trial % 3) {
      case 0: check_roll<double>(random, trial); break;
      case 1: check_roll<std::int16_t>(random, trial); break;
      default: check_roll<std::complex<double>>(random, trial);
    }
  }
}

template <class T>
void check_tile(std::mt19937& random, int trial) {
  const ProcessGrid grid = test::random_world_grid(random);
  const Shape shape = test::random_shape(random, 0, 3, 4);
  const int nd = static_cast<int>(shape.size());
  const std::vector<T> whole = values<T>(shape);
  const DistArray<T> x(test::random_array_of(random, grid, shape, whole));
  std::vector<std::int64_t> repetitions(draw(random, 0, nd + 2));
  for (auto& r : repetitions) r = draw(random, 0, 3);
  const int rd = std::max<int>(nd, static_cast<int>(repetitions.size()));
  Shape padded(rd - nd, 1), counts(rd - repetitions.size(), 1), result_shape(rd);
  padded.insert(padded.end(), shape.begin(), shape.end());
  counts.insert(counts.end(), repetitions.begin(), repetitions.end());
  for (int a = 0; a < rd; ++a) result_shape[a] = padded[a] * counts[a];
  const auto expected = reference(result_shape, whole, [&](const Shape& j) {
    Shape i;
    for (int a = rd - nd; a < rd; ++a) i.push_back(j[a] % padded[a]);
    return flat_of(shape, i);
  });
  const DistArray<T> y = tile(x, repetitions);
  EXPECT_TRUE(all_ranks(holds(y.array(), result_shape, expected))) << "trial " << trial;
  if (rd == nd && std::all_of(counts.begin(), counts.end(), [](std::int64_t c) { return c == 1; })) {
    EXPECT_FALSE(y.array().same_handle(x.array()));  // a copy, never x itself
  }
}

TEST(Manipulation, TileMatchesLoops) {
  std::mt19937 random(1304);
  for (int trial = 0; trial < 24; ++trial) {
    if (trial % 2) check_tile<float>(random, trial);
    else check_tile<std::uint16_t>(random, trial);
  }
}

/// The source slab of every result slab of repeat(counts) (counts of length 1: that count for all n).
Shape repeated_sources(std::vector<std::int64_t> counts, std::int64_t n) {
  if (counts.size() == 1) counts.assign(static_cast<std::size_t>(n), counts[0]);
  Shape sources;
  for (std::size_t i = 0; i < counts.size(); ++i) sources.insert(sources.end(), counts[i], static_cast<std::int64_t>(i));
  return sources;
}

template <class T, class C>
void check_repeat_by_array(std::mt19937& random, int trial) {
  const ProcessGrid grid = test::random_world_grid(random);
  const Shape shape = test::random_shape(random, 1, 3, 5);
  const int nd = static_cast<int>(shape.size());
  const int axis = draw(random, -nd, nd - 1), at = axis < 0 ? axis + nd : axis;
  const std::int64_t n = shape[at];
  std::vector<std::int64_t> counts(draw(random, 0, 3) == 0 ? 1 : n);
  const int kind = draw(random, 0, 2);  // random, all on one slab, all zero
  for (std::size_t i = 0; i < counts.size(); ++i) counts[i] = kind == 0 ? draw(random, 0, 3) : 0;
  if (kind == 1 && !counts.empty()) counts[draw(random, 0, static_cast<int>(counts.size()) - 1)] = 6;
  std::vector<C> typed(counts.begin(), counts.end());
  const Shape counts_shape{static_cast<std::int64_t>(counts.size())};
  const ProcessGrid counts_grid = draw(random, 0, 2) == 0 ? grid : test::random_world_grid(random);  // a sub-grid now and then
  const int layout_kind = draw(random, 0, 2);
  const Distribution counts_layout = layout_kind == 0 ? Distribution::replicated(counts_shape, counts_grid.dims())
                                                      : test::random_layout(random, counts_shape, counts_grid.dims());
  const DistArray<C> c(test::array_of(counts_grid, counts_layout, typed));
  const std::vector<T> whole = values<T>(shape);
  const DistArray<T> x(test::random_array_of(random, grid, shape, whole));
  const Shape sources = repeated_sources(counts, n);
  Shape result_shape = shape;
  result_shape[at] = static_cast<std::int64_t>(sources.size());
  const auto expected = reference(result_shape, whole, [&](Shape j) {
    j[at] = sources[j[at]];
    return flat_of(shape, j);
  });
  EXPECT_TRUE(all_ranks(holds(repeat(x, c, axis).array(), result_shape, expected)))
      << "trial " << trial << " counts " << counts_layout.describe() << " x " << x.distribution().describe();
  if (counts.size() == static_cast<std::size_t>(n)) {
    EXPECT_TRUE(all_ranks(holds(repeat_indices(c.array()), {static_cast<std::int64_t>(sources.size())}, sources)))
        << "trial " << trial;
  }
}

TEST(Manipulation, RepeatWithCountsInArraysMatchesLoops) {
  std::mt19937 random(1305);
  for (int trial = 0; trial < 30; ++trial) {
    switch (trial % 3) {
      case 0: check_repeat_by_array<double, std::int64_t>(random, trial); break;
      case 1: check_repeat_by_array<std::int32_t, std::uint8_t>(random, trial); break;
      default: check_repeat_by_array<std::complex<float>, std::int32_t>(random, trial);
    }
  }
}

/// Whether `body` throws an exception of `kind` on every rank.
bool throws_everywhere(ErrorKind kind, const std::function<void()>& body) {
  const auto thrown = test::thrown_by(body);
  return all_ranks(thrown && thrown->kind == kind);
}

TEST(Manipulation, BadArgumentsRaiseTheSameErrorEverywhere) {
  const ProcessGrid grid(Comm::world());
  std::mt19937 random(1306);
  const Array x = test::random_array_of(random, grid, {2, 3}, values<double>({2, 3}));
  const Array y = test::random_array_of(random, grid, {2, 4}, values<double>({2, 4}));
  const Array scalar = test::random_array_of(random, grid, {}, values<double>({}));
  EXPECT_TRUE(throws_everywhere(ErrorKind::value, [&] { stack({}); }));
  EXPECT_TRUE(throws_everywhere(ErrorKind::value, [&] { stack({x, y}); }));
  EXPECT_TRUE(throws_everywhere(ErrorKind::index, [&] { stack({x, x}, 3); }));
  EXPECT_TRUE(throws_everywhere(ErrorKind::index, [&] { stack({x, x}, -4); }));
  EXPECT_TRUE(throws_everywhere(ErrorKind::index, [&] { unstack(x, 2); }));
  EXPECT_TRUE(throws_everywhere(ErrorKind::index, [&] { unstack(scalar, 0); }));
  EXPECT_TRUE(throws_everywhere(ErrorKind::value, [&] { moveaxis(x, {0}, {0, 1}); }));
  EXPECT_TRUE(throws_everywhere(ErrorKind::value, [&] { moveaxis(x, {0, -2}, {0, 1}); }));
  EXPECT_TRUE(throws_everywhere(ErrorKind::index, [&] { moveaxis(x, {0}, {5}); }));
  EXPECT_TRUE(throws_everywhere(ErrorKind::value, [&] { roll(x, {1, 2, 3}, std::vector<int>{0, 1}); }));
  EXPECT_TRUE(throws_everywhere(ErrorKind::index, [&] { roll(x, {1}, std::vector<int>{2}); }));
  EXPECT_TRUE(throws_everywhere(ErrorKind::value, [&] { tile(x, {1, -1}); }));
  const auto huge = test::thrown_by([&] { tile(x, {std::int64_t{1} << 62}); });
  EXPECT_TRUE(all_ranks(huge && huge->kind == ErrorKind::memory && huge->message.rfind("tile: cannot allocate ", 0) == 0))
      << (huge ? huge->message : "nothing thrown");
  const Shape four{4};
  const Array negative = test::array_of(grid, Distribution(four, {AxisLayout::cyclic()}, grid.dims()),
                                        std::vector<std::int64_t>{1, -2, 3, 0});
  const Array x34 = test::random_array_of(random, grid, {3, 4}, values<double>({3, 4}));
  const auto thrown = test::thrown_by([&] { repeat(x34, negative, 1); });
  EXPECT_TRUE(all_ranks(thrown && thrown->kind == ErrorKind::value && thrown->message.find("non-negative") != std::string::npos));
  EXPECT_TRUE(throws_everywhere(ErrorKind::value, [&] { repeat(x34, negative, 0); }));  // 4 counts for 3 slabs
  const Array floats = test::array_of(grid, Distribution(four, {AxisLayout::block()}, grid.dims()), values<double>(four));
  EXPECT_TRUE(throws_everywhere(ErrorKind::type, [&] { repeat(x, floats, 1); }));
  const Array matrix = test::random_array_of(random, grid, {1, 3}, std::vector<std::int64_t>{1, 1, 1});
  EXPECT_TRUE(throws_everywhere(ErrorKind::value, [&] { repeat(x, matrix, 1); }));  // 2-D counts
}

TEST(Manipulation, EmptyArraysKeepTheirShapes) {
  const ProcessGrid grid(Comm::world());
  std::mt19937 random(1307);
  const Shape shape{0, 3};
  const Array x = test::random_array_of(random, grid, shape, values<double>(shape));
  EXPECT_TRUE(all_ranks(holds(roll(x, {2}, std::vector<int>{-1}), shape, std::vector<double>{})));
  EXPECT_TRUE(all_ranks(holds(tile(x, {1 << 20, 2}), Shape{0, 6}, std::vector<double>{})));
  EXPECT_TRUE(all_ranks(holds(stack({x, x}, -1), Shape{0, 3, 2}, std::vector<double>{})));
  EXPECT_TRUE(all_ranks(unstack(x, 0).empty()));
  EXPECT_TRUE(all_ranks(unstack(x, 1).size() == 3 && holds(unstack(x, 1)[2], Shape{0}, std::vector<double>{})));
}

}  // namespace
}  // namespace gingham
