#include "entry_parse.hpp"

#include <algorithm>

#include "readinglist/import/english_dates.hpp"
#include "readinglist/model/limits.hpp"
#include "readinglist/render/markdown_conventions.hpp"

namespace rl::import::detail {
namespace {

bool starts_with_word_by(std::string_view text) {
  return text.size() > 3 && (text[0] == 'b' || text[0] == 'B') && text[1] == 'y' && text[2] == ' ';
}

// The index of the '(' that the ')' ending `text` closes, if `text` ends with one.
std::optional<std::size_t> trailing_parenthesis(std::string_view text) {
  if (text.empty() || text.back() != ')') return std::nullopt;
  int depth = 0;
  for (std::size_t i = text.size(); i-- > 0;) {
    if (text[i] == ')') ++depth;
    if (text[i] == '(' && --depth == 0) return i;
  }
  return std::nullopt;
}

std::vector<std::string_view> split_commas(std::string_view text) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == ',') {
      parts.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

// The longest comma-separated tail of `text` that is a date: "Google Security Blog, May 9,
// 2019" -> ("Google Security Blog", "2019-05-09").
std::pair<std::string_view, std::optional<std::string>> split_date(std::string_view marked,
                                                                   const std::vector<Link>& links) {
  const auto parts = split_commas(marked);
  std::size_t offset = 0;
  for (std::size_t k = 0; k < parts.size(); ++k) {
    const auto tail = marked.substr(offset);
    if (link_indices(tail).empty()) {
      if (auto date = parse_english_date(trim(to_plain(tail, links)))) {
        return {marked.substr(0, offset == 0 ? 0 : offset - 1), date};
      }
    }
    offset += parts[k].size() + 1;
  }
  return {marked, std::nullopt};
}

// A closing "(...)" names where and when the entry appeared unless it reads like a remark
// ("(hey, that's me!)").
bool is_source_shaped(std::string_view inner, const std::vector<Link>& links) {
  if (!link_indices(inner).empty()) return true;
  if (split_date(inner, links).second) return true;
  const std::string plain = to_plain(trim(inner), links);
  if (plain.empty() || plain.ends_with('!') || plain.ends_with('?')) return false;
  return !(plain.front() >= 'a' && plain.front() <= 'z');
}

void read_source(std::string_view inner, const std::vector<Link>& links, model::Entry& entry) {
  auto [source_part, date] = split_date(inner, links);
  if (date) entry.published = date;
  source_part = trim(source_part, ",;");
  if (source_part.empty()) return;
  model::Source source;
  if (const auto index = sole_link(source_part); index && is_web_url(links[*index].url)) {
    source.name = links[*index].text;
    source.url = links[*index].url;
  } else {
    source.name = std::string(trim(to_plain(source_part, links)));
    for (const auto other : link_indices(source_part)) {
      if (is_web_url(links[other].url)) {
        source.url = links[other].url;
        break;
      }
    }
    // "(ServiceMeshCon 2022)": the event's edition also dates the entry. A linked name is kept
    // whole, as it is the name of a site.
    if (!entry.published && link_indices(source_part).empty() && source.name.size() > 5 &&
        source.name[source.name.size() - 5] == ' ') {
      if (auto year = parse_english_date(source.name.substr(source.name.size() - 4));
          year && year->size() == 4) {
        entry.published = year;
      }
    }
  }
  entry.source = std::move(source);
}

std::optional<std::size_t> first_web_link(std::string_view marked, const std::vector<Link>& links) {
  for (const auto index : link_indices(marked)) {
    if (is_web_url(links[index].url)) return index;
  }
  return std::nullopt;
}

}  // namespace

std::string fit_title(std::string title) {
  if (title.size() <= model::limits::kEntryTitleMax) return title;
  std::size_t cut = model::limits::kEntryTitleMax - 3;  // room for "…"
  while (cut > 0 && (static_cast<unsigned char>(title[cut]) & 0xC0U) == 0x80U)
    --cut;
  title.resize(cut);
  return title + "…";
}

std::optional<model::Entry> parse_entry(const InlineText& text) {
  std::string marked = text.marked;
  std::ranges::replace(marked, '\n', ' ');
  const auto& links = text.links;
  model::Entry entry;
  std::vector<std::string> notes;

  const auto title_link = first_web_link(marked, links);
  std::string_view lead;
  std::string_view rest;
  if (title_link) {
    const std::string mark = placeholder(*title_link);
    const std::size_t at = marked.find(mark);
    lead = std::string_view(marked).substr(0, at);
    rest = std::string_view(marked).substr(at + mark.size());
  } else if (text.leading_emphasis) {
    lead = *text.leading_emphasis;
    rest =
        std::string_view(marked).substr(std::min(marked.size(), marked.find(lead) + lead.size()));
  } else {
    return std::nullopt;
  }

  // "Blog post: - " before the title: the type, and stray list punctuation.
  lead = trim(lead, "*_|-");
  if (const auto colon = lead.find(':'); colon != std::string_view::npos) {
    if (auto type = render::entry_type_from_label(trim(lead.substr(0, colon)))) {
      entry.type = type;
      lead = lead.substr(colon + 1);
    }
  }
  lead = trim(lead, "*_|-:");
  if (title_link) {
    const Link& link = links[*title_link];
    entry.url = link.url;
    const bool lead_names_it = !lead.empty() && link_indices(lead).empty() &&
                               (link.bare || (text.leading_emphasis && !link.emphasised));
    if (lead_names_it) {
      entry.title = strip_quotes(to_plain(lead, links));
      if (!link.bare && link.text != entry.title) notes.push_back(to_markdown(link.text, {}));
    } else {
      entry.title = strip_quotes(link.text);
      if (!lead.empty()) notes.push_back(to_markdown(lead, links));
    }
  } else {
    entry.title = strip_quotes(to_plain(trim(lead, ":"), links));
  }
  entry.title = fit_title(entry.title.empty() && entry.url ? *entry.url : entry.title);

  rest = trim(rest, ",;:-|*_");
  if (const auto rest_without_dot = trim(rest, ".;|");
      auto open = trailing_parenthesis(rest_without_dot)) {
    const auto inner = rest_without_dot.substr(*open + 1, rest_without_dot.size() - *open - 2);
    if (is_source_shaped(inner, links)) {
      read_source(inner, links, entry);
      rest = trim(rest_without_dot.substr(0, *open), ",;:-|");
    }
  }
  if (starts_with_word_by(rest)) {
    entry.authors = parse_people(rest.substr(3), links, notes, entry.published);
  } else if (!rest.empty()) {
    auto date =
        link_indices(rest).empty() ? parse_english_date(to_plain(rest, links)) : std::nullopt;
    if (date && !entry.published) {
      entry.published = date;
    } else {
      notes.push_back(to_markdown(rest, links));
    }
  }
  if (auto note = render::join_non_empty(notes, " "); !note.empty()) entry.note = std::move(note);
  return entry;
}

std::vector<model::Item> parse_items(const InlineText& text) {
  std::string marked = text.marked;
  std::ranges::replace(marked, '\n', ' ');
  const auto& links = text.links;
  std::vector<std::size_t> web;
  for (const auto index : link_indices(marked)) {
    if (is_web_url(links[index].url)) web.push_back(index);
  }
  std::vector<model::Item> items;
  std::size_t pos = 0;
  for (std::size_t k = 0; k < web.size(); ++k) {
    const std::string mark = placeholder(web[k]);
    const std::size_t at = marked.find(mark, pos);
    const std::size_t after = at + mark.size();
    const std::size_t next =
        k + 1 < web.size() ? marked.find(placeholder(web[k + 1]), after) : marked.size();
    const Link& link = links[web[k]];
    model::Item item;
    item.url = link.url;
    // A copy: trim() views its argument, and to_plain()'s result is a temporary.
    const std::string lead(
        trim(to_plain(std::string_view(marked).substr(pos, at - pos), links), "*_|-:,"));
    std::string description(
        trim(to_plain(std::string_view(marked).substr(after, next - after), links), ",;:-|*_"));
    if (link.bare && !lead.empty()) {
      item.title = strip_quotes(lead);
    } else {
      item.title = strip_quotes(link.text);
      if (!lead.empty())
        description = std::string(lead) + (description.empty() ? "" : " " + description);
    }
    item.title = fit_title(item.title.empty() ? link.url : item.title);
    if (!description.empty()) item.description = std::move(description);
    items.push_back(std::move(item));
    pos = next;
  }
  return items;
}

}  // namespace rl::import::detail
