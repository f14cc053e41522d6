// Printing ParseError the way compilers print diagnostics, so editors can jump to the spot.
#include "readinglist/model/errors.hpp"

namespace rl::model {

namespace {

std::string location(const ParseError& error) {
  std::string out = error.source;
  if (error.line > 0) {
    out += ':' + std::to_string(error.line);
    if (error.column > 0) out += ':' + std::to_string(error.column);
  } else if (error.document > 0) {
    if (!out.empty()) out += ' ';
    out += "(document " + std::to_string(error.document) + ')';
  }
  return out;
}

}  // namespace

std::string ParseError::to_string() const {
  std::string out;
  auto add_line = [&out](const std::string& prefix, const std::string& text) {
    if (!out.empty()) out += '\n';
    out += prefix.empty() ? text : prefix + ": " + text;
  };
  if (!message.empty() || fields.empty()) add_line(location(*this), message);
  if (!fields.empty()) {
    // Field errors name their place by path; the document index tells which one in a stream.
    std::string prefix = source;
    if (document > 0) {
      if (!prefix.empty()) prefix += ' ';
      prefix += "(document " + std::to_string(document) + ')';
    }
    for (const auto& field : fields)
      add_line(prefix, field.to_string());
  }
  return out;
}

}  // namespace rl::model
