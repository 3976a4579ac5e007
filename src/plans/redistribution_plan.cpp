#include "gingham/plans/redistribution_plan.hpp"

#include <algorithm>
#include <stdexcept>

#include "gingham/core/call_check.hpp"
#include "gingham/distributions/axis_pieces.hpp"
#include "gingham/core/aliasing.hpp"
#include "gingham/core/collective_errors.hpp"
#include "gingham/core/format.hpp"
#include "transfer.hpp"

namespace gingham {
namespace {

using detail::AxisRead;
using detail::AxisRuns;
using detail::Box;
using detail::Message;
using detail::Piece;

/// The messages of one rank, computed from the layouts alone (no communication).
struct Messages {
  std::vector<Message> sends, receives;
  std::vector<Box> self;
};

/// One grid's ranks in the plan's communicator, both ways.
class Seats {
 public:
  /// `listed`: the communicator rank of each grid rank, or empty for the first `grid_size` ranks.
  Seats(const std::vector<int>& listed, int grid_size, int comm_size) : grid_rank_(comm_size, -1) {
    for (int g = 0; g < grid_size; ++g) comm_rank_.push_back(listed.empty() ? g : listed[g]);
    for (int g = 0; g < grid_size; ++g) grid_rank_[comm_rank_[g]] = g;
  }
  int comm_rank(int grid_rank) const { return comm_rank_[grid_rank]; }
  /// -1 for a rank off the grid.
  int grid_rank(int comm_rank) const { return grid_rank_[comm_rank]; }

 private:
  std::vector<int> comm_rank_, grid_rank_;
};

class Builder {
 public:
  Builder(const Distribution& source, const Distribution& target, const IndexMap& map,
          const std::vector<std::int64_t>& target_offset, int rank, const Seats& source_seats, const Seats& target_seats)
      : S_(source),
        T_(target),
        M_(map),
        offset_(target_offset),
        rank_(rank),
        source_seats_(source_seats),
        target_seats_(target_seats),
        my_source_(source_seats.grid_rank(rank)),
        my_target_(target_seats.grid_rank(rank)) {}

  Messages build() {
    Messages messages;
    if (my_target_ >= 0) add_receives(messages);
    if (my_source_ >= 0) add_sends(messages);
    return messages;
  }

 private:
  const IndexMap::TargetAxis& read_of(int k) const { return M_.target_axes()[k]; }
  /// Target axis k reads source index start + step * (j - o) for j in the box [o, o + extent).
  AxisRead axis_read(int k) const {
    const std::int64_t o = offset_[k];
    return {read_of(k).start - read_of(k).step * o, read_of(k).step, o + read_of(k).extent, o};
  }

  /// The copy target grid rank `receiver` reads where the source holds copies: the copy at its own
  /// source-grid coordinates if it is on the source grid (so it reads itself when it holds the data),
  /// otherwise the copy given by its target grid rank in mixed radix over the copy axes. Returns the
  /// coordinates along the copy axes (other entries are left as given).
  void choose_copy(int receiver, std::vector<int>& source_coords) const {
    const int on_source = source_seats_.grid_rank(target_seats_.comm_rank(receiver));
    std::vector<int> own = on_source >= 0 ? S_.grid_coords_of(on_source) : std::vector<int>{};
    int rest = receiver;
    for (int g = S_.grid_ndim() - 1; g >= 0; --g) {
      if (S_.array_axis_on(g) >= 0) continue;
      source_coords[g] = own.empty() ? rest % S_.grid_dims()[g] : own[g];
      rest /= S_.grid_dims()[g];
    }
  }

  /// One element at target position 0 of a broadcast axis (the other positions are copies of it).
  static AxisRuns broadcast_runs() {
    AxisRuns runs;
    runs.append(1, 0, 0, 0, 0);
    return runs;
  }

