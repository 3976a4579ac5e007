// The public reductions: argument checks every rank makes alike, the result's dtype and layout, and
// the dispatch from (reduction, dtype) to the engine (reduction_engine.hpp) with one of the operations
// of reduction_ops.hpp.
#include "gingham/kernels/reductions.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

#include "gingham/array/call_arguments.hpp"
#include "gingham/array/promotion.hpp"
#include "gingham/core/format.hpp"
#include "gingham/core/mpi_check.hpp"
#include "gingham/kernels/elementwise.hpp"
#include "reduction_ops.hpp"
#include "reduction_statistics.hpp"
#include "reduction_tree.hpp"

namespace gingham {

namespace {

struct ReductionInfo {
  std::string_view name, kinds;
};
constexpr ReductionInfo reduction_table[] = {
#define GINGHAM_ROW(name, kinds) {#name, kinds},
    GINGHAM_FOR_EACH_REDUCTION(GINGHAM_ROW)
#undef GINGHAM_ROW
};
const ReductionInfo& info(Reduction op) noexcept { return reduction_table[static_cast<int>(op)]; }

char kind_letter(DType d) { return is_bool(d) ? 'B' : is_integer(d) ? 'I' : is_complex_floating(d) ? 'C' : 'R'; }

/// "real floating-point, complex floating-point" for kinds "RC".
std::string kinds_text(std::string_view kinds) {
  static constexpr std::pair<char, std::string_view> names[] = {
      {'B', "bool"}, {'I', "integer"}, {'R', "real floating-point"}, {'C', "complex floating-point"}};
  std::string text;
  for (const auto& [letter, kind] : names) {
    if (kinds.find(letter) != std::string_view::npos) text += (text.empty() ? "" : " or ") + std::string(kind);
  }
  return text;
}

/// The default dtype of sums and products: int64 for bool and signed integers, uint64 for unsigned.
DType accumulation_dtype(DType x) {
  if (is_bool(x) || is_signed_integer(x)) return DType::int64;
  if (is_unsigned_integer(x)) return DType::uint64;
  return x;
}

bool is_extreme(Reduction op) {
  return op == Reduction::min || op == Reduction::max || op == Reduction::argmin || op == Reduction::argmax;
}

/// Writes integer sums or products (accumulated modulo 2^64) into y in y's integer dtype.
void write_wrapped(const Array& y, const detail::ReductionGeometry& g, const std::vector<std::uint64_t>& partials) {
  visit_dtype(y.dtype(), [&]<class R>() {
    if constexpr (std::is_integral_v<R> && !std::is_same_v<R, bool>) {
      detail::write_results<R>(y, g, partials, [](std::uint64_t v) { return static_cast<R>(v); });
    } else {
      throw std::logic_error("gingham: integer reduction into a non-integer dtype");
    }
  });
}

/// Runs `op` (an operation of reduction_ops.hpp on element type T) and writes finish(partial) into y.
template <class R, class T, class Op, class Finish>
void run(const Op& op, const Array& x, const detail::ReductionGeometry& g, const Array& y, Finish&& finish) {
  const auto partials = detail::partials_of<T>(op, x, g, /*tree=*/false);
  detail::write_results<R>(y, g, partials, finish);
}

/// Sum or product: wrapping integers, or floating point (deterministic mode: the tree).
template <class T, class Op>
void run_arithmetic(const Op& op, const Array& x, const detail::ReductionGeometry& g, const Array& y) {
  if constexpr (std::is_integral_v<T>) {
    write_wrapped(y, g, detail::partials_of<T>(op, x, g, /*tree=*/false));
  } else {
    const auto partials = detail::partials_of<T>(op, x, g, deterministic());
    detail::write_results<T>(y, g, partials, [](const auto& p) { return static_cast<T>(p); });
  }
}

}  // namespace

std::string_view reduction_name(Reduction op) noexcept { return info(op).name; }

std::optional<Reduction> reduction_named(std::string_view name) noexcept {
  for (std::size_t k = 0; k < std::size(reduction_table); ++k) {
    if (reduction_table[k].name == name) return static_cast<Reduction>(k);
  }
  return std::nullopt;
}

std::vector<int> normalize_axes(const std::optional<std::vector<int>>& axis, int ndim, std::string_view function) {
  std::vector<int> axes;
  if (!axis) {
    for (int a = 0; a < ndim; ++a) axes.push_back(a);
    return axes;
  }
  std::vector<char> seen(ndim, 0);
  for (int a : *axis) {
    if (a < -ndim || a >= ndim) {
      throw std::out_of_range(std::string(function) + ": axis " + std::to_string(a) +
                              " is out of bounds for an array of dimension " + std::to_string(ndim));
    }
    const int normalized = a < 0 ? a + ndim : a;
    if (seen[normalized]) {
      throw std::invalid_argument(std::string(function) + ": repeated axis " + std::to_string(a) + " in the axes");
    }
    seen[normalized] = 1;
    axes.push_back(normalized);
  }
  std::sort(axes.begin(), axes.end());
  return axes;
}

DType reduction_result_dtype(Reduction op, DType x, std::optional<DType> dtype) {
  const std::string name(reduction_name(op));
  if (info(op).kinds.find(kind_letter(x)) == std::string_view::npos) {
    std::string message = name + ": expected an array of dtype " + kinds_text(info(op).kinds) + ", got " +
                          std::string(dtype_name(x));
    if (op == Reduction::mean || op == Reduction::var || op == Reduction::std) {
      message += "; convert it first, for example with astype(x, float64)";
    }
    throw TypeError(message);
  }
  if (dtype && op != Reduction::sum && op != Reduction::prod) {
    throw std::invalid_argument(name + ": takes no dtype argument");
  }
  switch (op) {
    case Reduction::sum:
    case Reduction::prod:
      if (!dtype) return accumulation_dtype(x);
      if (is_bool(*dtype) || (is_complex_floating(x) && !is_complex_floating(*dtype)) ||
          (is_floating(x) && !is_floating(*dtype))) {
        throw TypeError(name + ": cannot accumulate an array of dtype " + std::string(dtype_name(x)) + " in dtype " +
                        std::string(dtype_name(*dtype)));
      }
      return *dtype;
    case Reduction::all:
    case Reduction::any: return DType::bool_;
    case Reduction::count_nonzero:
    case Reduction::argmin:
    case Reduction::argmax: return DType::int64;
    default: return x;
  }
}

Array reduce(Reduction op, const Array& x, const ReduceOptions& options) {
  const auto checked = check_call(x.grid().comm(), reduction_name(op), arg("x", x), arg("axis", options.axis),
                                  arg("keepdims", options.keepdims), arg("dtype", options.dtype),
                                  arg("correction", options.correction));
  const std::string name(reduction_name(op));
  if ((op == Reduction::argmin || op == Reduction::argmax) && options.axis && options.axis->size() != 1) {
    throw std::invalid_argument(name + ": expected a single axis or none, got " + std::to_string(options.axis->size()));
  }
  const DType out = reduction_result_dtype(op, x.dtype(), options.dtype);
  detail::ReductionGeometry g = detail::reduction_geometry(x, normalize_axes(options.axis, x.ndim(), name),
                                                           options.keepdims);
  if (is_extreme(op) && g.reduced_count == 0) {
    throw std::invalid_argument(name + ": the reduction has no elements (an array of shape " +
                                format_shape(x.global_shape()) + " reduced over an axis of extent 0), and " + name +
                                " has no identity");
  }
  Array y = Array::allocate(out, x.grid(), g.result_layout, {}, /*zero=*/false);
  if (op == Reduction::mean || op == Reduction::var || op == Reduction::std) {
    detail::reduce_statistics(op, x, g, y, options.correction);
    return y;
  }
  // Sums and products into a floating dtype other than x's convert x first (no messages).
  const Array in = (op == Reduction::sum || op == Reduction::prod) && is_floating(out) && out != x.dtype()
                       ? astype(x, out)
                       : x;
  visit_dtype(in.dtype(), [&]<class T>() {
    constexpr bool real = !detail::is_complex_element<T> && !std::is_same_v<T, bool>;
    switch (op) {
      case Reduction::sum: return run_arithmetic<T>(detail::SumOp<T>{}, in, g, y);
      case Reduction::prod: return run_arithmetic<T>(detail::ProdOp<T>{}, in, g, y);
      case Reduction::all:
        return run<bool, T>(detail::LogicalOp<T, true>{}, in, g, y, [](unsigned char p) { return p != 0; });
      case Reduction::any:
        return run<bool, T>(detail::LogicalOp<T, false>{}, in, g, y, [](unsigned char p) { return p != 0; });
      case Reduction::count_nonzero:
        return run<std::int64_t, T>(detail::CountNonzeroOp<T>{}, in, g, y, [](std::int64_t p) { return p; });
      default: break;
    }
    if constexpr (real) {
      auto value = [](const T& p) { return p; };
      auto index = [](const auto& p) { return p.index; };
      switch (op) {
        case Reduction::min: return run<T, T>(detail::ExtremeOp<T, false>{}, in, g, y, value);
        case Reduction::max: return run<T, T>(detail::ExtremeOp<T, true>{}, in, g, y, value);
        case Reduction::argmin: return run<std::int64_t, T>(detail::ArgExtremeOp<T, false>{}, in, g, y, index);
        case Reduction::argmax: return run<std::int64_t, T>(detail::ArgExtremeOp<T, true>{}, in, g, y, index);
        default: break;
      }
    }
    throw std::logic_error("gingham::reduce: " + name + " reached the dispatch with dtype " +
                           std::string(dtype_name(in.dtype())));
  });
  return y;
}

Array sum_of_squares(const Array& x, const std::vector<int>& axes, bool keepdims) {
  const auto checked = check_call(x.grid().comm(), "sum_of_squares", arg("x", x), arg("axes", axes),
                                  arg("keepdims", keepdims));
  if (!is_floating(x.dtype())) {
    throw TypeError("sum_of_squares: expected an array of dtype real or complex floating-point, got " +
                    std::string(dtype_name(x.dtype())));
  }
  const DType out = real_dtype(x.dtype());
  const detail::ReductionGeometry g =
      detail::reduction_geometry(x, normalize_axes(axes, x.ndim(), "sum_of_squares"), keepdims);
  Array y = Array::allocate(out, x.grid(), g.result_layout, {}, /*zero=*/false);
  visit_dtype(x.dtype(), [&]<class T>() {
    if constexpr (std::is_floating_point_v<T> || detail::is_complex_element<T>) {
      visit_dtype(out, [&]<class R>() {
        if constexpr (std::is_floating_point_v<R>) {
          const auto partials = detail::partials_of<T>(detail::SumOfSquaresOp<T>{}, x, g, deterministic());
          detail::write_results<R>(y, g, partials, [](double p) { return static_cast<R>(p); });
        }
      });
    }
  });
  return y;
}

Array sum(const Array& x, const ReduceOptions& options) {
  const auto checked = check_call(x.grid().comm(), "sum", arg("x", x), arg("axis", options.axis),
                                  arg("keepdims", options.keepdims), arg("dtype", options.dtype));
  return reduce(Reduction::sum, x, options);
}

template <class T>
T sum(const DistArray<T>& x) {
  const auto checked = check_call(x.grid().comm(), "sum", arg("x", x.array()));
  const Array total = reduce(Reduction::sum, x.array());
  T value{};
  visit_dtype(total.dtype(), [&]<class R>() {
    if constexpr (requires(R r) { static_cast<T>(r); }) {
      if (total.holds_shard()) value = static_cast<T>(*reinterpret_cast<const R*>(total.local().data));
    }
  });
  const Comm& comm = x.grid().comm();
  if (x.grid().size() < comm.size()) {  // ranks outside the grid receive the value from grid rank 0
    GINGHAM_MPI(MPI_Bcast(&value, sizeof(T), MPI_BYTE, 0, comm.get()));
  }
  return value;
}

#define GINGHAM_INSTANTIATE(name, type, text) template type sum(const DistArray<type>&);
GINGHAM_FOR_EACH_DTYPE(GINGHAM_INSTANTIATE)
#undef GINGHAM_INSTANTIATE

}  // namespace gingham
