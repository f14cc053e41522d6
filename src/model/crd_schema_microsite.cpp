// The OpenAPI schema of Microsite.spec and .status. The parts a Microsite shares with a
// ReadingList (language, theme, the serving settings, conditions) come from the same builders
// with the microsite's words; the label selector's checks are metav1.LabelSelector's.
#include "crd_detail.hpp"
#include "readinglist/model/limits.hpp"
#include "readinglist/model/microsite.hpp"
#include "readinglist/model/patterns.hpp"

namespace rl::model::crd_detail {
namespace {

constexpr std::string_view kLabelValueWords =
    "Empty, or at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or "
    "digit.";

Schema label_value(std::string_view description) {
  return matching(with(description, kLabelValueWords), limits::kLabelValueMax,
                  patterns::kLabelValue);
}

Schema event() {
  return with_rule(
      object("The event the site is for, shown under the title.",
             {
                 {"name", text("The event's name, e.g. \"KubeCon + CloudNativeCon Europe 2024\".",
                               limits::kEventNameMax, 1)},
                 {"url", web_url("The event's home page; its name links to it.")},
                 {"startDate", partial_date("The event's first day.")},
                 {"endDate", partial_date("The event's last day; not before startDate.")},
                 {"location", text("Where the event takes place, e.g. \"Paris, France\".",
                                   limits::kLocationMax)},
             },
             {"name"}),
      // Compared on the part both dates have, so "2024-03" and "2024-03-22" agree.
      "!has(self.startDate) || !has(self.endDate) || (size(self.endDate) < size(self.startDate) "
      "? self.endDate >= self.startDate.substring(0, size(self.endDate)) : "
      "self.endDate.substring(0, size(self.startDate)) >= self.startDate)",
      "endDate must not be before startDate");
}

Schema requirement() {
  return with_rule(
      object("A label that must or must not be present, or have one of some values.",
             {
                 {"key", matching("The label's key, e.g. \"app.kubernetes.io/part-of\": an "
                                  "optional DNS prefix and \"/\", then 1-63 letters, digits, '-', "
                                  "'_' and '.', starting and ending with a letter or digit.",
                                  limits::kLabelKeyMax, patterns::kLabelKey)},
                 {"operator", one_of("How the label is compared: In and NotIn with values, "
                                     "Exists and DoesNotExist without.",
                                     {"In", "NotIn", "Exists", "DoesNotExist"})},
                 {"values", array("The values of In and NotIn.", label_value("A label value."), 0,
                                  limits::kMatchValuesMax)},
             },
             {"key", "operator"}),
      "self.operator in ['In', 'NotIn'] ? has(self.values) && size(self.values) > 0 : "
      "!has(self.values) || size(self.values) == 0",
      "values must be set for In and NotIn, and empty for Exists and DoesNotExist");
}

Schema selector() {
  Schema match_labels =
      map_of("Labels a ReadingList must have, with these values.", label_value("A label value."));
  match_labels["description"] =
      with(match_labels["description"].get<std::string>(),
           "At most " + std::to_string(limits::kMatchLabelsMax) + " labels.");
  match_labels["maxProperties"] = limits::kMatchLabelsMax;
  return object(
      "Which ReadingLists of the namespace the site holds, as a Deployment selects its pods "
      "(metav1.LabelSelector): a list must match every label and every expression. Leave it out "
      "to hold every list of the namespace.",
      {
          {"matchLabels", std::move(match_labels)},
          {"matchExpressions", array("Conditions on labels a ReadingList must meet.", requirement(),
                                     0, limits::kMatchExpressionsMax)},
      });
}

Schema order() {
  Schema names = array(
      "With by: names, the ReadingLists to show first, in this order; lists not "
      "named follow by title. Each name at most once.",
      matching("A ReadingList's metadata.name.", limits::kObjectNameMax, patterns::kSubdomain), 0,
      limits::kOrderNamesMax);
  names["x-kubernetes-list-type"] = "set";
  const Schema by = with_default(
      one_of("How the index orders the lists: by title, by the date of their talk (lists without "
             "one last), or by names.",
             {to_string(MicrositeOrderBy::Title), to_string(MicrositeOrderBy::TalkDate),
              to_string(MicrositeOrderBy::Names)}),
      to_string(MicrositeOrderBy::Title));
  Schema schema = object("The order of the lists on the index page; ties go by list name.",
                         {{"by", by}, {"names", std::move(names)}});
  schema = with_rule(std::move(schema),
                     "!has(self.names) || size(self.names) == 0 || (has(self.by) && self.by == "
                     "'names')",
                     "names is only allowed when by is names");
  return with_rule(std::move(schema),
                   "!has(self.by) || self.by != 'names' || (has(self.names) && size(self.names) "
                   "> 0)",
                   "names is required when by is names");
}

Schema site() {
  return object(
      "How the site is served. Leave it out for one nginx replica with the default image, reached "
      "inside the cluster at http://NAME-microsite.NAMESPACE.svc.",
      {
          {"replicas", replicas("How many nginx pods serve the site; with two or more, a changed "
                                "site rolls out without downtime.")},
          {"image", image("The nginx image. It must listen on port 8080 and run as a non-root "
                          "user, as the default does; change it to use a mirror.")},
          {"resources", resources()},
          {"ingress", ingress("Serve the site outside the cluster through the Ingress "
                              "NAME-microsite. Without it the site is served only inside the "
                              "cluster, by the Service NAME-microsite (port 80).")},
      });
}

}  // namespace

Schema microsite_spec_schema() {
  return object(
      "What the site says, which ReadingLists it holds, and how it is served. The operator "
      "renders the index to the ConfigMap NAME-index and serves it, with each list under its own "
      "path, from the Deployment NAME-microsite.",
      {
          {"title", text("The site's title: the index page's title and its top heading.",
                         limits::kTitleMax, 1)},
          {"description", text(with("The introduction, shown under the title.", kMarkdown),
                               limits::kDescriptionMax)},
          {"language", language("The language of the index page, as a BCP 47 tag such as \"en\" "
                                "or \"pt-BR\"; browsers and screen readers use it.")},
          {"event", event()},
          {"selector", selector()},
          {"order", order()},
          {"theme", theme("The site's colours: light, dark, or auto to follow the reader's system "
                          "setting (prefers-color-scheme).")},
          {"site", site()},
      },
      {"title"});
}

Schema microsite_status_schema() {
  return status_object(
      conditions("The latest observations of the site, one per type. Ready: the index is "
                 "rendered and served by at least one ready pod. Rendered: the content "
                 "ConfigMaps are up to date. Available: the nginx Deployment is available.",
                 "One aspect of the site's state, in the standard shape of metav1.Condition.",
                 "Why it last changed, as a CamelCase word, e.g. Rendered, InvalidSpec, "
                 "Progressing, Available or ApiError.",
                 "What happened, for people. For InvalidSpec it names each offending field by "
                 "its path, e.g. spec.selector.matchExpressions[0].values."),
      {
          {"lists", object("How many ReadingLists the selector picks.",
                           {
                               {"selected", counter("Lists the selector matches.")},
                               {"valid", counter("Of those, the valid ones: the lists the index "
                                                 "shows and the site serves.")},
                           })},
      },
      "Where the site is served: the Ingress URL when site.ingress is set, otherwise "
      "http://NAME-microsite.NAMESPACE.svc inside the cluster.",
      "site");
}

}  // namespace rl::model::crd_detail
