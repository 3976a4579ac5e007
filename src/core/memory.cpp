#include "gingham/core/memory.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <new>

namespace gingham {
namespace {
constexpr std::size_t kHugePage = std::size_t{2} << 20;
constexpr std::size_t kHugeFrom = std::size_t{4} << 20;
}  // namespace

std::shared_ptr<std::byte> allocate_memory(std::size_t bytes) {
  const bool huge = bytes >= kHugeFrom;
  const std::align_val_t alignment{huge ? kHugePage : 64};
  const std::size_t size = huge ? (bytes + kHugePage - 1) / kHugePage * kHugePage : std::max<std::size_t>(bytes, 1);
  auto* data = static_cast<std::byte*>(::operator new(size, alignment));
  if (huge) madvise(data, size, MADV_HUGEPAGE);  // advice only: failure leaves ordinary pages
  return std::shared_ptr<std::byte>(data, [alignment](std::byte* p) { ::operator delete(p, alignment); });
}

}  // namespace gingham
