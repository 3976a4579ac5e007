#include "buffer_pool.hpp"

#include <algorithm>
#include <cstring>
#include <mutex>
#include <vector>

#include "gingham/core/memory.hpp"
#include "gingham/dist/plan_options.hpp"

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

void give_back(std::shared_ptr<std::byte> memory, std::size_t bytes) {
  std::lock_guard<std::mutex> lock(pool_mutex);
  auto& buffers = idle();
  buffers.push_back({std::move(memory), bytes});
  std::sort(buffers.begin(), buffers.end(), [](const Idle& a, const Idle& b) { return a.bytes < b.bytes; });
  std::size_t total = 0;
  for (const Idle& buffer : buffers) total += buffer.bytes;
  while (total > default_chunk_bytes() && !buffers.empty()) total -= buffers.back().bytes, buffers.pop_back();
}

}  // namespace

PooledBuffer borrow_buffer(std::size_t bytes) {
  Idle found{nullptr, 0};
  {
    std::lock_guard<std::mutex> lock(pool_mutex);
    auto& buffers = idle();
    const auto fit = std::find_if(buffers.begin(), buffers.end(), [&](const Idle& b) { return b.bytes >= bytes; });
    if (fit != buffers.end()) found = std::move(*fit), buffers.erase(fit);
  }
  if (!found.memory) {
    found = {allocate_memory(bytes), bytes};
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
