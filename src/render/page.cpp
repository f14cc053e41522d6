// index.html: the reading list as one semantic HTML5 page. Everything a user wrote goes through
// append_escaped_html, every link through safe_href, Markdown through markdown.hpp; the only
// <script> is the JSON-LD data block. One string, appended in order: no DOM, no templates.
#include <string>
#include <unordered_set>

#include "page_detail.hpp"
#include "readinglist/model/names.hpp"
#include "readinglist/render/dates.hpp"
#include "readinglist/render/escape.hpp"
#include "readinglist/render/files.hpp"
#include "readinglist/render/markdown.hpp"

namespace rl::render {
namespace {

using model::Entry;
using model::EntryType;
using model::Person;

std::string_view type_label(EntryType type) {
  switch (type) {
    case EntryType::BlogPost:
      return "Blog post";
    case EntryType::Article:
      return "Article";
    case EntryType::Talk:
      return "Talk";
    case EntryType::Video:
      return "Video";
    case EntryType::Podcast:
      return "Podcast";
    case EntryType::Paper:
      return "Paper";
    case EntryType::Book:
      return "Book";
    case EntryType::Website:
      return "Website";
    case EntryType::Project:
      return "Project";
    case EntryType::Collection:
      return "Open source projects";
  }
  return "Website";
}

class PageWriter {
 public:
  explicit PageWriter(std::string& out) : out_(out) {}

  void raw(std::string_view html) { out_ += html; }
  void text(std::string_view text) { append_escaped_html(out_, text); }

  // An external link, or just the label when the URL is missing or not http(s)/mailto.
  void link(const std::optional<std::string>& url, std::string_view label) {
    if (!url || !assign_safe_href(href_, *url)) return text(label);
    raw("<a href=\"");
    text(href_);
    raw("\" rel=\"noopener\">");
    text(label);
    raw("</a>");
  }

  void date(std::string_view partial_date) {
    raw("<time datetime=\"");
    text(partial_date);
    raw("\">");
    scratch_.clear();
    append_formatted_partial_date(scratch_, partial_date);
    text(scratch_);
    raw("</time>");
  }

  // "Name", "<a>Name</a>" or "Name (<a>@handle</a>)", then ", Affiliation".
  void person(const Person& who) {
    if (who.handle && !who.handle->empty()) {
      text(who.name);
      raw(" (");
      link(who.url, *who.handle);
      raw(")");
    } else {
      link(who.url, who.name);
    }
    if (who.affiliation && !who.affiliation->empty()) {
      raw(", ");
      text(*who.affiliation);
    }
  }

  // "A", "A and B", "A, B and C"; with affiliations (which contain commas themselves) three or
  // more people are separated by semicolons: "A, X; B, Y; and C, Z".
  void people(const std::vector<Person>& people) {
    bool affiliations = false;
    for (const auto& who : people)
      affiliations = affiliations || who.affiliation.has_value();
    for (std::size_t i = 0; i < people.size(); ++i) {
      if (i > 0 && i + 1 < people.size()) raw(affiliations ? "; " : ", ");
      if (i > 0 && i + 1 == people.size()) {
        raw(people.size() > 2 && affiliations ? "; and " : " and ");
      }
      person(people[i]);
    }
  }

  // "Label: <cite>Title</cite>, by People (Where, When)". A Collection's title names what it
  // collects, so it stands alone as the heading instead of following a label.
  // `note` is the entry's note rendered (when it has one).
  void entry(const Entry& entry, const MarkdownForms& note) {
    const EntryType type = entry.effective_type();
    raw("<li>");
    if (type != EntryType::Collection || entry.title.empty()) {
      raw("<span class=\"type\">");
      text(type_label(type));
      raw(entry.title.empty() ? "</span>" : ":</span> ");
    }
    if (!entry.title.empty()) {
      raw("<cite>");
      link(entry.url, entry.title);
      raw("</cite>");
    }
    if (!entry.authors.empty()) {
      raw(", by ");
      people(entry.authors);
    }
    where_and_when(entry.source, entry.published);
    const bool block_note = entry.note && this->note(note.html);
    if (!entry.items.empty()) {
      if (!entry.note) raw(":");
      raw("\n<ul class=\"items\">\n");
      for (const auto& item : entry.items) {
        raw("<li>");
        link(item.url, item.title);
        if (item.description && !item.description->empty()) {
          raw(", ");
          text(*item.description);
        }
        raw("</li>\n");
      }
      raw("</ul>\n");
    } else if (block_note) {
      raw("\n");
    }
    raw("</li>\n");
  }

