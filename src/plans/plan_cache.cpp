#include "gingham/plans/plan_cache.hpp"

#include <iterator>
#include <list>
#include <mutex>
#include <string>

#include "gingham/core/call_check.hpp"
#include "gingham/core/collective_errors.hpp"
#include "gingham/core/format.hpp"
#include "gingham/core/mpi_check.hpp"

namespace gingham {

namespace {

struct Entry {
  std::shared_ptr<const Distribution> source, target;
  IndexMap index_map;
  PlanOptions options;
  std::vector<std::int64_t> target_offset;
  std::shared_ptr<const RedistributionPlan> plan;
};

struct Cache {
  std::mutex mutex;
  std::list<Entry> entries;  // most recently used first
  std::size_t capacity = 32;
  std::int64_t hits = 0, misses = 0;

  void trim_locked() {
    while (entries.size() > capacity) entries.pop_back();
  }
};

// Never destroyed: cached plans hold communicators and MPI datatypes, which must not be freed after
// MPI_Finalize by a static destructor at exit.
Cache& cache() {
  static Cache* instance = new Cache;
  return *instance;
}

/// A 64-bit FNV-1a fingerprint of the values fed to it, in order (the same on every rank for equal values).
class Fingerprint {
 public:
  void add(std::uint64_t value) noexcept {
    for (int byte = 0; byte < 8; ++byte) hash_ = (hash_ ^ ((value >> (8 * byte)) & 0xFFU)) * 0x100000001B3ULL;
  }
  template <class T>
  void add_all(const std::vector<T>& values) noexcept {
    add(values.size());
    for (const T& v : values) add(static_cast<std::uint64_t>(v));
  }
  void add(const Distribution& d) noexcept {
    add_all(d.global_shape());
    add_all(d.grid_dims());
    add(static_cast<std::uint64_t>(d.storage_order()));
    for (int axis = 0; axis < d.ndim(); ++axis) {
      const AxisLayout& layout = d.axis_layout(axis);
      add(static_cast<std::uint64_t>(d.grid_axis_of(axis)));
      add(static_cast<std::uint64_t>(layout.kind()));
      add(static_cast<std::uint64_t>(layout.block_size()));
      add(static_cast<std::uint64_t>(layout.offset()));
    }
  }
  void add(const IndexMap& map) noexcept {
    add_all(map.source_shape());
    add(map.target_axes().size());
    for (const IndexMap::TargetAxis& t : map.target_axes()) {
      add(static_cast<std::uint64_t>(t.source_axis)), add(static_cast<std::uint64_t>(t.start));
      add(static_cast<std::uint64_t>(t.step)), add(static_cast<std::uint64_t>(t.extent));
    }
    add(map.fixed().size());
    for (const IndexMap::FixedIndex& f : map.fixed()) add(static_cast<std::uint64_t>(f.source_axis)), add(static_cast<std::uint64_t>(f.index));
  }
  std::uint64_t value() const noexcept { return hash_; }

