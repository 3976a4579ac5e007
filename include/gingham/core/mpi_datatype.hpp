#pragma once
/// \file
/// The MPI datatype of a C++ element type.

#include <mpi.h>

#include <cstdint>

namespace gingham {

/// Local. The predefined MPI datatype for T (a compile error for types without one).
template <class T>
MPI_Datatype mpi_datatype() noexcept = delete;
template <> inline MPI_Datatype mpi_datatype<double>() noexcept { return MPI_DOUBLE; }
template <> inline MPI_Datatype mpi_datatype<float>() noexcept { return MPI_FLOAT; }
template <> inline MPI_Datatype mpi_datatype<std::int64_t>() noexcept { return MPI_INT64_T; }
template <> inline MPI_Datatype mpi_datatype<std::int32_t>() noexcept { return MPI_INT32_T; }

}  // namespace gingham
