// ReadingList manifests as users write them (kubectl apply -f, `validate`, `render`): the YAML
// parser, the validator and the renderer, with fuzz_checks.hpp's properties on valid lists.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_checks.hpp"
#include "readinglist/model/codec.hpp"
#include "readinglist/model/validate.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto lists = rl::model::parse_yaml(text, "fuzz.yaml");
  if (!lists) {
    (void)lists.error().to_string();
    return 0;
  }
  for (const auto& list : *lists) {
    (void)rl::model::validate(list);
    rl::fuzz::check_list(list);
  }
  return 0;
}
