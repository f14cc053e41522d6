// yaml-cpp 0.7's LoadAll loops forever, allocating, on a document that starts with a stray ','
// (a flow entry outside any flow collection): its parser hands back the same empty document
// again and again without consuming the token (found by fuzzing). A stream cannot hold more
// documents than it has document markers ("---" or "..." starting a line) plus one, so a dry
// run whose event handler only notes positions stops there, before LoadAll builds anything.
#include "yaml_documents.hpp"

#include <yaml-cpp/eventhandler.h>

#include <sstream>
#include <string_view>

#include "readinglist/model/utf8.hpp"

namespace rl::model::detail {
namespace {

class PositionNoter : public YAML::EventHandler {
 public:
  const YAML::Mark& last() const { return last_; }

  void OnDocumentStart(const YAML::Mark& mark) override { last_ = mark; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { last_ = mark; }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { last_ = mark; }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                const std::string&) override {
    last_ = mark;
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    last_ = mark;
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    last_ = mark;
  }
  void OnMapEnd() override {}

 private:
  YAML::Mark last_ = YAML::Mark::null_mark();
};

bool is_marker_line(std::string_view line) {
  if (!line.starts_with("---") && !line.starts_with("...")) return false;
  return line.size() == 3 || line[3] == ' ' || line[3] == '\t' || line[3] == '\r';
}

std::size_t most_documents(std::string_view text) {
  std::size_t markers = 0;
  for (std::size_t start = 0; start < text.size();) {
    const auto end = std::min(text.find('\n', start), text.size());
    if (is_marker_line(text.substr(start, end - start))) ++markers;
    start = end + 1;
  }
  return markers + 1;
}

}  // namespace

// yaml-cpp reads whatever bytes it is given: it decodes a leading FF FE as UTF-16, turns a NUL
// into other characters, takes 0x04 for the end of the stream and skips invalid UTF-8 in
// comments. A YAML stream may hold only printable Unicode (YAML 1.2, section 5.1; kubectl's
// reader enforces it too), so anything else is refused here, with its position, before parsing.
// DEL is the exception: yaml-cpp reads it as it is, and its emitter (to_yaml) writes it unescaped.
bool check_characters(std::string_view text, ParseError& failure) {
  static constexpr std::string_view kHex = "0123456789abcdef";
  static constexpr std::string_view kUpperHex = "0123456789ABCDEF";
  int line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    const std::size_t length = utf8_sequence_length(text, i);
    // U+0080..U+009F are C1 controls (NEL, U+0085, is a YAML line break).
    const bool c1 = length == 2 && byte == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0 &&
                    static_cast<unsigned char>(text[i + 1]) != 0x85;
    const bool c0 = byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r';
    if (length == 0 || c0 || c1) {
      failure.line = line;
      failure.column = static_cast<int>(i - line_start + 1);
      if (length == 0) {
        failure.message = std::string("invalid UTF-8: byte 0x") + kHex[byte >> 4U] +
                          kHex[byte & 0x0FU] + " (convert the file to UTF-8)";
      } else {
        const auto code = c1 ? static_cast<unsigned char>(text[i + 1]) : byte;
        failure.message = std::string("control character U+00") + kUpperHex[code >> 4U] +
                          kUpperHex[code & 0x0FU] + " is not allowed in a YAML document";
      }
      return false;
    }
    if (byte == '\n') {
      ++line;
      line_start = i + 1;
    }
    i += length;
  }
  return true;
}

std::vector<YAML::Node> load_documents(const std::string& text) {
  const std::size_t most = most_documents(text);
  std::istringstream stream(text);
  YAML::Parser parser(stream);
  PositionNoter noter;
  for (std::size_t documents = 1; parser.HandleNextDocument(noter); ++documents) {
    if (documents > most) {
      throw YAML::ParserException(noter.last(),
                                  "the YAML reader cannot get past this point "
                                  "(a ',' outside [ ] or { }?)");
    }
  }
  return YAML::LoadAll(text);
}

}  // namespace rl::model::detail
