// The Microsite resource (readinglist.dev/v1alpha1, short name ms) as plain C++ values: one site
// for an event, an index of the ReadingLists its label selector picks and each list under its
// own path. No behaviour beyond defaults: parsing is in microsite_codec.hpp, rules in
// microsite_validate.hpp, the CRD in crd.hpp.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "readinglist/model/types.hpp"

namespace rl::model {

inline constexpr std::string_view kMicrositeKind = "Microsite";
inline constexpr std::string_view kMicrositePlural = "microsites";
inline constexpr std::string_view kMicrositeSingular = "microsite";
inline constexpr std::string_view kMicrositeShortName = "ms";

// The event the site is for.
struct EventSpec {
  std::string name;
  std::optional<std::string> url;
  std::optional<std::string> start_date;  // partial date: YYYY, YYYY-MM or YYYY-MM-DD
  std::optional<std::string> end_date;    // partial date, not before start_date
  std::optional<std::string> location;
  friend bool operator==(const EventSpec&, const EventSpec&) = default;
};

// metav1.LabelSelectorRequirement; `operator_` is In, NotIn, Exists or DoesNotExist.
struct LabelSelectorRequirement {
  std::string key;
  std::string operator_;
  std::vector<std::string> values;
  friend bool operator==(const LabelSelectorRequirement&,
                         const LabelSelectorRequirement&) = default;
};

// metav1.LabelSelector. Empty (or absent) selects every ReadingList of the namespace.
struct LabelSelector {
  std::map<std::string, std::string> match_labels;
  std::vector<LabelSelectorRequirement> match_expressions;
  friend bool operator==(const LabelSelector&, const LabelSelector&) = default;
};

// How the index orders its talks. API spellings: "title", "talk.date", "names".
enum class MicrositeOrderBy { Title, TalkDate, Names };
std::string_view to_string(MicrositeOrderBy by);
std::optional<MicrositeOrderBy> microsite_order_by_from_string(std::string_view name);

// `by: names` puts the lists named in `names` first, in that order; selected lists not named
// follow by title. Ties (same title or date) fall back to the list's name, so the order is total.
struct MicrositeOrder {
  std::optional<MicrositeOrderBy> by;  // absent means Title
  std::vector<std::string> names;      // ReadingList names; only with by: names

  MicrositeOrderBy effective_by() const { return by.value_or(MicrositeOrderBy::Title); }
  friend bool operator==(const MicrositeOrder&, const MicrositeOrder&) = default;
};

// The serving settings a ReadingList's `site` has, less `enabled` and `theme` (a microsite is
// always served; its theme is spec.theme).
struct MicrositeSiteSpec {
  std::optional<std::int64_t> replicas;
  std::optional<std::string> image;
  std::optional<ResourceRequirements> resources;
  std::optional<IngressSpec> ingress;

  std::int64_t effective_replicas() const { return replicas.value_or(1); }
  std::string effective_image() const { return image.value_or(std::string(kDefaultImage)); }
  friend bool operator==(const MicrositeSiteSpec&, const MicrositeSiteSpec&) = default;
};

struct MicrositeSpec {
  std::string title;
  std::optional<std::string> description;  // CommonMark
  std::optional<std::string> language;     // BCP 47; absent means "en"
  std::optional<EventSpec> event;
  std::optional<LabelSelector> selector;
  std::optional<MicrositeOrder> order;
  std::optional<Theme> theme;
  std::optional<MicrositeSiteSpec> site;

  std::string effective_language() const {
    return language.value_or(std::string(kDefaultLanguage));
  }
  Theme effective_theme() const { return theme.value_or(Theme::Auto); }
  MicrositeSiteSpec effective_site() const { return site.value_or(MicrositeSiteSpec{}); }
  friend bool operator==(const MicrositeSpec&, const MicrositeSpec&) = default;
};

// How many ReadingLists the selector picks, and how many of those are valid (and so on the
// index and served).
struct MicrositeListCounts {
  std::int64_t selected = 0;
  std::int64_t valid = 0;
  friend bool operator==(const MicrositeListCounts&, const MicrositeListCounts&) = default;
};

struct MicrositeStatus {
  std::int64_t observed_generation = 0;
  std::vector<Condition> conditions;  // Ready, Rendered, Available
  MicrositeListCounts lists;
  std::optional<std::string> url;
  std::optional<std::string> content_hash;
  std::int64_t ready_replicas = 0;
  friend bool operator==(const MicrositeStatus&, const MicrositeStatus&) = default;
};

struct Microsite {
  ObjectMeta metadata;
  MicrositeSpec spec;
  std::optional<MicrositeStatus> status;
  friend bool operator==(const Microsite&, const Microsite&) = default;
};

}  // namespace rl::model
