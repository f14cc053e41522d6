// The page's summary and its schema.org JSON-LD (an ItemList of CreativeWork, one per entry),
// and the JSON-LD pieces (people, organisations, links) the microsite's index shares.
#include <cstdint>
#include <optional>

#include "json_writer.hpp"
#include "page_detail.hpp"
#include "readinglist/render/dates.hpp"
#include "readinglist/render/escape.hpp"
#include "readinglist/render/markdown.hpp"

namespace rl::render::page_detail {
namespace {

using json_detail::JsonWriter;

}  // namespace

void append_json_ld_url(JsonWriter& json, std::string_view url, std::string& href) {
  if (assign_safe_href(href, url)) json.member("url", href);
}

void append_json_ld_organisation(JsonWriter& json, std::string_view name,
                                 const std::optional<std::string>& link, std::string& href) {
  json.begin_object();
  json.member("@type", "Organization");
  json.member("name", name);
  if (link) append_json_ld_url(json, *link, href);
  json.end_object();
}

void append_json_ld_person(JsonWriter& json, const model::Person& who, std::string& href) {
  json.begin_object();
  json.member("@type", "Person");
  if (who.affiliation) {
    json.key("affiliation");
    append_json_ld_organisation(json, *who.affiliation, std::nullopt, href);
  }
  json.member("name", who.name);
  if (who.url) append_json_ld_url(json, *who.url, href);
  json.end_object();
}

namespace {

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

// The JSON-LD objects, members in sorted key order (what nlohmann's DOM printed before).
class JsonLdWriter {
 public:
  explicit JsonLdWriter(JsonWriter& json) : json_(json) {}

  void work(const model::Entry& entry, const MarkdownForms& note) {
    json_.begin_object();
    json_.member("@type", schema_type(entry.effective_type()));
    if (!entry.authors.empty()) {
      json_.key("author");
      json_.begin_array();
      for (const auto& author : entry.authors)
        person(author);
      json_.end_array();
    }
    // Only a real partial date: schema.org reads ISO 8601, which allows YYYY and YYYY-MM.
    if (entry.published && is_partial_date(*entry.published)) {
      json_.member("datePublished", *entry.published);
    }
    if (entry.note && !note.plain_text.empty()) json_.member("description", note.plain_text);
    if (!entry.items.empty()) {
      json_.key("hasPart");
      json_.begin_array();
      for (const auto& item : entry.items) {
        json_.begin_object();
        json_.member("@type", "CreativeWork");
        if (item.description) json_.member("description", *item.description);
        json_.member("name", item.title);
        url(item.url);
        json_.end_object();
      }
      json_.end_array();
    }
    json_.member("name", entry.title);
    if (entry.source) {
      json_.key("publisher");
      organisation(entry.source->name, entry.source->url);
    }
    if (entry.url) url(*entry.url);
    json_.end_object();
  }

 private:
  void url(std::string_view url) { append_json_ld_url(json_, url, href_); }

  void organisation(std::string_view name, const std::optional<std::string>& link) {
    append_json_ld_organisation(json_, name, link, href_);
  }

  void person(const model::Person& who) { append_json_ld_person(json_, who, href_); }

  JsonWriter& json_;
  std::string href_;  // the link being written, kept to reuse its storage
};

}  // namespace

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

std::string summary(const model::ReadingListSpec& spec, const detail::ListMarkdown& markdown) {
  if (spec.subtitle && !spec.subtitle->empty()) return shorten(*spec.subtitle, kSummaryMax);
  if (markdown.description) return shorten(markdown.description->plain_text, kSummaryMax);
  return {};
}

void append_json_ld(std::string& out, const model::ReadingList& list, std::string_view page_url,
                    std::string_view summary_text, const detail::ListMarkdown& markdown) {
  const auto& spec = list.spec;
  JsonWriter json(out, json_detail::Layout::Compact, json_detail::Strings::ScriptSafe);
  JsonLdWriter writer(json);
  json.begin_object();
  json.member("@context", "https://schema.org");
  json.member("@type", "ItemList");
  if (!summary_text.empty()) json.member("description", summary_text);
  json.member("inLanguage", spec.effective_language());
  json.key("itemListElement");
  json.begin_array();
  std::int64_t position = 0;
  for (const auto& section : spec.sections) {
    for (const auto& entry : section.entries) {
      json.begin_object();
      json.member("@type", "ListItem");
      json.key("item");
      writer.work(entry, markdown.notes[static_cast<std::size_t>(position)]);
      json.key("position");
      json.integer(++position);
      json.end_object();
    }
  }
  json.end_array();
  json.member("name", spec.title);
  json.key("numberOfItems");
  json.integer(position);
  if (!page_url.empty()) json.member("url", page_url);
  json.end_object();
}

}  // namespace rl::render::page_detail
