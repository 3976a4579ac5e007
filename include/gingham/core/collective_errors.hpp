#pragma once
/// \file
/// Collective error agreement (DESIGN.md, "Errors are collective").
///
/// A failure that only some ranks can see (a local allocation, a file, a per-rank input) must not leave
/// the other ranks waiting in the next collective. Wrap the local work in agree_on_errors: if it throws
/// on any rank, every rank throws the same exception type with the same message, naming the rank that
/// failed first. Errors every rank can see (shapes, dtypes, axes) need no agreement: every rank checks
/// them and throws on its own.

#include <optional>
#include <string>
#include <type_traits>
#include <utility>

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

/// Collective over `comm`. Each rank brings the error it saw, or none. Returns, identically on every
/// rank, the error of the lowest-numbered rank that brought one, its message suffixed with
/// " [raised on rank r of n]"; or nothing when no rank did.
/// Cost: one MPI_Allreduce of one int; when some rank failed, two MPI_Bcast more (kind and length,
/// then the message).
std::optional<CapturedError> agree_on_error(const Comm& comm, const std::optional<CapturedError>& local);

/// Collective over `comm`. Throws the agreed error (see agree_on_error) on every rank if any rank
/// brought one; otherwise returns.
void raise_if_any_rank_failed(const Comm& comm, const std::optional<CapturedError>& local);

/// Collective over `comm`. Runs `body` (local work: it must not call collectives on `comm`) and returns
/// its result; if `body` throws on any rank, every rank throws the same exception (see agree_on_error).
template <class Body>
std::invoke_result_t<Body&> agree_on_errors(const Comm& comm, Body&& body) {
  using Result = std::invoke_result_t<Body&>;
  std::optional<CapturedError> error;
  if constexpr (std::is_void_v<Result>) {
    try {
      body();
    } catch (...) {
      error = capture_current_exception();
    }
    raise_if_any_rank_failed(comm, error);
  } else {
    std::optional<Result> result;
    try {
      result.emplace(body());
    } catch (...) {
      error = capture_current_exception();
    }
    raise_if_any_rank_failed(comm, error);
    return std::move(*result);
  }
}

}  // namespace gingham
