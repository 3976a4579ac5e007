#include "gingham/array/move_to_grid.hpp"

#include <algorithm>
#include <cstdint>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "gingham/core/call_check.hpp"
#include "gingham/core/collective_errors.hpp"
#include "gingham/core/format.hpp"
#include "gingham/core/mpi_check.hpp"
#include "gingham/distributions/derived.hpp"
#include "gingham/distributions/distribution_codec.hpp"
#include "gingham/plans/redistribution_plan.hpp"

namespace gingham {
namespace {

/// One side of a move as every rank of `over` sees it: the dtype, the layout, and the ranks (in `over`)
/// of the communicator it lives on, in that communicator's order (so its grid's ranks come first).
struct Party {
  DType dtype{};
  std::shared_ptr<const Distribution> layout;
  std::vector<int> members;
};

/// Local. The ranks of `comm` as ranks of `over`; throws std::invalid_argument when `over` lacks some.
std::vector<int> members_in(const Comm& over, const Comm& comm, const char* what) {
  std::vector<int> members = comm.ranks_in(over.get(), comm.size());
  if (std::any_of(members.begin(), members.end(), [](int r) { return r < 0; })) {
    throw std::invalid_argument(std::string("gingham::move_to_grid: ") + what +
                                " lives on ranks outside the communicator of the move; name a communicator "
                                "holding both sides");
  }
  return members;
}

/// Collective over `over`. The party described by rank `leader` of `over` (its `mine` there).
Party broadcast_party(const Comm& over, int leader, const Party& mine) {
  std::vector<std::int64_t> code;
  if (over.rank() == leader) {
    code = {static_cast<std::int64_t>(mine.dtype), static_cast<std::int64_t>(mine.members.size())};
    code.insert(code.end(), mine.members.begin(), mine.members.end());
    const std::vector<std::int64_t> layout = encode_distribution(*mine.layout);
    code.insert(code.end(), layout.begin(), layout.end());
  }
  std::int64_t length = static_cast<std::int64_t>(code.size());
  GINGHAM_MPI(MPI_Bcast(&length, 1, MPI_INT64_T, leader, over.get()));
  code.resize(static_cast<std::size_t>(length));
  GINGHAM_MPI(MPI_Bcast(code.data(), static_cast<int>(length), MPI_INT64_T, leader, over.get()));
  Party party;
  party.dtype = static_cast<DType>(code[0]);
  party.members.assign(code.begin() + 2, code.begin() + 2 + code[1]);
  party.layout = std::make_shared<const Distribution>(
      decode_distribution(std::span<const std::int64_t>(code).subspan(static_cast<std::size_t>(2 + code[1]))));
  return party;
}

/// Local, identical on every rank. Throws unless the ranks that named `leader` are exactly the party's members.
void require_whole_party(const std::vector<int>& leaders, int leader, const Party& party, const char* what) {
  std::set<int> named;
  for (int r = 0; r < static_cast<int>(leaders.size()); ++r) {
    if (leaders[r] == leader) named.insert(r);
  }
  const std::set<int> members(party.members.begin(), party.members.end());
  if (named != members) {
    const std::vector<int> expected(members.begin(), members.end()), got(named.begin(), named.end());
    throw std::invalid_argument(std::string("gingham::move_to_grid: every rank of ") + what +
                                "'s communicator must pass it; expected ranks " + format_shape(expected) +
                                " of the move's communicator, got " + format_shape(got));
  }
}

/// The grid ranks of a party, as ranks of `over` (its communicator's first ranks).
std::vector<int> grid_seats(const Party& party) {
  return {party.members.begin(), party.members.begin() + party.layout->grid_size()};
}

}  // namespace

std::optional<Array> move_to_grid(const Comm& over, const Array* x, const ProcessGrid* grid,
                                  std::shared_ptr<const Distribution> layout) {
  // The arguments differ between ranks by design (an array here, none there): only the call itself is compared.
  const auto checked = check_call(over, "move_to_grid");
  // What this rank holds, checked locally and agreed on: a rank alone may see a communicator outside `over`.
  Party source_here, target_here;
  agree_on_errors(over, [&] {
    if (x) {
      source_here = {x->dtype(), x->layout(), members_in(over, x->grid().comm(), "the array")};
    }
    if (grid) target_here.members = members_in(over, grid->comm(), "the target grid");
  });
  const int mine[2] = {source_here.members.empty() ? -1 : source_here.members[0],
                       target_here.members.empty() ? -1 : target_here.members[0]};
  std::vector<int> pairs(2 * static_cast<std::size_t>(over.size()));
  GINGHAM_MPI(MPI_Allgather(mine, 2, MPI_INT, pairs.data(), 2, MPI_INT, over.get()));
  std::vector<int> source_leaders, target_leaders;
  for (std::size_t r = 0; r < pairs.size() / 2; ++r) {
    source_leaders.push_back(pairs[2 * r]);
    target_leaders.push_back(pairs[2 * r + 1]);
  }
  std::set<int> sources(source_leaders.begin(), source_leaders.end()), targets(target_leaders.begin(), target_leaders.end());
  sources.erase(-1), targets.erase(-1);
  if (sources.size() != 1) {
    throw std::invalid_argument("gingham::move_to_grid: expected the ranks of one communicator to pass the array "
                                "(the others pass none), got arrays from " + std::to_string(sources.size()) +
                                " communicators");
  }
  if (targets.empty()) throw std::invalid_argument("gingham::move_to_grid: no rank passed a target grid");
  const Party source = broadcast_party(over, *sources.begin(), source_here);
  require_whole_party(source_leaders, *sources.begin(), source, "the array");

  const std::size_t item = item_size(source.dtype);
  const RawView none{nullptr, item, {}, {}};
  std::optional<Array> result;
  for (int leader : targets) {  // one copy per receiving group, in the order of their first ranks
    const bool receiving = mine[1] == leader;
    agree_on_errors(over, [&] {
      if (!receiving) return;
      target_here.dtype = source.dtype;
      target_here.layout = layout ? layout
                                  : std::make_shared<const Distribution>(
                                        derived::default_layout(source.layout->global_shape(), grid->dims()));
      if (target_here.layout->global_shape() != source.layout->global_shape() ||
          target_here.layout->grid_dims() != grid->dims()) {
        throw std::invalid_argument("gingham::move_to_grid: the target layout has shape " +
                                    format_shape(target_here.layout->global_shape()) + " on a grid of shape " +
                                    format_shape(target_here.layout->grid_dims()) + ", expected the array's shape " +
                                    format_shape(source.layout->global_shape()) + " on the target grid's shape " +
                                    format_shape(grid->dims()));
      }
    });
    const Party target = broadcast_party(over, leader, target_here);
    require_whole_party(target_leaders, leader, target, "the target grid");
    const RedistributionPlan plan(over, source.layout, target.layout, std::nullopt, {},
                                  GridPlacement{grid_seats(source), grid_seats(target)});
    agree_on_errors(over, [&] {
      if (receiving) result = Array::allocate(source.dtype, *grid, target.layout, {}, MemoryFill::touched);
    });
    plan.execute(x ? x->local() : none, receiving ? result->local() : none, ViewCheck::local);
  }
  return result;
}

bool same_ranks(const Comm& a, const Comm& b) {
  if (a == b) return true;
  int relation = MPI_UNEQUAL;
  GINGHAM_MPI(MPI_Comm_compare(a.get(), b.get(), &relation));
  return relation == MPI_IDENT || relation == MPI_CONGRUENT;
}

const Comm& enclosing_comm(const Array* x, const ProcessGrid* grid) {
  if (!x && !grid) throw std::invalid_argument("gingham::move_to_grid: expected an array or a target grid, got neither");
  if (!x) return grid->comm();
  if (!grid) return x->grid().comm();
  const Comm& a = x->grid().comm();
  const Comm& b = grid->comm();
  const auto holds = [](const Comm& outer, const Comm& inner) {
    const std::vector<int> ranks = inner.ranks_in(outer.get(), inner.size());
    return std::none_of(ranks.begin(), ranks.end(), [](int r) { return r < 0; });
  };
  if (holds(b, a)) return b;
  if (holds(a, b)) return a;
  throw std::invalid_argument("gingham::move_to_grid: neither the array's communicator nor the target grid's holds "
                              "the other; name a communicator that holds both");
}

}  // namespace gingham
