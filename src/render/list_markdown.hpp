// The Markdown of one list, parsed once for a whole render: index.html shows each note as HTML
// and in its JSON-LD, feed.xml as summary text, and parsing is most of what a note costs.
// Private to render/.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "readinglist/model/types.hpp"
#include "readinglist/render/markdown.hpp"

namespace rl::render::detail {

struct ListMarkdown {
  std::optional<MarkdownForms> description;  // the spec's
  // One per entry of the list, in document order (sections, then their entries); default forms
  // for an entry without a note.
  std::vector<MarkdownForms> notes;
};

// Which forms a caller needs: render_feed_xml on its own needs only the notes' feed text.
enum class MarkdownUse { Everything, FeedTextOnly };

ListMarkdown render_list_markdown(const model::ReadingListSpec& spec,
                                  MarkdownUse use = MarkdownUse::Everything);

// The files that show Markdown, given the list's already rendered (render() shares one between
// them; render_index_html and render_feed_xml make their own).
std::string render_index_html(const model::ReadingList& list, const ListMarkdown& markdown);
std::string render_feed_xml(const model::ReadingList& list, const ListMarkdown& markdown);

}  // namespace rl::render::detail
