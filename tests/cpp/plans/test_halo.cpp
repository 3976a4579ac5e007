// Halo exchange: 1-D to 3-D, periodic and not (per axis), star and box stencils, widths larger than
// neighbouring shards; every ghost cell is compared with a serial reference.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>

#include "gingham/array/dist_array.hpp"
#include "src/plans/halo_messages.hpp"  // the builder is internal; its cost is part of the contract
#include "support.hpp"

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

/// The serial reference of what a halo exchange moves: per (receiver, sender) grid rank pair, the number
/// of ghost cells of the receiver that the sender owns, visiting every ghost cell of every shard.
std::map<std::pair<int, int>, std::int64_t> reference_pairs(const Distribution& d, const HaloSpec& halo) {
  std::map<std::pair<int, int>, std::int64_t> pairs;
  const int ndim = d.ndim();
  for (int receiver = 0; receiver < d.grid_size(); ++receiver) {
    const std::vector<int> coords = d.grid_coords_of(receiver);
    const std::vector<std::int64_t> local = d.local_shape(coords);
    if (d.local_size(coords) == 0) continue;
    std::vector<std::int64_t> padded, p(ndim, 0);
    std::int64_t cells = 1;
    for (int k = 0; k < ndim; ++k) padded.push_back(local[k] + halo.lower_width(k) + halo.upper_width(k)), cells *= padded[k];
    for (std::int64_t e = 0; e < cells; ++e) {
      std::int64_t rest = e;
      for (int k = ndim - 1; k >= 0; --k) p[k] = rest % padded[k], rest /= padded[k];
      std::vector<int> owner = coords;
      int outside = 0;
      bool written = true;
      for (int k = 0; k < ndim; ++k) {
        const std::int64_t position = p[k] - halo.lower_width(k), n = d.global_shape()[k];
        const AxisMap& map = d.axis_map(k);
        std::int64_t g = map.owned_block(d.part_of(k, coords), 0).global_begin + position;
        if (position < 0 || position >= local[k]) ++outside;
        if (halo.is_periodic(k)) g = ((g % n) + n) % n;
        if (g < 0 || g >= n) written = false;
        else if (d.grid_axis_of(k) >= 0) owner[d.grid_axis_of(k)] = map.owner(g);
      }
      if (!written || outside == 0 || (outside > 1 && halo.stencil == Stencil::star)) continue;
      ++pairs[{receiver, d.grid_rank_of(owner)}];
    }
  }
  return pairs;
}

/// Empty when the builder's messages of every rank of `d` agree with the reference and with each other
/// (each receive is its sender's send, box by box); otherwise the first problem. Adds up the boxes examined.
std::string halo_messages_problem(const Distribution& d, const HaloSpec& halo, std::int64_t& examined) {
  std::vector<detail::HaloMessages> all;
  for (int rank = 0; rank < d.grid_size(); ++rank) all.push_back(detail::halo_messages(d, halo, rank));
  std::map<std::pair<int, int>, std::int64_t> built;
  for (int rank = 0; rank < d.grid_size(); ++rank) {
    examined += all[rank].boxes_examined;
    for (const detail::Box& box : all[rank].self) built[{rank, rank}] += box.elements();
    for (const detail::Message& receive : all[rank].receives) {
      built[{rank, receive.peer}] += receive.elements;
      const auto& sends = all[receive.peer].sends;
      const auto send = std::find_if(sends.begin(), sends.end(), [&](const detail::Message& m) { return m.peer == rank; });
      if (send == sends.end() || send->elements != receive.elements || send->boxes.size() != receive.boxes.size()) {
        return "rank " + std::to_string(rank) + " receives " + std::to_string(receive.elements) + " elements from rank " +
               std::to_string(receive.peer) + ", which does not send them alike";
      }
      for (std::size_t b = 0; b < receive.boxes.size(); ++b) {
        if (receive.boxes[b].axes != send->boxes[b].axes) {
          return "box " + std::to_string(b) + " from rank " + std::to_string(receive.peer) + " to " + std::to_string(rank) + " differs";
        }
      }
    }
    for (const detail::Message& send : all[rank].sends) {
      const auto& receives = all[send.peer].receives;
      if (std::none_of(receives.begin(), receives.end(), [&](const detail::Message& m) { return m.peer == rank; })) {
        return "rank " + std::to_string(rank) + " sends to rank " + std::to_string(send.peer) + ", which receives nothing from it";
      }
    }
  }
  const auto reference = reference_pairs(d, halo);
  if (built != reference) {
    for (const auto& [pair, count] : reference) {
      if (built[pair] != count) {
        return "rank " + std::to_string(pair.first) + " gets " + std::to_string(built[pair]) + " ghost cells from rank " +
               std::to_string(pair.second) + ", expected " + std::to_string(count);
      }
    }
    return "the builder moves ghost cells the reference does not";
  }
  return "";
}

