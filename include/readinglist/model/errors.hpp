// The error values the model layer returns: a problem at a field path, and a failure to read a
// document (with file, line and column when the text itself is malformed).
#pragma once

#include <string>
#include <vector>

namespace rl::model {

// One problem with one field, e.g. {"spec.sections[2].entries[0].url",
// "scheme \"javascript\" is not allowed"}. Printed as "path: message".
struct FieldError {
  std::string path;
  std::string message;
  std::string to_string() const { return path.empty() ? message : path + ": " + message; }
  friend bool operator==(const FieldError&, const FieldError&) = default;
};

// Why a document could not be turned into a ReadingList. `source` is the file name (or
// "<stdin>", "<api>"); `line`/`column` are 1-based and 0 when unknown; `document` is the 1-based
// index of the YAML document in a multi-document stream (0 when not applicable). Either `message`
// (a syntax error) or `fields` (shape errors: unknown fields, wrong types) is set.
struct ParseError {
  std::string source;
  int line = 0;
  int column = 0;
  int document = 0;
  std::string message;
  std::vector<FieldError> fields;

  // "file.yaml:12:5: message", or one "file.yaml (document 2): path: message" line per field.
  std::string to_string() const;
};

}  // namespace rl::model
