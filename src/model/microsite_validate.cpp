// The validator's walk over a Microsite, in the order of microsite.hpp. The rules it shares with
// a ReadingList (texts, links, dates, metadata.name, the site settings) come from
// validate_detail.hpp; the label selector is checked as the API server checks a
// metav1.LabelSelector, so a selector that passes here is one a List call accepts.
#include "readinglist/model/microsite_validate.hpp"

#include <algorithm>
#include <set>

#include "readinglist/model/limits.hpp"
#include "readinglist/model/microsite_names.hpp"
#include "readinglist/model/patterns.hpp"
#include "readinglist/model/validate.hpp"
#include "validate_detail.hpp"

namespace rl::model {
namespace {

// The shared building blocks are this file's vocabulary.
using namespace detail;

constexpr std::string_view kLabelKeyShape =
    "must be a label key such as \"app.kubernetes.io/part-of\": an optional DNS prefix and \"/\", "
    "then 1-63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit";

void check_label_key(Errors& errors, const std::string& path, std::string_view key) {
  if (key.empty()) {
    add(errors, path, "must not be empty");
  } else if (!is_qualified_name(key)) {
    add(errors, path, std::string(kLabelKeyShape));
  }
}

void check_label_value(Errors& errors, const std::string& path, std::string_view value) {
  if (value.size() > limits::kLabelValueMax) {
    add(errors, path, too_long(limits::kLabelValueMax, value.size()));
  } else if (!full_match<patterns::kLabelValue>(value)) {
    add(errors, path,
        "must be a label value: empty, or at most 63 letters, digits, '-', '_' or '.', "
        "starting and ending with a letter or digit (got " +
            quoted(value) + ")");
  }
}

void validate_requirement(Errors& errors, const LabelSelectorRequirement& requirement,
                          const std::string& path) {
  check_label_key(errors, path + ".key", requirement.key);
  const std::string values = path + ".values";
  const std::string& op = requirement.operator_;
  if (op == "In" || op == "NotIn") {
    if (requirement.values.empty()) {
      add(errors, values, "must not be empty when operator is " + op);
    }
  } else if (op == "Exists" || op == "DoesNotExist") {
    if (!requirement.values.empty()) {
      add(errors, values, "must be empty when operator is " + op);
    }
  } else if (op.empty()) {
    add(errors, path + ".operator", "is required");
  } else {
    add(errors, path + ".operator",
        "must be In, NotIn, Exists or DoesNotExist (got " + quoted(op) + ")");
  }
  check_count(errors, values, requirement.values.size(), 0, limits::kMatchValuesMax);
  for (std::size_t i = 0; i < requirement.values.size(); ++i) {
    check_label_value(errors, indexed(values, i), requirement.values[i]);
  }
}

void validate_selector(Errors& errors, const LabelSelector& selector, const std::string& path) {
  const std::string labels = path + ".matchLabels";
  check_count(errors, labels, selector.match_labels.size(), 0, limits::kMatchLabelsMax);
  for (const auto& [key, value] : selector.match_labels) {
    const std::string at = keyed(labels, key);
    check_label_key(errors, at, key);
    check_label_value(errors, at, value);
  }
  const std::string expressions = path + ".matchExpressions";
  check_count(errors, expressions, selector.match_expressions.size(), 0,
              limits::kMatchExpressionsMax);
  for (std::size_t i = 0; i < selector.match_expressions.size(); ++i) {
    validate_requirement(errors, selector.match_expressions[i], indexed(expressions, i));
  }
}

// Partial dates of different precision compare on the part both have: "2024-05" does not end
// before "2024-05-20" starts, "2024-04-30" does.
bool ends_before_start(std::string_view end, std::string_view start) {
  const std::size_t common = std::min(end.size(), start.size());
  return end.substr(0, common) < start.substr(0, common);
}

void validate_event(Errors& errors, const EventSpec& event, const std::string& path) {
  check_required_text(errors, path + ".name", event.name, limits::kEventNameMax, Lines::Single);
  check_optional_link(errors, path + ".url", event.url);
  check_date(errors, path + ".startDate", event.start_date);
  check_date(errors, path + ".endDate", event.end_date);
  if (event.start_date && event.end_date && is_partial_date(*event.start_date) &&
      is_partial_date(*event.end_date) && ends_before_start(*event.end_date, *event.start_date)) {
    add(errors, path + ".endDate",
        "must not be before startDate (" + quoted(*event.start_date) + ")");
  }
  check_optional_text(errors, path + ".location", event.location, limits::kLocationMax,
                      Lines::Single);
}

void validate_order(Errors& errors, const MicrositeOrder& order, const std::string& path) {
  const std::string names = path + ".names";
  const bool by_names = order.effective_by() == MicrositeOrderBy::Names;
  if (by_names && order.names.empty()) {
    add(errors, names, "is required when by is \"names\"");
  } else if (!by_names && !order.names.empty()) {
    add(errors, names,
        "is only allowed when by is \"names\" (by is \"" +
            std::string(to_string(order.effective_by())) + "\")");
  }
  check_count(errors, names, order.names.size(), 0, limits::kOrderNamesMax);
  std::set<std::string_view> seen;
  for (std::size_t i = 0; i < order.names.size(); ++i) {
    const std::string& name = order.names[i];
    const std::string at = indexed(names, i);
    if (!is_dns1123_subdomain(name)) {
      add(errors, at,
          "must be the name of a ReadingList: a DNS-1123 subdomain of lower-case "
          "letters, digits, '-' and '.' (got " +
              quoted(name) + ")");
    } else if (!seen.insert(name).second) {
      add(errors, at, "duplicate name " + quoted(name));
    }
  }
}

void validate_spec(Errors& errors, const MicrositeSpec& spec) {
  const std::string path = "spec";
  check_required_text(errors, path + ".title", spec.title, limits::kTitleMax, Lines::Single);
  check_optional_text(errors, path + ".description", spec.description, limits::kDescriptionMax,
                      Lines::Multi);
  check_language(errors, path + ".language", spec.language);
  if (spec.event) validate_event(errors, *spec.event, path + ".event");
  if (spec.selector) validate_selector(errors, *spec.selector, path + ".selector");
  if (spec.order) validate_order(errors, *spec.order, path + ".order");
  if (spec.site) validate_site(errors, *spec.site, path + ".site");
}

}  // namespace

std::vector<FieldError> validate(const Microsite& microsite) {
  Errors errors;
  validate_metadata(errors, microsite.metadata, limits::kMicrositeNameMax, kMicrositeSuffix);
  validate_spec(errors, microsite.spec);
  return errors;
}

}  // namespace rl::model
