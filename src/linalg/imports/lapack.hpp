#pragma once
// The boundary to serial LAPACK and BLAS, called on whole local matrices (OpenBLAS through LAPACK::LAPACK
// and BLAS::BLAS: LP64, 32-bit integers, column-major): the extern "C" prototypes, then typed overloads in
// gingham::linalg_detail::lapack. Private to src/linalg/: no other layer calls LAPACK or BLAS (ScaLAPACK,
// PBLAS and BLACS: scalapack.hpp beside this file, with the same conventions).

#include <complex>

extern "C" {
// LU factorization, inversion and solve from it; Cholesky; ?GEMM.
#define GINGHAM_SERIAL(p, T)                                                                                         \
  void p##getrf_(const int* m, const int* n, T* a, const int* lda, int* ipiv, int* info);                       \
  void p##getri_(const int* n, T* a, const int* lda, const int* ipiv, T* work, const int* lwork, int* info);    \
  void p##getrs_(const char* trans, const int* n, const int* nrhs, const T* a, const int* lda, const int* ipiv, \
                 T* b, const int* ldb, int* info);                                                              \
  void p##potrf_(const char* uplo, const int* n, T* a, const int* lda, int* info);                             \
  void p##gemm_(const char* transa, const char* transb, const int* m, const int* n, const int* k,              \
                const T* alpha, const T* a, const int* lda, const T* b, const int* ldb, const T* beta, T* c,    \
                const int* ldc);
GINGHAM_SERIAL(s, float)
GINGHAM_SERIAL(d, double)
GINGHAM_SERIAL(c, std::complex<float>)
GINGHAM_SERIAL(z, std::complex<double>)
#undef GINGHAM_SERIAL

// Symmetric / Hermitian eigensolvers (divide and conquer).
void ssyevd_(const char* jobz, const char* uplo, const int* n, float* a, const int* lda, float* w, float* work,
             const int* lwork, int* iwork, const int* liwork, int* info);
void dsyevd_(const char* jobz, const char* uplo, const int* n, double* a, const int* lda, double* w, double* work,
             const int* lwork, int* iwork, const int* liwork, int* info);
void cheevd_(const char* jobz, const char* uplo, const int* n, std::complex<float>* a, const int* lda, float* w,
             std::complex<float>* work, const int* lwork, float* rwork, const int* lrwork, int* iwork,
             const int* liwork, int* info);
void zheevd_(const char* jobz, const char* uplo, const int* n, std::complex<double>* a, const int* lda, double* w,
             std::complex<double>* work, const int* lwork, double* rwork, const int* lrwork, int* iwork,
             const int* liwork, int* info);
}

namespace gingham::linalg_detail::lapack {

// ---- By element type, on whole column-major n x n matrices with leading dimension n ------------------

#define GINGHAM_SERIAL(p, T)                                                                                   \
  /** Local. LU with partial pivoting of the n x n matrix a. */                                             \
  inline void getrf(int n, T* a, int* ipiv, int* info) { p##getrf_(&n, &n, a, &n, ipiv, info); }             \
  /** Local. a := a^-1 from getrf's factors (lwork = -1: a workspace query). */                             \
  inline void getri(int n, T* a, const int* ipiv, T* work, int lwork, int* info) {                            \
    p##getri_(&n, a, &n, ipiv, work, &lwork, info);                                                           \
  }                                                                                                           \
  /** Local. b := op(a)^-1 b for the n x k matrix b, from getrf's factors. */                                 \
  inline void getrs(const char* trans, int n, int k, const T* a, const int* ipiv, T* b, int* info) {          \
    p##getrs_(trans, &n, &k, a, &n, ipiv, b, &n, info);                                                       \
  }                                                                                                           \
  /** Local. Cholesky factor of the triangle `uplo` of a, in place. */                                        \
  inline void potrf(const char* uplo, int n, T* a, int* info) { p##potrf_(uplo, &n, a, &n, info); }           \
  /** Local. c := a b for column-major a (m x k), b (k x n), c (m x n). */                                    \
  inline void gemm(int m, int n, int k, const T* a, const T* b, T* c) {                                       \
    const T one(1), zero(0);                                                                                  \
    p##gemm_("N", "N", &m, &n, &k, &one, a, &m, b, &k, &zero, c, &m);                                         \
  }
GINGHAM_SERIAL(s, float)
GINGHAM_SERIAL(d, double)
GINGHAM_SERIAL(c, std::complex<float>)
GINGHAM_SERIAL(z, std::complex<double>)
#undef GINGHAM_SERIAL

/// Local. Eigenvalues w (and, with jobz "V", eigenvectors in a) of the Hermitian matrix a's triangle `uplo`;
/// rwork is ignored for real types (lwork = lrwork = liwork = -1: a workspace query).
inline void heevd(const char* jobz, const char* uplo, int n, float* a, float* w, float* work, int lwork, float*, int,
                  int* iwork, int liwork, int* info) {
  ssyevd_(jobz, uplo, &n, a, &n, w, work, &lwork, iwork, &liwork, info);
}
inline void heevd(const char* jobz, const char* uplo, int n, double* a, double* w, double* work, int lwork, double*,
                  int, int* iwork, int liwork, int* info) {
  dsyevd_(jobz, uplo, &n, a, &n, w, work, &lwork, iwork, &liwork, info);
}
inline void heevd(const char* jobz, const char* uplo, int n, std::complex<float>* a, float* w,
                  std::complex<float>* work, int lwork, float* rwork, int lrwork, int* iwork, int liwork, int* info) {
  cheevd_(jobz, uplo, &n, a, &n, w, work, &lwork, rwork, &lrwork, iwork, &liwork, info);
}
inline void heevd(const char* jobz, const char* uplo, int n, std::complex<double>* a, double* w,
                  std::complex<double>* work, int lwork, double* rwork, int lrwork, int* iwork, int liwork, int* info) {
  zheevd_(jobz, uplo, &n, a, &n, w, work, &lwork, rwork, &lrwork, iwork, &liwork, info);
}

}  // namespace gingham::linalg_detail::lapack