  void talk(const model::Talk& talk) {
    raw("<p class=\"talk\"><span class=\"type\">Talk");
    if (talk.title) {
      raw(":</span> <cite>");
      link(talk.url, *talk.title);
      raw("</cite>");
      if (!talk.speakers.empty()) raw(",");
    } else {
      raw("</span>");
    }
    if (!talk.speakers.empty()) {
      raw(" by ");
      people(talk.speakers);
    }
    std::optional<model::Source> event;
    if (talk.event) event = model::Source{.name = *talk.event, .url = std::nullopt};
    where_and_when(event, talk.date);
    raw("</p>\n");
  }

  void epigraph(const model::Epigraph& epigraph) {
    raw("<figure class=\"epigraph\">\n<blockquote>\n");
    // Plain text, but a blank line still separates paragraphs.
    std::string_view rest = epigraph.text;
    while (!rest.empty()) {
      const std::size_t end = rest.find("\n\n");
      const std::string_view paragraph = rest.substr(0, end);
      if (paragraph.find_first_not_of(" \t\r\n") != std::string_view::npos) {
        raw("<p>");
        text(paragraph);
        raw("</p>\n");
      }
      rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 2);
    }
    raw("</blockquote>\n");
    if (epigraph.author) {
      raw("<figcaption>\xE2\x80\x94 ");  // em dash
      person(*epigraph.author);
      raw("</figcaption>\n");
    }
    raw("</figure>\n");
  }

  void markdown_block(std::string_view css_class, const std::optional<std::string>& markdown) {
    if (markdown) html_block(css_class, markdown_to_html(*markdown));
  }

  void html_block(std::string_view css_class, std::string_view html) {
    if (html.empty()) return;
    raw("<div class=\"");
    raw(css_class);
    raw("\">\n");
    raw(html);
    raw("</div>\n");
  }

 private:
  // " (Source, Date)", " (Source)" or " (Date)". A year the source's name already ends with
  // ("ServiceMeshCon 2022") is not repeated.
  void where_and_when(const std::optional<model::Source>& source,
                      const std::optional<std::string>& date) {
    const bool has_source = source && !source->name.empty();
    bool has_date = date && !date->empty();
    if (has_source && has_date && date->size() == 4 && source->name.ends_with(*date)) {
      has_date = false;
    }
    if (!has_source && !has_date) return;
    raw(" (");
    if (has_source) link(source->url, source->name);
    if (has_source && has_date) raw(", ");
    if (has_date) this->date(*date);
    raw(")");
  }

  // A one-paragraph note follows the entry on the same line after a dash; a longer one gets
  // its own block. Returns whether it was a block.
  bool note(std::string_view html) {
    if (html.empty()) return false;
    constexpr std::string_view kOpen = "<p>", kClose = "</p>\n";
    const bool one_paragraph = html.starts_with(kOpen) && html.ends_with(kClose) &&
                               html.find(kOpen, kOpen.size()) == std::string::npos;
    if (one_paragraph) {
      raw(" \xE2\x80\x94 <span class=\"note\">");  // em dash
      raw(html.substr(kOpen.size(), html.size() - kOpen.size() - kClose.size()));
      raw("</span>");
      return false;
    }
    raw("\n<div class=\"note\">\n");
    raw(html);
    raw("</div>");
    return true;
  }

  std::string& out_;
  std::string href_;     // the link being written, kept to reuse its storage
  std::string scratch_;  // likewise for a date
};

// A readable, unique fragment id for each section: "why-rust", "why-rust-2", ...
std::string section_id(std::string_view title, std::unordered_set<std::string>& used) {
  std::string id;
  for (const char c : title) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (alnum) {
      id += c;
    } else if (c >= 'A' && c <= 'Z') {
      id += static_cast<char>(c - 'A' + 'a');
    } else if (c == '\'') {
      continue;  // "Linkerd's" -> "linkerds"
    } else if (!id.empty() && id.back() != '-') {
      id += '-';
    }
  }
  while (!id.empty() && id.back() == '-')
    id.pop_back();
  if (id.empty()) id = "section";
  std::string unique = id;
  for (int n = 2; !used.insert(unique).second; ++n)
    unique = id + '-' + std::to_string(n);
  return unique;
}

