// YAML manifests -> ReadingLists: yaml-cpp parses the stream, each document is turned into JSON
// (YAML 1.2 core schema, bounded in nodes, depth and bytes), then the strict JSON decoder runs
// with a locator so shape errors point at the line and column.
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include "codec_detail.hpp"
#include "readinglist/model/codec.hpp"
#include "readinglist/model/limits.hpp"
#include "yaml_documents.hpp"
#include "yaml_scalar.hpp"

namespace rl::model {

namespace {

using nlohmann::json;

constexpr std::string_view kStrTag = "tag:yaml.org,2002:str";
constexpr std::string_view kCoreTagPrefix = "tag:yaml.org,2002:";

struct Failure {
  std::string message;
  YAML::Mark mark;
};

void set_position(ParseError& error, const YAML::Mark& mark) {
  if (mark.is_null()) return;
  error.line = mark.line + 1;
  error.column = mark.column + 1;
}

// One converter reads the whole stream, so the budgets bound the stream, not each document.
// Aliases are expanded as they are counted: a "billion laughs" runs out of budget after at most
// kMaxYamlNodes nodes or kMaxDocumentBytes bytes of text, whatever the expansion factor.
class Converter {
 public:
  std::expected<json, Failure> convert(const YAML::Node& document) {
    json out;
    // Measuring first means a hostile document fails before anything is built from it.
    if (!measure(document, 0) || !visit(document, out)) {
      return std::unexpected(std::move(*failure_));
    }
    return out;
  }

 private:
  bool fail(std::string message, const YAML::Mark& mark) {
    failure_ = Failure{std::move(message), mark};
    return false;
  }

  bool measure(const YAML::Node& node, std::size_t depth) {
    if (++nodes_ > limits::kMaxYamlNodes) {
      return fail("more than " + std::to_string(limits::kMaxYamlNodes) +
                      " YAML nodes once aliases are expanded",
                  node.Mark());
    }
    if (depth > limits::kMaxYamlDepth) {
      return fail("nested deeper than " + std::to_string(limits::kMaxYamlDepth) + " levels",
                  node.Mark());
    }
    if (node.IsScalar()) {
      bytes_ += node.Scalar().size();
      if (bytes_ > limits::kMaxDocumentBytes) {
        return fail("more than " + std::to_string(limits::kMaxDocumentBytes) +
                        " bytes of text once aliases are expanded",
                    node.Mark());
      }
    } else if (node.IsSequence()) {
      for (const auto& element : node) {
        if (!measure(element, depth + 1)) return false;
      }
    } else if (node.IsMap()) {
      for (const auto& pair : node) {
        if (!measure(pair.first, depth + 1) || !measure(pair.second, depth + 1)) return false;
      }
    }
    return true;
  }

  // Only called on a measured node: depth and size are known to be within bounds.
  bool visit(const YAML::Node& node, json& out) {
    switch (node.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        // `title: !!str` is an empty string; a bare `title:` is null.
        out = node.Tag() == kStrTag || node.Tag() == "!" ? json("") : json(nullptr);
        return true;
      case YAML::NodeType::Scalar:
        return scalar(node, out);
      case YAML::NodeType::Sequence:
        if (!collection_tag(node, "seq")) return false;
        out = json::array();
        for (const auto& element : node) {
          json value;
          if (!visit(element, value)) return false;
          out.push_back(std::move(value));
        }
        return true;
      case YAML::NodeType::Map:
        if (!collection_tag(node, "map")) return false;
        out = json::object();
        for (const auto& pair : node) {
          std::string key;
          if (!mapping_key(pair.first, key)) return false;
          if (out.contains(key)) {
            return fail("duplicate key " + detail::quote_for_message(key), pair.first.Mark());
          }
          json value;
          if (!visit(pair.second, value)) return false;
          out[std::move(key)] = std::move(value);
        }
        return true;
    }
    return fail("unknown YAML node", node.Mark());
  }

  bool collection_tag(const YAML::Node& node, std::string_view kind) {
    const std::string& tag = node.Tag();
    if (tag.empty() || tag == "?" || tag == "!" ||
        tag == std::string(kCoreTagPrefix) + std::string(kind)) {
      return true;
    }
    return fail("unsupported tag " + detail::quote_for_message(tag), node.Mark());
  }

