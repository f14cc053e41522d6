// Label and field selectors as the list and watch query parameters carry them
// (labelSelector: =, ==, !=, in, notin, exists, !exists, >, <; fieldSelector: =, ==, !=).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "status.hpp"

namespace rl::test_apiserver {

struct Requirement {
  enum class Op { Equals, NotEquals, In, NotIn, Exists, DoesNotExist, Greater, Less };
  std::string key;
  Op op = Op::Exists;
  std::vector<std::string> values;
};

class LabelSelector {
 public:
  static Result<LabelSelector> parse(std::string_view text);
  bool empty() const { return requirements_.empty(); }
  bool matches(const nlohmann::json& labels) const;  // labels: object or null

 private:
  std::vector<Requirement> requirements_;
};

class FieldSelector {
 public:
  // `allowed`: the field paths the kind supports besides metadata.name and metadata.namespace.
  static Result<FieldSelector> parse(std::string_view text,
                                     const std::vector<std::string>& allowed);
  bool empty() const { return requirements_.empty(); }
  bool matches(const nlohmann::json& object) const;
  // The value a `metadata.name=X` term pins, or "" when there is none.
  std::string pinned_name() const;

 private:
  std::vector<Requirement> requirements_;
};

// The value at a dotted path (`involvedObject.name`), as a field selector sees it ("" if absent).
std::string field_value(const nlohmann::json& object, std::string_view dotted_path);

}  // namespace rl::test_apiserver
