#include "gingham/dist/halo_plan.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <stdexcept>

#include "gingham/core/collective_errors.hpp"
#include "gingham/core/format.hpp"
#include "transfer.hpp"

namespace gingham {

HaloSpec HaloSpec::uniform(int ndim, std::int64_t width, bool periodic, Stencil stencil) {
  return HaloSpec{std::vector<std::int64_t>(ndim, width), std::vector<std::int64_t>(ndim, width),
                  std::vector<bool>(ndim, periodic), stencil};
}

bool HaloSpec::empty() const noexcept {
  for (std::int64_t w : lower) if (w != 0) return false;
  for (std::int64_t w : upper) if (w != 0) return false;
  return true;
}

void HaloSpec::validate(const Distribution& layout) const {
  const std::size_t ndim = static_cast<std::size_t>(layout.ndim());
  auto fits = [&](std::size_t n) { return n == 0 || n == ndim; };
  if (!fits(lower.size()) || !fits(upper.size()) || !fits(periodic.size())) {
    throw std::invalid_argument("gingham: " + describe() + " must give one entry per axis of a " +
                                std::to_string(ndim) + "-D array");
  }
  for (int axis = 0; axis < layout.ndim(); ++axis) {
    if (lower_width(axis) < 0 || upper_width(axis) < 0) {
      throw std::invalid_argument("gingham: ghost widths must be >= 0, got " + describe());
    }
    if ((lower_width(axis) > 0 || upper_width(axis) > 0) && !layout.axis_map(axis).is_contiguous()) {
      throw std::invalid_argument("gingham: ghost cells need contiguous shards (Block or not distributed), but axis " +
                                  std::to_string(axis) + " is " + layout.axis_layout(axis).describe());
    }
  }
}

std::string HaloSpec::describe() const {
  std::string flags = "(";
  for (std::size_t k = 0; k < periodic.size(); ++k) flags += (k ? ", " : "") + std::string(periodic[k] ? "True" : "False");
  flags += periodic.size() == 1 ? ",)" : ")";
  return "halo(lower=" + format_shape(lower) + ", upper=" + format_shape(upper) + ", periodic=" + flags +
         ", stencil=" + (stencil == Stencil::star ? "star" : "box") + ")";
}

namespace {

using detail::AxisRuns;
using detail::Box;
using detail::Message;

/// Along one axis of one shard: for each direction (below, inside, above), the runs of that region,
/// split by the part that owns the data. Target indices count from the padded shard's first cell.
using AxisRegions = std::array<std::vector<AxisRuns>, 3>;

AxisRegions axis_regions(const AxisMap& map, int part, std::int64_t lower, std::int64_t upper, bool periodic) {
  AxisRegions regions;
  for (auto& region : regions) region.resize(map.parts());
  for (std::int64_t k = 0; k < map.owned_block_count(part); ++k) {
    const OwnedBlock block = map.owned_block(part, k);
    regions[1][part].append(block.length, block.local_begin, 1, lower + block.local_begin, 1);
  }
  const std::int64_t n = map.extent(), local = map.local_extent(part);
  if (local == 0 || (lower == 0 && upper == 0)) return regions;
  const std::int64_t first = map.owned_block(part, 0).global_begin;  // shards are contiguous here
  // Ghost cells at target positions from `position`, reading globals from `global` (wrapped or clipped).
  auto ghost = [&](std::vector<AxisRuns>& region, std::int64_t global, std::int64_t count, std::int64_t position) {
    for (std::int64_t t = 0; t < count;) {
      std::int64_t g = global + t;
      if (!periodic && g < 0) { t += std::min(-g, count - t); continue; }
      if (!periodic && g >= n) break;
      g = ((g % n) + n) % n;
      const std::int64_t block_end = (g / map.block_size() + 1) * map.block_size();
      const std::int64_t length = std::min({count - t, n - g, block_end - g});
      region[map.owner(g)].append(length, map.to_local(g), 1, position + t, 1);
      t += length;
    }
  };
  ghost(regions[0], first - lower, lower, 0);
  ghost(regions[2], first + local, upper, lower + local);
  return regions;
}

struct Messages {
  std::map<int, Message> sends, receives;
  std::vector<Box> self;
};

void add_box(Messages& messages, int me, int receiver, int sender, Box box) {
  const std::int64_t elements = box.elements();
  if (elements == 0) return;
  if (receiver == me && sender == me) return messages.self.push_back(std::move(box));
  if (receiver != me && sender != me) return;
  Message& message = receiver == me ? messages.receives[sender] : messages.sends[receiver];
  message.peer = receiver == me ? sender : receiver;
  message.elements += elements;
  message.boxes.push_back(std::move(box));
}

/// Every ghost region of every shard, each split into boxes by the shard that owns its data; this rank
/// keeps what it sends and receives. Every rank enumerates in the same order, so boxes match.
Messages build(const Distribution& layout, const HaloSpec& spec, int me) {
  Messages messages;
  const int ndim = layout.ndim();
  for (int receiver = 0; receiver < layout.grid_size(); ++receiver) {
    const std::vector<int> coords = layout.grid_coords_of(receiver);
    if (layout.local_size(coords) == 0) continue;
    std::vector<AxisRegions> regions;
    for (int k = 0; k < ndim; ++k) {
      regions.push_back(axis_regions(layout.axis_map(k), layout.part_of(k, coords), spec.lower_width(k),
                                     spec.upper_width(k), spec.is_periodic(k)));
    }
    // Directions: each axis below (0), inside (1) or above (2); not all inside; star: one axis outside.
    std::vector<int> direction(ndim, 0);
    for (bool more = ndim > 0; more;) {
      int outside = 0;
      bool usable = true;
      for (int k = 0; k < ndim; ++k) {
        outside += direction[k] != 1;
        usable = usable && !(direction[k] == 0 && spec.lower_width(k) == 0) && !(direction[k] == 2 && spec.upper_width(k) == 0);
      }
      if (usable && outside > 0 && (spec.stencil == Stencil::box || outside == 1)) {
        // Every combination of owning parts along the axes is one box from one shard.
        std::vector<int> part(ndim, 0);
        for (bool parts_left = true; parts_left;) {
          Box box;
          std::vector<int> sender_coords = coords;
          for (int k = 0; k < ndim; ++k) {
            box.axes.push_back(regions[k][direction[k]][part[k]]);
            if (layout.grid_axis_of(k) >= 0) sender_coords[layout.grid_axis_of(k)] = part[k];
          }
          if (box.elements() > 0) add_box(messages, me, receiver, layout.grid_rank_of(sender_coords), std::move(box));
          int k = ndim - 1;
          for (; k >= 0 && ++part[k] == layout.axis_map(k).parts(); --k) part[k] = 0;
          parts_left = k >= 0;
        }
      }
      int k = ndim - 1;
      for (; k >= 0 && ++direction[k] == 3; --k) direction[k] = 0;
      more = k >= 0;
    }
  }
  return messages;
}

std::vector<Message> values(std::map<int, Message>& by_peer) {
  std::vector<Message> list;
  for (auto& [peer, message] : by_peer) list.push_back(std::move(message));
  return list;
}

}  // namespace

HaloPlan::HaloPlan(const Comm& comm, std::shared_ptr<const Distribution> layout, HaloSpec spec)
    : layout_(std::move(layout)), spec_(std::move(spec)) {
  spec_.validate(*layout_);
  if (layout_->grid_size() > comm.size()) {
    throw std::invalid_argument("gingham::HaloPlan: the layout's grid needs " + std::to_string(layout_->grid_size()) +
                                " ranks, the communicator has " + std::to_string(comm.size()));
  }
  const int rank = comm.rank();
  Messages messages = agree_on_errors(comm, [&] { return build(*layout_, spec_, rank); });
  std::vector<int> identity;
  for (int k = 0; k < layout_->ndim(); ++k) identity.push_back(k);
  detail::Transfer::ViewShapes shapes;
  if (rank < layout_->grid_size()) {
    shapes.source = layout_->local_shape(layout_->grid_coords_of(rank));
    shapes.target = shapes.source;
    for (int k = 0; k < layout_->ndim(); ++k) (*shapes.target)[k] += spec_.lower_width(k) + spec_.upper_width(k);
  }
  transfer_ = std::make_unique<detail::Transfer>(comm, std::move(identity), std::vector<int>{}, values(messages.sends),
                                                 values(messages.receives), std::move(messages.self), 0, std::move(shapes));
}

HaloPlan::~HaloPlan() = default;
HaloPlan::HaloPlan(HaloPlan&&) noexcept = default;
HaloPlan& HaloPlan::operator=(HaloPlan&&) noexcept = default;

void HaloPlan::exchange(const RawView& interior, const RawView& padded, ViewCheck check) {
  begin(interior, padded, check);
  end(padded);
}

void HaloPlan::begin(const RawView& interior, const RawView& padded, ViewCheck check) {
  transfer_->begin(interior, padded, check);
}

void HaloPlan::end(const RawView& padded) { transfer_->end(padded); }

bool HaloPlan::in_progress() const noexcept { return transfer_->in_progress(); }

const Comm& HaloPlan::comm() const noexcept { return transfer_->comm(); }

PlanStatistics HaloPlan::statistics(std::size_t item_size) const { return transfer_->statistics(item_size); }

}  // namespace gingham
