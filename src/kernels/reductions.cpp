#include "gingham/kernels/reductions.hpp"

#include <string>

#include "gingham/kernels/creation.hpp"

#include <type_traits>
#include <vector>

#include "gingham/core/mpi_check.hpp"
#include "gingham/core/mpi_datatype.hpp"

namespace gingham {

template <class T>
T sum(const DistArray<T>& x) {
  const Comm& comm = x.grid().comm();
  const bool counts = x.holds_shard() && x.distribution().holds_primary_copy(x.grid().coords());
  if constexpr (std::is_integral_v<T>) {
    std::uint64_t partial = 0;  // unsigned: wraps modulo 2^64 instead of overflowing
    if (counts) for_each_element(x.local(), [&](T value) { partial += static_cast<std::uint64_t>(value); });
    T total = static_cast<T>(partial);
    GINGHAM_MPI(MPI_Allreduce(MPI_IN_PLACE, &total, 1, mpi_datatype<T>(), MPI_SUM, comm.get()));
    return total;
  } else {
    T partial = 0;
    if (counts) for_each_element(x.local(), [&](T value) { partial += value; });
    std::vector<T> partials(static_cast<std::size_t>(comm.size()));
    GINGHAM_MPI(MPI_Allgather(&partial, 1, mpi_datatype<T>(), partials.data(), 1, mpi_datatype<T>(), comm.get()));
    T total = 0;
    for (T value : partials) total += value;
    return total;
  }
}

template double sum(const DistArray<double>&);
template std::int64_t sum(const DistArray<std::int64_t>&);

Array sum(const Array& x) {
  return visit_dtype(x.dtype(), [&]<class T>() -> Array {
    if constexpr (std::is_same_v<T, double> || std::is_same_v<T, std::int64_t>) {
      return scalar<T>(x.grid(), sum(DistArray<T>(x))).array();
    } else {
      throw NotImplementedError("gingham.sum: dtype " + std::string(dtype_name(x.dtype())) +
                                " is not implemented yet (float64 and int64 are)");
    }
  });
}

}  // namespace gingham
