// The four-step transform of a Block line (see line_four_step.hpp). Layouts, for p ranks, columns j2 split
// into parts [c_q, c_(q+1)) and rows k1 into parts [r_q, r_(q+1)) (balanced):
//   exchange 1: the line (Block) -> rank q holds columns c_q.. of the (n1, n2) matrix, rows whole, row-major;
//               FFTW along the rows axis in place, then the twiddle factors w_n^(k1 j2);
//   exchange 2: -> rank q holds rows r_q.. with every column, row-major; FFTW along the columns into a
//               column-major buffer, so that the k = k1 + n1 k2 held appear in increasing order;
//   exchange 3: -> the result, Block. Every piece a rank sends or receives is a set of runs (offset, length)
//               at a period of n2 or n1 elements, described to MPI as one hindexed datatype.
#include "line_four_step.hpp"

#include <mpi.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <complex>
#include <cstring>
#include <memory>
#include <numbers>
#include <vector>

#include "gingham/array/redistribute.hpp"
#include "gingham/core/memory.hpp"
#include "gingham/core/mpi_check.hpp"
#include "local_fft.hpp"

namespace gingham::fft_detail {
namespace {

/// Part q of `extent` split into `parts` balanced parts: [start(q), start(q + 1)).
struct Split {
  std::int64_t extent;
  int parts;
  std::int64_t start(int q) const { return q * (extent / parts) + std::min<std::int64_t>(q, extent % parts); }
  std::int64_t size(int q) const { return start(q + 1) - start(q); }
};

/// How many j in [0, J) have j mod period in [a, b).
std::int64_t count_below(std::int64_t J, std::int64_t period, std::int64_t a, std::int64_t b) {
  return (J / period) * (b - a) + std::clamp<std::int64_t>(J % period - a, 0, b - a);
}

/// Runs of elements (offsets and lengths in elements) of one message, turned into an MPI datatype.
class Runs {
 public:
  void add(std::int64_t offset, std::int64_t length) {
    while (length > 0) {
      const std::int64_t piece = std::min<std::int64_t>(length, std::int64_t{1} << 30);
      offsets_.push_back(offset), lengths_.push_back(static_cast<int>(piece));
      offset += piece, length -= piece;
    }
  }
  /// Runs of j in [lo, hi) with j mod period in [a, b), at offsets j - lo.
  void add_periodic(std::int64_t lo, std::int64_t hi, std::int64_t period, std::int64_t a, std::int64_t b) {
    if (lo >= hi || a >= b) return;
    for (std::int64_t row = lo / period; row * period < hi; ++row) {
      const std::int64_t first = std::max(lo, row * period + a), last = std::min(hi, row * period + b);
      if (first < last) add(first - lo, last - first);
    }
  }
  bool empty() const noexcept { return offsets_.empty(); }
  const std::vector<std::int64_t>& offsets() const noexcept { return offsets_; }
  const std::vector<int>& lengths() const noexcept { return lengths_; }
  /// A committed datatype of these runs of `element` (`item` bytes); the caller frees it.
  MPI_Datatype type(MPI_Datatype element, std::size_t item) const {
    std::vector<MPI_Aint> bytes(offsets_.size());
    for (std::size_t i = 0; i < offsets_.size(); ++i) bytes[i] = static_cast<MPI_Aint>(offsets_[i]) * static_cast<MPI_Aint>(item);
    MPI_Datatype result;
    GINGHAM_MPI(MPI_Type_create_hindexed(static_cast<int>(offsets_.size()), lengths_.data(), bytes.data(), element, &result));
    GINGHAM_MPI(MPI_Type_commit(&result));
    return result;
  }

