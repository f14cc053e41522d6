// Private to the importer: a block quote with an attribution line ("— Name ([@handle](url)),
// Affiliation") -> the list's epigraph.
#pragma once

#include <cmark.h>

#include <optional>

#include "readinglist/model/types.hpp"

namespace rl::import::detail {

// nullopt when the quote has no text, or more than an epigraph may hold.
std::optional<model::Epigraph> read_epigraph(cmark_node* block_quote);

}  // namespace rl::import::detail
