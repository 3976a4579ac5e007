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
