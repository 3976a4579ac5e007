#include "gingham/io/npy_header.hpp"

#include <cctype>
#include <cstring>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>

#include "gingham/core/errors.hpp"

namespace gingham::io {
namespace {

constexpr std::string_view kMagic = "\x93NUMPY";
constexpr std::size_t kMagicLength = 8;  // magic + two version bytes
constexpr std::size_t kAlignment = 64;   // numpy.lib.format.ARRAY_ALIGN
constexpr std::size_t kGrowthAxisDigits = 21;  // numpy.lib.format.GROWTH_AXIS_MAX_DIGITS

std::string quoted(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (std::isprint(static_cast<unsigned char>(c))) {
      out += c;
    } else {
      static const char digits[] = "0123456789abcdef";
      out += "\\x";
      out += digits[(static_cast<unsigned char>(c) >> 4) & 15];
      out += digits[static_cast<unsigned char>(c) & 15];
    }
  }
  return out + "'";
}

[[noreturn]] void malformed(std::string_view what, const std::string& detail) {
  throw std::invalid_argument("gingham: " + std::string(what) + " is not a valid .npy file: " + detail);
}

/// One value of the header's dict literal.
struct Value {
  enum Kind { string, boolean, tuple, other } kind = other;
  std::string text;                   // string: its contents; other: its source text
  bool flag = false;                  // boolean
  std::vector<std::int64_t> numbers;  // tuple of integers
};

/// A reader of the Python literal subset numpy writes (and numpy's reader accepts from other writers):
/// a dict of string keys; string, True/False and integer-tuple values; anything else kept as text.
class LiteralReader {
 public:
  LiteralReader(std::string_view text, std::string_view what) : text_(text), what_(what) {}

  std::map<std::string, Value> dict() {
    expect('{');
    std::map<std::string, Value> entries;
    while (skip_space(), peek() != '}') {
      if (peek() != '\'' && peek() != '"') fail("expected a quoted key");
      std::string key = string_literal();
      expect(':');
      if (entries.count(key)) fail("the key " + quoted(key) + " appears twice");
      entries[key] = value();
      skip_space();
      if (peek() == ',') ++at_;
      else if (peek() != '}') fail("expected ',' or '}'");
    }
    ++at_;
    skip_space();
    if (at_ != text_.size()) fail("unexpected text after the dict");
    return entries;
  }

 private:
  char peek() const { return at_ < text_.size() ? text_[at_] : '\0'; }
  void skip_space() {
    while (at_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[at_]))) ++at_;
  }
  void expect(char c) {
    skip_space();
    if (peek() != c) fail(std::string("expected '") + c + "'");
    ++at_;
  }
  [[noreturn]] void fail(const std::string& detail) const {
    malformed(what_, "its header " + quoted(text_) + " is not a dict literal of the form {'descr': '<f8', "
                     "'fortran_order': False, 'shape': (3, 4)} (" + detail + " at character " +
                     std::to_string(at_) + ")");
  }
  std::string string_literal() {
    const char quote = text_[at_++];
    std::string out;
    while (at_ < text_.size() && text_[at_] != quote) {
      if (text_[at_] == '\\') fail("escapes in strings are not supported");
      out += text_[at_++];
    }
    if (at_ >= text_.size()) fail("unterminated string");
    ++at_;
    return out;
  }
  std::int64_t integer() {
    skip_space();
    const std::size_t begin = at_;
    std::int64_t n = 0;
    while (std::isdigit(static_cast<unsigned char>(peek()))) {
      if (__builtin_mul_overflow(n, 10, &n) || __builtin_add_overflow(n, text_[at_] - '0', &n)) {
        fail("an extent beyond 64-bit integers");
      }
      ++at_;
    }
    if (at_ == begin) fail("expected a non-negative integer");
    if (peek() == 'L' || peek() == 'l') ++at_;  // Python 2 long literals
    return n;
  }
  Value value() {
    skip_space();
    Value v;
    const char c = peek();
    if (c == '\'' || c == '"') {
      v.kind = Value::string;
      v.text = string_literal();
    } else if (text_.substr(at_, 4) == "True") {
      v.kind = Value::boolean, v.flag = true, at_ += 4;
    } else if (text_.substr(at_, 5) == "False") {
      v.kind = Value::boolean, v.flag = false, at_ += 5;
    } else if (c == '(') {
      ++at_;
      v.kind = Value::tuple;
      bool comma = true;
      while (skip_space(), peek() != ')') {
        if (!comma) fail("expected ',' or ')' in a tuple");
        v.numbers.push_back(integer());
        skip_space();
        comma = peek() == ',';
        if (comma) ++at_;
      }
      if (v.numbers.size() == 1 && !comma) fail("a parenthesized integer where a tuple is expected");
      ++at_;
    } else {  // a list (structured dtype) or anything else: kept as source text, up to the matching bracket
      const std::size_t begin = at_;
      int depth = 0;
      for (; at_ < text_.size(); ++at_) {
        const char d = text_[at_];
        if (d == '[' || d == '(' || d == '{') ++depth;
        else if (d == ']' || d == ')' || d == '}') {
          if (depth == 0) break;
          --depth;
        } else if (d == ',' && depth == 0) break;
        else if (d == '\'' || d == '"') {
          const char quote = d;
          while (++at_ < text_.size() && text_[at_] != quote) {}
        }
      }
      v.text = std::string(text_.substr(begin, at_ - begin));
      if (v.text.empty()) fail("expected a value");
    }
    return v;
  }

  std::string_view text_, what_;
  std::size_t at_ = 0;
};

