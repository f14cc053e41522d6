// The Atom writer's parts: a list's links as entries, the feed's head, people, and entries whose
// ids are unique within the feed.
#include "atom_writer.hpp"

#include "readinglist/render/dates.hpp"
#include "readinglist/render/escape.hpp"
#include "readinglist/render/markdown_conventions.hpp"

namespace rl::render::atom_detail {
namespace {

// The page's and the Markdown's label, except that a Collection reads as what it usually is.
std::string_view type_label(model::EntryType type) {
  return type == model::EntryType::Collection ? "Open source projects" : markdown_type_label(type);
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

// <summary>: the non-empty parts joined with a middle dot; nothing when all are empty.
void append_summary(std::string& out, const std::array<std::string_view, 4>& parts) {
  bool first = true;
  for (const std::string_view part : parts) {
    if (part.empty()) continue;
    out += first ? "    <summary>" : " · ";
    first = false;
    append_escaped_xml(out, part);
  }
  if (!first) out += "</summary>\n";
}

void append_source(std::string& out, const EntrySource& source) {
  out += "    <source>\n";
  append_element(out, "      ", "id", source.id);
  append_element(out, "      ", "title", source.title);
  if (!source.subtitle.empty()) append_element(out, "      ", "subtitle", source.subtitle);
  if (!source.href.empty()) {
    out += "      <link rel=\"alternate\" type=\"text/html\" href=\"";
    append_escaped_xml(out, source.href);
    out += "\"/>\n";
  }
  out += "    </source>\n";
}

}  // namespace

std::string latest_date(const model::ReadingListSpec& spec,
                        const std::vector<std::optional<std::string>>& published) {
  std::string latest;
  if (spec.talk && spec.talk->date) latest = partial_date_to_rfc3339(*spec.talk->date);
  for (const auto& stamp : published) {
    if (stamp && *stamp > latest) latest = *stamp;
  }
  return latest.empty() ? std::string(kEpoch) : latest;
}

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
              .summary_parts = {std::string_view(), label,
                                entry.source ? entry.source->name : std::string_view(),
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
            .summary_parts = {std::string_view(), entry.title,
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

void AtomWriter::begin(const FeedHead& head) {
  out_ += "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
  out_ += "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"";
  append_escaped_xml(out_, head.language);
  out_ += "\">\n";
  append_element(out_, "  ", "id", head.id);
  append_element(out_, "  ", "title", head.title);
  if (head.subtitle && *head.subtitle) append_element(out_, "  ", "subtitle", **head.subtitle);
  out_ += "  <link rel=\"alternate\" type=\"text/html\" href=\"";
  append_escaped_xml(out_, head.id);
  out_ += "\"/>\n  <link rel=\"self\" type=\"application/atom+xml\" href=\"";
  append_escaped_xml(out_, head.id);
  if (!head.id.ends_with('/')) out_ += '/';
  out_ += "feed.xml\"/>\n";
  append_element(out_, "  ", "updated", head.updated);
}

void AtomWriter::author(const model::Person& person) {
  append_person(out_, "  ", "    ", person);
}

void AtomWriter::entry(const FeedEntry& entry, std::string_view fallback_updated) {
  out_ += "  <entry>\n";
  append_element(out_, "    ", "id", unique_id(entry.href));
  append_element(out_, "    ", "title", entry.title);
  out_ += "    <link rel=\"alternate\" href=\"";
  append_escaped_xml(out_, entry.href);
  out_ += "\"/>\n";
  const std::optional<std::string>& published = *entry.published;
  append_element(out_, "    ", "updated", published ? *published : fallback_updated);
  if (published) append_element(out_, "    ", "published", *published);
  for (const auto& author : *entry.authors)
    append_person(out_, "    ", "      ", author);
  out_ += "    <category term=\"";
  append_escaped_xml(out_, model::to_string(entry.type));
  out_ += "\" label=\"";
  append_escaped_xml(out_, type_label(entry.type));
  out_ += "\"/>\n";
  if (entry.source) append_source(out_, *entry.source);
  append_summary(out_, entry.summary_parts);
  out_ += "  </entry>\n";
}

// Atom ids must be unique within the feed; a link listed twice gets a fragment ("#2", or "-2"
// after an existing one), the first one free in the order the entries are written.
std::string_view AtomWriter::unique_id(const std::string& href) {
  if (used_ids_.insert(href).second) return href;
  const std::string_view separator = href.find('#') == std::string::npos ? "#" : "-";
  for (int n = 2;; ++n) {
    std::string candidate = href;
    candidate += separator;
    candidate += std::to_string(n);
    if (!used_ids_.contains(candidate)) {
      const std::string& id = made_ids_.emplace_back(std::move(candidate));
      used_ids_.insert(id);
      return id;
    }
  }
}

}  // namespace rl::render::atom_detail
