// Building an ExchangePlan: per-destination counts (exchanged with one MPI_Alltoall unless the caller
// knows them) and, for routes not grouped by destination, a stable bucket order of the routes.
#include <mpi.h>

#include <numeric>
#include <stdexcept>
#include <string>
#include <utility>

#include "gingham/core/collective_errors.hpp"
#include "gingham/core/call_check.hpp"
#include "gingham/core/mpi_check.hpp"
#include "gingham/core/profile.hpp"
#include "gingham/plans/exchange.hpp"

namespace gingham {
namespace {

void check_counts(const std::vector<std::int64_t>& counts, int ranks, const char* which) {
  if (counts.size() != static_cast<std::size_t>(ranks)) {
    throw std::invalid_argument(std::string("ExchangePlan::from_counts: expected ") + std::to_string(ranks) + " " +
                                which + " (one per rank), got " + std::to_string(counts.size()));
  }
  for (std::size_t p = 0; p < counts.size(); ++p) {
    if (counts[p] < 0) {
      throw std::invalid_argument(std::string("ExchangePlan::from_counts: ") + which + "[" + std::to_string(p) +
                                  "] is " + std::to_string(counts[p]) + ", expected a count >= 0");
    }
  }
}

/// Collective over comm: what every rank sends this rank (one MPI_Alltoall of 64-bit counts).
std::vector<std::int64_t> counts_to_me(const Comm& comm, const std::vector<std::int64_t>& send_counts) {
  std::vector<std::int64_t> receive_counts(send_counts.size());
  GINGHAM_MPI(MPI_Alltoall(send_counts.data(), 1, MPI_INT64_T, receive_counts.data(), 1, MPI_INT64_T, comm.get()));
  return receive_counts;
}

}  // namespace

void ExchangePlan::finish_counts() {
  record_plan_build();  // every way of building a plan ends here (profile log)
  auto prefix = [](const std::vector<std::int64_t>& counts) {
    std::vector<std::int64_t> offsets(counts.size() + 1, 0);
    std::partial_sum(counts.begin(), counts.end(), offsets.begin() + 1);
    return offsets;
  };
  send_offsets_ = prefix(send_counts_);
  receive_offsets_ = prefix(receive_counts_);
}

ExchangePlan ExchangePlan::from_destinations(const Comm& comm, std::span<const int> destinations,
                                             const PlanOptions& options) {
  const auto checked = check_call(comm, "ExchangePlan::from_destinations", arg("chunk_bytes", options.chunk_bytes));
  return from_routes(comm, destinations, {}, options);
}

ExchangePlan ExchangePlan::from_routes(const Comm& comm, std::span<const int> destinations,
                                       std::span<const std::int64_t> items, const PlanOptions& options) {
  const auto checked = check_call(comm, "ExchangePlan::from_routes", arg("chunk_bytes", options.chunk_bytes));
  const int ranks = comm.size();
  const bool identity_items = items.empty();
  ExchangePlan plan;
  plan.comm_ = comm;
  plan.chunk_bytes_ = options.chunk_bytes;
  plan.from_routes_ = true;
  plan.send_counts_.assign(static_cast<std::size_t>(ranks), 0);
  agree_on_errors(comm, [&] {
    const std::size_t n = destinations.size();
    if (!identity_items && items.size() != n) {
      throw std::invalid_argument("ExchangePlan::from_routes: " + std::to_string(n) + " destinations but " +
                                  std::to_string(items.size()) + " items; expected one item per destination");
    }
    bool in_order = true;  // destinations ascending: the routes are in send-layout order already
    for (std::size_t k = 0; k < n; ++k) {
      const int p = destinations[k];
      if (p < 0 || p >= ranks) {
        throw std::out_of_range("ExchangePlan: destination " + std::to_string(p) + " of route " + std::to_string(k) +
                                " is not a rank of a communicator of " + std::to_string(ranks));
      }
      ++plan.send_counts_[static_cast<std::size_t>(p)];
      if (k > 0 && p < destinations[k - 1]) in_order = false;
    }
    plan.item_count_ = static_cast<std::int64_t>(n);
    if (!identity_items) {
      plan.item_count_ = 0;
      bool identity = true;
      for (std::size_t k = 0; k < n; ++k) {
        if (items[k] < 0) {
          throw std::out_of_range("ExchangePlan::from_routes: item " + std::to_string(items[k]) + " of route " +
                                  std::to_string(k) + " is negative");
        }
        plan.item_count_ = std::max(plan.item_count_, items[k] + 1);
        identity = identity && items[k] == static_cast<std::int64_t>(k);
      }
      if (!identity) plan.route_item_.assign(items.begin(), items.end());
    }
    if (!in_order) {  // a stable bucket sort: slot -> route
      std::vector<std::int64_t> next(static_cast<std::size_t>(ranks), 0);
      std::partial_sum(plan.send_counts_.begin(), plan.send_counts_.end() - 1, next.begin() + 1);
      plan.slot_route_.resize(n);
      for (std::size_t k = 0; k < n; ++k) plan.slot_route_[next[destinations[k]]++] = static_cast<std::int64_t>(k);
    }
  });
  plan.receive_counts_ = counts_to_me(comm, plan.send_counts_);
  plan.finish_counts();
  return plan;
}

ExchangePlan ExchangePlan::from_counts(const Comm& comm, std::vector<std::int64_t> send_counts, const PlanOptions& options) {
  const auto checked = check_call(comm, "ExchangePlan::from_counts", arg("number of send_counts", send_counts.size()),
                                  arg("chunk_bytes", options.chunk_bytes));
  agree_on_errors(comm, [&] { check_counts(send_counts, comm.size(), "send counts"); });
  std::vector<std::int64_t> receive_counts = counts_to_me(comm, send_counts);
  return from_counts(comm, std::move(send_counts), std::move(receive_counts), options);
}

ExchangePlan ExchangePlan::from_counts(const Comm& comm, std::vector<std::int64_t> send_counts,
                                       std::vector<std::int64_t> receive_counts, const PlanOptions& options) {
  check_counts(send_counts, comm.size(), "send counts");
  check_counts(receive_counts, comm.size(), "receive counts");
  ExchangePlan plan;
  plan.comm_ = comm;
  plan.chunk_bytes_ = options.chunk_bytes;
  plan.send_counts_ = std::move(send_counts);
  plan.receive_counts_ = std::move(receive_counts);
  plan.finish_counts();
  plan.item_count_ = plan.send_total();
  return plan;
}

std::size_t ExchangePlan::metadata_bytes() const noexcept {
  return sizeof(std::int64_t) * (send_counts_.size() + receive_counts_.size() + send_offsets_.size() +
                                 receive_offsets_.size() + slot_route_.size() + route_item_.size());
}

}  // namespace gingham
