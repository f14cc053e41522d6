// The machine-read parts of a page, shared by page.cpp (the list's HTML), microsite_page.cpp
// (the microsite's index) and page_meta.cpp: the plain-text summary, the schema.org JSON-LD,
// and the one stylesheet both kinds of site use. Private to render/.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "json_writer.hpp"
#include "list_markdown.hpp"
#include "readinglist/model/types.hpp"

namespace rl::render::page_detail {

// Search engines and link previews cut descriptions at about 160 characters anyway.
inline constexpr std::size_t kSummaryMax = 200;

// The longest prefix of at most `max` bytes that ends between words (or, with no space in
// reach, at a UTF-8 character boundary), followed by an ellipsis; the text when it fits.
std::string shorten(std::string text, std::size_t max = kSummaryMax);

// The one-line summary for <meta name="description"> and og:description: the subtitle, else
// the description as plain text, shortened at a word boundary; empty when there is neither.
// `markdown` is the list's, from detail::render_list_markdown.
std::string summary(const model::ReadingListSpec& spec, const detail::ListMarkdown& markdown);

// Appends the schema.org ItemList as JSON text, already safe to place inside <script>.
void append_json_ld(std::string& out, const model::ReadingList& list, std::string_view page_url,
                    std::string_view summary, const detail::ListMarkdown& markdown);

// JSON-LD values both pages write, members in sorted key order. `href` is scratch storage for
// the link being written, reused across calls. A URL that safe_href refuses is left out.
void append_json_ld_url(json_detail::JsonWriter& json, std::string_view url, std::string& href);
void append_json_ld_organisation(json_detail::JsonWriter& json, std::string_view name,
                                 const std::optional<std::string>& link, std::string& href);
void append_json_ld_person(json_detail::JsonWriter& json, const model::Person& who,
                           std::string& href);

// style.css: the palette for `theme`, the shared rules, then `extra_rules` (a page's own).
std::string style_css(model::Theme theme, std::string_view extra_rules);

}  // namespace rl::render::page_detail
