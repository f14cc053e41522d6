// The OpenAPI schema of ReadingList.spec, less spec.site: every field of the API page with its
// limits (limits.hpp), patterns (patterns.hpp) and the CEL rules that span fields. The words are
// what `kubectl explain readinglist.spec...` shows users, so they say meaning, not mechanics.
#include "crd_detail.hpp"
#include "readinglist/model/limits.hpp"
#include "readinglist/model/patterns.hpp"
#include "readinglist/model/types.hpp"

namespace rl::model::crd_detail {
namespace {

Schema person(std::string_view description) {
  return object(
      description,
      {
          {"name", text("The person's name as the page shows it.", limits::kPersonNameMax, 1)},
          {"url", web_url("A page about the person (home page or profile); their name links "
                          "to it.")},
          {"affiliation", text("The organisation they belong to, shown after their name, e.g. "
                               "\"Buoyant\".",
                               limits::kAffiliationMax)},
          {"handle", matching("Their social media handle, e.g. \"@alpeb\" or "
                              "\"@user@host.social\": an optional \"@\", then letters, digits, "
                              "'_', '.', '@' and '-'.",
                              limits::kHandleMax, patterns::kHandle)},
      },
      {"name"});
}

Schema people(std::string_view description, std::string_view person_description,
              std::size_t max_items) {
  return array(description, person(person_description), 0, max_items);
}

Schema talk() {
  return object(
      "The talk this reading list accompanies, shown under the title. Leave it out for a list "
      "that belongs to no talk.",
      {
          {"title", text("The talk's title.", limits::kTalkTitleMax)},
          {"url", web_url("Where the talk can be watched or read: the recording, slides or "
                          "schedule page.")},
          {"event", text("The event the talk was given at, e.g. \"KubeCon + CloudNativeCon North "
                         "America 2023\".",
                         limits::kEventMax)},
          {"date", partial_date("When the talk was given.")},
          {"speakers", people("Who gave the talk, in the order the page lists them.", "A speaker.",
                              limits::kSpeakersMax)},
      });
}

Schema epigraph() {
  return object("A quotation shown under the introduction.",
                {
                    {"text", text("The quotation, in plain text: Markdown is not interpreted.",
                                  limits::kEpigraphTextMax, 1)},
                    {"author", person("Who said or wrote the quotation.")},
                },
                {"text"});
}

Schema item() {
  return object(
      "A link inside an entry.",
      {
          {"title", text("The link's text.", limits::kItemTitleMax, 1)},
          {"url", web_url("Where the link goes.")},
          {"description",
           text("A short description shown after the link, in plain text: Markdown is not "
                "interpreted.",
                limits::kItemDescriptionMax)},
      },
      {"title", "url"});
}

Schema entry_type() {
  const std::vector<std::string_view> names(std::begin(kEntryTypeNames), std::end(kEntryTypeNames));
  return with_default(
      one_of("What kind of resource the entry links to. The page shows it as a label before the "
             "title: \"Blog post\" for BlogPost, \"Article\", \"Talk\", and so on; Collection, "
             "for an entry whose links are listed in items, is labelled \"Open source projects\".",
             names),
      to_string(EntryType::Website));
}

Schema entry() {
  return with_rule(
      object(
          "One link of the list with what a reader needs to pick it: what it is, who made it, "
          "where and when it appeared, and why it is worth reading. It needs a url unless it "
          "lists its links in items.",
          {
              {"type", entry_type()},
              {"title", text("The title of the linked resource, as its authors wrote it.",
                             limits::kEntryTitleMax, 1)},
              {"url", web_url("The link. Required unless the entry has items.")},
              {"authors", people("Who wrote or made it, in the order the page lists them.",
                                 "An author.", limits::kAuthorsMax)},
              {"source",
               object("Where it appeared: the blog, site, conference or publication.",
                      {
                          {"name", text("The name of the blog, site, conference or publication.",
                                        limits::kSourceNameMax, 1)},
                          {"url", web_url("Its home page; the name links to it.")},
                      },
                      {"name"})},
              {"published", partial_date("When it was published.")},
              {"note", text(with("What the reader gets from it, shown under the link.", kMarkdown),
                            limits::kNoteMax)},
              {"items", array("Links listed inside the entry, such as the projects of a "
                              "Collection. An entry with items needs no url.",
                              item(), 0, limits::kItemsMax)},
          },
          {"title"}),
      "has(self.url) || (has(self.items) && size(self.items) > 0)",
      "an entry needs a url unless it has items");
}

Schema section() {
  return object(
      "A group of entries under one heading.",
      {
          {"title", text("The section's heading.", limits::kSectionTitleMax, 1)},
          {"description", text(with("Text shown under the heading, before the entries.", kMarkdown),
                               limits::kSectionDescriptionMax)},
          {"entries", array("The entries of the section, in the order the page shows them.",
                            entry(), limits::kEntriesMin, limits::kEntriesMax)},
      },
      {"title", "entries"});
}

}  // namespace

// The longest partial date is a full one.
constexpr std::string_view kFullDateShape = "YYYY-MM-DD";
constexpr std::size_t kDateMax = kFullDateShape.size();

std::string with(std::string_view first, std::string_view second) {
  return std::string(first) + " " + std::string(second);
}

Schema web_url(std::string_view description) {
  return matching(with(description, "An absolute http or https URL."), limits::kUrlMax,
                  patterns::kWebUrl);
}

Schema partial_date(std::string_view description) {
  return with_rule(
      matching(with(description,
                    "A year (\"2018\"), a month (\"2023-01\") or a day (\"2019-05-09\") that "
                    "exists in the calendar; the page shows it as \"2018\", \"January 2023\" or "
                    "\"May 9, 2019\"."),
               kDateMax, patterns::kPartialDate),
      real_date_rule(), "must be a real calendar date");
}

Schema language(std::string_view description) {
  return with_default(matching(description, limits::kLanguageMax, patterns::kLanguage),
                      kDefaultLanguage);
}

Schema spec_schema() {
  return object(
      "What the reading list says, and how its page is served. The operator renders it to the "
      "ConfigMap NAME-site (index.html, style.css, feed.xml, readinglist.md, readinglist.json) "
      "and serves it with nginx.",
      {
          {"title",
           text("The list's title: the page's title and its top heading.", limits::kTitleMax, 1)},
          {"subtitle", text("A line shown under the title.", limits::kSubtitleMax)},
          {"description",
           text(with("The introduction, shown between the title and the first section.", kMarkdown),
                limits::kDescriptionMax)},
          {"language", language("The language the list is written in, as a BCP 47 tag such as "
                                "\"en\", \"pt-BR\" or \"zh-Hant-TW\"; browsers and screen "
                                "readers use it.")},
          {"talk", talk()},
          {"epigraph", epigraph()},
          {"sections", array("The sections of the list, in the order the page shows them; each "
                             "has a heading and its entries.",
                             section(), limits::kSectionsMin, limits::kSectionsMax)},
          {"site", site_schema()},
      },
      {"title", "sections"});
}

}  // namespace rl::model::crd_detail
