// Private to the importer: the Jekyll (YAML, between "---" lines) or Hugo (YAML, or TOML between
// "+++" lines) front matter at the top of a post, and the Markdown body after it.
#pragma once

#include <expected>
#include <optional>
#include <string>
#include <string_view>

#include "readinglist/model/types.hpp"

namespace rl::import::detail {

struct FrontMatter {
  std::optional<std::string> title;
  std::optional<std::string> layout;  // read so it is not mistaken for content; no spec field
  std::optional<std::string> date;    // a partial date when the value starts with one
  std::optional<std::string> author;  // the post's author: the speaker of "my talk"
  std::optional<std::string> subtitle;
  std::optional<std::string> language;
  std::optional<model::Talk> talk;      // written by the exporter, decoded by the model codec
  std::optional<model::SiteSpec> site;  // likewise
};

struct SplitDocument {
  FrontMatter front_matter;
  std::string_view body;
};

// The front matter (empty when there is none) and the body. An error names the front matter
// field or the YAML problem.
std::expected<SplitDocument, std::string> split_front_matter(std::string_view text);

}  // namespace rl::import::detail
