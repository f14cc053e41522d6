// Well-formed UTF-8 (Unicode's table 3-7: no overlong forms, no surrogates, nothing above
// U+10FFFF), the one check the codec, the renderer and the Markdown importer share. Pure.
#pragma once

#include <cstddef>
#include <string_view>

namespace rl::model {

// Length of the well-formed sequence at text[i] (1 for ASCII), or 0 when there is none.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i);

bool is_valid_utf8(std::string_view text);

}  // namespace rl::model
