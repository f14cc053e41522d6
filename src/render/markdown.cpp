#include "readinglist/render/markdown.hpp"

#include <cmark.h>

#include <algorithm>
#include <memory>
#include <vector>

#include "readinglist/render/escape.hpp"

namespace rl::render {
namespace {

// Safe mode is cmark 0.30's default (no CMARK_OPT_UNSAFE); invalid UTF-8 becomes U+FFFD.
constexpr int kOptions = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8;

// Markdown is shown under the page's h1 (description) or a section's h2, so its headings start
// at h3 to keep the outline in order.
constexpr int kHeadingShift = 2;

struct NodeDeleter {
  void operator()(cmark_node* node) const { cmark_node_free(node); }
};
using NodePtr = std::unique_ptr<cmark_node, NodeDeleter>;

struct IterDeleter {
  void operator()(cmark_iter* iter) const { cmark_iter_free(iter); }
};

NodePtr parse(std::string_view markdown) {
  return NodePtr(cmark_parse_document(markdown.data(), markdown.size(), kOptions));
}

std::string_view view(const char* text) {
  return text == nullptr ? std::string_view{} : text;
}

// Replaces `node` by a custom inline that prints `enter` and `exit` around its children.
void wrap_children(cmark_node* node, const std::string& enter, const std::string& exit) {
  cmark_node* wrapper = cmark_node_new(CMARK_NODE_CUSTOM_INLINE);
  cmark_node_set_on_enter(wrapper, enter.c_str());
  cmark_node_set_on_exit(wrapper, exit.c_str());
  while (cmark_node* child = cmark_node_first_child(node))
    cmark_node_append_child(wrapper, child);
  cmark_node_insert_before(node, wrapper);
  cmark_node_free(node);  // unlinks it
}

// cmark's safe mode still lets through relative links and schemes such as ftp: or irc:, and
// turns raw HTML into "<!-- raw HTML omitted -->". We want stricter and quieter output: links
// only when safe_href accepts them (with rel="noopener", like every other external link on the
// page), images as their alt text (the page loads nothing from elsewhere), raw HTML dropped.
void sanitize(cmark_node* root) {
  std::vector<cmark_node*> links, images, raw_html;
  {
    std::unique_ptr<cmark_iter, IterDeleter> iter(cmark_iter_new(root));
    cmark_event_type event;
    while ((event = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE) {
      if (event != CMARK_EVENT_ENTER) continue;
      cmark_node* node = cmark_iter_get_node(iter.get());
      switch (cmark_node_get_type(node)) {
        case CMARK_NODE_LINK:
          links.push_back(node);
          break;
        case CMARK_NODE_IMAGE:
          images.push_back(node);
          break;
        case CMARK_NODE_HTML_BLOCK:
        case CMARK_NODE_HTML_INLINE:
          raw_html.push_back(node);
          break;
        case CMARK_NODE_HEADING:
          cmark_node_set_heading_level(
              node, std::min(cmark_node_get_heading_level(node) + kHeadingShift, 6));
          break;
        default:
          break;
      }
    }
  }
  // Moving children keeps the collected pointers valid (an image inside a link moves along).
  for (cmark_node* link : links) {
    const std::string href = safe_href(view(cmark_node_get_url(link)));
    if (href.empty()) {
      wrap_children(link, {}, {});
      continue;
    }
    std::string enter = "<a href=\"";
    append_escaped_html(enter, href);
    enter += '"';
    if (const std::string_view title = view(cmark_node_get_title(link)); !title.empty()) {
      enter += " title=\"";
      append_escaped_html(enter, title);
      enter += '"';
    }
    enter += " rel=\"noopener\">";
    wrap_children(link, enter, "</a>");
  }
  for (cmark_node* image : images)
    wrap_children(image, {}, {});
  for (cmark_node* html : raw_html)
    cmark_node_free(html);
}

std::string render_html(cmark_node* root) {
  char* html = cmark_render_html(root, kOptions);
  std::string out(html);
  cmark_get_default_mem_allocator()->free(html);
  return out;
}

}  // namespace

std::string markdown_to_html(std::string_view markdown) {
  const NodePtr root = parse(markdown);
  sanitize(root.get());
  return render_html(root.get());
}

std::string markdown_to_inline_html(std::string_view markdown) {
  const NodePtr root = parse(markdown);
  sanitize(root.get());
  cmark_node* first = cmark_node_first_child(root.get());
  std::string html = render_html(root.get());
  const bool one_paragraph = first != nullptr && first == cmark_node_last_child(root.get()) &&
                             cmark_node_get_type(first) == CMARK_NODE_PARAGRAPH;
  constexpr std::string_view kOpen = "<p>", kClose = "</p>\n";
  if (one_paragraph && html.starts_with(kOpen) && html.ends_with(kClose)) {
    return html.substr(kOpen.size(), html.size() - kOpen.size() - kClose.size());
  }
  while (!html.empty() && html.back() == '\n')
    html.pop_back();
  return html;
}

std::string markdown_to_plain_text(std::string_view markdown) {
  const NodePtr root = parse(markdown);
  std::string text;
  std::unique_ptr<cmark_iter, IterDeleter> iter(cmark_iter_new(root.get()));
  cmark_event_type event;
  while ((event = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE) {
    cmark_node* node = cmark_iter_get_node(iter.get());
    switch (cmark_node_get_type(node)) {
      case CMARK_NODE_TEXT:
      case CMARK_NODE_CODE:
      case CMARK_NODE_CODE_BLOCK:
        text += view(cmark_node_get_literal(node));
        break;
      case CMARK_NODE_SOFTBREAK:
      case CMARK_NODE_LINEBREAK:
        text += ' ';
        break;
      case CMARK_NODE_PARAGRAPH:
      case CMARK_NODE_HEADING:
      case CMARK_NODE_ITEM:
        if (event == CMARK_EVENT_EXIT) text += ' ';
        break;
      default:
        break;
    }
  }
  // Collapse runs of whitespace into one space and trim both ends.
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f';
    if (space) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace rl::render
