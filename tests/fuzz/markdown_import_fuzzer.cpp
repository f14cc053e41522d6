// `import`: a speaker's Markdown reading list into a ReadingList. The importer promises never
// to throw and to validate what it builds; what it builds must render safely and round-trip.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_checks.hpp"
#include "readinglist/import/markdown_import.hpp"
#include "readinglist/render/files.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto list = rl::import::import_markdown(text, {});
  if (!list) {
    (void)list.error().to_string();
    return 0;
  }
  const auto rendered = rl::render::render_checked(*list);
  if (!rendered) rl::fuzz::fail("an imported list is valid", rendered.error().front().to_string());
  rl::fuzz::check_list(*list);
  (void)rl::import::import_markdown(rl::render::render_readinglist_md(*list), {});
  return 0;
}
