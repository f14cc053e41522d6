// The generic half of the strict decoder: objects, strings, integers, maps, and the messages.
#include "codec_reader.hpp"

#include <cmath>
#include <limits>

namespace rl::model::detail {

void FieldReader::error(const Path& path, std::string message, bool at_key) {
  if (locate_) {
    if (const auto origin = locate_(path)) {
      const bool use_key = at_key && origin->key_line > 0;
      const int line = use_key ? origin->key_line : origin->line;
      const int column = use_key ? origin->key_column : origin->column;
      if (line > 0) {
        message += " (line " + std::to_string(line) + ", column " + std::to_string(column) + ')';
      }
    }
  }
  errors_.push_back({path_to_string(path), std::move(message)});
}

void FieldReader::wrong_type(const json& value, const Path& path, std::string_view expected) {
  std::string message = "expected " + std::string(expected) + ", got ";
  message += json_type_words(value);
  // YAML reads `published: 2019` as a number: say how to write the string the user meant.
  if (expected == "a string" && (value.is_number() || value.is_boolean())) {
    std::optional<std::string> written;
    if (locate_) {
      if (const auto origin = locate_(path)) written = origin->scalar;
    }
    message += " (quote it: \"" + make_printable(written.value_or(value.dump())) + "\")";
  }
  error(path, std::move(message));
}

void FieldReader::object(const json& value, const Path& path, std::initializer_list<Field> fields) {
  if (!value.is_object()) {
    wrong_type(value, path, "an object");
    return;
  }
  for (auto it = value.begin(); it != value.end(); ++it) {
    const Field* known = nullptr;
    for (const auto& field : fields) {
      if (field.name == it.key()) known = &field;
    }
    const Path member = append_field(path, it.key());
    if (known == nullptr) {
      error(member, "unknown field", true);
    } else if (!it.value().is_null() && known->handle) {
      known->handle(it.value(), member);
    }
  }
}

bool FieldReader::read_string(const json& value, const Path& path, std::string& out) {
  if (!value.is_string()) {
    wrong_type(value, path, "a string");
    return false;
  }
  const auto& text = value.get_ref<const std::string&>();
  if (!is_valid_utf8(text)) {
    error(path, "invalid UTF-8");
    return false;
  }
  out = text;
  return true;
}

bool FieldReader::read_integer(const json& value, const Path& path, std::int64_t& out) {
  if (value.is_number_unsigned()) {
    const auto number = value.get<std::uint64_t>();
    if (number > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      error(path, "integer out of range");
      return false;
    }
    out = static_cast<std::int64_t>(number);
    return true;
  }
  if (value.is_number_integer()) {
    out = value.get<std::int64_t>();
    return true;
  }
  wrong_type(value, path, "an integer");
  return false;
}

bool FieldReader::read_quantity(const json& value, const Path& path, std::string& out) {
  if (value.is_string()) return read_string(value, path, out);
  if (value.is_number_float() && !std::isfinite(value.get<double>())) {
    error(path, "must be a finite number");
    return false;
  }
  if (value.is_number()) {
    out = value.dump();
    return true;
  }
  wrong_type(value, path, "a string or a number");
  return false;
}

FieldReader::Handler FieldReader::string(std::string& out) {
  return [this, &out](const json& v, const Path& p) { read_string(v, p, out); };
}

FieldReader::Handler FieldReader::string(std::optional<std::string>& out) {
  return [this, &out](const json& v, const Path& p) {
    std::string text;
    if (read_string(v, p, text)) out = std::move(text);
  };
}

FieldReader::Handler FieldReader::integer(std::int64_t& out) {
  return [this, &out](const json& v, const Path& p) { read_integer(v, p, out); };
}

FieldReader::Handler FieldReader::integer(std::optional<std::int64_t>& out) {
  return [this, &out](const json& v, const Path& p) {
    std::int64_t number = 0;
    if (read_integer(v, p, number)) out = number;
  };
}

FieldReader::Handler FieldReader::boolean(std::optional<bool>& out) {
  return [this, &out](const json& v, const Path& p) {
    if (v.is_boolean()) {
      out = v.get<bool>();
    } else {
      wrong_type(v, p, "a boolean");
    }
  };
}

FieldReader::Handler FieldReader::string_map(std::map<std::string, std::string>& out) {
  return map(out, &FieldReader::read_string);
}

FieldReader::Handler FieldReader::quantity_map(std::map<std::string, std::string>& out) {
  return map(out, &FieldReader::read_quantity);
}

FieldReader::Handler FieldReader::map(std::map<std::string, std::string>& out,
                                      ReadValue read_value) {
  return [this, &out, read_value](const json& v, const Path& p) {
    if (!v.is_object()) {
      wrong_type(v, p, "an object");
      return;
    }
    for (auto it = v.begin(); it != v.end(); ++it) {
      const Path entry = append_key(p, it.key());
      if (!is_valid_utf8(it.key())) {
        error(entry, "invalid UTF-8 in key", true);
        continue;
      }
      std::string text;
      if ((this->*read_value)(it.value(), entry, text)) out[it.key()] = std::move(text);
    }
  };
}

}  // namespace rl::model::detail
