// The one Atom 1.0 writer (RFC 4287) behind a list's feed.xml and a microsite's merged one: the
// entries a list's links make, the feed's head, entries with ids unique within the feed. Every
// date comes from the lists, never from the clock. Private to render/.
#pragma once

#include <array>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "list_markdown.hpp"
#include "readinglist/model/types.hpp"

namespace rl::render::atom_detail {

// The date a feed without any dates claims; Atom requires <updated> and the clock may not be used.
inline constexpr std::string_view kEpoch = "1970-01-01T00:00:00Z";

// Where an entry copied into a merged feed comes from (RFC 4287 4.2.11 atom:source).
struct EntrySource {
  std::string id;  // the original feed's id
  std::string_view title;
  std::string_view subtitle;  // may be empty
  std::string href;           // through safe_href; may be empty
};

// One <entry>: a link of a list (an entry's own url, or one item of an entry).
struct FeedEntry {
  std::string href;        // already passed through safe_href, never empty
  std::string_view title;  // in the list
  // The summary is these parts, the empty ones left out, joined with a middle dot. The first
  // names the list in a merged feed and is empty in a list's own.
  std::array<std::string_view, 4> summary_parts;
  const std::optional<std::string>* published = nullptr;  // RFC 3339, shared by an entry's items
  const std::vector<model::Person>* authors = nullptr;
  model::EntryType type = model::EntryType::Website;
  const EntrySource* source = nullptr;  // only in a merged feed
};

// The entries of a list in document order. `published` receives one RFC 3339 date per entry of
// the list (or none), which the FeedEntries point to; it is sized up front so the pointers stay
// valid. The notes' feed text comes from `markdown`, which must outlive the entries.
std::vector<FeedEntry> collect_entries(const model::ReadingListSpec& spec,
                                       const detail::ListMarkdown& markdown,
                                       std::vector<std::optional<std::string>>& published);

// The latest of a list's dates as RFC 3339, given its entries' (`published`), or kEpoch; the
// strings share one shape, so they compare as the instants they name.
std::string latest_date(const model::ReadingListSpec& spec,
                        const std::vector<std::optional<std::string>>& published);

// What <feed> says before its entries.
struct FeedHead {
  std::string_view language;
  std::string_view id;  // the site's URL: also the alternate link, and the base of the self link
  std::string_view title;
  const std::optional<std::string>* subtitle = nullptr;
  std::string_view updated;
};

// Writes one feed: begin(), author() (RFC 4287 4.1.1: a feed needs an author unless every
// entry has one), entry() for each entry, end(). The FeedEntries must outlive the writer: the
// ids it has handed out are views of their hrefs.
class AtomWriter {
 public:
  explicit AtomWriter(std::string& out) : out_(out) {}

  void begin(const FeedHead& head);
  void author(const model::Person& person);
  // `fallback_updated` is the entry's <updated> when it has no date of its own.
  void entry(const FeedEntry& entry, std::string_view fallback_updated);
  void end() { out_ += "</feed>\n"; }

  void reserve_ids(std::size_t entries) { used_ids_.reserve(entries); }

 private:
  std::string_view unique_id(const std::string& href);

  std::string& out_;
  std::unordered_set<std::string_view> used_ids_;
  std::deque<std::string> made_ids_;  // ids that are not an entry's href, kept for the views
};

}  // namespace rl::render::atom_detail