// Enough for the page and its JSON-LD block (each entry appears in both, its note twice), so
// the string never has to grow and copy itself.
std::size_t estimated_size(const model::ReadingListSpec& spec) {
  const auto length = [](const std::optional<std::string>& text) {
    return text ? text->size() : 0;
  };
  std::size_t size = 4096 + length(spec.description) * 2;
  for (const auto& section : spec.sections) {
    size += 256 + length(section.description) * 2;
    for (const auto& entry : section.entries)
      size += 1024 + entry.items.size() * 320 + length(entry.note) * 3;
  }
  return size;
}

}  // namespace

std::string render_index_html(const model::ReadingList& list) {
  return detail::render_index_html(list, detail::render_list_markdown(list.spec));
}

std::string detail::render_index_html(const model::ReadingList& list,
                                      const ListMarkdown& markdown) {
  const auto& spec = list.spec;
  const std::string page_url = safe_href(model::site_url(list));
  const std::string summary = page_detail::summary(spec, markdown);
  const model::Theme theme = spec.effective_site().effective_theme();

  std::string out;
  out.reserve(estimated_size(spec));
  PageWriter page(out);

  page.raw("<!DOCTYPE html>\n<html lang=\"");
  page.text(spec.effective_language());
  page.raw("\" data-theme=\"");
  page.raw(model::to_string(theme));
  page.raw("\">\n<head>\n<meta charset=\"utf-8\">\n");
  page.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
  page.raw("<title>");
  page.text(spec.title);
  page.raw("</title>\n");
  if (!summary.empty()) {
    page.raw("<meta name=\"description\" content=\"");
    page.text(summary);
    page.raw("\">\n");
  }
  page.raw(theme == model::Theme::Auto   ? "<meta name=\"color-scheme\" content=\"light dark\">\n"
           : theme == model::Theme::Dark ? "<meta name=\"color-scheme\" content=\"dark\">\n"
                                         : "<meta name=\"color-scheme\" content=\"light\">\n");
  page.raw("<meta property=\"og:title\" content=\"");
  page.text(spec.title);
  page.raw("\">\n");
  if (!summary.empty()) {
    page.raw("<meta property=\"og:description\" content=\"");
    page.text(summary);
    page.raw("\">\n");
  }
  page.raw("<meta property=\"og:type\" content=\"website\">\n");
  if (!page_url.empty()) {
    page.raw("<meta property=\"og:url\" content=\"");
    page.text(page_url);
    page.raw("\">\n<link rel=\"canonical\" href=\"");
    page.text(page_url);
    page.raw("\">\n");
  }
  page.raw("<link rel=\"stylesheet\" href=\"style.css\">\n");
  page.raw("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"");
  page.text(spec.title);
  page.raw("\" href=\"feed.xml\">\n");
  page.raw("<script type=\"application/ld+json\">");
  page_detail::append_json_ld(out, list, page_url, summary, markdown);
  page.raw("</script>\n</head>\n<body>\n<header>\n<h1>");
  page.text(spec.title);
  page.raw("</h1>\n");
  if (spec.subtitle && !spec.subtitle->empty()) {
    page.raw("<p class=\"subtitle\">");
    page.text(*spec.subtitle);
    page.raw("</p>\n");
  }
  if (spec.talk) page.talk(*spec.talk);
  if (markdown.description) page.html_block("description", markdown.description->html);
  if (spec.epigraph) page.epigraph(*spec.epigraph);
  page.raw("</header>\n<main>\n");

  std::unordered_set<std::string> ids;
  std::size_t entry_index = 0;
  for (const auto& section : spec.sections) {
    page.raw("<section id=\"");
    page.raw(section_id(section.title, ids));  // [a-z0-9-] only
    page.raw("\">\n<h2>");
    page.text(section.title);
    page.raw("</h2>\n");
    page.markdown_block("section-description", section.description);
    if (!section.entries.empty()) {
      page.raw("<ul class=\"entries\">\n");
      for (const auto& entry : section.entries)
        page.entry(entry, markdown.notes[entry_index++]);
      page.raw("</ul>\n");
    }
    page.raw("</section>\n");
  }

  page.raw(
      "</main>\n<footer>\n<p><small>Generated by readinglist-operator \xC2\xB7 "
      "<a href=\"feed.xml\">Atom feed</a> \xC2\xB7 "
      "<a href=\"readinglist.json\">readinglist.json</a></small></p>\n"
      "</footer>\n</body>\n</html>\n");
  return out;
}

}  // namespace rl::render
