#pragma once
// The one boundary to ScaLAPACK, PBLAS and BLACS (Debian's libscalapack-openmpi: LP64, 32-bit integers,
// BLACS built on MPI), after Elemental's imports/scalapack.hpp: the extern "C" prototypes gingham calls,
// then typed C++ overloads in gingham::linalg_detail::scalapack (float, double, std::complex<float>,
// std::complex<double>), so that the algorithms in src/linalg/ call scalapack::geqrf(...) for any element
// type and no .cpp declares a prototype or dispatches on the type itself. Private to src/linalg/: no other
// layer calls ScaLAPACK, BLACS or PBLAS (serial LAPACK and BLAS: lapack.hpp beside this file).
//
// Conventions of the overloads: integers by value (Fortran's by reference is done here); every routine
// that takes a global submatrix origin works on the submatrix starting at (1, 1) (IA = JA = 1, and the same
// for B, C, U, VT, Z), except laset, which takes its origin; LWORK = -1 is ScaLAPACK's workspace query.
// Fortran LOGICAL is an int. Single-character arguments are passed without Fortran's hidden lengths.
// Where a routine has real and complex names (P?ORGQR / P?UNGQR, P?SYEVD / P?HEEVD), one name serves both,
// and the complex-only arguments (RWORK, LRWORK) are ignored for real types.

#include <mpi.h>

#include <complex>

extern "C" {
// ---- BLACS (C interface of the MPI BLACS) -----------------------------------------------------------------
int Csys2blacs_handle(MPI_Comm comm);
void Cfree_blacs_system_handle(int handle);
void Cblacs_gridmap(int* context, int* usermap, int ldumap, int nprow, int npcol);
void Cblacs_gridinfo(int context, int* nprow, int* npcol, int* myrow, int* mycol);
void Cblacs_gridexit(int context);

// ---- PBLAS ---------------------------------------------------------------------------------------------
// The topology switch (PBLAS/SRC/PTOOLS/PB_Ctop.c): op 'B' (broadcast) or 'C' (combine), scope 'R', 'C' or
// 'A', top "!" to read, ' ' for the default. The settings are one process-wide state, not one per context.
char* PB_Ctop(int* context, const char* op, const char* scope, const char* top);

// ---- Prototypes of the routines that have one name pattern for all four types -------------------------
#define GINGHAM_SCALAPACK_PROTOTYPES(p, T)                                                                      \
  /* PBLAS level 3: C := alpha op(A) op(B) + beta C on distributed submatrices. */                               \
  void p##gemm_(const char* transa, const char* transb, const int* m, const int* n, const int* k, const T* alpha, \
                const T* a, const int* ia, const int* ja, const int* desca, const T* b, const int* ib,            \
                const int* jb, const int* descb, const T* beta, T* c, const int* ic, const int* jc,               \
                const int* descc);                                                                               \
  /* Householder QR: A = Q R, R in the upper triangle, Q as reflectors below it and in TAU. */                    \
  void p##geqrf_(const int* m, const int* n, T* a, const int* ia, const int* ja, const int* desca, T* tau,         \
                 T* work, const int* lwork, int* info);                                                          \
  /* A copy of (a triangle of) a distributed submatrix. */                                                       \
  void p##lacpy_(const char* uplo, const int* m, const int* n, const T* a, const int* ia, const int* ja,          \
                 const int* desca, T* b, const int* ib, const int* jb, const int* descb);                        \
  /* Cholesky: A = U^H U (uplo 'U') or L L^H ('L'), the other triangle not referenced. */                         \
  void p##potrf_(const char* uplo, const int* n, T* a, const int* ia, const int* ja, const int* desca, int* info); \
  /* LU with partial pivoting: A = P L U. */                                                                     \
  void p##getrf_(const int* m, const int* n, T* a, const int* ia, const int* ja, const int* desca, int* ipiv,     \
                 int* info);                                                                                     \
  /* op(A) X = B from the LU factors (trans 'N', 'T' or 'C'). */                                                 \
  void p##getrs_(const char* trans, const int* n, const int* nrhs, const T* a, const int* ia, const int* ja,      \
                 const int* desca, const int* ipiv, T* b, const int* ib, const int* jb, const int* descb,         \
                 int* info);                                                                                     \
  /* The inverse from the LU factors. */                                                                         \
  void p##getri_(const int* n, T* a, const int* ia, const int* ja, const int* desca, const int* ipiv, T* work,    \
                 const int* lwork, int* iwork, const int* liwork, int* info);
