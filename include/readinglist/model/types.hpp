// The ReadingList resource (readinglist.dev/v1alpha1) as plain C++ values, and the small slice of
// Kubernetes ObjectMeta the operator reads. No behaviour beyond defaults: parsing lives in
// codec.hpp, rules in validate.hpp, limits in limits.hpp.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rl::model {

inline constexpr std::string_view kGroup = "readinglist.dev";
inline constexpr std::string_view kVersion = "v1alpha1";
inline constexpr std::string_view kApiVersion = "readinglist.dev/v1alpha1";
inline constexpr std::string_view kKind = "ReadingList";
inline constexpr std::string_view kPlural = "readinglists";
inline constexpr std::string_view kSingular = "readinglist";
inline constexpr std::string_view kShortName = "rl";
inline constexpr std::string_view kDefaultImage = "nginxinc/nginx-unprivileged:1.27-alpine";
inline constexpr std::string_view kDefaultLanguage = "en";

struct OwnerReference {
  std::string api_version;
  std::string kind;
  std::string name;
  std::string uid;
  std::optional<bool> controller;
  std::optional<bool> block_owner_deletion;
  friend bool operator==(const OwnerReference&, const OwnerReference&) = default;
};

// The ObjectMeta fields we keep. managedFields and selfLink are accepted on input and dropped.
struct ObjectMeta {
  std::string name;
  std::string generate_name;
  std::string namespace_;
  std::string uid;
  std::string resource_version;
  std::int64_t generation = 0;
  std::string creation_timestamp;
  std::optional<std::string> deletion_timestamp;
  std::optional<std::int64_t> deletion_grace_period_seconds;
  std::map<std::string, std::string> labels;
  std::map<std::string, std::string> annotations;
  std::vector<OwnerReference> owner_references;
  std::vector<std::string> finalizers;
  friend bool operator==(const ObjectMeta&, const ObjectMeta&) = default;
};

struct Person {
  std::string name;
  std::optional<std::string> url;
  std::optional<std::string> affiliation;
  std::optional<std::string> handle;
  friend bool operator==(const Person&, const Person&) = default;
};

struct Source {
  std::string name;
  std::optional<std::string> url;
  friend bool operator==(const Source&, const Source&) = default;
};

enum class EntryType {
  BlogPost,
  Article,
  Talk,
  Video,
  Podcast,
  Paper,
  Book,
  Website,
  Project,
  Collection,
};

// All entry types in declaration order, with their API spelling.
inline constexpr std::string_view kEntryTypeNames[] = {
    "BlogPost", "Article", "Talk",    "Video",   "Podcast",
    "Paper",    "Book",    "Website", "Project", "Collection",
};

std::string_view to_string(EntryType type);
std::optional<EntryType> entry_type_from_string(std::string_view name);

struct Item {
  std::string title;
  std::string url;
  std::optional<std::string> description;
  friend bool operator==(const Item&, const Item&) = default;
};

struct Entry {
  std::optional<EntryType> type;  // absent means Website
  std::string title;
  std::optional<std::string> url;
  std::vector<Person> authors;
  std::optional<Source> source;
  std::optional<std::string> published;  // partial date: YYYY, YYYY-MM or YYYY-MM-DD
  std::optional<std::string> note;       // CommonMark
  std::vector<Item> items;

  EntryType effective_type() const { return type.value_or(EntryType::Website); }
  friend bool operator==(const Entry&, const Entry&) = default;
};

struct Section {
  std::string title;
  std::optional<std::string> description;  // CommonMark
  std::vector<Entry> entries;
  friend bool operator==(const Section&, const Section&) = default;
};

struct Talk {
  std::optional<std::string> title;
  std::optional<std::string> url;
  std::optional<std::string> event;
  std::optional<std::string> date;  // partial date
  std::vector<Person> speakers;
  friend bool operator==(const Talk&, const Talk&) = default;
};

struct Epigraph {
  std::string text;  // plain text
  std::optional<Person> author;
  friend bool operator==(const Epigraph&, const Epigraph&) = default;
};

enum class Theme { Auto, Light, Dark };
std::string_view to_string(Theme theme);
std::optional<Theme> theme_from_string(std::string_view name);

// core/v1 ResourceRequirements; quantities are kept as the strings the user wrote.
struct ResourceRequirements {
  std::map<std::string, std::string> limits;
  std::map<std::string, std::string> requests;
  friend bool operator==(const ResourceRequirements&, const ResourceRequirements&) = default;
};

struct IngressSpec {
  std::string host;
  std::optional<std::string> path;  // absent means "/"
  std::optional<std::string> class_name;
  std::optional<std::string> tls_secret_name;
  std::map<std::string, std::string> annotations;

  std::string effective_path() const { return path.value_or("/"); }
  friend bool operator==(const IngressSpec&, const IngressSpec&) = default;
};

// Absent optionals take the documented defaults through the effective_* accessors, so a
// manifest round-trips without gaining fields it did not have.
struct SiteSpec {
  std::optional<bool> enabled;
  std::optional<std::int64_t> replicas;
  std::optional<std::string> image;
  std::optional<ResourceRequirements> resources;
  std::optional<Theme> theme;
  std::optional<IngressSpec> ingress;

  bool effective_enabled() const { return enabled.value_or(true); }
  std::int64_t effective_replicas() const { return replicas.value_or(1); }
  std::string effective_image() const { return image.value_or(std::string(kDefaultImage)); }
  Theme effective_theme() const { return theme.value_or(Theme::Auto); }
  friend bool operator==(const SiteSpec&, const SiteSpec&) = default;
};

struct ReadingListSpec {
  std::string title;
  std::optional<std::string> subtitle;
  std::optional<std::string> description;  // CommonMark
  std::optional<std::string> language;     // BCP 47; absent means "en"
  std::optional<Talk> talk;
  std::optional<Epigraph> epigraph;
  std::vector<Section> sections;
  std::optional<SiteSpec> site;

  std::string effective_language() const {
    return language.value_or(std::string(kDefaultLanguage));
  }
  SiteSpec effective_site() const { return site.value_or(SiteSpec{}); }
  friend bool operator==(const ReadingListSpec&, const ReadingListSpec&) = default;
};

// metav1.Condition
struct Condition {
  std::string type;
  std::string status;  // True | False | Unknown
  std::string reason;
  std::string message;
  std::string last_transition_time;  // RFC 3339
  std::int64_t observed_generation = 0;
  friend bool operator==(const Condition&, const Condition&) = default;
};

struct ReadingListStatus {
  std::int64_t observed_generation = 0;
  std::vector<Condition> conditions;
  std::int64_t entry_count = 0;
  std::int64_t section_count = 0;
  std::optional<std::string> url;
  std::optional<std::string> content_hash;
  std::int64_t ready_replicas = 0;
  friend bool operator==(const ReadingListStatus&, const ReadingListStatus&) = default;
};

struct ReadingList {
  ObjectMeta metadata;
  ReadingListSpec spec;
  std::optional<ReadingListStatus> status;
  friend bool operator==(const ReadingList&, const ReadingList&) = default;
};

// Counts shown in status and printer columns.
std::int64_t count_entries(const ReadingListSpec& spec);

}  // namespace rl::model