  /// Per target axis, this rank's runs split by the peer part along that axis (`peer_parts(k)` parts),
  /// from the pieces `generate(k, emit)` emits; a broadcast axis gets one list.
  template <class PeerParts, class Generate>
  std::vector<std::vector<AxisRuns>> runs_by_peer(PeerParts peer_parts, Generate generate) const {
    std::vector<std::vector<AxisRuns>> runs(T_.ndim());
    for (int k = 0; k < T_.ndim(); ++k) {
      if (read_of(k).source_axis < 0) {
        runs[k].push_back(broadcast_runs());
        continue;
      }
      runs[k].resize(peer_parts(k));
      generate(k, [&](int peer, const Piece& p) { runs[k][peer].append(p.count, p.src, read_of(k).step, p.dst, 1); });
    }
    return runs;
  }

  /// How the dense source shard of source grid rank `rank` addresses a box's positions (for piece splitting).
  detail::Side dense_source(int rank, const Box& box) const {
    const std::vector<std::int64_t> strides = S_.dense_strides(S_.local_shape(S_.grid_coords_of(rank)));
    detail::Side side{nullptr, {}, 0, false, true};
    for (int k = 0; k < T_.ndim(); ++k) side.stride.push_back(read_of(k).source_axis < 0 ? 0 : strides[read_of(k).source_axis]);
    for (const auto& [axis, local] : box.fixed) side.offset += local * strides[axis];
    return side;
  }
  /// How the dense target shard of target grid rank `rank` addresses a box's positions.
  detail::Side dense_target(int rank) const {
    return detail::Side{nullptr, T_.dense_strides(T_.local_shape(T_.grid_coords_of(rank))), 0, false, false};
  }
  /// A message to or from communicator rank `peer` of one box from source grid rank `source_rank` to
  /// target grid rank `target_rank`, with its pieces: both ranks compute the same ones. At most 64 pieces of 8192 elements on average, or none (messages then move in slices).
  Message message(int peer, Box box, int source_rank, int target_rank) const {
    Message m{peer, {}, box.elements(), {}};
    if (auto ends = detail::piece_ends(box, dense_source(source_rank, box), dense_target(target_rank), 64, 8192)) {
      m.piece_ends = std::move(*ends);
    }
    m.boxes.push_back(std::move(box));
    return m;
  }

  std::vector<std::pair<int, std::int64_t>> fixed_locals() const {
    std::vector<std::pair<int, std::int64_t>> fixed;
    for (const auto& f : M_.fixed()) fixed.emplace_back(f.source_axis, S_.axis_map(f.source_axis).to_local(f.index));
    return fixed;
  }

  void add_receives(Messages& messages) {
    const std::vector<int> my_coords = T_.grid_coords_of(my_target_);
    const int ndim = T_.ndim();
    if (T_.local_size(my_coords) == 0) return;
    // Per target axis: my runs, split by the source part they read.
    const auto runs = runs_by_peer([&](int k) { return S_.axis_map(read_of(k).source_axis).parts(); },
                                   [&](int k, auto emit) {
                                     const int a = read_of(k).source_axis;
                                     detail::pieces_received_by(T_.axis_map(k), T_.part_of(k, my_coords), S_.axis_map(a),
                                                                axis_read(k), [&](const Piece& p) { emit(p.source_part, p); });
                                   });
    // Candidate coordinates along each source grid axis that spreads a source axis.
    std::vector<std::vector<int>> candidates(S_.grid_ndim());
    for (int g = 0; g < S_.grid_ndim(); ++g) {
      const int a = S_.array_axis_on(g);
      if (a < 0) continue;
      for (const auto& f : M_.fixed()) {
        if (f.source_axis == a) candidates[g].push_back(S_.axis_map(a).owner(f.index));
      }
      for (int k = 0; k < ndim; ++k) {
        if (read_of(k).source_axis != a) continue;
        for (int part = 0; part < static_cast<int>(runs[k].size()); ++part) {
          if (runs[k][part].elements() > 0) candidates[g].push_back(part);
        }
      }
    }
    // Every combination of candidates is one source shard to read from.
    std::vector<int> source_coords(S_.grid_ndim(), 0);
    choose_copy(my_target_, source_coords);
    const auto fixed = fixed_locals();
    std::vector<std::size_t> choice(S_.grid_ndim(), 0);
    while (true) {
      bool complete = true;
      for (int g = 0; g < S_.grid_ndim(); ++g) {
        if (S_.array_axis_on(g) < 0) continue;
        if (candidates[g].empty()) complete = false;
        else source_coords[g] = candidates[g][choice[g]];
      }
      if (!complete) return;
      Box box;
      box.fixed = fixed;
      for (int k = 0; k < ndim; ++k) {
        const int a = read_of(k).source_axis;
        box.axes.push_back(a < 0 ? runs[k][0] : runs[k][S_.part_of(a, source_coords)]);
      }
      if (box.elements() > 0) {
        const int peer = S_.grid_rank_of(source_coords);
        if (source_seats_.comm_rank(peer) == rank_) {
          messages.self.push_back(std::move(box));
        } else {
          messages.receives.push_back(message(source_seats_.comm_rank(peer), std::move(box), peer, my_target_));
        }
      }
      int g = S_.grid_ndim() - 1;
      for (; g >= 0; --g) {
        if (S_.array_axis_on(g) < 0) continue;
        if (++choice[g] < candidates[g].size()) break;
        choice[g] = 0;
      }
      if (g < 0) return;
    }
  }

