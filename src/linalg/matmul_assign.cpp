// x @= y: the rules of in-place operators checked on every rank, matmul, and the product moved into
// x's shard by one redistribution plan.
#include "gingham/linalg/matmul_assign.hpp"

#include <stdexcept>
#include <string>

#include "gingham/array/call_arguments.hpp"
#include "gingham/array/promotion.hpp"
#include "gingham/array/redistribute.hpp"
#include "gingham/core/errors.hpp"
#include "gingham/core/format.hpp"
#include "gingham/linalg/matmul.hpp"

namespace gingham {

void matmul_assign(const Array& x, const Array& y) {
  const auto checked = check_call(x.grid().comm(), "matmul_assign", arg("x", x), arg("y", y));
  const std::string a(dtype_name(x.dtype())), b(dtype_name(y.dtype()));
  const std::optional<DType> promoted = promote(x.dtype(), y.dtype());
  if (!promoted) {
    throw TypeError("result_type: " + a + " and " + b + " do not promote (the standard has no mixed-kind promotion)");
  }
  if (*promoted != x.dtype()) {
    throw TypeError("@=: the product of " + a + " and " + b + " is " + std::string(dtype_name(*promoted)) +
                    ", which an in-place operator cannot store in " + a);
  }
  const std::string shapes = format_shape(x.global_shape()) + " and " + format_shape(y.global_shape());
  if (x.ndim() == 0 || y.ndim() == 0) {
    throw std::invalid_argument("@=: expected arrays of at least one dimension, got shapes " + shapes);
  }
  const auto& n = y.global_shape();
  if (y.ndim() < 2 || n[n.size() - 2] != n[n.size() - 1]) {
    throw std::invalid_argument("@=: the product of shapes " + shapes + " would not have the shape " +
                                format_shape(x.global_shape()) + " of the left operand");
  }
  const Array product = matmul(x, y);
  if (product.global_shape() != x.global_shape()) {
    throw std::invalid_argument("@=: the product of shapes " + shapes + " has shape " +
                                format_shape(product.global_shape()) + ", not the shape " +
                                format_shape(x.global_shape()) + " of the left operand");
  }
  const RedistributionPlan plan(x.grid().comm(), product.layout(), x.layout());
  Array target = x;
  redistribute(plan, product, target);
}

}  // namespace gingham
