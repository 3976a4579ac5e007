#pragma once
// The BLACS and PBLAS entry points gingham calls (Debian's libscalapack-openmpi: LP64, 32-bit integers,
// BLACS built on MPI). Private to src/linalg/: no other layer calls ScaLAPACK, BLACS or PBLAS.

#include <mpi.h>

#include <complex>

extern "C" {
// BLACS (C interface of the MPI BLACS).
int Csys2blacs_handle(MPI_Comm comm);
void Cfree_blacs_system_handle(int handle);
void Cblacs_gridmap(int* context, int* usermap, int ldumap, int nprow, int npcol);
void Cblacs_gridinfo(int context, int* nprow, int* npcol, int* myrow, int* mycol);
void Cblacs_gridexit(int context);

// PBLAS's topology switch (PBLAS/SRC/PTOOLS/PB_Ctop.c): op 'B' (broadcast) or 'C' (combine), scope 'R',
// 'C' or 'A', top "!" to read, ' ' for the default. The settings are one process-wide state, not one per
// BLACS context.
char* PB_Ctop(int* context, const char* op, const char* scope, const char* top);

// PBLAS level 3: C := alpha op(A) op(B) + beta C on distributed submatrices.
void psgemm_(const char* transa, const char* transb, const int* m, const int* n, const int* k, const float* alpha,
             const float* a, const int* ia, const int* ja, const int* desca, const float* b, const int* ib,
             const int* jb, const int* descb, const float* beta, float* c, const int* ic, const int* jc,
             const int* descc);
void pdgemm_(const char* transa, const char* transb, const int* m, const int* n, const int* k, const double* alpha,
             const double* a, const int* ia, const int* ja, const int* desca, const double* b, const int* ib,
             const int* jb, const int* descb, const double* beta, double* c, const int* ic, const int* jc,
             const int* descc);
void pcgemm_(const char* transa, const char* transb, const int* m, const int* n, const int* k,
             const std::complex<float>* alpha, const std::complex<float>* a, const int* ia, const int* ja,
             const int* desca, const std::complex<float>* b, const int* ib, const int* jb, const int* descb,
             const std::complex<float>* beta, std::complex<float>* c, const int* ic, const int* jc, const int* descc);
void pzgemm_(const char* transa, const char* transb, const int* m, const int* n, const int* k,
             const std::complex<double>* alpha, const std::complex<double>* a, const int* ia, const int* ja,
             const int* desca, const std::complex<double>* b, const int* ib, const int* jb, const int* descb,
             const std::complex<double>* beta, std::complex<double>* c, const int* ic, const int* jc,
             const int* descc);

// ---- Orthogonal factorizations and eigensolvers (decompositions.hpp). Fortran LOGICAL is an int. ----
#define GINGHAM_QR(p, T)                                                                                          \
  void p##geqrf_(const int* m, const int* n, T* a, const int* ia, const int* ja, const int* desca, T* tau, T* work, \
                 const int* lwork, int* info);
GINGHAM_QR(ps, float)
GINGHAM_QR(pd, double)
GINGHAM_QR(pc, std::complex<float>)
GINGHAM_QR(pz, std::complex<double>)
#undef GINGHAM_QR
void psorgqr_(const int* m, const int* n, const int* k, float* a, const int* ia, const int* ja, const int* desca,
              const float* tau, float* work, const int* lwork, int* info);
void pdorgqr_(const int* m, const int* n, const int* k, double* a, const int* ia, const int* ja, const int* desca,
              const double* tau, double* work, const int* lwork, int* info);
void pcungqr_(const int* m, const int* n, const int* k, std::complex<float>* a, const int* ia, const int* ja,
              const int* desca, const std::complex<float>* tau, std::complex<float>* work, const int* lwork, int* info);
void pzungqr_(const int* m, const int* n, const int* k, std::complex<double>* a, const int* ia, const int* ja,
              const int* desca, const std::complex<double>* tau, std::complex<double>* work, const int* lwork,
              int* info);

// Copies of (parts of) distributed matrices.
void pslacpy_(const char* uplo, const int* m, const int* n, const float* a, const int* ia, const int* ja,
              const int* desca, float* b, const int* ib, const int* jb, const int* descb);
void pdlacpy_(const char* uplo, const int* m, const int* n, const double* a, const int* ia, const int* ja,
              const int* desca, double* b, const int* ib, const int* jb, const int* descb);
void pclacpy_(const char* uplo, const int* m, const int* n, const std::complex<float>* a, const int* ia,
              const int* ja, const int* desca, std::complex<float>* b, const int* ib, const int* jb, const int* descb);
void pzlacpy_(const char* uplo, const int* m, const int* n, const std::complex<double>* a, const int* ia,
              const int* ja, const int* desca, std::complex<double>* b, const int* ib, const int* jb,
              const int* descb);

// Symmetric / Hermitian eigensolvers: divide and conquer with vectors (P?SYEVD, P?HEEVD), QR iteration
// for eigenvalues only (P?SYEV, P?HEEV with JOBZ = 'N').
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

// Singular value decomposition (thin factors only).
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

// General (nonsymmetric) complex eigenproblem: Hessenberg reduction, its Q applied, Schur form by
// multishift QR, eigenvectors of the triangular factor (back-transformed). ScaLAPACK has no real
// eigenvector routine (no P?TREVC for real Schur forms).
void pcgehrd_(const int* n, const int* ilo, const int* ihi, std::complex<float>* a, const int* ia, const int* ja,
              const int* desca, std::complex<float>* tau, std::complex<float>* work, const int* lwork, int* info);
void pzgehrd_(const int* n, const int* ilo, const int* ihi, std::complex<double>* a, const int* ia, const int* ja,
              const int* desca, std::complex<double>* tau, std::complex<double>* work, const int* lwork, int* info);
