// The profile log: a registry of operations (name -> figures) behind one mutex, a per-thread stack of the
// operations open on that thread, and the aggregation over ranks for the report.
#include "gingham/core/profile.hpp"

#include <mpi.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <sstream>
#include <vector>

#include "gingham/core/mpi_check.hpp"

namespace gingham {

namespace profile_detail {

struct Entry {
  OperationProfile figures;
};

namespace {

bool requested_by_environment() {
  const char* value = std::getenv("GINGHAM_PROFILE");
  if (value == nullptr) return false;
  std::string text(value);
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text == "1" || text == "true" || text == "yes" || text == "on";
}

}  // namespace

std::atomic<bool> on{requested_by_environment()};

}  // namespace profile_detail

namespace {

using profile_detail::Entry;

constexpr const char* kOutside = "(outside operations)";
constexpr const char* kImplicitGather = "implicit gather (__array__)";

std::mutex& registry_mutex() {
  static std::mutex mutex;
  return mutex;
}

/// Operations by name; nodes are never erased (open operations point at them), reset zeroes them.
std::map<std::string, Entry, std::less<>>& registry() {
  static auto* entries = new std::map<std::string, Entry, std::less<>>();  // outlives static destruction
  return *entries;
}

thread_local std::vector<Entry*> open_operations;

Entry& entry_named(std::string_view name) {  // the caller holds the mutex
  auto& entries = registry();
  auto found = entries.find(name);
  if (found == entries.end()) found = entries.emplace(std::string(name), Entry{}).first;
  return found->second;
}

/// Applies `add` to each distinct operation open on this thread, or to "(outside operations)".
template <class Add>
void add_to_open_operations(Add add) {
  const std::lock_guard<std::mutex> lock(registry_mutex());
  if (open_operations.empty()) {
    add(entry_named(kOutside).figures);
    return;
  }
  for (std::size_t k = 0; k < open_operations.size(); ++k) {
    Entry* entry = open_operations[k];
    if (std::find(open_operations.begin(), open_operations.begin() + k, entry) == open_operations.begin() + k) {
      add(entry->figures);
    }
  }
}

}  // namespace

void set_profiling(bool on) noexcept { profile_detail::on.store(on, std::memory_order_relaxed); }

bool profiling_requested_by_environment() noexcept {
  static const bool requested = profile_detail::requested_by_environment();
  return requested;
}

void ProfileOperation::begin(std::string_view name) noexcept {
  try {
    const std::lock_guard<std::mutex> lock(registry_mutex());
    Entry& entry = entry_named(name);
    ++entry.figures.calls;
    open_operations.push_back(&entry);
    entry_ = &entry;
    start_ = std::chrono::steady_clock::now();
  } catch (...) {  // out of memory while profiling: this call goes unrecorded
    entry_ = nullptr;
  }
}

void ProfileOperation::end() noexcept {
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const std::lock_guard<std::mutex> lock(registry_mutex());
  open_operations.pop_back();  // operations close in the reverse order of opening (RAII)
  // A recursive call's time is already inside the outer call of the same operation.
  if (std::find(open_operations.begin(), open_operations.end(), entry_) == open_operations.end()) {
    entry_->figures.seconds += seconds;
  }
}

void record_transfer(std::int64_t bytes, std::int64_t messages) noexcept {
  if (!profiling() || messages == 0) return;
  try {
    add_to_open_operations([&](OperationProfile& figures) { figures.bytes_sent += bytes, figures.messages += messages; });
  } catch (...) {
  }
}

void record_plan_build() noexcept {
  if (!profiling()) return;
  try {
    add_to_open_operations([](OperationProfile& figures) { ++figures.plan_builds; });
  } catch (...) {
  }
}

void record_implicit_gather(std::int64_t bytes) noexcept {
  if (!profiling()) return;
  try {
    const std::lock_guard<std::mutex> lock(registry_mutex());
    OperationProfile& figures = entry_named(kImplicitGather).figures;
    ++figures.calls;
    figures.bytes_sent += bytes;
  } catch (...) {
  }
}

std::map<std::string, OperationProfile> profile_snapshot() {
  const std::lock_guard<std::mutex> lock(registry_mutex());
  std::map<std::string, OperationProfile> snapshot;
  for (const auto& [name, entry] : registry()) {
    if (entry.figures.calls != 0 || entry.figures.messages != 0 || entry.figures.plan_builds != 0) {
      snapshot.emplace(name, entry.figures);
    }
  }
  return snapshot;
}

void reset_profile() noexcept {
  const std::lock_guard<std::mutex> lock(registry_mutex());
  for (auto& [name, entry] : registry()) entry.figures = OperationProfile{};
}

namespace {

/// One line per operation: name TAB calls TAB seconds TAB bytes TAB messages TAB builds.
std::string serialized(const std::map<std::string, OperationProfile>& snapshot) {
  std::ostringstream text;
  text.precision(17);
  for (const auto& [name, f] : snapshot) {
    text << name << '\t' << f.calls << '\t' << f.seconds << '\t' << f.bytes_sent << '\t' << f.messages << '\t'
         << f.plan_builds << '\n';
  }
  return text.str();
}

struct Aggregate {
  std::int64_t calls = 0;  // max over ranks
  double max_seconds = 0.0, min_seconds = 0.0;
  int ranks = 0;           // ranks that called it (min over the others is 0)
  std::int64_t bytes = 0, messages = 0, builds = 0;  // sums
};

std::string table(const std::map<std::string, Aggregate>& rows, int ranks) {
  std::vector<std::pair<std::string, Aggregate>> sorted(rows.begin(), rows.end());
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.second.max_seconds > b.second.max_seconds; });
  std::size_t width = 9;
  for (const auto& row : sorted) width = std::max(width, row.first.size());
  std::string text = "gingham profile on " + std::to_string(ranks) + (ranks == 1 ? " rank" : " ranks") +
                     ": calls max over ranks; time max and min over ranks (inclusive of the operations called); "
                     "bytes, messages and plan builds summed over ranks\n";
  char line[512];
  std::snprintf(line, sizeof line, "%-*s %8s %12s %12s %14s %10s %7s\n", static_cast<int>(width), "operation", "calls",
                "max time (s)", "min time (s)", "bytes sent", "messages", "plans");
  text += line;
  for (const auto& [name, a] : sorted) {
    const double min_seconds = a.ranks < ranks ? 0.0 : a.min_seconds;
    std::snprintf(line, sizeof line, "%-*s %8lld %12.6f %12.6f %14lld %10lld %7lld\n", static_cast<int>(width),
                  name.c_str(), static_cast<long long>(a.calls), a.max_seconds, min_seconds,
                  static_cast<long long>(a.bytes), static_cast<long long>(a.messages), static_cast<long long>(a.builds));
    text += line;
  }
  if (sorted.empty()) text += "(no operation was recorded)\n";
  return text;
}

}  // namespace