TEST(HaloMessages, ManyRanksAndGhostsWiderThanShardsMatchTheReferenceAndAgreeBetweenPeers) {
  // Pure layout arithmetic on grids larger than the communicator: 1-D to 3-D, ghosts of up to three
  // shards (and around a whole periodic axis), both stencils.
  struct Case {
    std::vector<std::int64_t> shape;
    std::vector<int> grid;
    std::int64_t lower, upper;
  };
  const std::vector<Case> cases = {{{40}, {13}, 1, 1},     {{40}, {13}, 7, 2},      {{40}, {13}, 45, 3},
                                   {{17, 9}, {5, 3}, 4, 1}, {{12, 30}, {4, 7}, 1, 9}, {{7, 6, 5}, {3, 2, 2}, 2, 3},
                                   {{9, 10}, {1, 4}, 3, 0}};
  for (const Case& c : cases) {
    std::vector<AxisLayout> axes(c.shape.size(), AxisLayout::block());
    if (c.shape.size() == 2 && c.grid[0] == 1) axes[0] = AxisLayout::not_distributed();
    const Distribution d(c.shape, axes, c.grid);
    for (bool periodic : {false, true}) {
      for (Stencil stencil : {Stencil::star, Stencil::box}) {
        const HaloSpec halo{std::vector<std::int64_t>(c.shape.size(), c.lower), std::vector<std::int64_t>(c.shape.size(), c.upper),
                            std::vector<bool>(c.shape.size(), periodic), stencil};
        std::int64_t examined = 0;
        const std::string problem = halo_messages_problem(d, halo, examined);
        EXPECT_TRUE(problem.empty()) << problem << "\n  " << d.describe() << "\n  " << halo.describe();
      }
    }
  }
}

TEST(HaloMessages, TheBuilderExaminesCandidateNeighboursNotAllPairsOfRanks) {
  // 1-D and 2-D block layouts with ghosts one cell wide: the boxes examined per rank stay constant as the
  // grid grows (all pairs of ranks would grow like P^2 in total, P per rank).
  for (int ndim : {1, 2}) {
    std::vector<std::int64_t> per_rank;
    for (int side : {4, 16, 64}) {
      const int parts = ndim == 1 ? side * side : side;
      const Distribution d(std::vector<std::int64_t>(ndim, 10 * parts), std::vector<AxisLayout>(ndim, AxisLayout::block()),
                           std::vector<int>(ndim, parts));
      std::int64_t examined = 0;
      for (int rank = 0; rank < d.grid_size(); ++rank) {
        examined += detail::halo_messages(d, HaloSpec::uniform(ndim, 1, true, Stencil::box), rank).boxes_examined;
      }
      per_rank.push_back(examined / d.grid_size());
    }
    // Each rank receives from and sends to its 3^d - 1 neighbours, one box each: nothing more is examined.
    const std::int64_t neighbours = ndim == 1 ? 2 : 8;
    for (std::int64_t count : per_rank) EXPECT_EQ(count, 2 * neighbours) << ndim << "-D";
  }
  // A ghost three shards wide reaches three neighbours on each side, and examines just those.
  const Distribution d({400}, {AxisLayout::block()}, {40});
  const auto messages = detail::halo_messages(d, HaloSpec::uniform(1, 25, true, Stencil::box), 7);
  EXPECT_EQ(messages.sends.size(), 6u);
  EXPECT_EQ(messages.receives.size(), 6u);
  EXPECT_EQ(messages.boxes_examined, 12);
}

TEST(Halo, GhostsWiderThanNeighbouringShardsReachFartherRanks) {
  // Shards of 2 or 3 cells and ghosts of 5: each ghost region spans two or three shards.
  const ProcessGrid grid(Comm::world());
  const std::int64_t n = 2 * grid.size() + 1;
  auto layout = std::make_shared<const Distribution>(std::vector<std::int64_t>{n}, std::vector<AxisLayout>{AxisLayout::block()},
                                                     grid.dims());
  for (bool periodic : {false, true}) {
    auto x = filled(grid, layout, HaloSpec::uniform(1, 5, periodic));
    x.exchange_halo();
    EXPECT_TRUE(all_ranks(ghost_mismatch(x).empty())) << ghost_mismatch(x);
  }
}

TEST(Halo, FacesOfSeveralMebibytesMoveAsManyPartsInBothPhases) {
  // Faces of 200 x 700 int64 (over 1 MiB, so several parts each), contiguous (row-major: in place) or
  // strided (column-major: packed), in the split phase (every part posted at once) and in one call.
  const ProcessGrid grid(Comm::world(), {0, 1});
  for (StorageOrder order : {StorageOrder::row_major, StorageOrder::column_major}) {
    auto layout = std::make_shared<const Distribution>(
        std::vector<std::int64_t>{1200, 700}, std::vector<AxisLayout>{AxisLayout::block(), AxisLayout::not_distributed()},
        grid.dims(), order);
    HaloSpec halo{{200, 0}, {200, 0}, {true, false}, Stencil::box};
    auto x = filled(grid, layout, halo);
    x.begin_halo_exchange();
    x.end_halo_exchange();
    EXPECT_TRUE(all_ranks(ghost_mismatch(x).empty())) << ghost_mismatch(x);
    x.exchange_halo();
    EXPECT_TRUE(all_ranks(ghost_mismatch(x).empty())) << ghost_mismatch(x);
  }
}

}  // namespace
}  // namespace gingham
