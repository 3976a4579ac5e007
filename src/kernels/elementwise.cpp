#include "gingham/kernels/elementwise.hpp"
#include "gingham/kernels/result_layout.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>

#include "elementwise_ops.hpp"
#include "gingham/array/call_arguments.hpp"
#include "gingham/array/promotion.hpp"
#include "gingham/array/redistribute.hpp"
#include "gingham/kernels/creation.hpp"
#include "gingham/kernels/manipulation.hpp"
#include "gingham/core/aliasing.hpp"
#include "gingham/core/collective_errors.hpp"
#include "gingham/core/format.hpp"
#include "gingham/distributions/derived.hpp"
#include "gingham/plans/plan_cache.hpp"
#include "gingham/plans/target_combine.hpp"
#include "local_parallel.hpp"
#include "streaming_store.hpp"
#include "vector_math.hpp"

namespace gingham {

using detail::accepts_v;
using detail::is_complex_v;
using detail::is_int_v;
using detail::OpTraits;

// ---- names -----------------------------------------------------------------------------------------

namespace {
/// One row of an operation table: its Array API name, the dtype kinds it accepts ("BIRC": bool, integer,
/// real floating, complex floating) and its result rule.
struct OpInfo {
  std::string_view name, kinds, result;
};
constexpr OpInfo unary_ops[] = {
#define GINGHAM_ROW(name, kinds, result) {#name, kinds, #result},
    GINGHAM_FOR_EACH_UNARY_OP(GINGHAM_ROW)
#undef GINGHAM_ROW
};
constexpr OpInfo binary_ops[] = {
#define GINGHAM_ROW(name, kinds, result) {#name, kinds, #result},
    GINGHAM_FOR_EACH_BINARY_OP(GINGHAM_ROW)
#undef GINGHAM_ROW
};
const OpInfo& info(UnaryOp op) noexcept { return unary_ops[static_cast<int>(op)]; }
const OpInfo& info(BinaryOp op) noexcept { return binary_ops[static_cast<int>(op)]; }

char kind_letter(DType d) {
  return is_bool(d) ? 'B' : is_integer(d) ? 'I' : is_complex_floating(d) ? 'C' : 'R';
}

std::string kinds_text(std::string_view kinds) {
  std::string text;
  auto add = [&](const char* name) { text += (text.empty() ? "" : ", ") + std::string(name); };
  if (kinds.find('B') != std::string_view::npos) add("bool");
  if (kinds.find('I') != std::string_view::npos) add("integer");
  if (kinds.find('R') != std::string_view::npos) add("real floating-point");
  if (kinds.find('C') != std::string_view::npos) add("complex floating-point");
  return text;
}

void require_kind(std::string_view name, std::string_view kinds, DType d) {
  if (kinds.find(kind_letter(d)) == std::string_view::npos) {
    throw TypeError(std::string(name) + ": expected an array of dtype " + kinds_text(kinds) + ", got " +
                    std::string(dtype_name(d)));
  }
}

DType apply_result_rule(std::string_view rule, DType compute) {
  if (rule == "boolean") return DType::bool_;
  if (rule == "real") return real_dtype(compute);
  return compute;
}

}  // namespace

std::string_view op_name(UnaryOp op) noexcept { return info(op).name; }
std::string_view op_name(BinaryOp op) noexcept { return info(op).name; }

std::optional<UnaryOp> unary_op(std::string_view name) noexcept {
  for (std::size_t k = 0; k < std::size(unary_ops); ++k) {
    if (unary_ops[k].name == name) return static_cast<UnaryOp>(k);
  }
  return std::nullopt;
}

std::optional<BinaryOp> binary_op(std::string_view name) noexcept {
  for (std::size_t k = 0; k < std::size(binary_ops); ++k) {
    if (binary_ops[k].name == name) return static_cast<BinaryOp>(k);
  }
  return std::nullopt;
}

DType result_dtype(UnaryOp op, DType x) {
  require_kind(op_name(op), info(op).kinds, x);
  return apply_result_rule(info(op).result, x);
}

namespace {
/// The dtype a binary operation computes in: the promoted dtype, or float64 for integers dividing.
DType compute_dtype(BinaryOp op, DType x1, DType x2) {
  const std::string name(op_name(op));
  const DType promoted = promote_or_throw(x1, x2, name);
  require_kind(name, info(op).kinds, promoted);
  if (info(op).result == "floating" && is_integer(promoted)) return default_real_dtype;
  return promoted;
}
}  // namespace

DType result_dtype(BinaryOp op, DType x1, DType x2) {
  return apply_result_rule(info(op).result, compute_dtype(op, x1, x2));
}

// ---- shapes and layouts ----------------------------------------------------------------------------

namespace {

/// x moved to `layout` (broadcast to its shape) and converted to `dtype`; x itself when nothing changes.
/// An operand that broadcasts moves only what one shard reads: into `layout` reduced over the stretched
/// axes (kept with extent 1, not distributed: the ranks along the grid axes spreading them hold copies),
/// then read as `layout` through stride-0 stretched axes (no copy of the repeated elements).
Array align(const Array& x, const ProcessGrid& grid, const std::shared_ptr<const Distribution>& layout, DType dtype) {
  const std::vector<std::int64_t>& from = x.global_shape();
  const std::vector<std::int64_t>& to = layout->global_shape();
  if (x.distribution() == *layout || from == to || from.size() > to.size()) {
    const Array moved = x.distribution() == *layout ? x : broadcast_to(x, grid, layout);
    return moved.dtype() == dtype ? moved : astype(moved, dtype);
  }
  const std::size_t offset = to.size() - from.size();
  std::vector<char> stretched(to.size(), 0);
  for (std::size_t k = 0; k < to.size(); ++k) stretched[k] = k < offset || from[k - offset] != to[k];
  auto compact = std::make_shared<const Distribution>(derived::reduced(*layout, stretched, /*keepdims=*/true));
  Array moved = broadcast_to(x, grid, std::move(compact));
  if (moved.dtype() != dtype) moved = astype(moved, dtype);
  const RawView view = moved.local();
  std::vector<std::int64_t> strides(to.size(), 0);
  if (view.strides.size() == to.size()) {
    for (std::size_t k = 0; k < to.size(); ++k) strides[k] = stretched[k] ? 0 : view.strides[k];
  }
  std::byte* data = moved.holds_shard() ? view.data : nullptr;
  return Array::wrap(dtype, grid, layout, data, std::move(strides), std::make_shared<Array>(moved));
}

void require_same_grid(const Array& a, const Array& b) { require_same_device("gingham", a.grid(), b.grid()); }

// ---- typed loops -----------------------------------------------------------------------------------

bool dense_like(const RawView& a, const RawView& b) { return a.shape == b.shape && a.strides == b.strides; }

bool is_dense(const RawView& view) {
  // Dense when, sorting axes by stride, each stride equals the product of the smaller axes' extents.
  return LocalView<std::byte>(view.data, view.shape, view.strides).is_dense();
}

/// Calls row(offsets..., count) for the innermost rows [first, last) (in row-major order) of views of one
/// shape with no zero extent and ndim >= 1: element offsets of the row start in each view; the row runs along
/// the last axis with each view's last stride.
template <std::size_t N, class Row>
void walk_rows(const std::vector<std::int64_t>& shape, const std::array<const std::vector<std::int64_t>*, N>& strides,
               std::int64_t first, std::int64_t last, Row&& row) {
  const int ndim = static_cast<int>(shape.size());
  std::vector<std::int64_t> index(ndim, 0);
  for (std::int64_t k = ndim - 2, r = first; k >= 0; --k) index[k] = r % shape[k], r /= shape[k];
  for (std::int64_t r = first; r < last; ++r) {
    std::array<std::int64_t, N> offsets{};
    for (std::size_t v = 0; v < N; ++v) {
      for (int k = 0; k < ndim - 1; ++k) offsets[v] += index[k] * (*strides[v])[k];
    }
    row(offsets, shape[ndim - 1]);
    for (int k = ndim - 2; k >= 0 && ++index[k] == shape[k]; --k) index[k] = 0;
  }
}

/// The number of innermost rows of `shape` (ndim >= 1).
inline std::int64_t row_count(const std::vector<std::int64_t>& shape) {
  std::int64_t rows = 1;
  for (std::size_t k = 0; k + 1 < shape.size(); ++k) rows *= shape[k];
  return rows;
}

/// Calls row(offsets..., count) for each innermost row of views of one shape (walk_rows over all rows; a 0-D
/// shape is one row of one element).
template <std::size_t N, class Row>
void for_each_row(const std::vector<std::int64_t>& shape, const std::array<const std::vector<std::int64_t>*, N>& strides,
                  Row&& row) {
  for (std::int64_t e : shape) if (e == 0) return;
  if (shape.empty()) {
    std::array<std::int64_t, N> zero{};
    row(zero, std::int64_t{1});
    return;
  }
  walk_rows<N>(shape, strides, 0, row_count(shape), row);
}

/// As for_each_row, the rows shared among num_threads() threads in pieces of about detail::piece_elements
/// elements (whole rows), each piece compiled for the widest SIMD level (local_parallel.hpp). `row` must
/// not throw.
template <std::size_t N, class Row>
void for_each_row_shared(const std::vector<std::int64_t>& shape,
                         const std::array<const std::vector<std::int64_t>*, N>& strides, Row&& row) {
  for (std::int64_t e : shape) if (e == 0) return;
  if (shape.empty()) return for_each_row<N>(shape, strides, row);
  const std::int64_t rows = row_count(shape);
  const std::int64_t per_piece = std::max<std::int64_t>(1, detail::piece_elements / shape.back());
  detail::for_each_piece((rows + per_piece - 1) / per_piece, [&](std::int64_t piece) {
    walk_rows<N>(shape, strides, piece * per_piece, std::min(rows, (piece + 1) * per_piece), row);
  });
}

template <class F, class In, class Out>
void unary_loop(UnaryOp op, const RawView& in, const RawView& out) {
  const auto* a = reinterpret_cast<const In*>(in.data);
  auto* o = reinterpret_cast<Out*>(out.data);
  if (dense_like(in, out) && is_dense(in)) {
    const std::int64_t n = in.size();
    if constexpr (std::is_same_v<In, Out> && (std::is_same_v<In, double> || std::is_same_v<In, float>)) {
      if (detail::vector_unary(op, a, o, 0)) {  // libmvec has op at this SIMD level
        detail::for_each_range(n, [&](std::int64_t b, std::int64_t e) { detail::vector_unary(op, a + b, o + b, e - b); });
        return;
      }
    }
    const bool stream = detail::streams_result(n, sizeof(Out));
    detail::for_each_range(n, [&](std::int64_t b, std::int64_t e) {
      detail::store_range(o, b, e, stream, [&](std::int64_t i) { return F::apply(a[i]); });
    });
    return;
  }
  const std::int64_t sa = in.strides.empty() ? 0 : in.strides.back(), so = out.strides.empty() ? 0 : out.strides.back();
  for_each_row<2>(in.shape, {&in.strides, &out.strides}, [&](const std::array<std::int64_t, 2>& at, std::int64_t n) {
    for (std::int64_t i = 0; i < n; ++i) o[at[1] + i * so] = F::apply(a[at[0] + i * sa]);
  });
}

/// One binary operand inside a loop: an array's view, or a scalar (stride 0).
template <class T>
struct Input {
  const T* data;
  const std::vector<std::int64_t>* strides;  // null for a scalar
};

template <class F, class T, class Out>
void binary_loop(BinaryOp op, const Input<T>& a, const Input<T>& b, const RawView& out) {
  auto* o = reinterpret_cast<Out*>(out.data);
  const std::int64_t n = out.size();
  const bool a_flat = !a.strides || *a.strides == out.strides, b_flat = !b.strides || *b.strides == out.strides;
  const bool stream = detail::streams_result(n, sizeof(Out));
  if (a_flat && b_flat && is_dense(out)) {
    const T* x = a.data;
    const T* y = b.data;
    if (a.strides && b.strides) {
      if constexpr (std::is_same_v<T, Out> && (std::is_same_v<T, double> || std::is_same_v<T, float>)) {
        if (detail::vector_binary(op, x, y, o, 0)) {  // libmvec has op at this SIMD level
          detail::for_each_range(n, [&](std::int64_t begin, std::int64_t end) {
            detail::vector_binary(op, x + begin, y + begin, o + begin, end - begin);
          });
          return;
        }
      }
      detail::for_each_range(n, [&](std::int64_t begin, std::int64_t end) {
        detail::store_range(o, begin, end, stream, [&](std::int64_t i) { return F::apply(x[i], y[i]); });
      });
    } else if (a.strides) {
      const T s = *y;
      detail::for_each_range(n, [&](std::int64_t begin, std::int64_t end) {
        detail::store_range(o, begin, end, stream, [&](std::int64_t i) { return F::apply(x[i], s); });
      });
    } else if (b.strides) {
      const T s = *x;
      detail::for_each_range(n, [&](std::int64_t begin, std::int64_t end) {
        detail::store_range(o, begin, end, stream, [&](std::int64_t i) { return F::apply(s, y[i]); });
      });
    } else {
      const Out value = F::apply(*x, *y);
      detail::for_each_range(n, [&](std::int64_t begin, std::int64_t end) { std::fill(o + begin, o + end, value); });
    }
    return;
  }
  static const std::vector<std::int64_t> scalar_strides(32, 0);
  const auto& sa = a.strides ? *a.strides : scalar_strides;
  const auto& sb = b.strides ? *b.strides : scalar_strides;
  const std::int64_t la = sa.empty() ? 0 : (a.strides ? sa.back() : 0), lb = sb.empty() ? 0 : (b.strides ? sb.back() : 0);
  const std::int64_t lo = out.strides.empty() ? 0 : out.strides.back();
  // Rows of unit stride (an operand broadcast along the row reads one element: stride 0) in vectorisable
  // loops; any other strides element by element.
  for_each_row_shared<3>(out.shape, {&sa, &sb, &out.strides}, [&](const std::array<std::int64_t, 3>& at, std::int64_t count) {
    Out* po = o + at[2];
    const T* pa = a.data + at[0];
    const T* pb = b.data + at[1];
    if (lo == 1 && la == 1 && lb == 1) {
      detail::store_range(po, 0, count, stream, [&](std::int64_t i) { return F::apply(pa[i], pb[i]); });
    } else if (lo == 1 && la == 1 && lb == 0) {
      const T s = *pb;
      detail::store_range(po, 0, count, stream, [&](std::int64_t i) { return F::apply(pa[i], s); });
    } else if (lo == 1 && la == 0 && lb == 1) {
      const T s = *pa;
      detail::store_range(po, 0, count, stream, [&](std::int64_t i) { return F::apply(s, pb[i]); });
    } else {
      for (std::int64_t i = 0; i < count; ++i) po[i * lo] = F::apply(pa[i * la], pb[i * lb]);
    }
  });
}

/// The combine of a binary operation fused with the move of one operand (apply_while_moving): the moved
/// values, handed over at their places in the result's layout, meet the other operand's element there
/// and the result is stored, with the loops' own arithmetic (F::apply; ordinary or non-temporal stores as
/// binary_loop chooses for the whole result), so the values are those of the unfused operation.
template <class F, class T, class Out>
class OperationCombine final : public TargetCombine {
 public:
  OperationCombine(const T* staying, Out* out, bool mover_first, bool stream)
      : staying_(staying), out_(out), mover_first_(mover_first), stream_(stream) {}
  void apply(std::int64_t at, std::int64_t step, const std::byte* from, std::int64_t from_step,
             std::int64_t n) const noexcept override {
    const T* s = staying_ + at;
    const T* m = reinterpret_cast<const T*>(from);
    Out* o = out_ + at;
    if (step == 1 && from_step == 1) {
      if (mover_first_) detail::store_range(o, 0, n, stream_, [&](std::int64_t i) { return F::apply(m[i], s[i]); });
      else detail::store_range(o, 0, n, stream_, [&](std::int64_t i) { return F::apply(s[i], m[i]); });
    } else if (mover_first_) {
      for (std::int64_t i = 0; i < n; ++i) o[i * step] = F::apply(m[i * from_step], s[i * step]);
    } else {
      for (std::int64_t i = 0; i < n; ++i) o[i * step] = F::apply(s[i * step], m[i * from_step]);
    }
  }

