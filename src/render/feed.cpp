// feed.xml: the list as an Atom 1.0 feed (RFC 4287), one <entry> per link, so readers can
// subscribe. Deterministic: every date comes from the list itself, never from the clock.
#include <array>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "list_markdown.hpp"
#include "readinglist/model/names.hpp"
#include "readinglist/render/dates.hpp"
#include "readinglist/render/escape.hpp"
#include "readinglist/render/files.hpp"
#include "readinglist/render/markdown_conventions.hpp"

namespace rl::render {
namespace {

// The date a list without any dates claims; Atom requires <updated> and the clock may not be used.
constexpr std::string_view kEpoch = "1970-01-01T00:00:00Z";

// The page's and the Markdown's label, except that a Collection reads as what it usually is.
std::string_view type_label(model::EntryType type) {
  return type == model::EntryType::Collection ? "Open source projects" : markdown_type_label(type);
}

// The latest of the list's dates as RFC 3339, given the entries' (`published`); the strings
// share one shape, so they compare as the instants they name.
std::string latest_date(const model::ReadingListSpec& spec,
                        const std::vector<std::optional<std::string>>& published) {
  std::string latest;
  if (spec.talk && spec.talk->date) latest = partial_date_to_rfc3339(*spec.talk->date);
  for (const auto& stamp : published) {
    if (stamp && *stamp > latest) latest = *stamp;
  }
  return latest.empty() ? std::string(kEpoch) : latest;
}

void append_element(std::string& out, std::string_view indent, std::string_view tag,
                    std::string_view text) {
  out += indent;
  out += '<';
  out += tag;
  out += '>';
  append_escaped_xml(out, text);
  out += "</";
  out += tag;
  out += ">\n";
}

// `indent` and `inner` are the indentation of <author> and of its children.
void append_person(std::string& out, std::string_view indent, std::string_view inner,
                   const model::Person& person) {
  out += indent;
  out += "<author>\n";
  append_element(out, inner, "name", person.name);
  if (person.url) {
    if (std::string href = safe_href(*person.url); !href.empty()) {
      append_element(out, inner, "uri", href);
    }
  }
  out += indent;
  out += "</author>\n";
}

// One <entry>: a link of the list (an entry's own url, or one item of an entry).
struct FeedEntry {
  std::string href;        // already passed through safe_href, never empty
  std::string_view title;  // in the list
  // The summary is these parts, the empty ones left out, joined with a middle dot.
  std::array<std::string_view, 3> summary_parts;
  const std::optional<std::string>* published = nullptr;  // RFC 3339, shared by an entry's items
  const std::vector<model::Person>* authors = nullptr;
  model::EntryType type = model::EntryType::Website;
};

// Atom ids must be unique within the feed; a link listed twice gets a fragment. The ids are
// views of the entries' hrefs, or of the fragments' text kept in `made`.
std::string_view unique_id(const std::string& href, std::unordered_set<std::string_view>& used,
                           std::deque<std::string>& made) {
  if (used.insert(href).second) return href;
  const std::string_view separator = href.find('#') == std::string::npos ? "#" : "-";
  for (int n = 2;; ++n) {
    std::string candidate = href;
    candidate += separator;
    candidate += std::to_string(n);
    if (!used.contains(candidate)) {
      const std::string& id = made.emplace_back(std::move(candidate));
      used.insert(id);
      return id;
    }
  }
}

// <summary>: the non-empty parts joined with a middle dot; nothing when all are empty.
void append_summary(std::string& out, const std::array<std::string_view, 3>& parts) {
  bool first = true;
  for (const std::string_view part : parts) {
    if (part.empty()) continue;
    out += first ? "    <summary>" : " · ";
    first = false;
    append_escaped_xml(out, part);
  }
  if (!first) out += "</summary>\n";
}

// `published` receives one RFC 3339 date per entry of the list (or none), which the FeedEntries
// point to; it is sized up front so the pointers stay valid.
std::vector<FeedEntry> collect_entries(const model::ReadingListSpec& spec,
                                       const detail::ListMarkdown& markdown,
                                       std::vector<std::optional<std::string>>& published) {
  published.reserve(static_cast<std::size_t>(model::count_entries(spec)));
  std::vector<FeedEntry> entries;
  for (const auto& section : spec.sections) {
    for (const auto& entry : section.entries) {
      const std::size_t entry_index = published.size();  // one stamp per entry so far
      std::optional<std::string>& stamp = published.emplace_back();
      if (entry.published) {
        if (std::string rfc3339 = partial_date_to_rfc3339(*entry.published); !rfc3339.empty()) {
          stamp = std::move(rfc3339);
        }
      }
      const std::string_view label = type_label(entry.effective_type());
      if (entry.url) {
        if (std::string href = safe_href(*entry.url); !href.empty()) {
          entries.push_back({
              .href = std::move(href),
              .title = entry.title,
              .summary_parts = {label, entry.source ? entry.source->name : std::string_view(),
                                entry.note ? markdown.notes[entry_index].feed_text
                                           : std::string_view()},
              .published = &stamp,
              .authors = &entry.authors,
              .type = entry.effective_type(),
          });
        }
      }
      for (const auto& item : entry.items) {
        std::string href = safe_href(item.url);
        if (href.empty()) continue;
        entries.push_back({
            .href = std::move(href),
            .title = item.title,
            .summary_parts = {entry.title,
                              item.description ? std::string_view(*item.description)
                                               : std::string_view(),
                              std::string_view()},
            .published = &stamp,
            .authors = &entry.authors,
            .type = entry.effective_type(),
        });
      }
    }
  }
  return entries;
}

}  // namespace

std::string render_feed_xml(const model::ReadingList& list) {
  return detail::render_feed_xml(
      list, detail::render_list_markdown(list.spec, detail::MarkdownUse::FeedTextOnly));
}

std::string detail::render_feed_xml(const model::ReadingList& list, const ListMarkdown& markdown) {
  const model::ReadingListSpec& spec = list.spec;
  const std::string site = model::site_url(list);
  std::vector<std::optional<std::string>> published;
  const std::vector<FeedEntry> entries = collect_entries(spec, markdown, published);
  const std::string updated = latest_date(spec, published);
  std::string out;
  out.reserve(1024 + 640 * entries.size());
  out += "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
  out += "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"";
  append_escaped_xml(out, spec.effective_language());
  out += "\">\n";
  append_element(out, "  ", "id", site);
  append_element(out, "  ", "title", spec.title);
  if (spec.subtitle) append_element(out, "  ", "subtitle", *spec.subtitle);
  out += "  <link rel=\"alternate\" type=\"text/html\" href=\"";
  append_escaped_xml(out, site);
  out += "\"/>\n  <link rel=\"self\" type=\"application/atom+xml\" href=\"";
  append_escaped_xml(out, site);
  if (!site.ends_with('/')) out += '/';
  out += "feed.xml\"/>\n";
  append_element(out, "  ", "updated", updated);
  // RFC 4287 4.1.1: a feed needs an author unless every entry has one; the speakers (or, for a
  // list without a talk, the list itself) stand in for entries that name nobody.
  if (spec.talk && !spec.talk->speakers.empty()) {
    for (const auto& speaker : spec.talk->speakers)
      append_person(out, "  ", "    ", speaker);
  } else {
    model::Person list_as_author;
    list_as_author.name = spec.title;
    append_person(out, "  ", "    ", list_as_author);
  }

  std::unordered_set<std::string_view> used_ids;
  used_ids.reserve(entries.size());
  std::deque<std::string> made_ids;
  for (const FeedEntry& entry : entries) {
    out += "  <entry>\n";
    append_element(out, "    ", "id", unique_id(entry.href, used_ids, made_ids));
    append_element(out, "    ", "title", entry.title);
    out += "    <link rel=\"alternate\" href=\"";
    append_escaped_xml(out, entry.href);
    out += "\"/>\n";
    const std::optional<std::string>& entry_published = *entry.published;
    append_element(out, "    ", "updated", entry_published ? *entry_published : updated);
    if (entry_published) append_element(out, "    ", "published", *entry_published);
    for (const auto& author : *entry.authors)
      append_person(out, "    ", "      ", author);
    out += "    <category term=\"";
    append_escaped_xml(out, model::to_string(entry.type));
    out += "\" label=\"";
    append_escaped_xml(out, type_label(entry.type));
    out += "\"/>\n";
    append_summary(out, entry.summary_parts);
    out += "  </entry>\n";
  }
  out += "</feed>\n";
  return out;
}

}  // namespace rl::render