[[noreturn]] void unsupported_type(std::string_view what, const std::string& descr, const std::string& kind) {
  throw TypeError("gingham: " + std::string(what) + " holds elements of NumPy type " + quoted(descr) + " (" + kind +
                  "); gingham reads only bool, int8..int64, uint8..uint64, float32, float64, complex64 and "
                  "complex128 ('|b1', '<i8', '<f8', '<c16', ...)");
}

/// The dtype and byte order of a NumPy type string such as "<f8".
void read_descr(const std::string& descr, std::string_view what, NpyHeader& header) {
  auto unsupported = [&](const std::string& kind) { unsupported_type(what, descr, kind); };
  std::string_view body = descr;
  char order = '=';
  if (!body.empty() && std::strchr("<>|=", body.front()) != nullptr) order = body.front(), body.remove_prefix(1);
  if (body.empty()) unsupported("not a type string");
  const char kind = body.front();
  switch (kind) {
    case 'O': unsupported_type(what, descr, "Python objects");
    case 'U': case 'S': case 'a': unsupported_type(what, descr, "strings");
    case 'V': unsupported_type(what, descr, "raw bytes or records");
    case 'M': case 'm': unsupported_type(what, descr, "dates or time deltas");
    default: break;
  }
  int size = 0;
  if (body.size() < 2) unsupported("not a type string");
  for (char c : body.substr(1)) {
    if (!std::isdigit(static_cast<unsigned char>(c)) || size > 1000) unsupported("not a type string");
    size = size * 10 + (c - '0');
  }
  std::optional<DType> dtype;
  switch (kind) {
    case 'b': if (size == 1) dtype = DType::bool_; break;
    case 'i':
      dtype = size == 1 ? std::optional(DType::int8) : size == 2 ? std::optional(DType::int16)
            : size == 4 ? std::optional(DType::int32) : size == 8 ? std::optional(DType::int64) : std::nullopt;
      break;
    case 'u':
      dtype = size == 1 ? std::optional(DType::uint8) : size == 2 ? std::optional(DType::uint16)
            : size == 4 ? std::optional(DType::uint32) : size == 8 ? std::optional(DType::uint64) : std::nullopt;
      break;
    case 'f': dtype = size == 4 ? std::optional(DType::float32) : size == 8 ? std::optional(DType::float64) : std::nullopt; break;
    case 'c': dtype = size == 8 ? std::optional(DType::complex64) : size == 16 ? std::optional(DType::complex128) : std::nullopt; break;
    default: break;
  }
  if (!dtype) unsupported(kind == 'f' || kind == 'c' ? "a floating size gingham has no dtype for" : "no gingham dtype");
  header.dtype = *dtype;
  header.big_endian = order == '>' && item_size(*dtype) > 1;
}

std::string shape_repr(const std::vector<std::int64_t>& shape) {
  std::string out = "(";
  for (std::size_t k = 0; k < shape.size(); ++k) out += (k ? ", " : "") + std::to_string(shape[k]);
  return out + (shape.size() == 1 ? ",)" : ")");
}

}  // namespace

std::int64_t NpyHeader::element_count() const noexcept {
  std::int64_t n = 1;
  for (std::int64_t extent : shape) n *= extent;
  return n;
}

std::int64_t NpyHeader::data_bytes() const noexcept {
  return element_count() * static_cast<std::int64_t>(item_size(dtype));
}

std::size_t npy_header_length(std::string_view first, std::string_view what) {
  if (first.size() < kMagicLength || first.substr(0, kMagic.size()) != kMagic) {
    malformed(what, "it does not start with the magic string \\x93NUMPY (its first bytes are " +
                        quoted(first.substr(0, kMagicLength)) + ")");
  }
  const unsigned major = static_cast<unsigned char>(first[6]), minor = static_cast<unsigned char>(first[7]);
  if ((major != 1 && major != 2 && major != 3) || minor != 0) {
    malformed(what, "its format version is " + std::to_string(major) + "." + std::to_string(minor) +
                        "; gingham reads versions 1.0, 2.0 and 3.0");
  }
  const std::size_t field = major == 1 ? 2 : 4;
  if (first.size() < kMagicLength + field) malformed(what, "it ends inside its header");
  std::size_t length = 0;
  for (std::size_t k = 0; k < field; ++k) length |= std::size_t{static_cast<unsigned char>(first[kMagicLength + k])} << (8 * k);
  return kMagicLength + field + length;
}

