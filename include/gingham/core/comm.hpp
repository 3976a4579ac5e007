#pragma once
/// \file
/// Comm: gingham's RAII handle on an MPI communicator.

#include <mpi.h>

#include <memory>
#include <vector>

namespace gingham {

/// A shared handle on an MPI communicator that gingham owns. Copies share one communicator; it is freed
/// (MPI_Comm_free) when the last copy goes away, unless MPI has been finalised by then. Every
/// communicator gingham owns has MPI_ERRORS_RETURN set, so MPI failures become gingham::MpiError.
/// A default-constructed Comm is null: the rank that holds it is not part of the group.
class Comm {
 public:
  /// Local. A null communicator.
  Comm() = default;

  /// Collective over `user`. Adopts a user's (or mpi4py's) communicator by duplicating it
  /// (MPI_Comm_dup), so gingham's messages never mix with the user's and the user may free theirs.
  static Comm duplicate(MPI_Comm user);

  /// Collective over MPI_COMM_WORLD on the first call in a process, then local. gingham's own duplicate
  /// of MPI_COMM_WORLD, created once; initialises MPI first if nobody has.
  static Comm world();

  /// Local. Takes ownership of a communicator that gingham itself created (MPI_Cart_create,
  /// MPI_Cart_sub, MPI_Comm_split); MPI_COMM_NULL gives a null Comm.
  static Comm take_ownership(MPI_Comm owned);

  /// Local. True when this rank is not part of the communicator.
  bool is_null() const noexcept { return handle_ == nullptr; }
  /// Local. This rank's rank in the communicator. Precondition: not null.
  int rank() const;
  /// Local. The number of ranks in the communicator. Precondition: not null.
  int size() const;
  /// Local. The MPI handle (MPI_COMM_NULL when null); it stays owned by this Comm.
  MPI_Comm get() const noexcept;

  /// Collective over this communicator. MPI_Comm_split: ranks with the same `color` form a new
  /// communicator, ordered by `key`; a rank passing a negative color gets a null Comm.
  Comm split(int color, int key) const;

  /// Local (MPI group calls only). Ranks 0 .. count-1 of this communicator as ranks of `other`, -1 for
  /// those `other` does not hold (MPI_Group_translate_ranks). Precondition: not null, count <= size().
  std::vector<int> ranks_in(MPI_Comm other, int count) const;

  /// Collective over this communicator. MPI_Barrier.
  void barrier() const;

  /// Local. True when both handles refer to the same communicator (not merely congruent ones).
  friend bool operator==(const Comm& a, const Comm& b) noexcept { return a.get() == b.get(); }

 private:
  struct Handle;
  explicit Comm(std::shared_ptr<const Handle> handle) : handle_(std::move(handle)) {}
  const Handle& handle() const;

  std::shared_ptr<const Handle> handle_;
};

}  // namespace gingham
