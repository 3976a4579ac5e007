#include "gingham/core/collective_errors.hpp"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <stdexcept>
#include <string>
#include <vector>

#include "gingham/core/mpi_check.hpp"
#include "gingham/core/profile.hpp"

namespace gingham {

CapturedError capture_current_exception() {
  try {
    throw;
  } catch (const std::exception& error) {
    return {classify(error), error.what()};
  } catch (...) {
    return {ErrorKind::runtime, "unknown exception (not derived from std::exception)"};
  }
}

// 64-bit FNV-1a of the operation and the arguments, with separators so that ("ab", "c") != ("a", "bc").
std::uint64_t arguments_hash(const CallArguments& call) {
  std::uint64_t h = 1469598103934665603ULL;
  auto add = [&](const std::string& text) {
    for (unsigned char c : text) h = (h ^ c) * 1099511628211ULL;
    h = (h ^ 0xffU) * 1099511628211ULL;
  };
  add(call.operation);
  for (const auto& [name, value] : call.arguments) add(name), add(value);
  return h;
}

namespace {

/// `call` as one string: operation, then name and value per argument, each preceded by its length.
std::string serialize(const CallArguments& call) {
  std::string out;
  auto add = [&](const std::string& text) { out += std::to_string(text.size()) + ":" + text; };
  add(call.operation);
  for (const auto& [name, value] : call.arguments) add(name), add(value);
  return out;
}

CallArguments deserialize(const std::string& text) {
  std::vector<std::string> parts;
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t colon = text.find(':', at);
    const std::size_t length = std::stoull(text.substr(at, colon - at));
    parts.push_back(text.substr(colon + 1, length));
    at = colon + 1 + length;
  }
  CallArguments call;
  if (!parts.empty()) call.operation = parts[0];
  for (std::size_t k = 1; k + 1 < parts.size(); k += 2) call.arguments.emplace_back(parts[k], parts[k + 1]);
  return call;
}

/// `rank`'s serialized arguments on every rank (two MPI_Bcast).
std::string broadcast_text(const Comm& comm, const std::string& mine, int rank) {
  long length = comm.rank() == rank ? static_cast<long>(mine.size()) : 0;
  GINGHAM_MPI(MPI_Bcast(&length, 1, MPI_LONG, rank, comm.get()));
  std::string text = comm.rank() == rank ? mine : std::string(static_cast<std::size_t>(length), '\0');
  GINGHAM_MPI(MPI_Bcast(text.data(), static_cast<int>(length), MPI_CHAR, rank, comm.get()));
  return text;
}

/// The error for arguments that differ (collective: the ranks' hashes are known to differ).
CapturedError argument_mismatch(const Comm& comm, const CallArguments& mine) {
  const std::uint64_t my_hash = arguments_hash(mine);
  std::vector<std::uint64_t> hashes(static_cast<std::size_t>(comm.size()));
  GINGHAM_MPI(MPI_Allgather(&my_hash, 1, MPI_UINT64_T, hashes.data(), 1, MPI_UINT64_T, comm.get()));
  int other = 1;
  while (other < comm.size() && hashes[other] == hashes[0]) ++other;
  const std::string text = serialize(mine);
  const CallArguments first = deserialize(broadcast_text(comm, text, 0));
  const CallArguments second = deserialize(broadcast_text(comm, text, other));
  const std::string ranks = "rank 0 and rank " + std::to_string(other) + " of " + std::to_string(comm.size());
  std::string message;
  if (first.operation != second.operation) {
    message = "gingham: the ranks are in different collective calls: rank 0 called " + first.operation + ", rank " +
              std::to_string(other) + " called " + second.operation;
  } else {
    std::size_t k = 0;
    while (k < first.arguments.size() && k < second.arguments.size() && first.arguments[k] == second.arguments[k]) ++k;
    const auto describe = [](const CallArguments& call, std::size_t k) {
      return k < call.arguments.size() ? call.arguments[k].first + " = " + call.arguments[k].second
                                       : std::string("no argument");
    };
    const std::string name = k < first.arguments.size() ? first.arguments[k].first
                             : k < second.arguments.size() ? second.arguments[k].first
                                                           : std::string("the arguments");
    message = first.operation + ": every rank must pass the same " + name + " to this collective call, but " + ranks +
              " differ: rank 0 passed " + describe(first, k) + ", rank " + std::to_string(other) + " passed " +
              describe(second, k);
  }
  return CapturedError{ErrorKind::value, std::move(message)};
}

bool checks_from_environment() noexcept {
  const char* text = std::getenv("GINGHAM_CHECK_COLLECTIVES");
  if (text == nullptr) return false;
  const std::string value(text);
  return value == "1" || value == "true" || value == "TRUE" || value == "yes" || value == "on" || value == "ON";
}

std::atomic<bool>& checks_flag() noexcept {
  static std::atomic<bool> flag{checks_from_environment()};
  return flag;
}

[[maybe_unused]] const bool read_at_load = (checks_flag(), true);  // the environment is read when the library loads

}  // namespace

