// The message pieces of an ExchangePlan: every message is cut into pieces of exchange_piece_items
// items, a rule both of its ends compute alike, so counts of any size fit MPI's int counts and one round
// of pieces fits the plan's buffer bound.
#include <algorithm>
#include <climits>
#include <stdexcept>
#include <string>

#include "gingham/plans/exchange.hpp"

namespace gingham {
namespace {

/// The pieces of one message of `count` items starting `first` items into a layout, in round order.
void append_pieces(std::vector<ExchangePiece>& pieces, int peer, std::int64_t first, std::int64_t count,
                   std::int64_t piece, std::int64_t round) {
  const std::int64_t begin = round * piece;
  if (begin < count) pieces.push_back({peer, first + begin, std::min(piece, count - begin), round});
}

std::int64_t pieces_of(std::int64_t count, std::int64_t piece) { return (count + piece - 1) / piece; }

}  // namespace

std::int64_t exchange_piece_items(std::size_t item_bytes, std::size_t chunk_bytes, int ranks) {
  if (item_bytes > static_cast<std::size_t>(INT_MAX)) {
    throw std::length_error("ExchangePlan: items of " + std::to_string(item_bytes) +
                            " bytes do not fit one MPI message (at most 2^31 - 1 bytes per item)");
  }
  if (item_bytes == 0) return INT_MAX;
  std::int64_t piece = kExchangeMaxPieceBytes / static_cast<std::int64_t>(item_bytes);
  if (chunk_bytes > 0) {
    const std::size_t round_items = chunk_bytes / (item_bytes * static_cast<std::size_t>(std::max(ranks, 1)));
    piece = std::min<std::int64_t>(piece, static_cast<std::int64_t>(std::min<std::size_t>(round_items, INT_MAX)));
  }
  return std::max<std::int64_t>(piece, 1);
}

std::vector<ExchangePiece> ExchangePlan::send_pieces(std::size_t item_bytes) const {
  return pieces(send_offsets_, send_counts_, item_bytes);
}

std::vector<ExchangePiece> ExchangePlan::receive_pieces(std::size_t item_bytes) const {
  return pieces(receive_offsets_, receive_counts_, item_bytes);
}

std::vector<ExchangePiece> ExchangePlan::pieces(const std::vector<std::int64_t>& offsets,
                                                const std::vector<std::int64_t>& counts, std::size_t item_bytes) const {
  std::vector<ExchangePiece> pieces;
  if (comm_.is_null()) return pieces;
  const int me = comm_.rank(), ranks = comm_.size();
  const std::int64_t piece = exchange_piece_items(item_bytes, chunk_bytes_, ranks);
  for (std::int64_t round = 0, rounds_here = rounds(item_bytes); round < rounds_here; ++round) {
    for (int p = 0; p < ranks; ++p) {
      if (p != me) append_pieces(pieces, p, offsets[p], counts[p], piece, round);
    }
  }
  return pieces;
}

std::int64_t ExchangePlan::rounds(std::size_t item_bytes) const {
  if (comm_.is_null()) return 0;
  const int me = comm_.rank(), ranks = comm_.size();
  const std::int64_t piece = exchange_piece_items(item_bytes, chunk_bytes_, ranks);
  std::int64_t most = 0;
  for (int p = 0; p < ranks; ++p) {
    if (p != me) most = std::max({most, pieces_of(send_counts_[p], piece), pieces_of(receive_counts_[p], piece)});
  }
  return most;
}

}  // namespace gingham
