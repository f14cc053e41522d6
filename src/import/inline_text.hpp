// Private to the importer: a paragraph's inline content (from cmark's AST) as "marked text", in
// which every link is a placeholder. The entry parser then works with words and punctuation
// ("by", commas, parentheses) while each link stays whole and keeps its URL.
#pragma once

#include <cmark.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rl::import::detail {

struct Link {
  std::string text;  // what the reader sees; the URL itself for a bare URL
  std::string url;
  bool bare = false;        // a URL written as text or as <url>
  bool emphasised = false;  // inside ** or *
};

// Placeholders are "\x01<index>\x02"; input_check guarantees the document has no such bytes.
// Line breaks inside the paragraph are '\n'.
struct InlineText {
  std::string marked;
  std::vector<Link> links;
  // The marked text of a bold or italic span that opens the paragraph ("**Open Source
  // Projects**:"), which names an entry that has no link of its own.
  std::optional<std::string> leading_emphasis;
};

// The inline children of a paragraph or heading.
InlineText flatten_inlines(cmark_node* block);

std::string placeholder(std::size_t index);

// Indices of the links in `marked`, in order.
std::vector<std::size_t> link_indices(std::string_view marked);

// The index when `marked`, trimmed, is exactly one link.
std::optional<std::size_t> sole_link(std::string_view marked);

// Links replaced by their text.
std::string to_plain(std::string_view marked, const std::vector<Link>& links);

// Links written back as Markdown ("[text](url)"), Markdown syntax in the text escaped.
std::string to_markdown(std::string_view marked, const std::vector<Link>& links);

// Trims spaces, line breaks and the characters in `extra` from both ends.
std::string_view trim(std::string_view text, std::string_view extra = "");

// Removes a pair of quotation marks (straight or curly) around the whole text.
std::string strip_quotes(std::string_view text);

// True when the URL's scheme is http or https (what an entry's url may be).
bool is_web_url(std::string_view url);

// ASCII letters lowered, everything else kept (the words the importer looks for are ASCII).
std::string lower_ascii(std::string_view text);

}  // namespace rl::import::detail
