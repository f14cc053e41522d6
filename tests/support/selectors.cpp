#include "selectors.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace rl::test_apiserver {

using nlohmann::json;
using Op = Requirement::Op;

namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t';
}

// Splits on commas that are not inside parentheses.
std::vector<std::string_view> split_terms(std::string_view text) {
  std::vector<std::string_view> out;
  int depth = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '(') ++depth;
    if (text[i] == ')') --depth;
    if (text[i] == ',' && depth == 0) {
      out.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  out.push_back(text.substr(start));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front()))
    s.remove_prefix(1);
  while (!s.empty() && is_space(s.back()))
    s.remove_suffix(1);
  return s;
}

bool valid_key(std::string_view key) {
  return !key.empty() && std::ranges::all_of(key, [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ||
           c == '/';
  });
}

ApiError parse_error(std::string_view term, std::string_view why) {
  return bad_request("unable to parse requirement: " + std::string(why) + ": '" +
                     std::string(term) + "'");
}

Result<Requirement> parse_set(std::string_view term, std::string key, Op op,
                              std::string_view rest) {
  rest = trim(rest);
  if (rest.size() < 2 || rest.front() != '(' || rest.back() != ')') {
    return std::unexpected(parse_error(term, "found '" + std::string(rest) + "', expected: '('"));
  }
  Requirement r{.key = std::move(key), .op = op, .values = {}};
  std::string_view inner = rest.substr(1, rest.size() - 2);
  std::size_t start = 0;
  while (start <= inner.size()) {
    std::size_t comma = inner.find(',', start);
    std::string_view v = trim(inner.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    r.values.emplace_back(v);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return r;
}

Result<Requirement> parse_label_term(std::string_view raw) {
  std::string_view term = trim(raw);
  if (term.empty()) return std::unexpected(parse_error(raw, "found '', expected: identifier"));
  if (term.front() == '!') {
    std::string_view key = trim(term.substr(1));
    if (!valid_key(key)) return std::unexpected(parse_error(raw, "invalid label key"));
    return Requirement{.key = std::string(key), .op = Op::DoesNotExist, .values = {}};
  }
  std::size_t i = 0;
  while (i < term.size() && !is_space(term[i]) && term[i] != '=' && term[i] != '!' &&
         term[i] != '<' && term[i] != '>') {
    ++i;
  }
  std::string key(term.substr(0, i));
  if (!valid_key(key)) return std::unexpected(parse_error(raw, "invalid label key"));
  std::string_view rest = trim(term.substr(i));
  if (rest.empty()) return Requirement{.key = key, .op = Op::Exists, .values = {}};
  if (rest.starts_with("notin") && (rest.size() == 5 || !std::isalnum(rest[5]))) {
    return parse_set(raw, key, Op::NotIn, rest.substr(5));
  }
  if (rest.starts_with("in") && (rest.size() == 2 || !std::isalnum(rest[2]))) {
    return parse_set(raw, key, Op::In, rest.substr(2));
  }
  Op op;
  std::size_t len = 1;
  if (rest.starts_with("==")) {
    op = Op::Equals, len = 2;
  } else if (rest.starts_with("!=")) {
    op = Op::NotEquals, len = 2;
  } else if (rest.starts_with("=")) {
    op = Op::Equals;
  } else if (rest.starts_with(">")) {
    op = Op::Greater;
  } else if (rest.starts_with("<")) {
    op = Op::Less;
  } else {
    return std::unexpected(parse_error(raw, "found '" + std::string(rest) +
                                                "', expected: "
                                                "in, notin, =, ==, !=, gt, lt"));
  }
  std::string value(trim(rest.substr(len)));
  if (value.find_first_of("=!() ,") != std::string::npos) {
    return std::unexpected(parse_error(raw, "invalid label value"));
  }
  if (op == Op::Greater || op == Op::Less) {
    long long n = 0;
    auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec != std::errc() || p != value.data() + value.size()) {
      return std::unexpected(parse_error(raw,
                                         "for 'Gt', 'Lt' operators, the value must be an "
                                         "integer"));
    }
  }
  return Requirement{.key = key, .op = op, .values = {value}};
}

bool matches_requirement(const Requirement& r, bool present, const std::string& value) {
  auto in_values = [&] { return std::ranges::find(r.values, value) != r.values.end(); };
  auto as_number = [](const std::string& s, long long& out) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size();
  };
  switch (r.op) {
    case Op::Equals:
      return present && value == r.values[0];
    case Op::NotEquals:
      return !present || value != r.values[0];
    case Op::In:
      return present && in_values();
    case Op::NotIn:
      return !present || !in_values();
    case Op::Exists:
      return present;
    case Op::DoesNotExist:
      return !present;
    case Op::Greater:
    case Op::Less: {
      long long have = 0;
      long long want = 0;
      if (!present || !as_number(value, have) || !as_number(r.values[0], want)) return false;
      return r.op == Op::Greater ? have > want : have < want;
    }
  }
  return false;
}

}  // namespace