GINGHAM_SCALAPACK_PROTOTYPES(ps, float)
GINGHAM_SCALAPACK_PROTOTYPES(pd, double)
GINGHAM_SCALAPACK_PROTOTYPES(pc, std::complex<float>)
GINGHAM_SCALAPACK_PROTOTYPES(pz, std::complex<double>)
#undef GINGHAM_SCALAPACK_PROTOTYPES

// ---- Q formed from P?GEQRF's reflectors ----------------------------------------------------------------
void psorgqr_(const int* m, const int* n, const int* k, float* a, const int* ia, const int* ja, const int* desca,
              const float* tau, float* work, const int* lwork, int* info);
void pdorgqr_(const int* m, const int* n, const int* k, double* a, const int* ia, const int* ja, const int* desca,
              const double* tau, double* work, const int* lwork, int* info);
void pcungqr_(const int* m, const int* n, const int* k, std::complex<float>* a, const int* ia, const int* ja,
              const int* desca, const std::complex<float>* tau, std::complex<float>* work, const int* lwork, int* info);
void pzungqr_(const int* m, const int* n, const int* k, std::complex<double>* a, const int* ia, const int* ja,
              const int* desca, const std::complex<double>* tau, std::complex<double>* work, const int* lwork,
              int* info);

// ---- Symmetric / Hermitian eigensolvers: divide and conquer (P?SYEVD, P?HEEVD), QR iteration (P?SYEV,
// P?HEEV) --------------------------------------------------------------------------------------------------
void pssyevd_(const char* jobz, const char* uplo, const int* n, float* a, const int* ia, const int* ja,
              const int* desca, float* w, float* z, const int* iz, const int* jz, const int* descz, float* work,
              const int* lwork, int* iwork, const int* liwork, int* info);
void pdsyevd_(const char* jobz, const char* uplo, const int* n, double* a, const int* ia, const int* ja,
              const int* desca, double* w, double* z, const int* iz, const int* jz, const int* descz, double* work,
              const int* lwork, int* iwork, const int* liwork, int* info);
void pcheevd_(const char* jobz, const char* uplo, const int* n, std::complex<float>* a, const int* ia, const int* ja,
              const int* desca, float* w, std::complex<float>* z, const int* iz, const int* jz, const int* descz,
              std::complex<float>* work, const int* lwork, float* rwork, const int* lrwork, int* iwork,
              const int* liwork, int* info);
void pzheevd_(const char* jobz, const char* uplo, const int* n, std::complex<double>* a, const int* ia, const int* ja,
              const int* desca, double* w, std::complex<double>* z, const int* iz, const int* jz, const int* descz,
              std::complex<double>* work, const int* lwork, double* rwork, const int* lrwork, int* iwork,
              const int* liwork, int* info);
void pssyev_(const char* jobz, const char* uplo, const int* n, float* a, const int* ia, const int* ja,
             const int* desca, float* w, float* z, const int* iz, const int* jz, const int* descz, float* work,
             const int* lwork, int* info);
void pdsyev_(const char* jobz, const char* uplo, const int* n, double* a, const int* ia, const int* ja,
             const int* desca, double* w, double* z, const int* iz, const int* jz, const int* descz, double* work,
             const int* lwork, int* info);
