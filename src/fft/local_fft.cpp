// Local transforms through FFTW's guru64 interface, with a per-rank cache of plans (see local_fft.hpp).
#include "local_fft.hpp"

#include "gingham/fft/fft.hpp"

#include <fftw3.h>

#include <algorithm>
#include <cstdlib>
#include <complex>
#include <cstddef>
#include <map>
#include <memory>
#include <new>
#include <optional>
#include <utility>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <tuple>

namespace gingham::fft_detail {
namespace {

/// FFTW's double and single precision interfaces behind one name each.
template <bool Single>
struct Fftw;

template <>
struct Fftw<false> {
  using plan = fftw_plan;
  using real = double;
  using complex = fftw_complex;
  static plan dft(int rank, const fftw_iodim64* dims, int batch_rank, const fftw_iodim64* batch, void* in, void* out,
                  int sign, unsigned flags) {
    return fftw_plan_guru64_dft(rank, dims, batch_rank, batch, static_cast<complex*>(in), static_cast<complex*>(out),
                                sign, flags);
  }
  static plan r2c(int rank, const fftw_iodim64* dims, int batch_rank, const fftw_iodim64* batch, void* in, void* out,
                  unsigned flags) {
    return fftw_plan_guru64_dft_r2c(rank, dims, batch_rank, batch, static_cast<real*>(in), static_cast<complex*>(out),
                                    flags);
  }
  static plan c2r(int rank, const fftw_iodim64* dims, int batch_rank, const fftw_iodim64* batch, void* in, void* out,
                  unsigned flags) {
    return fftw_plan_guru64_dft_c2r(rank, dims, batch_rank, batch, static_cast<complex*>(in), static_cast<real*>(out),
                                    flags);
  }
  static void execute(LocalKind kind, plan p, void* in, void* out) {
    if (kind == LocalKind::real_forward) return fftw_execute_dft_r2c(p, static_cast<real*>(in), static_cast<complex*>(out));
    if (kind == LocalKind::real_backward) return fftw_execute_dft_c2r(p, static_cast<complex*>(in), static_cast<real*>(out));
    fftw_execute_dft(p, static_cast<complex*>(in), static_cast<complex*>(out));
  }
  static int alignment(void* p) { return fftw_alignment_of(static_cast<real*>(p)); }
};

template <>
struct Fftw<true> {
  using plan = fftwf_plan;
  using real = float;
  using complex = fftwf_complex;
  static plan dft(int rank, const fftw_iodim64* dims, int batch_rank, const fftw_iodim64* batch, void* in, void* out,
                  int sign, unsigned flags) {
    return fftwf_plan_guru64_dft(rank, dims, batch_rank, batch, static_cast<complex*>(in), static_cast<complex*>(out),
                                 sign, flags);
  }
  static plan r2c(int rank, const fftw_iodim64* dims, int batch_rank, const fftw_iodim64* batch, void* in, void* out,
                  unsigned flags) {
    return fftwf_plan_guru64_dft_r2c(rank, dims, batch_rank, batch, static_cast<real*>(in), static_cast<complex*>(out),
                                     flags);
  }
  static plan c2r(int rank, const fftw_iodim64* dims, int batch_rank, const fftw_iodim64* batch, void* in, void* out,
                  unsigned flags) {
    return fftwf_plan_guru64_dft_c2r(rank, dims, batch_rank, batch, static_cast<complex*>(in), static_cast<real*>(out),
                                     flags);
  }
  static void execute(LocalKind kind, plan p, void* in, void* out) {
    if (kind == LocalKind::real_forward) return fftwf_execute_dft_r2c(p, static_cast<real*>(in), static_cast<complex*>(out));
    if (kind == LocalKind::real_backward) return fftwf_execute_dft_c2r(p, static_cast<complex*>(in), static_cast<real*>(out));
    fftwf_execute_dft(p, static_cast<complex*>(in), static_cast<complex*>(out));
  }
  static int alignment(void* p) { return fftwf_alignment_of(static_cast<real*>(p)); }
};

/// What makes two executions able to share one FFTW plan.
using PlanKey = std::tuple<int /*kind*/, std::vector<std::int64_t> /*dims: n, is, os*/,
                           std::vector<std::int64_t> /*batch dims*/, bool /*in place*/, int /*in align*/, int /*out align*/,
                           int /*planner effort*/>;

/// The planner effort: FFTW_MEASURE unless the environment variable GINGHAM_FFT_PLANNER says estimate or patient.
FftPlanner initial_planner_effort() {
  const char* text = std::getenv("GINGHAM_FFT_PLANNER");
  if (text == nullptr) return FftPlanner::measure;
  const std::string name(text);
  if (name == "estimate") return FftPlanner::estimate;
  if (name == "patient") return FftPlanner::patient;
  return FftPlanner::measure;
}

FftPlanner planner_effort = initial_planner_effort();

/// Seconds FFTW's planner may spend measuring one plan: 1, or the environment variable
/// GINGHAM_FFT_PLAN_SECONDS (a positive number; anything else keeps 1).
double plan_time_limit() {
  static const double limit = [] {
    const char* text = std::getenv("GINGHAM_FFT_PLAN_SECONDS");
    char* end = nullptr;
    const double value = text ? std::strtod(text, &end) : 0.0;
    return text && end != text && value > 0 ? value : 1.0;
  }();
  return limit;
}

unsigned planner_flags(FftPlanner effort) {
  if (effort == FftPlanner::measure) return FFTW_MEASURE;
  if (effort == FftPlanner::patient) return FFTW_PATIENT;
  return FFTW_ESTIMATE;
}

/// Memory with the footprint of a strided view (offsets lo .. hi elements of `item` bytes from its first
/// element) whose first element has the same address modulo 64 as `model`: what FFTW_MEASURE may scribble on.
class Scratch {
 public:
  Scratch(std::int64_t lo, std::int64_t hi, std::size_t item, const void* model) {
    const std::size_t bytes = static_cast<std::size_t>(hi - lo + 1) * item + 64;
    memory_ = static_cast<std::byte*>(fftw_malloc(bytes));
    if (memory_ == nullptr) throw std::bad_alloc();
    std::byte* first = memory_ + static_cast<std::size_t>(-lo) * item;
    const auto misfit = (reinterpret_cast<std::uintptr_t>(model) - reinterpret_cast<std::uintptr_t>(first)) % 64;
    first_ = first + misfit;
  }
  ~Scratch() { fftw_free(memory_); }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  void* first() const noexcept { return first_; }

