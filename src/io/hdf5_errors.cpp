#include <vector>

#include "hdf5_handle.hpp"

namespace gingham::io {
namespace {

/// H5Ewalk2's callback: collects each entry's description (the function name when it has none).
herr_t collect(unsigned, const H5E_error2_t* entry, void* data) {
  auto& texts = *static_cast<std::vector<std::string>*>(data);
  std::string text = entry->desc != nullptr && entry->desc[0] != '\0' ? entry->desc : "";
  if (text.empty() && entry->func_name != nullptr) text = std::string("failure in ") + entry->func_name;
  if (!text.empty() && (texts.empty() || texts.back() != text)) texts.push_back(text);
  return 0;
}

}  // namespace

void silence_hdf5_errors() {
  // Every time: in a thread-safe HDF5 build the setting is per thread.
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

std::string hdf5_error_text() {
  std::vector<std::string> texts;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, collect, &texts);  // innermost (the cause) first
  H5Eclear2(H5E_DEFAULT);
  if (texts.empty()) return "HDF5 gave no reason";
  std::string line = "HDF5: " + texts.front();
  for (std::size_t k = 1; k < texts.size() && k < 4; ++k) line += "; " + texts[k];
  return line;
}

}  // namespace gingham::io