void pcheev_(const char* jobz, const char* uplo, const int* n, std::complex<float>* a, const int* ia, const int* ja,
             const int* desca, float* w, std::complex<float>* z, const int* iz, const int* jz, const int* descz,
             std::complex<float>* work, const int* lwork, float* rwork, const int* lrwork, int* info);
void pzheev_(const char* jobz, const char* uplo, const int* n, std::complex<double>* a, const int* ia, const int* ja,
             const int* desca, double* w, std::complex<double>* z, const int* iz, const int* jz, const int* descz,
             std::complex<double>* work, const int* lwork, double* rwork, const int* lrwork, int* info);

// ---- Singular value decomposition ----------------------------------------------------------------------
void psgesvd_(const char* jobu, const char* jobvt, const int* m, const int* n, float* a, const int* ia, const int* ja,
              const int* desca, float* s, float* u, const int* iu, const int* ju, const int* descu, float* vt,
              const int* ivt, const int* jvt, const int* descvt, float* work, const int* lwork, int* info);
void pdgesvd_(const char* jobu, const char* jobvt, const int* m, const int* n, double* a, const int* ia, const int* ja,
              const int* desca, double* s, double* u, const int* iu, const int* ju, const int* descu, double* vt,
              const int* ivt, const int* jvt, const int* descvt, double* work, const int* lwork, int* info);
void pcgesvd_(const char* jobu, const char* jobvt, const int* m, const int* n, std::complex<float>* a, const int* ia,
              const int* ja, const int* desca, float* s, std::complex<float>* u, const int* iu, const int* ju,
              const int* descu, std::complex<float>* vt, const int* ivt, const int* jvt, const int* descvt,
              std::complex<float>* work, const int* lwork, float* rwork, int* info);
void pzgesvd_(const char* jobu, const char* jobvt, const int* m, const int* n, std::complex<double>* a, const int* ia,
              const int* ja, const int* desca, double* s, std::complex<double>* u, const int* iu, const int* ju,
              const int* descu, std::complex<double>* vt, const int* ivt, const int* jvt, const int* descvt,
              std::complex<double>* work, const int* lwork, double* rwork, int* info);

// ---- The general (nonsymmetric) eigenproblem, complex only: ScaLAPACK has no real eigenvector routine
// (no P?TREVC for real Schur forms). Hessenberg reduction, its Q applied, Schur form by multishift QR,
// eigenvectors of the triangular factor (back-transformed). -------------------------------------------------
#define GINGHAM_SCALAPACK_COMPLEX_PROTOTYPES(p, T, R)                                                           \
  void p##gehrd_(const int* n, const int* ilo, const int* ihi, T* a, const int* ia, const int* ja,               \
                 const int* desca, T* tau, T* work, const int* lwork, int* info);                                 \
  void p##unmhr_(const char* side, const char* trans, const int* m, const int* n, const int* ilo, const int* ihi, \
                 const T* a, const int* ia, const int* ja, const int* desca, const T* tau, T* c, const int* ic,    \
                 const int* jc, const int* descc, T* work, const int* lwork, int* info);                           \
  void p##laset_(const char* uplo, const int* m, const int* n, const T* alpha, const T* beta, T* a, const int* ia, \
                 const int* ja, const int* desca);                                                                \
  void p##lahqr_(const int* wantt, const int* wantz, const int* n, const int* ilo, const int* ihi, T* a,          \
                 const int* desca, T* w, const int* iloz, const int* ihiz, T* z, const int* descz, T* work,       \
                 const int* lwork, int* iwork, const int* ilwork, int* info);                                     \
  void p##trevc_(const char* side, const char* howmny, const int* select, const int* n, T* t, const int* desct,   \
                 T* vl, const int* descvl, T* vr, const int* descvr, const int* mm, int* m, T* work, R* rwork,    \
                 int* info);
GINGHAM_SCALAPACK_COMPLEX_PROTOTYPES(pc, std::complex<float>, float)
GINGHAM_SCALAPACK_COMPLEX_PROTOTYPES(pz, std::complex<double>, double)
#undef GINGHAM_SCALAPACK_COMPLEX_PROTOTYPES
}