  void add_sends(Messages& messages) {
    const std::vector<int> my_coords = S_.grid_coords_of(my_source_);
    const int ndim = T_.ndim();
    for (const auto& f : M_.fixed()) {
      if (S_.part_of(f.source_axis, my_coords) != S_.axis_map(f.source_axis).owner(f.index)) return;
    }
    if (S_.local_size(my_coords) == 0) return;
    // Per target axis: the runs I send, split by the target part that receives them.
    const auto runs = runs_by_peer([&](int k) { return T_.axis_map(k).parts(); },
                                   [&](int k, auto emit) {
                                     const int a = read_of(k).source_axis;
                                     detail::pieces_sent_by(T_.axis_map(k), S_.axis_map(a), S_.part_of(a, my_coords),
                                                            axis_read(k), [&](const Piece& p) { emit(p.target_part, p); });
                                   });
    const auto fixed = fixed_locals();
    std::vector<int> chosen(S_.grid_ndim());
    for (int receiver = 0; receiver < T_.grid_size(); ++receiver) {
      if (target_seats_.comm_rank(receiver) == rank_) continue;  // copied by the receiving side of this rank
      chosen = my_coords;
      choose_copy(receiver, chosen);
      if (chosen != my_coords) continue;  // the receiver reads another copy
      const std::vector<int> receiver_coords = T_.grid_coords_of(receiver);
      if (T_.local_size(receiver_coords) == 0) continue;
      Box box;
      box.fixed = fixed;
      for (int k = 0; k < ndim; ++k) {
        box.axes.push_back(read_of(k).source_axis < 0 ? runs[k][0] : runs[k][T_.part_of(k, receiver_coords)]);
      }
      if (box.elements() > 0) {
        messages.sends.push_back(message(target_seats_.comm_rank(receiver), std::move(box), my_source_, receiver));
      }
    }
  }

