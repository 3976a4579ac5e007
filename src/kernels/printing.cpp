// Printing (gingham/kernels/printing.hpp): the summarizing read shared with Python, and NumPy's
// array2string for C++ (numpy/core/arrayprint.py: _formatArray, FloatingFormat in 'maxprec' mode,
// IntegerFormat, BoolFormat, ComplexFloatingFormat), with the shortest round-trip digits of std::to_chars
// standing in for NumPy's Dragon4.
#include "gingham/kernels/printing.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <complex>
#include <cstring>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <type_traits>

#include "gingham/kernels/element.hpp"
#include "gingham/kernels/element_access.hpp"
#include "gingham/kernels/gather.hpp"

namespace gingham {
namespace {

std::int64_t product(const std::vector<std::int64_t>& shape) {
  std::int64_t n = 1;
  for (std::int64_t extent : shape) n *= extent;
  return n;
}

/// Local. Copies a strided view into dense row-major bytes.
void copy_dense(const RawView& view, std::byte* to) {
  const std::int64_t n = view.size();
  const std::size_t item = view.item_size;
  std::vector<std::int64_t> index(view.shape.size(), 0);
  for (std::int64_t f = 0; f < n; ++f) {
    std::int64_t offset = 0;
    for (std::size_t k = 0; k < index.size(); ++k) offset += index[k] * view.strides[k];
    std::memcpy(to + f * static_cast<std::int64_t>(item), view.data + offset * static_cast<std::int64_t>(item), item);
    for (std::int64_t k = static_cast<std::int64_t>(index.size()) - 1; k >= 0; --k) {
      if (++index[k] < view.shape[k]) break;
      index[k] = 0;
    }
  }
}

// ---- Element formats ------------------------------------------------------------------------------

/// One floating value's digits: "<int part>.<fraction>" positional, or "<mantissa>e<sign><exponent>".
template <class T>
std::string shortest(T value, std::chars_format format, int precision) {
  char text[512];
  std::string digits(text, std::to_chars(text, text + sizeof text, value, format).ptr);
  const std::size_t point = digits.find('.');
  const std::size_t stop = format == std::chars_format::scientific ? digits.find('e') : digits.size();
  if (point != std::string::npos && static_cast<int>(stop - point - 1) > precision) {  // cut at `precision`
    digits.assign(text, std::to_chars(text, text + sizeof text, value, format, precision).ptr);
    const std::size_t e = format == std::chars_format::scientific ? digits.find('e') : digits.size();
    std::size_t last = e;
    while (last > 0 && digits[last - 1] == '0') --last;
    digits.erase(last, e - last);
  }
  return digits;
}

/// NumPy's dragon4 output split as (sign and integer part, fraction digits, exponent text or "").
struct Digits {
  std::string integer, fraction, exponent;
};

template <class T>
Digits digits_of(T value, bool scientific, int precision, bool sign_plus) {
  std::string text = shortest(value, scientific ? std::chars_format::scientific : std::chars_format::fixed, precision);
  Digits d;
  if (scientific) {
    const std::size_t e = text.find('e');
    std::string exponent = text.substr(e + 1);  // "+05", "-100"
    d.exponent = exponent;
    text = text.substr(0, e);
  }
  const std::size_t point = text.find('.');
  d.integer = text.substr(0, point);
  d.fraction = point == std::string::npos ? "" : text.substr(point + 1);
  if (sign_plus && !std::signbit(value)) d.integer = "+" + d.integer;
  return d;
}

std::string pad_left(const std::string& text, std::size_t width) {
  return text.size() >= width ? text : std::string(width - text.size(), ' ') + text;
}

std::string pad_right(const std::string& text, std::size_t width) {
  return text.size() >= width ? text : text + std::string(width - text.size(), ' ');
}

/// FloatingFormat in 'maxprec' mode, sign '-' (or '+' for the imaginary parts of complex values).
template <class T>
class FloatFormat {
 public:
  FloatFormat(const std::vector<T>& values, int precision, bool sign_plus) : precision_(precision), sign_plus_(sign_plus) {
    std::vector<T> finite;
    bool any_nonfinite = false, negative_inf = false;
    T max_abs = 0, min_abs = 0;
    bool any_nonzero = false;
    for (T v : values) {
      if (!std::isfinite(v)) {
        any_nonfinite = true;
        negative_inf = negative_inf || (std::isinf(v) && v < 0);
        continue;
      }
      finite.push_back(v);
      if (v != 0) {
        const T a = std::abs(v);
        max_abs = any_nonzero ? std::max(max_abs, a) : a;
        min_abs = any_nonzero ? std::min(min_abs, a) : a;
        any_nonzero = true;
      }
    }
    if (any_nonzero) {
      exp_format_ = max_abs >= T(1e8) || min_abs < T(0.0001) ||
                    static_cast<double>(max_abs) / static_cast<double>(min_abs) > 1000.0;
    }
    if (finite.empty()) {
      pad_left_ = pad_right_ = 0;
    } else if (exp_format_) {
      std::size_t exp_len = 0, fraction = 0;
      for (T v : finite) {
        const Digits d = digits_of(v, true, precision_, sign_plus_);
        exp_len = std::max(exp_len, d.exponent.size());
        fraction = std::max(fraction, d.fraction.size());
        pad_left_ = std::max(pad_left_, d.integer.size());
      }
      exp_size_ = exp_len - 1;
      precision_ = static_cast<int>(fraction);
      pad_right_ = exp_size_ + 2 + fraction;
    } else {
      for (T v : finite) {
        const Digits d = digits_of(v, false, precision_, sign_plus_);
        pad_left_ = std::max(pad_left_, d.integer.size());
        pad_right_ = std::max(pad_right_, d.fraction.size());
      }
    }
    if (any_nonfinite) {
      const std::size_t inf_length = 3 + ((sign_plus_ || negative_inf) ? 1 : 0), offset = pad_right_ + 1;
      if (3 > offset) pad_left_ = std::max(pad_left_, 3 - offset);
      if (inf_length > offset) pad_left_ = std::max(pad_left_, inf_length - offset);
    }
  }