 private:
  std::byte* memory_ = nullptr;
  std::byte* first_ = nullptr;
};

/// The lowest and highest element offsets a view of the given (n, stride) pairs reaches.
std::pair<std::int64_t, std::int64_t> footprint(const std::vector<std::pair<std::int64_t, std::int64_t>>& extents) {
  std::int64_t lo = 0, hi = 0;
  for (const auto& [n, stride] : extents) (stride < 0 ? lo : hi) += (n - 1) * stride;
  return {lo, hi};
}

/// The cached plans of one precision. They live as long as the process and are not destroyed at exit: another
/// library in the process (mpi4py-fft's FFTW wrapper) may call fftw_cleanup at exit, after which destroying a
/// plan crashes.
template <bool Single>
class PlanCache {
 public:
  typename Fftw<Single>::plan get(const PlanKey& key, LocalKind kind, const std::vector<fftw_iodim64>& dims,
                                  const std::vector<fftw_iodim64>& batch, void* in, void* out) {
    auto found = plans_.find(key);
    if (found != plans_.end()) return found->second;
    const int rank = static_cast<int>(dims.size()), batch_rank = static_cast<int>(batch.size());
    const FftPlanner effort = static_cast<FftPlanner>(std::get<6>(key));
    const unsigned flags = planner_flags(effort);
    // Planning with trial runs overwrites the arrays: then plan on scratch memory of the same geometry.
    std::optional<Scratch> scratch_in, scratch_out;
    if (effort != FftPlanner::estimate) {
      using Real = typename Fftw<Single>::real;
      const std::size_t in_item = kind == LocalKind::real_forward ? sizeof(Real) : 2 * sizeof(Real);
      const std::size_t out_item = kind == LocalKind::real_backward ? sizeof(Real) : 2 * sizeof(Real);
      std::vector<std::pair<std::int64_t, std::int64_t>> in_extents, out_extents;
      for (const auto& d : dims) {
        const std::int64_t halved = d.n / 2 + 1;
        in_extents.emplace_back(kind == LocalKind::real_backward ? halved : d.n, d.is);
        out_extents.emplace_back(kind == LocalKind::real_forward ? halved : d.n, d.os);
      }
      for (const auto& d : batch) in_extents.emplace_back(d.n, d.is), out_extents.emplace_back(d.n, d.os);
      if (in == out) {
        auto [lo, hi] = footprint(in_extents);
        auto [out_lo, out_hi] = footprint(out_extents);
        scratch_in.emplace(std::min(lo, out_lo), std::max(hi, out_hi), in_item, in);
        in = out = scratch_in->first();
      } else {
        auto [lo, hi] = footprint(in_extents);
        scratch_in.emplace(lo, hi, in_item, in);
        auto [out_lo, out_hi] = footprint(out_extents);
        scratch_out.emplace(out_lo, out_hi, out_item, out);
        in = scratch_in->first(), out = scratch_out->first();
      }
    }
    // Measuring a large transform can take minutes (10^7 points: each trial run is a full transform): the
    // planner stops after plan_time_limit() seconds with the best plan found so far.
    const double limit = effort == FftPlanner::estimate ? FFTW_NO_TIMELIMIT : plan_time_limit();
    if constexpr (Single) fftwf_set_timelimit(limit);
    else fftw_set_timelimit(limit);
    typename Fftw<Single>::plan plan = nullptr;
    switch (kind) {
      case LocalKind::complex_forward: plan = Fftw<Single>::dft(rank, dims.data(), batch_rank, batch.data(), in, out, FFTW_FORWARD, flags); break;
      case LocalKind::complex_backward: plan = Fftw<Single>::dft(rank, dims.data(), batch_rank, batch.data(), in, out, FFTW_BACKWARD, flags); break;
      case LocalKind::real_forward: plan = Fftw<Single>::r2c(rank, dims.data(), batch_rank, batch.data(), in, out, flags); break;
      case LocalKind::real_backward: plan = Fftw<Single>::c2r(rank, dims.data(), batch_rank, batch.data(), in, out, flags); break;
    }
    if (plan == nullptr) {
      throw std::runtime_error("gingham::fft: FFTW could not plan a transform of rank " + std::to_string(rank) +
                               " with " + std::to_string(batch_rank) + " batch axes");
    }
    plans_.emplace(key, plan);
    return plan;
  }
  std::size_t size() const noexcept { return plans_.size(); }

