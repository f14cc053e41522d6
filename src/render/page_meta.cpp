// The page's summary and its schema.org JSON-LD (an ItemList of CreativeWork, one per entry).
#include <cstdint>
#include <nlohmann/json.hpp>

#include "page_detail.hpp"
#include "readinglist/render/dates.hpp"
#include "readinglist/render/escape.hpp"
#include "readinglist/render/markdown.hpp"

namespace rl::render::page_detail {
namespace {

using nlohmann::json;

// Search engines and link previews cut descriptions at about 160 characters anyway.
constexpr std::size_t kSummaryMax = 200;

// The schema.org type that best describes each kind of entry.
std::string_view schema_type(model::EntryType type) {
  switch (type) {
    case model::EntryType::BlogPost:
      return "BlogPosting";
    case model::EntryType::Article:
      return "Article";
    case model::EntryType::Video:
      return "VideoObject";
    case model::EntryType::Podcast:
      return "PodcastEpisode";
    case model::EntryType::Paper:
      return "ScholarlyArticle";
    case model::EntryType::Book:
      return "Book";
    case model::EntryType::Website:
      return "WebSite";
    case model::EntryType::Project:
      return "SoftwareSourceCode";
    case model::EntryType::Talk:        // a recording or slides: no narrower type fits both
    case model::EntryType::Collection:  // its links are listed as hasPart
      break;
  }
  return "CreativeWork";
}

void set_url(json& object, const std::optional<std::string>& url) {
  if (!url) return;
  if (std::string href = safe_href(*url); !href.empty()) object["url"] = std::move(href);
}

json person(const model::Person& who) {
  json out = {{"@type", "Person"}, {"name", who.name}};
  set_url(out, who.url);
  if (who.affiliation) {
    out["affiliation"] = {{"@type", "Organization"}, {"name", *who.affiliation}};
  }
  return out;
}

json work(const model::Entry& entry) {
  json out = {{"@type", schema_type(entry.effective_type())}, {"name", entry.title}};
  set_url(out, entry.url);
  if (!entry.authors.empty()) {
    json authors = json::array();
    for (const auto& author : entry.authors)
      authors.push_back(person(author));
    out["author"] = std::move(authors);
  }
  // Only a real partial date: schema.org reads ISO 8601, which allows YYYY and YYYY-MM.
  if (entry.published && !partial_date_to_rfc3339(*entry.published).empty()) {
    out["datePublished"] = *entry.published;
  }
  if (entry.source) {
    json publisher = {{"@type", "Organization"}, {"name", entry.source->name}};
    set_url(publisher, entry.source->url);
    out["publisher"] = std::move(publisher);
  }
  if (entry.note) {
    if (std::string text = markdown_to_plain_text(*entry.note); !text.empty()) {
      out["description"] = std::move(text);
    }
  }
  if (!entry.items.empty()) {
    json parts = json::array();
    for (const auto& item : entry.items) {
      json part = {{"@type", "CreativeWork"}, {"name", item.title}};
      set_url(part, item.url);
      if (item.description) part["description"] = *item.description;
      parts.push_back(std::move(part));
    }
    out["hasPart"] = std::move(parts);
  }
  return out;
}

// The longest prefix of at most `max` bytes that ends between words (or, with no space in
// reach, at a UTF-8 character boundary), followed by an ellipsis.
std::string shorten(std::string text, std::size_t max) {
  if (text.size() <= max) return text;
  std::size_t cut = text.rfind(' ', max);
  if (cut == std::string::npos || cut == 0) {
    cut = max;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0u) == 0x80u)
      --cut;
  }
  text.resize(cut);
  while (!text.empty() && (text.back() == ' ' || text.back() == ',' || text.back() == '.')) {
    text.pop_back();
  }
  return text + "\xE2\x80\xA6";  // U+2026
}

}  // namespace

std::string summary(const model::ReadingListSpec& spec) {
  if (spec.subtitle && !spec.subtitle->empty()) return shorten(*spec.subtitle, kSummaryMax);
  if (spec.description) return shorten(markdown_to_plain_text(*spec.description), kSummaryMax);
  return {};
}

std::string json_ld(const model::ReadingList& list, std::string_view page_url,
                    std::string_view summary_text) {
  const auto& spec = list.spec;
  json elements = json::array();
  std::int64_t position = 0;
  for (const auto& section : spec.sections) {
    for (const auto& entry : section.entries) {
      elements.push_back({{"@type", "ListItem"}, {"position", ++position}, {"item", work(entry)}});
    }
  }
  json out = {
      {"@context", "https://schema.org"},
      {"@type", "ItemList"},
      {"name", spec.title},
      {"inLanguage", spec.effective_language()},
      {"numberOfItems", position},
      {"itemListElement", std::move(elements)},
  };
  if (!summary_text.empty()) out["description"] = summary_text;
  if (!page_url.empty()) out["url"] = page_url;
  // Invalid UTF-8 in user text must not throw here: it becomes U+FFFD like everywhere else.
  return json_for_script(out.dump(-1, ' ', false, json::error_handler_t::replace));
}

}  // namespace rl::render::page_detail