void pcunmhr_(const char* side, const char* trans, const int* m, const int* n, const int* ilo, const int* ihi,
              const std::complex<float>* a, const int* ia, const int* ja, const int* desca,
              const std::complex<float>* tau, std::complex<float>* c, const int* ic, const int* jc, const int* descc,
              std::complex<float>* work, const int* lwork, int* info);
void pzunmhr_(const char* side, const char* trans, const int* m, const int* n, const int* ilo, const int* ihi,
              const std::complex<double>* a, const int* ia, const int* ja, const int* desca,
              const std::complex<double>* tau, std::complex<double>* c, const int* ic, const int* jc,
              const int* descc, std::complex<double>* work, const int* lwork, int* info);
void pclaset_(const char* uplo, const int* m, const int* n, const std::complex<float>* alpha,
              const std::complex<float>* beta, std::complex<float>* a, const int* ia, const int* ja, const int* desca);
void pzlaset_(const char* uplo, const int* m, const int* n, const std::complex<double>* alpha,
              const std::complex<double>* beta, std::complex<double>* a, const int* ia, const int* ja,
              const int* desca);
void pclahqr_(const int* wantt, const int* wantz, const int* n, const int* ilo, const int* ihi, std::complex<float>* a,
              const int* desca, std::complex<float>* w, const int* iloz, const int* ihiz, std::complex<float>* z,
              const int* descz, std::complex<float>* work, const int* lwork, int* iwork, const int* ilwork, int* info);
void pzlahqr_(const int* wantt, const int* wantz, const int* n, const int* ilo, const int* ihi,
              std::complex<double>* a, const int* desca, std::complex<double>* w, const int* iloz, const int* ihiz,
              std::complex<double>* z, const int* descz, std::complex<double>* work, const int* lwork, int* iwork,
              const int* ilwork, int* info);
void pctrevc_(const char* side, const char* howmny, const int* select, const int* n, std::complex<float>* t,
              const int* desct, std::complex<float>* vl, const int* descvl, std::complex<float>* vr,
              const int* descvr, const int* mm, int* m, std::complex<float>* work, float* rwork, int* info);
void pztrevc_(const char* side, const char* howmny, const int* select, const int* n, std::complex<double>* t,
              const int* desct, std::complex<double>* vl, const int* descvl, std::complex<double>* vr,
              const int* descvr, const int* mm, int* m, std::complex<double>* work, double* rwork, int* info);
}

// ScaLAPACK factorizations and solvers (linalg/cholesky.cpp, linalg/lu.cpp).
extern "C" {
// Cholesky: A = U^H U (uplo 'U') or L L^H ('L'), the other triangle not referenced.
void pspotrf_(const char* uplo, const int* n, float* a, const int* ia, const int* ja, const int* desca, int* info);
void pdpotrf_(const char* uplo, const int* n, double* a, const int* ia, const int* ja, const int* desca, int* info);
void pcpotrf_(const char* uplo, const int* n, std::complex<float>* a, const int* ia, const int* ja, const int* desca,
              int* info);
void pzpotrf_(const char* uplo, const int* n, std::complex<double>* a, const int* ia, const int* ja, const int* desca,
              int* info);
// LU with partial pivoting: A = P L U.
void psgetrf_(const int* m, const int* n, float* a, const int* ia, const int* ja, const int* desca, int* ipiv,
              int* info);
void pdgetrf_(const int* m, const int* n, double* a, const int* ia, const int* ja, const int* desca, int* ipiv,
              int* info);
void pcgetrf_(const int* m, const int* n, std::complex<float>* a, const int* ia, const int* ja, const int* desca,
              int* ipiv, int* info);
void pzgetrf_(const int* m, const int* n, std::complex<double>* a, const int* ia, const int* ja, const int* desca,
              int* ipiv, int* info);
// op(A) X = B from the LU factors (trans 'N', 'T' or 'C').
void psgetrs_(const char* trans, const int* n, const int* nrhs, const float* a, const int* ia, const int* ja,
              const int* desca, const int* ipiv, float* b, const int* ib, const int* jb, const int* descb, int* info);
void pdgetrs_(const char* trans, const int* n, const int* nrhs, const double* a, const int* ia, const int* ja,
              const int* desca, const int* ipiv, double* b, const int* ib, const int* jb, const int* descb, int* info);
void pcgetrs_(const char* trans, const int* n, const int* nrhs, const std::complex<float>* a, const int* ia,
              const int* ja, const int* desca, const int* ipiv, std::complex<float>* b, const int* ib, const int* jb,
              const int* descb, int* info);
void pzgetrs_(const char* trans, const int* n, const int* nrhs, const std::complex<double>* a, const int* ia,
              const int* ja, const int* desca, const int* ipiv, std::complex<double>* b, const int* ib, const int* jb,
              const int* descb, int* info);
// The inverse from the LU factors (lwork = liwork = -1: workspace query).
void psgetri_(const int* n, float* a, const int* ia, const int* ja, const int* desca, const int* ipiv, float* work,
              const int* lwork, int* iwork, const int* liwork, int* info);
void pdgetri_(const int* n, double* a, const int* ia, const int* ja, const int* desca, const int* ipiv, double* work,
              const int* lwork, int* iwork, const int* liwork, int* info);
void pcgetri_(const int* n, std::complex<float>* a, const int* ia, const int* ja, const int* desca, const int* ipiv,
              std::complex<float>* work, const int* lwork, int* iwork, const int* liwork, int* info);
void pzgetri_(const int* n, std::complex<double>* a, const int* ia, const int* ja, const int* desca, const int* ipiv,
              std::complex<double>* work, const int* lwork, int* iwork, const int* liwork, int* info);
}
