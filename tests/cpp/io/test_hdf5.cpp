// Parallel HDF5 files at any rank count: for random shapes (0-D, empty, 1-D to 3-D), random grids (all
// ranks or the first few, so files written by one rank count are read by another) and random layouts
// (block, cyclic, block-cyclic, not distributed, copies on grid axes, either storage order), save_hdf5
// writes every dtype so that serial HDF5 reads back the whole array (checked on rank 0), and load_hdf5
// reads it into another random layout on another grid; hyperslab keys (ints, slices with any step) read
// what plain loops select; groups and root attributes round-trip; chunked, compressed and big-endian
// datasets written by serial HDF5 load; bad input raises the same error on every rank.
#include <gtest/gtest.h>
#include <hdf5.h>
#include <signal.h>
#include <sys/resource.h>

#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "gingham/distributions/derived.hpp"
#include "gingham/io/hdf5.hpp"
#include "io/io_support.hpp"
#include "src/io/hdf5_types.hpp"
#include "support.hpp"

namespace gingham {
namespace {

using io_test::array_of_bytes;
using io_test::raises_alike;
using io_test::shard_is;
using io_test::SharedDirectory;
using io_test::whole_bytes;
using test::all_ranks;

/// Local (rank 0). The dataset `name` of `path` read whole with serial HDF5 as row-major bytes of `dtype`,
/// or an empty vector when its shape or type is not `shape` / `dtype`.
std::vector<std::byte> read_serially(const std::string& path, const std::string& name, DType dtype,
                                     const std::vector<std::int64_t>& shape) {
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  const hid_t data = H5Dopen2(file, name.c_str(), H5P_DEFAULT);
  const hid_t space = H5Dget_space(data), type = H5Dget_type(data);
  std::vector<hsize_t> dims(static_cast<std::size_t>(std::max(0, H5Sget_simple_extent_ndims(space))));
  H5Sget_simple_extent_dims(space, dims.data(), nullptr);
  std::vector<std::byte> bytes;
  if (std::vector<std::int64_t>(dims.begin(), dims.end()) == shape && io::dtype_of_hdf5_type(type, name) == dtype) {
    bytes.resize(static_cast<std::size_t>(test::element_count(shape)) * item_size(dtype));
    io::Hdf5Handle memory = io::hdf5_memory_type(dtype);
    if (!bytes.empty()) H5Dread(data, memory.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, bytes.data());
  }
  H5Tclose(type), H5Sclose(space), H5Dclose(data), H5Fclose(file);
  return bytes;
}

TEST(Hdf5, RoundTripsEveryDtypeInRandomLayouts) {
  SharedDirectory directory;
  for (unsigned seed = 0; seed < 52; ++seed) {
    std::mt19937 random(seed);
    auto [dtype, shape, whole, grid, layout, x] = io_test::random_array(random, seed, 0, seed % 5 == 0 ? 1 : 9);
    const std::string path = directory / ("a" + std::to_string(seed) + ".h5");
    const std::string name = seed % 2 ? "u" : "run" + std::to_string(seed) + "/u";
    save_hdf5(path, {{name, x}});
    bool bytes_match = true;
    if (test::world_rank() == 0) bytes_match = read_serially(path, name, dtype, shape) == whole;
    EXPECT_TRUE(all_ranks(bytes_match)) << "seed " << seed << ": " << layout.describe();
    const ProcessGrid other_grid = test::random_world_grid(random);
    const auto other = std::make_shared<const Distribution>(test::random_layout(random, shape, other_grid.dims()));
    EXPECT_TRUE(all_ranks(shard_is(load_hdf5(path, name, other_grid, other), dtype, shape, whole)))
        << "seed " << seed << ": " << other->describe();
    EXPECT_TRUE(all_ranks(shard_is(load_hdf5(path, name, grid), dtype, shape, whole))) << "seed " << seed;
  }
}

/// A random key for `shape`: per leading axis an index (sometimes negative) or a slice (bounds sometimes
/// absent or negative, steps -3..3 but not 0); and what it selects: the selected shape and, per selected
/// element in row-major order, its flat position in the whole array.
Hdf5Key random_key(std::mt19937& random, const std::vector<std::int64_t>& shape, std::vector<std::int64_t>& selected_shape,
                   std::vector<std::int64_t>& positions) {
  Hdf5Key key;
  std::vector<std::vector<std::int64_t>> picked;  // per dataset axis, the indices read (one for an index)
  const int entries = test::draw(random, 0, static_cast<int>(shape.size()));
  for (std::size_t axis = 0; axis < shape.size(); ++axis) {
    const std::int64_t n = shape[axis];
    std::vector<std::int64_t> indices;
    if (static_cast<int>(axis) < entries && n > 0 && test::draw(random, 0, 3) == 0) {
      const std::int64_t i = test::draw(random, 0, static_cast<int>(n) - 1);
      key.emplace_back(test::draw(random, 0, 1) ? i : i - n);
      picked.push_back({i});
      continue;
    }
    IndexMap::Slice s;
    if (static_cast<int>(axis) < entries) {
      s.step = test::draw(random, 1, 3) * (test::draw(random, 0, 2) == 0 ? -1 : 1);
      if (test::draw(random, 0, 2)) s.start = test::draw(random, -static_cast<int>(n) - 1, static_cast<int>(n) + 1);
      if (test::draw(random, 0, 2)) s.stop = test::draw(random, -static_cast<int>(n) - 1, static_cast<int>(n) + 1);
      key.emplace_back(s);
    }
    const IndexMap::TargetAxis read = IndexMap::read_of(static_cast<int>(axis), n, s);
    for (std::int64_t j = 0; j < read.extent; ++j) indices.push_back(read.start + j * read.step);
    selected_shape.push_back(read.extent);
    picked.push_back(indices);
  }
  std::vector<std::int64_t> extents;
  for (const auto& p : picked) extents.push_back(static_cast<std::int64_t>(p.size()));
  if (test::element_count(extents) > 0) {
    test::for_each_index(extents, [&](const std::vector<std::int64_t>& index) {
      std::int64_t flat = 0;
      for (std::size_t a = 0; a < shape.size(); ++a) flat = flat * shape[a] + picked[a][index[a]];
      positions.push_back(flat);
    });
    if (shape.empty()) positions = {0};
  }
  return key;
}

TEST(Hdf5, HyperslabKeysReadWhatTheySelectIntoAnyLayout) {
  SharedDirectory directory;
  for (unsigned seed = 300; seed < 360; ++seed) {
    std::mt19937 random(seed);
    auto [dtype, shape, whole, grid, layout, x] = io_test::random_array(random, seed, 1, 11);
    const std::string path = directory / "k.h5";
    save_hdf5(path, {{"k", x}});
    std::vector<std::int64_t> selected_shape, positions;
    const Hdf5Key key = random_key(random, shape, selected_shape, positions);
    const std::size_t item = item_size(dtype);
    std::vector<std::byte> expected(positions.size() * item);
    for (std::size_t k = 0; k < positions.size(); ++k) std::memcpy(expected.data() + k * item, whole.data() + positions[k] * item, item);
    const ProcessGrid other_grid = test::random_world_grid(random);
    const auto other = std::make_shared<const Distribution>(test::random_layout(random, selected_shape, other_grid.dims()));
    EXPECT_TRUE(all_ranks(shard_is(load_hdf5(path, "k", other_grid, other, key), dtype, selected_shape, expected)))
        << "seed " << seed << ": " << describe_argument(key) << " into " << other->describe();
    EXPECT_TRUE(all_ranks(shard_is(load_hdf5(path, "k", grid, nullptr, key), dtype, selected_shape, expected)))
        << "seed " << seed << ": " << describe_argument(key);
  }
  // An ellipsis stands for the axes the other entries do not index.
  const ProcessGrid grid(Comm::world());
  std::vector<std::byte> whole = whole_bytes(DType::int32, 60);
  save_hdf5(directory / "e.h5", {{"e", array_of_bytes(DType::int32, grid, derived::default_layout({3, 4, 5}, grid.dims()), whole)}});
  std::vector<std::byte> expected;
  for (std::int64_t i = 0; i < 3; ++i) {
    for (std::int64_t j = 0; j < 4; ++j) expected.insert(expected.end(), &whole[((i * 4 + j) * 5 + 4) * 4], &whole[((i * 4 + j) * 5 + 5) * 4]);
  }
  EXPECT_TRUE(all_ranks(shard_is(load_hdf5(directory / "e.h5", "e", grid, nullptr, {Ellipsis{}, std::int64_t{-1}}), DType::int32,
                                 {3, 4}, expected)));
}

TEST(Hdf5, GroupsAndRootAttributesRoundTrip) {
  SharedDirectory directory;
  const ProcessGrid grid(Comm::world());
  std::vector<std::byte> a = whole_bytes(DType::float64, 12), b = whole_bytes(DType::int16, 5), c = whole_bytes(DType::bool_, 1);
  const std::map<std::string, Array> arrays = {
      {"run1/u", array_of_bytes(DType::float64, grid, derived::default_layout({3, 4}, grid.dims()), a)},
      {"run1/deeper/v", array_of_bytes(DType::int16, grid, derived::default_layout({5}, grid.dims()), b)},
      {"w", array_of_bytes(DType::bool_, grid, Distribution::replicated({}, grid.dims()), c)}};
  const std::map<std::string, Hdf5Attribute> attributes = {
      {"step", std::int64_t{10}}, {"time", 0.25}, {"converged", true}, {"phase", std::complex<double>(1, -2)}, {"name", std::string("heat")}};
  const std::string path = directory / "g.hdf5";
  save_hdf5(path, arrays, attributes);
  const Hdf5Contents contents = hdf5_contents(path, grid.comm());
  EXPECT_TRUE(all_ranks(contents.datasets == std::vector<std::string>{"run1/deeper/v", "run1/u", "w"}));
  EXPECT_TRUE(all_ranks(contents.attributes == attributes));
  EXPECT_TRUE(all_ranks(shard_is(load_hdf5(path, "run1/u", grid), DType::float64, {3, 4}, a)));
  EXPECT_TRUE(all_ranks(shard_is(load_hdf5(path, "/run1/deeper/v", grid), DType::int16, {5}, b)));
  EXPECT_TRUE(all_ranks(shard_is(load_hdf5(path, "w", grid), DType::bool_, {}, c)));
  const Array converted = load_hdf5(path, "run1/deeper/v", grid, nullptr, {}, DType::float32);
  EXPECT_TRUE(all_ranks(converted.dtype() == DType::float32));
}

TEST(Hdf5, ChunkedCompressedAndBigEndianDatasetsLoad) {
  // Written by serial HDF5 on rank 0 as other tools write them: chunked with deflate and shuffle, big-endian
  // integers and floats, narrower types read into the same dtype.
  SharedDirectory directory;
  const std::string path = directory / "tools.h5";
  const std::vector<std::int64_t> shape = {13, 6, 5};
  const std::int64_t count = test::element_count(shape);
  struct Case { const char* name; DType dtype; hid_t file_type; bool chunked; };
  const Case cases[] = {{"deflated", DType::float64, H5T_IEEE_F64LE, true}, {"big_f8", DType::float64, H5T_IEEE_F64BE, false},
                        {"big_i4_chunked", DType::int32, H5T_STD_I32BE, true}, {"big_u2", DType::uint16, H5T_STD_U16BE, false},
                        {"big_c8", DType::complex64, -1, true}};
  if (test::world_rank() == 0) {
    const hid_t file = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    const std::vector<hsize_t> dims(shape.begin(), shape.end());
    const hid_t space = H5Screate_simple(3, dims.data(), nullptr);
    for (const Case& c : cases) {
      const hid_t creation = H5Pcreate(H5P_DATASET_CREATE);
      if (c.chunked) {
        const hsize_t chunk[3] = {4, 3, 2};
        H5Pset_chunk(creation, 3, chunk), H5Pset_shuffle(creation), H5Pset_deflate(creation, 6);
      }
      hid_t big_complex = -1;
      if (c.file_type < 0) {
        big_complex = H5Tcreate(H5T_COMPOUND, 8);
        H5Tinsert(big_complex, "r", 0, H5T_IEEE_F32BE), H5Tinsert(big_complex, "i", 4, H5T_IEEE_F32BE);
      }
      const hid_t data = H5Dcreate2(file, c.name, c.file_type < 0 ? big_complex : c.file_type, space, H5P_DEFAULT, creation, H5P_DEFAULT);
      std::vector<std::byte> whole = whole_bytes(c.dtype, count);
      io::Hdf5Handle memory = io::hdf5_memory_type(c.dtype);
      H5Dwrite(data, memory.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, whole.data());
      H5Dclose(data), H5Pclose(creation);
      if (big_complex >= 0) H5Tclose(big_complex);
    }
    H5Sclose(space), H5Fclose(file);
  }
  MPI_Barrier(MPI_COMM_WORLD);
  for (unsigned seed = 0; seed < 12; ++seed) {
    std::mt19937 random(seed);
    const Case& c = cases[seed % std::size(cases)];
    std::vector<std::byte> whole = whole_bytes(c.dtype, count);
    const ProcessGrid grid = test::random_world_grid(random);
    const auto layout = std::make_shared<const Distribution>(test::random_layout(random, shape, grid.dims()));
    EXPECT_TRUE(all_ranks(shard_is(load_hdf5(path, c.name, grid, layout), c.dtype, shape, whole))) << c.name << " " << layout->describe();
  }
}

TEST(Hdf5, BadInputRaisesAlikeOnEveryRank) {
  SharedDirectory directory;
  const ProcessGrid grid(Comm::world());
  std::vector<std::byte> whole = whole_bytes(DType::float64, 12);
  const Array x = array_of_bytes(DType::float64, grid, derived::default_layout({3, 4}, grid.dims()), whole);
  const std::string good = directory / "good.h5";
  save_hdf5(good, {{"u", x}, {"run1/v", x}});
  const std::string text = directory / "text.h5";
  if (test::world_rank() == 0) {
    std::FILE* out = std::fopen((directory / "not.h5").c_str(), "w");
    std::fputs("not an HDF5 file", out);
    std::fclose(out);
    const hid_t file = H5Fcreate(text.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    const hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, 5);
    const hsize_t two = 2;
    const hid_t space = H5Screate_simple(1, &two, nullptr);
    const hid_t data = H5Dcreate2(file, "names", type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    H5Dwrite(data, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, "abcdeABCDE");
    const hid_t half = H5Dcreate2(file, "half", H5T_IEEE_F32LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    const hid_t array_attribute = H5Acreate2(file, "vector", H5T_STD_I32LE, space, H5P_DEFAULT, H5P_DEFAULT);
    H5Aclose(array_attribute), H5Dclose(half), H5Dclose(data), H5Sclose(space), H5Tclose(type), H5Fclose(file);
  }
  MPI_Barrier(MPI_COMM_WORLD);
  using K = Hdf5Key::value_type;
  EXPECT_TRUE(raises_alike([&] { load_hdf5(directory / "missing.h5", "u", grid); }, ErrorKind::file_not_found, "no such file"));
  EXPECT_TRUE(raises_alike([&] { load_hdf5(directory.path(), "u", grid); }, ErrorKind::is_a_directory, "is a directory"));
  EXPECT_TRUE(raises_alike([&] { load_hdf5(directory / "not.h5", "u", grid); }, ErrorKind::value, "is not an HDF5 file"));
  EXPECT_TRUE(raises_alike([&] { load_hdf5(good, "v", grid); }, ErrorKind::value,
                           "there is no dataset 'v' of '" + good + "' (it holds the datasets 'run1/v', 'u')"));
  EXPECT_TRUE(raises_alike([&] { load_hdf5(good, "run2/v", grid); }, ErrorKind::value, "there is no dataset 'run2/v'"));
  EXPECT_TRUE(raises_alike([&] { load_hdf5(good, "run1", grid); }, ErrorKind::value, "'run1' in '" + good + "' is a group, not a dataset"));
  EXPECT_TRUE(raises_alike([&] { load_hdf5(good, "", grid); }, ErrorKind::value, "expected a dataset name"));
  EXPECT_TRUE(raises_alike([&] { load_hdf5(text, "names", grid); }, ErrorKind::type, "holds a fixed-length string of 5 bytes"));
  EXPECT_TRUE(raises_alike([&] { hdf5_contents(text, grid.comm()); }, ErrorKind::type, "attribute 'vector' is not a scalar"));
  const auto wrong = std::make_shared<const Distribution>(derived::default_layout({4, 3}, grid.dims()));
  EXPECT_TRUE(raises_alike([&] { load_hdf5(good, "u", grid, wrong); }, ErrorKind::value,
                           "the distribution is for shape (4, 3), but the dataset 'u' of '" + good + "' has shape (3, 4)"));
  EXPECT_TRUE(raises_alike([&] { load_hdf5(good, "u", grid, wrong, {K{IndexMap::Slice{0, 2, 1}}}); }, ErrorKind::value,
                           "but the selection 'u' of '" + good + "' has shape (2, 4)"));
  EXPECT_TRUE(raises_alike([&] { load_hdf5(good, "u", grid, nullptr, {K{0}, K{1}, K{2}}); }, ErrorKind::index, "too many indices"));
  EXPECT_TRUE(raises_alike([&] { load_hdf5(good, "u", grid, nullptr, {K{-4}}); }, ErrorKind::index, "-4"));
  EXPECT_TRUE(raises_alike([&] { load_hdf5(good, "u", grid, nullptr, {K{IndexMap::Slice{{}, {}, 0}}}); }, ErrorKind::value, "step cannot be zero"));
  EXPECT_TRUE(raises_alike([&] { load_hdf5(good, "u", grid, nullptr, {K{NewAxis{}}}); }, ErrorKind::value, "cannot add a new axis"));
  EXPECT_TRUE(raises_alike([&] { load_hdf5(good, "u", grid, nullptr, {K{Ellipsis{}}, K{Ellipsis{}}}); }, ErrorKind::index, "single ellipsis"));
  EXPECT_TRUE(raises_alike([&] { save_hdf5(good, {}); }, ErrorKind::value, "expected at least one array"));
  EXPECT_TRUE(raises_alike([&] { save_hdf5(good, {{"", x}}); }, ErrorKind::value, "expected dataset names"));
  EXPECT_TRUE(raises_alike([&] { save_hdf5(directory / "clash.h5", {{"a", x}, {"a/b", x}}); }, ErrorKind::value,
                           "cannot write the dataset 'a/b'"));
  EXPECT_TRUE(raises_alike([&] { save_hdf5(directory.path(), {{"u", x}}); }, ErrorKind::is_a_directory, "it is a directory"));
  EXPECT_TRUE(raises_alike([&] { save_hdf5(directory / "no/such/dir/a.h5", {{"u", x}}); }, ErrorKind::file_not_found, "does not exist"));
  // The good file is untouched by the failed saves, and no temporary file is left.
  EXPECT_TRUE(all_ranks(shard_is(load_hdf5(good, "u", grid), DType::float64, {3, 4}, whole)));
  bool clean = true;
  if (test::world_rank() == 0) {
    for (const auto& entry : std::filesystem::directory_iterator(directory.path())) {
      clean = clean && entry.path().filename().string().find(".tmp-") == std::string::npos;
    }
  }
  EXPECT_TRUE(all_ranks(clean));
}

}  // namespace
}  // namespace gingham
