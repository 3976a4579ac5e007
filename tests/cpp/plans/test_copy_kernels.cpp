// The executor's local copy kernels on deliberately misaligned buffers (complex64 elements are 8 bytes
// with 4-byte alignment, and slices start anywhere), against plain byte-copy loops. This binary is built
// with -fsanitize=alignment and no recovery, so any access that assumes more alignment than the data
// has aborts the run; the results are compared element by element as well.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "src/plans/copy_kernels.hpp"

namespace gingham::detail {
namespace {

/// A buffer of `bytes` bytes, plus slack, whose usable part starts `misalignment` bytes past a
/// 32-byte boundary.
class Buffer {
 public:
  Buffer(std::size_t bytes, std::size_t misalignment) : storage_(bytes + 64) {
    const auto address = reinterpret_cast<std::uintptr_t>(storage_.data());
    data_ = storage_.data() + ((32 - address % 32) % 32) + misalignment;
  }
  std::byte* data() { return data_; }

 private:
  std::vector<std::byte> storage_;
  std::byte* data_;
};

/// Fills `n` bytes with a pattern that differs at every byte position.
void fill(std::byte* data, std::size_t n, unsigned seed) {
  for (std::size_t i = 0; i < n; ++i) data[i] = static_cast<std::byte>((i * 131 + seed * 17 + i / 251) & 0xff);
}

/// The reference transpose: one element at a time, by bytes.
void plain_transpose(std::byte* b, std::int64_t ldb, const std::byte* a, std::int64_t lda, std::int64_t ni,
                     std::int64_t nj, std::size_t item) {
  for (std::int64_t i = 0; i < ni; ++i) {
    for (std::int64_t j = 0; j < nj; ++j) std::memcpy(b + (i * ldb + j) * item, a + (j * lda + i) * item, item);
  }
}

struct Shape {
  std::int64_t ni, nj;
};
const std::vector<Shape> kShapes = {{1, 1},   {3, 5},   {4, 4},   {7, 9},   {8, 13},  {33, 37},
                                   {64, 40}, {5, 70},  {16, 24}, {29, 31}, {45, 19}, {12, 44}};
const std::vector<std::size_t> kMisalignments = {0, 1, 4, 12};

TEST(CopyKernels, TransposesOfEightByteElementsAtAnyAlignmentMatchAPlainLoop) {
  for (bool portable : {false, true}) {
    for (const Shape& s : kShapes) {
      for (std::size_t from_shift : kMisalignments) {
        for (std::size_t to_shift : kMisalignments) {
          const std::int64_t lda = s.ni + 3, ldb = s.nj + 1;  // padded leading dimensions, as in sub-arrays
          Buffer a(static_cast<std::size_t>(lda * s.nj * 8), from_shift);
          Buffer b(static_cast<std::size_t>(ldb * s.ni * 8), to_shift), expected(static_cast<std::size_t>(ldb * s.ni * 8), 0);
          fill(a.data(), static_cast<std::size_t>(lda * s.nj * 8), 1);
          fill(b.data(), static_cast<std::size_t>(ldb * s.ni * 8), 2);
          fill(expected.data(), static_cast<std::size_t>(ldb * s.ni * 8), 2);
          if (portable) transpose_8byte_portable(b.data(), ldb, a.data(), lda, s.ni, s.nj);
          else transpose_8byte(b.data(), ldb, a.data(), lda, s.ni, s.nj);
          plain_transpose(expected.data(), ldb, a.data(), lda, s.ni, s.nj, 8);
          ASSERT_EQ(std::memcmp(b.data(), expected.data(), static_cast<std::size_t>(ldb * s.ni * 8)), 0)
              << (portable ? "portable" : "dispatched") << " transpose of " << s.ni << " x " << s.nj << ", source +"
              << from_shift << " bytes, target +" << to_shift << " bytes";
        }
      }
    }
  }
}

TEST(CopyKernels, TiledCopiesAtAnyAlignmentMatchAPlainLoop) {
  // Evenly spaced rows (transposing into rows and out of rows: the 8-byte transpose path) and unevenly
  // spaced rows, for every element size.
  for (std::size_t item : {1, 2, 4, 8, 16}) {
    for (std::size_t shift : kMisalignments) {
      for (int pattern = 0; pattern < 3; ++pattern) {
        const int rows = 13;
        const std::int64_t cols = 37;
        std::vector<std::int64_t> from_row(rows), to_row(rows);
        std::int64_t from_step = 0, to_step = 0;
        for (int r = 0; r < rows; ++r) {
          if (pattern == 0) from_row[r] = r, to_row[r] = r * cols, from_step = rows, to_step = 1;         // transpose into rows
          if (pattern == 1) from_row[r] = r * cols, to_row[r] = r, from_step = 1, to_step = rows;         // transpose out of rows
          if (pattern == 2) from_row[r] = r * r, to_row[r] = 3 * r, from_step = rows * rows, to_step = 3 * rows;  // uneven
        }
        const std::size_t bytes = static_cast<std::size_t>(rows * rows * cols + rows * rows) * item;
        Buffer from(bytes, shift), to(bytes, (shift * 3) % 16), expected(bytes, 0);
        fill(from.data(), bytes, 3);
        fill(to.data(), bytes, 4);
        fill(expected.data(), bytes, 4);
        tiled_copy(to.data(), to_row.data(), to_step, from.data(), from_row.data(), from_step, rows, cols, item);
        for (int r = 0; r < rows; ++r) {
          for (std::int64_t c = 0; c < cols; ++c) {
            std::memcpy(expected.data() + (to_row[r] + c * to_step) * item, from.data() + (from_row[r] + c * from_step) * item, item);
          }
        }
        ASSERT_EQ(std::memcmp(to.data(), expected.data(), bytes), 0)
            << "elements of " << item << " bytes, pattern " << pattern << ", shift " << shift;
      }
    }
  }
}

TEST(CopyKernels, StridedCopiesAtAnyAlignmentMatchAPlainLoop) {
  for (std::size_t item : {1, 2, 4, 8, 16}) {
    for (std::size_t shift : kMisalignments) {
      for (std::int64_t step : {1, 3, -2, -1}) {
        const std::int64_t n = 29, span = 3 * n + 2;
        const std::size_t bytes = static_cast<std::size_t>(span) * item;
        Buffer from(bytes, shift), to(bytes, 4), expected(bytes, 0);
        fill(from.data(), bytes, 5);
        fill(to.data(), bytes, 6);
        fill(expected.data(), bytes, 6);
        const std::int64_t origin = step < 0 ? span - 1 : 0;  // negative steps walk down from the end
        strided_copy(to.data() + origin * static_cast<std::int64_t>(item), step, from.data(), 1, n, item);
        for (std::int64_t e = 0; e < n; ++e) {
          std::memcpy(expected.data() + (origin + e * step) * static_cast<std::int64_t>(item), from.data() + e * item, item);
        }
        ASSERT_EQ(std::memcmp(to.data(), expected.data(), bytes), 0) << item << " bytes, shift " << shift << ", step " << step;
      }
    }
  }
}

TEST(CopyKernels, ReversingCopiesOfEverySizeAndAlignmentMatchAPlainLoopAndStopAtTheEnds) {
  // Lengths around the 32-byte registers of the AVX2 kernel (whole registers, a tail, neither), reading
  // downwards from a source element and writing upwards, both directly and through strided_copy's steps
  // of -1 on either side; the bytes around the written range stay as they were.
  for (int way = 0; way < 5; ++way) {  // portable, dispatched, strided_copy(1, -1), strided_copy(-1, 1), streamed
    for (std::size_t item : {1, 2, 4, 8, 16}) {
      for (std::int64_t n : {0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 64, 100, 257}) {
        for (std::size_t shift : kMisalignments) {
          const std::int64_t isize = static_cast<std::int64_t>(item);
          const std::size_t bytes = static_cast<std::size_t>((n + 8) * isize);
          Buffer from(bytes, shift), to(bytes, (shift * 5 + 3) % 16), expected(bytes, 0);
          fill(from.data(), bytes, 9);
          fill(to.data(), bytes, 10);
          fill(expected.data(), bytes, 10);
          std::byte* first_to = to.data() + 4 * isize;           // 4 elements of margin below and above
          const std::byte* first_from = from.data() + (n + 3) * isize;  // the first element read: the highest
          for (std::int64_t e = 0; e < n; ++e) std::memcpy(expected.data() + (4 + e) * isize, first_from - e * isize, item);
          if (way == 0) reversed_copy_portable(first_to, first_from, n, item);
          if (way == 1) reversed_copy(first_to, first_from, n, item);
          if (way == 2) strided_copy(first_to, 1, first_from, -1, n, item);
          if (way == 3 && n > 0) strided_copy(first_to + (n - 1) * isize, -1, first_from - (n - 1) * isize, 1, n, item);
          if (way == 4) reversed_copy(first_to, first_from, n, item, /*stream=*/true), stream_fence();
          ASSERT_EQ(std::memcmp(to.data(), expected.data(), bytes), 0)
              << "way " << way << ", " << n << " elements of " << item << " bytes, shift " << shift;
        }
      }
    }
  }
  std::byte a[96] = {}, b[96] = {};
  EXPECT_THROW(reversed_copy(b, a + 64, 3, 3), std::logic_error);
}

TEST(CopyKernels, StreamingCopiesAtAnyAlignmentAndLengthMatchMemcpyAndStopAtTheEnd) {
  for (std::size_t from_shift : {0, 1, 4, 13}) {
    for (std::size_t to_shift : {0, 3, 8, 15}) {
      for (std::size_t bytes : {0, 1, 15, 16, 17, 100, 1024, 4099}) {
        Buffer from(bytes + 32, from_shift), to(bytes + 32, to_shift), expected(bytes + 32, 0);
        fill(from.data(), bytes + 32, 7);
        fill(to.data(), bytes + 32, 8);
        fill(expected.data(), bytes + 32, 8);
        stream_copy(to.data(), from.data(), bytes);
        stream_fence();
        std::memcpy(expected.data(), from.data(), bytes);  // and the 32 bytes after stay as they were
        ASSERT_EQ(std::memcmp(to.data(), expected.data(), bytes + 32), 0)
            << bytes << " bytes, shifts " << from_shift << " and " << to_shift;
      }
    }
  }
}

TEST(CopyKernels, UnsupportedElementSizesAreRefused) {
  std::byte a[96] = {}, b[96] = {};
  const std::int64_t rows[2] = {0, 1};
  EXPECT_THROW(strided_copy(b, 2, a, 2, 3, 3), std::logic_error);
  EXPECT_THROW(tiled_copy(b, rows, 2, a, rows, 2, 2, 2, 32), std::logic_error);
}

}  // namespace
}  // namespace gingham::detail
