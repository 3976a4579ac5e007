#include "gingham/array/dtype.hpp"

namespace gingham {

std::size_t item_size(DType dtype) noexcept {
  return visit_dtype(dtype, []<class T>() { return sizeof(T); });
}

std::string_view dtype_name(DType dtype) noexcept {
  switch (dtype) {
#define GINGHAM_NAME_CASE(name, type, text) \
  case DType::name: return text;
    GINGHAM_FOR_EACH_DTYPE(GINGHAM_NAME_CASE)
#undef GINGHAM_NAME_CASE
  }
  return "?";
}

std::optional<DType> dtype_from_name(std::string_view name) noexcept {
  for (DType dtype : all_dtypes) {
    if (dtype_name(dtype) == name) return dtype;
  }
  return std::nullopt;
}

}  // namespace gingham
