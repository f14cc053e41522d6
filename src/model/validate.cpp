// The validator's walk over a ReadingList: every field in document order (the order of the API
// page and of types.hpp), each problem recorded with its JSON path. Rules for single values live
// in validate_text/_url/_date/_site.cpp.
#include "readinglist/model/validate.hpp"

#include "readinglist/model/limits.hpp"
#include "readinglist/model/patterns.hpp"
#include "validate_detail.hpp"

namespace rl::model {
namespace {

using detail::check_count;
using detail::check_optional_text;
using detail::check_required_text;
using detail::Errors;
using detail::Lines;

using detail::check_date;
using detail::check_optional_link;
using detail::check_pattern;
using detail::indexed;

void validate_person(Errors& errors, const Person& person, const std::string& path) {
  check_required_text(errors, path + ".name", person.name, limits::kPersonNameMax, Lines::Single);
  check_optional_link(errors, path + ".url", person.url);
  check_optional_text(errors, path + ".affiliation", person.affiliation, limits::kAffiliationMax,
                      Lines::Single);
  check_pattern<patterns::kHandle>(errors, path + ".handle", person.handle, limits::kHandleMax,
                                   "must be a handle such as \"@alpeb\" or \"@user@host.social\"");
}

void validate_people(Errors& errors, const std::vector<Person>& people, const std::string& path,
                     std::size_t max) {
  check_count(errors, path, people.size(), 0, max);
  for (std::size_t i = 0; i < people.size(); ++i) {
    validate_person(errors, people[i], indexed(path, i));
  }
}

void validate_item(Errors& errors, const Item& item, const std::string& path) {
  check_required_text(errors, path + ".title", item.title, limits::kItemTitleMax, Lines::Single);
  if (item.url.empty()) {
    detail::add(errors, path + ".url", "is required");
  } else {
    detail::check_link(errors, path + ".url", item.url);
  }
  check_optional_text(errors, path + ".description", item.description, limits::kItemDescriptionMax,
                      Lines::Multi);
}

void validate_entry(Errors& errors, const Entry& entry, const std::string& path) {
  check_required_text(errors, path + ".title", entry.title, limits::kEntryTitleMax, Lines::Single);
  if ((!entry.url || entry.url->empty()) && entry.items.empty()) {
    detail::add(errors, path + ".url", "is required unless the entry has items");
  } else {
    check_optional_link(errors, path + ".url", entry.url);
  }
  validate_people(errors, entry.authors, path + ".authors", limits::kAuthorsMax);
  if (entry.source) {
    check_required_text(errors, path + ".source.name", entry.source->name, limits::kSourceNameMax,
                        Lines::Single);
    check_optional_link(errors, path + ".source.url", entry.source->url);
  }
  check_date(errors, path + ".published", entry.published);
  check_optional_text(errors, path + ".note", entry.note, limits::kNoteMax, Lines::Multi);
  check_count(errors, path + ".items", entry.items.size(), 0, limits::kItemsMax);
  for (std::size_t i = 0; i < entry.items.size(); ++i) {
    validate_item(errors, entry.items[i], indexed(path + ".items", i));
  }
}

void validate_section(Errors& errors, const Section& section, const std::string& path) {
  check_required_text(errors, path + ".title", section.title, limits::kSectionTitleMax,
                      Lines::Single);
  check_optional_text(errors, path + ".description", section.description,
                      limits::kSectionDescriptionMax, Lines::Multi);
  check_count(errors, path + ".entries", section.entries.size(), limits::kEntriesMin,
              limits::kEntriesMax);
  for (std::size_t i = 0; i < section.entries.size(); ++i) {
    validate_entry(errors, section.entries[i], indexed(path + ".entries", i));
  }
}

void validate_talk(Errors& errors, const Talk& talk, const std::string& path) {
  check_optional_text(errors, path + ".title", talk.title, limits::kTalkTitleMax, Lines::Single);
  check_optional_link(errors, path + ".url", talk.url);
  check_optional_text(errors, path + ".event", talk.event, limits::kEventMax, Lines::Single);
  check_date(errors, path + ".date", talk.date);
  validate_people(errors, talk.speakers, path + ".speakers", limits::kSpeakersMax);
}

void validate_spec(Errors& errors, const ReadingListSpec& spec) {
  const std::string path = "spec";
  check_required_text(errors, path + ".title", spec.title, limits::kTitleMax, Lines::Single);
  check_optional_text(errors, path + ".subtitle", spec.subtitle, limits::kSubtitleMax,
                      Lines::Single);
  check_optional_text(errors, path + ".description", spec.description, limits::kDescriptionMax,
                      Lines::Multi);
  detail::check_language(errors, path + ".language", spec.language);
  if (spec.talk) validate_talk(errors, *spec.talk, path + ".talk");
  if (spec.epigraph) {
    check_required_text(errors, path + ".epigraph.text", spec.epigraph->text,
                        limits::kEpigraphTextMax, Lines::Multi);
    if (spec.epigraph->author) {
      validate_person(errors, *spec.epigraph->author, path + ".epigraph.author");
    }
  }
  check_count(errors, path + ".sections", spec.sections.size(), limits::kSectionsMin,
              limits::kSectionsMax);
  for (std::size_t i = 0; i < spec.sections.size(); ++i) {
    validate_section(errors, spec.sections[i], indexed(path + ".sections", i));
  }
  if (spec.site) detail::validate_site(errors, *spec.site, path + ".site");
}

}  // namespace

void detail::check_language(Errors& errors, const std::string& path,
                            const std::optional<std::string>& language) {
  check_pattern<patterns::kLanguage>(errors, path, language, limits::kLanguageMax,
                                     "must be a BCP 47 language tag such as \"en\" or \"pt-BR\"");
}

std::vector<FieldError> validate(const ReadingList& list) {
  Errors errors;
  detail::validate_metadata(errors, list.metadata, limits::kNameMax, "-site");
  validate_spec(errors, list.spec);
  return errors;
}

}  // namespace rl::model
