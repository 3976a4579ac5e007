// A stencil simulation: 2-D heat diffusion on a periodic grid, distributed over all ranks, restartable.
// The C++ twin of examples/heat_equation.py: the same options, the same checkpoint files (a checkpoint
// written by one restarts the other) and the same final field, bit for bit.
//   mpirun -np 4 gingham_heat_equation --n 96 --steps 50
//   mpirun -np 4 gingham_heat_equation --n 512 --steps 4000 --checkpoint-every 100 --checkpoint-dir ckpt \
//       --restart --output final.npy
// The initial field is built with gingham::fromfunction, each rank computing its own shard. Each step
// exchanges one ghost layer with the neighbouring shards (split phase) and applies the 5-point Laplacian
//   u += alpha * (u[i-1,j] + u[i+1,j] + u[i,j-1] + u[i,j+1] - 4 u[i,j])
// to the local shard, summed in that order as NumPy does. Every operation is elementwise and correctly
// rounded (the initial condition is rational, not exp: libm's and NumPy's exp differ in the last bit), and
// the example is compiled without floating-point contraction (no FMA), so the result does not depend on
// the rank count, the layout or the language. When the run is small it is checked against the same
// computation done serially with plain loops on every rank (the maximum difference is printed).
//
// Checkpoints (--checkpoint-every N): every N steps the field is saved with gingham::save_npy to
// DIR/heat-step-<step, 8 digits>.npy (parallel and atomic, so a file with that name is complete); once the
// save has returned on every rank, rank 0 removes the older checkpoints beyond the last two. --restart
// loads the checkpoint with the highest step in DIR into this run's layout (any rank count) and continues
// from that step; with no checkpoint it starts from the initial condition and says so.
// Exit status 2 for a bad command line, 1 when the run fails (the same on every rank).
#include <gingham/gingham.hpp>
#include <mpi.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <optional>
#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using namespace gingham;
namespace fs = std::filesystem;

constexpr double kAlpha = 0.2;                     // diffusion number (stable below 0.25)
constexpr std::size_t kCheckpointsKept = 2;
constexpr std::int64_t kSerialCheckLimit = 100000000;  // the serial check runs when n * n * steps is at most this

struct Options {
  std::int64_t n = 96;
  std::int64_t steps = 50;
  std::int64_t checkpoint_every = 0;
  std::string checkpoint_dir = "heat-checkpoints";
  bool restart = false;
  std::string output;
};

const char* const kUsage =
    "usage: gingham_heat_equation [--n N] [--steps STEPS] [--checkpoint-every N] [--checkpoint-dir DIR]\n"
    "                             [--restart] [--output FILE]\n";

