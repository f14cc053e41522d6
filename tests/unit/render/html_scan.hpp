// A small, strict reader of the HTML the renderer writes, for tests: every '<' must open a tag,
// comment or doctype (the renderer escapes every other one), attributes are read the way a
// browser reads them, and <script> content is kept aside as raw text.
#pragma once

#include <cctype>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rl::render::page_testing {

struct Tag {
  std::string name;  // lower case, without '/'
  bool closing = false;
  std::vector<std::pair<std::string, std::string>> attributes;  // values entity-decoded

  const std::string* attribute(std::string_view key) const {
    for (const auto& [attribute_name, value] : attributes) {
      if (attribute_name == key) return &value;
    }
    return nullptr;
  }
};

struct HtmlScan {
  std::vector<Tag> tags;
  std::vector<std::string> scripts;  // raw content of each <script> element
  int stray_less_than = 0;           // '<' that opens nothing: text the renderer forgot to escape
  bool truncated = false;            // a tag or quoted value that never ends
};

inline std::string decode_entities(std::string_view text) {
  static constexpr std::pair<std::string_view, char> kEntities[] = {
      {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}};
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    bool replaced = false;
    for (const auto& [entity, c] : kEntities) {
      if (text.substr(i, entity.size()) == entity) {
        out += c;
        i += entity.size() - 1;
        replaced = true;
        break;
      }
    }
    if (!replaced) out += text[i];
  }
  return out;
}

inline std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

inline HtmlScan scan_html(std::string_view html) {
  HtmlScan scan;
  const auto is_space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
  };
  std::size_t i = 0;
  while ((i = html.find('<', i)) != std::string_view::npos) {
    if (html.substr(i, 4) == "<!--") {
      const std::size_t end = html.find("-->", i);
      if (end == std::string_view::npos) return scan.truncated = true, scan;
      i = end + 3;
      continue;
    }
    if (html.substr(i, 2) == "<!") {
      i = html.find('>', i);
      if (i == std::string_view::npos) return scan.truncated = true, scan;
      continue;
    }
    Tag tag;
    std::size_t p = i + 1;
    if (p < html.size() && html[p] == '/') tag.closing = true, ++p;
    if (p >= html.size() || !std::isalpha(static_cast<unsigned char>(html[p]))) {
      ++scan.stray_less_than;
      ++i;
      continue;
    }
    const std::size_t name_start = p;
    while (p < html.size() && !is_space(html[p]) && html[p] != '>' && html[p] != '/')
      ++p;
    tag.name = lower(html.substr(name_start, p - name_start));
    while (true) {
      while (p < html.size() && (is_space(html[p]) || html[p] == '/'))
        ++p;
      if (p >= html.size()) return scan.truncated = true, scan;
      if (html[p] == '>') break;
      const std::size_t attr_start = p;
      while (p < html.size() && !is_space(html[p]) && html[p] != '=' && html[p] != '>' &&
             html[p] != '/') {
        ++p;
      }
      std::string name = lower(html.substr(attr_start, p - attr_start));
      std::string value;
      if (p < html.size() && html[p] == '=') {
        ++p;
        if (p < html.size() && (html[p] == '"' || html[p] == '\'')) {
          const char quote = html[p];
          const std::size_t end = html.find(quote, p + 1);
          if (end == std::string_view::npos) return scan.truncated = true, scan;
          value = decode_entities(html.substr(p + 1, end - p - 1));
          p = end + 1;
        } else {
          const std::size_t value_start = p;
          while (p < html.size() && !is_space(html[p]) && html[p] != '>')
            ++p;
          value = decode_entities(html.substr(value_start, p - value_start));
        }
      }
      tag.attributes.emplace_back(std::move(name), std::move(value));
    }
    i = p + 1;
    if (tag.name == "script" && !tag.closing) {
      const std::size_t end = lower(html.substr(i)).find("</script");
      if (end == std::string_view::npos) return scan.truncated = true, scan;
      scan.scripts.emplace_back(html.substr(i, end));
      i += end;
    }
    scan.tags.push_back(std::move(tag));
  }
  return scan;
}

}  // namespace rl::render::page_testing
