// The Microsite's enum spellings.
#include "readinglist/model/microsite.hpp"

#include <array>

namespace rl::model {
namespace {

constexpr std::array<std::string_view, 3> kOrderByNames = {"title", "talk.date", "names"};

}  // namespace

std::string_view to_string(MicrositeOrderBy by) {
  return kOrderByNames[static_cast<std::size_t>(by)];
}

std::optional<MicrositeOrderBy> microsite_order_by_from_string(std::string_view name) {
  for (std::size_t i = 0; i < kOrderByNames.size(); ++i) {
    if (kOrderByNames[i] == name) return static_cast<MicrositeOrderBy>(i);
  }
  return std::nullopt;
}

}  // namespace rl::model
