#include "front_matter.hpp"

#include <yaml-cpp/yaml.h>

#include <nlohmann/json.hpp>
#include <set>

#include "readinglist/import/english_dates.hpp"
#include "readinglist/model/codec.hpp"
#include "readinglist/model/limits.hpp"

namespace rl::import::detail {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r'))
    text.remove_suffix(1);
  return text;
}

// The next line of `text` from `pos` (without its newline); advances `pos` past it.
std::string_view next_line(std::string_view text, std::size_t& pos) {
  const std::size_t end = std::min(text.find('\n', pos), text.size());
  const auto line = text.substr(pos, end - pos);
  pos = end == text.size() ? end : end + 1;
  return line;
}

// What a front matter may make us build: aliases are expanded as they are read, so a "billion
// laughs" of nested aliases must run out of budget long before memory does. The front matter
// carries only a talk and a site, a few hundred nodes at most.
struct Budget {
  static constexpr std::size_t kMaxNodes = 10'000;
  std::size_t nodes = 0;
  std::size_t bytes = 0;
};

// YAML -> JSON under the core schema's rules for plain scalars we need (booleans, integers);
// quoted scalars stay strings. Depth is bounded like the manifest reader's, and so are the nodes
// and bytes once aliases are expanded; a repeated key is an error, not a silent overwrite.
nlohmann::json to_json(const YAML::Node& node, std::size_t depth, Budget& budget) {
  if (depth > model::limits::kMaxYamlDepth) throw std::runtime_error("front matter nests too deep");
  if (++budget.nodes > Budget::kMaxNodes) {
    throw std::runtime_error("more than " + std::to_string(Budget::kMaxNodes) +
                             " YAML nodes once aliases are expanded");
  }
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      nlohmann::json object = nlohmann::json::object();
      for (const auto& member : node) {
        auto key = member.first.as<std::string>();
        if (object.contains(key)) {
          throw std::runtime_error("duplicate key \"" + key + "\" (line " +
                                   std::to_string(member.first.Mark().line + 1) +
                                   " of the front matter)");
        }
        object[std::move(key)] = to_json(member.second, depth + 1, budget);
      }
      return object;
    }
    case YAML::NodeType::Sequence: {
      nlohmann::json array = nlohmann::json::array();
      for (const auto& element : node)
        array.push_back(to_json(element, depth + 1, budget));
      return array;
    }
    case YAML::NodeType::Scalar: {
      const std::string& text = node.Scalar();
      budget.bytes += text.size();
      if (budget.bytes > model::limits::kMaxDocumentBytes) {
        throw std::runtime_error("more than " + std::to_string(model::limits::kMaxDocumentBytes) +
                                 " bytes of text once aliases are expanded");
      }
      if (node.Tag() == "!") return text;  // quoted
      if (text == "true" || text == "false") return text == "true";
      if (!text.empty() && text.find_first_not_of("0123456789") == std::string::npos &&
          text.size() < 18) {
        return std::stoll(text);
      }
      return text;
    }
    default:
      return nullptr;
  }
}

std::optional<std::string> scalar(const YAML::Node& root, const char* key) {
  const auto node = root[key];
  if (!node || !node.IsScalar()) return std::nullopt;
  return node.Scalar();
}

// "2023-11-08 10:00:00 +0000" (Jekyll), "2023-11-08T10:00:00Z" (Hugo) or an English date.
std::optional<std::string> date_of(const std::string& text) {
  for (const std::size_t length : {std::size_t{10}, std::size_t{7}, std::size_t{4}}) {
    if (text.size() >= length &&
        (text.size() == length || text[length] == ' ' || text[length] == 'T')) {
      if (auto date = parse_english_date(text.substr(0, length))) return date;
    }
  }
  return parse_english_date(text);
}

