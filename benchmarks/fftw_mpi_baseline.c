/* The FFTW-MPI baseline of bench_fft.py, built by it as a shared library (mpicc -shared) and called through
 * ctypes inside the same MPI job, so its rounds alternate with gingham's on the same ranks. FFTW-MPI is called
 * as a hand-written code calls it: slabs of local_n0 planes (fftw_mpi_local_size_*: 128 of 256 per rank on 2
 * ranks, the same slabs as gingham's Block layout), in place, with the planner flag gingham uses in the same
 * run (FFTW_ESTIMATE or FFTW_MEASURE: baseline_setup's `measure`; planning is not timed).
 *   mode 0: 3-D complex n0 x n1 x n2, forward with FFTW_MPI_TRANSPOSED_OUT then backward with
 *           FFTW_MPI_TRANSPOSED_IN (one global transpose each way, FFTW-MPI's fastest round trip);
 *   mode 1: the same without the transposed flags (the result in the input's slabs: two transposes each way);
 *   mode 2: 2-D real-to-complex n0 x n1, forward only, FFTW_MPI_TRANSPOSED_OUT (padded real rows).
 * baseline_setup plans and fills, baseline_run runs one round and returns its wall time (between barriers),
 * baseline_error the largest error of the round trip (modes 0 and 1) against the data filled, baseline_free
 * releases everything. */
#include <fftw3-mpi.h>
#include <math.h>
#include <mpi.h>
#include <stdlib.h>

static int mode_;
static ptrdiff_t n0_, n1_, n2_, local_n0_, local_start_, alloc_;
static fftw_complex* data_ = NULL;
static double* real_ = NULL;
static fftw_plan forward_ = NULL, backward_ = NULL;

static double value_at(ptrdiff_t flat) { return (double)((flat * 7919) % 1000) / 1000.0 - 0.5; }

static void fill(void) {
  const ptrdiff_t count = local_n0_ * n1_ * (mode_ == 2 ? 1 : n2_);
  for (ptrdiff_t k = 0; k < count; ++k) {
    const ptrdiff_t flat = local_start_ * n1_ * (mode_ == 2 ? 1 : n2_) + k;
    if (mode_ == 2) {
      const ptrdiff_t row = k / n1_, column = k % n1_;
      real_[row * 2 * (n1_ / 2 + 1) + column] = value_at(flat);
    } else {
      data_[k][0] = value_at(flat);
      data_[k][1] = -value_at(flat + 1);
    }
  }
}

int baseline_setup(int mode, long n0, long n1, long n2, int measure) {
  fftw_mpi_init();
  const unsigned effort = measure ? FFTW_MEASURE : FFTW_ESTIMATE;
  mode_ = mode, n0_ = n0, n1_ = n1, n2_ = n2;
  if (mode == 2) {
    ptrdiff_t local_n1, local_start1;
    alloc_ = fftw_mpi_local_size_2d_transposed(n0, n1 / 2 + 1, MPI_COMM_WORLD, &local_n0_, &local_start_, &local_n1,
                                               &local_start1);
    real_ = fftw_alloc_real(2 * alloc_);
    forward_ = fftw_mpi_plan_dft_r2c_2d(n0, n1, real_, (fftw_complex*)real_, MPI_COMM_WORLD,
                                        effort | FFTW_MPI_TRANSPOSED_OUT);
  } else {
    const unsigned transposed = mode == 0;
    ptrdiff_t local_n1, local_start1;
    alloc_ = fftw_mpi_local_size_3d_transposed(n0, n1, n2, MPI_COMM_WORLD, &local_n0_, &local_start_, &local_n1,
                                               &local_start1);
    data_ = fftw_alloc_complex(alloc_);
    forward_ = fftw_mpi_plan_dft_3d(n0, n1, n2, data_, data_, MPI_COMM_WORLD, FFTW_FORWARD,
                                    effort | (transposed ? FFTW_MPI_TRANSPOSED_OUT : 0));
    backward_ = fftw_mpi_plan_dft_3d(n0, n1, n2, data_, data_, MPI_COMM_WORLD, FFTW_BACKWARD,
                                     effort | (transposed ? FFTW_MPI_TRANSPOSED_IN : 0));
  }
  fill();
  return (int)local_n0_;
}

double baseline_run(void) {
  MPI_Barrier(MPI_COMM_WORLD);
  const double start = MPI_Wtime();
  fftw_execute(forward_);
  if (backward_) fftw_execute(backward_);
  MPI_Barrier(MPI_COMM_WORLD);
  return MPI_Wtime() - start;
}

double baseline_error(void) {
  if (mode_ == 2) return 0.0;
  fill();
  fftw_execute(forward_);
  fftw_execute(backward_);
  const double points = (double)n0_ * (double)n1_ * (double)n2_;
  double error = 0.0;
  for (ptrdiff_t k = 0; k < local_n0_ * n1_ * n2_; ++k) {
    const ptrdiff_t flat = local_start_ * n1_ * n2_ + k;
    error = fmax(error, fabs(data_[k][0] / points - value_at(flat)));
    error = fmax(error, fabs(data_[k][1] / points + value_at(flat + 1)));
  }
  MPI_Allreduce(MPI_IN_PLACE, &error, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
  return error;
}

void baseline_free(void) {
  if (forward_) fftw_destroy_plan(forward_);
  if (backward_) fftw_destroy_plan(backward_);
  forward_ = backward_ = NULL;
  fftw_free(data_);
  fftw_free(real_);
  data_ = NULL, real_ = NULL;
}
