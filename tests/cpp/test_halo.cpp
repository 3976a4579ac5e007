// Halo exchange: 1-D to 3-D, periodic and not (per axis), star and box stencils, widths larger than
// neighbouring shards; every ghost cell is compared with a serial reference.
#include <gtest/gtest.h>

#include <random>

#include "gingham/array/dist_array.hpp"
#include "mpi_test_support.hpp"
#include "random_layouts.hpp"

namespace gingham {
namespace {

using test::all_ranks;
using test::draw;
using test::linear_index;
using test::thrown_by;

constexpr std::int64_t kUntouched = -1;

/// An array whose interior holds 1 + row-major global position and whose ghost cells hold kUntouched.
DistArray<std::int64_t> filled(const ProcessGrid& grid, std::shared_ptr<const Distribution> layout, HaloSpec halo) {
  auto x = DistArray<std::int64_t>::allocate(grid, layout, halo);
  if (!x.holds_shard()) return x;
  const LocalView<std::int64_t> padded = x.local_with_halo();
  for_each_element(padded, [](std::int64_t& v) { v = kUntouched; });
  const LocalView<std::int64_t> local = x.local();
  std::vector<std::int64_t> index(local.ndim(), 0);
  for (std::int64_t e = 0; e < local.size(); ++e) {
    std::int64_t rest = e;
    for (int k = local.ndim() - 1; k >= 0; --k) index[k] = rest % local.shape()[k], rest /= local.shape()[k];
    local.at(index) = 1 + linear_index(layout->global_shape(), layout->to_global(grid.coords(), index));
  }
  return x;
}

/// The value the serial reference puts at padded position `p` of this rank's shard.
std::int64_t expected_at(const DistArray<std::int64_t>& x, const std::vector<std::int64_t>& p) {
  const Distribution& d = x.distribution();
  const HaloSpec& halo = x.array().halo();
  const std::vector<std::int64_t> local_shape = x.local_shape();
  for (std::int64_t extent : local_shape) {
    if (extent == 0) return kUntouched;  // empty shards get no ghost data
  }
  std::vector<std::int64_t> global(p.size());
  int outside = 0;
  for (std::size_t k = 0; k < p.size(); ++k) {
    const std::int64_t position = p[k] - halo.lower_width(static_cast<int>(k));
    const std::int64_t n = d.global_shape()[k];
    const AxisMap& map = d.axis_map(static_cast<int>(k));
    const std::int64_t first = map.owned_block(d.part_of(static_cast<int>(k), x.grid().coords()), 0).global_begin;
    std::int64_t g = first + position;
    if (position < 0 || position >= local_shape[k]) ++outside;
    if (halo.is_periodic(static_cast<int>(k))) g = ((g % n) + n) % n;
    if (g < 0 || g >= n) return kUntouched;
    global[k] = g;
  }
  if (outside > 1 && halo.stencil == Stencil::star) return kUntouched;
  return 1 + linear_index(d.global_shape(), global);
}

std::string ghost_mismatch(const DistArray<std::int64_t>& x) {
  if (!x.holds_shard()) return "";
  const LocalView<std::int64_t> padded = x.local_with_halo();
  std::vector<std::int64_t> p(padded.ndim(), 0);
  for (std::int64_t e = 0; e < padded.size(); ++e) {
    std::int64_t rest = e;
    for (int k = padded.ndim() - 1; k >= 0; --k) p[k] = rest % padded.shape()[k], rest /= padded.shape()[k];
    if (padded.at(p) != expected_at(x, p)) {
      return "padded position " + format_shape(p) + " holds " + std::to_string(padded.at(p)) + ", expected " +
             std::to_string(expected_at(x, p));
    }
  }
  return "";
}

TEST(Halo, RandomShapesWidthsPeriodicityAndStencilsMatchTheSerialReference) {
  std::mt19937 random(4242);
  const Comm world = Comm::world();
  for (int trial = 0; trial < 160; ++trial) {
    const int ndim = 1 + trial % 3;
    std::vector<int> dims(ndim, 0);
    const ProcessGrid grid(world, dims);
    std::vector<std::int64_t> shape;
    std::vector<AxisLayout> axes;
    HaloSpec halo;
    halo.stencil = draw(random, 0, 1) ? Stencil::star : Stencil::box;
    for (int k = 0; k < ndim; ++k) {
      shape.push_back(draw(random, 1, ndim == 3 ? 6 : 11));
      axes.push_back(draw(random, 0, 4) ? AxisLayout::block() : AxisLayout::not_distributed());
      halo.lower.push_back(draw(random, 0, 3));
      halo.upper.push_back(draw(random, 0, 3));
      halo.periodic.push_back(draw(random, 0, 1) == 1);
    }
    if (axes.size() == 3 && !axes[0].is_distributed() && grid.dims()[0] > 1) axes[0] = AxisLayout::block();
    std::vector<int> grid_axes;
    for (int k = 0; k < ndim; ++k) grid_axes.push_back(axes[k].is_distributed() ? k : -1);
    auto layout = std::make_shared<const Distribution>(shape, axes, grid.dims(), draw(random, 0, 1) ? StorageOrder::row_major
                                                                                                     : StorageOrder::column_major,
                                                       grid_axes);
    auto x = filled(grid, layout, halo);
    if (trial % 2) {
      x.exchange_halo();
    } else {
      x.begin_halo_exchange();  // split phase: work on the interior could go here
      x.end_halo_exchange();
    }
    const std::string problem = ghost_mismatch(x);
    ASSERT_TRUE(all_ranks(problem.empty())) << "trial " << trial << ": " << problem << "\n  " << layout->describe()
                                            << "\n  " << halo.describe();
    x.exchange_halo();  // the plan is reused
    ASSERT_TRUE(all_ranks(ghost_mismatch(x).empty()));
  }
}

TEST(Halo, StencilRegionsOfATwoDimensionalPeriodicGrid) {
  const ProcessGrid grid(Comm::world(), {0, 0});
  auto layout = std::make_shared<const Distribution>(
      std::vector<std::int64_t>{8, 9}, std::vector<AxisLayout>{AxisLayout::block(), AxisLayout::block()}, grid.dims());
  for (Stencil stencil : {Stencil::star, Stencil::box}) {
    auto x = filled(grid, layout, HaloSpec::uniform(2, 1, true, stencil));
    x.exchange_halo();
    EXPECT_TRUE(all_ranks(ghost_mismatch(x).empty()));
  }
}

TEST(Halo, BadHalosRaiseOnEveryRank) {
  const ProcessGrid grid(Comm::world());
  auto cyclic = std::make_shared<const Distribution>(std::vector<std::int64_t>{10},
                                                     std::vector<AxisLayout>{AxisLayout::cyclic()}, grid.dims());
  const auto error = thrown_by([&] { DistArray<double>::allocate(grid, cyclic, HaloSpec::uniform(1, 1)); });
  if (grid.size() > 1) {  // on one rank a cyclic axis is one contiguous shard, and a halo is fine
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->kind, ErrorKind::value);
    EXPECT_EQ(error->message, "gingham: ghost cells need contiguous shards (Block or not distributed), but axis 0 is Cyclic()");
  } else {
    EXPECT_FALSE(error.has_value());
  }
  auto block = std::make_shared<const Distribution>(std::vector<std::int64_t>{10},
                                                    std::vector<AxisLayout>{AxisLayout::block()}, grid.dims());
  EXPECT_EQ(thrown_by([&] { DistArray<double>::allocate(grid, block, HaloSpec{{-1}, {1}, {}, Stencil::box}); }).value().kind,
            ErrorKind::value);
  EXPECT_EQ(thrown_by([&] { DistArray<double>::allocate(grid, block, HaloSpec::uniform(2, 1)); }).value().kind,
            ErrorKind::value);
  auto x = DistArray<double>::allocate(grid, block, HaloSpec::uniform(1, 1));
  EXPECT_THROW(x.end_halo_exchange(), std::logic_error);
  EXPECT_TRUE(all_ranks(true));
}

}  // namespace
}  // namespace gingham
