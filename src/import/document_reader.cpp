#include "document_reader.hpp"

#include <algorithm>

#include "entry_parse.hpp"
#include "epigraph.hpp"
#include "inline_text.hpp"
#include "readinglist/render/markdown_conventions.hpp"

namespace rl::import::detail {
namespace {

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    auto line = text.substr(start, end - start);
    if (line.ends_with('\r')) line.remove_suffix(1);
    lines.push_back(line);
    if (end == text.size()) break;
    start = end + 1;
  }
  return lines;
}

bool has_web_link(std::string_view marked, const std::vector<Link>& links) {
  for (const auto index : link_indices(marked)) {
    if (is_web_url(links[index].url)) return true;
  }
  return false;
}

// A line that lists a link rather than mentions one: it starts with the link (after list or
// table punctuation), holds a bare URL, or is a table row.
bool is_link_line(std::string_view line, const std::vector<Link>& links) {
  if (!has_web_link(line, links)) return false;
  const auto trimmed = trim(line, "|-*:");
  if (trimmed.starts_with('\x01') || line.starts_with('|')) return true;
  for (const auto index : link_indices(line)) {
    if (links[index].bare && is_web_url(links[index].url)) return true;
  }
  return false;
}

std::vector<std::string_view> paragraph_lines(const InlineText& text) {
  std::vector<std::string_view> lines;
  std::string_view marked = text.marked;
  std::size_t start = 0;
  while (start <= marked.size()) {
    std::size_t end = marked.find('\n', start);
    if (end == std::string_view::npos) end = marked.size();
    lines.push_back(marked.substr(start, end - start));
    if (end == marked.size()) break;
    start = end + 1;
  }
  return lines;
}

bool is_table_rule(std::string_view line) {
  return !trim(line).empty() && trim(line, "|-:").empty();
}

}  // namespace

DocumentReader::DocumentReader(std::string_view body, const FrontMatter& front_matter)
    : lines_(split_lines(body)), front_matter_(front_matter) {}

std::string DocumentReader::source_of(cmark_node* block) const {
  const int first = cmark_node_get_start_line(block);
  const int last = cmark_node_get_end_line(block);
  const auto indent = static_cast<std::size_t>(std::max(0, cmark_node_get_start_column(block) - 1));
  std::string out;
  for (int line = first;
       line <= last && line >= 1 && static_cast<std::size_t>(line) <= lines_.size(); ++line) {
    auto text = lines_[static_cast<std::size_t>(line - 1)];
    std::size_t strip = 0;
    while (strip < indent && strip < text.size() && (text[strip] == ' ' || text[strip] == '\t'))
      ++strip;
    if (!out.empty()) out += '\n';
    out += text.substr(strip);
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == ' '))
    out.pop_back();
  return out;
}

model::ReadingListSpec DocumentReader::read(cmark_node* document) {
  int h1_count = 0;
  cmark_node* first_heading = nullptr;
  for (cmark_node* node = cmark_node_first_child(document); node; node = cmark_node_next(node)) {
    if (cmark_node_get_type(node) != CMARK_NODE_HEADING) continue;
    if (!first_heading) first_heading = node;
    if (cmark_node_get_heading_level(node) == 1) ++h1_count;
  }
  // The first heading is the page title when it is the only h1, or when nothing else names the
  // page; several h1s under a front-matter title are sections.
  if (first_heading && cmark_node_get_heading_level(first_heading) == 1 &&
      (h1_count == 1 || !front_matter_.title)) {
    title_heading_ = first_heading;
  }
  for (cmark_node* node = cmark_node_first_child(document); node; node = cmark_node_next(node)) {
    switch (cmark_node_get_type(node)) {
      case CMARK_NODE_HEADING:
        read_heading(node);
        break;
      case CMARK_NODE_PARAGRAPH:
        read_paragraph(node);
        break;
      case CMARK_NODE_BLOCK_QUOTE:
        read_block_quote(node);
        break;
      case CMARK_NODE_LIST:
        read_list(node);
        break;
      case CMARK_NODE_THEMATIC_BREAK:
        break;
      default:
        add_text(source_of(node));
        break;  // code, HTML: kept as written
    }
    previous_block_ = node;
  }
  return finish();
}

