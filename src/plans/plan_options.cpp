#include "gingham/plans/plan_options.hpp"

#include <atomic>

namespace gingham {
namespace {
std::atomic<std::size_t> chunk_bytes{std::size_t{32} << 20};
}  // namespace

std::size_t default_chunk_bytes() noexcept { return chunk_bytes.load(); }

void set_default_chunk_bytes(std::size_t bytes) noexcept { chunk_bytes.store(bytes); }

}  // namespace gingham
