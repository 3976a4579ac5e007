#include "transfer.hpp"

#include <algorithm>
#include <climits>
#include <cstring>
#include <stdexcept>
#include <string>

#include "gingham/core/collective_errors.hpp"
#include "gingham/core/format.hpp"
#include "gingham/core/mpi_check.hpp"

namespace gingham::detail {
namespace {

/// Copies n elements of `item` bytes; steps are in elements.
void strided_copy(std::byte* to, std::int64_t to_step, const std::byte* from, std::int64_t from_step, std::int64_t n,
                  std::size_t item) {
  if (to_step == 1 && from_step == 1) {
    std::memcpy(to, from, static_cast<std::size_t>(n) * item);
    return;
  }
  auto typed = [&]<class Word>() {
    auto* out = reinterpret_cast<Word*>(to);
    const auto* in = reinterpret_cast<const Word*>(from);
    for (std::int64_t e = 0; e < n; ++e) out[e * to_step] = in[e * from_step];
  };
  struct Bytes16 { std::uint64_t lo, hi; };
  switch (item) {
    case 1: typed.operator()<std::uint8_t>(); return;
    case 2: typed.operator()<std::uint16_t>(); return;
    case 4: typed.operator()<std::uint32_t>(); return;
    case 8: typed.operator()<std::uint64_t>(); return;
    case 16: typed.operator()<Bytes16>(); return;
    default:
      for (std::int64_t e = 0; e < n; ++e) {
        std::memcpy(to + e * to_step * static_cast<std::int64_t>(item), from + e * from_step * static_cast<std::int64_t>(item), item);
      }
  }
}

/// How one side of a copy is addressed: a strided view (per target axis stride, plus a fixed offset),
/// or a contiguous buffer in message order (`linear`).
struct Side {
  std::byte* base = nullptr;
  std::vector<std::int64_t> stride;  // elements, per target axis
  std::int64_t offset = 0;           // elements
  bool linear = false;
};

Side buffer_side(std::byte* base) { return Side{base, {}, 0, true}; }

Side source_side(const RawView& view, const Box& box, const std::vector<int>& source_axis_of) {
  Side side{view.data, {}, 0, false};
  for (int axis : source_axis_of) side.stride.push_back(axis < 0 ? 0 : view.strides[axis]);
  for (const auto& [axis, index] : box.fixed) side.offset += index * view.strides[axis];
  return side;
}

Side target_side(const RawView& view) { return Side{view.data, view.strides, 0, false}; }

/// Copies message positions [first, last) of `box` from `from` to `to`.
void copy_box(const Box& box, std::int64_t first, std::int64_t last, const Side& from, const Side& to, std::size_t item) {
  if (first >= last) return;
  const std::int64_t isize = static_cast<std::int64_t>(item);
  const int ndim = static_cast<int>(box.axes.size());
  if (ndim == 0) {
    strided_copy(to.base + (to.linear ? 0 : to.offset) * isize, 1, from.base + (from.linear ? 0 : from.offset) * isize, 1, 1, item);
    return;
  }
  const AxisRuns& inner = box.axes[ndim - 1];
  const std::int64_t width = inner.elements();
  std::int64_t row = first / width;
  std::vector<std::int64_t> outer(ndim - 1);  // message index along the outer axes of `row` (mixed radix)
  for (std::int64_t k = ndim - 2, rest = row; k >= 0; --k) {
    outer[k] = rest % box.axes[k].elements();
    rest /= box.axes[k].elements();
  }
  std::int64_t position = first;
  while (position < last) {
    std::int64_t from_offset = from.offset, to_offset = to.offset;
    for (int k = 0; k < ndim - 1; ++k) {
      const Segment s = box.axes[k].at(outer[k]);
      if (!from.linear) from_offset += s.src * from.stride[k];
      if (!to.linear) to_offset += s.dst * to.stride[k];
    }
    const std::int64_t a = position - row * width, b = std::min(width, last - row * width);
    std::int64_t linear = position - first;
    inner.for_each_segment(a, b, [&](const Segment& s) {
      const std::byte* source = from.linear ? from.base + linear * isize
                                            : from.base + (from_offset + s.src * from.stride[ndim - 1]) * isize;
      std::byte* target = to.linear ? to.base + linear * isize : to.base + (to_offset + s.dst * to.stride[ndim - 1]) * isize;
      strided_copy(target, to.linear ? 1 : s.dst_stride * to.stride[ndim - 1], source,
                   from.linear ? 1 : s.src_stride * from.stride[ndim - 1], s.count, item);
      linear += s.count;
    });
    position = (row + 1) * width;
    ++row;
    for (int k = ndim - 2; k >= 0 && ++outer[k] == box.axes[k].elements(); --k) outer[k] = 0;
  }
}

/// Copies message positions [first, last) of a message, box after box.
void copy_message(const Message& message, std::int64_t first, std::int64_t last, const std::vector<Side>& from,
                  const std::vector<Side>& to, std::size_t item) {
  std::int64_t box_begin = 0;
  for (std::size_t b = 0; b < message.boxes.size() && box_begin < last; ++b) {
    const std::int64_t box_end = box_begin + message.boxes[b].elements();
    const std::int64_t lo = std::max(first, box_begin), hi = std::min(last, box_end);
    if (lo < hi) {
      // Linear sides start where this box's part of the range starts.
      Side f = from[b], t = to[b];
      if (f.linear) f.base += (lo - first) * static_cast<std::int64_t>(item);
      if (t.linear) t.base += (lo - first) * static_cast<std::int64_t>(item);
      copy_box(message.boxes[b], lo - box_begin, hi - box_begin, f, t, item);
    }
    box_begin = box_end;
  }
}

}  // namespace

Transfer::Transfer(const Comm& comm, std::vector<int> source_axis_of, std::vector<int> broadcast_axes,
                   std::vector<Message> sends, std::vector<Message> receives, std::vector<Box> self, std::size_t chunk_bytes,
                   ViewShapes shapes)
    : comm_(comm),
      source_axis_of_(std::move(source_axis_of)),
      broadcast_axes_(std::move(broadcast_axes)),
      sends_(std::move(sends)),
      receives_(std::move(receives)),
      self_(std::move(self)),
      chunk_bytes_(chunk_bytes),
      shapes_(std::move(shapes)) {
  std::int64_t agreed[2] = {0, static_cast<std::int64_t>(std::max(sends_.size(), receives_.size()))};
  for (const auto* list : {&sends_, &receives_}) {
    for (const Message& message : *list) agreed[0] = std::max(agreed[0], message.elements);
  }
  GINGHAM_MPI(MPI_Allreduce(MPI_IN_PLACE, agreed, 2, MPI_INT64_T, MPI_MAX, comm_.get()));
  max_message_elements_ = agreed[0], max_peers_ = agreed[1];

  std::vector<int> sources, destinations;
  for (const Message& message : receives_) sources.push_back(message.peer);
  for (const Message& message : sends_) destinations.push_back(message.peer);
  MPI_Comm graph = MPI_COMM_NULL;
  GINGHAM_MPI(MPI_Dist_graph_create_adjacent(comm_.get(), static_cast<int>(sources.size()), sources.data(), MPI_UNWEIGHTED,
                                             static_cast<int>(destinations.size()), destinations.data(), MPI_UNWEIGHTED,
                                             MPI_INFO_NULL, /*reorder=*/0, &graph));
  neighbours_ = Comm::take_ownership(graph);
  send_counts_.assign(sends_.size() + 1, 0), send_displs_.assign(sends_.size() + 1, 0);
  receive_counts_.assign(receives_.size() + 1, 0), receive_displs_.assign(receives_.size() + 1, 0);
}

std::int64_t Transfer::elements_per_round(std::size_t item_size) const {
  const std::int64_t item = static_cast<std::int64_t>(item_size);
  if (max_peers_ == 0) return 1;
  if (chunk_bytes_ == 0) {
    if (max_message_elements_ * max_peers_ * item > INT_MAX) {
      throw NotImplementedError("gingham: a one-round exchange of " + std::to_string(max_message_elements_ * item) +
                                " bytes per peer exceeds 2^31 bytes; give the plan a chunk size");
    }
    return std::max<std::int64_t>(1, max_message_elements_);
  }
  // Send and receive buffers each get half the chunk, shared by up to max_peers_ peers, and stay
  // below 2^31 bytes so that MPI's int counts and displacements hold them.
  const std::int64_t half = std::min<std::int64_t>(static_cast<std::int64_t>(chunk_bytes_ / 2), INT_MAX);
  return std::max<std::int64_t>(1, half / max_peers_ / item);
}

std::int64_t Transfer::rounds(std::size_t item_size) const {
  if (max_message_elements_ == 0) return 0;
  const std::int64_t budget = elements_per_round(item_size);
  return (max_message_elements_ + budget - 1) / budget;
}

void Transfer::check_views(const RawView& source, const RawView& target) const {
  // A wrong view on one rank must not leave the others waiting: the check is agreed on.
  auto mismatch = [](const char* side, const std::optional<std::vector<std::int64_t>>& expected, const RawView& view) {
    if (expected ? view.shape == *expected : (view.data == nullptr || view.size() == 0)) return std::string();
    return std::string("gingham: the ") + side + " view has shape " + format_shape(view.shape) + ", the plan expects " +
           (expected ? format_shape(*expected) : std::string("an empty view (this rank holds no shard)"));
  };
  std::string problem;
  if (source.item_size != target.item_size || source.item_size == 0) {
    problem = "gingham: source and target element sizes differ (" + std::to_string(source.item_size) + " and " +
              std::to_string(target.item_size) + " bytes)";
  } else if (problem = mismatch("source", shapes_.source, source); problem.empty()) {
    problem = mismatch("target", shapes_.target, target);
  }
  raise_if_any_rank_failed(comm_, problem.empty() ? std::nullopt
                                                  : std::optional<CapturedError>(CapturedError{ErrorKind::value, problem}));
}

void Transfer::prepare_buffers(std::int64_t budget, std::size_t item) const {
  std::size_t send_bytes = 0, receive_bytes = 0;
  for (std::size_t i = 0; i < sends_.size(); ++i) {
    send_displs_[i] = static_cast<int>(send_bytes);
    send_bytes += static_cast<std::size_t>(std::min(budget, sends_[i].elements)) * item;
  }
  for (std::size_t i = 0; i < receives_.size(); ++i) {
    receive_displs_[i] = static_cast<int>(receive_bytes);
    receive_bytes += static_cast<std::size_t>(std::min(budget, receives_[i].elements)) * item;
  }
  if (send_bytes > send_capacity_) send_buffer_.reset(new std::byte[send_bytes]), send_capacity_ = send_bytes;
  if (receive_bytes > receive_capacity_) {
    receive_buffer_.reset(new std::byte[receive_bytes]), receive_capacity_ = receive_bytes;
  }
}

void Transfer::pack_round(const RawView& source, std::int64_t round, std::int64_t budget, std::size_t item) const {
  for (std::size_t i = 0; i < sends_.size(); ++i) {
    const Message& message = sends_[i];
    const std::int64_t first = std::min(round * budget, message.elements);
    const std::int64_t last = std::min(first + budget, message.elements);
    send_counts_[i] = static_cast<int>((last - first) * static_cast<std::int64_t>(item));
    std::vector<Side> from, to;
    for (const Box& box : message.boxes) {
      from.push_back(source_side(source, box, source_axis_of_));
      to.push_back(buffer_side(send_buffer_.get() + send_displs_[i]));
    }
    copy_message(message, first, last, from, to, item);
  }
}

void Transfer::unpack_round(const RawView& target, std::int64_t round, std::int64_t budget, std::size_t item) const {
  for (std::size_t i = 0; i < receives_.size(); ++i) {
    const Message& message = receives_[i];
    const std::int64_t first = std::min(round * budget, message.elements);
    const std::int64_t last = std::min(first + budget, message.elements);
    std::vector<Side> from, to;
    for (std::size_t b = 0; b < message.boxes.size(); ++b) {
      from.push_back(buffer_side(receive_buffer_.get() + receive_displs_[i]));
      to.push_back(target_side(target));
    }
    copy_message(message, first, last, from, to, item);
  }
}

void Transfer::copy_self(const RawView& source, const RawView& target) const {
  for (const Box& box : self_) {
    copy_box(box, 0, box.elements(), source_side(source, box, source_axis_of_), target_side(target), source.item_size);
  }
}

void Transfer::fill_broadcast_axes(const RawView& target) const {
  // Copy position 0 along each broadcast axis to the other positions, hyperplane by hyperplane.
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

void Transfer::execute(const RawView& source, const RawView& target) const {
  check_views(source, target);
  const std::size_t item = source.item_size;
  copy_self(source, target);
  const std::int64_t round_count = rounds(item);
  if (round_count > 0) {
    const std::int64_t budget = elements_per_round(item);
    prepare_buffers(budget, item);
    for (std::int64_t round = 0; round < round_count; ++round) {
      pack_round(source, round, budget, item);
      for (std::size_t i = 0; i < receives_.size(); ++i) {
        const std::int64_t first = std::min(round * budget, receives_[i].elements);
        receive_counts_[i] = static_cast<int>((std::min(first + budget, receives_[i].elements) - first) *
                                              static_cast<std::int64_t>(item));
      }
      GINGHAM_MPI(MPI_Neighbor_alltoallv(send_buffer_.get(), send_counts_.data(), send_displs_.data(), MPI_BYTE,
                                         receive_buffer_.get(), receive_counts_.data(), receive_displs_.data(), MPI_BYTE,
                                         neighbours_.get()));
      unpack_round(target, round, budget, item);
    }
  }
  fill_broadcast_axes(target);
}

void Transfer::begin(const RawView& source, const RawView& target) {
  if (chunk_bytes_ != 0) throw std::logic_error("gingham: a split-phase exchange needs a one-round plan");
  if (in_progress()) throw std::logic_error("gingham: this exchange was begun and not ended");
  check_views(source, target);
  const std::size_t item = source.item_size;
  const std::int64_t budget = elements_per_round(item);
  prepare_buffers(budget, item);
  pack_round(source, 0, budget, item);
  for (std::size_t i = 0; i < receives_.size(); ++i) {
    receive_counts_[i] = static_cast<int>(receives_[i].elements * static_cast<std::int64_t>(item));
  }
  copy_self(source, target);
  GINGHAM_MPI(MPI_Ineighbor_alltoallv(send_buffer_.get(), send_counts_.data(), send_displs_.data(), MPI_BYTE,
                                      receive_buffer_.get(), receive_counts_.data(), receive_displs_.data(), MPI_BYTE,
                                      neighbours_.get(), &request_));
}

void Transfer::end(const RawView& target) {
  if (!in_progress()) throw std::logic_error("gingham: no exchange was begun");
  GINGHAM_MPI(MPI_Wait(&request_, MPI_STATUS_IGNORE));
  request_ = MPI_REQUEST_NULL;
  unpack_round(target, 0, elements_per_round(target.item_size), target.item_size);
  fill_broadcast_axes(target);
}

PlanStatistics Transfer::statistics(std::size_t item_size) const {
  PlanStatistics stats;
  stats.send_messages = static_cast<int>(sends_.size());
  stats.receive_messages = static_cast<int>(receives_.size());
  std::size_t metadata = sizeof(*this);
  auto count = [&](const std::vector<Message>& messages, std::int64_t& elements) {
    for (const Message& message : messages) {
      elements += message.elements;
      for (const Box& box : message.boxes) {
        for (const AxisRuns& axis : box.axes) metadata += axis.metadata_bytes() + sizeof(AxisRuns);
      }
    }
  };
  count(sends_, stats.send_elements);
  count(receives_, stats.receive_elements);
  for (const Box& box : self_) {
    stats.self_elements += box.elements();
    for (const AxisRuns& axis : box.axes) metadata += axis.metadata_bytes() + sizeof(AxisRuns);
  }
  stats.rounds = rounds(item_size);
  if (stats.rounds > 0) {
    const std::int64_t budget = elements_per_round(item_size);
    for (const auto* list : {&sends_, &receives_}) {
      for (const Message& message : *list) {
        stats.buffer_bytes += static_cast<std::size_t>(std::min(budget, message.elements)) * item_size;
      }
    }
  }
  stats.metadata_bytes = metadata;
  return stats;
}

}  // namespace gingham::detail
