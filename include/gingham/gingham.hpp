#pragma once
/// \file
/// Umbrella header: everything public in gingham.

#include "gingham/core/collective_errors.hpp"
#include "gingham/core/comm.hpp"
#include "gingham/core/environment.hpp"
#include "gingham/core/errors.hpp"
#include "gingham/core/format.hpp"
#include "gingham/core/mpi_check.hpp"
#include "gingham/core/mpi_datatype.hpp"
#include "gingham/core/process_grid.hpp"
#include "gingham/distributions/block.hpp"
#include "gingham/distributions/distribution.hpp"
#include "gingham/array/dist_array.hpp"
#include "gingham/kernels/creation.hpp"
#include "gingham/kernels/gather.hpp"
#include "gingham/kernels/reductions.hpp"
