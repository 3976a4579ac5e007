#include "gingham/core/comm.hpp"

#include <stdexcept>

#include "gingham/core/environment.hpp"
#include "gingham/core/mpi_check.hpp"
#include "gingham/core/profile.hpp"

namespace gingham {

struct Comm::Handle {
  MPI_Comm comm = MPI_COMM_NULL;
  int rank = 0;
  int size = 0;

  explicit Handle(MPI_Comm owned) : comm(owned) {
    GINGHAM_MPI(MPI_Comm_set_errhandler(comm, MPI_ERRORS_RETURN));
    GINGHAM_MPI(MPI_Comm_rank(comm, &rank));
    GINGHAM_MPI(MPI_Comm_size(comm, &size));
  }
  ~Handle() {
    if (mpi_is_active()) MPI_Comm_free(&comm);
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
};

Comm Comm::take_ownership(MPI_Comm owned) {
  if (owned == MPI_COMM_NULL) return Comm();
  return Comm(std::make_shared<const Handle>(owned));
}

Comm Comm::duplicate(MPI_Comm user) {
  ensure_mpi_initialized();
  if (user == MPI_COMM_NULL) {
    throw std::invalid_argument("gingham::Comm::duplicate: expected a valid communicator, got MPI_COMM_NULL");
  }
  MPI_Comm copy = MPI_COMM_NULL;
  GINGHAM_MPI(MPI_Comm_dup(user, &copy));
  return take_ownership(copy);
}

Comm Comm::world() {
  static const Comm world = [] {
    ensure_mpi_initialized();
    return duplicate(MPI_COMM_WORLD);
  }();
  return world;
}

const Comm::Handle& Comm::handle() const {
  if (!handle_) throw std::logic_error("gingham::Comm: this rank is not part of the communicator (null Comm)");
  return *handle_;
}

int Comm::rank() const { return handle().rank; }

int Comm::size() const { return handle().size; }

MPI_Comm Comm::get() const noexcept { return handle_ ? handle_->comm : MPI_COMM_NULL; }

Comm Comm::split(int color, int key) const {
  MPI_Comm part = MPI_COMM_NULL;
  GINGHAM_MPI(MPI_Comm_split(handle().comm, color < 0 ? MPI_UNDEFINED : color, key, &part));
  return take_ownership(part);
}

std::vector<int> Comm::ranks_in(MPI_Comm other, int count) const {
  std::vector<int> ranks(static_cast<std::size_t>(count)), translated(ranks.size());
  for (int r = 0; r < count; ++r) ranks[r] = r;
  MPI_Group group = MPI_GROUP_NULL, other_group = MPI_GROUP_NULL;
  GINGHAM_MPI(MPI_Comm_group(handle().comm, &group));
  GINGHAM_MPI(MPI_Comm_group(other, &other_group));
  const int status = MPI_Group_translate_ranks(group, count, ranks.data(), other_group, translated.data());
  MPI_Group_free(&group);
  MPI_Group_free(&other_group);
  GINGHAM_MPI(status);
  for (int& r : translated) r = r == MPI_UNDEFINED ? -1 : r;
  return translated;
}

void Comm::barrier() const {
  const ProfileOperation profiled("barrier (MPI_Barrier)");  // a row of its own in the profile log
  GINGHAM_MPI(MPI_Barrier(handle().comm));
}

}  // namespace gingham