 private:
  const T* staying_;
  Out* out_;
  bool mover_first_, stream_;
};

/// The combine that only stores the moved values, at their places, into memory with the result's strides:
/// for a rank whose other operand's shard has other strides than the result's (a permuted view, ghost
/// cells, shards given from outside), which then applies the operation locally.
class StoreCombine final : public TargetCombine {
 public:
  StoreCombine(std::byte* into, std::size_t item) : into_(into), item_(static_cast<std::int64_t>(item)) {}
  void apply(std::int64_t at, std::int64_t step, const std::byte* from, std::int64_t from_step,
             std::int64_t n) const noexcept override {
    for (std::int64_t i = 0; i < n; ++i) std::memcpy(into_ + (at + i * step) * item_, from + i * from_step * item_, item_);
  }

 private:
  std::byte* into_;
  std::int64_t item_;
};

/// Whether the loops compute op in `dtype` with libmvec's SIMD versions where operands are dense (their
/// last bits may differ from F::apply's; a fused operation, which computes element by element, is not used
/// for them, so that x + y gives the same bits whatever y's layout).
bool computes_with_vector_math(BinaryOp op, DType dtype) {
  if (dtype == DType::float64) return detail::vector_binary(op, static_cast<const double*>(nullptr), nullptr, nullptr, 0);
  if (dtype == DType::float32) return detail::vector_binary(op, static_cast<const float*>(nullptr), nullptr, nullptr, 0);
  return false;
}

/// Collective over the grid's communicator when it returns a result. `op` on two arrays of the result's
/// shape and of the compute dtype, one of them laid out as the result is and the other not, with the
/// other's move into the result's layout fused into the operation: the plan hands its values, from the
/// receive buffers and this rank's own shard, to an OperationCombine, so that no aligned copy of the
/// mover is written and read back (a third less memory traffic for x + y). Nothing, and no collective,
/// when the operands do not qualify (decided on global metadata only: every rank alike).
std::optional<Array> apply_while_moving(BinaryOp op, const Array& a1, const Array& a2,
                                        const std::shared_ptr<const Distribution>& layout, DType compute, DType result) {
  const bool first_moves = a1.distribution() != *layout, second_moves = a2.distribution() != *layout;
  if (first_moves == second_moves || a1.dtype() != compute || a2.dtype() != compute ||
      a1.global_shape() != layout->global_shape() || a2.global_shape() != layout->global_shape() ||
      (op == BinaryOp::pow && is_signed_integer(compute)) || computes_with_vector_math(op, compute)) {
    return std::nullopt;
  }
  const Array& mover = first_moves ? a1 : a2;
  const Array& staying = first_moves ? a2 : a1;
  std::optional<CapturedError> failure;
  std::optional<Array> y = Array::allocate_unagreed(result, staying.grid(), layout, {}, MemoryFill::none, failure);
  const RawView staying_view = staying.local(), target = y ? y->local() : RawView{};
  // Usually the operation is applied where the values land. A rank whose other operand's shard has other
  // strides than the result's (a permuted view, ghost cells, shards given from outside) has the moved values
  // stored into scratch with the result's strides, and applies the operation afterwards.
  const bool where_they_land = target.size() == 0 || staying_view.strides == target.strides;
  scratch_vector<std::byte> moved;
  if (!where_they_land) {
    try {
      moved.resize(static_cast<std::size_t>(target.size()) * staying_view.item_size);
    } catch (...) {
      if (!failure) failure = capture_current_exception();
    }
  }
  const RawView combined_target =
      where_they_land ? staying_view : RawView{moved.data(), staying_view.item_size, target.shape, target.strides};
  // The cache's reduction agrees on the allocations and on the plan's prepared combined exchange.
  const PlanViews views{mover.local(), combined_target, /*combined=*/true};
  const auto plan = cached_plan(staying.grid().comm(), mover.layout(), layout, std::nullopt, {}, &views, {}, &failure);
  if (!where_they_land) {
    plan->execute_combined(views.source, views.target, StoreCombine(moved.data(), staying_view.item_size));
  }
  detail::visit_op(op, [&]<class F>() {
    visit_dtype(compute, [&]<class T>() {
      if constexpr (accepts_v<F, T>) {
        using Out = decltype(F::apply(std::declval<T>(), std::declval<T>()));
        if (where_they_land) {
          const OperationCombine<F, T, Out> combine(reinterpret_cast<const T*>(staying_view.data),
                                                    reinterpret_cast<Out*>(target.data), first_moves,
                                                    detail::streams_result(target.size(), sizeof(Out)));
          plan->execute_combined(views.source, views.target, combine);
        } else {
          const Input<T> s{reinterpret_cast<const T*>(staying_view.data), &staying_view.strides};
          const Input<T> m{reinterpret_cast<const T*>(combined_target.data), &combined_target.strides};
          binary_loop<F, T, Out>(op, first_moves ? m : s, first_moves ? s : m, target);
        }
      }
    });
  });
  return std::move(*y);
}

/// Whether any element of a view is negative.
template <class T>
bool any_negative(const RawView& view) {
  const auto* data = reinterpret_cast<const T*>(view.data);
  const std::int64_t step = view.strides.empty() ? 0 : view.strides.back();
  bool found = false;
  for_each_row<1>(view.shape, {&view.strides}, [&](const std::array<std::int64_t, 1>& at, std::int64_t n) {
    for (std::int64_t i = 0; i < n && !found; ++i) found = data[at[0] + i * step] < 0;
  });
  return found;
}

}  // namespace

// ---- conversion ------------------------------------------------------------------------------------

namespace {
template <class To, class From>
To convert(From v) {
  if constexpr (std::is_same_v<To, bool>) {
    return v != From(0);
  } else if constexpr (is_complex_v<To>) {
    if constexpr (is_complex_v<From>) return To(v);
    else return To(static_cast<typename To::value_type>(v));
  } else if constexpr (is_complex_v<From>) {
    return convert<To>(v.real());  // the real part, as NumPy does
  } else if constexpr (is_int_v<To> && std::is_floating_point_v<From>) {
    // Truncation toward zero; NaN and values out of range give the minimum (as x86 conversions do).
    const From low = From(std::numeric_limits<To>::min());                        // exact: 0 or -2^(bits-1)
    const From high = std::ldexp(From(1), std::numeric_limits<To>::digits);       // 2^(bits-1) or 2^bits
    if (!(v > low - 1 && v < high)) return std::numeric_limits<To>::min();
    return static_cast<To>(v);
  } else {
    return static_cast<To>(v);
  }
}
}  // namespace

Array astype(const Array& x, DType dtype) {
  const auto checked = check_call(x.grid().comm(), "astype", arg("x", x), arg("dtype", dtype));
  Array y = Array::allocate(dtype, x.grid(), x.layout(), {}, /*zero=*/false);
  if (!x.holds_shard()) return y;
  const RawView in = x.local(), out = y.local();
  visit_dtype(x.dtype(), [&]<class From>() {
    visit_dtype(dtype, [&]<class To>() {
      const auto* a = reinterpret_cast<const From*>(in.data);
      auto* o = reinterpret_cast<To*>(out.data);
      const std::int64_t sa = in.strides.empty() ? 0 : in.strides.back(), so = out.strides.empty() ? 0 : out.strides.back();
      for_each_row<2>(in.shape, {&in.strides, &out.strides}, [&](const std::array<std::int64_t, 2>& at, std::int64_t n) {
        for (std::int64_t i = 0; i < n; ++i) o[at[1] + i * so] = convert<To>(a[at[0] + i * sa]);
      });
    });
  });
  return y;
}

// ---- unary -----------------------------------------------------------------------------------------

Array apply(UnaryOp op, const Array& x) {
  const auto checked = check_call(x.grid().comm(), op_name(op), arg("x", x));
  const DType out_dtype = result_dtype(op, x.dtype());
  Array y = Array::allocate(out_dtype, x.grid(), x.layout(), {}, /*zero=*/false);
  if (!x.holds_shard()) return y;
  const RawView in = x.local(), out = y.local();
  detail::visit_op(op, [&]<class F>() {
    visit_dtype(x.dtype(), [&]<class T>() {
      if constexpr (accepts_v<F, T>) {
        using Out = decltype(F::apply(std::declval<T>()));
        unary_loop<F, T, Out>(op, in, out);
      }
    });
  });
  return y;
}

// ---- binary ----------------------------------------------------------------------------------------

std::shared_ptr<const Distribution> elementwise_result_layout(const std::vector<std::int64_t>& shape,
                                                              const ProcessGrid& grid,
                                                              std::span<const Array* const> operands) {
  auto distributed = [](const Array* a) {
    if (!a) return false;
    for (int axis = 0; axis < a->ndim(); ++axis) {
      if (a->layout()->grid_axis_of(axis) >= 0) return true;
    }
    return false;
  };
  for (const Array* a : operands) {
    if (distributed(a) && a->global_shape() == shape) return a->layout();
  }
  if (std::any_of(operands.begin(), operands.end(), distributed)) return default_layout(shape, grid);
  for (const Array* a : operands) {
    if (a && a->global_shape() == shape) return a->layout();
  }
  return default_layout(shape, grid);
}

namespace {
/// The communicator of the first array operand, or null when both are scalars.
const Comm* operands_comm(const Operand& x1, const Operand& x2) {
  const Array* first = std::holds_alternative<Array>(x1) ? &std::get<Array>(x1) : std::get_if<Array>(&x2);
  return first ? &first->grid().comm() : nullptr;
}
}  // namespace

Array apply(BinaryOp op, const Operand& x1, const Operand& x2, const Array* out) {
  const auto checked = check_call(operands_comm(x1, x2), op_name(op), arg("x1", x1), arg("x2", x2), arg("out", out));
  const std::string name(op_name(op));
  const Array* a1 = std::get_if<Array>(&x1);
  const Array* a2 = std::get_if<Array>(&x2);
  if (!a1 && !a2) throw TypeError(name + ": expected at least one array operand, got two scalars");
  if (a1 && a2) require_same_grid(*a1, *a2);
  const Array& first = a1 ? *a1 : *a2;
  if (out) require_same_grid(first, *out);
  // Scalars take the dtype of the array they meet (a Python complex meeting a real floating array takes
  // the complex dtype of the same precision, as the standard allows since 2024.12).
  auto scalar_dtype = [](const Scalar& s, DType array_dtype) {
    const bool complex_scalar = std::holds_alternative<std::complex<double>>(s);
    return complex_scalar && is_real_floating(array_dtype) ? complex_dtype(array_dtype) : array_dtype;
  };
  const DType d1 = a1 ? a1->dtype() : scalar_dtype(std::get<Scalar>(x1), a2->dtype());
  const DType d2 = a2 ? a2->dtype() : scalar_dtype(std::get<Scalar>(x2), a1->dtype());
  if (!a1) require_scalar_fits(std::get<Scalar>(x1), d1, name);
  if (!a2) require_scalar_fits(std::get<Scalar>(x2), d2, name);
  const DType compute = compute_dtype(op, d1, d2);
  const DType result = apply_result_rule(info(op).result, compute);
  const std::vector<std::int64_t> shape =
      a1 && a2 ? broadcast_shapes(a1->global_shape(), a2->global_shape()) : first.global_shape();

  // The result's layout: `out`'s, else chosen from the operands (elementwise_result_layout).
  const ProcessGrid& grid = first.grid();
  std::shared_ptr<const Distribution> layout;
  if (out) {
    // As NumPy: a result that does not fit out's shape is a ValueError, one out's dtype cannot hold a
    // TypeError (NumPy's UFuncTypeError), for every in-place operator alike (@= too).
    if (out->global_shape() != shape) {
      throw std::invalid_argument(name + ": the in-place result must keep the shape " +
                                  format_shape(out->global_shape()) + ", but the operation gives shape " +
                                  format_shape(shape));
    }
    if (out->dtype() != result) {
      throw TypeError(name + ": the in-place result must keep the dtype " + std::string(dtype_name(out->dtype())) +
                      ", but the operation gives " + std::string(dtype_name(result)) +
                      ", which cannot be stored in place");
    }
    layout = out->layout();
  } else {
    const Array* operands[] = {a1, a2};
    layout = elementwise_result_layout(shape, grid, operands);
  }
  if (a1 && a2 && !out) {  // one operand to move: moved and operated on in one pass, where that applies
    if (std::optional<Array> fused = apply_while_moving(op, *a1, *a2, layout, compute, result)) return std::move(*fused);
  }
  const std::optional<Array> b1 = a1 ? std::optional<Array>(align(*a1, grid, layout, compute)) : std::nullopt;
  const std::optional<Array> b2 = a2 ? std::optional<Array>(align(*a2, grid, layout, compute)) : std::nullopt;
  Array y = out ? *out : Array::allocate(result, grid, layout, {}, /*zero=*/false);
  RawView v1 = b1 ? b1->local() : RawView{}, v2 = b2 ? b2->local() : RawView{};
  // An operand read in place (align returned it unchanged) that is another array than `out` may share
  // memory with it (a view, or arrays over one buffer): where it does, it is read from a copy.
  const bool in_place_1 = out && a1 && b1->same_handle(*a1) && !a1->same_handle(*out);
  const bool in_place_2 = out && a2 && b2->same_handle(*a2) && !a2->same_handle(*out);
  StagedView staged_1, staged_2;
  if (in_place_1 || in_place_2) {
    const RawView target = y.local();
    const bool overlap_1 = in_place_1 && views_overlap(v1, target), overlap_2 = in_place_2 && views_overlap(v2, target);
    agree_on_errors(grid.comm(), [&] {
      if (overlap_1) staged_1 = dense_copy(v1), v1 = staged_1.view;
      if (overlap_2) staged_2 = dense_copy(v2), v2 = staged_2.view;
    });
  }
  // Integer pow agrees on negative exponents over the whole communicator: ranks outside a sub-grid join.
  const bool checks_exponent = op == BinaryOp::pow && is_signed_integer(compute);
  if (!y.holds_shard()) {
    if (checks_exponent) raise_if_any_rank_failed(grid.comm(), std::nullopt);
    return y;
  }

  const RawView target = y.local();
  bool negative_exponent = false;
  detail::visit_op(op, [&]<class F>() {
    visit_dtype(compute, [&]<class T>() {
      if constexpr (accepts_v<F, T>) {
        using Out = decltype(F::apply(std::declval<T>(), std::declval<T>()));
        T s1{}, s2{};
        if (!b1) s1 = scalar_value<T>(std::get<Scalar>(x1));
        if (!b2) s2 = scalar_value<T>(std::get<Scalar>(x2));
        const Input<T> i1{b1 ? reinterpret_cast<const T*>(v1.data) : &s1, b1 ? &v1.strides : nullptr};
        const Input<T> i2{b2 ? reinterpret_cast<const T*>(v2.data) : &s2, b2 ? &v2.strides : nullptr};
        if constexpr (std::is_same_v<F, detail::ops::pow> && std::is_signed_v<T> && is_int_v<T>) {
          // Integers to negative integer powers are an error, as in NumPy: agreed on below.
          negative_exponent = b2 ? any_negative<T>(v2) : s2 < 0;
          if (negative_exponent) return;
        }
        if constexpr (std::is_same_v<F, detail::ops::pow> && std::is_floating_point_v<T>) {
          // NumPy's fast scalar powers: x ** 2 is x * x and x ** -1 is 1 / x, with NumPy's bits (and the
          // multiply loop's speed: pow's general loop is several times slower).
          if (!b2 && s2 == T(2)) return binary_loop<detail::ops::multiply, T, Out>(BinaryOp::multiply, i1, i1, target);
          const T one = 1;
          if (!b2 && s2 == T(-1)) return binary_loop<detail::ops::divide, T, Out>(BinaryOp::divide, {&one, nullptr}, i1, target);
        }
        binary_loop<F, T, Out>(op, i1, i2, target);
      }
    });
  });
  if (checks_exponent) {
    raise_if_any_rank_failed(grid.comm(), negative_exponent ? std::optional<CapturedError>(CapturedError{
                                               ErrorKind::value, "pow: integers to negative integer powers are not allowed"})
                                                            : std::nullopt);
  }
  return y;
}

// ---- clip and where --------------------------------------------------------------------------------

Array clip(const Array& x, const std::optional<Operand>& min, const std::optional<Operand>& max) {
  const auto checked = check_call(x.grid().comm(), "clip", arg("x", x), arg("min", min), arg("max", max));
  require_kind("clip", "IR", x.dtype());
  Array y = x;
  bool copied = false;
  // clip keeps x's dtype: bounds must not promote it (the standard leaves mixed dtypes unspecified).
  auto bound = [&](const Operand& b, BinaryOp op) {
    if (const Array* a = std::get_if<Array>(&b); a && promote(x.dtype(), a->dtype()) != x.dtype()) {
      throw TypeError("clip: a bound of dtype " + std::string(dtype_name(a->dtype())) + " would change x's dtype " +
                      std::string(dtype_name(x.dtype())));
    }
    y = apply(op, y, b);
    copied = true;
  };
  if (min) bound(*min, BinaryOp::maximum);
  if (max) bound(*max, BinaryOp::minimum);
  if (y.global_shape() != x.global_shape()) {
    throw std::invalid_argument("clip: the bounds broadcast x of shape " + format_shape(x.global_shape()) + " to " +
                                format_shape(y.global_shape()));
  }
  return copied ? y : astype(x, x.dtype());
}

Array where(const Array& condition, const Operand& x1, const Operand& x2) {
  const auto checked = check_call(condition.grid().comm(), "where", arg("condition", condition), arg("x1", x1),
                                  arg("x2", x2));
  if (!is_bool(condition.dtype())) {
    throw TypeError("where: expected a bool condition, got " + std::string(dtype_name(condition.dtype())));
  }
  const Array* a1 = std::get_if<Array>(&x1);
  const Array* a2 = std::get_if<Array>(&x2);
  if (a1) require_same_grid(condition, *a1);
  if (a2) require_same_grid(condition, *a2);
  DType dtype;
  if (a1 && a2) {
    dtype = promote_or_throw(a1->dtype(), a2->dtype(), "where");
  } else if (a1 || a2) {
    dtype = (a1 ? a1 : a2)->dtype();
    require_scalar_fits(std::get<Scalar>(a1 ? x2 : x1), dtype, "where");
  } else {
    // Two scalars: the default dtype of the wider kind (bool only with bool).
    auto kind = [](const Scalar& s) { return std::visit([](auto v) {
      using V = decltype(v);
      return std::is_same_v<V, bool> ? 0 : std::is_integral_v<V> ? 1 : std::is_same_v<V, double> ? 2 : 3;
    }, s); };
    const int k1 = kind(std::get<Scalar>(x1)), k2 = kind(std::get<Scalar>(x2));
    if ((k1 == 0) != (k2 == 0)) throw TypeError("where: a Python bool does not combine with a number");
    const int k = std::max(k1, k2);
    dtype = k == 0 ? DType::bool_ : k == 1 ? default_integer_dtype : k == 2 ? default_real_dtype : default_complex_dtype;
  }
  std::vector<std::int64_t> shape = condition.global_shape();
  if (a1) shape = broadcast_shapes(shape, a1->global_shape());
  if (a2) shape = broadcast_shapes(shape, a2->global_shape());
  const ProcessGrid& grid = condition.grid();
  const Array* operands[] = {&condition, a1, a2};
  const std::shared_ptr<const Distribution> layout = elementwise_result_layout(shape, grid, operands);
  const Array c = align(condition, grid, layout, DType::bool_);
  const std::optional<Array> b1 = a1 ? std::optional<Array>(align(*a1, grid, layout, dtype)) : std::nullopt;
  const std::optional<Array> b2 = a2 ? std::optional<Array>(align(*a2, grid, layout, dtype)) : std::nullopt;
  Array y = Array::allocate(dtype, grid, layout, {}, /*zero=*/false);
  if (!y.holds_shard()) return y;
  const RawView vc = c.local(), out = y.local();
  const RawView v1 = b1 ? b1->local() : RawView{}, v2 = b2 ? b2->local() : RawView{};
  visit_dtype(dtype, [&]<class T>() {
    const T s1 = b1 ? T{} : scalar_value<T>(std::get<Scalar>(x1));
    const T s2 = b2 ? T{} : scalar_value<T>(std::get<Scalar>(x2));
    const auto* cond = reinterpret_cast<const bool*>(vc.data);
    const auto* p1 = b1 ? reinterpret_cast<const T*>(v1.data) : &s1;
    const auto* p2 = b2 ? reinterpret_cast<const T*>(v2.data) : &s2;
    auto* o = reinterpret_cast<T*>(out.data);
    static const std::vector<std::int64_t> zeros(32, 0);
    const auto& st1 = b1 ? v1.strides : zeros;
    const auto& st2 = b2 ? v2.strides : zeros;
    const int last = static_cast<int>(out.shape.size()) - 1;
    const std::int64_t lc = last < 0 ? 0 : vc.strides[last], l1 = last < 0 || !b1 ? 0 : st1[last],
                       l2 = last < 0 || !b2 ? 0 : st2[last], lo = last < 0 ? 0 : out.strides[last];
    for_each_row<4>(out.shape, {&vc.strides, &st1, &st2, &out.strides},
                    [&](const std::array<std::int64_t, 4>& at, std::int64_t n) {
                      for (std::int64_t i = 0; i < n; ++i) {
                        o[at[3] + i * lo] = cond[at[0] + i * lc] ? p1[at[1] + i * l1] : p2[at[2] + i * l2];
                      }
                    });
  });
  return y;
}

}  // namespace gingham