 private:
  std::uint64_t hash_ = 0xCBF29CE484222325ULL;
};

/// Local. Whether a and b are the same layout as requested: equal ownership (Distribution's ==, which
/// finds Block and BlockCyclic(ceil(n / P)) equal) and the same axis layouts, since a plan hands out its
/// own target layout, which must be the caller's as described (the Python layer shows it).
bool same_request(const Distribution& a, const Distribution& b) {
  if (!(a == b)) return false;
  for (int axis = 0; axis < a.ndim(); ++axis) {
    if (!(a.axis_layout(axis) == b.axis_layout(axis))) return false;
  }
  return true;
}

/// Local. The fingerprint of a plan's arguments, which the ranks compare (equal arguments: equal values).
std::uint64_t fingerprint_of(const Distribution& source, const Distribution& target, const IndexMap& index_map,
                             const PlanOptions& options, const std::vector<std::int64_t>& target_offset) {
  Fingerprint f;
  f.add(source), f.add(target), f.add(index_map);
  f.add(static_cast<std::uint64_t>(options.chunk_bytes)), f.add(static_cast<std::uint64_t>(options.datatype_min_run_bytes));
  f.add_all(target_offset);
  return f.value();
}

bool matches(const Entry& entry, const Comm& comm, const Distribution& source, const Distribution& target,
             const IndexMap& index_map, const PlanOptions& options, const std::vector<std::int64_t>& target_offset) {
  return entry.plan->comm() == comm && same_request(*entry.source, source) && same_request(*entry.target, target) &&
         entry.index_map == index_map && entry.options == options && entry.target_offset == target_offset;
}

}  // namespace

std::shared_ptr<const RedistributionPlan> cached_plan(const Comm& comm, std::shared_ptr<const Distribution> source,
                                                      std::shared_ptr<const Distribution> target,
                                                      std::optional<IndexMap> index_map, PlanOptions options,
                                                      const PlanViews* views, std::vector<std::int64_t> target_offset,
                                                      const std::optional<CapturedError>* local_failure) {
  const auto checked = check_call(comm, "cached_plan", arg("source", source), arg("target", target),
                                  arg("index map", index_map), arg("chunk_bytes", options.chunk_bytes),
                                  arg("datatype_min_run_bytes", options.datatype_min_run_bytes),
                                  arg("target offset", target_offset));
  Cache& c = cache();
  std::size_t capacity;
  {
    std::lock_guard<std::mutex> lock(c.mutex);
    capacity = c.capacity;
  }
  if (capacity == 0 || !source || !target) {
    if (local_failure) raise_if_any_rank_failed(comm, *local_failure);
    return std::make_shared<const RedistributionPlan>(comm, std::move(source), std::move(target),
                                                      std::move(index_map), options, GridPlacement{},
                                                      std::move(target_offset));
  }
  const IndexMap map = index_map ? std::move(*index_map) : IndexMap::identity(source->global_shape());

  std::shared_ptr<const RedistributionPlan> found;
  {
    std::lock_guard<std::mutex> lock(c.mutex);
    for (auto it = c.entries.begin(); it != c.entries.end(); ++it) {
      if (matches(*it, comm, *source, *target, map, options, target_offset)) {
        c.entries.splice(c.entries.begin(), c.entries, it);  // most recently used
        found = it->plan;
        break;
      }
    }
  }
  // One reduction decides for every rank alike: all hit with equal arguments (the hash h agrees when the
  // maximum of h is the complement of the maximum of ~h), or all build; and, on a hit, whether every rank
  // can reuse the prepared exchange (0: a hit ready for the views, 1: a hit to prepare again, 2: a miss).
  // The caller's local failure rides along (agree_on_error), so that it costs no reduction of its own.
  const std::uint64_t hash = fingerprint_of(*source, *target, map, options, target_offset);
  const std::uint64_t state = !found ? 2U : views && !found->prepared_for(views->source, views->target, views->combined) ? 1U : 0U;
  std::uint64_t agreed[3] = {state, hash, ~hash};
  const std::optional<CapturedError> failure =
      agree_on_error(comm, local_failure ? *local_failure : std::nullopt, nullptr, agreed);
  if (failure) throw_error(failure->kind, failure->message);
  const bool every_rank_hit = agreed[0] < 2 && agreed[1] == ~agreed[2];

  if (every_rank_hit) {
    if (agreed[0] == 1) found->forget_prepared();  // some rank's views changed: all prepare again, together
    std::lock_guard<std::mutex> lock(c.mutex);
    ++c.hits;
    return found;
  }
  auto plan = std::make_shared<const RedistributionPlan>(comm, source, target, map, options, GridPlacement{},
                                                         target_offset);  // collective
  std::lock_guard<std::mutex> lock(c.mutex);
  ++c.misses;
  c.entries.remove_if([&](const Entry& e) { return matches(e, comm, *source, *target, map, options, target_offset); });
  c.entries.push_front(Entry{std::move(source), std::move(target), map, options, std::move(target_offset), plan});
  c.trim_locked();
  return plan;
}

PlanCacheStatistics plan_cache_statistics() {
  Cache& c = cache();
  std::lock_guard<std::mutex> lock(c.mutex);
  return {c.hits, c.misses, c.entries.size(), c.capacity};
}

void set_plan_cache_capacity(std::size_t entries) {
  Cache& c = cache();
  std::lock_guard<std::mutex> lock(c.mutex);
  c.capacity = entries;
  c.trim_locked();
}

void clear_plan_cache() {
  Cache& c = cache();
  std::lock_guard<std::mutex> lock(c.mutex);
  c.entries.clear();
  c.hits = c.misses = 0;
}

}  // namespace gingham