std::optional<CapturedError> agree_on_error(const Comm& comm, const std::optional<CapturedError>& local,
                                            const CallArguments* arguments, std::span<std::uint64_t> riders) {
  const ProfileOperation profiled("agree_on_errors (MPI_Allreduce)");  // a row of its own in the profile log
  constexpr std::size_t kMaxRiders = 4;
  if (riders.size() > kMaxRiders) {
    throw std::logic_error("gingham::agree_on_error: at most 4 rider words, got " + std::to_string(riders.size()) +
                           " (gingham internal error)");
  }
  const int size = comm.size();
  // All by one MPI_MAX: size - (lowest failing rank) or 0, the hash h and ~h (so that the maximum of ~h is
  // ~(minimum of h): the hashes agree when both maxima describe one value), then the caller's riders.
  const std::uint64_t hash = arguments ? arguments_hash(*arguments) : 0;
  std::uint64_t agreed[3 + kMaxRiders] = {local ? static_cast<std::uint64_t>(size - comm.rank()) : 0, hash, ~hash};
  std::copy(riders.begin(), riders.end(), agreed + 3);
  GINGHAM_MPI(MPI_Allreduce(MPI_IN_PLACE, agreed, static_cast<int>(3 + riders.size()), MPI_UINT64_T, MPI_MAX,
                            comm.get()));
  std::copy(agreed + 3, agreed + 3 + riders.size(), riders.begin());
  if (agreed[1] != ~agreed[2]) {  // a rank that brought no arguments compares as an empty call
    return argument_mismatch(comm, arguments ? *arguments : CallArguments{"(no arguments)", {}});
  }
  if (agreed[0] == 0) return std::nullopt;
  const int first_failing_rank = size - static_cast<int>(agreed[0]);

  const bool is_root = comm.rank() == first_failing_rank;
  long header[2] = {0, 0};  // kind, message length
  if (is_root) header[0] = static_cast<long>(local->kind), header[1] = static_cast<long>(local->message.size());
  GINGHAM_MPI(MPI_Bcast(header, 2, MPI_LONG, first_failing_rank, comm.get()));
  std::string message = is_root ? local->message : std::string(static_cast<std::size_t>(header[1]), '\0');
  GINGHAM_MPI(MPI_Bcast(message.data(), static_cast<int>(header[1]), MPI_CHAR, first_failing_rank, comm.get()));

  message += " [raised on rank " + std::to_string(first_failing_rank) + " of " + std::to_string(size) + "]";
  return CapturedError{static_cast<ErrorKind>(header[0]), std::move(message)};
}

void raise_if_any_rank_failed(const Comm& comm, const std::optional<CapturedError>& local,
                              const CallArguments* arguments) {
  if (auto agreed = agree_on_error(comm, local, arguments)) throw_error(agreed->kind, agreed->message);
}

void require_same_arguments(const Comm& comm, const CallArguments& arguments) {
  raise_if_any_rank_failed(comm, std::nullopt, &arguments);
}

bool collective_checks_enabled() noexcept { return checks_flag().load(std::memory_order_relaxed); }

void set_collective_checks(bool enabled) noexcept { checks_flag().store(enabled, std::memory_order_relaxed); }

}  // namespace gingham
