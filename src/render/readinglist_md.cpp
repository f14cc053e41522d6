// readinglist.md: the list as Markdown in the style of the worked example (a Jekyll post), so a
// speaker can take the list back into their blog. Written in the conventions the importer reads
// (markdown_conventions.hpp), so export then import gives back the same spec. Fields Markdown
// has no natural place for (talk, site, language) travel in the front matter.
#include <array>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "front_matter.hpp"
#include "readinglist/model/codec.hpp"
#include "readinglist/render/dates.hpp"
#include "readinglist/render/files.hpp"
#include "readinglist/render/markdown_conventions.hpp"

namespace rl::render {
namespace {

// What append_text does with each byte: every ASCII character that could start Markdown syntax
// gets a backslash, line breaks become spaces.
enum class TextByte : unsigned char { Keep, Escape, Space };
constexpr std::array<TextByte, 256> text_byte_table() {
  std::array<TextByte, 256> table{};
  for (const char c : std::string_view("\\`*_[]<>&!|~#"))
    table[static_cast<unsigned char>(c)] = TextByte::Escape;
  table['\n'] = TextByte::Space;
  table['\r'] = TextByte::Space;
  return table;
}
constexpr std::array<TextByte, 256> kTextBytes = text_byte_table();

// Backslash-escapes every ASCII character that could start Markdown syntax, so plain-text
// fields read back as the same text.
void append_text(std::string& out, std::string_view text) {
  std::size_t run = 0;  // start of the bytes not yet copied
  for (std::size_t i = 0; i < text.size(); ++i) {
    const TextByte action = kTextBytes[static_cast<unsigned char>(text[i])];
    if (action == TextByte::Keep) continue;
    out.append(text, run, i - run);
    if (action == TextByte::Escape) {
      out += '\\';
      run = i;  // the character itself follows its backslash
    } else {
      out += ' ';
      run = i + 1;
    }
  }
  out.append(text, run, text.size() - run);
}

// A link destination; the pointy-bracket form keeps unbalanced parentheses inside the URL.
void append_destination(std::string& out, std::string_view url) {
  int depth = 0;
  bool balanced = true;
  for (const char c : url) {
    depth += c == '(' ? 1 : c == ')' ? -1 : 0;
    if (depth < 0) balanced = false;
  }
  const bool pointy = !balanced || depth != 0;
  if (pointy) out += '<';
  std::size_t run = 0;  // start of the bytes not yet copied
  for (std::size_t i = 0; i < url.size(); ++i) {
    const char c = url[i];
    if (c != '<' && c != '>' && c != ' ') continue;
    static constexpr std::string_view kHex = "0123456789ABCDEF";
    out.append(url, run, i - run);
    out += '%';
    out += kHex[static_cast<unsigned char>(c) >> 4U];
    out += kHex[static_cast<unsigned char>(c) & 0x0fU];
    run = i + 1;
  }
  out.append(url, run, url.size() - run);
  if (pointy) out += '>';
}

void append_link(std::string& out, std::string_view text, std::string_view url) {
  out += '[';
  append_text(out, text);
  out += "](";
  append_destination(out, url);
  out += ')';
}

void append_person(std::string& out, const model::Person& person) {
  if (person.url) {
    append_link(out, person.name, *person.url);
  } else {
    append_text(out, person.name);
  }
  if (person.handle) {
    out += " (";
    append_text(out, *person.handle);
    out += ')';
  }
  if (person.affiliation) {
    // The importer tells "Name, Affiliation" from "Name, Name" by the look of the second part;
    // an affiliation that reads like a name goes in parentheses instead.
    const bool reads_like_name = looks_like_person_name(*person.affiliation);
    out += reads_like_name ? " (" : ", ";
    append_text(out, *person.affiliation);
    if (reads_like_name) out += ')';
  }
}

void append_indented(std::string& out, std::string_view text, std::string_view indent) {
  bool at_line_start = true;
  for (const char c : text) {
    if (at_line_start && c != '\n') out += indent;
    out += c;
    at_line_start = c == '\n';
  }
}

void append_entry(std::string& out, const model::Entry& entry) {
  out += "- **";
  // A Collection without a URL is what a bold title over a nested list means, so it needs no
  // label (the worked example's "Open Source Projects").
  const bool implied_collection =
      entry.type == model::EntryType::Collection && !entry.url && !entry.items.empty();
  if (entry.type && !implied_collection) {
    out += markdown_type_label(*entry.type);
    out += ": ";
  }
  if (entry.url) {
    append_link(out, entry.title, *entry.url);
    out += "**";
  } else {
    append_text(out, entry.title);
    out += entry.items.empty() ? "**" : "**:";
  }
  if (!entry.authors.empty()) {
    out += ", by ";
    for (std::size_t i = 0; i < entry.authors.size(); ++i) {
      if (i > 0) out += " and ";
      append_person(out, entry.authors[i]);
    }
  }
  if (entry.source || entry.published) {
    out += " (";
    if (entry.source) {
      if (entry.source->url) {
        append_link(out, entry.source->name, *entry.source->url);
      } else {
        append_text(out, entry.source->name);
      }
    }
    if (entry.published) {
      if (entry.source) out += ", ";
      append_formatted_partial_date(out, *entry.published);
    }
    out += ")";
  }
  out += "\n";
  if (entry.note) {
    out += "\n";
    append_indented(out, *entry.note, "  ");
    out += "\n";
  }
  if (!entry.items.empty()) {
    if (entry.note) out += "\n";
    for (const auto& item : entry.items) {
      out += "  - ";
      append_link(out, item.title, item.url);
      if (item.description) {
        out += ", ";
        append_text(out, *item.description);
      }
      out += "\n";
    }
  }
}

void append_front_matter(std::string& out, const model::ReadingList& list) {
  nlohmann::ordered_json matter = nlohmann::ordered_json::object();
  matter["layout"] = "post";
  matter["title"] = list.spec.title;
  if (list.spec.language) matter["lang"] = *list.spec.language;
  // The codec spells talk and site; encoding only them spares encoding every entry.
  if (list.spec.talk || list.spec.site) {
    model::ReadingListSpec talk_and_site;
    talk_and_site.talk = list.spec.talk;
    talk_and_site.site = list.spec.site;
    const nlohmann::json spec = model::to_json(talk_and_site);
    if (spec.contains("talk")) matter["talk"] = nlohmann::ordered_json(spec.at("talk"));
    if (spec.contains("site")) matter["site"] = nlohmann::ordered_json(spec.at("site"));
  }
  out += "---\n";
  out += detail::front_matter_yaml(matter);
  out += "---\n";
}

void append_epigraph(std::string& out, const model::Epigraph& epigraph) {
  out += "> “";
  append_text(out, epigraph.text);
  out += "”\n";
  if (epigraph.author) {
    const auto& author = *epigraph.author;
    out += ">  — ";
    if (author.handle && author.url) {
      append_text(out, author.name);
      out += " (";
      append_link(out, *author.handle, *author.url);
      out += ")";
    } else {
      if (author.url) {
        append_link(out, author.name, *author.url);
      } else {
        append_text(out, author.name);
      }
      if (author.handle) {
        out += " (";
        append_text(out, *author.handle);
        out += ")";
      }
    }
    if (author.affiliation) {
      out += ", ";
      append_text(out, *author.affiliation);
    }
    out += "\n";
  }
}

// Markdown the user wrote, as it is, ending in a line break.
void append_markdown(std::string& out, std::string_view markdown) {
  out += "\n";
  out += markdown;
  if (!markdown.ends_with('\n')) out += "\n";
}

std::size_t estimated_size(const model::ReadingListSpec& spec) {
  std::size_t size = 2048 + spec.description.value_or("").size();
  for (const auto& section : spec.sections)
    size += 128 + section.entries.size() * 384;
  return size;
}

}  // namespace

std::string render_readinglist_md(const model::ReadingList& list) {
  const auto& spec = list.spec;
  std::string out;
  out.reserve(estimated_size(spec));
  append_front_matter(out, list);
  out += "\n# ";
  append_text(out, spec.title);
  out += "\n";
  if (spec.subtitle) {
    out += "\n*";
    append_text(out, *spec.subtitle);
    out += "*\n";
  }
  if (spec.description) append_markdown(out, *spec.description);
  if (spec.epigraph) {
    out += "\n";
    append_epigraph(out, *spec.epigraph);
  }
  for (const auto& section : spec.sections) {
    out += "\n## ";
    append_text(out, section.title);
    out += "\n";
    if (section.description) append_markdown(out, *section.description);
    out += "\n";
    for (const auto& entry : section.entries)
      append_entry(out, entry);
  }
  return out;
}

}  // namespace rl::render
