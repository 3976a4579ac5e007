#include "slice_datatype.hpp"

#include <climits>
#include <utility>

#include "gingham/core/environment.hpp"
#include "gingham/core/mpi_check.hpp"

namespace gingham::detail {
namespace {

constexpr std::size_t kMaxRuns = std::size_t{1} << 16;  // runs listed one by one (a row pattern, a partial row)
constexpr std::size_t kMaxRows = std::size_t{1} << 16;  // rows listed one by one when unevenly spaced

/// Byte runs (displacement, length) in message order, adjacent runs merged.
struct Runs {
  std::vector<MPI_Aint> displacements;
  std::vector<int> lengths;
};

/// Appends positions [first, last) of `box` on `side` to `runs`, displacements in bytes from element
/// offset `origin`; false when there are too many runs, or a progression is not contiguous here and
/// `elements_as_runs` is false (else its elements are runs of one).
bool collect_runs(const Box& box, std::int64_t first, std::int64_t last, const Side& side, std::int64_t origin,
                  std::int64_t item, bool elements_as_runs, Runs& runs) {
  bool ok = true;
  auto add = [&](std::int64_t offset, std::int64_t count) {
    const MPI_Aint displacement = (offset - origin) * item;
    const std::int64_t bytes = count * item;  // a slice is below 2^31 bytes, so is each run
    if (!runs.lengths.empty() && runs.displacements.back() + runs.lengths.back() == displacement &&
        runs.lengths.back() + bytes <= INT_MAX) {
      runs.lengths.back() += static_cast<int>(bytes);
    } else {
      if (runs.lengths.size() >= kMaxRuns) return ok = false;
      runs.displacements.push_back(displacement);
      runs.lengths.push_back(static_cast<int>(bytes));
    }
    return true;
  };
  walk_segments(box, first, last, side, [&](std::int64_t, std::int64_t offset, std::int64_t step, std::int64_t count) {
    if (count == 1 || step == 1) return add(offset, count);
    if (!elements_as_runs) return ok = false;
    for (std::int64_t i = 0; i < count && ok; ++i) add(offset + i * step, 1);
    return ok;
  });
  return ok;
}

/// Datatypes under construction, freed unless released into the final one.
class TypeList {
 public:
  ~TypeList() {
    for (MPI_Datatype& type : types_) MPI_Type_free(&type);
  }
  void add(MPI_Datatype type, MPI_Aint displacement) { types_.push_back(type), displacements_.push_back(displacement); }
  MPI_Datatype indexed(const Runs& runs) {
    MPI_Datatype type = MPI_DATATYPE_NULL;
    GINGHAM_MPI(MPI_Type_create_hindexed(static_cast<int>(runs.lengths.size()), runs.lengths.data(),
                                         runs.displacements.data(), MPI_BYTE, &type));
    return type;
  }
  /// The struct of every part added, committed.
  OwnedDatatype combine() {
    const std::vector<int> ones(types_.size(), 1);
    MPI_Datatype type = MPI_DATATYPE_NULL;
    GINGHAM_MPI(MPI_Type_create_struct(static_cast<int>(types_.size()), ones.data(), displacements_.data(), types_.data(), &type));
    GINGHAM_MPI(MPI_Type_commit(&type));
    return OwnedDatatype(type);
  }

