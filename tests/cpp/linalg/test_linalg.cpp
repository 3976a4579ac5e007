// Linear algebra on ScaLAPACK: BLACS contexts, descriptors, and matmul on random grids, layouts,
// shapes and dtypes against a plain-loop reference of the gathered whole.
#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <random>
#include <type_traits>
#include <vector>

#include <mpi.h>

#include "gingham/array/redistribute.hpp"
#include "gingham/kernels/creation.hpp"
#include "gingham/kernels/gather.hpp"
#include "gingham/linalg/blacs_grid.hpp"
#include "gingham/linalg/descriptor.hpp"
#include "gingham/linalg/matmul.hpp"
#include "linalg_test_support.hpp"
#include "support.hpp"

namespace gingham {
namespace {

using test::all_ranks;
using test::draw;
using test::epsilon;
using test::make_array;
using test::random_values;

/// Whether `actual` (m x n, row-major) is A B within rounding: |c - ref| <= 8 k eps sum_l |a_il||b_lj|.
template <class T>
bool matches_product(const std::vector<T>& actual, const std::vector<T>& a, const std::vector<T>& b, std::int64_t m,
                     std::int64_t k, std::int64_t n) {
  if (static_cast<std::int64_t>(actual.size()) != m * n) return false;
  for (std::int64_t i = 0; i < m; ++i) {
    for (std::int64_t j = 0; j < n; ++j) {
      std::complex<long double> sum = 0;
      long double bound = 0;
      for (std::int64_t l = 0; l < k; ++l) {
        const std::complex<long double> x(std::real(a[i * k + l]), std::imag(a[i * k + l]));
        const std::complex<long double> y(std::real(b[l * n + j]), std::imag(b[l * n + j]));
        sum += x * y;
        bound += std::abs(x) * std::abs(y);
      }
      const std::complex<long double> c(std::real(actual[i * n + j]), std::imag(actual[i * n + j]));
      if (std::abs(c - sum) > 8 * (k + 1) * epsilon<T>() * bound + 1e-30L) return false;
    }
  }
  return true;
}

TEST(BlacsGrid, MapsGridCoordinatesAndIsCachedAndFreedWithTheGrid) {
  const int ranks = test::world_size();
  const int before = BlacsGrid::live_contexts();
  {
    const ProcessGrid line(Comm::world(), {ranks});
    const BlacsGrid row = BlacsGrid::of(line, -1, 0);  // 1 x P
    EXPECT_EQ(row.rows(), 1);
    EXPECT_EQ(row.cols(), ranks);
    EXPECT_EQ(row.my_row(), 0);
    EXPECT_EQ(row.my_col(), line.coords()[0]);
    const BlacsGrid column = BlacsGrid::of(line, 0, -1);  // P x 1
    EXPECT_EQ(column.rows(), ranks);
    EXPECT_EQ(column.my_row(), line.coords()[0]);
    EXPECT_EQ(BlacsGrid::of(line, -1, 0).context(), row.context());  // cached
    if (ranks > 1) EXPECT_NE(column.context(), row.context());
    EXPECT_EQ(BlacsGrid::live_contexts(), before + (ranks > 1 ? 2 : 1));
    if (ranks == 4) {
      const ProcessGrid square(Comm::world(), {2, 2});
      const BlacsGrid straight = BlacsGrid::of(square, 0, 1), transposed = BlacsGrid::of(square, 1, 0);
      EXPECT_EQ(straight.my_row(), square.coords()[0]);
      EXPECT_EQ(straight.my_col(), square.coords()[1]);
      EXPECT_EQ(transposed.my_row(), square.coords()[1]);
      EXPECT_EQ(transposed.my_col(), square.coords()[0]);
      EXPECT_THROW(BlacsGrid::of(square, 0, -1), std::invalid_argument);  // grid axis 1 would hold copies
      EXPECT_THROW(BlacsGrid::of(square, 1, 1), std::invalid_argument);
    }
  }
  EXPECT_EQ(BlacsGrid::live_contexts(), before);  // released when the grids' communicators were freed
}

extern "C" {
int Csys2blacs_handle(MPI_Comm comm);
void Cfree_blacs_system_handle(int handle);
void Cigsum2d(int context, const char* scope, const char* top, int m, int n, int* a, int lda, int rdest, int cdest);
}

// BLACS's table of system handles is compacted (live entries move forward) once more than 20 slots are
// free, as ScaLAPACK's own registrations (P?GEMR2D's, never freed) make it happen on some ranks only.
// A context made after that must still span the grid's own ranks, in the grid's order.
TEST(BlacsGrid, ContextsSpanTheGridAfterBlacsCompactsItsHandleTable) {
  const int ranks = test::world_size();
  const ProcessGrid line(Comm::world(), {ranks});
  // 30 handles taken before the grid's first context, freed after it: the table is compacted.
  std::vector<MPI_Comm> others(30, MPI_COMM_NULL);
  for (MPI_Comm& other : others) {
    MPI_Comm_dup(MPI_COMM_SELF, &other);
    Csys2blacs_handle(other);
  }
  const BlacsGrid row = BlacsGrid::of(line, -1, 0);  // 1 x P
  for (MPI_Comm& other : others) {
    Cfree_blacs_system_handle(Csys2blacs_handle(other));  // its slot now: compactions move the entries
    MPI_Comm_free(&other);
  }
  const BlacsGrid column = BlacsGrid::of(line, 0, -1);  // P x 1, made after the compaction
  EXPECT_EQ(column.rows(), ranks);
  EXPECT_EQ(column.cols(), 1);
  EXPECT_EQ(column.my_row(), line.coords()[0]);
  EXPECT_EQ(row.my_col(), line.coords()[0]);
  // The context spans the grid: a sum over its column scope reaches every rank.
  int sum = line.coords()[0] + 1;
  Cigsum2d(column.context(), "Column", " ", 1, 1, &sum, 1, -1, -1);
  EXPECT_EQ(sum, ranks * (ranks + 1) / 2);
}

TEST(BlacsGrid, RanksOffTheGridAreRefused) {
  if (test::world_size() < 2) GTEST_SKIP();
  const ProcessGrid one(Comm::world(), {1});
  if (one.contains_this_rank()) EXPECT_EQ(BlacsGrid::of(one, 0, -1).rows(), 1);
  else EXPECT_THROW(BlacsGrid::of(one, 0, -1), std::logic_error);
}

TEST(Descriptor, FieldsFollowTheLayoutAndStorageOrder) {
  const int ranks = test::world_size();
  const ProcessGrid grid(Comm::world(), {1, ranks});
  const auto bc = [](std::int64_t nb, int offset) { return AxisLayout::block_cyclic(nb, offset); };
  // Column-major: S = X, rows over grid axis 0 (extent 1), columns over grid axis 1.
  auto column_major = std::make_shared<const Distribution>(std::vector<std::int64_t>{10, 13},
      std::vector<AxisLayout>{bc(4, 0), bc(3, ranks - 1)}, grid.dims(), StorageOrder::column_major);
  const Array x = Array::allocate(DType::float64, grid, column_major);
  EXPECT_EQ(scalapack_obstacle(x.distribution(), x.local()), "");
  const ScalapackView view = scalapack_view(x.distribution());
  EXPECT_FALSE(view.transposed);
  EXPECT_EQ(view.row_axis, -1);
  EXPECT_EQ(view.col_axis, ranks > 1 ? 1 : -1);
  const ScalapackDescriptor d = make_descriptor(x.distribution(), x.local(), BlacsGrid::of(grid, view.row_axis, view.col_axis));
  EXPECT_EQ(d.dtype(), 1);
  EXPECT_EQ(d.rows(), 10);
  EXPECT_EQ(d.cols(), 13);
  EXPECT_EQ(d.row_block(), 4);
  EXPECT_EQ(d.col_block(), 3);
  EXPECT_EQ(d.row_source(), 0);
  EXPECT_EQ(d.col_source(), ranks > 1 ? ranks - 1 : 0);
  EXPECT_EQ(d.leading_dimension(), 10);
  // Row-major: S = X^T, so rows and columns swap, and the row-major stride is the leading dimension.
  auto row_major = std::make_shared<const Distribution>(std::vector<std::int64_t>{13, 10},
      std::vector<AxisLayout>{bc(3, 0), bc(4, 0)}, std::vector<int>{ranks, 1});
  const ProcessGrid column(Comm::world(), {ranks, 1});
  const Array y = Array::allocate(DType::float32, column, row_major);
  const ScalapackView tview = scalapack_view(y.distribution());
  EXPECT_TRUE(tview.transposed);
  EXPECT_EQ(tview.row_axis, -1);
  EXPECT_EQ(tview.col_axis, ranks > 1 ? 0 : -1);
  const ScalapackDescriptor t = make_descriptor(y.distribution(), y.local(), BlacsGrid::of(column, tview.row_axis, tview.col_axis));
  EXPECT_EQ(t.rows(), 10);
  EXPECT_EQ(t.cols(), 13);
  EXPECT_EQ(t.row_block(), 4);
  EXPECT_EQ(t.col_block(), 3);
  EXPECT_EQ(t.leading_dimension(), 10);
  // Ghost cells: the leading dimension spans them, and matmul reads such arrays in place.
  auto blocks = std::make_shared<const Distribution>(std::vector<std::int64_t>{10, 10},
      std::vector<AxisLayout>{AxisLayout::block(), AxisLayout::block()}, grid.dims(), StorageOrder::column_major);
  const Array h = full(DType::float64, grid, blocks, Scalar(1.0), HaloSpec{{1, 2}, {1, 2}});
  EXPECT_EQ(make_descriptor(h.distribution(), h.local(), BlacsGrid::of(grid, view.row_axis, view.col_axis)).leading_dimension(),
            h.local().shape[0] + 2);
  EXPECT_EQ(gather_to_all(DistArray<double>(matmul(h, h))), std::vector<double>(100, 10.0));
  // Copies along a grid axis cannot be used in place.
  if (ranks > 1) {
    auto copies = std::make_shared<const Distribution>(std::vector<std::int64_t>{4, 4},
        std::vector<AxisLayout>{AxisLayout::not_distributed(), AxisLayout::not_distributed()}, std::vector<int>{ranks});
    EXPECT_NE(scalapack_obstacle(*copies, RawView{}), "");
    EXPECT_THROW(scalapack_view(*copies), std::invalid_argument);
  }
}

template <class T>
void check_random_products(unsigned seed, int cases) {
  std::mt19937 random(seed);
  const int ranks = test::world_size();
  for (int c = 0; c < cases; ++c) {
    const std::vector<int> dims = test::random_grid(random, ranks);
    const ProcessGrid grid(Comm::world(), dims);
    const std::int64_t m = draw(random, 1, 40), k = draw(random, 1, 40), n = draw(random, 1, 40);
    const std::vector<T> a = random_values<T>(random, m * k), b = random_values<T>(random, k * n);
    auto la = std::make_shared<const Distribution>(test::random_layout(random, {m, k}, dims));
    auto lb = std::make_shared<const Distribution>(test::random_layout(random, {k, n}, dims));
    const Array x = make_array(grid, la, a), y = make_array(grid, lb, b);
    const Array product = matmul(x, y);
    EXPECT_EQ(product.dtype(), dtype_of<T>);
    EXPECT_EQ(product.global_shape(), (std::vector<std::int64_t>{m, n}));
    const std::vector<T> whole = gather_to_all(DistArray<T>(product));
    ASSERT_TRUE(all_ranks(matches_product(whole, a, b, m, k, n)))
        << "case " << c << ": " << la->describe() << " @ " << lb->describe() << " on " << grid.describe();
  }
}

TEST(Matmul, RandomLayoutsAndShapesFloat32) { check_random_products<float>(11, 12); }
TEST(Matmul, RandomLayoutsAndShapesFloat64) { check_random_products<double>(12, 12); }
TEST(Matmul, RandomLayoutsAndShapesComplex64) { check_random_products<std::complex<float>>(13, 12); }
TEST(Matmul, RandomLayoutsAndShapesComplex128) { check_random_products<std::complex<double>>(14, 12); }

TEST(Matmul, InPlaceLayoutsOnEveryGridShapeAndBlockSize) {
  std::mt19937 random(21);
  test::for_each_block_cyclic_layout([&](const ProcessGrid& grid, const test::LayoutOf& layout) {
    const std::int64_t m = 67, k = 45, n = 38;  // not multiples of any block size
    const std::vector<double> a = random_values<double>(random, m * k), b = random_values<double>(random, k * n);
    const Array x = make_array(grid, layout(m, k), a), y = make_array(grid, layout(k, n), b);
    ASSERT_EQ(scalapack_obstacle(x.distribution(), x.local()), "");
    const Array product = matmul(x, y);
    // Both used in place: the result is laid out as the operands (same storage order, block sizes).
    EXPECT_EQ(product.distribution(), *layout(m, n)) << product.distribution().describe() << " vs " << layout(m, n)->describe();
    ASSERT_TRUE(all_ranks(matches_product(gather_to_all(DistArray<double>(product)), a, b, m, k, n)));
  });
}

TEST(Matmul, DefaultLayoutsGiveTheDefaultLayoutBack) {
  const int ranks = test::world_size();
  std::mt19937 random(22);
  std::vector<std::vector<int>> grids = {{ranks}};
  if (ranks == 4) grids.push_back({2, 2});
  for (const std::vector<int>& dims : grids) {
    const ProcessGrid grid(Comm::world(), dims);
    const std::int64_t m = 31, k = 29, n = 17;
    const std::vector<float> a = random_values<float>(random, m * k), b = random_values<float>(random, k * n);
    const DistArray<float> x(make_array(grid, default_layout({m, k}, grid), a));
    const DistArray<float> y(make_array(grid, default_layout({k, n}, grid), b));
    const DistArray<float> product = matmul(x, y);  // the typed overload
    EXPECT_EQ(product.distribution(), *default_layout({m, n}, grid))
        << product.distribution().describe() << " vs " << default_layout({m, n}, grid)->describe();
    ASSERT_TRUE(all_ranks(matches_product(gather_to_all(product), a, b, m, k, n)));
  }
}

TEST(Matmul, VectorsStacksAndPromotion) {
  const int ranks = test::world_size();
  const ProcessGrid grid(Comm::world(), {ranks});
  std::mt19937 random(23);
  const std::int64_t m = 9, k = 7, n = 5;
  const std::vector<double> a = random_values<double>(random, m * k), b = random_values<double>(random, k * n);
  const std::vector<double> u = random_values<double>(random, k);
  const Array A = make_array(grid, default_layout({m, k}, grid), a);
  const Array B = make_array(grid, default_layout({k, n}, grid), b);
  const Array U = make_array(grid, default_layout({k}, grid), u);
  // vector @ matrix, matrix @ vector, vector @ vector.
  const Array ub = matmul(U, B);
  EXPECT_EQ(ub.global_shape(), std::vector<std::int64_t>{n});
  EXPECT_TRUE(all_ranks(matches_product(gather_to_all(DistArray<double>(ub)), u, b, 1, k, n)));
  const Array au = matmul(A, U);
  EXPECT_EQ(au.global_shape(), std::vector<std::int64_t>{m});
  EXPECT_TRUE(all_ranks(matches_product(gather_to_all(DistArray<double>(au)), a, u, m, k, 1)));
  const Array uu = matmul(U, U);
  EXPECT_EQ(uu.ndim(), 0);
  EXPECT_TRUE(all_ranks(matches_product(gather_to_all(DistArray<double>(uu)), u, u, 1, k, 1)));
  // float32 @ float64 promotes to float64.
  const std::vector<float> af(a.begin(), a.end());
  const Array Af = make_array(grid, default_layout({m, k}, grid), af);
  const Array mixed = matmul(Af, B);
  EXPECT_EQ(mixed.dtype(), DType::float64);
  const std::vector<double> a_rounded(af.begin(), af.end());
  EXPECT_TRUE(all_ranks(matches_product(gather_to_all(DistArray<double>(mixed)), a_rounded, b, m, k, n)));
  // Stacks: (2, 1, m, k) @ (3, k, n) -> (2, 3, m, n).
  const std::vector<double> sa = random_values<double>(random, 2 * m * k), sb = random_values<double>(random, 3 * k * n);
  const Array SA = make_array(grid, default_layout({2, 1, m, k}, grid), sa);
  const Array SB = make_array(grid, default_layout({3, k, n}, grid), sb);
  const Array stack = matmul(SA, SB);
  EXPECT_EQ(stack.global_shape(), (std::vector<std::int64_t>{2, 3, m, n}));
  const std::vector<double> whole = gather_to_all(DistArray<double>(stack));
  for (int i = 0; i < 2; ++i) {
    for (int j = 0; j < 3; ++j) {
      const std::vector<double> ai(sa.begin() + i * m * k, sa.begin() + (i + 1) * m * k);
      const std::vector<double> bj(sb.begin() + j * k * n, sb.begin() + (j + 1) * k * n);
      const std::vector<double> cij(whole.begin() + (i * 3 + j) * m * n, whole.begin() + (i * 3 + j + 1) * m * n);
      EXPECT_TRUE(all_ranks(matches_product(cij, ai, bj, m, k, n))) << i << ", " << j;
    }
  }
  // Empty extents: k = 0 gives zeros, m = 0 an empty result.
  const Array e1 = Array::allocate(DType::float64, grid, default_layout({4, 0}, grid));
  const Array e2 = Array::allocate(DType::float64, grid, default_layout({0, 3}, grid));
  EXPECT_EQ(gather_to_all(DistArray<double>(matmul(e1, e2))), std::vector<double>(12, 0.0));
  EXPECT_EQ(matmul(e2, Array::allocate(DType::float64, grid, default_layout({3, 2}, grid))).global_shape(),
            (std::vector<std::int64_t>{0, 2}));
}

TEST(Matmul, BadOperandsRaiseTheSameErrorEverywhere) {
  const int ranks = test::world_size();
  const ProcessGrid grid(Comm::world(), {ranks});
  const Array A = Array::allocate(DType::float64, grid, default_layout({4, 3}, grid));
  const Array B = Array::allocate(DType::float64, grid, default_layout({4, 3}, grid));
  const auto mismatch = test::thrown_by([&] { matmul(A, B); });
  ASSERT_TRUE(mismatch.has_value());
  EXPECT_EQ(mismatch->kind, ErrorKind::value);
  EXPECT_NE(mismatch->message.find("(4, 3) and (4, 3) are not aligned"), std::string::npos) << mismatch->message;
  const Array S = Array::allocate(DType::float64, grid, default_layout({}, grid));
  EXPECT_EQ(test::thrown_by([&] { matmul(S, A); })->kind, ErrorKind::value);
  const Array s1 = Array::allocate(DType::float64, grid, default_layout({2, 4, 3}, grid));
  const Array s2 = Array::allocate(DType::float64, grid, default_layout({3, 3, 4}, grid));
  EXPECT_EQ(test::thrown_by([&] { matmul(s1, s2); })->kind, ErrorKind::value);
  const Array flags = Array::allocate(DType::bool_, grid, default_layout({3, 3}, grid));
  EXPECT_EQ(test::thrown_by([&] { matmul(flags, flags); })->kind, ErrorKind::type);
  // Integer matrices are multiplied (SUMMA), wrapping as NumPy does: ones(3, 3) @ ones(3, 3) is all 3s.
  const Array ints = full(DType::int32, grid, default_layout({3, 3}, grid), Scalar(std::int64_t{1}));
  EXPECT_TRUE(all_ranks(gather_to_all(DistArray<std::int32_t>(matmul(ints, ints))) == std::vector<std::int32_t>(9, 3)));
  const ProcessGrid other(Comm::world(), {ranks});
  const Array elsewhere = Array::allocate(DType::float64, other, default_layout({3, 2}, other));
  EXPECT_EQ(test::thrown_by([&] { matmul(A, elsewhere); })->kind, ErrorKind::value);
}

}  // namespace
}  // namespace gingham
