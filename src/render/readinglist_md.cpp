// readinglist.md: the list as Markdown in the style of the worked example (a Jekyll post), so a
// speaker can take the list back into their blog. Written in the conventions the importer reads
// (markdown_conventions.hpp), so export then import gives back the same spec. Fields Markdown
// has no natural place for (talk, site, language) travel in the front matter.
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "readinglist/model/codec.hpp"
#include "readinglist/render/dates.hpp"
#include "readinglist/render/files.hpp"
#include "readinglist/render/markdown_conventions.hpp"

namespace rl::render {
namespace {

// Backslash-escapes every ASCII character that could start Markdown syntax, so plain-text
// fields read back as the same text.
std::string escape_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (std::string_view("\\`*_[]<>&!|~#").find(c) != std::string_view::npos) out += '\\';
    out += (c == '\n' || c == '\r') ? ' ' : c;
  }
  return out;
}

// A link destination; the pointy-bracket form keeps unbalanced parentheses inside the URL.
std::string destination(std::string_view url) {
  std::string out;
  for (const char c : url) {
    if (c == '<' || c == '>' || c == ' ') {
      static constexpr std::string_view kHex = "0123456789ABCDEF";
      out += '%';
      out += kHex[static_cast<unsigned char>(c) >> 4U];
      out += kHex[static_cast<unsigned char>(c) & 0x0fU];
    } else {
      out += c;
    }
  }
  int depth = 0;
  bool balanced = true;
  for (const char c : out) {
    depth += c == '(' ? 1 : c == ')' ? -1 : 0;
    if (depth < 0) balanced = false;
  }
  return balanced && depth == 0 ? out : "<" + out + ">";
}

std::string link(std::string_view text, std::string_view url) {
  return "[" + escape_text(text) + "](" + destination(url) + ")";
}

std::string person_markdown(const model::Person& person) {
  std::string out = person.url ? link(person.name, *person.url) : escape_text(person.name);
  if (person.handle) out += " (" + escape_text(*person.handle) + ")";
  if (person.affiliation) {
    // The importer tells "Name, Affiliation" from "Name, Name" by the look of the second part;
    // an affiliation that reads like a name goes in parentheses instead.
    out += looks_like_person_name(*person.affiliation)
               ? " (" + escape_text(*person.affiliation) + ")"
               : ", " + escape_text(*person.affiliation);
  }
  return out;
}

std::string indented(std::string_view text, std::string_view indent) {
  std::string out;
  bool at_line_start = true;
  for (const char c : text) {
    if (at_line_start && c != '\n') out += indent;
    out += c;
    at_line_start = c == '\n';
  }
  return out;
}

std::string entry_markdown(const model::Entry& entry) {
  std::string out = "- **";
  // A Collection without a URL is what a bold title over a nested list means, so it needs no
  // label (the worked example's "Open Source Projects").
  const bool implied_collection =
      entry.type == model::EntryType::Collection && !entry.url && !entry.items.empty();
  if (entry.type && !implied_collection)
    out += std::string(markdown_type_label(*entry.type)) + ": ";
  if (entry.url) {
    out += link(entry.title, *entry.url) + "**";
  } else {
    out += escape_text(entry.title) + "**" + (entry.items.empty() ? "" : ":");
  }
  if (!entry.authors.empty()) {
    out += ", by ";
    for (std::size_t i = 0; i < entry.authors.size(); ++i) {
      if (i > 0) out += " and ";
      out += person_markdown(entry.authors[i]);
    }
  }
  if (entry.source || entry.published) {
    out += " (";
    if (entry.source) {
      out += entry.source->url ? link(entry.source->name, *entry.source->url)
                               : escape_text(entry.source->name);
    }
    if (entry.published) {
      if (entry.source) out += ", ";
      out += format_partial_date(*entry.published);
    }
    out += ")";
  }
  out += "\n";
  if (entry.note) out += "\n" + indented(*entry.note, "  ") + "\n";
  if (!entry.items.empty()) {
    if (entry.note) out += "\n";
    for (const auto& item : entry.items) {
      out += "  - " + link(item.title, item.url);
      if (item.description) out += ", " + escape_text(*item.description);
      out += "\n";
    }
  }
  return out;
}

std::string front_matter(const model::ReadingList& list) {
  nlohmann::ordered_json matter = nlohmann::ordered_json::object();
  matter["layout"] = "post";
  matter["title"] = list.spec.title;
  if (list.spec.language) matter["lang"] = *list.spec.language;
  const nlohmann::json spec = model::to_json(list.spec);
  if (spec.contains("talk")) matter["talk"] = nlohmann::ordered_json(spec.at("talk"));
  if (spec.contains("site")) matter["site"] = nlohmann::ordered_json(spec.at("site"));
  return "---\n" + model::to_yaml(matter) + "---\n";
}

std::string epigraph_markdown(const model::Epigraph& epigraph) {
  std::string out = "> “" + escape_text(epigraph.text) + "”\n";
  if (epigraph.author) {
    const auto& author = *epigraph.author;
    out += ">  — ";
    if (author.handle && author.url) {
      out += escape_text(author.name) + " (" + link(*author.handle, *author.url) + ")";
    } else {
      out += author.url ? link(author.name, *author.url) : escape_text(author.name);
      if (author.handle) out += " (" + escape_text(*author.handle) + ")";
    }
    if (author.affiliation) out += ", " + escape_text(*author.affiliation);
    out += "\n";
  }
  return out;
}

}  // namespace

std::string render_readinglist_md(const model::ReadingList& list) {
  const auto& spec = list.spec;
  std::string out = front_matter(list);
  out += "\n# " + escape_text(spec.title) + "\n";
  if (spec.subtitle) out += "\n*" + escape_text(*spec.subtitle) + "*\n";
  if (spec.description)
    out += "\n" + *spec.description + (spec.description->ends_with('\n') ? "" : "\n");
  if (spec.epigraph) out += "\n" + epigraph_markdown(*spec.epigraph);
  for (const auto& section : spec.sections) {
    out += "\n## " + escape_text(section.title) + "\n";
    if (section.description) {
      out += "\n" + *section.description + (section.description->ends_with('\n') ? "" : "\n");
    }
    out += "\n";
    for (const auto& entry : section.entries)
      out += entry_markdown(entry);
  }
  return out;
}

}  // namespace rl::render
