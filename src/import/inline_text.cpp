#include "inline_text.hpp"

#include <algorithm>
#include <memory>

namespace rl::import::detail {
namespace {

struct IterDeleter {
  void operator()(cmark_iter* iter) const { cmark_iter_free(iter); }
};
using IterPtr = std::unique_ptr<cmark_iter, IterDeleter>;

std::string_view literal(cmark_node* node) {
  const char* text = cmark_node_get_literal(node);
  return text == nullptr ? std::string_view{} : text;
}

// The text a reader sees inside a link or image.
std::string text_inside(cmark_node* node) {
  std::string out;
  IterPtr iter(cmark_iter_new(node));
  cmark_event_type event;
  while ((event = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE) {
    if (event != CMARK_EVENT_ENTER) continue;
    cmark_node* child = cmark_iter_get_node(iter.get());
    switch (cmark_node_get_type(child)) {
      case CMARK_NODE_TEXT:
      case CMARK_NODE_CODE:
        out += literal(child);
        break;
      case CMARK_NODE_SOFTBREAK:
      case CMARK_NODE_LINEBREAK:
        out += ' ';
        break;
      default:
        break;
    }
  }
  return out;
}

bool ends_url(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '<' || c == '>' || c == '"' || c == '|';
}

// Appends a text literal, turning bare http(s) URLs into links. Trailing punctuation belongs to
// the sentence, and a ')' to the URL only when the URL opened one.
void append_text(InlineText& out, std::string_view text, bool emphasised) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t http = text.find("http://", pos);
    const std::size_t https = text.find("https://", pos);
    const std::size_t start = std::min(http, https);
    if (start == std::string_view::npos) break;
    std::size_t end = start;
    while (end < text.size() && !ends_url(text[end]))
      ++end;
    auto url = text.substr(start, end - start);
    while (!url.empty()) {
      const char last = url.back();
      const bool unbalanced_paren =
          last == ')' && std::ranges::count(url, '(') < std::ranges::count(url, ')');
      if (std::string_view(".,;:!?'*_").find(last) == std::string_view::npos && !unbalanced_paren)
        break;
      url.remove_suffix(1);
    }
    if (url.size() <= 8) {  // "https://" alone
      out.marked += text.substr(pos, end - pos);
      pos = end;
      continue;
    }
    out.marked += text.substr(pos, start - pos);
    out.marked += placeholder(out.links.size());
    out.links.push_back({std::string(url), std::string(url), true, emphasised});
    pos = start + url.size();
  }
  out.marked += text.substr(pos);
}

}  // namespace

std::string placeholder(std::size_t index) {
  return "\x01" + std::to_string(index) + "\x02";
}