 private:
  std::map<PlanKey, typename Fftw<Single>::plan> plans_;
};

template <bool Single>
PlanCache<Single>& plan_cache() {
  static PlanCache<Single> cache;
  return cache;
}

template <bool Single>
void run(LocalKind kind, const RawView& in, const RawView& out, const std::vector<int>& axes) {
  const int ndim = static_cast<int>(out.shape.size());
  std::vector<char> transformed(ndim, 0);
  std::vector<fftw_iodim64> dims, batch;
  PlanKey key{static_cast<int>(kind), {}, {}, in.data == out.data, 0, 0, static_cast<int>(planner_effort)};
  for (int axis : axes) {
    transformed[axis] = 1;
    // The logical length: the real side's extent for the real kinds.
    const std::int64_t n = kind == LocalKind::real_backward ? out.shape[axis] : in.shape[axis];
    dims.push_back({n, in.strides[axis], out.strides[axis]});
  }
  for (int axis = 0; axis < ndim; ++axis) {
    if (transformed[axis] || out.shape[axis] == 1) continue;
    batch.push_back({out.shape[axis], in.strides[axis], out.strides[axis]});
  }
  for (const auto& d : dims) std::get<1>(key).insert(std::get<1>(key).end(), {d.n, d.is, d.os});
  for (const auto& d : batch) std::get<2>(key).insert(std::get<2>(key).end(), {d.n, d.is, d.os});
  std::get<4>(key) = Fftw<Single>::alignment(in.data);
  std::get<5>(key) = Fftw<Single>::alignment(out.data);
  const auto plan = plan_cache<Single>().get(key, kind, dims, batch, in.data, out.data);
  Fftw<Single>::execute(kind, plan, in.data, out.data);
}

}  // namespace

void local_transform(LocalKind kind, bool single, const RawView& in, const RawView& out, const std::vector<int>& axes) {
  if (in.size() == 0 || out.size() == 0 || axes.empty()) return;
  if (single) return run<true>(kind, in, out, axes);
  run<false>(kind, in, out, axes);
}

std::size_t cached_fftw_plans() { return plan_cache<false>().size() + plan_cache<true>().size(); }

}  // namespace gingham::fft_detail

namespace gingham {

void set_fft_planner(FftPlanner effort) noexcept { fft_detail::planner_effort = effort; }

FftPlanner fft_planner() noexcept { return fft_detail::planner_effort; }

}  // namespace gingham
