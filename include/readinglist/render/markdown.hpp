// CommonMark -> HTML through cmark in safe mode: raw HTML is suppressed and links with unsafe
// schemes are dropped. Pure.
#pragma once

#include <string>
#include <string_view>

namespace rl::render {

// Block HTML (paragraphs, lists, ...).
std::string markdown_to_html(std::string_view markdown);

// For short notes shown inline: the same, without a single wrapping <p>...</p>.
std::string markdown_to_inline_html(std::string_view markdown);

// The text a reader sees, on one line with whitespace collapsed (for meta descriptions).
std::string markdown_to_plain_text(std::string_view markdown);

}  // namespace rl::render