// talk and site go through the model's strict decoder (inside a minimal ReadingList), so the
// front matter obeys exactly the manifest's rules and its errors name the field.
std::expected<void, std::string> decode_spec_fields(const YAML::Node& root, FrontMatter& out) {
  nlohmann::json spec = {{"title", "front matter"}, {"sections", nlohmann::json::array()}};
  bool any = false;
  Budget budget;
  for (const char* key : {"talk", "site"}) {
    if (root[key]) {
      spec[key] = to_json(root[key], 0, budget);
      any = true;
    }
  }
  if (!any) return {};
  const nlohmann::json document = {{"apiVersion", model::kApiVersion},
                                   {"kind", model::kKind},
                                   {"metadata", {{"name", "front-matter"}}},
                                   {"spec", spec}};
  auto list = model::from_json(document, "front matter");
  if (!list) return std::unexpected(list.error().to_string());
  out.talk = list->spec.talk;
  out.site = list->spec.site;
  return {};
}

std::expected<FrontMatter, std::string> parse_yaml_front_matter(std::string_view text) {
  FrontMatter matter;
  try {
    const YAML::Node root = YAML::Load(std::string(text));
    if (!root || root.IsNull()) return matter;
    if (!root.IsMap()) return std::unexpected("front matter: expected key: value lines");
    // A repeated top-level key would otherwise be read as its first value, silently.
    std::set<std::string> keys;
    for (const auto& member : root) {
      if (member.first.IsScalar() && !keys.insert(member.first.Scalar()).second) {
        return std::unexpected("front matter: duplicate key \"" + member.first.Scalar() +
                               "\" (line " + std::to_string(member.first.Mark().line + 1) +
                               " of the front matter)");
      }
    }
    matter.title = scalar(root, "title");
    matter.layout = scalar(root, "layout");
    matter.subtitle = scalar(root, "subtitle");
    matter.author = scalar(root, "author");
    matter.language = scalar(root, "lang");
    if (!matter.language) matter.language = scalar(root, "language");
    if (auto date = scalar(root, "date")) matter.date = date_of(*date);
    if (auto decoded = decode_spec_fields(root, matter); !decoded) {
      return std::unexpected(decoded.error());
    }
  } catch (const std::exception& error) {  // yaml-cpp's and nlohmann's exceptions
    return std::unexpected(std::string("front matter: ") + error.what());
  }
  return matter;
}

// Hugo's TOML front matter: only top-level `key = "value"` lines are read.
FrontMatter parse_toml_front_matter(std::string_view text) {
  FrontMatter matter;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto line = next_line(text, pos);
    const auto equals = line.find('=');
    if (equals == std::string_view::npos) continue;
    const auto key = trim(line.substr(0, equals));
    auto value = trim(line.substr(equals + 1));
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
        value.back() == value.front()) {
      value = value.substr(1, value.size() - 2);
    }
    const std::string text_value(value);
    if (key == "title") matter.title = text_value;
    if (key == "layout") matter.layout = text_value;
    if (key == "subtitle") matter.subtitle = text_value;
    if (key == "author") matter.author = text_value;
    if (key == "lang" || key == "language") matter.language = text_value;
    if (key == "date") matter.date = date_of(text_value);
  }
  return matter;
}

}  // namespace

std::expected<SplitDocument, std::string> split_front_matter(std::string_view text) {
  std::size_t pos = 0;
  const auto first = trim(next_line(text, pos));
  if (first != "---" && first != "+++") return SplitDocument{{}, text};
  const std::size_t matter_start = pos;
  while (pos < text.size()) {
    const std::size_t line_start = pos;
    const auto line = trim(next_line(text, pos));
    const bool closes = first == "+++" ? line == "+++" : (line == "---" || line == "...");
    if (!closes) continue;
    const auto matter_text = text.substr(matter_start, line_start - matter_start);
    if (first == "+++")
      return SplitDocument{parse_toml_front_matter(matter_text), text.substr(pos)};
    auto matter = parse_yaml_front_matter(matter_text);
    if (!matter) return std::unexpected(matter.error());
    return SplitDocument{std::move(*matter), text.substr(pos)};
  }
  // An opening "---" with no closing line is a thematic break, not front matter.
  return SplitDocument{{}, text};
}

}  // namespace rl::import::detail
