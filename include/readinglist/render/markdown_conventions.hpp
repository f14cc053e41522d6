// The conventions readinglist.md is written in, shared by the exporter (here) and the importer
// (import/), so the two cannot drift apart: the labels of entry types ("Blog post: ...") and
// what a person's name looks like (to tell "Name, Affiliation" from "Name, Name"). Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "readinglist/model/types.hpp"

namespace rl::render {

// The label written before an entry's title: "Blog post", "Article", "Talk", ...
std::string_view markdown_type_label(model::EntryType type);

// The entry type a label names, case-insensitively, with the usual synonyms ("Blog",
// "Keynote", "Episode", "Repo", ...). nullopt for anything else.
std::optional<model::EntryType> entry_type_from_label(std::string_view label);

// Two to five words, each capitalised (or a particle such as "van", or an initial), with no
// digits, no '&', '@' or other marks of an organisation, and no organisation word ("Team",
// "Inc.", "University", ...). "Jeff Vander Stoep" is a name; "the Android Media Team",
// "Buoyant, Inc." and "Android Security & Privacy Team" are not.
bool looks_like_person_name(std::string_view text);

// The non-empty parts joined by `separator` (how descriptions, notes and summaries are built
// from the pieces a list has).
std::string join_non_empty(const std::vector<std::string>& parts, std::string_view separator);

}  // namespace rl::render
