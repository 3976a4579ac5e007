#include "transfer.hpp"

#include <algorithm>
#include <climits>
#include <cstring>
#include <stdexcept>
#include <string>

#include "gingham/core/collective_errors.hpp"
#include "gingham/core/environment.hpp"
#include "gingham/core/format.hpp"
#include "gingham/core/mpi_check.hpp"
#include "gingham/core/profile.hpp"
#include "copy_kernels.hpp"

namespace gingham::detail {
namespace {

Side buffer_side(std::byte* base) { return Side{base, {}, 0, true, true}; }

Side source_side(const RawView& view, const Box& box, const std::vector<int>& source_axis_of) {
  Side side{view.data, {}, 0, false, true};
  for (int axis : source_axis_of) side.stride.push_back(axis < 0 ? 0 : view.strides[axis]);
  for (const auto& [axis, index] : box.fixed) side.offset += index * view.strides[axis];
  return side;
}

/// Target shards of at least this many bytes are larger than a last-level cache (a node's ranks share
/// one): their long contiguous runs are written with non-temporal stores, which do not first read each
/// line they write (stream_copy).
constexpr std::int64_t kStreamTargetBytes = std::int64_t{32} << 20;
/// The shortest contiguous run written that way (shorter ones would leave cache lines partly written).
constexpr std::int64_t kStreamRunBytes = 1024;

/// The target side of a copy into `view`, or, with a combine, of the values handed to it at `view`'s offsets.
Side target_side(const RawView& view, const TargetCombine* combine) {
  return Side{view.data, view.strides, 0, false, false,
              !combine && view.size() * static_cast<std::int64_t>(view.item_size) >= kStreamTargetBytes, combine};
}

/// A run of consecutive rows of a box, all whole, gathered for one tiled copy.
struct RowGroup {
  std::int64_t from[kCopyTile], to[kCopyTile], linear[kCopyTile];
  int rows = 0;
};

/// Copies message positions [first, last) of `box` from `from` to `to`. Rows (runs of the last target
/// axis) are copied segment by segment; when an element step is not 1 on either side (a transposing
/// pattern), whole rows are grouped and copied tile by tile.
void copy_box(const Box& box, std::int64_t first, std::int64_t last, const Side& from, const Side& to, std::size_t item) {
  if (first >= last) return;
  if (const auto squeezed = without_single_axes(box, from, to)) {
    return copy_box(squeezed->box, first, last, squeezed->from, squeezed->to, item);
  }
  const std::int64_t isize = static_cast<std::int64_t>(item), range_start = first;
  const int ndim = static_cast<int>(box.axes.size());
  if (ndim == 0) {
    const std::byte* source = from.base + (from.linear ? 0 : from.offset) * isize;
    if (to.combine) return to.combine->apply(to.offset, 1, source, 1, 1);
    strided_copy(to.base + (to.linear ? 0 : to.offset) * isize, 1, source, 1, 1, item);
    return;
  }
  const AxisRuns& inner = box.axes[ndim - 1];
  const std::int64_t width = inner.elements();
  const std::int64_t from_inner = from.linear ? 0 : from.stride[ndim - 1];
  const std::int64_t to_inner = to.linear ? 0 : to.stride[ndim - 1];
  const Segment head = inner.at(0);
  // (A combine takes the values row by row, in the order they come: it computes on them where they land.)
  const bool tiled = !to.combine && ndim >= 2 && ((!from.linear && head.count > 1 && std::abs(head.src_stride * from_inner) != 1) ||
                                   (!to.linear && head.count > 1 && std::abs(head.dst_stride * to_inner) != 1));

  RowGroup group;
  auto flush = [&] {
    if (group.rows == 0) return;
    std::int64_t from_row[kCopyTile], to_row[kCopyTile], within = 0;
    inner.for_each_segment(0, width, [&](const Segment& s) {
      for (int r = 0; r < group.rows; ++r) {
        from_row[r] = from.linear ? group.linear[r] + within : group.from[r] + s.src * from_inner;
        to_row[r] = to.linear ? group.linear[r] + within : group.to[r] + s.dst * to_inner;
      }
      tiled_copy(to.base, to_row, to.linear ? 1 : s.dst_stride * to_inner, from.base, from_row,
                 from.linear ? 1 : s.src_stride * from_inner, group.rows, s.count, item);
      within += s.count;
    });
    group.rows = 0;
  };

  for (RowCursor rows(box, first); first < last; rows.next()) {
    const std::int64_t row_begin = rows.row() * width;
    const std::int64_t from_offset = rows.offset(from), to_offset = rows.offset(to);
    const std::int64_t a = first - row_begin, b = std::min(width, last - row_begin);
    if (tiled && a == 0 && b == width) {
      group.from[group.rows] = from_offset, group.to[group.rows] = to_offset, group.linear[group.rows] = first - range_start;
      if (++group.rows == kCopyTile) flush();
    } else {
      flush();
      std::int64_t linear = first - range_start;
      inner.for_each_segment(a, b, [&](const Segment& s) {
        const std::byte* source = from.base + (from.linear ? linear : from_offset + s.src * from_inner) * isize;
        const std::int64_t to_at = to.linear ? linear : to_offset + s.dst * to_inner;
        std::byte* target = to.base + to_at * isize;
        const std::int64_t to_step = to.linear ? 1 : s.dst_stride * to_inner, from_step = from.linear ? 1 : s.src_stride * from_inner;
        if (to.combine) {
          to.combine->apply(to_at, to_step, source, from_step, s.count);
        } else if (to.stream && to_step == 1 && from_step == 1 && s.count * isize >= kStreamRunBytes) {
          stream_copy(target, source, static_cast<std::size_t>(s.count * isize));
        } else if (to.stream && to_step == 1 && from_step == -1 && s.count * isize >= kStreamRunBytes) {
          reversed_copy(target, source, s.count, item, /*stream=*/true);  // a flip's
        } else {
          strided_copy(target, to_step, source, from_step, s.count, item);
        }
        linear += s.count;
      });
    }
    first = row_begin + width;
  }
  flush();
}

/// Copies positions [first, last) of boxes in a row (a message's, or this rank's own), box after box.
void copy_boxes(const std::vector<Box>& boxes, std::int64_t first, std::int64_t last, const std::vector<Side>& from,
                const std::vector<Side>& to, std::size_t item) {
  std::int64_t box_begin = 0;
  for (std::size_t b = 0; b < boxes.size() && box_begin < last; ++b) {
    const std::int64_t box_end = box_begin + boxes[b].elements();
    const std::int64_t lo = std::max(first, box_begin), hi = std::min(last, box_end);
    if (lo < hi) {
      // Linear sides start where this box's part of the range starts.
      Side f = from[b], t = to[b];
      if (f.linear) f.base += (lo - first) * static_cast<std::int64_t>(item);
      if (t.linear) t.base += (lo - first) * static_cast<std::int64_t>(item);
      copy_box(boxes[b], lo - box_begin, hi - box_begin, f, t, item);
    }
    box_begin = box_end;
  }
}

/// Copies message positions [first, last) of a message, box after box.
void copy_message(const Message& message, std::int64_t first, std::int64_t last, const std::vector<Side>& from,
                  const std::vector<Side>& to, std::size_t item) {
  copy_boxes(message.boxes, first, last, from, to, item);
}

/// Bytes of the target one step of an interleaved unpack writes (see Transfer::unpack_with_self): about
/// half of a core's L2 cache, so that a line written by several copies of a step is still there for the
/// next one.
constexpr std::int64_t kInterleaveBytes = std::int64_t{1} << 18;

/// The boxes' shares of message positions [first, last), each addressed through side_of(box).
template <class SideOf>
std::vector<SlicePart> slice_parts(const Message& message, std::int64_t first, std::int64_t last, SideOf&& side_of) {
  std::vector<SlicePart> parts;
  std::int64_t box_begin = 0;
  for (const Box& box : message.boxes) {
    const std::int64_t box_end = box_begin + box.elements();
    const std::int64_t lo = std::max(first, box_begin), hi = std::min(last, box_end);
    if (lo < hi) parts.push_back(SlicePart{&box, side_of(box), lo - box_begin, hi - box_begin});
    if (box_end >= last) break;
    box_begin = box_end;
  }
  return parts;
}

/// The most runs and rows the datatypes of one exchange list one by one (MPI keeps a few tens of bytes for
/// each); parts beyond it are packed.
constexpr std::size_t kDatatypeEntries = std::size_t{1} << 16;

/// The most bytes one part of a message carries (one point-to-point message): small enough that a part
/// received into a ring slot is still in cache when it is unpacked (the rings of both ranks of a node and
/// the data streaming past them stay within a last-level cache), large enough that a message's overhead
/// does not count.
constexpr std::int64_t kPartBytes = std::int64_t{1} << 20;
/// Slots of a ring: receives in flight per peer (the one being unpacked and the next), and packed sends
/// in flight per peer (the slack a sender has before it waits for its peer to take its parts).
constexpr std::int64_t kReceiveWindow = 2, kSendWindow = 4;

/// The index of an element size in Transfer::piece_rounds_ (1, 2, 4, 8, 16 bytes).
std::size_t item_index(std::size_t item) {
  return item <= 1 ? 0 : item <= 2 ? 1 : item <= 4 ? 2 : item <= 8 ? 3 : 4;
}

}  // namespace

Transfer::Transfer(const Comm& comm, std::vector<int> source_axis_of, std::vector<int> broadcast_axes,
                   std::vector<Message> sends, std::vector<Message> receives, std::vector<Box> self,
                   const PlanOptions& options, ViewShapes shapes)
    : comm_(comm),
      source_axis_of_(std::move(source_axis_of)),
      broadcast_axes_(std::move(broadcast_axes)),
      sends_(std::move(sends)),
      receives_(std::move(receives)),
      self_(std::move(self)),
      chunk_bytes_(options.chunk_bytes),
      datatype_min_run_bytes_(options.datatype_min_run_bytes),
      shapes_(std::move(shapes)) {
  record_plan_build();  // RedistributionPlan and HaloPlan are built here (profile log)
  // Agree on the largest message, the most peers, and whether every message everywhere has pieces.
  bool pieces = chunk_bytes_ != 0;
  // {largest message, most peers, some message without pieces, -chunk}: one MPI_MAX agrees on all (the
  // chunk is the smallest any rank gave, so that every rank cuts messages into parts alike).
  std::int64_t agreed[4] = {0, static_cast<std::int64_t>(std::max(sends_.size(), receives_.size())), 0,
                            -static_cast<std::int64_t>(std::min<std::size_t>(chunk_bytes_, INT64_MAX))};
  for (const auto* list : {&sends_, &receives_}) {
    for (const Message& message : *list) {
      agreed[0] = std::max(agreed[0], message.elements);
      pieces = pieces && !message.piece_ends.empty();
      message_elements_ += message.elements;
    }
  }
  for (const Box& box : self_) self_elements_ += box.elements();
  agreed[2] = pieces ? 0 : 1;
  GINGHAM_MPI(MPI_Allreduce(MPI_IN_PLACE, agreed, 4, MPI_INT64_T, MPI_MAX, comm_.get()));
  max_message_elements_ = agreed[0], max_peers_ = agreed[1];
  chunk_bytes_ = static_cast<std::size_t>(-agreed[3]);
  by_pieces_ = agreed[2] == 0 && max_peers_ > 0 && chunk_bytes_ != 0;
  if (by_pieces_) {  // the parts of the longest stream by pieces, for each element size (statistics)
    for (std::size_t i = 0; i < kItemSizes; ++i) {
      for (const auto* list : {&sends_, &receives_}) {
        for (const Message& message : *list) {
          piece_rounds_[i] = std::max<std::int64_t>(piece_rounds_[i], parts(message, std::size_t{1} << i).size());
        }
      }
    }
    GINGHAM_MPI(MPI_Allreduce(MPI_IN_PLACE, piece_rounds_.data(), kItemSizes, MPI_INT64_T, MPI_MAX, comm_.get()));
  }

  std::vector<int> sources, destinations;
  for (const Message& message : receives_) sources.push_back(message.peer);
  for (const Message& message : sends_) destinations.push_back(message.peer);
  MPI_Comm graph = MPI_COMM_NULL;
  GINGHAM_MPI(MPI_Dist_graph_create_adjacent(comm_.get(), static_cast<int>(sources.size()), sources.data(), MPI_UNWEIGHTED,
                                             static_cast<int>(destinations.size()), destinations.data(), MPI_UNWEIGHTED,
                                             MPI_INFO_NULL, /*reorder=*/0, &graph));
  neighbours_ = Comm::take_ownership(graph);
}

Transfer::~Transfer() {
  if (in_progress() && mpi_is_active() && exchange_) {
    Flow& flow = exchange_->flow;
    MPI_Waitall(static_cast<int>(flow.slot_requests.size()), flow.slot_requests.data(), MPI_STATUSES_IGNORE);
    MPI_Waitall(static_cast<int>(flow.direct_requests.size()), flow.direct_requests.data(), MPI_STATUSES_IGNORE);
  }
}

std::int64_t Transfer::part_elements(std::size_t item_size) const {
  const std::int64_t item = static_cast<std::int64_t>(item_size);
  std::int64_t bytes = kPartBytes;
  // Send and receive rings each get half the chunk, shared by up to max_peers_ peers; a receive ring
  // has kReceiveWindow slots.
  if (chunk_bytes_ != 0 && max_peers_ > 0) bytes = std::min(bytes, static_cast<std::int64_t>(chunk_bytes_ / 2) / max_peers_ / kReceiveWindow);
  return std::max<std::int64_t>(1, bytes / item);
}

std::int64_t Transfer::window(std::int64_t most, std::size_t item_size) const {
  if (chunk_bytes_ == 0 || max_peers_ == 0) return INT64_MAX;  // no bound: every part at once
  const std::int64_t per_peer = static_cast<std::int64_t>(chunk_bytes_ / 2) / max_peers_;
  return std::clamp<std::int64_t>(per_peer / (part_elements(item_size) * static_cast<std::int64_t>(item_size)), 1, most);
}

std::vector<std::pair<std::int64_t, std::int64_t>> Transfer::parts(const Message& message, std::size_t item_size) const {
  // Part-sized pieces of the message, or of each of its pieces (contiguous on both sides).
  const std::int64_t size = part_elements(item_size);
  const std::vector<std::int64_t> whole{message.elements};
  std::vector<std::pair<std::int64_t, std::int64_t>> list;
  std::int64_t begin = 0;
  for (std::int64_t end : by_pieces_ ? message.piece_ends : whole) {
    for (std::int64_t first = begin; first < end; first += size) list.emplace_back(first, std::min(end, first + size));
    begin = end;
  }
  return list;
}

std::int64_t Transfer::rounds(std::size_t item_size) const {
  if (max_message_elements_ == 0) return 0;
  if (by_pieces_) return piece_rounds_[item_index(item_size)];
  const std::int64_t size = part_elements(item_size);
  return (max_message_elements_ + size - 1) / size;
}

std::string Transfer::view_problem(const RawView& source, const RawView& target) const {
  auto mismatch = [](const char* side, const std::optional<std::vector<std::int64_t>>& expected, const RawView& view) {
    if (expected ? view.shape == *expected : (view.data == nullptr || view.size() == 0)) return std::string();
    return std::string("gingham: the ") + side + " view has shape " + format_shape(view.shape) + ", the plan expects " +
           (expected ? format_shape(*expected) : std::string("an empty view (this rank holds no shard)"));
  };
  const std::size_t item = source.item_size;
  if (item != target.item_size || (item != 1 && item != 2 && item != 4 && item != 8 && item != 16)) {
    return "gingham: expected source and target elements of one size of 1, 2, 4, 8 or 16 bytes, got " +
           std::to_string(source.item_size) + " and " + std::to_string(target.item_size);
  }
  if (std::string problem = mismatch("source", shapes_.source, source); !problem.empty()) return problem;
  return mismatch("target", shapes_.target, target);
}

bool Transfer::prepared_for(const RawView& source, const RawView& target, bool combined) const noexcept {
  return exchange_ && exchange_->item == source.item_size && exchange_->source_strides == source.strides &&
         exchange_->target_strides == target.strides && exchange_->combined == combined;
}

Transfer::Exchange& Transfer::exchange_for(const RawView& source, const RawView& target, ViewCheck check,
                                           bool combined) const {
  const bool current = prepared_for(source, target, combined);
  std::optional<CapturedError> error;
  if (std::string problem = view_problem(source, target); !problem.empty()) {
    if (check == ViewCheck::local) throw std::logic_error(problem + " (gingham internal error)");
    error = CapturedError{ErrorKind::value, problem};
  }
  if (!error && !current) {
    try {
      exchange_.reset();  // returns the old buffers to the pool first
      exchange_ = prepare(source, target, combined);
    } catch (...) {
      error = capture_current_exception();
    }
  }
  // Agreement: always with ViewCheck::agreed (one MPI_Allreduce); with ViewCheck::local only when the
  // exchange was rebuilt, which happens on every rank together (their views change together).
  if (check == ViewCheck::agreed || !current) raise_if_any_rank_failed(comm_, error);
  return *exchange_;
}

Transfer::Exchange Transfer::prepare(const RawView& source, const RawView& target, bool combined) const {
  Exchange exchange;
  exchange.item = source.item_size;
  exchange.combined = combined;
  exchange.source_strides = source.strides, exchange.target_strides = target.strides;
  const std::int64_t item = static_cast<std::int64_t>(exchange.item);
  // Per message: its parts, which of them lie contiguous in the shard, which others a datatype
  // addresses there, and a ring of slots for those not contiguous.
  std::size_t datatype_entries_left = kDatatypeEntries;
  // Combined executions receive every part into a buffer: the combine, not MPI, puts the values in place.
  auto plan = [&](const std::vector<Message>& messages, auto side_of, std::vector<Stream>& streams, std::int64_t most,
                  bool buffered) {
    std::size_t bytes = 0;
    for (const Message& message : messages) {
      Stream& stream = streams.emplace_back();
      stream.parts = parts(message, exchange.item);
      std::int64_t largest = 0, packed = 0;
      for (const auto& [first, last] : stream.parts) {
        stream.in_place.push_back(message.boxes.size() == 1 && !buffered
                                      ? contiguous_range(message.boxes[0], first, last, side_of(message.boxes[0]))
                                      : std::nullopt);
        stream.datatypes.emplace_back();
        if (stream.in_place.back()) continue;
        largest = std::max(largest, last - first), ++packed;  // packed when the tuner says so
        if (datatype_min_run_bytes_ == SIZE_MAX || buffered) continue;
        if (auto type = slice_datatype(slice_parts(message, first, last, side_of), exchange.item, datatype_min_run_bytes_,
                                       datatype_entries_left)) {
          stream.datatypes.back() = std::move(*type);
          exchange.has_datatypes = true;
        }
      }
      stream.slots = std::min(window(most, exchange.item), packed), stream.slot_bytes = largest * item;
      stream.buffer_offset = bytes;
      bytes += static_cast<std::size_t>(stream.slots * stream.slot_bytes);
    }
    return bytes;
  };
  const std::size_t send_bytes = plan(sends_, [&](const Box& box) { return source_side(source, box, source_axis_of_); },
                                      exchange.sends, kSendWindow, false);
  const std::size_t receive_bytes = plan(receives_, [&](const Box&) { return target_side(target, nullptr); },
                                         exchange.receives, kReceiveWindow, combined);
  if (send_bytes > 0) exchange.send_buffer = borrow_buffer(send_bytes);
  if (receive_bytes > 0) exchange.receive_buffer = borrow_buffer(receive_bytes);
  return exchange;
}

void Transfer::start_flow(Exchange& exchange, bool datatypes) const {
  Flow& flow = exchange.flow;
  flow.datatypes = datatypes;
  flow.send_next.assign(sends_.size(), 0), flow.receive_next.assign(receives_.size(), 0);
  auto free_slots = [](const std::vector<Stream>& streams, std::vector<std::vector<std::int64_t>>& free) {
    free.assign(streams.size(), {});
    for (std::size_t i = 0; i < streams.size(); ++i) {
      for (std::int64_t slot = streams[i].slots - 1; slot >= 0; --slot) free[i].push_back(slot);
    }
  };
  free_slots(exchange.sends, flow.send_free), free_slots(exchange.receives, flow.receive_free);
  flow.slot_requests.clear(), flow.direct_requests.clear(), flow.slot_pending.clear();
  flow.sent_bytes = flow.sent_messages = 0;
  flow.buffered_receive_elements = flow.unpacked_elements = 0;
  flow.combine = nullptr;
  for (const Stream& stream : exchange.receives) {
    for (std::size_t j = 0; j < stream.parts.size(); ++j) {
      const bool direct = stream.in_place[j] || (datatypes && stream.datatypes[j].get() != MPI_DATATYPE_NULL);
      if (!direct) flow.buffered_receive_elements += stream.parts[j].second - stream.parts[j].first;
    }
  }
}

void Transfer::post_ready(Exchange& exchange, const RawView& source, const RawView& target) const {
  Flow& flow = exchange.flow;
  const std::int64_t item = static_cast<std::int64_t>(exchange.item);
  for (int send = 1; send >= 0; --send) {
    const std::vector<Message>& messages = send ? sends_ : receives_;
    std::vector<Stream>& streams = send ? exchange.sends : exchange.receives;
    std::vector<std::size_t>& next = send ? flow.send_next : flow.receive_next;
    std::vector<std::vector<std::int64_t>>& free = send ? flow.send_free : flow.receive_free;
    const RawView& view = send ? source : target;
    std::byte* buffer = send ? exchange.send_buffer.get() : exchange.receive_buffer.get();
    for (std::size_t i = 0; i < streams.size(); ++i) {
      const Message& message = messages[i];
      const Stream& stream = streams[i];
      for (std::size_t& j = next[i]; j < stream.parts.size(); ++j) {
        const auto [first, last] = stream.parts[j];
        const MPI_Datatype type = flow.datatypes ? stream.datatypes[j].get() : MPI_DATATYPE_NULL;
        void* address = nullptr;
        int count = 1;
        MPI_Datatype sent_as = type;
        std::int64_t slot = -1;
        if (stream.in_place[j]) {
          address = view.data + *stream.in_place[j] * item, count = static_cast<int>((last - first) * item), sent_as = MPI_BYTE;
        } else if (type != MPI_DATATYPE_NULL) {
          address = view.data;  // the datatype's displacements are from the shard's base
        } else {
          if (free[i].empty()) break;  // waits for a slot of its ring
          slot = free[i].back();
          free[i].pop_back();
          std::byte* at = buffer + stream.buffer_offset + slot * stream.slot_bytes;
          if (send) {
            std::vector<Side> from_sides, to_sides;
            for (const Box& box : message.boxes) {
              from_sides.push_back(source_side(source, box, source_axis_of_));
              to_sides.push_back(buffer_side(at));
            }
            copy_message(message, first, last, from_sides, to_sides, exchange.item);
          }
          address = at, count = static_cast<int>((last - first) * item), sent_as = MPI_BYTE;
        }
        MPI_Request request = MPI_REQUEST_NULL;
        if (send) {
          GINGHAM_MPI(MPI_Isend(address, count, sent_as, message.peer, 0, neighbours_.get(), &request));
          flow.sent_bytes += (last - first) * item, ++flow.sent_messages;
        } else {
          GINGHAM_MPI(MPI_Irecv(address, count, sent_as, message.peer, 0, neighbours_.get(), &request));
        }
        if (slot < 0) {
          flow.direct_requests.push_back(request);
        } else {
          flow.slot_requests.push_back(request);
          flow.slot_pending.push_back({send == 1, i, j, slot});
        }
      }
    }
  }
}

void Transfer::finish(Exchange& exchange, const Flow::Pending& pending, const RawView& source, const RawView& target,
                      std::int64_t& self_done) const {
  Flow& flow = exchange.flow;
  if (pending.send) {
    flow.send_free[pending.stream].push_back(pending.slot);
    return;
  }
  const auto [first, last] = exchange.receives[pending.stream].parts[pending.part];
  flow.unpacked_elements += last - first;
  // This rank's own elements in proportion to the buffered elements unpacked (all of them with the last).
  const std::int64_t self_end =
      flow.unpacked_elements >= flow.buffered_receive_elements
          ? self_elements_
          : std::min(self_elements_, static_cast<std::int64_t>(double(self_elements_) * double(flow.unpacked_elements) /
                                                               double(flow.buffered_receive_elements)));
  unpack_with_self(exchange, pending.stream, pending.part, pending.slot, source, target, self_done, std::max(self_done, self_end));
  self_done = std::max(self_done, self_end);
  flow.receive_free[pending.stream].push_back(pending.slot);
}

void Transfer::copy_self(const RawView& source, const RawView& target, std::int64_t first, std::int64_t last,
                         const TargetCombine* combine) const {
  if (first >= last) return;
  std::vector<Side> from, to;
  for (const Box& box : self_) {
    from.push_back(source_side(source, box, source_axis_of_)), to.push_back(target_side(target, combine));
  }
  copy_boxes(self_, first, last, from, to, source.item_size);
}

void Transfer::unpack_with_self(Exchange& exchange, std::size_t stream, std::size_t part, std::int64_t slot,
                                const RawView& source, const RawView& target, std::int64_t self_first,
                                std::int64_t self_last) const {
  const Stream& s = exchange.receives[stream];
  const Message& message = receives_[stream];
  const auto [first, last] = s.parts[part];
  const std::int64_t item = static_cast<std::int64_t>(exchange.item);
  // Steps: step k copies the k-th of `steps` equal parts of the self share and of the unpacked part.
  const std::int64_t steps = std::max<std::int64_t>(1, (self_last - self_first + last - first) * item / kInterleaveBytes);
  auto share = [&](std::int64_t a, std::int64_t b, std::int64_t k) { return a + (b - a) * k / steps; };
  std::byte* buffer = exchange.receive_buffer.get() + s.buffer_offset + slot * s.slot_bytes;
  const TargetCombine* combine = exchange.flow.combine;
  std::vector<Side> self_from, self_to, from(message.boxes.size(), buffer_side(buffer)),
      to(message.boxes.size(), target_side(target, combine));
  if (self_first < self_last) {
    for (const Box& box : self_) {
      self_from.push_back(source_side(source, box, source_axis_of_)), self_to.push_back(target_side(target, combine));
    }
  }
  for (std::int64_t k = 0; k < steps; ++k) {
    copy_boxes(self_, share(self_first, self_last, k), share(self_first, self_last, k + 1), self_from, self_to, exchange.item);
    const std::int64_t lo = share(first, last, k), hi = share(first, last, k + 1);
    if (lo >= hi) continue;
    for (Side& side : from) side.base = buffer + (lo - first) * item;
    copy_boxes(message.boxes, lo, hi, from, to, exchange.item);
  }
}

void Transfer::fill_broadcast_axes(const RawView& target) const {
  // Copy position 0 along each broadcast axis to the other positions, hyperplane by hyperplane.
  if (!shapes_.target) return;  // this rank holds no target shard
  const std::int64_t item = static_cast<std::int64_t>(target.item_size);
  const int ndim = static_cast<int>(target.shape.size());
  for (int axis : broadcast_axes_) {
    if (target.shape[axis] <= 1 || target.size() == 0) continue;
    std::vector<std::int64_t> index(ndim, 0);
    const int inner = ndim - 1 == axis ? ndim - 2 : ndim - 1;  // the axis the copy loop runs along
    const std::int64_t run = inner >= 0 ? target.shape[inner] : 1;
    const std::int64_t run_stride = inner >= 0 ? target.strides[inner] : 0;
    while (true) {
      std::int64_t offset = 0;
      for (int k = 0; k < ndim; ++k) offset += index[k] * target.strides[k];
      for (std::int64_t t = 1; t < target.shape[axis]; ++t) {
        strided_copy(target.data + (offset + t * target.strides[axis]) * item, run_stride, target.data + offset * item,
                     run_stride, run, target.item_size);
      }
      int k = ndim - 1;
      for (; k >= 0; --k) {
        if (k == axis || k == inner) continue;
        if (++index[k] < target.shape[k]) break;
        index[k] = 0;
      }
      if (k < 0) break;
    }
  }
}

void Transfer::execute(const RawView& source, const RawView& target, ViewCheck check) const {
  run(source, target, check, nullptr);
}

void Transfer::execute_combined(const RawView& source, const RawView& target, const TargetCombine& combine) const {
  if (!broadcast_axes_.empty()) throw std::logic_error("gingham: a plan with broadcast axes cannot combine (see can_combine)");
  run(source, target, ViewCheck::local, &combine);
}

void Transfer::run(const RawView& source, const RawView& target, ViewCheck check, const TargetCombine* combine) const {
  if (in_progress()) throw std::logic_error("gingham: this exchange was begun and not ended");
  Exchange& exchange = exchange_for(source, target, check, combine != nullptr);
  const bool datatypes = exchange.has_datatypes && tuner_.use_datatypes();
  const double start = MPI_Wtime();
  start_flow(exchange, datatypes);
  exchange.flow.combine = combine;
  Running run{this, &exchange, source, target};
  run_flows(std::span<Running>(&run, 1));
  if (exchange.has_datatypes && !combine) {  // (a combined execution's time includes the combine's work)
    tuner_.record(MPI_Wtime() - start, message_elements_ * static_cast<std::int64_t>(source.item_size));
    ++executions_by_mechanism_[datatypes ? 1 : 0];
  }
  fill_broadcast_axes(target);
}

void Transfer::execute_together(std::span<const Execution> executions) {
  for (std::size_t e = 0; e < executions.size(); ++e) {
    if (executions[e].transfer->in_progress()) throw std::logic_error("gingham: this exchange was begun and not ended");
    for (std::size_t f = 0; f < e; ++f) {
      if (executions[f].transfer == executions[e].transfer) {  // one cached exchange per transfer: one after another
        for (const Execution& one : executions) one.transfer->execute(one.source, one.target, ViewCheck::local);
        return;
      }
    }
  }
  std::vector<Running> runs;
  for (const Execution& execution : executions) {  // all prepared first, in one order on every rank (preparing may agree)
    Exchange& exchange = execution.transfer->exchange_for(execution.source, execution.target, ViewCheck::local, false);
    execution.transfer->start_flow(exchange, /*datatypes=*/false);  // packed: executions together are not timed
    runs.push_back({execution.transfer, &exchange, execution.source, execution.target});
  }
  run_flows(runs);
  for (const Execution& execution : executions) execution.transfer->fill_broadcast_axes(execution.target);
}

void Transfer::run_flows(std::span<Running> runs) {
  // Every run's parts that find a slot are posted, then the runs' slot requests are waited for as one list
  // (finished ones handled by their run), until every part is posted and every slot free. A run's own
  // elements go in step with its unpacking, or, when it unpacks nothing, piece by piece while messages
  // travel (testing for progress between pieces).
  std::vector<MPI_Request> requests;
  std::vector<std::pair<std::size_t, std::size_t>> owners;  // per request: (run, index in its flow)
  std::vector<int> indices;
  auto self_piece = [](const Running& run) {
    return std::max<std::int64_t>(1, kPartBytes / static_cast<std::int64_t>(run.source.item_size));
  };
  auto copy_self_piece = [&](Running& run) {
    const std::int64_t last = std::min(run.transfer->self_elements_, run.self_done + self_piece(run));
    run.transfer->copy_self(run.source, run.target, run.self_done, last, run.exchange->flow.combine);
    run.self_done = last;
  };
  while (true) {
    requests.clear(), owners.clear();
    for (std::size_t r = 0; r < runs.size(); ++r) {
      runs[r].transfer->post_ready(*runs[r].exchange, runs[r].source, runs[r].target);
      const std::vector<MPI_Request>& waiting = runs[r].exchange->flow.slot_requests;
      for (std::size_t k = 0; k < waiting.size(); ++k) requests.push_back(waiting[k]), owners.emplace_back(r, k);
    }
    if (requests.empty()) break;  // every part posted, and every slot free
    Running* copying = nullptr;   // a run with own elements left and nothing to unpack them in step with
    for (Running& run : runs) {
      if (!copying && run.exchange->flow.buffered_receive_elements == 0 && run.self_done < run.transfer->self_elements_) copying = &run;
    }
    int done = 0;
    indices.resize(requests.size());
    if (copying) {
      GINGHAM_MPI(MPI_Testsome(static_cast<int>(requests.size()), requests.data(), &done, indices.data(), MPI_STATUSES_IGNORE));
      if (done == 0) {
        copy_self_piece(*copying);
        continue;
      }
    } else {
      GINGHAM_MPI(MPI_Waitsome(static_cast<int>(requests.size()), requests.data(), &done, indices.data(), MPI_STATUSES_IGNORE));
    }
    for (int d = 0; d < done; ++d) {
      const auto [r, k] = owners[indices[d]];
      Running& run = runs[r];
      Flow& flow = run.exchange->flow;
      run.transfer->finish(*run.exchange, flow.slot_pending[k], run.source, run.target, run.self_done);
      flow.slot_requests[k] = MPI_REQUEST_NULL;  // (MPI freed it in `requests`)
    }
    // Drop the finished requests, keeping the order of the others.
    for (Running& run : runs) {
      Flow& flow = run.exchange->flow;
      std::size_t kept = 0;
      for (std::size_t q = 0; q < flow.slot_requests.size(); ++q) {
        if (flow.slot_requests[q] == MPI_REQUEST_NULL) continue;
        flow.slot_requests[kept] = flow.slot_requests[q], flow.slot_pending[kept] = flow.slot_pending[q], ++kept;
      }
      flow.slot_requests.resize(kept), flow.slot_pending.resize(kept);
    }
  }
  // The rest of the runs' own elements while the parts moved in place finish (a test per piece keeps MPI
  // progressing them), then those parts.
  std::vector<MPI_Request> direct;
  for (Running& run : runs) {
    std::vector<MPI_Request>& own = run.exchange->flow.direct_requests;
    direct.insert(direct.end(), own.begin(), own.end());
    own.clear();
  }
  std::size_t tested = 0;
  for (Running& run : runs) {
    while (run.self_done < run.transfer->self_elements_) {
      copy_self_piece(run);
      int finished = 1;
      while (tested < direct.size() && finished) {
        GINGHAM_MPI(MPI_Test(&direct[tested], &finished, MPI_STATUS_IGNORE));
        tested += finished;
      }
    }
  }
  GINGHAM_MPI(MPI_Waitall(static_cast<int>(direct.size()), direct.data(), MPI_STATUSES_IGNORE));
  stream_fence();  // the targets' non-temporal stores, before anyone reads them
  for (const Running& run : runs) record_transfer(run.exchange->flow.sent_bytes, run.exchange->flow.sent_messages);
}

void Transfer::begin(const RawView& source, const RawView& target, ViewCheck check) {
  if (chunk_bytes_ != 0) throw std::logic_error("gingham: a split-phase exchange needs a plan with no chunk");
  if (in_progress()) throw std::logic_error("gingham: this exchange was begun and not ended");
  Exchange& exchange = exchange_for(source, target, check, false);
  start_flow(exchange, /*datatypes=*/false);  // packed: split-phase executions are not timed
  post_ready(exchange, source, target);       // every part: the rings hold whole messages
  begun_ = true;
  copy_self(source, target, 0, self_elements_, nullptr);  // while the messages travel
}

void Transfer::end(const RawView& target) {
  if (!in_progress()) throw std::logic_error("gingham: no exchange was begun");
  begun_ = false;
  Flow& flow = exchange_->flow;
  GINGHAM_MPI(MPI_Waitall(static_cast<int>(flow.slot_requests.size()), flow.slot_requests.data(), MPI_STATUSES_IGNORE));
  GINGHAM_MPI(MPI_Waitall(static_cast<int>(flow.direct_requests.size()), flow.direct_requests.data(), MPI_STATUSES_IGNORE));
  std::int64_t self_done = self_elements_;  // copied by begin()
  const RawView no_source{};
  for (const Flow::Pending& pending : flow.slot_pending) finish(*exchange_, pending, no_source, target, self_done);
  flow.slot_requests.clear(), flow.slot_pending.clear(), flow.direct_requests.clear();
  stream_fence();
  record_transfer(flow.sent_bytes, flow.sent_messages);
  fill_broadcast_axes(target);
}

PlanStatistics Transfer::statistics(std::size_t item_size) const {
  PlanStatistics stats;
  stats.send_messages = static_cast<int>(sends_.size());
  stats.receive_messages = static_cast<int>(receives_.size());
  std::size_t metadata = sizeof(*this);
  auto count = [&](const std::vector<Box>& boxes) {
    for (const Box& box : boxes) {
      for (const AxisRuns& axis : box.axes) metadata += axis.metadata_bytes() + sizeof(AxisRuns);
    }
  };
  for (const Message& message : sends_) stats.send_elements += message.elements, count(message.boxes);
  for (const Message& message : receives_) stats.receive_elements += message.elements, count(message.boxes);
  for (const Box& box : self_) stats.self_elements += box.elements();
  count(self_);
  stats.rounds = rounds(item_size);
  stats.moves_by_pieces = by_pieces_;
  if (stats.rounds > 0) {  // the most an execution buffers: every part packed, every ring full
    for (int send = 1; send >= 0; --send) {
      for (const Message& message : send ? sends_ : receives_) {
        const auto list = parts(message, item_size);
        std::int64_t largest = 0;
        for (const auto& [first, last] : list) largest = std::max(largest, last - first);
        const std::int64_t slots = std::min<std::int64_t>(window(send ? kSendWindow : kReceiveWindow, item_size), list.size());
        stats.buffer_bytes += static_cast<std::size_t>(slots * largest) * item_size;
      }
    }
  }
  stats.metadata_bytes = metadata;
  stats.packed_executions = executions_by_mechanism_[0], stats.datatype_executions = executions_by_mechanism_[1];
  return stats;
}

}  // namespace gingham::detail
