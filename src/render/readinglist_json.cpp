// readinglist.json: the list as JSON for machines. Only what the spec decides goes in (no status,
// uid or resourceVersion), so the content hash changes exactly when the spec or name does.
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "readinglist/model/codec.hpp"
#include "readinglist/model/utf8.hpp"
#include "readinglist/render/files.hpp"

namespace rl::render {
namespace {

// The bytes of `dump(2)` for valid UTF-8, written several times faster (it was most of the
// render time of this file: see bench/render_bench.cpp). Invalid UTF-8, which only a list the
// validator rejects can hold, becomes U+FFFD byte by byte instead of throwing.
class PrettyPrinter {
 public:
  explicit PrettyPrinter(std::string& out) : out_(out) {}

  void value(const nlohmann::json& json, std::size_t indent) {
    switch (json.type()) {
      case nlohmann::json::value_t::object:
        object(json, indent);
        break;
      case nlohmann::json::value_t::array:
        array(json, indent);
        break;
      case nlohmann::json::value_t::string:
        string(json.get_ref<const std::string&>());
        break;
      case nlohmann::json::value_t::boolean:
        out_ += json.get<bool>() ? "true" : "false";
        break;
      case nlohmann::json::value_t::number_integer:
        out_ += std::to_string(json.get<std::int64_t>());
        break;
      case nlohmann::json::value_t::number_unsigned:
        out_ += std::to_string(json.get<std::uint64_t>());
        break;
      default:
        out_ += json.dump();
        break;  // null, floats, binary: rare, let nlohmann spell them
    }
  }

 private:
  void newline(std::size_t indent) {
    out_ += '\n';
    out_.append(indent, ' ');
  }

  void object(const nlohmann::json& json, std::size_t indent) {
    if (json.empty()) {
      out_ += "{}";
      return;
    }
    out_ += '{';
    bool first = true;
    for (auto member = json.begin(); member != json.end(); ++member) {
      if (!first) out_ += ',';
      first = false;
      newline(indent + 2);
      string(member.key());
      out_ += ": ";
      value(*member, indent + 2);
    }
    newline(indent);
    out_ += '}';
  }

  void array(const nlohmann::json& json, std::size_t indent) {
    if (json.empty()) {
      out_ += "[]";
      return;
    }
    out_ += '[';
    bool first = true;
    for (const auto& element : json) {
      if (!first) out_ += ',';
      first = false;
      newline(indent + 2);
      value(element, indent + 2);
    }
    newline(indent);
    out_ += ']';
  }

  void string(std::string_view text) {
    static constexpr std::string_view kHex = "0123456789abcdef";
    out_ += '"';
    std::size_t run = 0;  // start of the bytes not yet copied
    std::size_t i = 0;
    auto flush = [&] { out_.append(text.substr(run, i - run)); };
    while (i < text.size()) {
      const auto c = static_cast<unsigned char>(text[i]);
      if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
        ++i;
        continue;
      }
      if (c >= 0x80) {
        if (const std::size_t length = model::utf8_sequence_length(text, i); length != 0) {
          i += length;
          continue;
        }
        flush();
        out_ += "\xEF\xBF\xBD";
        run = ++i;
        continue;
      }
      flush();
      switch (c) {
        case '"':
          out_ += "\\\"";
          break;
        case '\\':
          out_ += "\\\\";
          break;
        case '\b':
          out_ += "\\b";
          break;
        case '\f':
          out_ += "\\f";
          break;
        case '\n':
          out_ += "\\n";
          break;
        case '\r':
          out_ += "\\r";
          break;
        case '\t':
          out_ += "\\t";
          break;
        default:
          out_ += "\\u00";
          out_ += kHex[c >> 4U];
          out_ += kHex[c & 0x0fU];
      }
      run = ++i;
    }
    flush();
    out_ += '"';
  }

  std::string& out_;
};

}  // namespace

std::string render_readinglist_json(const model::ReadingList& list) {
  nlohmann::json metadata = nlohmann::json::object();
  metadata["name"] = list.metadata.name;
  if (!list.metadata.namespace_.empty()) metadata["namespace"] = list.metadata.namespace_;

  nlohmann::json document = nlohmann::json::object();
  document["apiVersion"] = model::kApiVersion;
  document["kind"] = model::kKind;
  document["metadata"] = std::move(metadata);
  document["spec"] = model::to_json(list.spec);

  // nlohmann's object keys are sorted, so the bytes do not depend on the order fields were set.
  std::string text;
  text.reserve(4096);
  PrettyPrinter(text).value(document, 0);
  text.push_back('\n');
  return text;
}

}  // namespace rl::render