namespace gingham::linalg_detail::scalapack {

// ---- Typed overloads for float, double, std::complex<float> and std::complex<double> -------------------

#define GINGHAM_SCALAPACK_OVERLOADS(p, T)                                                                        \
  /** Collective over the BLACS grid. C := alpha op(A) op(B) + beta C (C m x n, k the inner extent). */        \
  inline void gemm(const char* transa, const char* transb, int m, int n, int k, T alpha, const T* a,             \
                   const int* desca, const T* b, const int* descb, T beta, T* c, const int* descc) {             \
    const int one = 1;                                                                                          \
    p##gemm_(transa, transb, &m, &n, &k, &alpha, a, &one, &one, desca, b, &one, &one, descb, &beta, c, &one,     \
             &one, descc);                                                                                      \
  }                                                                                                             \
  /** Collective over the BLACS grid. Householder QR of the m x n matrix A in place (P?GEQRF). */                \
  inline void geqrf(int m, int n, T* a, const int* desca, T* tau, T* work, int lwork, int* info) {               \
    const int one = 1;                                                                                          \
    p##geqrf_(&m, &n, a, &one, &one, desca, tau, work, &lwork, info);                                          \
  }                                                                                                             \
  /** Collective over the BLACS grid. B := A (the triangle `uplo`, or "A": all) for m x n submatrices. */        \
  inline void lacpy(const char* uplo, int m, int n, const T* a, const int* desca, T* b, const int* descb) {      \
    const int one = 1;                                                                                          \
    p##lacpy_(uplo, &m, &n, a, &one, &one, desca, b, &one, &one, descb);                                       \
  }                                                                                                             \
  /** Collective over the BLACS grid. The Cholesky factor of the triangle `uplo` of A in place (P?POTRF). */    \
  inline void potrf(const char* uplo, int n, T* a, const int* desca, int* info) {                               \
    const int one = 1;                                                                                          \
    p##potrf_(uplo, &n, a, &one, &one, desca, info);                                                           \
  }                                                                                                             \
  /** Collective over the BLACS grid. LU with partial pivoting of the m x n matrix A in place (P?GETRF). */      \
  inline void getrf(int m, int n, T* a, const int* desca, int* ipiv, int* info) {                               \
    const int one = 1;                                                                                          \
    p##getrf_(&m, &n, a, &one, &one, desca, ipiv, info);                                                       \
  }                                                                                                             \
  /** Collective over the BLACS grid. B := op(A)^-1 B (B n x nrhs) from getrf's factors (P?GETRS). */            \
  inline void getrs(const char* trans, int n, int nrhs, const T* a, const int* desca, const int* ipiv, T* b,     \
                    const int* descb, int* info) {                                                              \
    const int one = 1;                                                                                          \
    p##getrs_(trans, &n, &nrhs, a, &one, &one, desca, ipiv, b, &one, &one, descb, info);                       \
  }                                                                                                             \
  /** Collective over the BLACS grid. A := A^-1 from getrf's factors (P?GETRI). */                               \
  inline void getri(int n, T* a, const int* desca, const int* ipiv, T* work, int lwork, int* iwork, int liwork,  \
                    int* info) {                                                                                \
    const int one = 1;                                                                                          \
    p##getri_(&n, a, &one, &one, desca, ipiv, work, &lwork, iwork, &liwork, info);                             \
  }
GINGHAM_SCALAPACK_OVERLOADS(ps, float)
GINGHAM_SCALAPACK_OVERLOADS(pd, double)
GINGHAM_SCALAPACK_OVERLOADS(pc, std::complex<float>)
GINGHAM_SCALAPACK_OVERLOADS(pz, std::complex<double>)
#undef GINGHAM_SCALAPACK_OVERLOADS

