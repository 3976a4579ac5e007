#pragma once
/// \file
/// Sorting (Array API sort, argsort) on distributed arrays.
///
/// Order: NumPy's. NaNs sort last (complex: lexicographic by (real, imag), NaNs last as NumPy orders
/// them), -0.0 and +0.0 compare equal, false < true. descending=true reverses the order of the keys
/// but keeps equal elements in their original relative order (the standard's meaning of a stable
/// descending sort). stable=false may reorder equal elements (std::sort locally).
///
/// Along an axis that is not distributed (or spread over a grid axis of extent 1) each rank sorts the
/// lines of its shard: no messages, the result has x's layout.
///
/// Along the distributed axis of a 1-D array: a distributed sample sort over the ranks of that grid
/// axis (ranks along other grid axes, which hold copies, do the same work on their copy):
///   0. x is moved to the Block layout of its grid axis first when it is laid out otherwise (one
///      redistribution), so that global order is (rank, local position) order;
///   1. each rank sorts its shard locally (stable);
///   2. regular samples (key, position), up to 32 P per rank, are MPI_Allgatherv'ed and P - 1 splitters
///      chosen by weight; ties are broken by global position, so equal keys are split evenly;
///   3. one exchange (an ExchangePlan from counts: one MPI_Alltoall of counts, then the elements) to
///      their buckets, a stable P-way merge of the received runs;
///   4. one MPI_Exscan of the bucket sizes and one exchange more send every element to its final Block
///      owner.
/// The result is laid out Block() over x's grid axis (balanced: ceil(n / P) per rank).
/// Messages per rank: about 2 n / P elements (sort) or key + int64 pairs (argsort), plus the samples
/// (P * min(n/P, 32 P) keys) and O(P) counts. Exchanges of any size are split into messages MPI's int
/// counts can carry (see ExchangePlan).
///
/// Memory (extra, per rank, beyond x): sort of a 1-D distributed array about 2 shards at the peak (the
/// sorted local run and the receive buffer of a bucket; the local run is freed before the merge, whose
/// buffer and the output are again about 2 shards); buckets hold about n/P + n/(32 P) elements at most
/// (regular sampling's bound; measured within 0.4% of n/P at 4 ranks) whatever the data, as ties are
/// split by position (all-equal, sorted and reverse-sorted data stay balanced; measured for 10^7 float64
/// on 2 ranks, the result included: 2.06 shards for random, all-equal, sorted and reverse-sorted
/// keys). argsort of real and integer keys carries each element as one 128-bit code (the key's order code,
/// complemented when descending, above its global index: the codes' plain order is the stable order), so
/// 16 bytes per element: step 1 sorts the codes with vqsort, step 3 sends the sorted run in slices of
/// consecutive codes (at most 64, about 2 MiB per rank each) and gives each slice's pages back once sent,
/// the received codes are sorted again (no merge buffer), and their indices are packed over them (half
/// given back) before the result is first written: peak 16 bytes per element of the shard, 2 shards of
/// float64 with the result included (measured for 10^7 float64: 2.02 on 1 rank, where the result is
/// packed into the codes' own memory, 2.1-2.2 on 2 ranks; it was 4.0 with (key, int64) pairs). Complex
/// keys still carry (key, int64) pairs: about 2 (sizeof(T) + 8) / sizeof(T) shards. A non-Block input is
/// first copied to Block (one shard, freed once the local run is filled, so the peak stays about 2
/// shards). Local sorts use one line of scratch (plus std::stable_sort's buffer).
///
/// N-D arrays sorted along a distributed axis are first moved to a layout in which that axis is not
/// distributed and its grid axis spreads another axis that was not (or was spread over a grid axis of
/// extent 1): one redistribution each way, about 2 shards extra at the peak (the moved copy is freed
/// before the way back). When there is no such axis gingham::NotImplementedError is thrown.

#include "gingham/array/array.hpp"

namespace gingham {

/// Collective over x.grid().comm() (see the file comment for the messages and memory). x sorted along
/// `axis` (negative counts from the end). Throws std::out_of_range for a bad axis (0-D arrays included),
/// gingham::NotImplementedError for an N-D array along a distributed axis when no other axis can take
/// its grid axis, std::length_error when a rank would exchange more than 2^31 - 1 elements at once.
Array sort(const Array& x, int axis = -1, bool descending = false, bool stable = true);

/// Collective over x.grid().comm(). As sort, but the int64 global indices along `axis` that sort x.
Array argsort(const Array& x, int axis = -1, bool descending = false, bool stable = true);

}  // namespace gingham