void DocumentReader::read_heading(cmark_node* heading) {
  const auto text = flatten_inlines(heading);
  std::string title(trim(to_plain(text.marked, text.links)));
  std::ranges::replace(title, '\n', ' ');
  if (heading == title_heading_) {
    spec_.title = std::move(title);
    title_read_ = true;
    return;
  }
  in_sections_ = true;
  SectionDraft draft;
  draft.section.title = std::move(title);
  sections_.push_back(std::move(draft));
  // Links in a heading are kept with the section's text.
  for (const auto index : link_indices(text.marked)) {
    sections_.back().description.push_back(to_markdown(placeholder(index), text.links));
  }
}

void DocumentReader::read_paragraph(cmark_node* paragraph) {
  cmark_node* only_child = cmark_node_first_child(paragraph);
  if (title_read_ && previous_block_ == title_heading_ && !front_matter_.subtitle && only_child &&
      cmark_node_get_type(only_child) == CMARK_NODE_EMPH &&
      cmark_node_next(only_child) == nullptr) {
    const auto text = flatten_inlines(paragraph);
    if (link_indices(text.marked).empty()) {
      spec_.subtitle = std::string(trim(text.marked));
      return;
    }
  }
  const auto text = flatten_inlines(paragraph);
  const auto lines = paragraph_lines(text);
  const bool lists_links = std::ranges::any_of(
      lines, [&](std::string_view line) { return is_link_line(line, text.links); });
  if (!lists_links) {
    if (!in_sections_) read_talk(text);
    add_text(source_of(paragraph));
    return;
  }
  for (const auto line : lines) {
    if (is_table_rule(line)) continue;
    InlineText line_text{std::string(line), text.links, std::nullopt};
    auto entry = has_web_link(line, text.links) ? parse_entry(line_text) : std::nullopt;
    if (entry) {
      add_entry(std::move(*entry));
    } else if (!trim(line).empty()) {
      add_text(to_markdown(trim(line, "|"), text.links));
    }
  }
}

void DocumentReader::read_block_quote(cmark_node* quote) {
  if (!spec_.epigraph && !in_sections_) {
    if (auto epigraph = read_epigraph(quote)) {
      spec_.epigraph = std::move(*epigraph);
      return;
    }
  }
  add_text(source_of(quote));
}

void DocumentReader::read_list(cmark_node* list) {
  for (cmark_node* item = cmark_node_first_child(list); item; item = cmark_node_next(item))
    read_list_item(item);
}

