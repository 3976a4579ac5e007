#include "gingham/kernels/assignment.hpp"

#include <mpi.h>

#include <cstring>
#include <stdexcept>
#include <string>

#include "gingham/array/redistribute.hpp"
#include "gingham/core/collective_errors.hpp"
#include "gingham/core/format.hpp"
#include "gingham/core/mpi_check.hpp"
#include "gingham/kernels/element_access.hpp"
#include "gingham/kernels/manipulation.hpp"
#include "gingham/kernels/scans.hpp"
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

/// Writes values[k] (x's item size) into the k-th element that `walk` visits of x's shard.
template <class Walk>
void write_in_order(const Array& x, const std::vector<std::byte>& values, Walk&& walk) {
  const std::size_t item = item_size(x.dtype());
  std::size_t k = 0;
  walk([&](std::byte* element) { std::memcpy(element, values.data() + k++ * item, item); });
}

/// The element of `view` at the row-major local indices `at`.
std::byte* element_at(const RawView& view, const std::vector<std::int64_t>& at) {
  std::int64_t offset = 0;
  for (std::size_t a = 0; a < at.size(); ++a) offset += at[a] * view.strides[a];
  return view.data + offset * static_cast<std::int64_t>(view.item_size);
}

}  // namespace

void assign(const Array& x, const IndexMap& selection, const Operand& value) {
  if (selection.source_shape() != x.global_shape()) {
    throw std::invalid_argument(std::string(kFunction) + ": the selection reads shape " +
                                format_shape(selection.source_shape()) + ", the array has shape " +
                                format_shape(x.global_shape()));
  }
  const std::vector<std::int64_t> region = selection.target_shape();
  const int nd = x.ndim();
  // Per axis of x: the selected local positions, and their index along the region's axis.
  std::vector<std::vector<std::int64_t>> positions(nd), region_index(nd);
  std::vector<int> region_axis_of(nd, -1);
  for (std::size_t k = 0; k < selection.target_axes().size(); ++k) {
    const IndexMap::TargetAxis& t = selection.target_axes()[k];
    if (t.source_axis < 0) throw std::invalid_argument(std::string(kFunction) + ": the selection has a broadcast axis");
    region_axis_of[t.source_axis] = static_cast<int>(k);
  }
  if (x.holds_shard()) {
    for (int a = 0; a < nd; ++a) {
      const std::vector<std::int64_t> owned = x.distribution().owned_indices(x.grid().coords(), a);
      for (std::int64_t l = 0; l < static_cast<std::int64_t>(owned.size()); ++l) {
        if (region_axis_of[a] < 0) {
          for (const auto& f : selection.fixed()) {
            if (f.source_axis == a && f.index == owned[l]) positions[a].push_back(l), region_index[a].push_back(0);
          }
          continue;
        }
        const IndexMap::TargetAxis& t = selection.target_axes()[region_axis_of[a]];
        const std::int64_t offset = owned[l] - t.start;
        if (offset % t.step != 0 || offset / t.step < 0 || offset / t.step >= t.extent) continue;
        positions[a].push_back(l);
        region_index[a].push_back(offset / t.step);
      }
    }
  }
  const RawView shard = x.local();
  auto walk = [&](auto&& write) {
    detail::for_each_position(shard, positions, [&](const auto&, std::byte* element) { write(element); });
  };
  if (const Scalar* s = std::get_if<Scalar>(&value)) return write_scalar(x, *s, walk);
  const Array fitted = fitted_value(x, std::get<Array>(value), region);
  const std::vector<std::int64_t>& shape = fitted.global_shape();
  const std::vector<std::int64_t> strides = detail::row_major_strides(shape);
  const std::size_t skip = region.size() - shape.size();
  std::vector<int> source_of_region(region.size());
  for (int a = 0; a < nd; ++a) {
    if (region_axis_of[a] >= 0) source_of_region[region_axis_of[a]] = a;
  }
  const auto values = read_elements_agreed(fitted, [&] {
    std::vector<std::int64_t> flats;
    if (shard.data == nullptr) return flats;
    detail::for_each_index(positions, [&](const std::vector<std::int64_t>& at) {
      std::int64_t flat = 0;
      for (std::size_t i = 0; i < shape.size(); ++i) {
        const int a = source_of_region[skip + i];
        if (shape[i] != 1) flat += region_index[a][at[a]] * strides[i];
      }
      flats.push_back(flat);
    });
    return flats;
  });
  write_in_order(x, values, walk);
}

void assign_where(const Array& x, const Array& mask, const Operand& value) {
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
  const auto every = detail::every_position(shard);
  auto walk_set = [&](auto&& visit) {
    detail::for_each_position(shard, every, [&](const std::vector<std::int64_t>& at, std::byte* element) {
      if (*element_at(flags, at) != std::byte{0}) visit(at, element);
    });
  };
  auto walk = [&](auto&& write) { walk_set([&](const auto&, std::byte* element) { write(element); }); };
  if (const Scalar* s = std::get_if<Scalar>(&value)) return write_scalar(x, *s, walk);
  std::int64_t mine = 0;
  walk([&](std::byte*) { ++mine; });
  std::int64_t count = x.holds_shard() && x.distribution().holds_primary_copy(x.grid().coords()) ? mine : 0, total = 0;
  GINGHAM_MPI(MPI_Allreduce(&count, &total, 1, MPI_INT64_T, MPI_SUM, x.grid().comm().get()));
  const Array fitted = fitted_value(x, std::get<Array>(value), {total});
  std::vector<std::byte> values;
  if (fitted.global_size() == 1) {
    values = read_elements_agreed(fitted, [&] { return std::vector<std::int64_t>(static_cast<std::size_t>(mine), 0); });
  } else {
    // The row-major rank of each set position: a cumulative count over the flattened mask, in x's layout.
    const Array flat = reshape(astype(mask, DType::int64), {x.global_size()});
    const Array ranks = redistribute(reshape(cumulative(ScanOp::sum, flat, 0), x.global_shape()), x.grid(), x.layout());
    const RawView rank_view = ranks.local();
    values = read_elements_agreed(fitted, [&] {
      std::vector<std::int64_t> flats;
      walk_set([&](const std::vector<std::int64_t>& at, std::byte*) {
        flats.push_back(*reinterpret_cast<const std::int64_t*>(element_at(rank_view, at)) - 1);
      });
      return flats;
    });
  }
  write_in_order(x, values, walk);
}

void assign_at(const Array& x, const std::vector<Array>& keys, const Operand& value) {
  const detail::IntegerKeys aligned(x, keys, kFunction);
  std::vector<std::int64_t> flats;
  agree_on_errors(x.grid().comm(), [&] { flats = aligned.flat_positions(); });
  std::vector<std::byte> values;
  if (const Scalar* s = std::get_if<Scalar>(&value)) {
    values = repeated_scalar(*s, x.dtype(), flats.size());
  } else {
    const Array fitted = fitted_value(x, std::get<Array>(value), aligned.result_shape());
    const Array spread = broadcast_to(fitted, x.grid(), aligned.result_layout());
    const RawView view = spread.local();
    values.resize(flats.size() * view.item_size);
    std::size_t k = 0;
    detail::for_each_position(view, detail::every_position(view), [&](const auto&, std::byte* element) {
      std::memcpy(values.data() + k++ * view.item_size, element, view.item_size);
    });
  }
  write_elements(x, flats, values.data());
}

}  // namespace gingham