  const Distribution& S_;
  const Distribution& T_;
  const IndexMap& M_;
  const std::vector<std::int64_t>& offset_;  // per target axis: where the box written starts
  int rank_;  // in the plan's communicator
  const Seats& source_seats_;
  const Seats& target_seats_;
  int my_source_, my_target_;  // this rank's grid ranks, or -1 off a grid
};

/// Throws std::invalid_argument unless `listed` is empty or `grid_size` distinct ranks of `comm`.
void validate_placement(const char* which, const std::vector<int>& listed, int grid_size, int comm_size) {
  if (listed.empty()) return;
  std::vector<bool> seen(static_cast<std::size_t>(comm_size), false);
  bool valid = static_cast<int>(listed.size()) == grid_size;
  for (int rank : listed) {
    valid = valid && rank >= 0 && rank < comm_size && !seen[rank];
    if (rank >= 0 && rank < comm_size) seen[rank] = true;
  }
  if (!valid) {
    throw std::invalid_argument(std::string("gingham::RedistributionPlan: expected the ") + which + " grid's " +
                                std::to_string(grid_size) + " ranks as distinct ranks of a communicator of " +
                                std::to_string(comm_size) + ", got " + format_shape(listed));
  }
}

/// Throws std::invalid_argument unless the box of `map`'s target shape from `offset` lies in `target` (and
/// broadcast axes start at 0).
void validate_box(const Distribution& target, const IndexMap& map, const std::vector<std::int64_t>& offset) {
  const std::vector<std::int64_t> box = map.target_shape();
  bool fits = static_cast<int>(offset.size()) == target.ndim() && box.size() == offset.size();
  for (std::size_t k = 0; fits && k < offset.size(); ++k) {
    fits = offset[k] >= 0 && offset[k] <= target.global_shape()[k] - box[k] &&
           (offset[k] == 0 || map.target_axes()[k].source_axis >= 0);
  }
  if (!fits) {
    throw std::invalid_argument("gingham::RedistributionPlan: expected a target box inside the target of shape " +
                                format_shape(target.global_shape()) + " (broadcast axes from 0), got shape " +
                                format_shape(box) + " from offset " + format_shape(offset));
  }
}

void validate(const Comm& comm, const Distribution& source, const Distribution& target, const IndexMap& map,
              const GridPlacement& placement, const std::vector<std::int64_t>& target_offset) {
  if (map.source_shape() != source.global_shape()) {
    throw std::invalid_argument("gingham::RedistributionPlan: the index map reads shape " +
                                format_shape(map.source_shape()) + ", the source has shape " +
                                format_shape(source.global_shape()));
  }
  if (!target_offset.empty()) {
    validate_box(target, map, target_offset);
  } else if (map.target_shape() != target.global_shape()) {
    throw std::invalid_argument("gingham::RedistributionPlan: the index map gives shape " +
                                format_shape(map.target_shape()) + ", the target has shape " +
                                format_shape(target.global_shape()));
  }
  for (const Distribution* layout : {&source, &target}) {
    if (layout->grid_size() > comm.size()) {
      throw std::invalid_argument("gingham::RedistributionPlan: a grid of shape " + format_shape(layout->grid_dims()) +
                                  " needs " + std::to_string(layout->grid_size()) + " ranks, the communicator has " +
                                  std::to_string(comm.size()));
    }
  }
  validate_placement("source", placement.source, source.grid_size(), comm.size());
  validate_placement("target", placement.target, target.grid_size(), comm.size());
}

}  // namespace

RedistributionPlan::RedistributionPlan(const Comm& comm, std::shared_ptr<const Distribution> source,
                                       std::shared_ptr<const Distribution> target, std::optional<IndexMap> index_map,
                                       PlanOptions options, GridPlacement placement,
                                       std::vector<std::int64_t> target_offset)
    : source_(std::move(source)),
      target_(std::move(target)),
      index_map_(index_map ? std::move(*index_map) : IndexMap::identity(source_->global_shape())),
      target_offset_(std::move(target_offset)) {
  const auto checked = check_call(comm, "RedistributionPlan", arg("source", source_), arg("target", target_),
                                  arg("index map", index_map_), arg("chunk_bytes", options.chunk_bytes),
                                  arg("datatype_min_run_bytes", options.datatype_min_run_bytes),
                                  arg("target offset", target_offset_));
  validate(comm, *source_, *target_, index_map_, placement, target_offset_);
  if (target_offset_.empty()) target_offset_.assign(static_cast<std::size_t>(target_->ndim()), 0);
  const int rank = comm.rank();
  // The reduction that agrees on errors while building also checks that every rank builds the same plan.
  const CallArguments request{"gingham::RedistributionPlan",
                              {{"source layout", source_->describe()},
                               {"target layout", target_->describe()},
                               {"index map", index_map_.describe()},
                               {"source ranks", format_shape(placement.source)},
                               {"target ranks", format_shape(placement.target)},
                               {"target offset", format_shape(target_offset_)}}};
  const Seats source_seats(placement.source, source_->grid_size(), comm.size());
  const Seats target_seats(placement.target, target_->grid_size(), comm.size());
  Messages messages = agree_on_errors(
      comm, [&] { return Builder(*source_, *target_, index_map_, target_offset_, rank, source_seats, target_seats).build(); },
      &request);
  std::vector<int> source_axis_of, broadcast_axes;
  for (int k = 0; k < target_->ndim(); ++k) {
    source_axis_of.push_back(index_map_.target_axes()[k].source_axis);
    if (source_axis_of.back() < 0) broadcast_axes.push_back(k);
  }
  detail::Transfer::ViewShapes shapes;
  if (const int g = source_seats.grid_rank(rank); g >= 0) shapes.source = source_->local_shape(source_->grid_coords_of(g));
  if (const int g = target_seats.grid_rank(rank); g >= 0) shapes.target = target_->local_shape(target_->grid_coords_of(g));
  transfer_ = std::make_unique<detail::Transfer>(comm, std::move(source_axis_of), std::move(broadcast_axes),
                                                 std::move(messages.sends), std::move(messages.receives),
                                                 std::move(messages.self), options, std::move(shapes));
}

RedistributionPlan::~RedistributionPlan() = default;
RedistributionPlan::RedistributionPlan(RedistributionPlan&&) noexcept = default;
RedistributionPlan& RedistributionPlan::operator=(RedistributionPlan&&) noexcept = default;

void RedistributionPlan::execute(const RawView& source_local, const RawView& target_local, ViewCheck check) const {
  const auto checked = check_call(comm(), "RedistributionPlan::execute", arg("source", *source_),
                                  arg("target", *target_), arg("source_local", source_local),
                                  arg("target_local", target_local), arg("check", check));
  // A target sharing memory with the source (the same array, a view of it, another array over the same
  // buffer) would overwrite source elements before they are sent or copied: read from a copy instead.
  // ViewCheck::local callers have ruled that out, and pay no collective for it.
  if (check == ViewCheck::local) return transfer_->execute(source_local, target_local, check);
  StagedView staged;
  transfer_->execute(unaliased_source(comm(), source_local, target_local, staged), target_local, check);
}

void RedistributionPlan::execute_combined(const RawView& source_local, const RawView& target_local,
                                          const TargetCombine& combine) const {
  const auto checked = check_call(comm(), "RedistributionPlan::execute_combined", arg("source", *source_),
                                  arg("target", *target_), arg("source_local", source_local),
                                  arg("target_local", target_local));
  if (!can_combine()) throw std::logic_error("gingham: this plan cannot combine (it writes a box of its target, or copies broadcast axes)");
  transfer_->execute_combined(source_local, target_local, combine);
}

void detail::execute_plans_together(std::span<const PlanExecution> executions) {
  std::vector<detail::Transfer::Execution> transfers;
  for (const PlanExecution& execution : executions) {
    const RedistributionPlan& plan = *execution.plan;
    const auto checked = check_call(plan.comm(), "execute_plans_together", arg("source", *plan.source_),
                                    arg("target", *plan.target_), arg("source_local", execution.source),
                                    arg("target_local", execution.target));
    transfers.push_back({plan.transfer_.get(), execution.source, execution.target});
  }
  detail::Transfer::execute_together(transfers);
}

bool RedistributionPlan::can_combine() const noexcept {
  const bool whole = std::all_of(target_offset_.begin(), target_offset_.end(), [](std::int64_t o) { return o == 0; }) &&
                     index_map_.target_shape() == target_->global_shape();
  const auto& axes = index_map_.target_axes();
  return whole && std::none_of(axes.begin(), axes.end(), [](const auto& a) { return a.source_axis < 0; });
}

const Comm& RedistributionPlan::comm() const noexcept { return transfer_->comm(); }

bool RedistributionPlan::prepared_for(const RawView& source_local, const RawView& target_local, bool combined) const noexcept {
  return transfer_->prepared_for(source_local, target_local, combined);
}

void RedistributionPlan::forget_prepared() const noexcept { transfer_->forget_prepared(); }

PlanStatistics RedistributionPlan::statistics(std::size_t item_size) const { return transfer_->statistics(item_size); }

}  // namespace gingham
