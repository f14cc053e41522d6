// "by AUTHORS": names, affiliations, author links and handles, told apart by the conventions in
// render/markdown_conventions.hpp (the exporter writes people the same way).
#include "entry_parse.hpp"
#include "readinglist/import/english_dates.hpp"
#include "readinglist/render/markdown_conventions.hpp"

namespace rl::import::detail {
namespace {

// A parenthesised remark after a name: "(@alpeb)", "([@alpeb](https://github.com/alpeb))",
// "(Red Hat)", "(hey, that's me!)". `offset` is where it stood in the text without remarks.
struct Remark {
  std::size_t offset;
  std::string_view marked;
};

struct PersonSpan {
  model::Person person;
  std::size_t start;  // offset in the text without remarks
};

model::Person person_from(std::string_view token, const std::vector<Link>& links) {
  model::Person person;
  if (const auto index = sole_link(token); index && is_web_url(links[*index].url)) {
    person.name = links[*index].text;
    person.url = links[*index].url;
  } else {
    person.name = std::string(trim(to_plain(token, links)));
  }
  return person;
}

// Separates the remarks from the names: "Eliza Weisman (hey, that's me!)" -> "Eliza Weisman".
std::string without_remarks(std::string_view marked, std::vector<Remark>& remarks) {
  std::string clean;
  int depth = 0;
  std::size_t open = 0;
  for (std::size_t i = 0; i < marked.size(); ++i) {
    const char c = marked[i];
    if (c == '(') {
      if (depth++ == 0) open = i;
      continue;
    }
    if (c == ')' && depth > 0) {
      if (--depth == 0) remarks.push_back({clean.size(), marked.substr(open + 1, i - open - 1)});
      continue;
    }
    if (depth == 0) clean += c;
  }
  if (depth > 0) clean += marked.substr(open);  // an unclosed '(' is text
  return clean;
}

void apply_remark(const Remark& remark, model::Person& person, const std::vector<Link>& links,
                  std::vector<std::string>& notes, std::optional<std::string>& published) {
  const std::string plain(trim(to_plain(remark.marked, links)));
  if (const auto index = sole_link(remark.marked); index && links[*index].text.starts_with('@')) {
    person.handle = links[*index].text;
    if (!person.url && is_web_url(links[*index].url)) person.url = links[*index].url;
    return;
  }
  if (plain.starts_with('@') && plain.find(' ') == std::string::npos) {
    person.handle = plain;
    return;
  }
  if (!person.affiliation && link_indices(remark.marked).empty() &&
      render::looks_like_person_name(plain)) {
    person.affiliation = plain;  // the exporter's form for an affiliation that reads like a name
    return;
  }
  if (auto date = parse_english_date(plain); date && !published) {
    published = date;
    return;
  }
  notes.push_back(to_markdown(trim(remark.marked), links));
}

}  // namespace

std::vector<model::Person> parse_people(std::string_view marked, const std::vector<Link>& links,
                                        std::vector<std::string>& notes,
                                        std::optional<std::string>& published) {
  std::vector<Remark> remarks;
  const std::string clean = without_remarks(marked, remarks);
  std::vector<PersonSpan> people;

  // Groups are separated by " and "; inside a group, commas separate a name from its
  // affiliation, or names from names.
  std::size_t group_start = 0;
  bool after_comma_and = false;
  while (group_start <= clean.size()) {
    std::size_t group_end = clean.find(" and ", group_start);
    if (group_end == std::string::npos) group_end = clean.size();
    const std::string_view group =
        std::string_view(clean).substr(group_start, group_end - group_start);
    const bool ends_with_comma = trim(group).ends_with(',');

    std::size_t token_start = 0;
    bool first_token = true;
    for (std::size_t i = 0; i <= group.size(); ++i) {
      if (i < group.size() && group[i] != ',') continue;
      const auto token = trim(group.substr(token_start, i - token_start), ";.");
      const std::size_t offset = group_start + token_start;
      token_start = i + 1;
      if (token.empty()) continue;
      const std::string plain(trim(to_plain(token, links)));
      const bool is_link = sole_link(token).has_value();
      const bool name_like = is_link || render::looks_like_person_name(plain);
      // "Chong Zhang, and the Android Media Team": the group after ", and" is an affiliation.
      const bool affiliation_of_previous = !people.empty() && !people.back().person.affiliation &&
                                           !name_like &&
                                           ((first_token && after_comma_and) || !first_token);
      if (!first_token && !name_like && !people.empty()) {
        // The affiliation runs to the end of the group ("Buoyant, Inc.").
        const auto tail = trim(group.substr(offset - group_start), ",;.");
        if (auto date = parse_english_date(to_plain(tail, links)); date && !published) {
          published = date;
        } else if (!people.back().person.affiliation) {
          people.back().person.affiliation = std::string(trim(to_plain(tail, links)));
        } else {
          notes.push_back(to_markdown(tail, links));
        }
        break;
      }
      if (affiliation_of_previous) {
        people.back().person.affiliation = plain;
      } else if (auto date = parse_english_date(plain); date && !people.empty() && !published) {
        published = date;  // "by X, May 2019"
      } else {
        people.push_back({person_from(token, links), offset});
      }
      first_token = false;
    }
    after_comma_and = ends_with_comma;
    if (group_end == clean.size()) break;
    group_start = group_end + 5;
  }

  for (const auto& remark : remarks) {
    model::Person* owner = nullptr;
    for (auto& span : people) {
      if (span.start <= remark.offset) owner = &span.person;
    }
    if (owner == nullptr) {
      notes.push_back(to_markdown(trim(remark.marked), links));
      continue;
    }
    apply_remark(remark, *owner, links, notes, published);
  }
  std::vector<model::Person> result;
  for (auto& span : people) {
    if (!span.person.name.empty()) result.push_back(std::move(span.person));
  }
  return result;
}

}  // namespace rl::import::detail
