// The 1x2-grid move and the distributed transpose against the hand-made alternatives (issue 18, point 5).
//   scripts/mpi-launch.sh 2 1200 build/benchmarks/bench_transpose [repeats] [n0 n1]...
// (default: 10 rounds of 8192 x 8192 and of 6007 x 7001 float64, a shape no rank count divides.)
// On the same data, in alternating rounds (medians and best rounds over all ranks' slowest, since the machine
// is shared):
//   move: block rows (a P x 1 grid) <-> block columns (a 1 x P grid), both ways;
//   transpose: A (n0 x n1) in block rows -> A^T (n1 x n0) in block rows (FFTW-MPI's slabs);
// gingham (a RedistributionPlan built once with the default chunk, executed; for information the same plan
// with an 8 MiB chunk, the default before 2026-12-06, and for the transpose permute_dims + redistribute, what gg.permute_dims(x, (1, 0))
// moved to rows costs with plan caching and a new array) against
//   (a) pack + MPI_Alltoall (MPI_Alltoallv where the blocks differ in size) + unpack, with no pack or unpack
//       where a side's blocks are contiguous in the shard, a cache-blocked transposing pack for the transpose;
//   (b) MPI_Alltoallw with derived datatypes (subarrays; a column type for the transpose's receives), no pack;
//   (c) FFTW-MPI's fftw_mpi_plan_transpose (FFTW_MEASURE, planned before timing; transpose only: FFTW-MPI has
//       no move between block layouts of two grids);
// and MPI_Alltoall of the largest message between contiguous buffers (the bandwidth floor).
// Each method's result is checked once against the serial definition before timing.
#include <fftw3-mpi.h>
#include <mpi.h>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "gingham/gingham.hpp"
#include "timing.hpp"