 private:
  std::vector<MPI_Datatype> types_;
  std::vector<MPI_Aint> displacements_;
};

/// Adds the rows [row_first, row_last) of `box` (whole rows; the box has at least two axes): one
/// pattern of the inner runs, repeated at each row's start. Returns the number of runs, 0 on failure;
/// adds the runs and row starts it lists to `listed`.
std::size_t add_rows(const Box& box, std::int64_t row_first, std::int64_t row_last, const Side& side, std::int64_t item,
                     bool elements_as_runs, TypeList& list, std::size_t& listed) {
  RowCursor rows(box, row_first * box.axes.back().elements());
  const std::int64_t width = rows.width(), start = rows.offset(side);
  Runs pattern;
  if (!collect_runs(box, row_first * width, (row_first + 1) * width, side, start, item, elements_as_runs, pattern)) return 0;
  std::vector<MPI_Aint> starts;
  bool even = true;
  MPI_Aint spacing = 0;
  for (std::int64_t row = row_first; row < row_last; ++row, rows.next()) {
    const MPI_Aint at = (rows.offset(side) - start) * item;
    if (starts.size() == 1) spacing = at;
    even = even && at == static_cast<MPI_Aint>(starts.size()) * spacing;
    if (!even && starts.size() >= kMaxRows) return 0;
    starts.push_back(at);
  }
  listed += pattern.lengths.size() + (even ? 0 : starts.size());
  MPI_Datatype row_type = list.indexed(pattern), type = MPI_DATATYPE_NULL;
  const int count = static_cast<int>(starts.size());
  const int status = even ? MPI_Type_create_hvector(count, 1, spacing, row_type, &type)
                          : MPI_Type_create_hindexed_block(count, 1, starts.data(), row_type, &type);
  MPI_Type_free(&row_type);
  GINGHAM_MPI(status);
  list.add(type, start * item);
  return pattern.lengths.size() * starts.size();
}

}  // namespace

OwnedDatatype& OwnedDatatype::operator=(OwnedDatatype&& other) noexcept {
  std::swap(type_, other.type_);
  return *this;
}

OwnedDatatype::~OwnedDatatype() {
  if (type_ != MPI_DATATYPE_NULL && mpi_is_active()) MPI_Type_free(&type_);
}

std::optional<OwnedDatatype> slice_datatype(const std::vector<SlicePart>& parts, std::size_t item_size,
                                            std::size_t min_run_bytes, std::size_t& entries_left) {
  const std::int64_t item = static_cast<std::int64_t>(item_size);
  const bool elements_as_runs = item_size >= min_run_bytes;  // single elements are long enough runs
  TypeList list;
  std::int64_t bytes = 0;
  std::size_t runs = 0, listed = 0;
  // Positions [first, last) one by one, as one indexed type; false on failure.
  auto add_listed = [&](const SlicePart& part, std::int64_t first, std::int64_t last) {
    if (first >= last) return true;
    Runs listed_runs;
    if (!collect_runs(*part.box, first, last, part.side, 0, item, elements_as_runs, listed_runs)) return false;
    if (listed + listed_runs.lengths.size() > entries_left) return false;  // over budget: no type built
    list.add(list.indexed(listed_runs), 0);
    runs += listed_runs.lengths.size(), listed += listed_runs.lengths.size();
    return true;
  };
  for (const SlicePart& part : parts) {
    if (part.first >= part.last) continue;
    bytes += (part.last - part.first) * item;
    const std::int64_t width = part.box->axes.empty() ? 1 : part.box->axes.back().elements();
    const std::int64_t row_first = (part.first + width - 1) / width, row_last = part.last / width;
    if (part.box->axes.size() < 2 || row_last <= row_first) {  // no whole row to repeat
      if (!add_listed(part, part.first, part.last)) return std::nullopt;
      continue;
    }
    // A partial first row, the whole rows as one repeated pattern, a partial last row.
    if (!add_listed(part, part.first, row_first * width)) return std::nullopt;
    const std::size_t row_runs = add_rows(*part.box, row_first, row_last, part.side, item, elements_as_runs, list, listed);
    if (row_runs == 0 || listed > entries_left) return std::nullopt;
    runs += row_runs;
    if (!add_listed(part, row_last * width, part.last)) return std::nullopt;
  }
  if (runs == 0 || static_cast<std::size_t>(bytes) / runs < min_run_bytes || listed > entries_left) return std::nullopt;
  entries_left -= listed;
  return list.combine();
}

}  // namespace gingham::detail