InlineText flatten_inlines(cmark_node* block) {
  InlineText out;
  int emphasis_depth = 0;
  std::optional<std::size_t> leading_start;
  cmark_node* first_child = cmark_node_first_child(block);
  IterPtr iter(cmark_iter_new(block));
  cmark_event_type event;
  while ((event = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE) {
    cmark_node* node = cmark_iter_get_node(iter.get());
    const auto type = cmark_node_get_type(node);
    if (type == CMARK_NODE_STRONG || type == CMARK_NODE_EMPH) {
      emphasis_depth += event == CMARK_EVENT_ENTER ? 1 : -1;
      if (node == first_child && event == CMARK_EVENT_ENTER) leading_start = out.marked.size();
      if (node == first_child && event == CMARK_EVENT_EXIT && leading_start) {
        out.leading_emphasis = out.marked.substr(*leading_start);
      }
      continue;
    }
    if (event != CMARK_EVENT_ENTER) continue;
    switch (type) {
      case CMARK_NODE_TEXT:
      case CMARK_NODE_HTML_INLINE:  // kept as text: the renderer shows raw HTML as nothing
        append_text(out, literal(node), emphasis_depth > 0);
        break;
      case CMARK_NODE_CODE:
        out.marked += literal(node);
        break;
      case CMARK_NODE_SOFTBREAK:
      case CMARK_NODE_LINEBREAK:
        out.marked += '\n';
        break;
      case CMARK_NODE_LINK:
      case CMARK_NODE_IMAGE: {
        const char* url = cmark_node_get_url(node);
        Link link{text_inside(node), url == nullptr ? "" : url, false, emphasis_depth > 0};
        if (trim(link.text).empty()) {
          link.text = link.url;
          link.bare = true;
        }
        if (link.text == link.url) link.bare = true;  // an autolink, <https://...>
        out.marked += placeholder(out.links.size());
        out.links.push_back(std::move(link));
        cmark_iter_reset(iter.get(), node, CMARK_EVENT_EXIT);  // its text is taken
        break;
      }
      default:
        break;
    }
  }
  return out;
}

std::vector<std::size_t> link_indices(std::string_view marked) {
  std::vector<std::size_t> indices;
  for (std::size_t pos = marked.find('\x01'); pos != std::string_view::npos;
       pos = marked.find('\x01', pos + 1)) {
    indices.push_back(
        std::stoul(std::string(marked.substr(pos + 1, marked.find('\x02', pos) - pos - 1))));
  }
  return indices;
}

std::optional<std::size_t> sole_link(std::string_view marked) {
  const auto trimmed = trim(marked);
  if (trimmed.empty() || trimmed.front() != '\x01' || trimmed.back() != '\x02' ||
      trimmed.find('\x02') != trimmed.size() - 1) {
    return std::nullopt;
  }
  return link_indices(trimmed).front();
}

namespace {

template <typename LinkWriter>
std::string replace_links(std::string_view marked, LinkWriter write_text,
                          const std::vector<Link>& links, auto write_link) {
  std::string out;
  std::size_t pos = 0;
  while (pos < marked.size()) {
    const std::size_t open = marked.find('\x01', pos);
    if (open == std::string_view::npos) {
      out += write_text(marked.substr(pos));
      break;
    }
    out += write_text(marked.substr(pos, open - pos));
    const std::size_t close = marked.find('\x02', open);
    out += write_link(links.at(std::stoul(std::string(marked.substr(open + 1, close - open - 1)))));
    pos = close + 1;
  }
  return out;
}

}  // namespace

std::string to_plain(std::string_view marked, const std::vector<Link>& links) {
  return replace_links(
      marked, [](std::string_view text) { return std::string(text); }, links,
      [](const Link& link) { return link.text; });
}

std::string to_markdown(std::string_view marked, const std::vector<Link>& links) {
  const auto escape = [](std::string_view text) {
    std::string out;
    for (const char c : text) {
      if (std::string_view("\\`*_[]<>").find(c) != std::string_view::npos) out += '\\';
      out += c;
    }
    return out;
  };
  return replace_links(marked, escape, links, [&](const Link& link) {
    if (link.bare) return "<" + link.url + ">";
    return "[" + escape(link.text) + "](<" + link.url + ">)";
  });
}

std::string_view trim(std::string_view text, std::string_view extra) {
  const auto strip = [&](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
           extra.find(c) != std::string_view::npos;
  };
  while (true) {
    if (!text.empty() && strip(text.front())) {
      text.remove_prefix(1);
    } else if (text.starts_with("—") || text.starts_with("–")) {
      if (extra.find('-') == std::string_view::npos) break;
      text.remove_prefix(3);  // an em or en dash, when dashes are being trimmed
    } else {
      break;
    }
  }
  while (true) {
    if (!text.empty() && strip(text.back())) {
      text.remove_suffix(1);
    } else if ((text.ends_with("—") || text.ends_with("–")) &&
               extra.find('-') != std::string_view::npos) {
      text.remove_suffix(3);
    } else {
      break;
    }
  }
  return text;
}

std::string strip_quotes(std::string_view text) {
  text = trim(text);
  for (const auto& [open, close] : {std::pair<std::string_view, std::string_view>{"“", "”"},
                                    {"\"", "\""},
                                    {"‘", "’"},
                                    {"«", "»"},
                                    {"„", "“"}}) {
    if (text.size() > open.size() + close.size() && text.starts_with(open) &&
        text.ends_with(close)) {
      return std::string(text.substr(open.size(), text.size() - open.size() - close.size()));
    }
  }
  return std::string(text);
}

bool is_web_url(std::string_view url) {
  const auto lower_starts = [&](std::string_view prefix) {
    if (url.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
      char c = url[i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c != prefix[i]) return false;
    }
    return true;
  };
  return lower_starts("http://") || lower_starts("https://");
}

std::string lower_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace rl::import::detail
