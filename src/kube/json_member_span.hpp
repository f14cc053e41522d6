// Where a member of a member sits in the text of a JSON object (object.spec in a watch event),
// found without parsing, so that a field can be kept as its text. Walks only the structure it
// passes (strings closed, brackets matched); whoever parses the text later validates it.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace rl::kube::detail {

struct TextSpan {
  std::size_t begin = 0;
  std::size_t end = 0;  // one past the value's last byte
};

// The value of json[outer][inner], when both are members written without escapes in their
// names, each named once, and json and json[outer] are objects; nullopt otherwise (the caller
// then parses all).
std::optional<TextSpan> find_member_value(std::string_view json, std::string_view outer,
                                          std::string_view inner);

}  // namespace rl::kube::detail
