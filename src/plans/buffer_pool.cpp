#include "buffer_pool.hpp"

#include <algorithm>
#include <cstring>
#include <mutex>
#include <vector>

#include "gingham/core/memory.hpp"
#include "gingham/plans/plan_options.hpp"

namespace gingham::detail {
namespace {

struct Idle {
  std::shared_ptr<std::byte> memory;
  std::size_t bytes;
};

std::mutex pool_mutex;
std::vector<Idle>& idle() {
  static auto* buffers = new std::vector<Idle>();  // never destroyed: buffers may return at exit
  return *buffers;
}

/// Returns a buffer to the pool, which is ordered from least to most recently returned; beyond the
/// limit of default_chunk_bytes(), the least recently returned buffers are freed.
void give_back(std::shared_ptr<std::byte> memory, std::size_t bytes) noexcept {
  if (bytes > default_chunk_bytes()) return;  // too large to keep: freed with `memory`
  std::lock_guard<std::mutex> lock(pool_mutex);
  auto& buffers = idle();
  try {
    buffers.push_back({std::move(memory), bytes});
  } catch (...) {
    return;  // no room to remember it: freed
  }
  std::size_t total = 0;
  for (const Idle& buffer : buffers) total += buffer.bytes;
  while (total > default_chunk_bytes()) total -= buffers.front().bytes, buffers.erase(buffers.begin());
}

}  // namespace

PooledBuffer borrow_buffer(std::size_t bytes) {
  Idle found{nullptr, 0};
  {
    std::lock_guard<std::mutex> lock(pool_mutex);
    auto& buffers = idle();
    auto fit = buffers.end();  // the smallest buffer that is large enough
    for (auto b = buffers.begin(); b != buffers.end(); ++b) {
      if (b->bytes >= bytes && (fit == buffers.end() || b->bytes < fit->bytes)) fit = b;
    }
    if (fit != buffers.end()) found = std::move(*fit), buffers.erase(fit);
  }
  if (!found.memory) {
    found = {allocate_memory(bytes, MemoryFill::none, "a communication buffer of a redistribution"), bytes};
    std::memset(found.memory.get(), 0, bytes);  // touch every page now, not inside MPI
  }
  std::byte* data = found.memory.get();
  return PooledBuffer(data, [memory = std::move(found.memory), size = found.bytes](std::byte*) mutable {
    give_back(std::move(memory), size);
  });
}

std::size_t pooled_bytes() noexcept {
  std::lock_guard<std::mutex> lock(pool_mutex);
  std::size_t total = 0;
  for (const Idle& buffer : idle()) total += buffer.bytes;
  return total;
}

}  // namespace gingham::detail
