#pragma once
// A process-wide pool of communication buffers, so that executions and plans built one after another
// (each call of redistribute() builds one) reuse memory instead of faulting in new pages. Buffers are
// touched when allocated: MPI's single-copy transfer (CMA) into pages never touched is far slower.

#include <cstddef>
#include <memory>

namespace gingham::detail {

/// A buffer borrowed from the pool; returned to it when the last copy goes away.
using PooledBuffer = std::shared_ptr<std::byte>;

/// Local. A buffer of at least `bytes` bytes, its pages touched. Idle buffers are kept for reuse up to
/// default_chunk_bytes() in all (the least recently returned are freed first).
PooledBuffer borrow_buffer(std::size_t bytes);

/// Local. The bytes the pool holds while no plan uses them.
std::size_t pooled_bytes() noexcept;

}  // namespace gingham::detail
