// Private to the importer: one line of a reading list -> an Entry. Reads the common shapes: a
// linked or bold title, a type prefix ("Blog post:"), "by AUTHORS", a parenthesised
// source/date, and keeps whatever fits no field in the note, links included.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "inline_text.hpp"
#include "readinglist/model/types.hpp"

namespace rl::import::detail {

// nullopt when the text has neither a web link nor a bold title: it is prose, not an entry.
std::optional<model::Entry> parse_entry(const InlineText& text);

// A nested list item: each web link becomes an item, described by the text that follows it.
// Empty when it has no web link.
std::vector<model::Item> parse_items(const InlineText& text);

// "Jeff Vander Stoep, Android Security & Privacy Team and Chong Zhang, and the Android Media
// Team": people with their affiliations, links and handles. Parenthesised remarks that are not
// handles, affiliations or dates are appended to `notes`; a date to `published` when unset.
std::vector<model::Person> parse_people(std::string_view marked, const std::vector<Link>& links,
                                        std::vector<std::string>& notes,
                                        std::optional<std::string>& published);

// A title no longer than the API allows, cut at a character boundary (only titles made up
// from a URL can be that long).
std::string fit_title(std::string title);

}  // namespace rl::import::detail
