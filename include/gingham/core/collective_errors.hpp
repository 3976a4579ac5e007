#pragma once
/// \file
/// Collective error agreement (DESIGN.md, "Errors are collective").
///
/// A failure that only some ranks can see (a local allocation, a file, a per-rank input) must not leave
/// the other ranks waiting in the next collective. Wrap the local work in agree_on_errors: if it throws
/// on any rank, every rank throws the same exception type with the same message, naming the rank that
/// failed first. Errors every rank can see (shapes, dtypes, axes) need no agreement: every rank checks
/// them and throws on its own.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "gingham/core/comm.hpp"
#include "gingham/core/errors.hpp"

namespace gingham {

/// An error seen on one rank, ready to be agreed on.
struct CapturedError {
  ErrorKind kind = ErrorKind::runtime;
  std::string message;
};

/// Local. The exception being handled, as a CapturedError. Call only inside a catch block.
CapturedError capture_current_exception();

/// The arguments of one collective call that every rank must pass alike, as text: the operation's name
/// and (argument name, description) pairs. Compared across ranks by a 64-bit hash of the whole.
struct CallArguments {
  std::string operation;
  std::vector<std::pair<std::string, std::string>> arguments;
};

/// Local. A 64-bit hash of `call` (FNV-1a of the operation, then each name and value): equal on ranks
/// that pass equal arguments, so one reduction of it compares them across ranks.
std::uint64_t arguments_hash(const CallArguments& call);

/// Collective over `comm`. Each rank brings the error it saw, or none, and optionally the arguments of the
/// call it is in. If the ranks' `arguments` differ, returns on every rank a std::invalid_argument error
/// naming the operation, the first differing argument, rank 0's value and the lowest differing rank's
/// value (arguments that differ make any other error meaningless). Otherwise returns, identically on
/// every rank, the error of the lowest-numbered rank that brought one, its message suffixed with
/// " [raised on rank r of n]"; or nothing when no rank did.
/// Cost: one MPI_Allreduce of three 64-bit integers; when some rank failed, two MPI_Bcast more (kind and
/// length, then the message); when the arguments differ, one MPI_Allgather of one hash and four MPI_Bcast.
/// `riders` (at most 4 words) travel in the same MPI_Allreduce and come back as their maximum over the
/// ranks, so that a caller's own agreement costs no second reduction.
std::optional<CapturedError> agree_on_error(const Comm& comm, const std::optional<CapturedError>& local,
                                            const CallArguments* arguments = nullptr,
                                            std::span<std::uint64_t> riders = {});

/// Collective over `comm`. Throws the agreed error (see agree_on_error) on every rank if any rank
/// brought one or the arguments differ; otherwise returns.
void raise_if_any_rank_failed(const Comm& comm, const std::optional<CapturedError>& local,
                              const CallArguments* arguments = nullptr);

/// Collective over `comm`. Throws std::invalid_argument on every rank, naming the first argument that
/// differs and the ranks' values, unless every rank passes the same `arguments`. Cost: one MPI_Allreduce
/// of three 64-bit integers (see agree_on_error).
void require_same_arguments(const Comm& comm, const CallArguments& arguments);

/// Local. Whether the checking mode is on: every public collective C++ entry point (each starts with
/// check_call, gingham/core/call_check.hpp; the Python namespace reaches them) and C++ code that calls
/// check_collective_call compares its arguments across ranks before it runs. Read from the environment
/// variable GINGHAM_CHECK_COLLECTIVES (1/true/yes/on) when the library loads.
bool collective_checks_enabled() noexcept;
/// Local. Turns the checking mode on or off (every rank must set the same value).
void set_collective_checks(bool enabled) noexcept;

/// Collective over `comm` when the checking mode is on (require_same_arguments: one MPI_Allreduce), else
/// Local and free (`describe` is not called). `describe` returns the call's CallArguments.
template <class Describe>
void check_collective_call(const Comm& comm, Describe&& describe) {
  if (collective_checks_enabled()) require_same_arguments(comm, describe());
}

/// Collective over `comm`. Runs `body` (local work: it must not call collectives on `comm`) and returns
/// its result; if `body` throws on any rank, every rank throws the same exception (see agree_on_error).
/// With `arguments`, also checks in the same reduction that every rank passed the same ones.
template <class Body>
std::invoke_result_t<Body&> agree_on_errors(const Comm& comm, Body&& body, const CallArguments* arguments = nullptr) {
  using Result = std::invoke_result_t<Body&>;
  std::optional<CapturedError> error;
  if constexpr (std::is_void_v<Result>) {
    try {
      body();
    } catch (...) {
      error = capture_current_exception();
    }
    raise_if_any_rank_failed(comm, error, arguments);
  } else {
    std::optional<Result> result;
    try {
      result.emplace(body());
    } catch (...) {
      error = capture_current_exception();
    }
    raise_if_any_rank_failed(comm, error, arguments);
    return std::move(*result);
  }
}

}  // namespace gingham
