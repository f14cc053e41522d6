// feed.xml: the list as an Atom 1.0 feed (RFC 4287), one <entry> per link, so readers can
// subscribe. Written through atom_writer.hpp, which the microsite's merged feed shares.
#include <string>
#include <vector>

#include "atom_writer.hpp"
#include "list_markdown.hpp"
#include "readinglist/model/names.hpp"
#include "readinglist/render/files.hpp"

namespace rl::render {

std::string render_feed_xml(const model::ReadingList& list) {
  return detail::render_feed_xml(
      list, detail::render_list_markdown(list.spec, detail::MarkdownUse::FeedTextOnly));
}

std::string detail::render_feed_xml(const model::ReadingList& list, const ListMarkdown& markdown) {
  const model::ReadingListSpec& spec = list.spec;
  const std::string site = model::site_url(list);
  std::vector<std::optional<std::string>> published;
  const std::vector<atom_detail::FeedEntry> entries =
      atom_detail::collect_entries(spec, markdown, published);
  const std::string updated = atom_detail::latest_date(spec, published);
  std::string out;
  out.reserve(1024 + 640 * entries.size());
  atom_detail::AtomWriter feed(out);
  feed.begin({.language = spec.effective_language(),
              .id = site,
              .title = spec.title,
              .subtitle = &spec.subtitle,
              .updated = updated});
  // The speakers (or, for a list without a talk, the list itself) stand in for entries that
  // name nobody.
  if (spec.talk && !spec.talk->speakers.empty()) {
    for (const auto& speaker : spec.talk->speakers)
      feed.author(speaker);
  } else {
    model::Person list_as_author;
    list_as_author.name = spec.title;
    feed.author(list_as_author);
  }
  feed.reserve_ids(entries.size());
  for (const atom_detail::FeedEntry& entry : entries)
    feed.entry(entry, updated);
  feed.end();
  return out;
}

}  // namespace rl::render
