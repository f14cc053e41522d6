// feed.xml: the list as an Atom 1.0 feed (RFC 4287), one <entry> per link, so readers can
// subscribe. Deterministic: every date comes from the list itself, never from the clock.
#include <cmark.h>

#include <memory>
#include <set>
#include <string>
#include <string_view>
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
  out += escape_xml(text);
  out += "</";
  out += tag;
  out += ">\n";
}

void append_person(std::string& out, std::string_view indent, const model::Person& person) {
  std::string inner(indent);
  inner += "  ";
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
  std::string href;  // already passed through safe_href, never empty
  std::string title;
  std::string summary;
  std::optional<std::string> published;  // RFC 3339
  const std::vector<model::Person>* authors = nullptr;
  model::EntryType type = model::EntryType::Website;
};

// Atom ids must be unique within the feed; a link listed twice gets a fragment.
std::string unique_id(const std::string& href, std::set<std::string>& used) {
  if (used.insert(href).second) return href;
  const std::string_view separator = href.find('#') == std::string::npos ? "#" : "-";
  for (int n = 2;; ++n) {
    std::string candidate = href;
    candidate += separator;
    candidate += std::to_string(n);
    if (used.insert(candidate).second) return candidate;
  }
}

std::vector<FeedEntry> collect_entries(const model::ReadingListSpec& spec) {
  std::vector<FeedEntry> entries;
  for (const auto& section : spec.sections) {
    for (const auto& entry : section.entries) {
      std::optional<std::string> published;
      if (entry.published) {
        if (std::string stamp = partial_date_to_rfc3339(*entry.published); !stamp.empty()) {
          published = std::move(stamp);
        }
      }
      const std::string label(type_label(entry.effective_type()));
      if (entry.url) {
        if (std::string href = safe_href(*entry.url); !href.empty()) {
          entries.push_back({
              .href = std::move(href),
              .title = entry.title,
              .summary = join_non_empty({label, entry.source ? entry.source->name : "",
                                         entry.note ? markdown_to_plain_text(*entry.note) : ""},
                                        " · "),
              .published = published,
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
            .summary = join_non_empty({entry.title, item.description.value_or("")}, " · "),
            .published = published,
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
  const std::string base = site.ends_with('/') ? site : site + "/";
  const std::string updated = latest_date(spec);

  const std::vector<FeedEntry> entries = collect_entries(spec);
  std::string out;
  out.reserve(1024 + 640 * entries.size());
  out += "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
  out += "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"";
  out += escape_xml(spec.effective_language());
  out += "\">\n";
  append_element(out, "  ", "id", site);
  append_element(out, "  ", "title", spec.title);
  if (spec.subtitle) append_element(out, "  ", "subtitle", *spec.subtitle);
  out += "  <link rel=\"alternate\" type=\"text/html\" href=\"" + escape_xml(site) + "\"/>\n";
  out += "  <link rel=\"self\" type=\"application/atom+xml\" href=\"" +
         escape_xml(base + "feed.xml") + "\"/>\n";
  append_element(out, "  ", "updated", updated);
  // RFC 4287 4.1.1: a feed needs an author unless every entry has one; the speakers (or, for a
  // list without a talk, the list itself) stand in for entries that name nobody.
  if (spec.talk && !spec.talk->speakers.empty()) {
    for (const auto& speaker : spec.talk->speakers)
      append_person(out, "  ", speaker);
  } else {
    model::Person list_as_author;
    list_as_author.name = spec.title;
    append_person(out, "  ", list_as_author);
  }

  std::set<std::string> used_ids;
  for (const FeedEntry& entry : entries) {
    out += "  <entry>\n";
    append_element(out, "    ", "id", unique_id(entry.href, used_ids));
    append_element(out, "    ", "title", entry.title);
    out += "    <link rel=\"alternate\" href=\"" + escape_xml(entry.href) + "\"/>\n";
    append_element(out, "    ", "updated", entry.published.value_or(updated));
    if (entry.published) append_element(out, "    ", "published", *entry.published);
    for (const auto& author : *entry.authors)
      append_person(out, "    ", author);
    out += "    <category term=\"";
    out += escape_xml(model::to_string(entry.type));
    out += "\" label=\"";
    out += escape_xml(type_label(entry.type));
    out += "\"/>\n";
    if (!entry.summary.empty()) append_element(out, "    ", "summary", entry.summary);
    out += "  </entry>\n";
  }
  out += "</feed>\n";
  return out;
}

}  // namespace rl::render
