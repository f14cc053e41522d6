// What every ReadingList the fuzz targets manage to build must satisfy, beyond "no crash":
// rendering a valid list emits no script and no script URL, and the list survives the JSON
// and YAML codecs unchanged. A broken property aborts, which libFuzzer reports as a crash.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "readinglist/model/codec.hpp"
#include "readinglist/model/types.hpp"
#include "readinglist/render/render.hpp"

namespace rl::fuzz {

[[noreturn]] inline void fail(const char* property, std::string_view detail) {
  std::fprintf(stderr, "fuzz property broken: %s\n%.*s\n", property,
               static_cast<int>(detail.size()), detail.data());
  std::abort();
}

inline std::string lower_ascii(std::string_view text) {
  std::string lowered(text);
  for (auto& c : lowered) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lowered;
}

// The page's one script element is its JSON-LD data block, which browsers never run; its JSON
// must not be able to end the element. Anything else that would run is a broken property.
inline void check_script_elements(std::string_view html) {
  constexpr std::string_view kDataBlock = "<script type=\"application/ld+json\">";
  const auto lowered = lower_ascii(html);
  for (auto at = lowered.find("<script"); at != std::string::npos;
       at = lowered.find("<script", at + 1)) {
    if (html.substr(at, kDataBlock.size()) != kDataBlock) fail("only a JSON-LD script", html);
    const auto body = at + kDataBlock.size();
    const auto end = lowered.find("</script>", body);
    if (end == std::string::npos || lowered.find('<', body) != end) {
      fail("the JSON-LD block cannot be ended early", html);
    }
  }
}

// No tag has an event-handler attribute (onclick=, onerror=...). Only tags count: a user may
// write "onclick=" in a note, which is text (escaped) or a quoted attribute's value. Text
// cannot open a tag, as every '<' of the user's is escaped.
inline void check_no_event_handlers(std::string_view markup) {
  const auto text = lower_ascii(markup);
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  const auto is_letter = [](char c) { return c >= 'a' && c <= 'z'; };
  for (auto at = text.find('<'); at != std::string::npos; at = text.find('<', at + 1)) {
    char quote = 0;
    for (auto i = at + 1; i < text.size(); ++i) {
      const char c = text[i];
      if (quote != 0) {
        if (c == quote) quote = 0;
        continue;
      }
      if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '>') {
        at = i;
        break;
      } else if (is_space(c) && text.compare(i + 1, 2, "on") == 0) {
        auto name_end = i + 3;
        while (name_end < text.size() && is_letter(text[name_end]))
          ++name_end;
        while (name_end < text.size() && is_space(text[name_end]))
          ++name_end;
        if (name_end > i + 3 && name_end < text.size() && text[name_end] == '=') {
          fail("no event-handler attribute", markup);
        }
      }
    }
  }
}

// The page and the feed are what a browser or a feed reader runs; neither may carry script.
inline void check_no_script(const render::Content& content) {
  for (const char* name : {"index.html", "feed.xml"}) {
    const auto* file = content.find(name);
    if (file == nullptr) fail("rendered content has every file", name);
    check_script_elements(file->data);
    check_no_event_handlers(file->data);
    const auto text = lower_ascii(file->data);
    for (const char* marker :
         {"href=\"javascript:", "src=\"javascript:", "href=\"vbscript:", "href=\"data:"}) {
      if (text.find(marker) != std::string::npos) fail(marker, file->data);
    }
  }
}

inline void check_round_trips(const model::ReadingList& list) {
  const auto json = model::to_json(list);
  const auto from_json = model::from_json(json, "round trip");
  if (!from_json) fail("to_json output parses", from_json.error().to_string());
  if (*from_json != list) fail("JSON round trip keeps the list", json.dump());

  const auto yaml = model::to_yaml(list);
  const auto from_yaml = model::parse_yaml(yaml, "round trip");
  if (!from_yaml) fail("to_yaml output parses", from_yaml.error().to_string() + "\n" + yaml);
  if (from_yaml->size() != 1 || from_yaml->front() != list) {
    fail("YAML round trip keeps the list", yaml);
  }
}

// For any list a parser produced: render it (safe even when invalid), and when it is valid,
// check the properties above.
inline void check_list(const model::ReadingList& list) {
  (void)render::render(list);
  const auto checked = render::render_checked(list);
  if (!checked) return;
  check_no_script(*checked);
  check_round_trips(list);
}

}  // namespace rl::fuzz