namespace {

using namespace gingham;
using namespace gingham::bench;

/// A rank's rectangle of the global matrix in a 2-D block layout: rows [r0, r1), columns [c0, c1).
struct Rect {
  std::int64_t r0 = 0, r1 = 0, c0 = 0, c1 = 0;
  std::int64_t rows() const { return r1 - r0; }
  std::int64_t cols() const { return c1 - c0; }
  std::int64_t size() const { return rows() * cols(); }
  Rect operator&(const Rect& o) const {
    Rect r{std::max(r0, o.r0), std::min(r1, o.r1), std::max(c0, o.c0), std::min(c1, o.c1)};
    if (r.r1 < r.r0 || r.c1 < r.c0 || r.rows() == 0 || r.cols() == 0) r = Rect{};
    return r;
  }
};

Rect rect_of(const Distribution& layout, int grid_rank) {
  const std::vector<int> coords = layout.grid_coords_of(grid_rank);
  std::int64_t lo[2], hi[2];
  for (int a = 0; a < 2; ++a) {
    const int part = layout.part_of(a, coords);
    const std::int64_t extent = layout.axis_map(a).local_extent(part);
    lo[a] = extent > 0 ? layout.axis_map(a).to_global(part, 0) : 0;
    hi[a] = lo[a] + extent;
  }
  return {lo[0], hi[0], lo[1], hi[1]};
}

std::shared_ptr<const Distribution> blocks(std::int64_t n0, std::int64_t n1, const ProcessGrid& grid) {
  return std::make_shared<const Distribution>(std::vector<std::int64_t>{n0, n1},
                                              std::vector<AxisLayout>{AxisLayout::block(), AxisLayout::block()},
                                              grid.dims(), StorageOrder::row_major);
}

int as_int(std::int64_t n) {
  if (n > INT_MAX) {
    std::fprintf(stderr, "bench_transpose: a count of %lld exceeds MPI's int\n", static_cast<long long>(n));
    MPI_Abort(MPI_COMM_WORLD, 2);
  }
  return static_cast<int>(n);
}

/// MPI_Alltoall when every count is the same and blocks lie count apart on both sides, else MPI_Alltoallv.
void alltoall_or_v(const double* send, const std::vector<int>& send_counts, const std::vector<int>& send_displs,
                   double* receive, const std::vector<int>& receive_counts, const std::vector<int>& receive_displs,
                   MPI_Comm comm) {
  const int c = send_counts[0];
  bool uniform = true;
  for (std::size_t q = 0; q < send_counts.size(); ++q) {
    uniform = uniform && send_counts[q] == c && receive_counts[q] == c && send_displs[q] == static_cast<int>(q) * c &&
              receive_displs[q] == static_cast<int>(q) * c;
  }
  if (uniform) {
    MPI_Alltoall(send, c, MPI_DOUBLE, receive, c, MPI_DOUBLE, comm);
  } else {
    MPI_Alltoallv(send, send_counts.data(), send_displs.data(), MPI_DOUBLE, receive, receive_counts.data(),
                  receive_displs.data(), MPI_DOUBLE, comm);
  }
}

/// b[i * ldb + j] = a[j * lda + i], in 32 x 32 tiles (what a careful hand-written code does).
void tiled_transpose(double* b, std::int64_t ldb, const double* a, std::int64_t lda, std::int64_t ni, std::int64_t nj) {
  constexpr std::int64_t tile = 32;
  for (std::int64_t i0 = 0; i0 < ni; i0 += tile) {
    for (std::int64_t j0 = 0; j0 < nj; j0 += tile) {
      const std::int64_t i1 = std::min(ni, i0 + tile), j1 = std::min(nj, j0 + tile);
      for (std::int64_t i = i0; i < i1; ++i) {
        for (std::int64_t j = j0; j < j1; ++j) b[i * ldb + j] = a[j * lda + i];
      }
    }
  }
}

/// An MPI datatype freed at the end of its scope.
struct Type {
  MPI_Datatype type = MPI_DATATYPE_NULL;
  Type() = default;
  Type(const Type&) = delete;
  Type& operator=(const Type&) = delete;
  ~Type() {
    if (type != MPI_DATATYPE_NULL) MPI_Type_free(&type);
  }
};

/// `rect` of the shard `shard` (row-major, rows of shard.cols()) as an MPI subarray type.
void subarray(const Rect& shard, const Rect& rect, Type& out) {
  const int sizes[2] = {as_int(shard.rows()), as_int(shard.cols())};
  const int subsizes[2] = {as_int(rect.rows()), as_int(rect.cols())};
  const int starts[2] = {as_int(rect.r0 - shard.r0), as_int(rect.c0 - shard.c0)};
  MPI_Type_create_subarray(2, sizes, subsizes, starts, MPI_ORDER_C, MPI_DOUBLE, &out.type);
  MPI_Type_commit(&out.type);
}

/// The largest message of a move, and a function timing MPI_Alltoall of that many doubles per peer.
std::function<void()> alltoall_floor(const Comm& comm, std::int64_t largest, std::shared_ptr<double>& send,
                                     std::shared_ptr<double>& receive) {
  MPI_Allreduce(MPI_IN_PLACE, &largest, 1, MPI_INT64_T, MPI_MAX, comm.get());
  send = doubles(static_cast<std::size_t>(largest) * comm.size());
  receive = doubles(static_cast<std::size_t>(largest) * comm.size());
  return [&comm, largest, &send, &receive] {
    MPI_Alltoall(send.get(), as_int(largest), MPI_DOUBLE, receive.get(), as_int(largest), MPI_DOUBLE, comm.get());
  };
}

/// Checks that `y` holds, at each local (r, c), value(global row, global column) of `rect`; agreed over ranks.
bool check(const Comm& comm, const double* y, const Rect& rect, const std::function<double(std::int64_t, std::int64_t)>& value) {
  std::int64_t wrong = 0;
  for (std::int64_t r = 0; r < rect.rows(); ++r) {
    for (std::int64_t c = 0; c < rect.cols(); ++c) wrong += y[r * rect.cols() + c] != value(rect.r0 + r, rect.c0 + c);
  }
  MPI_Allreduce(MPI_IN_PLACE, &wrong, 1, MPI_INT64_T, MPI_SUM, comm.get());
  return wrong == 0;
}

enum class Kind {
  gingham,      // gingham's way (the first method is the one the ratios are of)
  alternative,  // a hand-made alternative (the best of these is gingham's yardstick)
  floor,        // moves the same bytes without touching the shards (not checked)
};
struct Method {
  std::string name;
  std::function<void()> run;
  Kind kind;
  bool checked = true;  // whether its result lands in the target shard, checked before timing
};

/// Runs each method once and checks it, then times them in alternating rounds and prints the table.
void compare(const Comm& comm, const std::string& title, int repeats, std::vector<Method> methods, double* y,
             std::size_t y_size, const Rect& y_rect, const std::function<double(std::int64_t, std::int64_t)>& value,
             std::int64_t moved_bytes) {
  for (const Method& m : methods) {
    if (!m.checked) continue;
    std::fill(y, y + y_size, -1.0);
    m.run();
    if (!check(comm, y, y_rect, value)) {
      if (comm.rank() == 0) std::printf("%s: %s gives a wrong result\n", title.c_str(), m.name.c_str());
      MPI_Abort(comm.get(), 3);
    }
  }
  std::vector<std::function<void()>> bodies;
  for (const Method& m : methods) bodies.push_back(m.run);
  const RoundTimes t = time_rounds(comm, repeats, bodies);
  MPI_Allreduce(MPI_IN_PLACE, &moved_bytes, 1, MPI_INT64_T, MPI_MAX, comm.get());
  if (comm.rank() != 0) return;
  std::printf("%s  (%.1f MB leave the busiest rank)\n", title.c_str(), moved_bytes / 1e6);
  double best_alternative = 1e300, best_alternative_best = 1e300, floor = 0;
  std::string best_name;
  for (std::size_t i = 0; i < methods.size(); ++i) {
    std::printf("  %-58s median %9.2f ms  best %9.2f ms  %6.2f GB/s\n", methods[i].name.c_str(), t.median[i] * 1e3,
                t.best[i] * 1e3, moved_bytes / t.median[i] / 1e9);
    if (methods[i].kind == Kind::alternative && t.median[i] < best_alternative) {
      best_alternative = t.median[i], best_name = methods[i].name;
    }
    if (methods[i].kind == Kind::alternative) best_alternative_best = std::min(best_alternative_best, t.best[i]);
    if (methods[i].kind == Kind::floor) floor = t.median[i];
  }
  std::printf("  => best alternative (%s) / gingham: %.2f (medians), %.2f (best rounds); >= 1: gingham at least as fast. "
              "MPI_Alltoall floor / gingham: %.2f\n",
              best_name.c_str(), best_alternative / t.median[0], best_alternative_best / t.best[0], floor / t.median[0]);
}

/// Prints (rank 0) how each plan moved its slices over the executions so far on each rank: packed by the
/// executor or through MPI datatypes (the plan's tuner chooses by timing both; information).
void print_mechanisms(const Comm& comm, const std::vector<std::pair<std::string, const RedistributionPlan*>>& plans) {
  std::string line = "  (executions packed / with datatypes, per rank:";
  for (const auto& [name, plan] : plans) {
    const PlanStatistics stats = plan->statistics(sizeof(double));
    long long mine[2] = {stats.packed_executions, stats.datatype_executions};
    std::vector<long long> all(2 * static_cast<std::size_t>(comm.size()));
    MPI_Gather(mine, 2, MPI_LONG_LONG, all.data(), 2, MPI_LONG_LONG, 0, comm.get());
    line += " " + name;
    for (int r = 0; r < comm.size(); ++r) line += " " + std::to_string(all[2 * r]) + "/" + std::to_string(all[2 * r + 1]);
    line += ";";
  }
  if (comm.rank() == 0) std::printf("%s)\n", line.c_str());
}

/// Plan options with a chunk of `mebibytes` MiB (the default chunk is default_chunk_bytes()).
PlanOptions chunk_options(std::size_t mebibytes) {
  PlanOptions options;
  options.chunk_bytes = mebibytes << 20;
  return options;
}

/// Block rows <-> block columns: between the layouts of a P x 1 and a 1 x P grid.
void bench_move(const Comm& comm, std::int64_t n0, std::int64_t n1, int repeats, bool rows_to_columns) {
  const int p = comm.size(), me = comm.rank();
  const ProcessGrid rows_grid(comm, {p, 1}), columns_grid(comm, {1, p});
  const auto rows = blocks(n0, n1, rows_grid), columns = blocks(n0, n1, columns_grid);
  const auto& from_grid = rows_to_columns ? rows_grid : columns_grid;
  const auto& to_grid = rows_to_columns ? columns_grid : rows_grid;
  const auto from = rows_to_columns ? rows : columns, to = rows_to_columns ? columns : rows;
  const auto x = DistArray<double>::allocate(from_grid, from);
  const auto y = DistArray<double>::allocate(to_grid, to);
  const Rect mine_from = rect_of(*from, me), mine_to = rect_of(*to, me);
  auto value = [n1](std::int64_t i, std::int64_t j) { return static_cast<double>(i * n1 + j); };
  double* xs = x.local().data();
  double* ys = y.local().data();
  for (std::int64_t r = 0; r < mine_from.rows(); ++r) {
    for (std::int64_t c = 0; c < mine_from.cols(); ++c) xs[r * mine_from.cols() + c] = value(mine_from.r0 + r, mine_from.c0 + c);
  }
  const RedistributionPlan plan(comm, from, to);
  const RedistributionPlan plan_64(comm, from, to, std::nullopt, chunk_options(8));

  // (a) Per peer q: what I send (mine ∩ q's target) and receive (q's source ∩ mine). A side whose rectangles
  // all span its shard's full width is contiguous per peer and needs no pack or unpack.
  std::vector<Rect> send(p), receive(p);
  bool send_in_place = true, receive_in_place = true;
  std::int64_t largest = 0, moved = 0;
  for (int q = 0; q < p; ++q) {
    send[q] = mine_from & rect_of(*to, q), receive[q] = rect_of(*from, q) & mine_to;
    send_in_place = send_in_place && (send[q].size() == 0 || send[q].cols() == mine_from.cols());
    receive_in_place = receive_in_place && (receive[q].size() == 0 || receive[q].cols() == mine_to.cols());
    largest = std::max(largest, send[q].size());
    if (q != me) moved += send[q].size() * 8;
  }
  std::vector<int> send_counts(p), send_displs(p), receive_counts(p), receive_displs(p);
  std::int64_t send_total = 0, receive_total = 0;
  for (int q = 0; q < p; ++q) {
    send_counts[q] = as_int(send[q].size()), receive_counts[q] = as_int(receive[q].size());
    send_displs[q] = as_int(send_in_place && send[q].size() ? (send[q].r0 - mine_from.r0) * mine_from.cols() : send_total);
    receive_displs[q] =
        as_int(receive_in_place && receive[q].size() ? (receive[q].r0 - mine_to.r0) * mine_to.cols() : receive_total);
    send_total += send[q].size(), receive_total += receive[q].size();
  }
  const auto send_buffer = doubles(static_cast<std::size_t>(std::max<std::int64_t>(send_total, 1)));
  const auto receive_buffer = doubles(static_cast<std::size_t>(std::max<std::int64_t>(receive_total, 1)));
  auto hand = [&] {
    if (!send_in_place) {
      for (int q = 0; q < p; ++q) {
        const Rect& s = send[q];
        for (std::int64_t r = 0; r < s.rows(); ++r) {
          std::memcpy(send_buffer.get() + send_displs[q] + r * s.cols(),
                      xs + (s.r0 - mine_from.r0 + r) * mine_from.cols() + (s.c0 - mine_from.c0), s.cols() * 8);
        }
      }
    }
    alltoall_or_v(send_in_place ? xs : send_buffer.get(), send_counts, send_displs,
                  receive_in_place ? ys : receive_buffer.get(), receive_counts, receive_displs, comm.get());
    if (!receive_in_place) {
      for (int q = 0; q < p; ++q) {
        const Rect& v = receive[q];
        for (std::int64_t r = 0; r < v.rows(); ++r) {
          std::memcpy(ys + (v.r0 - mine_to.r0 + r) * mine_to.cols() + (v.c0 - mine_to.c0),
                      receive_buffer.get() + receive_displs[q] + r * v.cols(), v.cols() * 8);
        }
      }
    }
  };

  // (b) MPI_Alltoallw: subarrays of both shards, no pack.
  std::vector<Type> send_types(p), receive_types(p);
  std::vector<int> w_send_counts(p), w_receive_counts(p), zeros(p, 0);
  std::vector<MPI_Datatype> w_send_types(p, MPI_DOUBLE), w_receive_types(p, MPI_DOUBLE);
  for (int q = 0; q < p; ++q) {
    if (send[q].size()) subarray(mine_from, send[q], send_types[q]), w_send_types[q] = send_types[q].type, w_send_counts[q] = 1;
    if (receive[q].size()) {
      subarray(mine_to, receive[q], receive_types[q]), w_receive_types[q] = receive_types[q].type, w_receive_counts[q] = 1;
    }
  }
  auto alltoallw = [&] {
    MPI_Alltoallw(xs, w_send_counts.data(), zeros.data(), w_send_types.data(), ys, w_receive_counts.data(), zeros.data(),
                  w_receive_types.data(), comm.get());
  };

  std::shared_ptr<double> floor_send, floor_receive;
  const std::string direction = rows_to_columns ? "block rows (Px1) -> block columns (1xP)" : "block columns (1xP) -> block rows (Px1)";
  compare(comm,
          "move " + direction + ", " + std::to_string(n0) + " x " + std::to_string(n1) + ", " + std::to_string(p) + " ranks",
          repeats,
          {{"gingham RedistributionPlan::execute", [&] { plan.execute(x.array().local(), y.array().local(), ViewCheck::local); },
            Kind::gingham},
           {"gingham, the plan with an 8 MiB chunk (old default; info)",
            [&] { plan_64.execute(x.array().local(), y.array().local(), ViewCheck::local); }, Kind::gingham},
           {std::string("(a) ") + (send_in_place ? "" : "pack + ") + "MPI_Alltoall(v)" + (receive_in_place ? "" : " + unpack"),
            hand, Kind::alternative},
           {"(b) MPI_Alltoallw, subarray datatypes", alltoallw, Kind::alternative},
           {"MPI_Alltoall of the largest message (floor)", alltoall_floor(comm, largest, floor_send, floor_receive), Kind::floor, false}},
          ys, static_cast<std::size_t>(mine_to.size()), mine_to, value, moved);
  print_mechanisms(comm, {{"gingham", &plan}, {"8 MiB chunk", &plan_64}});
}

/// A (n0 x n1) in block rows -> A^T (n1 x n0) in block rows, on a P x 1 grid (FFTW-MPI's slabs).
void bench_transpose(const Comm& comm, std::int64_t n0, std::int64_t n1, int repeats) {
  const int p = comm.size(), me = comm.rank();
  const ProcessGrid grid(comm, {p, 1});
  const auto rows = blocks(n0, n1, grid), rows_t = blocks(n1, n0, grid);
  const auto x = DistArray<double>::allocate(grid, rows);
  const auto y = DistArray<double>::allocate(grid, rows_t);
  const Rect mine = rect_of(*rows, me), mine_t = rect_of(*rows_t, me);  // A's rows I hold; A^T's rows I get
  auto value_a = [n1](std::int64_t i, std::int64_t j) { return static_cast<double>(i * n1 + j); };
  auto value_t = [n1](std::int64_t j, std::int64_t i) { return static_cast<double>(i * n1 + j); };  // A^T[j, i] = A[i, j]
  double* xs = x.local().data();
  double* ys = y.local().data();
  auto fill_a = [&](double* a) {
    for (std::int64_t r = 0; r < mine.rows(); ++r) {
      for (std::int64_t c = 0; c < n1; ++c) a[r * n1 + c] = value_a(mine.r0 + r, c);
    }
  };
  fill_a(xs);
  const RedistributionPlan plan(comm, rows, rows_t, IndexMap::permutation({n0, n1}, {1, 0}));
  const RedistributionPlan plan_64(comm, rows, rows_t, IndexMap::permutation({n0, n1}, {1, 0}), chunk_options(8));
  const ProcessGrid& x_grid = x.grid();

  // Per peer q: my rows of A x q's columns (q's rows of A^T) go out; q's rows of A x my columns come in.
  std::vector<Rect> send(p), receive(p);
  std::int64_t largest = 0, moved = 0, send_total = 0, receive_total = 0;
  std::vector<int> counts_out(p), displs_out(p), counts_in(p), displs_in(p);
  for (int q = 0; q < p; ++q) {
    const Rect theirs_t = rect_of(*rows_t, q), theirs = rect_of(*rows, q);
    send[q] = mine & Rect{0, n0, theirs_t.r0, theirs_t.r1};
    receive[q] = theirs & Rect{0, n0, mine_t.r0, mine_t.r1};
    counts_out[q] = as_int(send[q].size()), displs_out[q] = as_int(send_total);
    counts_in[q] = as_int(receive[q].size()), displs_in[q] = as_int(receive_total);
    send_total += send[q].size(), receive_total += receive[q].size();
    largest = std::max(largest, send[q].size());
    if (q != me) moved += send[q].size() * 8;
  }

  // (a) Pack each peer's block transposed (tiled), MPI_Alltoall(v), copy the received rows into place.
  const auto send_buffer = doubles(static_cast<std::size_t>(std::max<std::int64_t>(send_total, 1)));
  const auto receive_buffer = doubles(static_cast<std::size_t>(std::max<std::int64_t>(receive_total, 1)));
  auto hand = [&] {
    for (int q = 0; q < p; ++q) {  // block q: A[my rows, q's columns]^T, row-major (columns x my rows)
      const Rect& s = send[q];
      tiled_transpose(send_buffer.get() + displs_out[q], s.rows(), xs + s.c0, n1, s.cols(), s.rows());
    }
    alltoall_or_v(send_buffer.get(), counts_out, displs_out, receive_buffer.get(), counts_in, displs_in, comm.get());
    for (int q = 0; q < p; ++q) {  // from q: my rows of A^T, q's columns of them
      const Rect& v = receive[q];
      for (std::int64_t j = 0; j < v.cols(); ++j) {
        std::memcpy(ys + j * n0 + v.r0, receive_buffer.get() + displs_in[q] + j * v.rows(), v.rows() * 8);
      }
    }
  };

  // (b) MPI_Alltoallw: a subarray of A's rows out; in, a type that writes the rows of q's block down the
  // columns of my rows of A^T (a strided column, resized to one element, repeated).
  std::vector<Type> send_types(p), columns(p), receive_types(p);
  std::vector<int> w_counts_out(p, 0), w_counts_in(p, 0), zeros(p, 0), w_displs_in(p, 0);
  std::vector<MPI_Datatype> w_types_out(p, MPI_DOUBLE), w_types_in(p, MPI_DOUBLE);
  for (int q = 0; q < p; ++q) {
    if (send[q].size()) subarray(mine, send[q], send_types[q]), w_types_out[q] = send_types[q].type, w_counts_out[q] = 1;
    if (receive[q].size()) {
      MPI_Datatype column;
      MPI_Type_vector(as_int(receive[q].cols()), 1, as_int(n0), MPI_DOUBLE, &column);
      MPI_Type_create_resized(column, 0, sizeof(double), &columns[q].type);
      MPI_Type_free(&column);
      MPI_Type_contiguous(as_int(receive[q].rows()), columns[q].type, &receive_types[q].type);
      MPI_Type_commit(&receive_types[q].type);
      w_types_in[q] = receive_types[q].type, w_counts_in[q] = 1, w_displs_in[q] = as_int(receive[q].r0 * 8);
    }
  }
  auto alltoallw = [&] {
    MPI_Alltoallw(xs, w_counts_out.data(), zeros.data(), w_types_out.data(), ys, w_counts_in.data(), w_displs_in.data(),
                  w_types_in.data(), comm.get());
  };

  // (c) FFTW-MPI: its own arrays (alloc_local elements each; out of place, so FFTW may use its input as
  // scratch, as its default allows), planned with FFTW_MEASURE before the data is filled.
  ptrdiff_t local_n0 = 0, local_0_start = 0, local_n1 = 0, local_1_start = 0;
  const ptrdiff_t alloc_local =
      fftw_mpi_local_size_2d_transposed(n0, n1, comm.get(), &local_n0, &local_0_start, &local_n1, &local_1_start);
  int same_slabs = local_n0 == mine.rows() && local_0_start == mine.r0 && local_n1 == mine_t.rows() && local_1_start == mine_t.r0;
  MPI_Allreduce(MPI_IN_PLACE, &same_slabs, 1, MPI_INT, MPI_MIN, comm.get());
  const auto fftw_in = doubles(static_cast<std::size_t>(std::max<ptrdiff_t>(alloc_local, 1)));
  const auto fftw_out = doubles(static_cast<std::size_t>(std::max<ptrdiff_t>(alloc_local, 1)));
  const double plan_start = MPI_Wtime();
  fftw_plan transpose = fftw_mpi_plan_transpose(n0, n1, fftw_in.get(), fftw_out.get(), comm.get(), FFTW_MEASURE);
  const double planning = MPI_Wtime() - plan_start;
  fill_a(fftw_in.get());
  auto fftw = [&] { fftw_execute(transpose); };  // the result stays in FFTW's array, checked there below
  fftw_execute(transpose);
  if (!same_slabs || !check(comm, fftw_out.get(), mine_t, value_t)) {
    if (me == 0) std::printf("transpose: FFTW-MPI's slabs differ from gingham's or its result is wrong\n");
    MPI_Abort(comm.get(), 3);
  }

  std::shared_ptr<double> floor_send, floor_receive;
  const std::string title = "transpose " + std::to_string(n0) + " x " + std::to_string(n1) + " block rows -> block rows, " +
                            std::to_string(p) + " ranks";
  if (me == 0) std::printf("(FFTW_MEASURE planning of the transpose took %.1f s, not timed below)\n", planning);
  compare(comm, title, repeats,
          {{"gingham RedistributionPlan::execute (permutation map)",
            [&] { plan.execute(x.array().local(), y.array().local(), ViewCheck::local); }, Kind::gingham},
           {"gingham, the plan with an 8 MiB chunk (old default; info)",
            [&] { plan_64.execute(x.array().local(), y.array().local(), ViewCheck::local); }, Kind::gingham},
           {"gingham redistribute(permute_dims(x), rows) (info)",
            [&] {
              const Array moved_t = redistribute(permute_dims(x.array(), {1, 0}), x_grid, rows_t);
              std::memcpy(ys, moved_t.local().data, static_cast<std::size_t>(mine_t.size()) * 8);
            },
            Kind::gingham},
           {"(a) pack transposed + MPI_Alltoall(v) + unpack", hand, Kind::alternative},
           {"(b) MPI_Alltoallw, subarray + column datatypes", alltoallw, Kind::alternative},
           {"(c) FFTW-MPI fftw_mpi_plan_transpose (FFTW_MEASURE)", fftw, Kind::alternative, false},
           {"MPI_Alltoall of the largest message (floor)", alltoall_floor(comm, largest, floor_send, floor_receive), Kind::floor, false}},
          ys, static_cast<std::size_t>(mine_t.size()), mine_t, value_t, moved);
  fftw_destroy_plan(transpose);
}

}  // namespace

int main(int argc, char** argv) {
  gingham::Environment environment(argc, argv);
  fftw_mpi_init();
  const Comm comm = Comm::world();
  const int repeats = argc > 1 ? std::atoi(argv[1]) : 10;
  std::vector<std::pair<std::int64_t, std::int64_t>> shapes;
  for (int i = 2; i + 1 < argc; i += 2) shapes.emplace_back(std::atoll(argv[i]), std::atoll(argv[i + 1]));
  if (shapes.empty()) shapes = {{8192, 8192}, {6007, 7001}};
  if (comm.rank() == 0) {
    std::printf("gingham transpose and 1xP-grid move benchmarks: float64 on %d ranks, medians of %d alternating rounds\n"
                "machine: %s (shared; the figures are noisy)\n",
                comm.size(), repeats, machine().c_str());
  }
  for (const auto& [n0, n1] : shapes) {
    bench_move(comm, n0, n1, repeats, /*rows_to_columns=*/true);
    bench_move(comm, n0, n1, repeats, /*rows_to_columns=*/false);
    bench_transpose(comm, n0, n1, repeats);
  }
  fftw_mpi_cleanup();
  return 0;
}