void DocumentReader::read_list_item(cmark_node* item) {
  cmark_node* first = cmark_node_first_child(item);
  std::optional<model::Entry> entry;
  std::optional<InlineText> first_text;
  if (first && cmark_node_get_type(first) == CMARK_NODE_PARAGRAPH) {
    first_text = flatten_inlines(first);
    entry = parse_entry(*first_text);
  }
  std::vector<model::Item> items;
  std::vector<std::string> notes;
  if (entry && entry->note) notes.push_back(*entry->note);
  for (cmark_node* child = first; child; child = cmark_node_next(child)) {
    if (child == first && first_text) continue;
    if (cmark_node_get_type(child) != CMARK_NODE_LIST) {
      notes.push_back(source_of(child));
      continue;
    }
    // Nested bullets: every web link in them is an item; bullets without one stay as notes.
    for (cmark_node* sub = cmark_node_first_child(child); sub; sub = cmark_node_next(sub)) {
      std::size_t found = 0;
      cmark_iter* iter = cmark_iter_new(sub);
      cmark_event_type event;
      while ((event = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
        cmark_node* node = cmark_iter_get_node(iter);
        if (event != CMARK_EVENT_ENTER || cmark_node_get_type(node) != CMARK_NODE_PARAGRAPH)
          continue;
        for (auto& parsed : parse_items(flatten_inlines(node))) {
          items.push_back(std::move(parsed));
          ++found;
        }
      }
      cmark_iter_free(iter);
      if (found == 0) notes.push_back("- " + source_of(cmark_node_first_child(sub)));
    }
  }
  if (!entry && !items.empty() && first_text) {
    entry = model::Entry{};
    entry->title =
        fit_title(std::string(trim(to_plain(first_text->marked, first_text->links), ":")));
  }
  if (!entry || (!entry->url && items.empty())) {
    add_text(source_of(item));  // prose in a list: kept as written, bullet and all
    return;
  }
  entry->items = std::move(items);
  if (!entry->url && !entry->type) entry->type = model::EntryType::Collection;
  entry->note.reset();
  std::string note;
  for (const auto& part : notes) {
    if (part.empty()) continue;
    note += (note.empty() ? "" : "\n\n") + part;
  }
  if (!note.empty()) entry->note = std::move(note);
  add_entry(std::move(*entry));
}

void DocumentReader::read_talk(const InlineText& intro) {
  if (spec_.talk || front_matter_.talk) return;
  std::size_t text_start = 0;
  for (const auto index : link_indices(intro.marked)) {
    const Link& link = intro.links[index];
    const std::string mark = placeholder(index);
    const std::size_t at = intro.marked.find(mark);
    const std::string before = lower_ascii(intro.marked.substr(text_start, at - text_start));
    text_start = at + mark.size();
    if (link.bare || !is_web_url(link.url)) continue;
    const auto said = before.rfind("talk");
    if (said == std::string::npos || before.size() - said > 40) continue;
    model::Talk talk;
    talk.title = strip_quotes(link.text);
    talk.url = link.url;
    talk_is_mine_ = before.find("my talk") != std::string::npos;
    std::string_view after = std::string_view(intro.marked).substr(text_start);
    after = after.substr(0, after.find('\x01'));
    after = trim(after, ",");
    if (after.starts_with("at ")) {
      auto event = after.substr(3);
      event = event.substr(0, event.find('\n'));
      event = trim(event, ".");
      if (!event.empty()) talk.event = std::string(event);
    }
    spec_.talk = std::move(talk);
    return;
  }
}

void DocumentReader::add_entry(model::Entry entry) {
  if (sections_.empty()) {
    // Links before any heading: a section named after what they are.
    SectionDraft draft;
    draft.section.title = "Links";
    sections_.push_back(std::move(draft));
  }
  sections_.back().section.entries.push_back(std::move(entry));
}

void DocumentReader::add_text(std::string markdown) {
  if (markdown.empty()) return;
  if (sections_.empty()) {
    description_.push_back(std::move(markdown));
  } else {
    sections_.back().description.push_back(std::move(markdown));
  }
}

model::ReadingListSpec DocumentReader::finish() {
  const auto& matter = front_matter_;
  if (spec_.title.empty() && matter.title) spec_.title = *matter.title;
  if (matter.subtitle) spec_.subtitle = matter.subtitle;
  if (matter.language) spec_.language = matter.language;
  if (matter.talk) {
    spec_.talk = matter.talk;
  } else if (spec_.talk) {
    spec_.talk->date = matter.date;
    if (talk_is_mine_ && matter.author)
      spec_.talk->speakers.push_back({*matter.author, {}, {}, {}});
  }
  spec_.site = matter.site;
  if (auto description = render::join_non_empty(description_, "\n\n"); !description.empty()) {
    spec_.description = std::move(description);
  }
  // A heading with no links under it is text, not a section: kept with what came before.
  for (auto& draft : sections_) {
    if (draft.section.entries.empty()) {
      std::string text = "**" + draft.section.title + "**";
      for (const auto& part : draft.description)
        text += "\n\n" + part;
      if (spec_.sections.empty()) {
        spec_.description = spec_.description ? *spec_.description + "\n\n" + text : text;
      } else {
        auto& previous = spec_.sections.back().description;
        previous = previous ? *previous + "\n\n" + text : text;
      }
      continue;
    }
    if (auto description = render::join_non_empty(draft.description, "\n\n");
        !description.empty()) {
      draft.section.description = std::move(description);
    }
    spec_.sections.push_back(std::move(draft.section));
  }
  return std::move(spec_);
}

}  // namespace rl::import::detail
