// Private to the importer: is this a text document at all? Size, binary bytes and UTF-8 are
// checked before cmark sees anything, so malformed input gets a message that says what is wrong
// and where, instead of a page of U+FFFD.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace rl::import::detail {

// Why `text` cannot be imported, or nullopt when it is UTF-8 text of an acceptable size.
std::optional<std::string> input_problem(std::string_view text, std::size_t max_bytes);

}  // namespace rl::import::detail
