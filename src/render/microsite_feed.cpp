// A microsite's feed.xml: its lists' entries merged into one Atom feed, list by list in index
// order and each list's in document order, through the same writer as a list's feed. Each entry
// names its list (the first part of its summary) and carries an atom:source naming the list and
// its talk; ids are the links, unique across the whole feed.
#include <string>
#include <vector>

#include "atom_writer.hpp"
#include "list_markdown.hpp"
#include "microsite_detail.hpp"
#include "readinglist/model/microsite_names.hpp"
#include "readinglist/model/names.hpp"
#include "readinglist/render/escape.hpp"

namespace rl::render::microsite_detail {
namespace {

// One list's part of the feed. The entries point into `markdown`, `published` and `source`, so a
// ListFeed is filled in place and never moved afterwards.
struct ListFeed {
  detail::ListMarkdown markdown;
  std::vector<std::optional<std::string>> published;
  std::vector<atom_detail::FeedEntry> entries;
  std::string latest;  // the list's latest date: the <updated> of its entries without one
  atom_detail::EntrySource source;
};

void fill(ListFeed& feed, const model::ReadingList& list, std::string_view site_href) {
  const auto& spec = list.spec;
  feed.markdown = detail::render_list_markdown(spec, detail::MarkdownUse::FeedTextOnly);
  feed.entries = atom_detail::collect_entries(spec, feed.markdown, feed.published);
  feed.latest = atom_detail::latest_date(spec, feed.published);
  // The list's own feed is identified by its own site's URL, wherever it is served from.
  feed.source = {.id = model::site_url(list),
                 .title = spec.title,
                 .subtitle = spec.talk && spec.talk->title ? std::string_view(*spec.talk->title)
                                                           : std::string_view(),
                 .href = list_page_url(site_href, list.metadata.name)};
  for (atom_detail::FeedEntry& entry : feed.entries) {
    entry.summary_parts[0] = spec.title;
    entry.source = &feed.source;
  }
}

}  // namespace

std::string microsite_feed_xml(const model::Microsite& microsite,
                               std::span<const model::ReadingList* const> lists) {
  const auto& spec = microsite.spec;
  const std::string site = model::microsite_url(microsite);
  const std::string site_href = safe_href(site);
  std::vector<ListFeed> feeds(lists.size());
  std::string updated(atom_detail::kEpoch);
  std::size_t entry_count = 0;
  for (std::size_t i = 0; i < lists.size(); ++i) {
    fill(feeds[i], *lists[i], site_href);
    if (feeds[i].latest > updated) updated = feeds[i].latest;
    entry_count += feeds[i].entries.size();
  }

  std::string out;
  out.reserve(1024 + 800 * entry_count);
  atom_detail::AtomWriter feed(out);
  std::optional<std::string> subtitle;
  if (spec.event && !spec.event->name.empty()) subtitle = spec.event->name;
  feed.begin({.language = spec.effective_language(),
              .id = site,
              .title = spec.title,
              .subtitle = &subtitle,
              .updated = updated});
  // RFC 4287 4.1.1: the event (or the microsite) stands in for entries that name nobody.
  model::Person site_as_author;
  site_as_author.name = subtitle.value_or(spec.title);
  feed.author(site_as_author);
  feed.reserve_ids(entry_count);
  for (const ListFeed& list_feed : feeds) {
    for (const atom_detail::FeedEntry& entry : list_feed.entries)
      feed.entry(entry, list_feed.latest);
  }
  feed.end();
  return out;
}

}  // namespace rl::render::microsite_detail