  std::string operator()(T v) const {
    if (!std::isfinite(v)) {
      const std::string text = std::isnan(v) ? std::string(sign_plus_ ? "+" : "") + "nan"
                                             : std::string(v < 0 ? "-" : sign_plus_ ? "+" : "") + "inf";
      return pad_left(text, pad_left_ + pad_right_ + 1);
    }
    if (exp_format_) {
      Digits d = digits_of(v, true, precision_, sign_plus_);
      if (d.fraction.size() < static_cast<std::size_t>(precision_)) {
        // NumPy's min_digits: more digits of the exact value (rounded), not zeros, past the shortest ones.
        char text[512];
        const std::string exact(text, std::to_chars(text, text + sizeof text, v, std::chars_format::scientific,
                                                    precision_).ptr);
        const std::size_t point = exact.find('.'), e = exact.find('e');
        d.fraction = exact.substr(point + 1, e - point - 1);
        d.integer = exact.substr(0, point);
        d.exponent = exact.substr(e + 1);
        if (sign_plus_ && !std::signbit(v)) d.integer = "+" + d.integer;
      }
      std::string exponent_digits = d.exponent.substr(1);
      if (exponent_digits.size() < exp_size_) exponent_digits.insert(0, exp_size_ - exponent_digits.size(), '0');
      return pad_left(d.integer, pad_left_) + "." + d.fraction + "e" + d.exponent[0] + exponent_digits;
    }
    const Digits d = digits_of(v, false, precision_, sign_plus_);
    return pad_left(d.integer, pad_left_) + "." + pad_right(d.fraction, pad_right_);
  }

