#include "readinglist/render/markdown.hpp"

#include <cmark.h>

#include <algorithm>
#include <memory>
#include <vector>

#include "readinglist/model/utf8.hpp"
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

bool is_feed_space(char c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

bool is_page_space(char c) {
  return is_feed_space(c) || c == '\f';
}

// Text appended piece by piece with runs of whitespace collapsed into one space and both ends
// trimmed, as it arrives: no second pass over a raw copy.
class CollapsedText {
 public:
  explicit CollapsedText(bool form_feed_is_space) : form_feed_is_space_(form_feed_is_space) {}

  void append(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
      if (is_space(text[i])) {
        pending_space_ = !text_.empty();
        ++i;
        continue;
      }
      const std::size_t word = i;
      while (i < text.size() && !is_space(text[i]))
        ++i;
      if (pending_space_) text_ += ' ';
      pending_space_ = false;
      text_.append(text, word, i - word);
    }
  }

  // A space that separates what comes before from what comes after.
  void separate() { pending_space_ = !text_.empty(); }

  std::string take() { return std::move(text_); }

 private:
  bool is_space(char c) const { return form_feed_is_space_ ? is_page_space(c) : is_feed_space(c); }

  bool form_feed_is_space_;
  bool pending_space_ = false;
  std::string text_;
};

// The readable text of a parsed document, on one line: link texts without their targets, no
// markup, no raw HTML. Sanitizing does not change it (it keeps every text node in place), so the
// page's sanitized tree serves as well as a fresh one. The feed's text differs only in keeping
// form feeds and in a space after a code block; `feed` receives it when not null.
void collect_text(cmark_node* root, CollapsedText& page, CollapsedText* feed) {
  std::unique_ptr<cmark_iter, IterDeleter> iter(cmark_iter_new(root));
  const auto append = [&](std::string_view text) {
    page.append(text);
    if (feed != nullptr) feed->append(text);
  };
  const auto separate = [&] {
    page.separate();
    if (feed != nullptr) feed->separate();
  };
  cmark_event_type event;
  while ((event = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE) {
    cmark_node* node = cmark_iter_get_node(iter.get());
    switch (cmark_node_get_type(node)) {
      case CMARK_NODE_TEXT:
      case CMARK_NODE_CODE:
        append(view(cmark_node_get_literal(node)));
        break;
      case CMARK_NODE_CODE_BLOCK:
        append(view(cmark_node_get_literal(node)));
        if (feed != nullptr) feed->separate();
        break;
      case CMARK_NODE_SOFTBREAK:
      case CMARK_NODE_LINEBREAK:
        separate();
        break;
      case CMARK_NODE_PARAGRAPH:
      case CMARK_NODE_HEADING:
      case CMARK_NODE_ITEM:
        if (event == CMARK_EVENT_EXIT) separate();
        break;
      default:
        break;  // raw HTML is dropped; containers contribute only their children
    }
  }
}

// The feed has always parsed without UTF-8 validation (the XML escaping replaces invalid bytes
// later). For valid UTF-8 without NUL bytes validation changes nothing, so the page's tree can
// be reused; anything else gets a parse of its own, as before.
bool parses_the_same_without_validation(std::string_view markdown) {
  return model::is_valid_utf8(markdown) && markdown.find('\0') == std::string_view::npos;
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
  CollapsedText text(true);
  collect_text(root.get(), text, nullptr);
  return text.take();
}

std::string markdown_to_feed_text(std::string_view markdown) {
  const NodePtr root(cmark_parse_document(markdown.data(), markdown.size(), CMARK_OPT_DEFAULT));
  CollapsedText page(true), feed(false);
  collect_text(root.get(), page, &feed);
  return feed.take();
}

MarkdownForms markdown_forms(std::string_view markdown) {
  const NodePtr root = parse(markdown);
  sanitize(root.get());
  MarkdownForms forms;
  forms.html = render_html(root.get());
  CollapsedText page(true), feed(false);
  const bool share = parses_the_same_without_validation(markdown);
  collect_text(root.get(), page, share ? &feed : nullptr);
  forms.plain_text = page.take();
  forms.feed_text = share ? feed.take() : markdown_to_feed_text(markdown);
  return forms;
}

}  // namespace rl::render
