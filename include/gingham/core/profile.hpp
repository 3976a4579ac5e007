#pragma once
/// \file
/// The profile log (a `-log_view` for gingham): per operation, its calls, time, bytes sent and messages
/// to other ranks, and communication plans built. Off by default; on for a whole run with the environment
/// variable GINGHAM_PROFILE=1 (printed on rank 0, aggregated over MPI_COMM_WORLD, when the gingham::Environment
/// ends in C++ or at interpreter exit in Python), or for a scope with gingham::Profile (Python:
/// `with gg.profile():`).
///
/// Operations are the library's collective entry points: each one's check_call (gingham/core/call_check.hpp)
/// opens a ProfileOperation named after it, so an operation that calls others is listed with them, and
/// what the inner ones move counts in the outer one too (inclusive figures, as PETSc's nested events).
/// Data movement is recorded where it happens: the plan executor (RedistributionPlan, HaloPlan) and
/// ExchangePlan count each message to another rank and its bytes; plan constructors count builds.
/// Off, an operation costs one test of a global flag; nothing is recorded or printed.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <string_view>

#include "gingham/core/comm.hpp"

namespace gingham {

namespace profile_detail {
extern std::atomic<bool> on;
struct Entry;
}  // namespace profile_detail

/// Local, free. Whether the profile log records now.
inline bool profiling() noexcept { return profile_detail::on.load(std::memory_order_relaxed); }

/// Local. Turns recording on or off (what is recorded stays until reset_profile()).
void set_profiling(bool on) noexcept;

/// Local, free. Whether GINGHAM_PROFILE asked for the log at start-up (1, true, yes or on).
bool profiling_requested_by_environment() noexcept;

/// One operation's figures on one rank (inclusive of the operations it calls).
struct OperationProfile {
  std::int64_t calls = 0;
  double seconds = 0.0;
  std::int64_t bytes_sent = 0;    ///< to other ranks (a rank's copies to itself are not counted)
  std::int64_t messages = 0;      ///< sent to other ranks
  std::int64_t plan_builds = 0;   ///< RedistributionPlan, HaloPlan and ExchangePlan constructions
};

/// RAII: times one call of an operation and collects what it moves. Local; when profiling is off its
/// constructor tests one flag and its destructor one pointer.
class ProfileOperation {
 public:
  /// Local. Opens the operation `name` on this thread (the name is copied).
  explicit ProfileOperation(std::string_view name) noexcept {
    if (profiling()) begin(name);
  }
  ~ProfileOperation() {
    if (entry_ != nullptr) end();
  }
  ProfileOperation(const ProfileOperation&) = delete;
  ProfileOperation& operator=(const ProfileOperation&) = delete;

 private:
  void begin(std::string_view name) noexcept;
  void end() noexcept;
  profile_detail::Entry* entry_ = nullptr;
  std::chrono::steady_clock::time_point start_{};
};

/// Local. Records `messages` messages carrying `bytes` bytes sent to other ranks, in every operation open
/// on this thread (or in "(outside operations)"). No effect when profiling is off.
void record_transfer(std::int64_t bytes, std::int64_t messages) noexcept;

/// Local. Records one communication plan built, in every operation open on this thread.
void record_plan_build() noexcept;

/// Local. Records an implicit gather of `bytes` bytes to this rank (NumPy's __array__ on a distributed
/// array) as one call of the operation "implicit gather (__array__)".
void record_implicit_gather(std::int64_t bytes) noexcept;

/// Local. This rank's figures so far, by operation name.
std::map<std::string, OperationProfile> profile_snapshot();

/// Local. Forgets every figure recorded so far.
void reset_profile() noexcept;

/// Collective over `comm` (one MPI_Gather of a count and one MPI_Gatherv of this rank's figures as text).
/// The log as text on rank 0 of `comm` (empty elsewhere): one line per operation, sorted by time, with its
/// calls (max over ranks), time (max and min over ranks), and bytes sent, messages and plan builds (summed
/// over ranks).
std::string profile_report(const Comm& comm);

/// RAII: the profile log of a scope. Collective over `comm` at both ends. Starts recording (forgetting
/// earlier figures); at its end prints the log to `out` on rank 0 of `comm` (not when `out` is null,
/// or when an exception leaves the scope: the other ranks may not be leaving it) and puts recording back
/// as it was.
class Profile {
 public:
  /// Collective over comm (no message: every rank must open it alike, as it will close it).
  explicit Profile(Comm comm = Comm::world(), std::FILE* out = stdout);
  /// Collective over comm (see profile_report).
  ~Profile();
  Profile(const Profile&) = delete;
  Profile& operator=(const Profile&) = delete;

  /// Collective over comm. The log so far (rank 0; empty elsewhere), without ending the scope.
  std::string report() const { return profile_report(comm_); }

 private:
  Comm comm_;
  std::FILE* out_;
  bool was_on_;
  int exceptions_at_start_;
};

}  // namespace gingham