Result<LabelSelector> LabelSelector::parse(std::string_view text) {
  LabelSelector selector;
  if (trim(text).empty()) return selector;
  for (auto term : split_terms(text)) {
    auto r = parse_label_term(term);
    if (!r) return std::unexpected(r.error());
    selector.requirements_.push_back(std::move(*r));
  }
  return selector;
}

bool LabelSelector::matches(const json& labels) const {
  for (const auto& r : requirements_) {
    bool present = labels.is_object() && labels.contains(r.key) && labels[r.key].is_string();
    std::string value = present ? labels[r.key].get<std::string>() : std::string();
    if (!matches_requirement(r, present, value)) return false;
  }
  return true;
}

std::string field_value(const json& object, std::string_view dotted_path) {
  const json* node = &object;
  std::size_t start = 0;
  while (start <= dotted_path.size()) {
    std::size_t dot = dotted_path.find('.', start);
    std::string part(dotted_path.substr(
        start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (!node->is_object()) return {};
    auto it = node->find(part);
    if (it == node->end()) return {};
    node = &*it;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (node->is_string()) return node->get<std::string>();
  if (node->is_null()) return {};
  if (node->is_boolean()) return node->get<bool>() ? "true" : "false";
  return node->dump();
}

Result<FieldSelector> FieldSelector::parse(std::string_view text,
                                           const std::vector<std::string>& allowed) {
  FieldSelector selector;
  if (trim(text).empty()) return selector;
  for (auto raw : split_terms(text)) {
    std::string_view term = trim(raw);
    Requirement r;
    std::size_t pos = term.find("!=");
    std::size_t len = 2;
    r.op = Op::NotEquals;
    if (pos == std::string_view::npos) {
      r.op = Op::Equals;
      pos = term.find("==");
      if (pos == std::string_view::npos) pos = term.find('='), len = 1;
    }
    if (pos == std::string_view::npos) {
      return std::unexpected(bad_request("invalid selector: '" + std::string(text) +
                                         "'; can't understand '" + std::string(term) + "'"));
    }
    r.key = std::string(trim(term.substr(0, pos)));
    r.values = {std::string(trim(term.substr(pos + len)))};
    if (r.key != "metadata.name" && r.key != "metadata.namespace" &&
        std::ranges::find(allowed, r.key) == allowed.end()) {
      return std::unexpected(bad_request("field label not supported: " + r.key));
    }
    selector.requirements_.push_back(std::move(r));
  }
  return selector;
}

bool FieldSelector::matches(const json& object) const {
  for (const auto& r : requirements_) {
    std::string value = field_value(object, r.key);
    bool equal = value == r.values[0];
    if (r.op == Op::Equals ? !equal : equal) return false;
  }
  return true;
}

std::string FieldSelector::pinned_name() const {
  for (const auto& r : requirements_) {
    if (r.key == "metadata.name" && r.op == Op::Equals) return r.values[0];
  }
  return {};
}

}  // namespace rl::test_apiserver
