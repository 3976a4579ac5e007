#pragma once
// The deterministic mode's pairwise tree (internal; see gingham/kernels/deterministic.hpp). Along one
// axis of n elements, node (start, level) covers global indices [start, start + 2^level) (clipped to n),
// start a multiple of 2^level; a node's value combines its left and right halves, and a missing right
// half leaves the left one as it is. Each rank evaluates the nodes its owned blocks cover entirely (the
// greedy dyadic decomposition of each block), the ranks along the grid axis exchange them, and every rank
// finishes the same tree from the same node values: the result depends on global indices only.

#include <mpi.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <stdexcept>
#include <utility>
#include <vector>

#include "gingham/core/comm.hpp"
#include "gingham/core/mpi_check.hpp"
#include "gingham/distributions/axis_map.hpp"
#include "reduction_engine.hpp"

namespace gingham::detail {

/// Local. The greedy dyadic decomposition of [begin, end): the largest aligned node at each position.
inline void dyadic_decomposition(std::int64_t begin, std::int64_t end, std::vector<std::pair<std::int64_t, int>>& out) {
  while (begin < end) {
    int level = begin == 0 ? 62 : __builtin_ctzll(static_cast<unsigned long long>(begin));
    while ((std::int64_t{1} << level) > end - begin) --level;
    out.emplace_back(begin, level);
    begin += std::int64_t{1} << level;
  }
}

/// A stack of tree nodes, each holding `width` values (one per result element), in increasing start
/// order; pushing a node merges it with its left sibling while there is one.
template <class P, class Combine>
class TreeStack {
 public:
  TreeStack(std::int64_t width, const Combine& combine) : width_(width), combine_(combine) {}

  void push(std::int64_t start, int level, const P* values) {
    nodes_.push_back({start, level});
    values_.insert(values_.end(), values, values + width_);
    while (nodes_.size() >= 2) {
      Node& left = nodes_[nodes_.size() - 2];
      const Node& right = nodes_.back();
      const std::int64_t size = std::int64_t{1} << left.level;
      if (left.level != right.level || left.start % (2 * size) != 0 || right.start != left.start + size) break;
      P* l = values_.data() + (nodes_.size() - 2) * width_;
      const P* r = l + width_;
      for (std::int64_t k = 0; k < width_; ++k) combine_(l[k], r[k]);
      ++left.level;
      nodes_.pop_back();
      values_.resize(values_.size() - width_);
    }
  }
  /// The nodes on the stack: (start, level) and their values, node after node.
  std::vector<std::pair<std::int64_t, int>> nodes() const {
    std::vector<std::pair<std::int64_t, int>> out;
    for (const Node& n : nodes_) out.emplace_back(n.start, n.level);
    return out;
  }
  const std::vector<P>& values() const noexcept { return values_; }
  void clear() {
    nodes_.clear();
    values_.clear();
  }
  /// The root: the remaining nodes (decreasing levels at the right edge) folded from the right.
  std::vector<P> root(const P& identity) {
    if (nodes_.empty()) return std::vector<P>(width_, identity);
    for (std::size_t i = nodes_.size() - 1; i > 0; --i) {
      P* l = values_.data() + (i - 1) * width_;
      const P* r = l + width_;
      for (std::int64_t k = 0; k < width_; ++k) combine_(l[k], r[k]);
    }
    return std::vector<P>(values_.begin(), values_.begin() + width_);
  }