// ---- Q from the reflectors (P?ORGQR, P?UNGQR), the Hermitian eigensolvers, the SVD ---------------------
// The real and complex routines differ in name or arguments: each overload names its routine.

#define GINGHAM_SCALAPACK_REAL_OR_COMPLEX(T, R, orgqr_, heevd_, heev_, gesvd_, RWORK, LRWORK)                      \
  /** Collective over the BLACS grid. Q (m x n) from the k reflectors geqrf left in A, in place. */              \
  inline void orgqr(int m, int n, int k, T* a, const int* desca, const T* tau, T* work, int lwork, int* info) {   \
    const int one = 1;                                                                                          \
    orgqr_(&m, &n, &k, a, &one, &one, desca, tau, work, &lwork, info);                                         \
  }                                                                                                             \
  /** Collective over the BLACS grid. Eigenvalues W (and, with jobz "V", eigenvectors Z) of the Hermitian       \
      matrix A's triangle `uplo`, by divide and conquer (P?SYEVD / P?HEEVD); A is overwritten. */               \
  inline void heevd(const char* jobz, const char* uplo, int n, T* a, const int* desca, R* w, T* z,                \
                    const int* descz, T* work, int lwork, [[maybe_unused]] R* rwork, [[maybe_unused]] int lrwork, \
                    int* iwork, int liwork, int* info) {                                                        \
    const int one = 1;                                                                                          \
    heevd_(jobz, uplo, &n, a, &one, &one, desca, w, z, &one, &one, descz, work, &lwork RWORK LRWORK, iwork,      \
           &liwork, info);                                                                                      \
  }                                                                                                             \
  /** Collective over the BLACS grid. The same by QR iteration (P?SYEV / P?HEEV); jobz "N": Z not referenced. */ \
  inline void heev(const char* jobz, const char* uplo, int n, T* a, const int* desca, R* w, T* z,                 \
                   const int* descz, T* work, int lwork, [[maybe_unused]] R* rwork, [[maybe_unused]] int lrwork,  \
                   int* info) {                                                                                 \
    const int one = 1;                                                                                          \
    heev_(jobz, uplo, &n, a, &one, &one, desca, w, z, &one, &one, descz, work, &lwork RWORK LRWORK, info);       \
  }                                                                                                             \
  /** Collective over the BLACS grid. A = U diag(S) VT (P?GESVD), the thin factors as jobu / jobvt ask;        \
      A is overwritten. */                                                                                      \
  inline void gesvd(const char* jobu, const char* jobvt, int m, int n, T* a, const int* desca, R* s, T* u,        \
                    const int* descu, T* vt, const int* descvt, T* work, int lwork, [[maybe_unused]] R* rwork,    \
                    int* info) {                                                                                \
    const int one = 1;                                                                                          \
    gesvd_(jobu, jobvt, &m, &n, a, &one, &one, desca, s, u, &one, &one, descu, vt, &one, &one, descvt, work,    \
           &lwork RWORK, info);                                                                                 \
  }
#define GINGHAM_NONE
#define GINGHAM_RWORK , rwork
#define GINGHAM_LRWORK , &lrwork
GINGHAM_SCALAPACK_REAL_OR_COMPLEX(float, float, psorgqr_, pssyevd_, pssyev_, psgesvd_, GINGHAM_NONE, GINGHAM_NONE)
GINGHAM_SCALAPACK_REAL_OR_COMPLEX(double, double, pdorgqr_, pdsyevd_, pdsyev_, pdgesvd_, GINGHAM_NONE, GINGHAM_NONE)
GINGHAM_SCALAPACK_REAL_OR_COMPLEX(std::complex<float>, float, pcungqr_, pcheevd_, pcheev_, pcgesvd_, GINGHAM_RWORK,
                                  GINGHAM_LRWORK)
GINGHAM_SCALAPACK_REAL_OR_COMPLEX(std::complex<double>, double, pzungqr_, pzheevd_, pzheev_, pzgesvd_, GINGHAM_RWORK,
                                  GINGHAM_LRWORK)
