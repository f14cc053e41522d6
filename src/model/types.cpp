// Enum spellings and counts for the ReadingList types.
#include "readinglist/model/types.hpp"

#include <array>
#include <cstddef>

namespace rl::model {

namespace {

constexpr std::array<std::string_view, 3> kThemeNames = {"auto", "light", "dark"};

}  // namespace

std::string_view to_string(EntryType type) {
  return kEntryTypeNames[static_cast<std::size_t>(type)];
}

std::optional<EntryType> entry_type_from_string(std::string_view name) {
  for (std::size_t i = 0; i < std::size(kEntryTypeNames); ++i) {
    if (kEntryTypeNames[i] == name) return static_cast<EntryType>(i);
  }
  return std::nullopt;
}

std::string_view to_string(Theme theme) {
  return kThemeNames[static_cast<std::size_t>(theme)];
}

std::optional<Theme> theme_from_string(std::string_view name) {
  for (std::size_t i = 0; i < kThemeNames.size(); ++i) {
    if (kThemeNames[i] == name) return static_cast<Theme>(i);
  }
  return std::nullopt;
}

std::int64_t count_entries(const ReadingListSpec& spec) {
  // An entry with sub-items is still one entry: items are links inside it, not list entries.
  std::int64_t count = 0;
  for (const auto& section : spec.sections)
    count += static_cast<std::int64_t>(section.entries.size());
  return count;
}

}  // namespace rl::model
