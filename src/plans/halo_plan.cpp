#include "gingham/plans/halo_plan.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <stdexcept>

#include "gingham/core/call_check.hpp"
#include "gingham/core/collective_errors.hpp"
#include "gingham/core/format.hpp"
#include "halo_messages.hpp"

namespace gingham {

namespace detail {
namespace {

/// Halo exchanges run in one round (they are split-phase), with no chunk, and pack their faces (their
/// executions are not timed, so no tuner could choose datatypes for them).
PlanOptions one_round() {
  PlanOptions options;
  options.chunk_bytes = 0;
  options.datatype_min_run_bytes = SIZE_MAX;
  return options;
}

/// The runs of one region of one axis, by the part that owns their data: ascending part, non-empty.
using PartRuns = std::vector<std::pair<int, AxisRuns>>;

/// The runs of `part` in `region`, or nullptr.
const AxisRuns* runs_of(const PartRuns& region, int part) {
  const auto it = std::lower_bound(region.begin(), region.end(), part, [](const auto& e, int p) { return e.first < p; });
  return it != region.end() && it->first == part ? &it->second : nullptr;
}

/// The runs of `part` in `region`, added (empty) if missing.
AxisRuns& runs_for(PartRuns& region, int part) {
  const auto it = std::lower_bound(region.begin(), region.end(), part, [](const auto& e, int p) { return e.first < p; });
  if (it != region.end() && it->first == part) return it->second;
  return region.insert(it, {part, AxisRuns{}})->second;
}

/// Along one axis of one shard: for each direction (below, inside, above), the runs of that region,
/// split by the part that owns the data. Target indices count from the padded shard's first cell.
using AxisRegions = std::array<PartRuns, 3>;

AxisRegions axis_regions(const AxisMap& map, int part, std::int64_t lower, std::int64_t upper, bool periodic) {
  AxisRegions regions;
  for (std::int64_t k = 0; k < map.owned_block_count(part); ++k) {
    const OwnedBlock block = map.owned_block(part, k);
    runs_for(regions[1], part).append(block.length, block.local_begin, 1, lower + block.local_begin, 1);
  }
  const std::int64_t n = map.extent(), local = map.local_extent(part);
  if (local == 0 || (lower == 0 && upper == 0)) return regions;
  const std::int64_t first = map.owned_block(part, 0).global_begin;  // shards are contiguous here
  // Ghost cells at target positions from `position`, reading globals from `global` (wrapped or clipped).
  auto ghost = [&](PartRuns& region, std::int64_t global, std::int64_t count, std::int64_t position) {
    for (std::int64_t t = 0; t < count;) {
      std::int64_t g = global + t;
      if (!periodic && g < 0) { t += std::min(-g, count - t); continue; }
      if (!periodic && g >= n) break;
      g = ((g % n) + n) % n;
      const std::int64_t block_end = (g / map.block_size() + 1) * map.block_size();
      const std::int64_t length = std::min({count - t, n - g, block_end - g});
      runs_for(region, map.owner(g)).append(length, map.to_local(g), 1, position + t, 1);
      t += length;
    }
  };
  ghost(regions[0], first - lower, lower, 0);
  ghost(regions[2], first + local, upper, lower + local);
  return regions;
}

/// The parts along axis `axis` whose ghost or interior regions can hold data of `part`: itself, and
/// the owners of an index of [a - upper, b + lower) around its range [a, b) (wrapped when periodic,
/// clipped otherwise), ascending. See halo_messages for why no other part can.
std::vector<int> candidate_parts(const AxisMap& map, int part, std::int64_t lower, std::int64_t upper, bool periodic) {
  std::vector<int> parts{part};
  const std::int64_t n = map.extent(), local = map.local_extent(part);
  if (local == 0 || (lower == 0 && upper == 0)) return parts;
  const std::int64_t a = map.owned_block(part, 0).global_begin, b = a + local;  // shards are contiguous here
  std::int64_t low = a - upper, high = b + lower;
  if (periodic && high - low >= n) low = 0, high = n;  // the ghosts wrap around the whole axis
  if (!periodic) low = std::max<std::int64_t>(low, 0), high = std::min(high, n);
  for (std::int64_t g = low; g < high;) {  // block by block: one owner each
    const std::int64_t wrapped = ((g % n) + n) % n;
    parts.push_back(map.owner(wrapped));
    g += std::min((wrapped / map.block_size() + 1) * map.block_size(), n) - wrapped;  // the last block may be short
  }
  std::sort(parts.begin(), parts.end());
  parts.erase(std::unique(parts.begin(), parts.end()), parts.end());
  return parts;
}

/// Records a non-empty box from `sender` to `receiver` (one of them is `me`) as a one-box message, or as
/// a copy within this rank; by_peer merges the messages of each peer afterwards.
void add_box(HaloMessages& messages, int me, int receiver, int sender, Box box) {
  const std::int64_t elements = box.elements();
  if (elements == 0) return;
  if (receiver == me && sender == me) return messages.self.push_back(std::move(box));
  Message& message = receiver == me ? messages.receives.emplace_back() : messages.sends.emplace_back();
  message.peer = receiver == me ? sender : receiver;
  message.elements = elements;
  message.boxes.push_back(std::move(box));
}

/// Calls visit(direction) for each direction whose ghost cells `spec` has: each axis below (0),
/// inside (1) or above (2), not all inside, and for star only one axis outside; in lexicographic order.
template <class Visit>
void for_each_direction(int ndim, const HaloSpec& spec, Visit&& visit) {
  std::vector<int> direction(ndim, 0);
  for (bool more = ndim > 0; more;) {
    int outside = 0;
    bool usable = true;
    for (int k = 0; k < ndim; ++k) {
      outside += direction[k] != 1;
      usable = usable && !(direction[k] == 0 && spec.lower_width(k) == 0) && !(direction[k] == 2 && spec.upper_width(k) == 0);
    }
    if (usable && outside > 0 && (spec.stencil == Stencil::box || outside == 1)) visit(direction);
    int k = ndim - 1;
    for (; k >= 0 && ++direction[k] == 3; --k) direction[k] = 0;
    more = k >= 0;
  }
}

/// Calls visit(choice) for each combination choice[k] < sizes[k], in lexicographic order.
template <class Visit>
void for_each_combination(const std::vector<std::size_t>& sizes, Visit&& visit) {
  for (std::size_t size : sizes) {
    if (size == 0) return;
  }
  std::vector<std::size_t> choice(sizes.size(), 0);
  while (true) {
    visit(choice);
    int k = static_cast<int>(sizes.size()) - 1;
    for (; k >= 0 && ++choice[k] == sizes[k]; --k) choice[k] = 0;
    if (k < 0) return;
  }
}

/// The regions of every axis of the shard at `coords`.
std::vector<AxisRegions> shard_regions(const Distribution& layout, const HaloSpec& spec, const std::vector<int>& coords) {
  std::vector<AxisRegions> regions;
  for (int k = 0; k < layout.ndim(); ++k) {
    regions.push_back(axis_regions(layout.axis_map(k), layout.part_of(k, coords), spec.lower_width(k), spec.upper_width(k),
                                   spec.is_periodic(k)));
  }
  return regions;
}

/// This rank as receiver: each of its ghost regions, split into one box per shard that owns its data.
void add_receives(HaloMessages& messages, const Distribution& layout, const HaloSpec& spec, int me) {
  const std::vector<int> coords = layout.grid_coords_of(me);
  if (layout.local_size(coords) == 0) return;
  const int ndim = layout.ndim();
  const std::vector<AxisRegions> regions = shard_regions(layout, spec, coords);
  for_each_direction(ndim, spec, [&](const std::vector<int>& direction) {
    std::vector<std::size_t> sizes;
    for (int k = 0; k < ndim; ++k) sizes.push_back(regions[k][direction[k]].size());
    for_each_combination(sizes, [&](const std::vector<std::size_t>& choice) {
      Box box;
      std::vector<int> sender_coords = coords;
      for (int k = 0; k < ndim; ++k) {
        const auto& [part, runs] = regions[k][direction[k]][choice[k]];
        box.axes.push_back(runs);
        if (layout.grid_axis_of(k) >= 0) sender_coords[layout.grid_axis_of(k)] = part;
      }
      ++messages.boxes_examined;
      add_box(messages, me, me, layout.grid_rank_of(sender_coords), std::move(box));
    });
  });
}

/// This rank as sender: for each candidate neighbour, the box of each of its ghost regions that this
/// rank's shard holds.
void add_sends(HaloMessages& messages, const Distribution& layout, const HaloSpec& spec, int me) {
  const std::vector<int> coords = layout.grid_coords_of(me);
  if (layout.local_size(coords) == 0) return;
  const int ndim = layout.ndim();
  std::vector<std::vector<int>> candidates;
  std::vector<std::size_t> sizes;
  for (int k = 0; k < ndim; ++k) {
    candidates.push_back(candidate_parts(layout.axis_map(k), layout.part_of(k, coords), spec.lower_width(k),
                                         spec.upper_width(k), spec.is_periodic(k)));
    sizes.push_back(candidates.back().size());
  }
  std::vector<int> receivers;  // ascending, so messages come out sorted by peer
  for_each_combination(sizes, [&](const std::vector<std::size_t>& choice) {
    std::vector<int> receiver_coords = coords;
    for (int k = 0; k < ndim; ++k) {
      if (layout.grid_axis_of(k) >= 0) receiver_coords[layout.grid_axis_of(k)] = candidates[k][choice[k]];
    }
    receivers.push_back(layout.grid_rank_of(receiver_coords));
  });
  std::sort(receivers.begin(), receivers.end());
  receivers.erase(std::unique(receivers.begin(), receivers.end()), receivers.end());
  for (int receiver : receivers) {
    if (receiver == me) continue;  // what this rank sends itself is found as a receive
    const std::vector<int> receiver_coords = layout.grid_coords_of(receiver);
    if (layout.local_size(receiver_coords) == 0) continue;
    const std::vector<AxisRegions> regions = shard_regions(layout, spec, receiver_coords);
    for_each_direction(ndim, spec, [&](const std::vector<int>& direction) {
      Box box;
      for (int k = 0; k < ndim; ++k) {
        const AxisRuns* runs = runs_of(regions[k][direction[k]], layout.part_of(k, coords));
        if (runs == nullptr) return;
        box.axes.push_back(*runs);
      }
      ++messages.boxes_examined;
      add_box(messages, me, receiver, me, std::move(box));
    });
  }
}

/// Merges the messages of each peer (boxes were appended one message each) keeping box order.
std::vector<Message> by_peer(std::vector<Message> list) {
  std::stable_sort(list.begin(), list.end(), [](const Message& a, const Message& b) { return a.peer < b.peer; });
  std::vector<Message> merged;
  for (Message& message : list) {
    if (merged.empty() || merged.back().peer != message.peer) {
      merged.push_back(std::move(message));
      continue;
    }
    merged.back().elements += message.elements;
    for (Box& box : message.boxes) merged.back().boxes.push_back(std::move(box));
  }
  return merged;
}

}  // namespace

HaloMessages halo_messages(const Distribution& layout, const HaloSpec& spec, int rank) {
  HaloMessages messages;
  if (rank >= layout.grid_size()) return messages;
  add_receives(messages, layout, spec, rank);
  add_sends(messages, layout, spec, rank);
  messages.receives = by_peer(std::move(messages.receives));
  messages.sends = by_peer(std::move(messages.sends));
  return messages;
}

}  // namespace detail

HaloPlan::HaloPlan(const Comm& comm, std::shared_ptr<const Distribution> layout, HaloSpec spec)
    : layout_(std::move(layout)), spec_(std::move(spec)) {
  const auto checked = check_call(comm, "HaloPlan", arg("layout", layout_), arg("spec", spec_));
  spec_.validate(*layout_);
  if (layout_->grid_size() > comm.size()) {
    throw std::invalid_argument("gingham::HaloPlan: the layout's grid needs " + std::to_string(layout_->grid_size()) +
                                " ranks, the communicator has " + std::to_string(comm.size()));
  }
  const int rank = comm.rank();
  detail::HaloMessages messages = agree_on_errors(comm, [&] { return detail::halo_messages(*layout_, spec_, rank); });
  std::vector<int> identity;
  for (int k = 0; k < layout_->ndim(); ++k) identity.push_back(k);
  detail::Transfer::ViewShapes shapes;
  if (rank < layout_->grid_size()) {
    shapes.source = layout_->local_shape(layout_->grid_coords_of(rank));
    shapes.target = shapes.source;
    for (int k = 0; k < layout_->ndim(); ++k) (*shapes.target)[k] += spec_.lower_width(k) + spec_.upper_width(k);
  }
  transfer_ = std::make_unique<detail::Transfer>(comm, std::move(identity), std::vector<int>{}, std::move(messages.sends),
                                                 std::move(messages.receives), std::move(messages.self), detail::one_round(), std::move(shapes));
}

HaloPlan::~HaloPlan() = default;
HaloPlan::HaloPlan(HaloPlan&&) noexcept = default;
HaloPlan& HaloPlan::operator=(HaloPlan&&) noexcept = default;

void HaloPlan::exchange(const RawView& interior, const RawView& padded, ViewCheck check) {
  const auto checked = check_call(comm(), "HaloPlan::exchange", arg("interior", interior), arg("padded", padded),
                                  arg("check", check));
  begin(interior, padded, check);
  end(padded);
}

void HaloPlan::begin(const RawView& interior, const RawView& padded, ViewCheck check) {
  const auto checked = check_call(comm(), "HaloPlan::begin", arg("interior", interior), arg("padded", padded),
                                  arg("check", check));
  transfer_->begin(interior, padded, check);
}

void HaloPlan::end(const RawView& padded) { transfer_->end(padded); }

bool HaloPlan::in_progress() const noexcept { return transfer_->in_progress(); }

const Comm& HaloPlan::comm() const noexcept { return transfer_->comm(); }

PlanStatistics HaloPlan::statistics(std::size_t item_size) const { return transfer_->statistics(item_size); }

}  // namespace gingham
