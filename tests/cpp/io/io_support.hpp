#pragma once
// Helpers shared by the io tests (.npy and HDF5): a directory every rank sees, arrays made from known
// bytes, shard-by-shard comparison with the serial reference, and errors raised alike on every rank.
#include <gtest/gtest.h>
#include <mpi.h>
#include <stdlib.h>

#include <cstring>
#include <filesystem>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "gingham/array/array.hpp"
#include "gingham/kernels/creation.hpp"
#include "support.hpp"

namespace gingham::io_test {

using test::all_ranks;
using test::thrown_by;

/// Collective over MPI_COMM_WORLD. A fresh directory every rank sees (rank 0 makes it), removed at the end.
class SharedDirectory {
 public:
  SharedDirectory() {
    std::string name(256, '\0');
    if (test::world_rank() == 0) {
      char pattern[] = "/tmp/gingham-io-test-XXXXXX";
      name = mkdtemp(pattern);
      name.resize(256, '\0');
    }
    MPI_Bcast(name.data(), 256, MPI_CHAR, 0, MPI_COMM_WORLD);
    path_ = name.c_str();
  }
  ~SharedDirectory() {
    MPI_Barrier(MPI_COMM_WORLD);
    if (test::world_rank() == 0) std::filesystem::remove_all(path_);
  }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

/// The whole array of `count` elements of `dtype`, row-major, as bytes: element f holds a value made
/// from f (fractions for floating types, both parts for complex ones, alternating truth for bool).
inline std::vector<std::byte> whole_bytes(DType dtype, std::int64_t count) {
  std::vector<std::byte> bytes(static_cast<std::size_t>(count) * item_size(dtype));
  visit_dtype(dtype, [&]<class T>() {
    for (std::int64_t f = 0; f < count; ++f) {
      T value;
      if constexpr (std::is_same_v<T, bool>) value = f % 3 == 1;
      else if constexpr (std::is_floating_point_v<T>) value = static_cast<T>(f * 0.375 - 2.5);
      else if constexpr (std::is_arithmetic_v<T>) value = static_cast<T>(f * 37 - 11);
      else value = T(static_cast<typename T::value_type>(f * 0.5), static_cast<typename T::value_type>(-f - 1));
      std::memcpy(bytes.data() + f * sizeof(T), &value, sizeof(T));
    }
  });
  return bytes;
}

/// Collective over grid.comm(). The array of `whole` (row-major bytes of `dtype`) laid out as `layout`.
inline Array array_of_bytes(DType dtype, const ProcessGrid& grid, const Distribution& layout, std::vector<std::byte>& whole) {
  const std::vector<std::int64_t>& shape = layout.global_shape();
  std::vector<std::int64_t> strides(shape.size());
  for (std::int64_t a = static_cast<std::int64_t>(shape.size()) - 1, s = 1; a >= 0; --a) strides[a] = s, s *= shape[a];
  return from_whole(dtype, grid, std::make_shared<const Distribution>(layout),
                    RawView{whole.data(), item_size(dtype), shape, strides});
}

/// Local. Whether this rank's shard of y holds, bit for bit, the element at each row-major position of `whole`.
inline bool shard_is(const Array& y, DType dtype, const std::vector<std::int64_t>& shape, const std::vector<std::byte>& whole) {
  if (y.global_shape() != shape || y.dtype() != dtype) return false;
  if (!y.holds_shard()) return true;
  const RawView view = y.local();
  const std::size_t item = item_size(dtype);
  bool ok = true;
  std::vector<std::vector<std::int64_t>> owned;
  for (int a = 0; a < y.ndim(); ++a) owned.push_back(y.distribution().owned_indices(y.grid().coords(), a));
  test::for_each_index(view.shape, [&](const std::vector<std::int64_t>& local) {
    std::int64_t flat = 0, offset = 0;
    for (int a = 0; a < y.ndim(); ++a) flat = flat * shape[a] + owned[a][local[a]], offset += local[a] * view.strides[a];
    ok = ok && std::memcmp(view.data + offset * item, whole.data() + flat * item, item) == 0;
  });
  if (y.ndim() == 0) ok = std::memcmp(view.data, whole.data(), item) == 0;
  return ok;
}

/// Collective. Whether `body` throws on every rank, with the same kind and message everywhere, the kind
/// `kind` and a message containing `part`.
inline bool raises_alike(const std::function<void()>& body, ErrorKind kind, const std::string& part) {
  const std::optional<test::Thrown> thrown = thrown_by(body);
  bool ok = thrown && thrown->kind == kind && thrown->message.find(part) != std::string::npos;
  if (!ok) ADD_FAILURE() << (thrown ? thrown->message : "no exception") << " (expected '" << part << "')";
  // The same message on every rank: compare lengths and one hash.
  long mine[2] = {thrown ? static_cast<long>(thrown->message.size()) : -1,
                  thrown ? static_cast<long>(std::hash<std::string>{}(thrown->message) & 0x7fffffff) : -1};
  long low[2] = {mine[0], mine[1]}, high[2] = {mine[0], mine[1]};
  MPI_Allreduce(MPI_IN_PLACE, low, 2, MPI_LONG, MPI_MIN, MPI_COMM_WORLD);
  MPI_Allreduce(MPI_IN_PLACE, high, 2, MPI_LONG, MPI_MAX, MPI_COMM_WORLD);
  return all_ranks(ok && low[0] == high[0] && low[1] == high[1]);
}

/// A random test array: its dtype, shape, whole row-major bytes, grid (all ranks or the first few), layout
/// and the array itself.
struct RandomArray {
  DType dtype;
  std::vector<std::int64_t> shape;
  std::vector<std::byte> whole;
  ProcessGrid grid;
  Distribution layout;
  Array x;
};

/// Collective over MPI_COMM_WORLD. The array of `seed`: dtype all_dtypes[seed % 13], min_ndim..3 axes of
/// extents 0..max_extent, then a random grid and layout, drawn from `random`.
inline RandomArray random_array(std::mt19937& random, unsigned seed, int min_ndim, int max_extent) {
  const DType dtype = all_dtypes[seed % std::size(all_dtypes)];
  std::vector<std::int64_t> shape = test::random_shape(random, min_ndim, 3, max_extent);
  std::vector<std::byte> whole = whole_bytes(dtype, test::element_count(shape));
  ProcessGrid grid = test::random_world_grid(random);
  Distribution layout = test::random_layout(random, shape, grid.dims());
  Array x = array_of_bytes(dtype, grid, layout, whole);
  return RandomArray{dtype, std::move(shape), std::move(whole), std::move(grid), std::move(layout), std::move(x)};
}

}  // namespace gingham::io_test
