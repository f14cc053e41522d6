// Private to the codec: the strict reading of JSON values into typed fields. A FieldReader walks
// one value, collects every problem with its path, and never throws on bad input.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "codec_detail.hpp"

namespace rl::model::detail {

class FieldReader {
 public:
  using json = nlohmann::json;
  using Handler = std::function<void(const json&, const Path&)>;
  struct Field {
    std::string_view name;
    Handler handle;  // empty: accepted and dropped, whatever its shape
  };

  explicit FieldReader(const Locator& locate) : locate_(locate) {}

  std::vector<FieldError> take_errors() { return std::move(errors_); }

  // Reports `message` at `path`, with the source position when the locator knows it (the key's
  // position when `at_key`, e.g. for an unknown field).
  void error(const Path& path, std::string message, bool at_key = false);
  // "expected a string, got a number (quote it: "2019")".
  void wrong_type(const json& value, const Path& path, std::string_view expected);

  // Each known member through its handler (null means absent); each unknown member reported.
  void object(const json& value, const Path& path, std::initializer_list<Field> fields);

  bool read_string(const json& value, const Path& path, std::string& out);
  bool read_integer(const json& value, const Path& path, std::int64_t& out);
  // Quantities ("500m", "64Mi", 1, 0.5) are kept as the text Kubernetes would print.
  bool read_quantity(const json& value, const Path& path, std::string& out);

  Handler string(std::string& out);
  Handler string(std::optional<std::string>& out);
  Handler integer(std::int64_t& out);
  Handler integer(std::optional<std::int64_t>& out);
  Handler boolean(std::optional<bool>& out);
  Handler string_map(std::map<std::string, std::string>& out);
  Handler quantity_map(std::map<std::string, std::string>& out);

  // `decode(value, path, T&)` for one object or each element of an array.
  template <typename T, typename Decode>
  Handler nested(T& out, Decode decode) {
    return [&out, decode](const json& v, const Path& p) { decode(v, p, out); };
  }
  template <typename T, typename Decode>
  Handler nested(std::optional<T>& out, Decode decode) {
    return [&out, decode](const json& v, const Path& p) {
      T value{};
      decode(v, p, value);
      out = std::move(value);
    };
  }
  template <typename T, typename Decode>
  Handler list(std::vector<T>& out, Decode decode) {
    return [this, &out, decode](const json& v, const Path& p) {
      if (!v.is_array()) {
        wrong_type(v, p, "an array");
        return;
      }
      out.clear();
      out.reserve(v.size());
      for (std::size_t i = 0; i < v.size(); ++i) {
        T element{};
        decode(v[i], append_index(p, i), element);
        out.push_back(std::move(element));
      }
    };
  }

 private:
  using ReadValue = bool (FieldReader::*)(const json&, const Path&, std::string&);
  Handler map(std::map<std::string, std::string>& out, ReadValue read_value);

  const Locator& locate_;
  std::vector<FieldError> errors_;
};

}  // namespace rl::model::detail
