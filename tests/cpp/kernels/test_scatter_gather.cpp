// scatter_from and gather_to (one rank in, one rank out) against the whole host array: every dtype,
// random layouts on random grids (sub-grids and replicated axes included), sizes 0 and 1, 0-D, every
// root; strided root buffers; bounded rounds; bad roots and root buffers raise alike on every rank.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <random>
#include <span>
#include <string>

#include "gingham/distributions/derived.hpp"
#include "gingham/kernels/scatter_gather.hpp"
#include "gingham/plans/plan_cache.hpp"
#include "support.hpp"

namespace gingham {
namespace {

using test::all_ranks;
using test::holds;
using test::thrown_by;
using test::value_of;
using test::world_rank;
using test::world_size;
using Shape = std::vector<std::int64_t>;

const Shape kShapes[] = {{}, {0}, {1}, {7}, {1, 1}, {0, 3}, {5, 4}, {3, 0, 2}, {4, 3, 5}};

template <class T>
std::vector<T> numbered(const Shape& shape) {
  std::vector<T> whole(static_cast<std::size_t>(test::element_count(shape)));
  for (std::size_t f = 0; f < whole.size(); ++f) whole[f] = value_of<T>(static_cast<std::int64_t>(f % 100) + 1);
  return whole;
}

/// Scatters `whole` from `root` into `layout` and gathers it back to `root`; true when both are right.
template <class T>
bool round_trip(const ProcessGrid& grid, const Distribution& layout, int root) {
  const Shape& shape = layout.global_shape();
  const std::vector<T> whole = numbered<T>(shape);
  // Only the root's data counts: the others pass nothing. (A plain buffer: std::vector<bool> packs bits.)
  const std::unique_ptr<T[]> buffer(new T[whole.size() + 1]);
  std::copy(whole.begin(), whole.end(), buffer.get());
  const std::span<const T> mine = world_rank() == root ? std::span<const T>(buffer.get(), whole.size()) : std::span<const T>();
  const DistArray<T> y = scatter_from<T>(grid, std::make_shared<const Distribution>(layout), root, mine);
  const bool scattered = holds(y.array(), shape, whole);
  const std::vector<T> back = gather_to(y, root);
  const bool gathered = world_rank() == root ? back == whole : back.empty();
  return scattered && gathered;
}

TEST(ScatterGather, EveryDtypeLayoutAndRoot) {
  std::mt19937 random(1401);
  for (DType dtype : all_dtypes) {
    for (const Shape& shape : kShapes) {
      const ProcessGrid grid = test::random_world_grid(random);
      const Distribution layout = test::random_layout(random, shape, grid.dims());
      for (int root = 0; root < world_size(); ++root) {
        const bool ok = visit_dtype(dtype, [&]<class T>() { return round_trip<T>(grid, layout, root); });
        ASSERT_TRUE(all_ranks(ok)) << dtype_name(dtype) << " " << layout.describe() << " root " << root;
      }
    }
  }
}

TEST(ScatterGather, NamedLayouts) {
  const int p = world_size();
  const ProcessGrid line(Comm::world(), {p});
  const ProcessGrid square(Comm::world(), {0, 0});
  const ProcessGrid first(Comm::world(), {1});  // a sub-grid of rank 0 alone
  const std::vector<std::pair<const ProcessGrid*, Distribution>> cases = {
      {&line, Distribution({10}, {AxisLayout::block()}, {p})},
      {&line, Distribution({10}, {AxisLayout::cyclic(p - 1)}, {p})},
      {&line, Distribution({11, 3}, {AxisLayout::block_cyclic(2, 0), AxisLayout::not_distributed()}, {p})},
      {&line, Distribution::replicated({4, 5}, {p})},
      {&square, Distribution({9, 7}, {AxisLayout::block_cyclic(2), AxisLayout::block_cyclic(3)}, square.dims(),
                             StorageOrder::column_major)},
      {&square, Distribution({6, 5}, {AxisLayout::block(), AxisLayout::cyclic()}, square.dims(), StorageOrder::row_major, {1, 0})},
      {&first, Distribution({6, 2}, {AxisLayout::block(), AxisLayout::not_distributed()}, {1})},
  };
  for (const auto& [grid, layout] : cases) {
    for (int root = 0; root < p; ++root) {
      ASSERT_TRUE(all_ranks(round_trip<double>(*grid, layout, root))) << layout.describe() << " root " << root;
      ASSERT_TRUE(all_ranks(round_trip<std::int16_t>(*grid, layout, root))) << layout.describe() << " root " << root;
    }
  }
}

TEST(ScatterGather, StridedRootBuffers) {
  // The root's buffer is the transpose of a row-major (6, 5) block: strides (1, 6); the gather writes into
  // every other element of a larger buffer.
  const int p = world_size();
  const ProcessGrid grid(Comm::world(), {0, 0});
  auto layout = std::make_shared<const Distribution>(derived::default_layout({5, 6}, grid.dims()));
  std::vector<float> storage(30);
  for (std::size_t f = 0; f < storage.size(); ++f) storage[f] = static_cast<float>(f);
  for (int root = 0; root < p; ++root) {
    const bool is_root = world_rank() == root;
    const RawView source = is_root ? LocalView<float>(storage.data(), {5, 6}, {1, 5}).raw() : RawView{};
    const Array y = scatter_from(DType::float32, grid, layout, root, source);
    std::vector<float> expected(30);
    for (int i = 0; i < 5; ++i)
      for (int j = 0; j < 6; ++j) expected[i * 6 + j] = storage[i + j * 5];
    bool ok = holds(y, {5, 6}, expected);
    std::vector<float> sparse(60, -1.0F);
    const RawView target = is_root ? LocalView<float>(sparse.data(), {5, 6}, {12, 2}).raw() : RawView{};
    gather_to(y, root, target);
    if (is_root) {
      for (int f = 0; f < 30; ++f) ok = ok && sparse[2 * f] == expected[f] && sparse[2 * f + 1] == -1.0F;
    }
    ASSERT_TRUE(all_ranks(ok)) << "root " << root;
  }
}

TEST(ScatterGather, MovesInBoundedRounds) {
  // With 4 KiB of buffers per execution, scattering 20000 doubles (160 kB) from the root takes many rounds.
  const std::size_t saved = default_chunk_bytes();
  set_default_chunk_bytes(4096);
  clear_plan_cache();
  const int p = world_size();
  const ProcessGrid grid(Comm::world(), {p});
  auto layout = std::make_shared<const Distribution>(Distribution({20000}, {AxisLayout::block_cyclic(7)}, {p}));
  const int root = p - 1;
  const std::vector<double> whole = numbered<double>({20000});
  const DistArray<double> y = scatter_from<double>(grid, layout, root, world_rank() == root ? std::span(whole) : std::span<const double>());
  bool ok = holds(y.array(), {20000}, whole);
  const auto on_root = std::make_shared<const Distribution>(derived::on_one_rank({20000}, p, root));
  const PlanStatistics stats = cached_plan(Comm::world(), on_root, layout)->statistics(sizeof(double));
  ok = ok && stats.buffer_bytes <= 4096 && (p == 1 || stats.rounds > 1);
  const std::vector<double> back = gather_to(y, root);
  ok = ok && (world_rank() == root ? back == whole : back.empty());
  set_default_chunk_bytes(saved);
  clear_plan_cache();
  ASSERT_TRUE(all_ranks(ok)) << "rounds " << stats.rounds << ", buffers " << stats.buffer_bytes;
}

TEST(ScatterGather, BroadcastHeader) {
  const int p = world_size();
  for (int root = 0; root < p; ++root) {
    const HostArrayHeader sent{DType::complex64, {3, 0, 7}};
    const HostArrayHeader mine = world_rank() == root ? sent : HostArrayHeader{DType::bool_, {1}};
    ASSERT_TRUE(all_ranks(broadcast_header(Comm::world(), root, mine) == sent));
    const HostArrayHeader scalar{DType::int8, {}};
    ASSERT_TRUE(all_ranks(broadcast_header(Comm::world(), root, world_rank() == root ? scalar : sent) == scalar));
  }
}

/// Whether `body` throws on every rank with the same kind and a message containing `fragment`.
bool raises_alike(const std::function<void()>& body, ErrorKind kind, const std::string& fragment) {
  const auto thrown = thrown_by(body);
  const bool ok = thrown && thrown->kind == kind && thrown->message.find(fragment) != std::string::npos;
  // The same message on every rank: compare lengths and a checksum.
  unsigned long long sum[2] = {ok ? thrown->message.size() : ~0ULL, 0};  // unsigned: the checksum wraps
  if (ok) for (char c : thrown->message) sum[1] = sum[1] * 31 + static_cast<unsigned char>(c);
  unsigned long long low[2] = {sum[0], sum[1]}, high[2] = {sum[0], sum[1]};
  MPI_Allreduce(MPI_IN_PLACE, low, 2, MPI_UNSIGNED_LONG_LONG, MPI_MIN, MPI_COMM_WORLD);
  MPI_Allreduce(MPI_IN_PLACE, high, 2, MPI_UNSIGNED_LONG_LONG, MPI_MAX, MPI_COMM_WORLD);
  return all_ranks(ok && low[0] == high[0] && low[1] == high[1]);
}

TEST(ScatterGather, BadInputsRaiseOnEveryRank) {
  const int p = world_size();
  const ProcessGrid grid(Comm::world(), {p});
  auto layout = std::make_shared<const Distribution>(derived::default_layout({4, 3}, grid.dims()));
  std::vector<double> whole(12, 1.0);
  const RawView good = LocalView<double>(whole.data(), {4, 3}, {3, 1}).raw();
  for (int bad_root : {-1, p}) {
    EXPECT_TRUE(raises_alike([&] { scatter_from(DType::float64, grid, layout, bad_root, good); }, ErrorKind::index,
                             "expected a root rank in [0, " + std::to_string(p) + ")"));
    const DistArray<double> x = scatter_from<double>(grid, layout, 0, world_rank() == 0 ? std::span(whole) : std::span<const double>());
    EXPECT_TRUE(raises_alike([&] { gather_to(x, bad_root); }, ErrorKind::index, "got " + std::to_string(bad_root)));
  }
  const int root = p - 1;
  const RawView wrong_shape = LocalView<double>(whole.data(), {3, 4}, {4, 1}).raw();
  EXPECT_TRUE(raises_alike([&] { scatter_from(DType::float64, grid, layout, root, world_rank() == root ? wrong_shape : good); },
                           ErrorKind::value, "expected the root's array of shape (4, 3), got shape (3, 4)"));
  EXPECT_TRUE(raises_alike([&] { scatter_from(DType::float32, grid, layout, root, good); }, ErrorKind::value,
                           "expected elements of 4 bytes on the root, got 8"));
  const RawView no_data{nullptr, 8, {4, 3}, {3, 1}};
  EXPECT_TRUE(raises_alike([&] { scatter_from(DType::float64, grid, layout, root, no_data); }, ErrorKind::value,
                           "the root passed no data"));
  EXPECT_TRUE(raises_alike([&] { scatter_from<double>(grid, layout, root, std::span(whole).first(5)); }, ErrorKind::value,
                           "expected 12 elements on the root for shape (4, 3), got 5"));
  if (p > 1) {
    EXPECT_TRUE(raises_alike([&] { scatter_from(DType::float64, grid, layout, world_rank() == 0 ? 0 : 1, good); },
                             ErrorKind::value, "every rank must pass the same root"));
    // One rank's root out of range: the ranks disagree, and none is left waiting.
    const DistArray<double> y = scatter_from<double>(grid, layout, 0, std::span(whole));
    EXPECT_TRUE(raises_alike([&] { gather_to(y, world_rank() == 1 ? p : 0); }, ErrorKind::value,
                             "rank 0 passed root = 0, rank 1 passed root = " + std::to_string(p)));
  }
  const DistArray<double> x = scatter_from<double>(grid, layout, root, std::span(whole));
  EXPECT_TRUE(raises_alike([&] { gather_to(x.array(), root, world_rank() == root ? wrong_shape : RawView{}); },
                           ErrorKind::value, "gingham::gather_to: expected the root's array of shape (4, 3), got shape (3, 4)"));
}

}  // namespace
}  // namespace gingham