  bool scalar(const YAML::Node& node, json& out) {
    const std::string& text = node.Scalar();
    const std::string& tag = node.Tag();
    // yaml-cpp tags quoted and block scalars "!": they are strings whatever they look like.
    if (tag == "!" || tag == kStrTag) {
      out = text;
      return true;
    }
    out = detail::resolve_plain_scalar(text);
    if (tag == "?") return true;
    const std::string_view wanted = std::string_view(tag).starts_with(kCoreTagPrefix)
                                        ? std::string_view(tag).substr(kCoreTagPrefix.size())
                                        : std::string_view();
    const bool matches =
        (wanted == "null" && out.is_null()) || (wanted == "bool" && out.is_boolean()) ||
        (wanted == "int" && out.is_number_integer()) || (wanted == "float" && out.is_number());
    if (matches) {
      if (wanted == "float") out = out.get<double>();
      return true;
    }
    if (wanted.empty())
      return fail("unsupported tag " + detail::quote_for_message(tag), node.Mark());
    return fail("invalid !!" + std::string(wanted) + " value " + detail::quote_for_message(text),
                node.Mark());
  }

  bool mapping_key(const YAML::Node& key, std::string& out) {
    json value;
    if (key.IsScalar() && !scalar(key, value)) return false;
    if (!key.IsScalar() && !key.IsNull()) {
      return fail("mapping keys must be strings, got a " +
                      std::string(key.IsMap() ? "mapping" : "sequence"),
                  key.Mark());
    }
    if (value.is_string()) {
      out = value.get<std::string>();
      return true;
    }
    std::string message = "mapping keys must be strings, got ";
    message += detail::json_type_words(value);
    if (key.IsScalar()) message += " (quote it: \"" + detail::make_printable(key.Scalar()) + "\")";
    return fail(std::move(message), key.Mark());
  }

  std::optional<Failure> failure_;
  std::size_t nodes_ = 0;
  std::size_t bytes_ = 0;
};

// Finds the node a decoder path names, to report its position and the text as written.
std::optional<detail::Origin> locate(const YAML::Node& root, const detail::Path& path) {
  YAML::Node node;
  node.reset(root);  // rebinding: `node = root` would assign through to the document
  YAML::Mark key_mark = YAML::Mark::null_mark();
  for (const auto& segment : path) {
    bool found = false;
    if (segment.kind == detail::PathSegment::Kind::Index) {
      if (!node.IsSequence() || segment.index >= node.size()) return std::nullopt;
      std::size_t i = 0;
      for (const auto& element : node) {
        if (i++ == segment.index) {
          node.reset(element);
          found = true;
          break;
        }
      }
      key_mark = YAML::Mark::null_mark();
    } else {
      if (!node.IsMap()) return std::nullopt;
      for (const auto& pair : node) {
        if (pair.first.IsScalar() && pair.first.Scalar() == segment.name) {
          key_mark = pair.first.Mark();
          node.reset(pair.second);
          found = true;
          break;
        }
      }
    }
    if (!found) return std::nullopt;
  }
  detail::Origin origin;
  // A bare `key:` has no position of its own worth showing: use its key's.
  const YAML::Mark mark = node.IsNull() ? key_mark : node.Mark();
  if (!mark.is_null()) {
    origin.line = mark.line + 1;
    origin.column = mark.column + 1;
  }
  if (!key_mark.is_null()) {
    origin.key_line = key_mark.line + 1;
    origin.key_column = key_mark.column + 1;
  }
  if (node.IsScalar()) origin.scalar = node.Scalar();
  return origin;
}

std::string prefix(int document, const detail::Path& base) {
  std::string out = "document " + std::to_string(document) + ": ";
  if (!base.empty()) out += detail::path_to_string(base) + ": ";
  return out;
}

// "a ReadingList", "a ReadingList or a Microsite"
std::string kind_words(const std::vector<detail::KindReader>& kinds, std::string_view article) {
  std::string out;
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    if (i > 0) out += " or ";
    out += std::string(article) + std::string(kinds[i].kind);
  }
  return out;
}

// The reader for `value`'s kind. nullptr (with `failure` filled) for another kind of object,
// which ends the stream's reading; a missing kind among several is a field error, and reading
// goes on.
const detail::KindReader* reader_for(const json& value, const YAML::Node& document, int index,
                                     const detail::Path& base,
                                     const std::vector<detail::KindReader>& kinds,
                                     ParseError& failure, bool& skip) {
  skip = false;
  const auto kind = value.is_object() ? value.find("kind") : value.end();
  const bool named = value.is_object() && kind != value.end() && kind->is_string();
  if (named) {
    for (const auto& reader : kinds) {
      if (*kind == reader.kind) return &reader;
    }
    failure.message = prefix(index, base) + "kind " +
                      detail::quote_for_message(kind->get<std::string>()) + " is not " +
                      kind_words(kinds, "a ") +
                      " (expected apiVersion: " + std::string(kApiVersion) +
                      ", kind: " + kind_words(kinds, "") + ')';
    if (const auto origin = locate(document, detail::append_field(base, "kind"))) {
      failure.line = origin->line;
      failure.column = origin->column;
    }
    return nullptr;
  }
  if (kinds.size() == 1) return &kinds.front();
  std::string message = "must be " + kind_words(kinds, "");
  if (value.is_object() && kind != value.end() && !kind->is_null()) {
    message = "expected a string (" + kind_words(kinds, "") + "), got " +
              std::string(detail::json_type_words(*kind));
  }
  failure.fields.push_back({detail::path_to_string(detail::append_field(base, "kind")), message});
  skip = true;
  return nullptr;
}

// One object from `value` (the document, or an item of a List at `base`). Returns false and
// fills `failure` when it is another kind of object; appends field errors otherwise.
bool decode(const json& value, const YAML::Node& document, int index, const detail::Path& base,
            const std::vector<detail::KindReader>& kinds, ParseError& failure) {
  bool skip = false;
  const auto* reader = reader_for(value, document, index, base, kinds, failure, skip);
  if (reader == nullptr) return skip;
  const detail::Locator locator = [&document](const detail::Path& path) {
    return locate(document, path);
  };
  auto problems = reader->read(value, base, locator);
  failure.fields.insert(failure.fields.end(), problems.begin(), problems.end());
  return true;
}

}  // namespace