NpyHeader parse_npy_header(std::string_view bytes, std::string_view what) {
  NpyHeader header;
  header.data_offset = npy_header_length(bytes, what);
  if (bytes.size() < header.data_offset) {
    malformed(what, "it ends inside its header (" + std::to_string(header.data_offset) + " header bytes expected, " +
                        std::to_string(bytes.size()) + " present)");
  }
  header.major_version = static_cast<unsigned char>(bytes[6]);
  const std::size_t field = header.major_version == 1 ? 2 : 4;
  const std::string_view text = bytes.substr(kMagicLength + field, header.data_offset - kMagicLength - field);
  if (header.major_version < 3) {
    for (char c : text) {
      if (static_cast<unsigned char>(c) >= 128) malformed(what, "its version 1/2 header is not latin-1 ASCII text");
    }
  }
  std::map<std::string, Value> entries = LiteralReader(text, what).dict();
  for (const auto& [key, value] : entries) {
    if (key != "descr" && key != "fortran_order" && key != "shape") {
      malformed(what, "its header has the key " + quoted(key) + "; expected exactly 'descr', 'fortran_order' and 'shape'");
    }
  }
  for (const char* key : {"descr", "fortran_order", "shape"}) {
    if (!entries.count(key)) {
      malformed(what, "its header has no " + quoted(key) + " key; expected 'descr', 'fortran_order' and 'shape'");
    }
  }
  const Value& descr = entries["descr"];
  if (descr.kind != Value::string) {
    throw TypeError("gingham: " + std::string(what) + " holds a structured array (descr " + descr.text +
                    "); gingham reads only arrays of one of its 13 dtypes (bool, int8..uint64, float32, float64, "
                    "complex64, complex128)");
  }
  read_descr(descr.text, what, header);
  if (entries["fortran_order"].kind != Value::boolean) {
    malformed(what, "its 'fortran_order' is " + entries["fortran_order"].text + ", expected True or False");
  }
  header.fortran_order = entries["fortran_order"].flag;
  if (entries["shape"].kind != Value::tuple) {
    malformed(what, "its 'shape' is " + entries["shape"].text + ", expected a tuple of non-negative integers");
  }
  header.shape = entries["shape"].numbers;
  std::int64_t count = 1;
  for (std::int64_t extent : header.shape) {
    if (__builtin_mul_overflow(count, extent, &count)) malformed(what, "its shape " + shape_repr(header.shape) + " is too large");
  }
  std::int64_t bytes_total = 0;
  if (__builtin_mul_overflow(count, static_cast<std::int64_t>(item_size(header.dtype)), &bytes_total)) {
    malformed(what, "its shape " + shape_repr(header.shape) + " is too large");
  }
  return header;
}

std::string npy_descr(DType dtype) {
  const std::size_t size = item_size(dtype);
  const std::string_view name = dtype_name(dtype);
  const char kind = dtype == DType::bool_ ? 'b' : name[0] == 'c' ? 'c' : name[0] == 'f' ? 'f' : name[0] == 'u' ? 'u' : 'i';
  return std::string(1, size == 1 ? '|' : '<') + kind + std::to_string(size);
}

std::string format_npy_header(DType dtype, const std::vector<std::int64_t>& shape, bool fortran_order) {
  std::string dict = "{'descr': '" + npy_descr(dtype) + "', 'fortran_order': " + (fortran_order ? "True" : "False") +
                     ", 'shape': " + shape_repr(shape) + ", }";
  if (!shape.empty()) {  // numpy's spare room to grow the header in place
    const std::size_t digits = std::to_string(fortran_order ? shape.back() : shape.front()).size();
    if (digits < kGrowthAxisDigits) dict.append(kGrowthAxisDigits - digits, ' ');
  }
  for (int major : {1, 2}) {
    const std::size_t field = major == 1 ? 2 : 4;
    const std::size_t text = dict.size() + 1;  // + the final newline
    const std::size_t pad = kAlignment - (kMagicLength + field + text) % kAlignment;
    const std::size_t length = text + pad;
    if (major == 1 && length > 0xFFFF) continue;
    std::string out(kMagic);
    out += static_cast<char>(major);
    out += '\0';
    for (std::size_t k = 0; k < field; ++k) out += static_cast<char>((length >> (8 * k)) & 0xFF);
    out += dict;
    out.append(pad, ' ');
    out += '\n';
    return out;
  }
  throw std::logic_error("gingham::format_npy_header: unreachable");
}

}  // namespace gingham::io
