// Building blocks of the CRD generator: OpenAPI schema builders that write each limit into the
// field's description too (so `kubectl explain` and the schema can never disagree), the schema
// parts (crd_schema*.cpp) and the JSON -> YAML emitter (crd_yaml.cpp). Private to src/model.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rl::model::crd_detail {

using Schema = nlohmann::ordered_json;
using Property = std::pair<std::string_view, Schema>;

// A string of at most `max_length` characters (at least `min_length`).
Schema text(std::string_view description, std::size_t max_length, std::size_t min_length = 0);
// A string of at most `max_length` characters matching `pattern` (the description says in words
// what the pattern means; none of our patterns accepts the empty string).
Schema matching(std::string_view description, std::size_t max_length, std::string_view pattern);
// A string that is one of `values`.
Schema one_of(std::string_view description, const std::vector<std::string_view>& values);
Schema integer(std::string_view description, std::int64_t minimum, std::int64_t maximum);
// A non-negative int64 with no upper bound (counts and generations in status).
Schema counter(std::string_view description);
Schema boolean(std::string_view description);
Schema object(std::string_view description, std::initializer_list<Property> properties,
              std::initializer_list<std::string_view> required = {});
Schema array(std::string_view description, Schema items, std::size_t min_items,
             std::size_t max_items);
// A map of string keys to `values`.
Schema map_of(std::string_view description, Schema values);

// Adds `default` and says so in the description.
Schema with_default(Schema schema, const Schema& value);
// Adds a CEL rule (x-kubernetes-validations).
Schema with_rule(Schema schema, std::string_view rule, std::string_view message);

// "a, b or c"
std::string or_list(const std::vector<std::string_view>& values);

// The CEL rule that a YYYY-MM-DD value names a day that exists (30 April, 29 February only in
// leap years); YYYY and YYYY-MM values pass. It never errors, whatever the string.
std::string real_date_rule();

// Key order inside every schema object, recursively: description, type, ... properties.
Schema in_reading_order(const Schema& schema);

// Lower-case hex of a SHA-256 digest (status.contentHash).
inline constexpr std::size_t kContentHashLength = 64;

inline constexpr std::string_view kMarkdown =
    "Written in CommonMark (Markdown); raw HTML is left out, and only http, https and mailto links "
    "become links.";

// "first second"
std::string with(std::string_view first, std::string_view second);

// Fields both kinds have, each with the words of the kind that uses it (crd_schema.cpp and
// crd_schema_site.cpp).
Schema web_url(std::string_view description);
Schema partial_date(std::string_view description);
Schema language(std::string_view description);
Schema theme(std::string_view description);
Schema replicas(std::string_view description);
Schema image(std::string_view description);
Schema resources();
Schema ingress(std::string_view description);
// metav1.Conditions as a list map keyed by type: `description` of the list, `subject` of one
// condition, then what its reason and message say.
Schema conditions(std::string_view description, std::string_view subject, std::string_view reasons,
                  std::string_view messages);

// A status: observedGeneration, `conditions`, the kind's `observations`, then url (described by
// `url`), contentHash (of the `thing`'s files) and readyReplicas.
Schema status_object(Schema conditions, std::initializer_list<Property> observations,
                     std::string_view url, std::string_view thing);

// The parts of openAPIV3Schema.
Schema spec_schema();              // crd_schema.cpp
Schema site_schema();              // crd_schema_site.cpp
Schema status_schema();            // crd_schema_site.cpp
Schema microsite_spec_schema();    // crd_schema_microsite.cpp
Schema microsite_status_schema();  // crd_schema_microsite.cpp

// Block-style YAML for a JSON document; strings a YAML 1.1 reader would take for anything else
// ("True", "1", "null", "") are quoted.
std::string to_yaml(const nlohmann::ordered_json& document);

}  // namespace rl::model::crd_detail