namespace detail {

std::expected<void, ParseError> read_yaml_stream(std::string_view text, std::string_view source,
                                                 const std::vector<KindReader>& kinds) {
  ParseError failure;
  failure.source = std::string(source);
  if (text.size() > limits::kMaxDocumentBytes) {
    failure.message = "input is " + std::to_string(text.size()) +
                      " bytes, more than the limit of " + std::to_string(limits::kMaxDocumentBytes);
    return std::unexpected(std::move(failure));
  }
  if (!detail::check_characters(text, failure)) return std::unexpected(std::move(failure));
  std::vector<YAML::Node> documents;
  try {
    documents = detail::load_documents(std::string(text));
  } catch (const YAML::DeepRecursion& e) {
    set_position(failure, e.mark);
    // yaml-cpp's own guard, far below the stack's end: the same message as the converter's.
    failure.message = "nested deeper than " + std::to_string(limits::kMaxYamlDepth) + " levels";
    return std::unexpected(std::move(failure));
  } catch (const YAML::ParserException& e) {
    set_position(failure, e.mark);
    failure.message = detail::make_printable(e.msg);
    return std::unexpected(std::move(failure));
  } catch (const YAML::Exception& e) {
    failure.message = detail::make_printable(e.msg);
    return std::unexpected(std::move(failure));
  }

  Converter converter;
  for (std::size_t i = 0; i < documents.size(); ++i) {
    const YAML::Node& document = documents[i];
    failure.document = static_cast<int>(i + 1);
    if (!document.IsDefined() || document.IsNull()) continue;
    auto value = converter.convert(document);
    if (!value) {
      set_position(failure, value.error().mark);
      failure.message = value.error().message;
      return std::unexpected(std::move(failure));
    }
    if (!value->is_object()) {
      set_position(failure, document.Mark());
      failure.message = prefix(failure.document, {}) + "expected a mapping (" +
                        kind_words(kinds, "a ") + "), got " +
                        std::string(detail::json_type_words(*value));
      return std::unexpected(std::move(failure));
    }
    const auto kind = value->find("kind");
    if (kind != value->end() && *kind == "List") {
      // `kubectl get -o yaml` output: the list's own fields (metadata, apiVersion) are not ours.
      const auto items = value->find("items");
      if (items != value->end() && !items->is_null() && !items->is_array()) {
        failure.message = prefix(failure.document, {}) + "items: expected an array, got " +
                          std::string(detail::json_type_words(*items));
        return std::unexpected(std::move(failure));
      }
      if (items == value->end() || items->is_null()) continue;
      for (std::size_t k = 0; k < items->size(); ++k) {
        const detail::Path base = detail::append_index(detail::append_field({}, "items"), k);
        if (!decode((*items)[k], document, failure.document, base, kinds, failure)) {
          return std::unexpected(std::move(failure));
        }
      }
    } else if (!decode(*value, document, failure.document, {}, kinds, failure)) {
      return std::unexpected(std::move(failure));
    }
    if (!failure.fields.empty()) return std::unexpected(std::move(failure));
  }
  return {};
}

}  // namespace detail

std::expected<std::vector<ReadingList>, ParseError> parse_yaml(std::string_view text,
                                                               std::string_view source) {
  return detail::read_yaml_objects<ReadingList>(text, source, kKind, detail::decode_reading_list);
}

}  // namespace rl::model
