#include "json_member_span.hpp"

#include <string>

namespace rl::kube::detail {
namespace {

class Walker {
 public:
  explicit Walker(std::string_view text) : text_(text) {}

  std::size_t pos() const { return pos_; }

  void skip_space() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r'))
      ++pos_;
  }

  bool take(char c) {
    skip_space();
    if (pos_ >= text_.size() || text_[pos_] != c) return false;
    ++pos_;
    return true;
  }

  bool peek(char c) {
    skip_space();
    return pos_ < text_.size() && text_[pos_] == c;
  }

  // At an opening quote: past the closing one. `raw` is what lies between (escapes as written).
  bool string(std::string_view* raw = nullptr) {
    if (pos_ >= text_.size() || text_[pos_] != '"') return false;
    const std::size_t start = ++pos_;
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == '"') {
        if (raw) *raw = text_.substr(start, pos_ - start);
        ++pos_;
        return true;
      }
      pos_ += c == '\\' ? 2 : 1;
    }
    return false;
  }

  // Past one value of any kind.
  bool value() {
    skip_space();
    if (pos_ >= text_.size()) return false;
    const char first = text_[pos_];
    if (first == '"') return string();
    if (first != '{' && first != '[') {
      while (pos_ < text_.size() && !is_delimiter(text_[pos_]))
        ++pos_;
      return true;
    }
    std::string closers;  // the brackets still open, innermost last
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == '"') {
        if (!string()) return false;
        continue;
      }
      if (c == '{') closers += '}';
      if (c == '[') closers += ']';
      if (c == '}' || c == ']') {
        if (closers.empty() || closers.back() != c) return false;
        closers.pop_back();
        if (closers.empty()) {
          ++pos_;
          return true;
        }
      }
      ++pos_;
    }
    return false;
  }

  // After a member's value: past the rest of its object, which must not hold `name` again
  // (a parser keeps the last of two members with one name, this walk found the first).
  bool rest_of_object_lacks(std::string_view name) {
    while (take(',')) {
      skip_space();
      std::string_view key;
      if (!string(&key) || key == name || !take(':') || !value()) return false;
    }
    return take('}');
  }

  // In an object, just past its '{': to the value of member `name` (true), or false when the
  // object has no such member or its text is broken before it.
  bool find_member(std::string_view name) {
    if (peek('}')) return false;
    while (true) {
      skip_space();
      std::string_view key;
      if (!string(&key) || !take(':')) return false;
      skip_space();
      if (key == name) return true;
      if (!value()) return false;
      if (!take(',')) return false;
    }
  }

 private:
  static bool is_delimiter(char c) {
    return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace

std::optional<TextSpan> find_member_value(std::string_view json, std::string_view outer,
                                          std::string_view inner) {
  Walker walker(json);
  if (!walker.take('{') || !walker.find_member(outer)) return std::nullopt;
  if (!walker.take('{') || !walker.find_member(inner)) return std::nullopt;
  const std::size_t begin = walker.pos();
  if (!walker.value()) return std::nullopt;
  const std::size_t end = walker.pos();
  if (!walker.rest_of_object_lacks(inner) || !walker.rest_of_object_lacks(outer)) {
    return std::nullopt;
  }
  return TextSpan{begin, end};
}

}  // namespace rl::kube::detail
