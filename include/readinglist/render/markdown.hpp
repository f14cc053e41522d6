// CommonMark -> HTML through cmark in safe mode: raw HTML is suppressed and links with unsafe
// schemes are dropped. Pure.
#pragma once

#include <string>
#include <string_view>

namespace rl::render {

// Block HTML (paragraphs, lists, ...).
std::string markdown_to_html(std::string_view markdown);

// For short notes shown inline: the same, without a single wrapping <p>...</p>.
std::string markdown_to_inline_html(std::string_view markdown);

// The text a reader sees, on one line with whitespace collapsed (for meta descriptions).
std::string markdown_to_plain_text(std::string_view markdown);

// The text of a feed summary: like markdown_to_plain_text, except that a code block is followed
// by a space, form feeds are kept, and invalid UTF-8 is left for the XML escaping to replace.
std::string markdown_to_feed_text(std::string_view markdown);

// Every form of one Markdown field the content files show, from a single parse: parsing is most
// of the cost of rendering a short note, and a note appears as HTML, in the page's JSON-LD and in
// the feed. Each member equals what the function of the same name returns.
struct MarkdownForms {
  std::string html;        // markdown_to_html
  std::string plain_text;  // markdown_to_plain_text
  std::string feed_text;   // markdown_to_feed_text
};
MarkdownForms markdown_forms(std::string_view markdown);

}  // namespace rl::render