 private:
  int precision_;
  bool sign_plus_;
  bool exp_format_ = false;
  std::size_t pad_left_ = 0, pad_right_ = 0, exp_size_ = 0;
};

template <class T>
T value_at(const std::byte* data, std::int64_t f) {
  T v;
  std::memcpy(&v, data + f * static_cast<std::int64_t>(sizeof(T)), sizeof(T));
  return v;
}

/// The element format of NumPy for dtype T, made from the printed (shown) elements.
template <class T>
std::function<std::string(std::int64_t)> element_format(const PrintedValues& values, const std::vector<std::int64_t>& shown,
                                                         int precision) {
  const std::byte* data = values.data.data();
  if constexpr (std::is_same_v<T, bool>) {
    const bool zero_d = values.shape.empty();
    return [data, zero_d](std::int64_t f) -> std::string {
      return value_at<bool>(data, f) ? (zero_d ? "True" : " True") : "False";
    };
  } else if constexpr (std::is_integral_v<T>) {
    std::size_t width = 0;
    for (std::int64_t f : shown) width = std::max(width, std::to_string(value_at<T>(data, f)).size());
    return [data, width](std::int64_t f) { return pad_left(std::to_string(value_at<T>(data, f)), width); };
  } else if constexpr (std::is_floating_point_v<T>) {
    std::vector<T> printed;
    for (std::int64_t f : shown) printed.push_back(value_at<T>(data, f));
    FloatFormat<T> format(printed, precision, false);
    return [data, format](std::int64_t f) { return format(value_at<T>(data, f)); };
  } else {  // complex: real and imaginary parts formatted apart, the imaginary one with its sign
    using R = typename T::value_type;
    std::vector<R> real, imag;
    for (std::int64_t f : shown) real.push_back(value_at<T>(data, f).real()), imag.push_back(value_at<T>(data, f).imag());
    FloatFormat<R> real_format(real, precision, false), imag_format(imag, precision, true);
    return [data, real_format, imag_format](std::int64_t f) {
      const T v = value_at<T>(data, f);
      std::string i = imag_format(v.imag());
      const std::size_t end = i.find_last_not_of(' ') + 1;
      i.insert(end, "j");
      return real_format(v.real()) + i;
    };
  }
}

// ---- Layout of the text (NumPy's _formatArray, legacy=False) --------------------------------------

void extend_line(std::string& s, std::string& line, const std::string& word, std::size_t width,
                 const std::string& next_line_prefix) {
  bool needs_wrap = line.size() + word.size() > width;
  if (line.size() <= next_line_prefix.size()) needs_wrap = false;  // wrapping would not help
  if (needs_wrap) {
    s += line.substr(0, line.find_last_not_of(' ') + 1) + "\n";
    line = next_line_prefix;
  }
  line += word;
}

class Layout {
 public:
  Layout(const std::vector<std::int64_t>& shape, std::function<std::string(std::int64_t)> format, std::string separator,
         std::int64_t edge, bool summarize)
      : shape_(shape), format_(std::move(format)), separator_(std::move(separator)), edge_(edge), summarize_(summarize) {
    strides_.assign(shape_.size(), 1);
    for (std::int64_t k = static_cast<std::int64_t>(shape_.size()) - 2; k >= 0; --k) strides_[k] = strides_[k + 1] * shape_[k + 1];
  }

  std::string text(std::size_t line_width, const std::string& next_line_prefix) const {
    return recurse(0, 0, next_line_prefix, line_width);
  }

