// ReadingLists as the API server sends them (watch events, GET bodies): the JSON parser, the
// validator and the renderer, with fuzz_checks.hpp's properties on valid lists.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_checks.hpp"
#include "readinglist/model/codec.hpp"
#include "readinglist/model/validate.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto list = rl::model::parse_json(text, "fuzz.json");
  if (!list) {
    (void)list.error().to_string();
    return 0;
  }
  (void)rl::model::validate(*list);
  rl::fuzz::check_list(*list);
  return 0;
}
