// Parallel .npy files at any rank count: for random shapes (0-D, empty, 1-D to 3-D), random grids (all
// ranks or the first few) and random layouts (block, cyclic, block-cyclic, not distributed, copies on
// grid axes, either storage order), save_npy writes exactly the bytes of numpy.save's format for the
// whole array (checked on rank 0 against the serial reference: header + row-major data), and load_npy
// reads them back into another random layout on another grid; Fortran-order and big-endian files load;
// file views list each element once; bad input raises the same error on every rank; a save that fails
// leaves the previous file as it was and no temporary behind.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <functional>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "gingham/distributions/derived.hpp"
#include "gingham/io/npy.hpp"
#include "gingham/io/npy_header.hpp"
#include "gingham/kernels/elementwise.hpp"
#include "src/io/file_view.hpp"
#include "io/io_support.hpp"
#include "support.hpp"

namespace gingham {
namespace {

using test::all_ranks;
using test::thrown_by;
using io_test::array_of_bytes;
using io_test::raises_alike;
using io_test::shard_is;
using io_test::SharedDirectory;
using io_test::whole_bytes;

std::string file_contents(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string as_text(const std::vector<std::byte>& bytes) { return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size()); }

TEST(Npy, RoundTripsEveryDtypeInRandomLayouts) {
  SharedDirectory directory;
  for (unsigned seed = 0; seed < 60; ++seed) {
    std::mt19937 random(seed);
    auto [dtype, shape, whole, grid, layout, x] = io_test::random_array(random, seed, 0, seed % 5 == 0 ? 1 : 9);
    const std::string path = directory / ("a" + std::to_string(seed) + ".npy");
    save_npy(path, x);
    bool bytes_match = true;
    if (test::world_rank() == 0) bytes_match = file_contents(path) == io::format_npy_header(dtype, shape) + as_text(whole);
    EXPECT_TRUE(all_ranks(bytes_match)) << "seed " << seed << ": " << layout.describe();
    // Back into another layout on another grid, and into the default layout.
    const ProcessGrid other_grid = test::random_world_grid(random);
    const auto other = std::make_shared<const Distribution>(test::random_layout(random, shape, other_grid.dims()));
    EXPECT_TRUE(all_ranks(shard_is(load_npy(path, other_grid, other), dtype, shape, whole)))
        << "seed " << seed << ": " << other->describe();
    EXPECT_TRUE(all_ranks(shard_is(load_npy(path, grid), dtype, shape, whole))) << "seed " << seed;
  }
}

TEST(Npy, FileViewsListEachElementOnce) {
  // Over every rank, the file views of a write cover the file exactly once; those of a read cover each
  // element once per copy.
  for (unsigned seed = 100; seed < 130; ++seed) {
    std::mt19937 random(seed);
    const std::vector<std::int64_t> shape = test::random_shape(random, 0, 3, 7);
    const ProcessGrid grid = test::random_world_grid(random);
    const Distribution layout = test::random_layout(random, shape, grid.dims());
    const Array x = Array::allocate(DType::int32, grid, std::make_shared<const Distribution>(layout));
    std::int64_t written = io::file_view(x, io::FileOrder::c, io::Copies::primary_only).elements;
    std::int64_t read = io::file_view(x, io::FileOrder::fortran, io::Copies::every_copy).elements;
    MPI_Allreduce(MPI_IN_PLACE, &written, 1, MPI_INT64_T, MPI_SUM, MPI_COMM_WORLD);
    MPI_Allreduce(MPI_IN_PLACE, &read, 1, MPI_INT64_T, MPI_SUM, MPI_COMM_WORLD);
    std::int64_t copies = 1;
    for (int g = 0; g < layout.grid_ndim(); ++g) {
      if (layout.array_axis_on(g) < 0) copies *= layout.grid_dims()[g];
    }
    EXPECT_EQ(written, layout.global_size()) << layout.describe();
    EXPECT_EQ(read, layout.global_size() * copies) << layout.describe();
  }
}

TEST(Npy, LoadsFortranOrderAndBigEndianFiles) {
  SharedDirectory directory;
  for (unsigned seed = 200; seed < 226; ++seed) {
    std::mt19937 random(seed);
    const DType dtype = all_dtypes[seed % std::size(all_dtypes)];
    const std::vector<std::int64_t> shape = test::random_shape(random, 1, 3, 6);
    const std::int64_t count = test::element_count(shape);
    std::vector<std::byte> whole = whole_bytes(dtype, count);
    const std::size_t item = item_size(dtype);
    // The same array column-major, and (separately) row-major with every element's bytes reversed
    // (complex: each part), under headers that say so.
    std::string fortran(static_cast<std::size_t>(count) * item, '\0'), swapped = as_text(whole);
    test::for_each_index(shape, [&](const std::vector<std::int64_t>& index) {
      std::int64_t c = 0, f = 0;
      for (std::size_t a = 0; a < shape.size(); ++a) c = c * shape[a] + index[a];
      for (std::size_t a = shape.size(); a-- > 0;) f = f * shape[a] + index[a];
      std::memcpy(fortran.data() + f * item, whole.data() + c * item, item);
    });
    const bool complex = dtype == DType::complex64 || dtype == DType::complex128;
    const std::size_t part = complex ? item / 2 : item;
    for (std::size_t k = 0; k < swapped.size(); k += part) std::reverse(swapped.begin() + k, swapped.begin() + k + part);
    std::string big_header = io::format_npy_header(dtype, shape);
    if (item > 1) big_header.replace(big_header.find("'<"), 2, "'>");
    const std::string f_path = directory / "f.npy", b_path = directory / "b.npy";
    if (test::world_rank() == 0) {
      write_file(f_path, io::format_npy_header(dtype, shape, true) + fortran);
      write_file(b_path, big_header + swapped);
    }
    MPI_Barrier(MPI_COMM_WORLD);
    const ProcessGrid grid = test::random_world_grid(random);
    const auto layout = std::make_shared<const Distribution>(test::random_layout(random, shape, grid.dims()));
    EXPECT_TRUE(all_ranks(shard_is(load_npy(f_path, grid, layout), dtype, shape, whole))) << layout->describe();
    EXPECT_TRUE(all_ranks(shard_is(load_npy(b_path, grid, layout), dtype, shape, whole))) << layout->describe();
    MPI_Barrier(MPI_COMM_WORLD);
  }
}

TEST(Npy, LoadConvertsToTheAskedDtype) {
  SharedDirectory directory;
  const ProcessGrid grid(Comm::world());
  std::vector<std::byte> whole = whole_bytes(DType::int16, 11);
  save_npy(directory / "i.npy", array_of_bytes(DType::int16, grid, derived::default_layout({11}, grid.dims()), whole));
  const Array y = load_npy(directory / "i.npy", grid, nullptr, DType::float64);
  std::vector<std::int16_t> values(11);
  std::memcpy(values.data(), whole.data(), whole.size());
  EXPECT_TRUE(all_ranks(test::holds<double>(y, {11}, std::vector<double>(values.begin(), values.end()))));
}

TEST(Npy, BadInputRaisesAlikeOnEveryRank) {
  SharedDirectory directory;
  const ProcessGrid grid(Comm::world());
  std::vector<std::byte> whole = whole_bytes(DType::float64, 12);
  const Array x = array_of_bytes(DType::float64, grid, derived::default_layout({3, 4}, grid.dims()), whole);
  const std::string good = directory / "good.npy";
  save_npy(good, x);
  if (test::world_rank() == 0) {
    const std::string bytes = file_contents(good);
    write_file(directory / "short.npy", bytes.substr(0, bytes.size() - 8));
    write_file(directory / "cut_header.npy", bytes.substr(0, 30));
    write_file(directory / "not_npy.npy", "PK\x03\x04 a zip archive, not an array");
    std::string object_header = io::format_npy_header(DType::int64, {2});
    object_header.replace(object_header.find("'<i8'"), 5, "'|O8'");
    write_file(directory / "object.npy", object_header + std::string(16, '\0'));
  }
  MPI_Barrier(MPI_COMM_WORLD);
  EXPECT_TRUE(raises_alike([&] { load_npy(directory / "missing.npy", grid); }, ErrorKind::file_not_found, "no such file"));
  EXPECT_TRUE(raises_alike([&] { load_npy(directory.path(), grid); }, ErrorKind::is_a_directory, "is a directory"));
  EXPECT_TRUE(raises_alike([&] { load_npy(directory / "short.npy", grid); }, ErrorKind::value,
                           "is truncated: its header describes 96 bytes of data"));
  EXPECT_TRUE(raises_alike([&] { load_npy(directory / "cut_header.npy", grid); }, ErrorKind::value, "ends inside its header"));
  EXPECT_TRUE(raises_alike([&] { load_npy(directory / "not_npy.npy", grid); }, ErrorKind::value, "magic string"));
  EXPECT_TRUE(raises_alike([&] { load_npy(directory / "object.npy", grid); }, ErrorKind::type, "Python objects"));
  const auto wrong = std::make_shared<const Distribution>(derived::default_layout({4, 3}, grid.dims()));
  EXPECT_TRUE(raises_alike([&] { load_npy(good, grid, wrong); }, ErrorKind::value,
                           "the distribution is for shape (4, 3), but '" + good + "' holds an array of shape (3, 4)"));
  EXPECT_TRUE(raises_alike([&] { save_npy(directory.path(), x); }, ErrorKind::is_a_directory, "it is a directory"));
  EXPECT_TRUE(raises_alike([&] { save_npy(directory / "no/such/dir/a.npy", x); }, ErrorKind::file_not_found, "does not exist"));
  EXPECT_TRUE(raises_alike([&] { save_npy("/proc/gingham-test.npy", x); }, ErrorKind::file_not_found, "cannot create a file in its directory"));
}

TEST(Npy, AFailedSaveLeavesThePreviousFile) {
  // Writes beyond a file-size limit fail (EFBIG) on the ranks that write them; the save must raise on
  // every rank, leave the previous file byte for byte, and remove its temporary file.
  SharedDirectory directory;
  const ProcessGrid grid(Comm::world());
  const std::string path = directory / "kept.npy";
  std::vector<std::byte> small = whole_bytes(DType::int32, 5);
  save_npy(path, array_of_bytes(DType::int32, grid, derived::default_layout({5}, grid.dims()), small));
  const std::string before = test::world_rank() == 0 ? file_contents(path) : "";
  const std::int64_t n = 1 << 20;  // 8 MiB of float64 against a 1 MiB limit
  const Array big = Array::allocate(DType::float64, grid, std::make_shared<const Distribution>(derived::default_layout({n}, grid.dims())));
  rlimit old{};
  getrlimit(RLIMIT_FSIZE, &old);
  rlimit limit = old;
  limit.rlim_cur = 1 << 20;
  signal(SIGXFSZ, SIG_IGN);
  setrlimit(RLIMIT_FSIZE, &limit);
  const std::optional<test::Thrown> thrown = thrown_by([&] { save_npy(path, big); });
  setrlimit(RLIMIT_FSIZE, &old);
  signal(SIGXFSZ, SIG_DFL);
  EXPECT_TRUE(all_ranks(thrown && thrown->kind == ErrorKind::os)) << (thrown ? thrown->message : "no exception");
  bool intact = true;
  if (test::world_rank() == 0) {
    intact = file_contents(path) == before;
    for (const auto& entry : std::filesystem::directory_iterator(directory.path())) {
      intact = intact && entry.path().filename().string().find(".tmp-") == std::string::npos;
    }
  }
  EXPECT_TRUE(all_ranks(intact));
}

}  // namespace
}  // namespace gingham
