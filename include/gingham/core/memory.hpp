#pragma once
/// \file
/// Memory for shards and communication buffers. Large blocks are 2 MiB aligned and asked to be backed
/// by transparent huge pages (as NumPy does): faulting in 4 KiB pages costs about 10 us each on some
/// virtual machines, 30x more than huge pages, and dominated every first touch of a new array.

#include <cstddef>
#include <memory>

namespace gingham {

/// Local. `bytes` of uninitialised memory, 64-byte aligned; from 4 MiB up, 2 MiB aligned and advised
/// to use huge pages (madvise(MADV_HUGEPAGE)). Throws std::bad_alloc when the memory is not there.
std::shared_ptr<std::byte> allocate_memory(std::size_t bytes);

}  // namespace gingham