 private:
  std::string recurse(std::size_t axis, std::int64_t offset, const std::string& hanging_indent, std::size_t width) const {
    const std::size_t axes_left = shape_.size() - axis;
    if (axes_left == 0) return format_(offset);
    const std::string next_hanging_indent = hanging_indent + " ";
    const std::size_t next_width = width - 1;  // len("]")
    const std::int64_t n = shape_[axis];
    const bool show_summary = summarize_ && 2 * edge_ < n;
    const std::int64_t leading = show_summary ? edge_ : 0, trailing = show_summary ? edge_ : n;
    auto at = [&](std::int64_t i) { return offset + i * strides_[axis]; };
    std::string s;
    std::string rstripped_separator = separator_.substr(0, separator_.find_last_not_of(' ') + 1);
    if (axes_left == 1) {
      const std::size_t element_width = width - std::max<std::size_t>(rstripped_separator.size(), 1);
      std::string line = hanging_indent;
      for (std::int64_t i = 0; i < leading; ++i) {
        extend_line(s, line, recurse(axis + 1, at(i), next_hanging_indent, next_width), element_width, hanging_indent);
        line += separator_;
      }
      if (show_summary) {
        extend_line(s, line, "...", element_width, hanging_indent);
        line += separator_;
      }
      for (std::int64_t i = trailing; i > 1; --i) {
        extend_line(s, line, recurse(axis + 1, at(n - i), next_hanging_indent, next_width), element_width, hanging_indent);
        line += separator_;
      }
      extend_line(s, line, recurse(axis + 1, at(n - 1), next_hanging_indent, next_width), element_width, hanging_indent);
      s += line;
    } else {
      const std::string line_separator = rstripped_separator + std::string(axes_left - 1, '\n');
      for (std::int64_t i = 0; i < leading; ++i) {
        s += hanging_indent + recurse(axis + 1, at(i), next_hanging_indent, next_width) + line_separator;
      }
      if (show_summary) s += hanging_indent + "..." + line_separator;
      for (std::int64_t i = trailing; i > 1; --i) {
        s += hanging_indent + recurse(axis + 1, at(n - i), next_hanging_indent, next_width) + line_separator;
      }
      s += hanging_indent + recurse(axis + 1, at(n - 1), next_hanging_indent, next_width);
    }
    return "[" + s.substr(hanging_indent.size()) + "]";
  }