#undef GINGHAM_NONE
#undef GINGHAM_RWORK
#undef GINGHAM_LRWORK
#undef GINGHAM_SCALAPACK_REAL_OR_COMPLEX

// ---- The general eigenproblem (complex only) -----------------------------------------------------------

#define GINGHAM_SCALAPACK_COMPLEX_OVERLOADS(p, T, R)                                                            \
  /** Collective over the BLACS grid. Hessenberg reduction H = Q^H A Q of rows and columns ilo..ihi of the    \
      n x n matrix A in place, Q as reflectors (P?GEHRD). */                                                     \
  inline void gehrd(int n, int ilo, int ihi, T* a, const int* desca, T* tau, T* work, int lwork, int* info) {    \
    const int one = 1;                                                                                          \
    p##gehrd_(&n, &ilo, &ihi, a, &one, &one, desca, tau, work, &lwork, info);                                  \
  }                                                                                                             \
  /** Collective over the BLACS grid. C := op(Q) C or C op(Q) (side, trans) for gehrd's Q (P?UNMHR). */          \
  inline void unmhr(const char* side, const char* trans, int m, int n, int ilo, int ihi, const T* a,             \
                    const int* desca, const T* tau, T* c, const int* descc, T* work, int lwork, int* info) {      \
    const int one = 1;                                                                                          \
    p##unmhr_(side, trans, &m, &n, &ilo, &ihi, a, &one, &one, desca, tau, c, &one, &one, descc, work, &lwork,   \
              info);                                                                                            \
  }                                                                                                             \
  /** Collective over the BLACS grid. The m x n submatrix of A at (ia, ja) (1-based): off-diagonal entries of   \
      the triangle `uplo` (or all) := alpha, diagonal := beta (P?LASET). */                                     \
  inline void laset(const char* uplo, int m, int n, T alpha, T beta, T* a, int ia, int ja, const int* desca) {    \
    p##laset_(uplo, &m, &n, &alpha, &beta, a, &ia, &ja, desca);                                                 \
  }                                                                                                             \
  /** Collective over the BLACS grid. Schur form of the upper Hessenberg A by multishift QR (P?LAHQR): T in A   \
      (wantt), eigenvalues in W, rows iloz..ihiz of Z updated (wantz). */                                        \
  inline void lahqr(bool wantt, bool wantz, int n, int ilo, int ihi, T* a, const int* desca, T* w, int iloz,     \
                    int ihiz, T* z, const int* descz, T* work, int lwork, int* iwork, int ilwork, int* info) {    \
    const int t = wantt ? 1 : 0, zv = wantz ? 1 : 0;                                                            \
    p##lahqr_(&t, &zv, &n, &ilo, &ihi, a, desca, w, &iloz, &ihiz, z, descz, work, &lwork, iwork, &ilwork, info); \
  }                                                                                                             \
  /** Collective over the BLACS grid. Eigenvectors of the upper triangular T (P?TREVC): side "R", "L" or "B";   \
      howmny "A", "B" (back-transformed by VR / VL on entry) or "S" (those `select` flags); m := columns used. */ \
  inline void trevc(const char* side, const char* howmny, const int* select, int n, T* t, const int* desct,      \
                    T* vl, const int* descvl, T* vr, const int* descvr, int mm, int* m, T* work, R* rwork,       \
                    int* info) {                                                                                \
    p##trevc_(side, howmny, select, &n, t, desct, vl, descvl, vr, descvr, &mm, m, work, rwork, info);           \
  }
GINGHAM_SCALAPACK_COMPLEX_OVERLOADS(pc, std::complex<float>, float)
GINGHAM_SCALAPACK_COMPLEX_OVERLOADS(pz, std::complex<double>, double)
#undef GINGHAM_SCALAPACK_COMPLEX_OVERLOADS

}  // namespace gingham::linalg_detail::scalapack
