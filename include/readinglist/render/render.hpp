// ReadingList -> the content files of its site: index.html, style.css, readinglist.json,
// readinglist.md, feed.xml (Atom) and nginx.conf. Pure and deterministic: the same list always
// gives the same bytes, so the content hash says whether anything changed.
#pragma once

#include <expected>
#include <string>
#include <vector>

#include "readinglist/model/errors.hpp"
#include "readinglist/model/types.hpp"

namespace rl::render {

struct ContentFile {
  std::string name;  // a ConfigMap key, e.g. "index.html"
  std::string data;
  friend bool operator==(const ContentFile&, const ContentFile&) = default;
};

struct Content {
  std::vector<ContentFile> files;  // sorted by name

  std::size_t total_bytes() const;
  // Lower-case hex sha256 over the files' names and data (length-prefixed, in name order).
  std::string hash() const;
  const ContentFile* find(std::string_view name) const;
};

// Renders a list the validator accepts. Behaviour on an invalid list is unspecified but safe
// (everything is still escaped).
Content render(const model::ReadingList& list);

// validate(), then render(), then the size limit: the page or every reason it cannot be made.
// A content-size failure is a single FieldError with path "spec" whose message starts with
// "rendered content is".
std::expected<Content, std::vector<model::FieldError>> render_checked(
    const model::ReadingList& list);

}  // namespace rl::render