  std::vector<std::int64_t> shape_, strides_;
  std::function<std::string(std::int64_t)> format_;
  std::string separator_;
  std::int64_t edge_;
  bool summarize_;
};

/// The flat positions NumPy prints (and sizes its formats from): all, or the corners of long axes.
std::vector<std::int64_t> shown_positions(const std::vector<std::int64_t>& shape, std::int64_t edge, bool summarize) {
  std::vector<std::int64_t> shown;
  const std::int64_t n = product(shape);
  std::vector<std::int64_t> index(shape.size(), 0);
  for (std::int64_t f = 0; f < n; ++f) {
    bool keep = true;
    for (std::size_t k = 0; k < shape.size() && keep; ++k) {
      keep = !(summarize && shape[k] > 2 * edge) || index[k] < edge || index[k] >= shape[k] - edge;
    }
    if (keep) shown.push_back(f);
    for (std::int64_t k = static_cast<std::int64_t>(shape.size()) - 1; k >= 0; --k) {
      if (++index[k] < shape[k]) break;
      index[k] = 0;
    }
  }
  return shown;
}

}  // namespace

PrintedValues printed_values(const Array& x, std::int64_t threshold, std::int64_t edgeitems) {
  // No check_call here: a 0-D or replicated array prints on one rank alone (a debugger, a log line); the
  // collective paths below are checked entry points of their own (gather_to_all, read_elements).
  if (threshold < 0 || edgeitems < 0) {
    throw std::invalid_argument("gingham::printed_values: expected threshold >= 0 and edgeitems >= 0, got " +
                                std::to_string(threshold) + " and " + std::to_string(edgeitems));
  }
  const std::size_t item = item_size(x.dtype());
  const std::vector<std::int64_t>& shape = x.global_shape();
  PrintedValues result{x.dtype(), shape, {}, false};
  const std::int64_t size = product(shape);
  if (x.distribution().is_replicated() && x.grid().size() == x.grid().comm().size()) {  // every rank holds it
    result.data.resize(static_cast<std::size_t>(size) * item);
    if (size > 0) copy_dense(x.local(), result.data.data());
    result.summarized = size > threshold;
    return result;
  }
  if (shape.empty()) {  // 0-D on a sub-grid: its owner's value, to every rank
    result.data.resize(item);
    read_element(x, std::vector<std::int64_t>{}, result.data.data());
    return result;
  }
  if (size <= threshold) {
    result.data.resize(static_cast<std::size_t>(size) * item);
    std::vector<std::int64_t> strides(shape.size(), 1);
    for (std::int64_t k = static_cast<std::int64_t>(shape.size()) - 2; k >= 0; --k) strides[k] = strides[k + 1] * shape[k + 1];
    gather_to_all(x, RawView{size > 0 ? result.data.data() : nullptr, item, shape, strides});
    return result;
  }
  // Summarized: only the corners travel; then one stand-in index in the middle of each long axis.
  std::vector<std::vector<std::int64_t>> kept(shape.size());
  std::vector<std::int64_t> kept_shape, printed_shape;
  for (std::size_t k = 0; k < shape.size(); ++k) {
    for (std::int64_t i = 0; i < shape[k]; ++i) {
      if (shape[k] <= 2 * edgeitems || i < edgeitems || i >= shape[k] - edgeitems) kept[k].push_back(i);
    }
    kept_shape.push_back(static_cast<std::int64_t>(kept[k].size()));
    printed_shape.push_back(kept_shape.back() + (shape[k] > 2 * edgeitems ? 1 : 0));
  }
  std::vector<std::int64_t> flat;
  std::vector<std::int64_t> index(shape.size(), 0);
  for (std::int64_t f = 0, n = product(kept_shape); f < n; ++f) {
    std::int64_t position = 0;
    for (std::size_t k = 0; k < shape.size(); ++k) position = position * shape[k] + kept[k][index[k]];
    flat.push_back(position);
    for (std::int64_t k = static_cast<std::int64_t>(shape.size()) - 1; k >= 0; --k) {
      if (++index[k] < kept_shape[k]) break;
      index[k] = 0;
    }
  }
  std::vector<std::byte> corners(flat.size() * item);
  read_elements(x, flat, corners.data());
  result.shape = printed_shape;
  result.summarized = true;
  result.data.assign(static_cast<std::size_t>(product(printed_shape)) * item, std::byte{0});
  index.assign(shape.size(), 0);
  for (std::int64_t f = 0, n = product(printed_shape); f < n; ++f) {
    bool stand_in = false;
    std::int64_t source = 0;
    for (std::size_t k = 0; k < shape.size(); ++k) {
      std::int64_t i = index[k];
      if (shape[k] > 2 * edgeitems) {
        stand_in = stand_in || i == edgeitems;
        if (i > edgeitems) --i;
      }
      source = source * kept_shape[k] + i;
    }
    if (!stand_in) std::memcpy(result.data.data() + f * static_cast<std::int64_t>(item), corners.data() + source * static_cast<std::int64_t>(item), item);
    for (std::int64_t k = static_cast<std::int64_t>(shape.size()) - 1; k >= 0; --k) {
      if (++index[k] < printed_shape[k]) break;
      index[k] = 0;
    }
  }
  return result;
}

std::string format_values(const PrintedValues& values, const std::string& separator, const std::string& prefix,
                          const PrintOptions& options) {
  const std::int64_t size = product(values.shape);
  if (size == 0) return "[]";
  const std::vector<std::int64_t> shown = shown_positions(values.shape, options.edgeitems, values.summarized);
  auto format = visit_dtype(values.dtype, [&]<class T>() { return element_format<T>(values, shown, options.precision); });
  if (values.shape.empty()) return format(0);
  const Layout layout(values.shape, std::move(format), separator, options.edgeitems, values.summarized);
  return layout.text(static_cast<std::size_t>(options.linewidth), " " + std::string(prefix.size(), ' '));
}

std::string array_repr(const Array& x, const PrintOptions& options) {
  const PrintedValues values = printed_values(x, options.threshold, options.edgeitems);
  const std::string prefix = "gingham.Array(";
  std::string layout = x.distribution().describe();
  if (layout.rfind("Distribution(", 0) == 0) layout.insert(0, "gingham.");
  return prefix + format_values(values, ", ", prefix, options) + ", dtype=" + std::string(dtype_name(x.dtype())) +
         ", distribution=" + layout + ")";
}

std::ostream& operator<<(std::ostream& out, const Array& x) { return out << array_repr(x); }

}  // namespace gingham
