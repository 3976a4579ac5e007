#include "gingham/array/array.hpp"

#include <cstring>
#include <new>
#include <stdexcept>

#include "gingham/array/call_arguments.hpp"
#include "gingham/core/collective_errors.hpp"
#include "gingham/core/format.hpp"
#include "gingham/core/memory.hpp"
#include "gingham/core/mpi_check.hpp"

namespace gingham {

struct Array::State {
  DType dtype;
  ProcessGrid grid;
  std::shared_ptr<const Distribution> layout;
  HaloSpec halo;
  std::shared_ptr<void> keep_alive;       // owns the storage
  std::byte* padded_data = nullptr;       // first ghost cell (or first element without a halo)
  std::vector<std::int64_t> padded_shape;
  std::vector<std::int64_t> strides;      // element strides of the padded storage
  std::unique_ptr<HaloPlan> halo_plan;    // built on first exchange
};

namespace {

void check_layout(const ProcessGrid& grid, const std::shared_ptr<const Distribution>& layout) {
  if (!layout) throw std::invalid_argument("gingham::Array: expected a distribution, got none");
  if (grid.dims() != layout->grid_dims()) {
    throw std::invalid_argument("gingham::Array: the distribution is laid out on a grid of shape " +
                                format_shape(layout->grid_dims()) + ", but the array's grid has shape " +
                                format_shape(grid.dims()));
  }
}

}  // namespace

Array Array::allocate(DType dtype, const ProcessGrid& grid, std::shared_ptr<const Distribution> layout, HaloSpec halo,
                      bool zero) {
  const auto checked = check_call(grid.comm(), "allocate", arg("dtype", dtype), arg("grid", grid),
                                  arg("layout", layout), arg("halo", halo), arg("zero", zero));
  return allocate(dtype, grid, std::move(layout), std::move(halo), zero ? MemoryFill::zero : MemoryFill::none);
}

Array Array::allocate(DType dtype, const ProcessGrid& grid, std::shared_ptr<const Distribution> layout, HaloSpec halo,
                      MemoryFill fill) {
  const auto checked = check_call(grid.comm(), "allocate", arg("dtype", dtype), arg("grid", grid),
                                  arg("layout", layout), arg("halo", halo), arg("fill", fill));
  check_layout(grid, layout);
  // The reduction that agrees on the allocation also checks that every rank asked for the same array
  // (a shape or dtype that differs between ranks would otherwise give garbage later).
  const CallArguments request{"gingham::Array::allocate",
                              {{"dtype", std::string(dtype_name(dtype))}, {"layout", layout->describe()}}};
  std::optional<CapturedError> failure;
  std::optional<Array> y = allocate_unagreed(dtype, grid, std::move(layout), std::move(halo), fill, failure);
  raise_if_any_rank_failed(grid.comm(), failure, &request);
  return std::move(*y);
}

std::optional<Array> Array::allocate_unagreed(DType dtype, const ProcessGrid& grid,
                                              std::shared_ptr<const Distribution> layout, HaloSpec halo,
                                              MemoryFill fill, std::optional<CapturedError>& failure) {
  check_layout(grid, layout);
  halo.validate(*layout);
  auto state = std::make_shared<State>(State{dtype, grid, std::move(layout), std::move(halo), {}, nullptr, {}, {}, {}});
  if (!grid.contains_this_rank()) {
    state->padded_shape.assign(state->layout->ndim(), 0);
    state->strides.assign(state->layout->ndim(), 0);
  } else {
    state->padded_shape = state->layout->local_shape(grid.coords());
    for (int k = 0; k < state->layout->ndim(); ++k) {
      const std::int64_t widths = state->halo.lower_width(k) + state->halo.upper_width(k);  // validated >= 0
      if (__builtin_add_overflow(state->padded_shape[k], widths, &state->padded_shape[k])) {
        throw std::invalid_argument("gingham::Array: ghost widths of " + std::to_string(widths) + " overflow axis " +
                                    std::to_string(k));
      }
    }
    state->strides = state->layout->dense_strides(state->padded_shape);
  }
  std::size_t bytes = grid.contains_this_rank() ? item_size(dtype) : 0;
  std::shared_ptr<std::byte> storage;
  try {
    // What is allocated, for the messages only (made when one is thrown: it costs more than a small shard).
    const auto purpose = [&] {
      return "a shard of local shape " + format_shape(state->padded_shape) + " (" + std::string(dtype_name(dtype)) +
             ") of an array of shape " + format_shape(state->layout->global_shape());
    };
    for (std::int64_t extent : state->padded_shape) {
      if (extent < 0 || __builtin_mul_overflow(bytes, static_cast<std::size_t>(extent), &bytes)) {
        throw MemoryError("gingham: cannot allocate " + purpose() + ": its size in bytes overflows 64 bits");
      }
    }
    try {
      storage = allocate_memory(bytes, state->halo.empty() ? fill : MemoryFill::zero, "a shard");  // ghost cells: zeros
    } catch (const MemoryError&) {
      throw allocation_error(bytes, purpose());
    }
  } catch (...) {
    failure = capture_current_exception();
    return std::nullopt;
  }
  state->padded_data = grid.contains_this_rank() ? storage.get() : nullptr;
  state->keep_alive = std::move(storage);
  return Array(std::move(state));
}

Array Array::wrap(DType dtype, const ProcessGrid& grid, std::shared_ptr<const Distribution> layout, std::byte* data,
                  std::vector<std::int64_t> strides, std::shared_ptr<void> keep_alive) {
  check_layout(grid, layout);
  const int ndim = layout->ndim();
  std::vector<std::int64_t> shape =
      grid.contains_this_rank() ? layout->local_shape(grid.coords()) : std::vector<std::int64_t>(ndim, 0);
  if (static_cast<int>(strides.size()) != ndim) {
    throw std::invalid_argument("gingham::Array::wrap: expected " + std::to_string(ndim) + " strides, got " +
                                std::to_string(strides.size()));
  }
  auto state = std::make_shared<State>(
      State{dtype, grid, std::move(layout), {}, std::move(keep_alive), data, std::move(shape), std::move(strides), {}});
  return Array(std::move(state));
}

Array Array::from_local(DType dtype, const ProcessGrid& grid, std::shared_ptr<const Distribution> layout,
                        const RawView& shard, std::shared_ptr<void> keep_alive) {
  const auto checked = check_call(grid.comm(), "from_local", arg("dtype", dtype), arg("grid", grid),
                                  arg("layout", layout), arg("shard", shard));
  check_layout(grid, layout);  // every rank sees this: no agreement needed
  require_same_arguments(grid.comm(), CallArguments{"gingham::Array::from_local",
                                                   {{"dtype", std::string(dtype_name(dtype))}, {"layout", layout->describe()}}});
  const bool holds = grid.contains_this_rank();
  const std::vector<std::int64_t> shape =
      holds ? layout->local_shape(grid.coords()) : std::vector<std::int64_t>(layout->ndim(), 0);
  agree_on_errors(grid.comm(), [&] {
    const bool empty_off_grid = !holds && shard.size() == 0;
    if (!empty_off_grid && shard.shape != shape) {
      throw std::invalid_argument("gingham::Array::from_local: rank " + std::to_string(grid.comm().rank()) +
                                  " expected a shard of shape " + format_shape(shape) + ", got " +
                                  format_shape(shard.shape));
    }
  });
  std::vector<std::int64_t> strides = holds ? shard.strides : std::vector<std::int64_t>(layout->ndim(), 0);
  return wrap(dtype, grid, std::move(layout), holds ? shard.data : nullptr, std::move(strides), std::move(keep_alive));
}

DType Array::dtype() const noexcept { return state_->dtype; }

const ProcessGrid& Array::grid() const noexcept { return state_->grid; }

const std::shared_ptr<const Distribution>& Array::layout() const noexcept { return state_->layout; }

const HaloSpec& Array::halo() const noexcept { return state_->halo; }

std::vector<std::int64_t> Array::local_shape() const {
  if (!holds_shard()) return std::vector<std::int64_t>(ndim(), 0);
  return distribution().local_shape(grid().coords());
}

RawView Array::local() const {
  RawView view = local_with_halo();
  std::int64_t offset = 0;
  for (int k = 0; k < ndim(); ++k) {
    offset += state_->halo.lower_width(k) * view.strides[k];
    view.shape[k] -= state_->halo.lower_width(k) + state_->halo.upper_width(k);
  }
  if (!holds_shard()) {
    view.shape.assign(ndim(), 0);
    return view;  // null data
  }
  view.data += offset * static_cast<std::int64_t>(view.item_size);
  return view;
}

RawView Array::local_with_halo() const {
  RawView view{state_->padded_data, item_size(state_->dtype), state_->padded_shape, state_->strides};
  if (!holds_shard()) view.data = nullptr;  // no shard: null data and size 0, whatever the rank
  return view;
}

HaloPlan& Array::halo_plan() const {
  if (!state_->halo_plan) {
    state_->halo_plan = std::make_unique<HaloPlan>(grid().comm(), layout(), state_->halo);
  }
  return *state_->halo_plan;
}

// The views of an array match its own layout: no agreement needed on them.
void Array::exchange_halo() const {
  const auto checked = check_call(grid().comm(), "exchange_halo", arg("x", *this));
  halo_plan().exchange(local(), local_with_halo(), ViewCheck::local);
}

void Array::begin_halo_exchange() const {
  const auto checked = check_call(grid().comm(), "begin_halo_exchange", arg("x", *this));
  halo_plan().begin(local(), local_with_halo(), ViewCheck::local);
}

void Array::end_halo_exchange() const {
  if (!state_->halo_plan || !state_->halo_plan->in_progress()) {
    throw std::logic_error("gingham::Array::end_halo_exchange: no halo exchange was begun");
  }
  state_->halo_plan->end(local_with_halo());
}

}  // namespace gingham
