// Collective error agreement: an error seen by one rank makes every rank throw the same exception,
// and nobody hangs.
#include <gtest/gtest.h>

#include <cerrno>
#include <stdexcept>
#include <string>

#include "gingham/core/collective_errors.hpp"
#include "support.hpp"

namespace gingham {
namespace {

using test::all_ranks;
using test::thrown_by;

/// The rank that fails in these tests: the last one (rank 1 on 2 ranks, rank 0 on 1 rank).
int failing_rank() { return Comm::world().size() - 1; }

TEST(CollectiveErrors, NoErrorReturnsTheBodysValueOnEveryRank) {
  const Comm world = Comm::world();
  EXPECT_EQ(agree_on_errors(world, [&] { return world.rank() * 10; }), world.rank() * 10);
  EXPECT_NO_THROW(agree_on_errors(world, [] {}));
  EXPECT_FALSE(agree_on_error(world, std::nullopt).has_value());
}

TEST(CollectiveErrors, AnErrorOnOneRankIsRaisedIdenticallyOnEveryRank) {
  const Comm world = Comm::world();
  const auto thrown = thrown_by([&] {
    agree_on_errors(world, [&] {
      if (world.rank() == failing_rank()) throw std::invalid_argument("shard of rank " + std::to_string(world.rank()) + " is bad");
    });
  });
  ASSERT_TRUE(thrown.has_value());
  EXPECT_EQ(thrown->kind, ErrorKind::value);
  const std::string expected = "shard of rank " + std::to_string(failing_rank()) + " is bad [raised on rank " +
                               std::to_string(failing_rank()) + " of " + std::to_string(world.size()) + "]";
  EXPECT_EQ(thrown->message, expected);
  EXPECT_TRUE(all_ranks(true, world.get()));  // the communicator is usable afterwards: nobody is stuck
}

TEST(CollectiveErrors, TheLowestFailingRankWins) {
  const Comm world = Comm::world();
  const auto thrown = thrown_by([&] {
    agree_on_errors(world, [&]() -> int {
      if (world.rank() % 2 == 0) throw std::out_of_range("index on rank " + std::to_string(world.rank()));
      throw TypeError("type on rank " + std::to_string(world.rank()));
    });
  });
  ASSERT_TRUE(thrown.has_value());
  EXPECT_EQ(thrown->kind, ErrorKind::index);
  EXPECT_EQ(thrown->message, "index on rank 0 [raised on rank 0 of " + std::to_string(world.size()) + "]");
}

TEST(CollectiveErrors, EveryKindKeepsItsType) {
  const Comm world = Comm::world();
  for (ErrorKind kind : {ErrorKind::value, ErrorKind::index, ErrorKind::type, ErrorKind::not_implemented,
                         ErrorKind::overflow, ErrorKind::memory, ErrorKind::runtime, ErrorKind::linalg,
                         ErrorKind::file_not_found, ErrorKind::permission, ErrorKind::is_a_directory, ErrorKind::os,
                         ErrorKind::domain, ErrorKind::length, ErrorKind::range, ErrorKind::underflow,
                         ErrorKind::logic}) {
    const auto thrown = thrown_by([&] {
      agree_on_errors(world, [&] {
        if (world.rank() == failing_rank()) throw_error(kind, std::string(python_name(kind)));
      });
    });
    ASSERT_TRUE(thrown.has_value());
    EXPECT_EQ(thrown->kind, kind);
    EXPECT_EQ(thrown->message.rfind(std::string(python_name(kind)) + " [raised on rank", 0), 0u) << thrown->message;
  }
}

TEST(CollectiveErrors, FileErrorsTakeTheirKindFromErrno) {
  EXPECT_EQ(classify(FileError("missing", ENOENT)), ErrorKind::file_not_found);
  EXPECT_EQ(classify(FileError("denied", EACCES)), ErrorKind::permission);
  EXPECT_EQ(classify(FileError("read-only", EROFS)), ErrorKind::permission);
  EXPECT_EQ(classify(FileError("a directory", EISDIR)), ErrorKind::is_a_directory);
  EXPECT_EQ(classify(FileError("too big", EFBIG)), ErrorKind::os);
  EXPECT_EQ(classify(FileError("other", ErrorKind::value)), ErrorKind::os);  // not a file kind: OSError
}

TEST(CollectiveErrors, ARankWithoutArgumentsAmongRanksWithThemIsAMismatchNotACrash) {
  const Comm world = Comm::world();
  if (world.size() < 2) GTEST_SKIP() << "needs two ranks";
  const CallArguments call{"operation", {{"axis", "0"}}};
  const auto thrown = thrown_by([&] {
    raise_if_any_rank_failed(world, std::nullopt, world.rank() == world.size() - 1 ? nullptr : &call);
  });
  EXPECT_TRUE(all_ranks(thrown && thrown->kind == ErrorKind::value &&
                            thrown->message.find("rank " + std::to_string(world.size() - 1)) != std::string::npos,
                        world.get()))
      << (thrown ? thrown->message : "nothing thrown");
}

TEST(CollectiveErrors, ExceptionsNotDerivedFromStdExceptionBecomeRuntimeErrors) {
  const Comm world = Comm::world();
  const auto thrown = thrown_by([&] {
    agree_on_errors(world, [&] {
      if (world.rank() == failing_rank()) throw 42;
    });
  });
  ASSERT_TRUE(thrown.has_value());
  EXPECT_EQ(thrown->kind, ErrorKind::runtime);
}

TEST(CollectiveErrors, AllocationFailureOnOneRankIsAMemoryErrorEverywhere) {
  const Comm world = Comm::world();
  const auto thrown = thrown_by([&] {
    agree_on_errors(world, [&] {
      std::size_t elements = world.rank() == failing_rank() ? (std::size_t{1} << 50) : 16;  // 8 PiB
      return std::vector<double>(elements).size();
    });
  });
  ASSERT_TRUE(thrown.has_value());
  EXPECT_EQ(thrown->kind, ErrorKind::memory) << thrown->message;
}

}  // namespace
}  // namespace gingham
