#include "gingham/kernels/assignment.hpp"

#include <mpi.h>

#include <cstring>
#include <functional>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <string>

#include "gingham/array/call_arguments.hpp"
#include "gingham/array/redistribute.hpp"
#include "gingham/core/collective_errors.hpp"
#include "gingham/core/format.hpp"
#include "gingham/core/mpi_check.hpp"
#include "gingham/kernels/element_access.hpp"
#include "gingham/kernels/manipulation.hpp"
#include "gingham/kernels/scans.hpp"
#include "gingham/distributions/axis_selection.hpp"
#include "integer_keys.hpp"
#include "shard_walk.hpp"

namespace gingham {
namespace {

constexpr const char* kFunction = "__setitem__";

/// `value` without the leading axes of extent 1 that the selection's `region` shape lacks; throws
/// std::invalid_argument unless it then broadcasts to `region` and lives on x's ranks, gingham::TypeError
/// for a dtype other than x's.
Array fitted_value(const Array& x, const Array& value, const std::vector<std::int64_t>& region) {
  require_same_ranks(x.grid(), value.grid());
  const DType dtype = x.dtype();
  if (value.dtype() != dtype) {
    throw TypeError(std::string(kFunction) + ": the value has dtype " + std::string(dtype_name(value.dtype())) +
                    ", the array " + std::string(dtype_name(dtype)) + " (cast it first)");
  }
  const std::vector<std::int64_t>& shape = value.global_shape();
  std::vector<int> leading;
  while (shape.size() - leading.size() > region.size() && shape[leading.size()] == 1) {
    leading.push_back(static_cast<int>(leading.size()));
  }
  const std::size_t ndim = shape.size() - leading.size(), skip = region.size() - std::min(region.size(), ndim);
  bool fits = ndim <= region.size();
  for (std::size_t i = 0; fits && i < ndim; ++i) {
    const std::int64_t v = shape[leading.size() + i];
    fits = v == 1 || v == region[skip + i];
  }
  if (!fits) {
    throw std::invalid_argument(std::string(kFunction) + ": a value of shape " + format_shape(shape) +
                                " does not broadcast to the selection's shape " + format_shape(region));
  }
  return leading.empty() ? value : squeeze(value, leading);
}

/// A buffer of `count` copies of the scalar `s` in `dtype` (require_scalar_fits checked).
std::vector<std::byte> repeated_scalar(const Scalar& s, DType dtype, std::size_t count) {
  require_scalar_fits(s, dtype, kFunction);
  const std::size_t item = item_size(dtype);
  std::vector<std::byte> values(count * item);
  visit_dtype(dtype, [&]<class T>() {
    const T v = scalar_value<T>(s);
    for (std::size_t i = 0; i < count; ++i) std::memcpy(values.data() + i * item, &v, item);
  });
  return values;
}

/// Writes the scalar `s` (require_scalar_fits checked) into every element that `walk` visits of x's shard.
template <class Walk>
void write_scalar(const Array& x, const Scalar& s, Walk&& walk) {
  require_scalar_fits(s, x.dtype(), kFunction);
  visit_dtype(x.dtype(), [&]<class T>() {
    const T v = scalar_value<T>(s);
    walk([&](std::byte* element) { std::memcpy(element, &v, sizeof(T)); });
  });
}

/// Collective over x.grid().comm(). `value`, or a copy of it when its shard overlaps x's memory on some
/// rank (x[...] = x[::-1] in C++): assignment reads the value in rounds while it writes x.
Array unaliased(const Array& x, const Array& value) {
  auto span_of = [](const RawView& v) {
    std::int64_t lo = 0, hi = 0;
    for (std::size_t a = 0; a < v.shape.size(); ++a) {
      if (v.shape[a] == 0) return std::pair<const std::byte*, const std::byte*>{nullptr, nullptr};
      (v.strides[a] < 0 ? lo : hi) += (v.shape[a] - 1) * v.strides[a];
    }
    const auto item = static_cast<std::int64_t>(v.item_size);
    return std::pair<const std::byte*, const std::byte*>{v.data + lo * item, v.data + (hi + 1) * item};
  };
  const RawView a = x.local(), b = value.local();
  const auto [a0, a1] = span_of(a);
  const auto [b0, b1] = span_of(b);
  int overlap = a.data && b.data && a0 && b0 && a0 < b1 && b0 < a1 ? 1 : 0;
  GINGHAM_MPI(MPI_Allreduce(MPI_IN_PLACE, &overlap, 1, MPI_INT, MPI_MAX, x.grid().comm().get()));
  return overlap ? redistribute(value, value.grid(), value.layout()) : value;
}

}  // namespace

void assign(const Array& x, const IndexMap& selection, const Operand& value) {
  const auto checked = check_call(x.grid().comm(), "assign", arg("x", x), arg("selection", selection),
                                  arg("value", value));
  if (selection.source_shape() != x.global_shape()) {
    throw std::invalid_argument(std::string(kFunction) + ": the selection reads shape " +
                                format_shape(selection.source_shape()) + ", the array has shape " +
                                format_shape(x.global_shape()));
  }
  const std::vector<std::int64_t> region = selection.target_shape();
  const int nd = x.ndim();
  // Per axis of x: the selected local indices, with their index along the region's axis.
  std::vector<int> region_axis_of(nd, -1);
  for (std::size_t k = 0; k < selection.target_axes().size(); ++k) {
    const IndexMap::TargetAxis& t = selection.target_axes()[k];
    if (t.source_axis < 0) throw std::invalid_argument(std::string(kFunction) + ": the selection has a broadcast axis");
    region_axis_of[t.source_axis] = static_cast<int>(k);
  }
  std::vector<detail::AxisSelection> chosen(nd);
  std::vector<std::int64_t> selected(nd, 0);
  if (x.holds_shard()) {
    for (int a = 0; a < nd; ++a) {
      const AxisMap& map = x.distribution().axis_map(a);
      const int part = x.distribution().part_of(a, x.grid().coords());
      if (region_axis_of[a] >= 0) {
        const IndexMap::TargetAxis& t = selection.target_axes()[region_axis_of[a]];
        chosen[a] = detail::AxisSelection::slice(map, part, t.start, t.step, t.extent);
      } else {
        for (const auto& f : selection.fixed()) {
          if (f.source_axis == a) chosen[a] = detail::AxisSelection::single(map, part, f.index);
        }
      }
      selected[a] = chosen[a].size();
    }
  }
  const RawView shard = x.local();
  const std::int64_t count = shard.data ? std::accumulate(selected.begin(), selected.end(), std::int64_t{1},
                                                          std::multiplies<>())
                                        : 0;
  const auto item = static_cast<std::int64_t>(shard.item_size);
  auto element = [&](const std::vector<std::int64_t>& at) {
    std::int64_t offset = 0;
    for (int a = 0; a < nd; ++a) offset += chosen[a].at(at[a]).first * shard.strides[a];
    return shard.data + offset * item;
  };
  if (const Scalar* s = std::get_if<Scalar>(&value)) {
    return write_scalar(x, *s, [&](auto&& write) {
      detail::for_each_ordinal(selected, 0, count, [&](const std::vector<std::int64_t>& at) { write(element(at)); });
    });
  }
  const Array fitted = unaliased(x, fitted_value(x, std::get<Array>(value), region));
  const std::vector<std::int64_t>& shape = fitted.global_shape();
  const std::vector<std::int64_t> strides = detail::row_major_strides(shape);
  const std::size_t skip = region.size() - shape.size();
  std::vector<int> source_of_region(region.size());
  for (int a = 0; a < nd; ++a) {
    if (region_axis_of[a] >= 0) source_of_region[region_axis_of[a]] = a;
  }
  read_elements(
      fitted, count,
      [&](std::int64_t first, std::int64_t n, std::int64_t* out) {
        detail::for_each_ordinal(selected, first, n, [&](const std::vector<std::int64_t>& at) {
          std::int64_t flat = 0;
          for (std::size_t i = 0; i < shape.size(); ++i) {
            const int a = source_of_region[skip + i];
            if (shape[i] != 1) flat += chosen[a].at(at[a]).second * strides[i];
          }
          *out++ = flat;
        });
      },
      [&](std::int64_t first, std::int64_t n, const std::byte* values) {
        detail::for_each_ordinal(selected, first, n, [&](const std::vector<std::int64_t>& at) {
          std::memcpy(element(at), values, static_cast<std::size_t>(item));
          values += item;
        });
      });
}

void assign_where(const Array& x, const Array& mask, const Operand& value) {
  const auto checked = check_call(x.grid().comm(), "assign_where", arg("x", x), arg("mask", mask), arg("value", value));
  if (mask.dtype() != DType::bool_) {
    throw TypeError(std::string(kFunction) + ": expected a bool mask, got dtype " + std::string(dtype_name(mask.dtype())));
  }
  if (mask.global_shape() != x.global_shape()) {
    throw std::invalid_argument(std::string(kFunction) + ": the boolean mask has shape " +
                                format_shape(mask.global_shape()) + ", the array has shape " +
                                format_shape(x.global_shape()));
  }
  require_same_ranks(x.grid(), mask.grid());
  const Array aligned = redistribute(mask, x.grid(), x.layout());
  const RawView shard = x.local(), flags = aligned.local();
  const detail::OrdinalAddress element(shard), flag(flags);
  const std::int64_t size = shard.size();
  // The set elements in row-major order of the shard, found again by each cursor that walks them.
  struct SetCursor {
    std::int64_t ordinal = -1;
    std::int64_t next(const detail::OrdinalAddress& flag, std::int64_t size) {
      while (++ordinal < size && *flag(ordinal) == std::byte{0}) {
      }
      return ordinal;
    }
  };
  if (const Scalar* s = std::get_if<Scalar>(&value)) {
    return write_scalar(x, *s, [&](auto&& write) {
      for (SetCursor c; c.next(flag, size) < size;) write(element(c.ordinal));
    });
  }
  std::int64_t mine = 0;
  for (SetCursor c; c.next(flag, size) < size;) ++mine;
  std::int64_t count = x.holds_shard() && x.distribution().holds_primary_copy(x.grid().coords()) ? mine : 0, total = 0;
  GINGHAM_MPI(MPI_Allreduce(&count, &total, 1, MPI_INT64_T, MPI_SUM, x.grid().comm().get()));
  const Array fitted = unaliased(x, fitted_value(x, std::get<Array>(value), {total}));
  // The row-major rank of each set position: a cumulative count over the flattened mask, in x's layout
  // (not needed when one value is written everywhere).
  std::optional<Array> ranks;
  if (fitted.global_size() != 1) {
    const Array flat = reshape(astype(mask, DType::int64), {x.global_size()});
    ranks = redistribute(reshape(cumulative(ScanOp::sum, flat, 0), x.global_shape()), x.grid(), x.layout());
  }
  const RawView rank_view = ranks ? ranks->local() : RawView{};
  const detail::OrdinalAddress rank_at(rank_view);
  SetCursor asking, writing;
  const std::size_t item = shard.item_size;
  read_elements(
      fitted, mine,
      [&](std::int64_t, std::int64_t n, std::int64_t* out) {
        for (std::int64_t i = 0; i < n; ++i) {
          asking.next(flag, size);
          out[i] = ranks ? *reinterpret_cast<const std::int64_t*>(rank_at(asking.ordinal)) - 1 : 0;
        }
      },
      [&](std::int64_t, std::int64_t n, const std::byte* values) {
        for (std::int64_t i = 0; i < n; ++i) std::memcpy(element(writing.next(flag, size)), values + i * item, item);
      });
}

void assign_at(const Array& x, const std::vector<Array>& keys, const Operand& value) {
  const auto checked = check_call(x.grid().comm(), "assign_at", arg("x", x), arg("keys", keys), arg("value", value));
  const detail::IntegerKeys aligned(x, keys, kFunction);
  const std::int64_t count = aligned.local_count();
  const std::size_t item = item_size(x.dtype());
  auto positions = [&](std::int64_t first, std::int64_t n, std::int64_t* out) { aligned.flat_positions(first, n, out); };
  if (const Scalar* s = std::get_if<Scalar>(&value)) {
    const std::vector<std::byte> one = repeated_scalar(*s, x.dtype(), 1);
    write_elements(x, count, positions, [&](std::int64_t, std::int64_t n, std::byte* out) {
      for (std::int64_t i = 0; i < n; ++i) std::memcpy(out + i * item, one.data(), item);
    });
    return;
  }
  const Array fitted = fitted_value(x, std::get<Array>(value), aligned.result_shape());
  const Array spread = broadcast_to(fitted, x.grid(), aligned.result_layout());
  const detail::OrdinalAddress from(spread.local());
  write_elements(x, count, positions, [&](std::int64_t first, std::int64_t n, std::byte* out) {
    for (std::int64_t i = 0; i < n; ++i) std::memcpy(out + i * item, from(first + i), item);
  });
}

}  // namespace gingham
