// The pieces of HTML both pages are made of. Everything a user wrote goes through
// append_escaped_html, every link through safe_href.
#include "page_writer.hpp"

#include "readinglist/render/dates.hpp"

namespace rl::render::page_detail {
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

}  // namespace

void PageWriter::head(const PageHead& head) {
  raw("<!DOCTYPE html>\n<html lang=\"");
  text(head.language);
  raw("\" data-theme=\"");
  raw(model::to_string(head.theme));
  raw("\">\n<head>\n<meta charset=\"utf-8\">\n");
  raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
  raw("<title>");
  text(head.title);
  raw("</title>\n");
  if (!head.summary.empty()) {
    raw("<meta name=\"description\" content=\"");
    text(head.summary);
    raw("\">\n");
  }
  raw(head.theme == model::Theme::Auto   ? "<meta name=\"color-scheme\" content=\"light dark\">\n"
      : head.theme == model::Theme::Dark ? "<meta name=\"color-scheme\" content=\"dark\">\n"
                                         : "<meta name=\"color-scheme\" content=\"light\">\n");
  raw("<meta property=\"og:title\" content=\"");
  text(head.title);
  raw("\">\n");
  if (!head.summary.empty()) {
    raw("<meta property=\"og:description\" content=\"");
    text(head.summary);
    raw("\">\n");
  }
  raw("<meta property=\"og:type\" content=\"website\">\n");
  if (!head.page_url.empty()) {
    raw("<meta property=\"og:url\" content=\"");
    text(head.page_url);
    raw("\">\n<link rel=\"canonical\" href=\"");
    text(head.page_url);
    raw("\">\n");
  }
  raw("<link rel=\"stylesheet\" href=\"style.css\">\n");
  raw("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"");
  text(head.title);
  raw("\" href=\"feed.xml\">\n");
}

void PageWriter::link(const std::optional<std::string>& url, std::string_view label) {
  if (!url || !assign_safe_href(href_, *url)) return text(label);
  raw("<a href=\"");
  text(href_);
  raw("\" rel=\"noopener\">");
  text(label);
  raw("</a>");
}

void PageWriter::date(std::string_view partial_date) {
  raw("<time datetime=\"");
  text(partial_date);
  raw("\">");
  scratch_.clear();
  append_formatted_partial_date(scratch_, partial_date);
  text(scratch_);
  raw("</time>");
}

void PageWriter::person(const Person& who) {
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

void PageWriter::people(const std::vector<Person>& people) {
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

void PageWriter::entry(const Entry& entry, const MarkdownForms& note) {
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

void PageWriter::talk(const model::Talk& talk) {
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

void PageWriter::epigraph(const model::Epigraph& epigraph) {
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

void PageWriter::html_block(std::string_view css_class, std::string_view html) {
  if (html.empty()) return;
  raw("<div class=\"");
  raw(css_class);
  raw("\">\n");
  raw(html);
  raw("</div>\n");
}

void PageWriter::where_and_when(const std::optional<model::Source>& source,
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

bool PageWriter::note(std::string_view html) {
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

}  // namespace rl::render::page_detail
