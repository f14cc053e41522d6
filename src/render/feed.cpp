// feed.xml: the list as an Atom 1.0 feed (RFC 4287), one <entry> per link, so readers can
// subscribe. Deterministic: every date comes from the list itself, never from the clock.
#include <cmark.h>

#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

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

struct CmarkNodeDeleter {
  void operator()(cmark_node* node) const { cmark_node_free(node); }
};
struct CmarkIterDeleter {
  void operator()(cmark_iter* iter) const { cmark_iter_free(iter); }
};

// Collapses runs of whitespace to one space and trims both ends.
std::string collapse_whitespace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

// The readable text of a CommonMark note: link texts without their targets, no markup, no raw
// HTML. A feed summary is plain text, so this is what a reader of the feed should see.
std::string markdown_to_plain_text(std::string_view markdown) {
  std::unique_ptr<cmark_node, CmarkNodeDeleter> document(
      cmark_parse_document(markdown.data(), markdown.size(), CMARK_OPT_DEFAULT));
  if (!document) return collapse_whitespace(markdown);
  std::unique_ptr<cmark_iter, CmarkIterDeleter> iter(cmark_iter_new(document.get()));
  std::string text;
  for (cmark_event_type event = cmark_iter_next(iter.get()); event != CMARK_EVENT_DONE;
       event = cmark_iter_next(iter.get())) {
    cmark_node* node = cmark_iter_get_node(iter.get());
    switch (cmark_node_get_type(node)) {
      case CMARK_NODE_TEXT:
      case CMARK_NODE_CODE:
      case CMARK_NODE_CODE_BLOCK:
        if (const char* literal = cmark_node_get_literal(node)) text += literal;
        if (cmark_node_get_type(node) == CMARK_NODE_CODE_BLOCK) text.push_back(' ');
        break;
      case CMARK_NODE_SOFTBREAK:
      case CMARK_NODE_LINEBREAK:
        text.push_back(' ');
        break;
      case CMARK_NODE_PARAGRAPH:
      case CMARK_NODE_HEADING:
      case CMARK_NODE_ITEM:
        if (event == CMARK_EVENT_EXIT) text.push_back(' ');
        break;
      default:
        break;  // raw HTML is dropped; containers contribute only their children
    }
  }
  return collapse_whitespace(text);
}

// The latest of the list's dates as RFC 3339; the strings share one shape, so they compare as
// the instants they name.
std::string latest_date(const model::ReadingListSpec& spec) {
  std::string latest;
  auto consider = [&latest](const std::optional<std::string>& date) {
    if (!date) return;
    std::string stamp = partial_date_to_rfc3339(*date);
    if (stamp > latest) latest = std::move(stamp);
  };
  if (spec.talk) consider(spec.talk->date);
  for (const auto& section : spec.sections) {
    for (const auto& entry : section.entries)
      consider(entry.published);
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
  std::string summary;
  const std::optional<std::string>* published = nullptr;  // RFC 3339, shared by an entry's items
  const std::vector<model::Person>* authors = nullptr;
  model::EntryType type = model::EntryType::Website;
};

// Atom ids must be unique within the feed; a link listed twice gets a fragment.
std::string_view unique_id(const std::string& href, std::unordered_set<std::string>& used) {
  if (auto [at, inserted] = used.insert(href); inserted) return *at;
  const std::string_view separator = href.find('#') == std::string::npos ? "#" : "-";
  for (int n = 2;; ++n) {
    std::string candidate = href;
    candidate += separator;
    candidate += std::to_string(n);
    if (auto [at, inserted] = used.insert(std::move(candidate)); inserted) return *at;
  }
}

// The feed's summaries join their non-empty parts with a middle dot.
void append_part(std::string& summary, std::string_view part) {
  if (part.empty()) return;
  if (!summary.empty()) summary += " · ";
  summary += part;
}

// `published` receives one RFC 3339 date per entry of the list (or none), which the FeedEntries
// point to; it is sized up front so the pointers stay valid.
std::vector<FeedEntry> collect_entries(const model::ReadingListSpec& spec,
                                       std::vector<std::optional<std::string>>& published) {
  published.reserve(static_cast<std::size_t>(model::count_entries(spec)));
  std::vector<FeedEntry> entries;
  for (const auto& section : spec.sections) {
    for (const auto& entry : section.entries) {
      std::optional<std::string>& stamp = published.emplace_back();
      if (entry.published) {
        if (std::string rfc3339 = partial_date_to_rfc3339(*entry.published); !rfc3339.empty()) {
          stamp = std::move(rfc3339);
        }
      }
      const std::string_view label = type_label(entry.effective_type());
      if (entry.url) {
        if (std::string href = safe_href(*entry.url); !href.empty()) {
          std::string summary(label);
          if (entry.source) append_part(summary, entry.source->name);
          if (entry.note) append_part(summary, markdown_to_plain_text(*entry.note));
          entries.push_back({
              .href = std::move(href),
              .title = entry.title,
              .summary = std::move(summary),
              .published = &stamp,
              .authors = &entry.authors,
              .type = entry.effective_type(),
          });
        }
      }
      for (const auto& item : entry.items) {
        std::string href = safe_href(item.url);
        if (href.empty()) continue;
        std::string summary;
        append_part(summary, entry.title);
        if (item.description) append_part(summary, *item.description);
        entries.push_back({
            .href = std::move(href),
            .title = item.title,
            .summary = std::move(summary),
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
  const model::ReadingListSpec& spec = list.spec;
  const std::string site = model::site_url(list);
  const std::string updated = latest_date(spec);

  std::vector<std::optional<std::string>> published;
  const std::vector<FeedEntry> entries = collect_entries(spec, published);
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

  std::unordered_set<std::string> used_ids;
  used_ids.reserve(entries.size());
  for (const FeedEntry& entry : entries) {
    out += "  <entry>\n";
    append_element(out, "    ", "id", unique_id(entry.href, used_ids));
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
    if (!entry.summary.empty()) append_element(out, "    ", "summary", entry.summary);
    out += "  </entry>\n";
  }
  out += "</feed>\n";
  return out;
}

}  // namespace rl::render
