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

Side target_side(const RawView& view) { return Side{view.data, view.strides, 0, false, false}; }

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
    strided_copy(to.base + (to.linear ? 0 : to.offset) * isize, 1, from.base + (from.linear ? 0 : from.offset) * isize, 1, 1, item);
    return;
  }
  const AxisRuns& inner = box.axes[ndim - 1];
  const std::int64_t width = inner.elements();
  const std::int64_t from_inner = from.linear ? 0 : from.stride[ndim - 1];
  const std::int64_t to_inner = to.linear ? 0 : to.stride[ndim - 1];
  const Segment head = inner.at(0);
  const bool tiled = ndim >= 2 && ((!from.linear && head.count > 1 && std::abs(head.src_stride * from_inner) != 1) ||
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
        std::byte* target = to.base + (to.linear ? linear : to_offset + s.dst * to_inner) * isize;
        strided_copy(target, to.linear ? 1 : s.dst_stride * to_inner, source, from.linear ? 1 : s.src_stride * from_inner,
                     s.count, item);
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

MPI_Aint address_of(const std::byte* pointer) {
  MPI_Aint address = 0;
  GINGHAM_MPI(MPI_Get_address(pointer, &address));
  return address;
}

/// The most runs and rows the datatypes of one exchange list one by one (MPI keeps a few tens of bytes for
/// each); slices beyond it are packed.
constexpr std::size_t kDatatypeEntries = std::size_t{1} << 16;

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
  // chunk is the smallest any rank gave, so that every rank slices alike).
  std::int64_t agreed[4] = {0, static_cast<std::int64_t>(std::max(sends_.size(), receives_.size())), 0,
                            -static_cast<std::int64_t>(std::min<std::size_t>(chunk_bytes_, INT64_MAX))};
  for (const auto* list : {&sends_, &receives_}) {
    for (const Message& message : *list) {
      agreed[0] = std::max(agreed[0], message.elements);
      pieces = pieces && !message.piece_ends.empty();
      message_elements_ += message.elements;
    }
  }
  agreed[2] = pieces ? 0 : 1;
  GINGHAM_MPI(MPI_Allreduce(MPI_IN_PLACE, agreed, 4, MPI_INT64_T, MPI_MAX, comm_.get()));
  max_message_elements_ = agreed[0], max_peers_ = agreed[1];
  chunk_bytes_ = static_cast<std::size_t>(-agreed[3]);
  by_pieces_ = agreed[2] == 0 && max_peers_ > 0 && chunk_bytes_ != 0;
  if (by_pieces_) {  // the rounds by pieces, for each element size
    for (std::size_t i = 0; i < kItemSizes; ++i) {
      for (const auto* list : {&sends_, &receives_}) {
        for (const Message& message : *list) {
          piece_rounds_[i] = std::max<std::int64_t>(piece_rounds_[i], slices(message, std::size_t{1} << i).size());
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
  if (in_progress() && mpi_is_active()) MPI_Wait(&request_, MPI_STATUS_IGNORE);
}

std::int64_t Transfer::elements_per_round(std::size_t item_size) const {
  const std::int64_t item = static_cast<std::int64_t>(item_size);
  if (max_peers_ == 0) return 1;
  if (chunk_bytes_ == 0) {
    if (max_message_elements_ * item > INT_MAX) {
      throw NotImplementedError("gingham: a one-round exchange of " + std::to_string(max_message_elements_ * item) +
                                " bytes per peer exceeds 2^31 bytes; give the plan a chunk size");
    }
    return std::max<std::int64_t>(1, max_message_elements_);
  }
  // Send and receive buffers each get half the chunk, shared by up to max_peers_ peers; one message
  // slice stays below 2^31 bytes, as MPI's int counts need.
  const std::int64_t half = std::min<std::int64_t>(static_cast<std::int64_t>(chunk_bytes_ / 2), INT_MAX);
  return std::max<std::int64_t>(1, half / max_peers_ / item);
}

std::vector<std::pair<std::int64_t, std::int64_t>> Transfer::slices(const Message& message, std::size_t item_size) const {
  // Budget-sized slices, or each piece (split into budget-sized parts if larger than the budget).
  const std::int64_t budget = elements_per_round(item_size);
  const std::vector<std::int64_t> whole{message.elements};
  std::vector<std::pair<std::int64_t, std::int64_t>> list;
  std::int64_t begin = 0;
  for (std::int64_t end : by_pieces_ ? message.piece_ends : whole) {
    for (std::int64_t first = begin; first < end; first += budget) list.emplace_back(first, std::min(end, first + budget));
    begin = end;
  }
  return list;
}

std::int64_t Transfer::rounds(std::size_t item_size) const {
  if (max_message_elements_ == 0) return 0;
  if (by_pieces_) return piece_rounds_[item_index(item_size)];
  const std::int64_t budget = elements_per_round(item_size);
  return (max_message_elements_ + budget - 1) / budget;
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

bool Transfer::prepared_for(const RawView& source, const RawView& target) const noexcept {
  return exchange_ && exchange_->item == source.item_size && exchange_->source_strides == source.strides &&
         exchange_->target_strides == target.strides;
}

Transfer::Exchange& Transfer::exchange_for(const RawView& source, const RawView& target, ViewCheck check) const {
  const bool current = prepared_for(source, target);
  std::optional<CapturedError> error;
  if (std::string problem = view_problem(source, target); !problem.empty()) {
    if (check == ViewCheck::local) throw std::logic_error(problem + " (gingham internal error)");
    error = CapturedError{ErrorKind::value, problem};
  }
  if (!error && !current) {
    try {
      exchange_.reset();  // returns the old buffers to the pool first
      exchange_ = prepare(source, target);
    } catch (...) {
      error = capture_current_exception();
    }
  }
  // Agreement: always with ViewCheck::agreed (one MPI_Allreduce); with ViewCheck::local only when the
  // exchange was rebuilt, which happens on every rank together (their views change together).
  if (check == ViewCheck::agreed || !current) raise_if_any_rank_failed(comm_, error);
  return *exchange_;
}

Transfer::Exchange Transfer::prepare(const RawView& source, const RawView& target) const {
  Exchange exchange;
  exchange.item = source.item_size;
  exchange.source_strides = source.strides, exchange.target_strides = target.strides;
  // Per message: its slices, which of them lie contiguous in the shard, which others a datatype
  // addresses there, and buffer room for the largest of those not contiguous.
  std::size_t datatype_entries_left = kDatatypeEntries;
  auto plan = [&](const std::vector<Message>& messages, auto side_of, auto& slices_of, auto& in_place, auto& datatypes,
                  auto& offsets) {
    std::size_t bytes = 0;
    for (const Message& message : messages) {
      slices_of.push_back(slices(message, exchange.item));
      in_place.emplace_back();
      datatypes.emplace_back();
      offsets.push_back(bytes);
      std::int64_t largest = 0;
      for (const auto& [first, last] : slices_of.back()) {
        in_place.back().push_back(message.boxes.size() == 1 ? contiguous_range(message.boxes[0], first, last, side_of(message.boxes[0]))
                                                            : std::nullopt);
        datatypes.back().emplace_back();
        if (in_place.back().back()) continue;
        largest = std::max(largest, last - first);  // packed when the tuner says so
        if (datatype_min_run_bytes_ == SIZE_MAX) continue;
        if (auto type = slice_datatype(slice_parts(message, first, last, side_of), exchange.item, datatype_min_run_bytes_,
                                       datatype_entries_left)) {
          datatypes.back().back() = std::move(*type);
          exchange.has_datatypes = true;
        }
      }
      bytes += static_cast<std::size_t>(largest) * exchange.item;
    }
    return bytes;
  };
  const std::size_t send_bytes = plan(sends_, [&](const Box& box) { return source_side(source, box, source_axis_of_); },
                                      exchange.send_slices, exchange.send_in_place, exchange.send_datatypes, exchange.send_offset);
  const std::size_t receive_bytes = plan(receives_, [&](const Box&) { return target_side(target); }, exchange.receive_slices,
                                         exchange.receive_in_place, exchange.receive_datatypes, exchange.receive_offset);
  if (send_bytes > 0) exchange.send_buffer = borrow_buffer(send_bytes);
  if (receive_bytes > 0) exchange.receive_buffer = borrow_buffer(receive_bytes);
  exchange.send_counts.assign(sends_.size() + 1, 0), exchange.send_addresses.assign(sends_.size() + 1, 0);
  exchange.receive_counts.assign(receives_.size() + 1, 0), exchange.receive_addresses.assign(receives_.size() + 1, 0);
  exchange.send_types.assign(sends_.size() + 1, MPI_BYTE), exchange.receive_types.assign(receives_.size() + 1, MPI_BYTE);
  return exchange;
}

void Transfer::send_round(Exchange& exchange, const RawView& source, std::size_t round, bool datatypes) const {
  const std::int64_t item = static_cast<std::int64_t>(exchange.item);
  std::int64_t sent_bytes = 0, sent_messages = 0;  // for the profile log
  for (std::size_t i = 0; i < sends_.size(); ++i) {
    const Message& message = sends_[i];
    const auto& list = exchange.send_slices[i];
    const auto [first, last] = round < list.size() ? list[round] : std::pair<std::int64_t, std::int64_t>{0, 0};
    exchange.send_counts[i] = static_cast<int>((last - first) * item);
    exchange.send_types[i] = MPI_BYTE;
    if (first == last) continue;
    sent_bytes += (last - first) * item, ++sent_messages;
    if (const MPI_Datatype type = exchange.send_datatypes[i][round].get(); datatypes && type != MPI_DATATYPE_NULL) {
      exchange.send_counts[i] = 1, exchange.send_types[i] = type;  // MPI reads it where it lies
      exchange.send_addresses[i] = address_of(source.data);
      continue;
    }
    if (const auto& offset = exchange.send_in_place[i][round]) {
      exchange.send_addresses[i] = address_of(source.data + *offset * item);  // MPI reads it in place
      continue;
    }
    std::byte* buffer = exchange.send_buffer.get() + exchange.send_offset[i];
    std::vector<Side> from_sides, to_sides;
    for (const Box& box : message.boxes) {
      from_sides.push_back(source_side(source, box, source_axis_of_));
      to_sides.push_back(buffer_side(buffer));
    }
    copy_message(message, first, last, from_sides, to_sides, exchange.item);
    exchange.send_addresses[i] = address_of(buffer);
  }
  record_transfer(sent_bytes, sent_messages);
}

void Transfer::receive_round(Exchange& exchange, const RawView& target, std::size_t round, bool unpack,
                             bool datatypes) const {
  const std::int64_t item = static_cast<std::int64_t>(exchange.item);
  const Side to = target_side(target);
  for (std::size_t i = 0; i < receives_.size(); ++i) {
    const Message& message = receives_[i];
    const auto& list = exchange.receive_slices[i];
    const auto [first, last] = round < list.size() ? list[round] : std::pair<std::int64_t, std::int64_t>{0, 0};
    std::optional<std::int64_t> offset;
    MPI_Datatype type = MPI_DATATYPE_NULL;
    if (round < list.size()) offset = exchange.receive_in_place[i][round];
    if (round < list.size() && datatypes) type = exchange.receive_datatypes[i][round].get();
    std::byte* buffer = exchange.receive_buffer ? exchange.receive_buffer.get() + exchange.receive_offset[i] : nullptr;
    if (!unpack) {  // before the exchange: say where the data goes
      exchange.receive_counts[i] = static_cast<int>((last - first) * item);
      exchange.receive_types[i] = MPI_BYTE;
      if (first == last) {
        exchange.receive_addresses[i] = 0;
      } else if (type != MPI_DATATYPE_NULL) {  // MPI writes it where it belongs
        exchange.receive_counts[i] = 1, exchange.receive_types[i] = type;
        exchange.receive_addresses[i] = address_of(target.data);
      } else {
        exchange.receive_addresses[i] = address_of(offset ? target.data + *offset * item : buffer);
      }
    } else if (!offset && type == MPI_DATATYPE_NULL && first < last) {
      std::vector<Side> from_sides, to_sides;
      for (std::size_t b = 0; b < message.boxes.size(); ++b) {
        from_sides.push_back(buffer_side(buffer));
        to_sides.push_back(to);
      }
      copy_message(message, first, last, from_sides, to_sides, exchange.item);
    }
  }
}

void Transfer::copy_self(const RawView& source, const RawView& target) const {
  for (const Box& box : self_) {
    copy_box(box, 0, box.elements(), source_side(source, box, source_axis_of_), target_side(target), source.item_size);
  }
}

std::int64_t Transfer::unpack_with_self(Exchange& exchange, const RawView& source, const RawView& target, std::size_t round,
                                        std::size_t round_count, bool datatypes, std::int64_t self_done) const {
  // This round's share of the self copy: as far as the messages have arrived (all of it in the last round).
  std::int64_t self_elements = 0, arrived = 0, total = 0;
  for (const Box& box : self_) self_elements += box.elements();
  struct Unpack {
    std::size_t message;
    std::int64_t first, last;
  };
  std::vector<Unpack> unpacks;
  for (std::size_t i = 0; i < receives_.size(); ++i) {
    const auto& list = exchange.receive_slices[i];
    total += receives_[i].elements;
    if (round >= list.size()) {
      arrived += receives_[i].elements;
      continue;
    }
    const auto [first, last] = list[round];
    arrived += last;
    const bool moved_by_mpi = exchange.receive_in_place[i][round] ||
                              (datatypes && exchange.receive_datatypes[i][round].get() != MPI_DATATYPE_NULL);
    if (!moved_by_mpi && first < last) unpacks.push_back({i, first, last});
  }
  const std::int64_t self_end =
      round + 1 >= round_count || total == 0 ? self_elements
                                             : std::min(self_elements, static_cast<std::int64_t>(double(self_elements) * double(arrived) / double(total)));
  // Steps: step k copies the k-th of `steps` equal parts of the self share and of every unpacked slice.
  std::int64_t elements = self_end - self_done;
  for (const Unpack& u : unpacks) elements += u.last - u.first;
  const std::int64_t item = static_cast<std::int64_t>(exchange.item);
  const std::int64_t steps = std::max<std::int64_t>(1, elements * item / kInterleaveBytes);
  auto part = [&](std::int64_t first, std::int64_t last, std::int64_t k) { return first + (last - first) * k / steps; };
  const Side to = target_side(target);
  std::vector<Side> self_from, self_to;
  for (const Box& box : self_) self_from.push_back(source_side(source, box, source_axis_of_)), self_to.push_back(to);
  std::vector<std::vector<Side>> buffer_from(unpacks.size()), buffer_to(unpacks.size());
  for (std::size_t u = 0; u < unpacks.size(); ++u) {
    std::byte* buffer = exchange.receive_buffer.get() + exchange.receive_offset[unpacks[u].message];
    buffer_from[u].assign(receives_[unpacks[u].message].boxes.size(), buffer_side(buffer));
    buffer_to[u].assign(receives_[unpacks[u].message].boxes.size(), to);
  }
  for (std::int64_t k = 0; k < steps; ++k) {
    copy_boxes(self_, part(self_done, self_end, k), part(self_done, self_end, k + 1), self_from, self_to, exchange.item);
    for (std::size_t u = 0; u < unpacks.size(); ++u) {
      const Unpack& q = unpacks[u];
      const std::int64_t lo = part(q.first, q.last, k), hi = part(q.first, q.last, k + 1);
      if (lo >= hi) continue;
      std::vector<Side>& from = buffer_from[u];
      for (Side& side : from) side.base = exchange.receive_buffer.get() + exchange.receive_offset[q.message] + (lo - q.first) * item;
      copy_boxes(receives_[q.message].boxes, lo, hi, from, buffer_to[u], exchange.item);
    }
  }
  return self_end;
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
  Exchange& exchange = exchange_for(source, target, check);
  const bool datatypes = exchange.has_datatypes && tuner_.use_datatypes();
  const double start = MPI_Wtime();
  const std::int64_t round_count = rounds(source.item_size);
  if (round_count == 0 || receives_.empty()) copy_self(source, target);
  std::int64_t self_done = 0;  // positions of self_ copied so far (by the rounds' unpacking)
  for (std::size_t round = 0; round < static_cast<std::size_t>(round_count); ++round) {
    send_round(exchange, source, round, datatypes);
    receive_round(exchange, target, round, /*unpack=*/false, datatypes);
    GINGHAM_MPI(MPI_Neighbor_alltoallw(MPI_BOTTOM, exchange.send_counts.data(), exchange.send_addresses.data(),
                                       exchange.send_types.data(), MPI_BOTTOM, exchange.receive_counts.data(),
                                       exchange.receive_addresses.data(), exchange.receive_types.data(), neighbours_.get()));
    if (!receives_.empty()) {
      self_done = unpack_with_self(exchange, source, target, round, static_cast<std::size_t>(round_count), datatypes, self_done);
    } else {
      receive_round(exchange, target, round, /*unpack=*/true, datatypes);
    }
  }
  if (exchange.has_datatypes) {
    tuner_.record(MPI_Wtime() - start, message_elements_ * static_cast<std::int64_t>(source.item_size));
    ++executions_by_mechanism_[datatypes ? 1 : 0];
  }
  fill_broadcast_axes(target);
}

void Transfer::begin(const RawView& source, const RawView& target, ViewCheck check) {
  if (chunk_bytes_ != 0) throw std::logic_error("gingham: a split-phase exchange needs a one-round plan");
  if (in_progress()) throw std::logic_error("gingham: this exchange was begun and not ended");
  Exchange& exchange = exchange_for(source, target, check);
  send_round(exchange, source, 0, /*datatypes=*/false);  // packed: split-phase executions are not timed
  receive_round(exchange, target, 0, /*unpack=*/false, /*datatypes=*/false);
  GINGHAM_MPI(MPI_Ineighbor_alltoallw(MPI_BOTTOM, exchange.send_counts.data(), exchange.send_addresses.data(),
                                      exchange.send_types.data(), MPI_BOTTOM, exchange.receive_counts.data(),
                                      exchange.receive_addresses.data(), exchange.receive_types.data(), neighbours_.get(),
                                      &request_));
  copy_self(source, target);  // while the messages travel
}

void Transfer::end(const RawView& target) {
  if (!in_progress()) throw std::logic_error("gingham: no exchange was begun");
  GINGHAM_MPI(MPI_Wait(&request_, MPI_STATUS_IGNORE));
  request_ = MPI_REQUEST_NULL;
  receive_round(*exchange_, target, 0, /*unpack=*/true, /*datatypes=*/false);
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
  if (stats.rounds > 0) {  // the most an execution buffers: every slice packed
    for (const auto* list : {&sends_, &receives_}) {
      for (const Message& message : *list) {
        std::int64_t largest = 0;
        for (const auto& [first, last] : slices(message, item_size)) largest = std::max(largest, last - first);
        stats.buffer_bytes += static_cast<std::size_t>(largest) * item_size;
      }
    }
  }
  stats.metadata_bytes = metadata;
  stats.packed_executions = executions_by_mechanism_[0], stats.datatype_executions = executions_by_mechanism_[1];
  return stats;
}

}  // namespace gingham::detail