std::string profile_report(const Comm& comm) {
  if (comm.is_null()) return {};
  const std::string mine = serialized(profile_snapshot());
  const int ranks = comm.size(), me = comm.rank();
  int length = static_cast<int>(mine.size());
  std::vector<int> lengths(me == 0 ? ranks : 0), offsets(me == 0 ? ranks : 0);
  GINGHAM_MPI(MPI_Gather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, 0, comm.get()));
  std::string all;
  if (me == 0) {
    int total = 0;
    for (int r = 0; r < ranks; ++r) offsets[r] = total, total += lengths[r];
    all.resize(static_cast<std::size_t>(total));
  }
  GINGHAM_MPI(MPI_Gatherv(mine.data(), length, MPI_CHAR, all.data(), lengths.data(), offsets.data(), MPI_CHAR, 0,
                          comm.get()));
  if (me != 0) return {};
  std::map<std::string, Aggregate> rows;
  std::istringstream lines(all);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string name;
    std::getline(fields, name, '\t');
    OperationProfile f;
    fields >> f.calls >> f.seconds >> f.bytes_sent >> f.messages >> f.plan_builds;
    Aggregate& a = rows[name];
    a.min_seconds = a.ranks == 0 ? f.seconds : std::min(a.min_seconds, f.seconds);
    a.max_seconds = std::max(a.max_seconds, f.seconds);
    a.calls = std::max(a.calls, f.calls);
    a.bytes += f.bytes_sent, a.messages += f.messages, a.builds += f.plan_builds;
    ++a.ranks;
  }
  return table(rows, ranks);
}

Profile::Profile(Comm comm, std::FILE* out)
    : comm_(std::move(comm)), out_(out), was_on_(profiling()), exceptions_at_start_(std::uncaught_exceptions()) {
  reset_profile();
  set_profiling(true);
}

Profile::~Profile() {
  set_profiling(false);
  if (std::uncaught_exceptions() > exceptions_at_start_) {
    set_profiling(was_on_);
    return;
  }
  try {
    const std::string text = profile_report(comm_);
    if (!text.empty() && out_ != nullptr) {
      std::fputs(text.c_str(), out_);
      std::fflush(out_);
    }
  } catch (...) {  // a destructor does not throw; MPI failures here are reported by MPI itself
  }
  set_profiling(was_on_);
}

}  // namespace gingham