 private:
  std::vector<std::int64_t> offsets_;
  std::vector<int> lengths_;
};

/// Copies the elements of the runs `from` of `send` in order into the runs `to` of `recv` (as many elements).
void copy_runs(const std::byte* send, const Runs& from, std::byte* recv, const Runs& to, std::size_t item) {
  std::size_t i = 0, j = 0;
  std::int64_t used_i = 0, used_j = 0;  // elements of run i of `from` and run j of `to` already copied
  while (i < from.offsets().size() && j < to.offsets().size()) {
    const std::int64_t count = std::min<std::int64_t>(from.lengths()[i] - used_i, to.lengths()[j] - used_j);
    std::memcpy(recv + (to.offsets()[j] + used_j) * static_cast<std::int64_t>(item),
                send + (from.offsets()[i] + used_i) * static_cast<std::int64_t>(item), static_cast<std::size_t>(count) * item);
    used_i += count, used_j += count;
    if (used_i == from.lengths()[i]) ++i, used_i = 0;
    if (used_j == to.lengths()[j]) ++j, used_j = 0;
  }
}

/// One MPI_Alltoallw from `send` to `recv`, each peer's piece given by its runs (offsets from the buffers);
/// this rank's own piece is copied directly (MPI would pack it into a temporary buffer first).
void exchange(MPI_Comm comm, int me, const std::byte* send, const std::vector<Runs>& sends, std::byte* recv,
              const std::vector<Runs>& recvs, MPI_Datatype element, std::size_t item) {
  const int p = static_cast<int>(sends.size());
  copy_runs(send, sends[me], recv, recvs[me], item);
  std::vector<int> send_counts(p), recv_counts(p), zeros(p, 0);
  std::vector<MPI_Datatype> send_types(p, MPI_BYTE), recv_types(p, MPI_BYTE);
  struct Types {  // frees the datatypes made below, also when MPI reports an error
    std::vector<MPI_Datatype>* list[2];
    ~Types() {
      for (auto* types : list) {
        for (MPI_Datatype& t : *types) {
          if (t != MPI_BYTE) MPI_Type_free(&t);
        }
      }
    }
  } owned{{&send_types, &recv_types}};
  for (int q = 0; q < p; ++q) {
    if (q == me) continue;
    if (!sends[q].empty()) send_types[q] = sends[q].type(element, item), send_counts[q] = 1;
    if (!recvs[q].empty()) recv_types[q] = recvs[q].type(element, item), recv_counts[q] = 1;
  }
  GINGHAM_MPI(MPI_Alltoallw(send, send_counts.data(), zeros.data(), send_types.data(), recv, recv_counts.data(),
                            zeros.data(), recv_types.data(), comm));
}

/// A scratch buffer from gingham's block cache.
struct Buffer {
  std::size_t bytes;
  std::byte* data;
  explicit Buffer(std::size_t size) : bytes(std::max<std::size_t>(size, 64)), data(allocate_raw_memory(bytes, "FFT scratch")) {}
  ~Buffer() { free_memory(data, bytes); }
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
};

/// Multiplies element (k1, c) of the row-major (n1, width) block by w^(k1 (c0 + c)), w = exp(sign 2 pi i / n),
/// with w^e = high[e >> shift] * low[e & (2^shift - 1)] (two table entries, each exact to rounding).
template <class C>
void apply_twiddles(C* block, std::int64_t n1, std::int64_t width, std::int64_t c0, std::int64_t n, int sign) {
  if (width == 0) return;
  int shift = 0;
  while ((std::int64_t{1} << (2 * shift)) < n) ++shift;
  const std::int64_t low_size = std::int64_t{1} << shift, mask = low_size - 1;
  auto root = [n, sign](std::int64_t e) {  // exp(sign 2 pi i e / n) for 0 <= e < 2n, argument reduced exactly
    e %= n;
    if (2 * e > n) e -= n;
    return std::polar(1.0, sign * 2 * std::numbers::pi * static_cast<double>(e) / static_cast<double>(n));
  };
  std::vector<std::complex<double>> low(low_size), high((n >> shift) + 1);
  for (std::int64_t i = 0; i < low_size; ++i) low[i] = root(i);
  for (std::size_t i = 0; i < high.size(); ++i) high[i] = root(static_cast<std::int64_t>(i) << shift);
  using Real = typename C::value_type;
  for (std::int64_t k1 = 0; k1 < n1; ++k1) {
    C* row = block + k1 * width;
    __extension__ using Wide = __int128;
    std::int64_t e = static_cast<std::int64_t>(static_cast<Wide>(k1) * c0 % n);
    for (std::int64_t c = 0; c < width; ++c) {
      const std::complex<double> f = high[e >> shift] * low[e & mask];
      const std::complex<double> v(row[c].real(), row[c].imag());
      const std::complex<double> product(v.real() * f.real() - v.imag() * f.imag(), v.real() * f.imag() + v.imag() * f.real());
      row[c] = C(static_cast<Real>(product.real()), static_cast<Real>(product.imag()));
      e += k1;
      if (e >= n) e -= n;
    }
  }
}

/// The view of a dense 2-D buffer for local_transform.
RawView view_of(std::byte* data, std::size_t item, std::int64_t rows, std::int64_t columns, bool column_major) {
  return RawView{data, item, {rows, columns}, column_major ? std::vector<std::int64_t>{1, rows} : std::vector<std::int64_t>{columns, 1}};
}

bool plain_block_line(const Array& x, const Distribution& line, const ProcessGrid& grid) {
  return x.grid() == grid && x.distribution() == line && (!x.holds_shard() || x.local().size() == 0 || x.local().strides[0] == 1);
}

}  // namespace

Array line_four_step(const Array& x, std::int64_t n1, bool inverse, const ProcessGrid& grid, std::int64_t extent) {
  const std::int64_t n = x.global_shape()[0], n2 = n / n1;
  auto block_of = [&grid](std::int64_t size) {
    return std::make_shared<const Distribution>(std::vector<std::int64_t>{size}, std::vector<AxisLayout>{AxisLayout::block()},
                                                std::vector<int>{grid.size()});
  };
  auto line = block_of(n), out_line = block_of(extent);
  const Array input = plain_block_line(x, *line, grid) ? x : redistribute(x, grid, line);
  const bool single = x.dtype() == DType::complex64;
  const std::size_t item = single ? 2 * sizeof(float) : 2 * sizeof(double);
  MPI_Datatype element;
  GINGHAM_MPI(MPI_Type_contiguous(2, single ? MPI_FLOAT : MPI_DOUBLE, &element));
  GINGHAM_MPI(MPI_Type_commit(&element));
  const std::unique_ptr<MPI_Datatype, void (*)(MPI_Datatype*)> element_owner(&element, [](MPI_Datatype* t) { MPI_Type_free(t); });

  Array result = Array::allocate(x.dtype(), grid, out_line, {}, MemoryFill::none);  // collective over grid.comm()
  if (!grid.contains_this_rank()) return result;  // a sub-grid's outsiders hold no shard
  const MPI_Comm comm = grid.grid_comm().get();
  const int p = grid.size(), me = grid.coords()[0];
  const Split columns{n2, p}, rows{n1, p};
  // The Block lines' parts: rank q holds [lo[q], lo[q + 1]) of the input, [out[q], out[q + 1]) of the result.
  auto parts = [p](const Distribution& d) {
    std::vector<std::int64_t> starts(p + 1, 0);
    for (int q = 0; q < p; ++q) {
      const std::vector<int> coords{q};
      const std::int64_t count = d.local_shape(coords)[0];
      if (count > 0) starts[q] = d.to_global(coords, std::vector<std::int64_t>{0})[0];  // else where q - 1 ends
      starts[q + 1] = starts[q] + count;
    }
    return starts;
  };
  const std::vector<std::int64_t> lo = parts(*line), out = parts(*out_line);
  const std::int64_t c0 = columns.start(me), c1 = columns.start(me + 1), width = c1 - c0;
  const std::int64_t r0 = rows.start(me), r1 = rows.start(me + 1), height = r1 - r0;
  const LocalKind kind = inverse ? LocalKind::complex_backward : LocalKind::complex_forward;

  // Exchange 1: the line -> this rank's columns, row-major (position of j = its count among the columns).
  Buffer columns_block(static_cast<std::size_t>(std::max(n1 * width, n2 * height)) * item);
  {
    std::vector<Runs> sends(p), recvs(p);
    for (int q = 0; q < p; ++q) {
      sends[q].add_periodic(lo[me], lo[me + 1], n2, columns.start(q), columns.start(q + 1));
      const std::int64_t from = count_below(lo[q], n2, c0, c1), to = count_below(lo[q + 1], n2, c0, c1);
      recvs[q].add(from, to - from);
    }
    std::byte dummy{};
    std::byte* source = input.holds_shard() && input.local().data != nullptr ? input.local().data : &dummy;
    exchange(comm, me, source, sends, columns_block.data, recvs, element, item);
  }
  const RawView by_columns = view_of(columns_block.data, item, n1, width, false);
  local_transform(kind, single, by_columns, by_columns, {0});
  if (single) {
    apply_twiddles(reinterpret_cast<std::complex<float>*>(columns_block.data), n1, width, c0, n, inverse ? 1 : -1);
  } else {
    apply_twiddles(reinterpret_cast<std::complex<double>*>(columns_block.data), n1, width, c0, n, inverse ? 1 : -1);
  }

  // Exchange 2: -> this rank's rows with every column, row-major.
  Buffer rows_block(static_cast<std::size_t>(n2 * height) * item);
  {
    std::vector<Runs> sends(p), recvs(p);
    for (int q = 0; q < p; ++q) {
      sends[q].add(rows.start(q) * width, rows.size(q) * width);
      for (std::int64_t k = 0; k < height; ++k) recvs[q].add(k * n2 + columns.start(q), columns.size(q));
    }
    exchange(comm, me, columns_block.data, sends, rows_block.data, recvs, element, item);
  }
  // Along the columns, into the first buffer column-major: element (k1, k2) at (k1 - r0) + k2 height.
  local_transform(kind, single, view_of(rows_block.data, item, height, n2, false),
                  view_of(columns_block.data, item, height, n2, true), {1});

  // Exchange 3: -> the result, Block (what a rank sends is in increasing k, so one run per peer; k >= extent stay).
  {
    std::vector<Runs> sends(p), recvs(p);
    for (int q = 0; q < p; ++q) {
      const std::int64_t from = count_below(out[q], n1, r0, r1), to = count_below(out[q + 1], n1, r0, r1);
      sends[q].add(from, to - from);
      recvs[q].add_periodic(out[me], out[me + 1], n1, rows.start(q), rows.start(q + 1));
    }
    std::byte dummy{};
    std::byte* target = result.holds_shard() && result.local().data != nullptr ? result.local().data : &dummy;
    exchange(comm, me, columns_block.data, sends, target, recvs, element, item);
  }
  return result;
}

}  // namespace gingham::fft_detail
