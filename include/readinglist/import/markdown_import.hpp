// Markdown reading list (a Jekyll or Hugo post, a README) -> ReadingList. A layer of its own
// above render/ (it shares render's Markdown conventions with the exporter, so the two agree)
// and below app/; it reads cmark's AST, never the raw text with patterns. Pure: the caller
// reads the file.
#pragma once

#include <cstddef>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "readinglist/model/errors.hpp"
#include "readinglist/model/types.hpp"

namespace rl::import {

// Twice the content ConfigMap's limit: a longer document could never become a servable list.
inline constexpr std::size_t kMaxMarkdownBytes = 2 * 1024 * 1024;

struct ImportOptions {
  std::string name;        // metadata.name; empty: made from the title
  std::string namespace_;  // metadata.namespace; empty: none
};

// Either the document cannot be read at all (`message`: binary, invalid UTF-8, too large, bad
// front matter), or the list made of it breaks the API's rules (`fields`, with their paths).
struct ImportError {
  std::string message;
  std::vector<model::FieldError> fields;
  std::string to_string() const;
};

// The list the document describes, validated. Every link of the document is kept: as an
// entry, an item, or inside a note or description. Never throws on any input.
std::expected<model::ReadingList, ImportError> import_markdown(std::string_view markdown,
                                                               const ImportOptions& options);

// A DNS-1123 label of at most 58 characters made from free text ("Five Years of Cloud-Native
// Rust" -> "five-years-of-cloud-native-rust"); "reading-list" when no letter or digit is left.
std::string name_from_text(std::string_view text);

}  // namespace rl::import
