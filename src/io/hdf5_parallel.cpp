#include "hdf5_parallel.hpp"

#include <stdexcept>

#include "gingham/array/redistribute.hpp"
#include "gingham/core/mpi_check.hpp"
#include "gingham/distributions/derived.hpp"
#include "hdf5_selection.hpp"

namespace gingham::io {

Hdf5Handle parallel_file_access(const Comm& comm) {
  silence_hdf5_errors();
  Hdf5Handle access(checked_id<std::runtime_error>(H5Pcreate(H5P_FILE_ACCESS), "gingham: cannot create an HDF5 property list"),
                    H5Pclose);
  check_status<std::runtime_error>(H5Pset_fapl_mpio(access.get(), comm.get(), MPI_INFO_NULL),
                                   "gingham: cannot select HDF5's MPI-IO driver");
  H5Pset_all_coll_metadata_ops(access.get(), true);
  H5Pset_coll_metadata_write(access.get(), true);
  return access;
}

Hdf5Handle collective_transfer() {
  Hdf5Handle transfer(checked_id<std::runtime_error>(H5Pcreate(H5P_DATASET_XFER), "gingham: cannot create an HDF5 property list"),
                      H5Pclose);
  check_status<std::runtime_error>(H5Pset_dxpl_mpio(transfer.get(), H5FD_MPIO_COLLECTIVE),
                                   "gingham: cannot ask HDF5 for collective transfers");
  return transfer;
}

std::shared_ptr<const Distribution> row_major_version(const Distribution& d) {
  return std::make_shared<const Distribution>(derived::in_order(d, StorageOrder::row_major));
}

Array addressable_by_hdf5(const Array& x) {
  int unaddressable = x.holds_shard() && x.local().size() > 0 && !hdf5_can_address(x.local()) ? 1 : 0;
  GINGHAM_MPI(MPI_Allreduce(MPI_IN_PLACE, &unaddressable, 1, MPI_INT, MPI_MAX, x.grid().comm().get()));
  return unaddressable ? redistribute(x, row_major_version(x.distribution())) : x;
}

}  // namespace gingham::io
