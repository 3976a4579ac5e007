// .npy headers, no MPI: every dtype and shape formats to a header that parses back to itself, aligned
// as NumPy aligns it; headers written by numpy.save (versions 1.0 and 2.0, big-endian, Fortran order,
// Python 2's long integers, 3.0) parse; malformed and unsupported headers are refused with messages that
// say what was expected and what was found.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "gingham/core/errors.hpp"
#include "gingham/io/npy_header.hpp"

namespace gingham::io {
namespace {

/// A whole header around `dict` as NumPy lays it out (magic, version, length field, padding to 64).
std::string wrapped(const std::string& dict, int major = 1) {
  const std::size_t field = major == 1 ? 2 : 4;
  const std::size_t pad = 64 - (8 + field + dict.size() + 1) % 64;
  const std::size_t length = dict.size() + 1 + pad;
  std::string out = "\x93NUMPY";
  out += static_cast<char>(major);
  out += '\0';
  for (std::size_t k = 0; k < field; ++k) out += static_cast<char>((length >> (8 * k)) & 0xFF);
  return out + dict + std::string(pad, ' ') + "\n";
}

template <class Error>
std::string message_of(const std::string& header) {
  try {
    parse_npy_header(header, "'f.npy'");
  } catch (const Error& error) {
    return error.what();
  } catch (const std::exception& error) {
    return std::string("wrong exception type: ") + error.what();
  }
  return "no exception";
}

TEST(NpyHeader, EveryDtypeAndShapeRoundTrips) {
  const std::vector<std::vector<std::int64_t>> shapes = {{}, {0}, {1}, {7}, {3, 4}, {0, 5}, {2, 1, 3}, {1LL << 40}};
  for (DType dtype : all_dtypes) {
    for (const auto& shape : shapes) {
      for (bool fortran : {false, true}) {
        const std::string text = format_npy_header(dtype, shape, fortran);
        EXPECT_EQ(text.size() % 64, 0u);
        EXPECT_EQ(text.back(), '\n');
        EXPECT_EQ(npy_header_length(text.substr(0, npy_preamble_size), "f"), text.size());
        const NpyHeader header = parse_npy_header(text, "f");
        EXPECT_EQ(header.dtype, dtype);
        EXPECT_EQ(header.shape, shape);
        EXPECT_EQ(header.fortran_order, fortran);
        EXPECT_FALSE(header.big_endian);
        EXPECT_EQ(header.major_version, 1);
        EXPECT_EQ(header.data_offset, text.size());
        std::int64_t count = 1;
        for (std::int64_t extent : shape) count *= extent;
        EXPECT_EQ(header.data_bytes(), count * static_cast<std::int64_t>(item_size(dtype)));
      }
    }
  }
}

TEST(NpyHeader, FormatsAsNumpySaveDoes) {
  // numpy.save(f, numpy.zeros((3, 4))) and numpy.save(f, numpy.zeros((), bool)) in NumPy 1.24: the dict
  // sorted by key, the growth padding (21 - digits of the first extent), then spaces to 64 bytes.
  EXPECT_EQ(format_npy_header(DType::float64, {3, 4}),
            wrapped("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }" + std::string(20, ' ')));
  EXPECT_EQ(format_npy_header(DType::bool_, {}), wrapped("{'descr': '|b1', 'fortran_order': False, 'shape': (), }"));
  EXPECT_EQ(format_npy_header(DType::complex64, {12345}, true),
            wrapped("{'descr': '<c8', 'fortran_order': True, 'shape': (12345,), }" + std::string(16, ' ')));
  EXPECT_EQ(npy_descr(DType::uint16), "<u2");
  EXPECT_EQ(npy_descr(DType::int8), "|i1");
  EXPECT_EQ(npy_descr(DType::complex128), "<c16");
}

TEST(NpyHeader, ALongHeaderUsesVersionTwo) {
  const std::vector<std::int64_t> shape(7000, 1);  // about 21000 characters of shape: version 1.0
  const std::vector<std::int64_t> wide(22000, 1);  // about 66000: over 1.0's 65535
  const std::string text = format_npy_header(DType::int32, wide);
  EXPECT_EQ(static_cast<unsigned char>(text[6]), 2);
  EXPECT_EQ(text.size() % 64, 0u);
  const NpyHeader header = parse_npy_header(text, "f");
  EXPECT_EQ(header.major_version, 2);
  EXPECT_EQ(header.shape, wide);
  EXPECT_EQ(static_cast<unsigned char>(format_npy_header(DType::int32, shape)[6]), 1);
}

TEST(NpyHeader, ParsesHeadersOtherWritersProduce) {
  NpyHeader h = parse_npy_header(wrapped("{'descr': '>f8', 'fortran_order': True, 'shape': (2, 3), }"), "f");
  EXPECT_EQ(h.dtype, DType::float64);
  EXPECT_TRUE(h.big_endian);
  EXPECT_TRUE(h.fortran_order);
  h = parse_npy_header(wrapped("{'descr': '>i1', 'fortran_order': False, 'shape': (5,)}"), "f");  // no trailing comma
  EXPECT_FALSE(h.big_endian);  // one byte: no order
  h = parse_npy_header(wrapped("{\"shape\": (10L, 3L), \"fortran_order\": False, \"descr\": \"=u4\"}"), "f");
  EXPECT_EQ(h.dtype, DType::uint32);
  EXPECT_EQ(h.shape, (std::vector<std::int64_t>{10, 3}));
  h = parse_npy_header(wrapped("{'descr': '<c16', 'fortran_order': False, 'shape': (4,), }", 2), "f");
  EXPECT_EQ(h.major_version, 2);
  EXPECT_EQ(h.dtype, DType::complex128);
  h = parse_npy_header(wrapped("{'descr': '|b1', 'fortran_order': False, 'shape': (), }", 3), "f");
  EXPECT_EQ(h.major_version, 3);
  EXPECT_TRUE(h.shape.empty());
  EXPECT_EQ(h.element_count(), 1);
}

TEST(NpyHeader, RefusesWhatIsNotANpyHeader) {
  EXPECT_NE(message_of<std::invalid_argument>("PK\x03\x04 this is a zip file").find("magic string"), std::string::npos);
  std::string v4 = wrapped("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }");
  v4[6] = 4;
  EXPECT_NE(message_of<std::invalid_argument>(v4).find("version is 4.0"), std::string::npos);
  const std::string full = wrapped("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }");
  EXPECT_NE(message_of<std::invalid_argument>(full.substr(0, 40)).find("ends inside its header"), std::string::npos);
  EXPECT_NE(message_of<std::invalid_argument>(wrapped("{'descr': '<f8', 'shape': (3,), }")).find("no 'fortran_order'"),
            std::string::npos);
  EXPECT_NE(message_of<std::invalid_argument>(wrapped("{'descr': '<f8', 'fortran_order': 0, 'shape': (3,), }"))
                .find("expected True or False"), std::string::npos);
  EXPECT_NE(message_of<std::invalid_argument>(wrapped("{'descr': '<f8', 'fortran_order': False, 'shape': [3], }"))
                .find("expected a tuple"), std::string::npos);
  EXPECT_NE(message_of<std::invalid_argument>(wrapped("{'descr': '<f8', 'fortran_order': False, 'shape': (-3,), }"))
                .find("non-negative integer"), std::string::npos);
  EXPECT_NE(message_of<std::invalid_argument>(wrapped("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), 'x': 1}"))
                .find("the key 'x'"), std::string::npos);
  EXPECT_NE(message_of<std::invalid_argument>(wrapped("{'descr': '<f8', 'fortran_order': False, 'shape': (3,)")),
            "no exception");
  EXPECT_NE(message_of<std::invalid_argument>(
                wrapped("{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296), }"))
                .find("too large"), std::string::npos);
}

TEST(NpyHeader, RefusesElementTypesGinghamHasNot) {
  for (const char* descr : {"|O", "|O8", "<U5", "|S3", "<f2", "<M8[s]", "|V8", "<f16", "<i3"}) {
    const std::string message =
        message_of<TypeError>(wrapped(std::string("{'descr': '") + descr + "', 'fortran_order': False, 'shape': (3,), }"));
    EXPECT_NE(message.find(std::string("'") + descr + "'"), std::string::npos) << message;
    EXPECT_NE(message.find("gingham reads only"), std::string::npos) << message;
  }
  const std::string structured = message_of<TypeError>(
      wrapped("{'descr': [('a', '<i4'), ('b', '<f8')], 'fortran_order': False, 'shape': (3,), }"));
  EXPECT_NE(structured.find("structured array"), std::string::npos) << structured;
}

}  // namespace
}  // namespace gingham::io
