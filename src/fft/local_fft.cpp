// Local transforms through FFTW's guru64 interface, with a per-rank cache of plans (see local_fft.hpp).
#include "local_fft.hpp"

#include <fftw3.h>

#include <algorithm>
#include <complex>
#include <cstddef>
#include <map>
#include <memory>
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
                  int sign) {
    return fftw_plan_guru64_dft(rank, dims, batch_rank, batch, static_cast<complex*>(in), static_cast<complex*>(out),
                                sign, FFTW_ESTIMATE);
  }
  static plan r2c(int rank, const fftw_iodim64* dims, int batch_rank, const fftw_iodim64* batch, void* in, void* out) {
    return fftw_plan_guru64_dft_r2c(rank, dims, batch_rank, batch, static_cast<real*>(in), static_cast<complex*>(out),
                                    FFTW_ESTIMATE);
  }
  static plan c2r(int rank, const fftw_iodim64* dims, int batch_rank, const fftw_iodim64* batch, void* in, void* out) {
    return fftw_plan_guru64_dft_c2r(rank, dims, batch_rank, batch, static_cast<complex*>(in), static_cast<real*>(out),
                                    FFTW_ESTIMATE);
  }
  static void execute(LocalKind kind, plan p, void* in, void* out) {
    if (kind == LocalKind::real_forward) return fftw_execute_dft_r2c(p, static_cast<real*>(in), static_cast<complex*>(out));
    if (kind == LocalKind::real_backward) return fftw_execute_dft_c2r(p, static_cast<complex*>(in), static_cast<real*>(out));
    fftw_execute_dft(p, static_cast<complex*>(in), static_cast<complex*>(out));
  }
  static void destroy(plan p) { fftw_destroy_plan(p); }
  static int alignment(void* p) { return fftw_alignment_of(static_cast<real*>(p)); }
};

template <>
struct Fftw<true> {
  using plan = fftwf_plan;
  using real = float;
  using complex = fftwf_complex;
  static plan dft(int rank, const fftw_iodim64* dims, int batch_rank, const fftw_iodim64* batch, void* in, void* out,
                  int sign) {
    return fftwf_plan_guru64_dft(rank, dims, batch_rank, batch, static_cast<complex*>(in), static_cast<complex*>(out),
                                 sign, FFTW_ESTIMATE);
  }
  static plan r2c(int rank, const fftw_iodim64* dims, int batch_rank, const fftw_iodim64* batch, void* in, void* out) {
    return fftwf_plan_guru64_dft_r2c(rank, dims, batch_rank, batch, static_cast<real*>(in), static_cast<complex*>(out),
                                     FFTW_ESTIMATE);
  }
  static plan c2r(int rank, const fftw_iodim64* dims, int batch_rank, const fftw_iodim64* batch, void* in, void* out) {
    return fftwf_plan_guru64_dft_c2r(rank, dims, batch_rank, batch, static_cast<complex*>(in), static_cast<real*>(out),
                                     FFTW_ESTIMATE);
  }
  static void execute(LocalKind kind, plan p, void* in, void* out) {
    if (kind == LocalKind::real_forward) return fftwf_execute_dft_r2c(p, static_cast<real*>(in), static_cast<complex*>(out));
    if (kind == LocalKind::real_backward) return fftwf_execute_dft_c2r(p, static_cast<complex*>(in), static_cast<real*>(out));
    fftwf_execute_dft(p, static_cast<complex*>(in), static_cast<complex*>(out));
  }
  static void destroy(plan p) { fftwf_destroy_plan(p); }
  static int alignment(void* p) { return fftwf_alignment_of(static_cast<real*>(p)); }
};

/// What makes two executions able to share one FFTW plan.
using PlanKey = std::tuple<int /*kind*/, std::vector<std::int64_t> /*dims: n, is, os*/,
                           std::vector<std::int64_t> /*batch dims*/, bool /*in place*/, int /*in align*/, int /*out align*/>;

/// The cached plans of one precision; destroyed with the process.
template <bool Single>
class PlanCache {
 public:
  ~PlanCache() {
    for (auto& [key, plan] : plans_) Fftw<Single>::destroy(plan);
  }
  typename Fftw<Single>::plan get(const PlanKey& key, LocalKind kind, const std::vector<fftw_iodim64>& dims,
                                  const std::vector<fftw_iodim64>& batch, void* in, void* out) {
    auto found = plans_.find(key);
    if (found != plans_.end()) return found->second;
    const int rank = static_cast<int>(dims.size()), batch_rank = static_cast<int>(batch.size());
    typename Fftw<Single>::plan plan = nullptr;
    switch (kind) {
      case LocalKind::complex_forward: plan = Fftw<Single>::dft(rank, dims.data(), batch_rank, batch.data(), in, out, FFTW_FORWARD); break;
      case LocalKind::complex_backward: plan = Fftw<Single>::dft(rank, dims.data(), batch_rank, batch.data(), in, out, FFTW_BACKWARD); break;
      case LocalKind::real_forward: plan = Fftw<Single>::r2c(rank, dims.data(), batch_rank, batch.data(), in, out); break;
      case LocalKind::real_backward: plan = Fftw<Single>::c2r(rank, dims.data(), batch_rank, batch.data(), in, out); break;
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
  PlanKey key{static_cast<int>(kind), {}, {}, in.data == out.data, 0, 0};
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