/// Local. A non-negative integer option's value, or std::invalid_argument naming the option.
std::int64_t integer_value(const std::string& option, const std::string& text, std::int64_t minimum) {
  std::size_t used = 0;
  long long value = 0;
  try {
    value = std::stoll(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || text.empty()) {
    throw std::invalid_argument(option + ": expected an integer, got '" + text + "'");
  }
  if (value < minimum) {
    throw std::invalid_argument(option + ": expected at least " + std::to_string(minimum) + ", got " + text);
  }
  return value;
}

/// Local. The command line (--opt VALUE or --opt=VALUE), or std::invalid_argument saying what is wrong.
Options parse_options(int argc, char** argv) {
  Options options;
  for (int k = 1; k < argc; ++k) {
    std::string option = argv[k], value;
    const bool flag = option == "--restart";
    const bool has_value = option.find('=') != std::string::npos;
    if (has_value) {
      value = option.substr(option.find('=') + 1);
      option.resize(option.find('='));
    }
    static const std::vector<std::string> kValued = {"--n", "--steps", "--checkpoint-every", "--checkpoint-dir",
                                                     "--output"};
    if (!flag && std::find(kValued.begin(), kValued.end(), option) == kValued.end()) {
      throw std::invalid_argument("unrecognized argument '" + std::string(argv[k]) + "'");
    }
    if (!flag && !has_value) {
      if (k + 1 >= argc) throw std::invalid_argument(option + ": expected a value after it");
      value = argv[++k];
    }
    if (flag) options.restart = true;
    else if (option == "--n") options.n = integer_value(option, value, 1);
    else if (option == "--steps") options.steps = integer_value(option, value, 0);
    else if (option == "--checkpoint-every") options.checkpoint_every = integer_value(option, value, 0);
    else if (option == "--checkpoint-dir") options.checkpoint_dir = value;
    else options.output = value;
  }
  return options;
}

/// Local. The checkpoint file of `step` in `directory` (the name heat_equation.py uses).
std::string checkpoint_path(const std::string& directory, std::int64_t step) {
  char name[64];
  std::snprintf(name, sizeof name, "heat-step-%08lld.npy", static_cast<long long>(step));
  return (fs::path(directory) / name).string();
}

/// Local. The steps of the checkpoints in `directory`, ascending (none when it does not exist).
/// gingham's temporary files start with "." and never match.
std::vector<std::int64_t> checkpoint_steps(const std::string& directory) {
  static const std::regex name("heat-step-([0-9]{8,})\\.npy");
  std::vector<std::int64_t> steps;
  if (!fs::exists(directory)) return steps;
  for (const auto& entry : fs::directory_iterator(directory)) {
    std::smatch match;
    const std::string file = entry.path().filename().string();
    if (std::regex_match(file, match, name)) steps.push_back(std::stoll(match[1].str()));
  }
  std::sort(steps.begin(), steps.end());
  return steps;
}

/// Collective over the grid. The highest checkpoint step in `directory`, or -1 when there is none: rank 0
/// lists the directory and broadcasts its choice, so every rank loads the same file.
std::int64_t latest_checkpoint(const ProcessGrid& grid, const std::string& directory) {
  const Comm& comm = grid.comm();
  std::int64_t latest = agree_on_errors(comm, [&]() -> std::int64_t {
    if (comm.rank() != 0) return -1;
    const auto steps = checkpoint_steps(directory);
    return steps.empty() ? -1 : steps.back();
  });
  MPI_Bcast(&latest, 1, MPI_INT64_T, 0, comm.get());
  return latest;
}

/// Collective over the grid. Saves `u` as the checkpoint of `step`, then (rank 0) removes all but the
/// last two checkpoints. Returns the file's path.
std::string save_checkpoint(const DistArray<double>& u, const std::string& directory, std::int64_t step) {
  const Comm& comm = u.grid().comm();
  agree_on_errors(comm, [&] {
    if (comm.rank() == 0) fs::create_directories(directory);
  });
  const std::string path = checkpoint_path(directory, step);
  save_npy(path, u.array());  // atomic: returns (on rank 0 too) only once every rank's part is written and renamed
  agree_on_errors(comm, [&] {
    if (comm.rank() != 0) return;
    const auto steps = checkpoint_steps(directory);
    for (std::size_t k = 0; k + kCheckpointsKept < steps.size(); ++k) fs::remove(checkpoint_path(directory, steps[k]));
  });
  return path;
}

/// Local. The initial field at global grid indices (i, j): a bump centred at (0.3, 0.6) of the unit
/// square, s = 50 ((i/n - 0.3)^2 + (j/n - 0.6)^2), u = 1 / (1 + s^2), evaluated as heat_equation.py does.
double initial_condition(std::int64_t i, std::int64_t j, std::int64_t n) {
  const double di = static_cast<double>(i) / static_cast<double>(n) - 0.3;
  const double dj = static_cast<double>(j) / static_cast<double>(n) - 0.6;
  const double s = 50.0 * (di * di + dj * dj);
  return 1.0 / (1.0 + s * s);
}

/// Collective over u's grid. One explicit Euler step: u += alpha * (5-point Laplacian of u).
void take_step(const DistArray<double>& u, std::vector<double>& laplacian) {
  u.begin_halo_exchange();
  const LocalView<double> inner = u.local_with_halo();  // shard plus one ghost layer on every side
  // The interior (which needs no ghosts) could be updated here while the ghosts travel; read-only until end.
  u.end_halo_exchange();
  if (!u.holds_shard()) return;
  const std::int64_t rows = inner.shape()[0] - 2, cols = inner.shape()[1] - 2;
  laplacian.resize(static_cast<std::size_t>(rows * cols));
  for (std::int64_t i = 1; i <= rows; ++i) {  // all of the Laplacian first, then the update (as NumPy)
    for (std::int64_t j = 1; j <= cols; ++j) {
      laplacian[(i - 1) * cols + (j - 1)] =
          inner(i - 1, j) + inner(i + 1, j) + inner(i, j - 1) + inner(i, j + 1) - 4.0 * inner(i, j);
    }
  }
  for (std::int64_t i = 1; i <= rows; ++i) {
    for (std::int64_t j = 1; j <= cols; ++j) inner(i, j) += kAlpha * laplacian[(i - 1) * cols + (j - 1)];
  }
}

/// Local. The same simulation done serially with plain loops, row-major n x n.
std::vector<double> serial_reference(std::int64_t n, std::int64_t steps) {
  std::vector<double> u(static_cast<std::size_t>(n * n)), next(u.size());
  for (std::int64_t i = 0; i < n; ++i) {
    for (std::int64_t j = 0; j < n; ++j) u[i * n + j] = initial_condition(i, j, n);
  }
  const auto at = [&](std::int64_t i, std::int64_t j) { return u[((i + n) % n) * n + (j + n) % n]; };
  for (std::int64_t step = 0; step < steps; ++step) {
    for (std::int64_t i = 0; i < n; ++i) {
      for (std::int64_t j = 0; j < n; ++j) {
        const double laplacian = at(i - 1, j) + at(i + 1, j) + at(i, j - 1) + at(i, j + 1) - 4.0 * at(i, j);
        next[i * n + j] = at(i, j) + kAlpha * laplacian;
      }
    }
    u.swap(next);
  }
  return u;
}

/// Local. "(2, 2)", as Python prints a tuple.
std::string format_dims(const std::vector<int>& dims) {
  std::string text = "(";
  for (std::size_t k = 0; k < dims.size(); ++k) text += (k ? ", " : "") + std::to_string(dims[k]);
  return text + (dims.size() == 1 ? ",)" : ")");
}

int run(const Options& options) {
  const std::int64_t n = options.n, steps = options.steps;
  const ProcessGrid grid(Comm::world(), {0, 0});  // a 2-D grid chosen by MPI_Dims_create
  const int rank = grid.comm().rank();
  const auto layout = std::make_shared<const Distribution>(
      std::vector<std::int64_t>{n, n}, std::vector<AxisLayout>{AxisLayout::block(), AxisLayout::block()}, grid.dims());
  const HaloSpec halo = HaloSpec::uniform(2, 1, /*periodic=*/true, Stencil::star);

  std::int64_t start = options.restart ? latest_checkpoint(grid, options.checkpoint_dir) : -1;
  DistArray<double> u = [&] {
    if (start < 0) {
      if (options.restart && rank == 0) {
        std::printf("no checkpoint in %s: starting from the initial condition at step 0\n",
                    options.checkpoint_dir.c_str());
        std::fflush(stdout);
      }
      start = 0;
      // Each rank computes only its own shard of the initial field (no rank holds the whole of it).
      return fromfunction<double>(grid, layout, [n](std::span<const std::int64_t> index) {
        return initial_condition(index[0], index[1], n);
      }, halo);
    }
    if (start > steps) {
      throw std::invalid_argument("--restart: the latest checkpoint in " + options.checkpoint_dir + " is at step " +
                                  std::to_string(start) + ", beyond --steps " + std::to_string(steps));
    }
    const std::string path = checkpoint_path(options.checkpoint_dir, start);
    // Into this run's layout (any rank count), then into an array with ghost cells (a local copy).
    DistArray<double> restarted(redistribute(load_npy(path, grid, layout), grid, layout, std::nullopt, {}, halo));
    if (rank == 0) {
      std::printf("restarted from step %lld (%s) on %d ranks\n", static_cast<long long>(start), path.c_str(),
                  grid.comm().size());
      std::fflush(stdout);
    }
    return restarted;
  }();

  std::vector<double> laplacian;
  for (std::int64_t step = start + 1; step <= steps; ++step) {
    take_step(u, laplacian);
    if (options.checkpoint_every > 0 && step % options.checkpoint_every == 0) {
      const std::string path = save_checkpoint(u, options.checkpoint_dir, step);
      if (rank == 0) {
        std::printf("checkpoint at step %lld: %s\n", static_cast<long long>(step), path.c_str());
        std::fflush(stdout);
      }
    }
  }

  if (!options.output.empty()) save_npy(options.output, u.array());
  const double heat = sum(u);
  const double peak = sum(DistArray<double>(reduce(Reduction::max, u.array())));  // the 0-D max's value
  char check[128];
  if (n * n * steps <= kSerialCheckLimit) {
    const std::vector<double> whole = gather_to_all(u), serial = serial_reference(n, steps);
    double difference = 0;
    for (std::size_t k = 0; k < whole.size(); ++k) difference = std::max(difference, std::abs(whole[k] - serial[k]));
    std::snprintf(check, sizeof check, "max difference from serial loops %.1e", difference);
  } else {
    std::snprintf(check, sizeof check, "serial check skipped (n*n*steps > %.0e)",
                  static_cast<double>(kSerialCheckLimit));
  }
  if (rank == 0) {
    std::printf("heat equation %lldx%lld, %lld steps on %s ranks: total heat %.6f, peak %.6f, %s\n",
                static_cast<long long>(n), static_cast<long long>(n), static_cast<long long>(steps),
                format_dims(grid.dims()).c_str(), heat, peak, check);
    std::fflush(stdout);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Environment environment(argc, argv);  // MPI_Init (singleton without mpirun)
  const int rank = Comm::world().rank();
  Options options;
  try {
    options = parse_options(argc, argv);  // every rank sees the same command line: all fail alike
  } catch (const std::invalid_argument& error) {
    if (rank == 0) std::fprintf(stderr, "%sgingham_heat_equation: error: %s\n", kUsage, error.what());
    return 2;
  }
  try {
    return run(options);
  } catch (const std::exception& error) {  // gingham's errors are agreed: every rank has the same one
    if (rank == 0) std::fprintf(stderr, "gingham_heat_equation: error: %s\n", error.what());
    return 1;
  }
}
