#include "list_markdown.hpp"

namespace rl::render::detail {

ListMarkdown render_list_markdown(const model::ReadingListSpec& spec, MarkdownUse use) {
  const bool everything = use == MarkdownUse::Everything;
  ListMarkdown markdown;
  if (spec.description && everything) markdown.description = markdown_forms(*spec.description);
  markdown.notes.reserve(static_cast<std::size_t>(model::count_entries(spec)));
  for (const auto& section : spec.sections) {
    for (const auto& entry : section.entries) {
      MarkdownForms& note = markdown.notes.emplace_back();
      if (!entry.note) continue;
      if (everything) {
        note = markdown_forms(*entry.note);
      } else {
        note.feed_text = markdown_to_feed_text(*entry.note);
      }
    }
  }
  return markdown;
}

}  // namespace rl::render::detail
