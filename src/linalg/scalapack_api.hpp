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
