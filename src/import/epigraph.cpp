#include "epigraph.hpp"

#include <string>
#include <vector>

#include "inline_text.hpp"
#include "readinglist/model/limits.hpp"

namespace rl::import::detail {
namespace {

// The attribution dash: em dash, en dash, horizontal bar, "--", "-" or "~".
std::optional<std::string_view> after_dash(std::string_view line) {
  line = trim(line);
  for (const std::string_view dash : {"—", "–", "―", "--", "-", "~"}) {
    if (line.starts_with(dash)) return trim(line.substr(dash.size()));
  }
  return std::nullopt;
}

model::Person read_attribution(std::string_view marked, const std::vector<Link>& links) {
  model::Person person;
  std::size_t end = marked.find_first_of("(,");
  if (end == std::string_view::npos) end = marked.size();
  const auto name = trim(marked.substr(0, end));
  if (const auto index = sole_link(name); index && is_web_url(links[*index].url)) {
    person.name = links[*index].text;
    person.url = links[*index].url;
  } else {
    person.name = trim(to_plain(name, links));
  }
  std::string_view rest = marked.substr(end);
  if (rest.starts_with('(')) {
    const auto close = rest.find(')');
    const auto inner =
        trim(rest.substr(1, close == std::string_view::npos ? rest.size() - 1 : close - 1));
    rest = close == std::string_view::npos ? std::string_view{} : rest.substr(close + 1);
    if (const auto index = sole_link(inner); index) {
      const Link& link = links[*index];
      if (link.text.starts_with('@')) person.handle = link.text;
      if (is_web_url(link.url) && !person.url) person.url = link.url;
    } else if (inner.starts_with('@')) {
      person.handle = std::string(inner);
    } else if (!inner.empty()) {
      person.affiliation = to_plain(inner, links);
    }
  }
  const auto affiliation = trim(rest, ",;");
  if (!affiliation.empty()) {
    person.affiliation = std::string(trim(to_plain(affiliation, links)));
    for (const auto index : link_indices(affiliation)) {
      if (!person.url && is_web_url(links[index].url)) person.url = links[index].url;
    }
  }
  return person;
}

}  // namespace

std::optional<model::Epigraph> read_epigraph(cmark_node* block_quote) {
  std::vector<std::string> quote_lines;
  std::optional<model::Person> author;
  for (cmark_node* child = cmark_node_first_child(block_quote); child;
       child = cmark_node_next(child)) {
    if (cmark_node_get_type(child) != CMARK_NODE_PARAGRAPH) return std::nullopt;
    const auto text = flatten_inlines(child);
    std::size_t start = 0;
    while (start <= text.marked.size()) {
      std::size_t end = text.marked.find('\n', start);
      if (end == std::string::npos) end = text.marked.size();
      const std::string_view line = std::string_view(text.marked).substr(start, end - start);
      if (auto attribution = after_dash(line); attribution && !quote_lines.empty()) {
        author = read_attribution(*attribution, text.links);
      } else if (!link_indices(line).empty()) {
        return std::nullopt;  // a quote with links is text, where its links are kept
      } else {
        quote_lines.emplace_back(trim(line));
      }
      if (end == text.marked.size()) break;
      start = end + 1;
    }
  }
  std::string quote;
  for (const auto& line : quote_lines) {
    if (line.empty()) continue;
    quote += (quote.empty() ? "" : " ") + line;
  }
  model::Epigraph epigraph;
  epigraph.text = strip_quotes(quote);
  if (epigraph.text.empty() || epigraph.text.size() > model::limits::kEpigraphTextMax)
    return std::nullopt;
  if (author && !author->name.empty()) epigraph.author = std::move(author);
  return epigraph;
}

}  // namespace rl::import::detail
