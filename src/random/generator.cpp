// gingham::random::Generator's state: seeding from entropy, spawned children, rank-local streams
// (gingham/random/generator.hpp).
#include <cstdio>
#include <random>
#include <stdexcept>
#include <string>

#include <mpi.h>

#include "gingham/core/call_check.hpp"
#include "gingham/core/mpi_check.hpp"
#include "gingham/random/generator.hpp"

namespace gingham::random {
namespace {

constexpr std::uint64_t kSpawnTag = 0x6e77617073ULL;  // "spawn"
constexpr std::uint64_t kLocalTag = 0x6c61636f6cULL;  // "local"

std::string hex(std::uint64_t v) {
  char text[19];
  std::snprintf(text, sizeof text, "0x%016llx", static_cast<unsigned long long>(v));
  return text;
}

}  // namespace

Generator Generator::from_entropy(const Comm& comm) {
  const auto checked = check_call(comm, "Generator.from_entropy");  // no arguments but the communicator
  std::uint64_t key[2] = {0, 0};
  if (comm.rank() == 0) {
    std::random_device device;
    for (std::uint64_t& word : key) {
      word = (static_cast<std::uint64_t>(device()) << 32) ^ device();
    }
  }
  check_mpi(MPI_Bcast(key, 2, MPI_UINT64_T, 0, comm.get()), "MPI_Bcast");
  return Generator(PhiloxKey{key[0], key[1]}, 0);
}

std::string Generator::describe() const {
  return "Generator(key=(" + hex(key_[0]) + ", " + hex(key_[1]) + "), position=" + std::to_string(position_) + ")";
}

std::vector<Generator> Generator::spawn(int n) {
  if (n < 0) throw std::invalid_argument("Generator.spawn: expected n >= 0, got " + std::to_string(n));
  std::vector<Generator> children;
  children.reserve(static_cast<std::size_t>(n));
  for (int k = 0; k < n; ++k) children.emplace_back(derive_key(key_, kSpawnTag, children_spawned_++, 0), 0);
  return children;
}

PhiloxStream Generator::local_stream(int rank) {
  if (rank < 0) throw std::invalid_argument("Generator.local_stream: expected rank >= 0, got " + std::to_string(rank));
  return PhiloxStream(derive_key(key_, kLocalTag, static_cast<std::uint64_t>(rank), local_streams_++));
}

}  // namespace gingham::random
