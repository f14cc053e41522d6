// A microsite's index.html: the event, the microsite's title and description, then one card per
// list in the order given, each linking to "NAME/" (relative, so the site works under any Ingress
// path). Written through page_writer.hpp like the list page, so everything is escaped and the
// only <script> is the JSON-LD block: a schema.org ItemList of the lists, each about its talk.
#include <cstdint>
#include <string>

#include "json_writer.hpp"
#include "microsite_detail.hpp"
#include "page_detail.hpp"
#include "page_writer.hpp"
#include "readinglist/model/microsite_names.hpp"
#include "readinglist/render/dates.hpp"
#include "readinglist/render/escape.hpp"
#include "readinglist/render/markdown.hpp"

namespace rl::render::microsite_detail {
namespace {

using json_detail::JsonWriter;
using page_detail::PageWriter;

// " · " between the parts of the event line.
constexpr std::string_view kDot = " \xC2\xB7 ";

// <p class="event">Event (linked) · dates · location</p>, leaving out what the event lacks.
void write_event(PageWriter& page, const model::EventSpec& event) {
  const auto given = [](const std::optional<std::string>& text) { return text && !text->empty(); };
  const bool has_start = given(event.start_date);
  const bool has_end = given(event.end_date) && event.end_date != event.start_date;
  const bool has_location = given(event.location);
  if (event.name.empty() && !has_start && !has_end && !has_location) return;
  page.raw("<p class=\"event\">");
  bool first = true;
  const auto separate = [&] {
    if (!first) page.raw(kDot);
    first = false;
  };
  if (!event.name.empty()) {
    separate();
    page.link(event.url, event.name);
  }
  if (has_start || has_end) separate();
  if (has_start) page.date(*event.start_date);
  if (has_start && has_end) page.raw(" \xE2\x80\x93 ");  // en dash
  if (has_end) page.date(*event.end_date);
  if (has_location) {
    separate();
    page.text(*event.location);
  }
  page.raw("</p>\n");
}

// One card: the list's title linking to its page, its talk, and how many entries it has. The
// talk's event is left out when it is the microsite's own, which the header already names.
void write_card(PageWriter& page, const model::ReadingList& list,
                const std::optional<model::EventSpec>& event) {
  const std::string_view name = list.metadata.name;
  const std::string_view title = list.spec.title.empty() ? name : list.spec.title;
  page.raw("<li class=\"card\">\n<h2>");
  if (is_servable_list_name(name)) {
    page.raw("<a href=\"");
    page.raw(name);  // [a-z0-9-] only
    page.raw("/\">");
    page.text(title);
    page.raw("</a>");
  } else {
    page.text(title);
  }
  page.raw("</h2>\n");
  if (list.spec.talk) {
    model::Talk talk = *list.spec.talk;
    if (event && talk.event == event->name) talk.event.reset();
    page.talk(talk);
  }
  const std::int64_t entries = model::count_entries(list.spec);
  page.raw("<p class=\"count\">");
  page.raw(std::to_string(entries));
  page.raw(entries == 1 ? " entry" : " entries");
  page.raw("</p>\n</li>\n");
}

// A schema.org Event: the microsite's event, or a list's talk. Members in sorted key order.
void event_json(JsonWriter& json, std::string_view name, const std::optional<std::string>& url,
                const std::optional<std::string>& start, const std::optional<std::string>& end,
                const std::optional<std::string>& location,
                const std::vector<model::Person>& performers, std::string& href) {
  json.begin_object();
  json.member("@type", "Event");
  // Only real partial dates: schema.org reads ISO 8601, which allows YYYY and YYYY-MM.
  if (end && is_partial_date(*end)) json.member("endDate", *end);
  if (location) {
    json.key("location");
    json.begin_object();
    json.member("@type", "Place");
    json.member("name", *location);
    json.end_object();
  }
  json.member("name", name);
  if (!performers.empty()) {
    json.key("performer");
    json.begin_array();
    for (const auto& who : performers)
      page_detail::append_json_ld_person(json, who, href);
    json.end_array();
  }
  if (start && is_partial_date(*start)) json.member("startDate", *start);
  if (url) page_detail::append_json_ld_url(json, *url, href);
  json.end_object();
}

void append_json_ld(std::string& out, const model::Microsite& microsite,
                    std::span<const model::ReadingList* const> lists, std::string_view page_url,
                    std::string_view summary) {
  const auto& spec = microsite.spec;
  JsonWriter json(out, json_detail::Layout::Compact, json_detail::Strings::ScriptSafe);
  std::string href;
  json.begin_object();
  json.member("@context", "https://schema.org");
  json.member("@type", "ItemList");
  if (spec.event) {
    json.key("about");
    event_json(json, spec.event->name, spec.event->url, spec.event->start_date,
               spec.event->end_date, spec.event->location, {}, href);
  }
  if (!summary.empty()) json.member("description", summary);
  json.member("inLanguage", spec.effective_language());
  json.key("itemListElement");
  json.begin_array();
  std::int64_t position = 0;
  for (const model::ReadingList* list : lists) {
    json.begin_object();
    json.member("@type", "ListItem");
    json.key("item");
    json.begin_object();
    json.member("@type", "ItemList");
    if (const auto& talk = list->spec.talk) {
      json.key("about");
      event_json(json, talk->title.value_or(list->spec.title), talk->url, talk->date, std::nullopt,
                 std::nullopt, talk->speakers, href);
    }
    json.member("name", list->spec.title);
    json.key("numberOfItems");
    json.integer(model::count_entries(list->spec));
    if (std::string url = list_page_url(page_url, list->metadata.name); !url.empty()) {
      json.member("url", url);
    }
    json.end_object();
    json.key("position");
    json.integer(++position);
    json.end_object();
  }
  json.end_array();
  json.member("name", spec.title);
  json.key("numberOfItems");
  json.integer(position);
  if (!page_url.empty()) json.member("url", page_url);
  json.end_object();
}

}  // namespace

std::string list_page_url(std::string_view site_url, std::string_view name) {
  if (site_url.empty() || !is_servable_list_name(name)) return {};
  std::string url(site_url);
  if (!url.ends_with('/')) url += '/';
  url += name;
  url += '/';
  return url;
}

std::string microsite_index_html(const model::Microsite& microsite,
                                 std::span<const model::ReadingList* const> lists) {
  const auto& spec = microsite.spec;
  const std::string page_url = safe_href(model::microsite_url(microsite));
  std::optional<MarkdownForms> description;
  if (spec.description) description = markdown_forms(*spec.description);
  const std::string summary =
      description ? page_detail::shorten(description->plain_text) : std::string();

  std::string out;
  out.reserve(4096 + (description ? description->html.size() * 2 : 0) + 1024 * lists.size());
  PageWriter page(out);
  page.head({.language = spec.effective_language(),
             .theme = spec.effective_theme(),
             .title = spec.title,
             .summary = summary,
             .page_url = page_url});
  page.raw("<script type=\"application/ld+json\">");
  append_json_ld(out, microsite, lists, page_url, summary);
  page.raw("</script>\n</head>\n<body>\n<header>\n<h1>");
  page.text(spec.title);
  page.raw("</h1>\n");
  if (spec.event) write_event(page, *spec.event);
  if (description) page.html_block("description", description->html);
  page.raw("</header>\n<main>\n");
  if (lists.empty()) {
    page.raw(
        "<p class=\"empty\">No talks yet. Their reading lists will appear here as soon as "
        "they are published.</p>\n");
  } else {
    page.raw("<ul class=\"cards\">\n");
    for (const model::ReadingList* list : lists)
      write_card(page, *list, spec.event);
    page.raw("</ul>\n");
  }
  page.raw(
      "</main>\n<footer>\n<p><small>Generated by readinglist-operator \xC2\xB7 "
      "<a href=\"feed.xml\">Atom feed</a></small></p>\n</footer>\n</body>\n</html>\n");
  return out;
}

}  // namespace rl::render::microsite_detail