 private:
  struct Node {
    std::int64_t start;
    int level;
  };
  std::int64_t width_;
  Combine combine_;
  std::vector<Node> nodes_;
  std::vector<P> values_;
};

/// One axis of a local buffer to reduce with the tree.
struct TreeAxis {
  int axis;             // which axis of the buffer
  const AxisMap* map;   // its layout
  int part;             // this rank's part along it
  const Comm* line;     // the ranks along its grid axis (null when not distributed)
};

/// Collective over axis.line (when not null). Reduces `axis` of the local buffer `data` (extents
/// `shape`, element strides `strides`) with the tree; leaf(element, j) gives the value of an element
/// whose other local indices have row-major index j. Returns the values over the other axes, row-major.
template <class P, class E, class Leaf, class Combine>
std::vector<P> tree_reduce_axis(const E* data, const std::vector<std::int64_t>& shape,
                                const std::vector<std::int64_t>& strides, const TreeAxis& axis, const Leaf& leaf,
                                const Combine& combine, const P& identity) {
  const int nd = static_cast<int>(shape.size());
  // Offsets of the other axes' elements, row-major.
  std::vector<std::int64_t> others{0};
  for (int a = 0; a < nd; ++a) {
    if (a == axis.axis) continue;
    std::vector<std::int64_t> next;
    next.reserve(others.size() * shape[a]);
    for (std::int64_t o : others) {
      for (std::int64_t i = 0; i < shape[a]; ++i) next.push_back(o + i * strides[a]);
    }
    others.swap(next);
  }
  const std::int64_t width = static_cast<std::int64_t>(others.size());
  const std::int64_t step = strides[axis.axis];
  const AxisMap& map = *axis.map;

  // This rank's frontier nodes: the tree over each owned block.
  TreeStack<P, Combine> stack(width, combine);
  std::vector<std::pair<std::int64_t, int>> own_nodes;
  std::vector<P> own_values;
  std::vector<P> slice(width);
  const std::int64_t blocks = map.owned_block_count(axis.part);
  // Aligned runs of 2^chunk_level elements inside a block are evaluated level by level (adjacent pairs,
  // as the tree pairs them) in one buffer, then pushed as one node.
  int chunk_level = 0;
  while (chunk_level < 10 && (std::int64_t{2} << chunk_level) * width <= 4096) ++chunk_level;
  const std::int64_t chunk = std::int64_t{1} << chunk_level;
  std::vector<P> buffer(static_cast<std::size_t>(chunk * width));
  for (std::int64_t b = 0; b < blocks && width > 0; ++b) {
    const OwnedBlock block = map.owned_block(axis.part, b);
    for (std::int64_t i = 0; i < block.length;) {
      const std::int64_t global = block.global_begin + i;
      if (chunk > 1 && global % chunk == 0 && i + chunk <= block.length) {
        if (width == 1) {  // one result element: plain loops the compiler can vectorise
          const E* run = data + others[0] + (block.local_begin + i) * step;
          P* leaves = buffer.data();
          for (std::int64_t c = 0; c < chunk; ++c) leaves[c] = leaf(run[c * step], 0);
          for (std::int64_t half = chunk / 2; half >= 1; half /= 2) {
            for (std::int64_t c = 0; c < half; ++c) {
              P value = leaves[2 * c];
              combine(value, leaves[2 * c + 1]);
              leaves[c] = value;
            }
          }
          stack.push(global, chunk_level, leaves);
          i += chunk;
          continue;
        }
        for (std::int64_t c = 0; c < chunk; ++c) {
          const std::int64_t at = (block.local_begin + i + c) * step;
          for (std::int64_t j = 0; j < width; ++j) buffer[c * width + j] = leaf(data[others[j] + at], j);
        }
        for (std::int64_t half = chunk / 2; half >= 1; half /= 2) {
          for (std::int64_t c = 0; c < half; ++c) {
            P* into = buffer.data() + c * width;
            const P* left = buffer.data() + 2 * c * width;
            const P* right = left + width;
            for (std::int64_t j = 0; j < width; ++j) {
              P value = left[j];
              combine(value, right[j]);
              into[j] = value;
            }
          }
        }
        stack.push(global, chunk_level, buffer.data());
        i += chunk;
        continue;
      }
      const std::int64_t at = (block.local_begin + i) * step;
      for (std::int64_t j = 0; j < width; ++j) slice[j] = leaf(data[others[j] + at], j);
      stack.push(global, 0, slice.data());
      ++i;
    }
    const auto nodes = stack.nodes();
    own_nodes.insert(own_nodes.end(), nodes.begin(), nodes.end());
    own_values.insert(own_values.end(), stack.values().begin(), stack.values().end());
    stack.clear();
  }
  if (width == 0) return {};

  // Every part's nodes (from layout arithmetic) and, along a distributed axis, their values.
  const int parts = axis.line ? axis.line->size() : 1;
  std::vector<std::vector<std::pair<std::int64_t, int>>> part_nodes(parts);
  for (int p = 0; p < parts; ++p) {
    const int part = axis.line ? p : axis.part;
    for (std::int64_t b = 0; b < map.owned_block_count(part); ++b) {
      const OwnedBlock block = map.owned_block(part, b);
      dyadic_decomposition(block.global_begin, block.global_begin + block.length, part_nodes[p]);
    }
  }
  const int own = axis.line ? axis.line->rank() : 0;
  if (part_nodes[own] != own_nodes) throw std::logic_error("gingham: deterministic reduction: inconsistent tree nodes");
  std::vector<P> all_values;
  std::vector<std::int64_t> first(parts + 1, 0);  // first node of each part in all_values
  for (int p = 0; p < parts; ++p) first[p + 1] = first[p] + static_cast<std::int64_t>(part_nodes[p].size());
  if (axis.line && parts > 1) {
    std::vector<int> counts(parts), displs(parts);
    for (int p = 0; p < parts; ++p) {
      if ((first[p + 1]) * width > INT_MAX) throw std::length_error("gingham: deterministic reduction: too many tree nodes");
      counts[p] = static_cast<int>((first[p + 1] - first[p]) * width);
      displs[p] = static_cast<int>(first[p] * width);
    }
    all_values.resize(static_cast<std::size_t>(first[parts] * width));
    const ByteBlockType type(sizeof(P));
    GINGHAM_MPI(MPI_Allgatherv(own_values.data(), counts[own], type.get(), all_values.data(), counts.data(),
                               displs.data(), type.get(), axis.line->get()));
  } else {
    all_values = std::move(own_values);
  }
  // Finish the tree: all nodes in global order.
  std::vector<std::pair<std::pair<std::int64_t, int>, std::int64_t>> order;  // ((start, level), node number)
  for (int p = 0; p < parts; ++p) {
    for (std::size_t k = 0; k < part_nodes[p].size(); ++k) order.push_back({part_nodes[p][k], first[p] + std::int64_t(k)});
  }
  std::sort(order.begin(), order.end());
  for (const auto& [node, number] : order) stack.push(node.first, node.second, all_values.data() + number * width);
  return stack.root(identity);
}

/// Collective over the grid lines of the reduced axes. The deterministic reduction of the local buffer
/// `data` (x's shard, or values derived from it in the same local shape) over g.axes, last axis first.
/// Returns the row-major values over the kept local axes (as the default engine's partials).
template <class P, class E, class Leaf, class Combine>
std::vector<P> tree_reduce(const Array& x, const ReductionGeometry& g, const E* data, std::vector<std::int64_t> strides,
                           const Leaf& leaf, const Combine& combine, const P& identity) {
  if (!x.holds_shard()) return {};
  const Distribution& d = x.distribution();
  std::vector<std::int64_t> shape = x.local_shape();
  if (g.axes.empty()) {  // nothing to reduce: the leaves themselves
    std::vector<P> out;
    std::vector<std::int64_t> index(shape.size(), 0);
    const std::int64_t n = g.partial_count();
    for (std::int64_t k = 0; k < n; ++k) {
      std::int64_t offset = 0;
      for (std::size_t a = 0; a < shape.size(); ++a) offset += index[a] * strides[a];
      out.push_back(leaf(data[offset], k));
      for (int a = static_cast<int>(shape.size()) - 1; a >= 0 && ++index[a] == shape[a]; --a) index[a] = 0;
    }
    return out;
  }
  std::vector<P> current;
  bool first = true;
  for (auto it = g.axes.rbegin(); it != g.axes.rend(); ++it) {
    const int a = *it;
    const int grid_axis = d.grid_axis_of(a);
    const Comm* line = grid_axis >= 0 && d.grid_dims()[grid_axis] > 1 ? &x.grid().axis_comm(grid_axis) : nullptr;
    const TreeAxis axis{a, &d.axis_map(a), d.part_of(a, x.grid().coords()), line};
    if (first) {
      current = tree_reduce_axis<P>(data, shape, strides, axis, leaf, combine, identity);
      first = false;
    } else {
      const std::vector<P> input = std::move(current);
      current = tree_reduce_axis<P>(input.empty() ? nullptr : input.data(), shape, strides, axis,
                                    [](const P& value, std::int64_t) { return value; }, combine, identity);
    }
    shape.erase(shape.begin() + a);
    strides.assign(shape.size(), 0);
    for (std::int64_t k = static_cast<std::int64_t>(shape.size()) - 1, s = 1; k >= 0; --k) strides[k] = s, s *= shape[k];
  }
  return current;
}

/// Collective over the grid axes spreading reduced axes. The partial results of `op` over x's reduced
/// axes, combined over the ranks: row-major over the kept local axes. With `tree`, the deterministic
/// mode's pairwise tree (leaves: op applied to one element); otherwise each rank's shard in storage
/// order, then the ranks' partials in rank order (one MPI_Allgather).
template <class T, class Op>
std::vector<typename Op::Partial> partials_of(const Op& op, const Array& x, const ReductionGeometry& g, bool tree) {
  using P = typename Op::Partial;
  auto combine = [&op](P& a, const P& b) { op.combine(a, b); };
  if (tree) {
    const RawView v = x.local();
    auto leaf = [&op](const T& value, std::int64_t) {
      P p = op.identity();
      op.add(p, value, 0);
      return p;
    };
    return tree_reduce<P>(x, g, reinterpret_cast<const T*>(v.data), v.strides, leaf, combine, op.identity());
  }
  std::vector<P> partials;
  allocate_agreed(x, g, partials, op.identity());
  reduce_shard<T>(op, x, g, partials.data());
  combine_partials(x.grid(), g, partials, combine);
  return partials;
}

}  // namespace gingham::detail
