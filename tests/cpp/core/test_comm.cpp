// Comm: adoption by duplication, shared ownership, splitting, and MPI errors as exceptions.
#include <gtest/gtest.h>

#include <stdexcept>

#include "gingham/core/comm.hpp"
#include "gingham/core/mpi_check.hpp"
#include "support.hpp"

namespace gingham {
namespace {

using test::all_ranks;
using test::world_rank;
using test::world_size;

TEST(Comm, WorldIsACongruentDuplicateOfMpiCommWorld) {
  const Comm world = Comm::world();
  EXPECT_EQ(world.rank(), world_rank());
  EXPECT_EQ(world.size(), world_size());
  EXPECT_NE(world.get(), MPI_COMM_WORLD);
  int relation = MPI_UNEQUAL;
  MPI_Comm_compare(world.get(), MPI_COMM_WORLD, &relation);
  EXPECT_EQ(relation, MPI_CONGRUENT);
  EXPECT_TRUE(Comm::world() == world);  // created once per process
}

TEST(Comm, DuplicateAdoptsAUserCommunicatorThatTheUserMayFree) {
  MPI_Comm user = MPI_COMM_NULL;
  MPI_Comm_split(MPI_COMM_WORLD, world_rank() % 2, world_rank(), &user);
  const Comm adopted = Comm::duplicate(user);
  int user_size = 0;
  MPI_Comm_size(user, &user_size);
  MPI_Comm_free(&user);  // gingham's copy outlives the user's handle
  EXPECT_EQ(adopted.size(), user_size);
  int total = 0, one = 1;
  MPI_Allreduce(&one, &total, 1, MPI_INT, MPI_SUM, adopted.get());
  EXPECT_EQ(total, user_size);
}

TEST(Comm, CopiesShareOneCommunicator) {
  const Comm first = Comm::duplicate(MPI_COMM_WORLD);
  const Comm second = first;
  EXPECT_TRUE(first == second);
  EXPECT_FALSE(first == Comm::duplicate(MPI_COMM_WORLD));
}

TEST(Comm, SplitGroupsRanksAndNegativeColorsGetNull) {
  const Comm world = Comm::world();
  const Comm evens = world.split(world.rank() % 2 == 0 ? 0 : -1, world.rank());
  EXPECT_EQ(evens.is_null(), world.rank() % 2 == 1);
  if (!evens.is_null()) {
    EXPECT_EQ(evens.size(), (world.size() + 1) / 2);
    EXPECT_EQ(evens.rank(), world.rank() / 2);
    evens.barrier();
  }
  EXPECT_THROW(Comm().rank(), std::logic_error);
  EXPECT_EQ(Comm().get(), MPI_COMM_NULL);
}

TEST(Comm, DuplicatingNullIsAValueError) {
  EXPECT_THROW(Comm::duplicate(MPI_COMM_NULL), std::invalid_argument);
}

TEST(Comm, FailingMpiCallsThrowMpiErrorInsteadOfAborting) {
  const Comm world = Comm::world();
  int value = 0;
  try {
    GINGHAM_MPI(MPI_Bcast(&value, 1, MPI_INT, world.size() + 7, world.get()));  // invalid root
    ADD_FAILURE() << "MPI_Bcast with an invalid root did not fail";
  } catch (const MpiError& error) {
    EXPECT_NE(error.error_code(), MPI_SUCCESS);
    EXPECT_NE(std::string(error.what()).find("MPI_Bcast(&value, 1, MPI_INT, world.size() + 7, world.get()) failed: "),
              std::string::npos)
        << error.what();
  }
  EXPECT_TRUE(all_ranks(true, world.get()));  // the communicator still works
}

}  // namespace
}  // namespace gingham
