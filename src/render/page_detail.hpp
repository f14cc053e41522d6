// The machine-read parts of index.html, shared by page.cpp (the HTML) and page_meta.cpp: the
// page's plain-text summary and the schema.org JSON-LD block. Private to render/.
#pragma once

#include <string>
#include <string_view>

#include "list_markdown.hpp"
#include "readinglist/model/types.hpp"

namespace rl::render::page_detail {

// The one-line summary for <meta name="description"> and og:description: the subtitle, else
// the description as plain text, shortened at a word boundary; empty when there is neither.
// `markdown` is the list's, from detail::render_list_markdown.
std::string summary(const model::ReadingListSpec& spec, const detail::ListMarkdown& markdown);

// Appends the schema.org ItemList as JSON text, already safe to place inside <script>.
void append_json_ld(std::string& out, const model::ReadingList& list, std::string_view page_url,
                    std::string_view summary, const detail::ListMarkdown& markdown);

}  // namespace rl::render::page_detail
