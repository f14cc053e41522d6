// Building blocks shared by the validator's source files: UTF-8 scanning, text and count
// checks, and safe echoing of user input inside messages. Private to src/model.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "readinglist/model/errors.hpp"
#include "readinglist/model/microsite.hpp"
#include "readinglist/model/types.hpp"

namespace rl::model::detail {

using Errors = std::vector<FieldError>;

inline void add(Errors& errors, std::string path, std::string message) {
  errors.push_back(FieldError{std::move(path), std::move(message)});
}

// One code point of `text` starting at byte `pos`; advances `pos`. nullopt (and `pos` left at
// the offending byte) for malformed UTF-8: truncated, overlong, surrogate or beyond U+10FFFF.
std::optional<char32_t> next_code_point(std::string_view text, std::size_t& pos);

// Number of code points, or nullopt when `text` is not valid UTF-8.
std::optional<std::size_t> utf8_length(std::string_view text);

// Character classes the validator rejects.
bool is_control(char32_t cp);       // C0, DEL and C1
bool is_bidi_control(char32_t cp);  // U+202A..U+202E, U+2066..U+2069
bool is_url_space(char32_t cp);     // any Unicode space, including zero-width and BOM

// "U+202E"
std::string code_point_name(char32_t cp);

// User input as it may appear in a message: printable ASCII kept, other bytes as \xNN, cut
// after 64 bytes with "...". `quoted` adds double quotes.
std::string printable(std::string_view text);
std::string quoted(std::string_view text);

// "must be at most 200 characters (got 215)"
std::string too_long(std::size_t max, std::size_t got);

enum class Lines {
  Single,  // titles, names: no control characters at all, no bidi controls
  Multi,   // Markdown and plain text: tab and newline allowed
};

// "" when `text` is valid UTF-8 holding only characters allowed for `lines`, else the reason.
std::string text_problem(std::string_view text, Lines lines);

// Required text: empty is "is required"; then UTF-8, length and character checks.
void check_required_text(Errors& errors, const std::string& path, std::string_view value,
                         std::size_t max, Lines lines);
// Optional text: nothing when absent; an empty value is allowed.
void check_optional_text(Errors& errors, const std::string& path,
                         const std::optional<std::string>& value, std::size_t max, Lines lines);

// A list with `min`..`max` items; an empty required list is "is required".
void check_count(Errors& errors, const std::string& path, std::size_t size, std::size_t min,
                 std::size_t max);

// "" when `text` is a partial date, else the reason.
std::string date_problem(std::string_view text);

// "" when `text` is a Kubernetes quantity that is not negative, else the reason.
std::string quantity_problem(std::string_view text);

// Whole-string match against one of patterns.hpp, compiled once. Callers bound the length first:
// std::regex recurses per character.
template <const std::string_view& Pattern>
bool full_match(std::string_view text) {
  static const std::regex re(Pattern.data(), Pattern.size());
  return std::regex_match(text.begin(), text.end(), re);
}

// A value that must match a pattern; the length is checked first so the regex only sees short
// input. Nothing when absent.
template <const std::string_view& Pattern>
void check_pattern(Errors& errors, const std::string& path, const std::optional<std::string>& value,
                   std::size_t max, std::string_view shape) {
  if (!value) return;
  const auto length = utf8_length(*value);
  if (!length) {
    add(errors, path, text_problem(*value, Lines::Single));
  } else if (*length > max) {
    add(errors, path, too_long(max, *length));
  } else if (!full_match<Pattern>(*value)) {
    add(errors, path, std::string(shape));
  }
}

// spec.language of both kinds: a BCP 47 tag when present.
void check_language(Errors& errors, const std::string& path,
                    const std::optional<std::string>& language);

// Every link field of both kinds: http(s) only, at most limits::kUrlMax characters.
void check_link(Errors& errors, const std::string& path, std::string_view url);
void check_optional_link(Errors& errors, const std::string& path,
                         const std::optional<std::string>& url);
// A partial date when present.
void check_date(Errors& errors, const std::string& path, const std::optional<std::string>& date);

// "spec.sections[2]"
std::string indexed(const std::string& path, std::size_t index);
// "spec.site.ingress.annotations[example.com/x]", the key made printable.
std::string keyed(const std::string& path, std::string_view key);

// Kubernetes' IsQualifiedName (label and annotation keys): an optional DNS-1123 subdomain prefix
// and "/", then 1-63 of [-A-Za-z0-9_.] starting and ending with an alphanumeric character.
bool is_qualified_name(std::string_view text);

// metadata.name: a lower-case DNS label of at most `max` characters, so that the name of the
// Service made from it (NAME + `service_suffix`) is still a valid DNS-1035 label.
void validate_metadata(Errors& errors, const ObjectMeta& metadata, std::size_t max,
                       std::string_view service_suffix);
// The serving settings (replicas, image, resources, ingress) both kinds share.
void validate_site(Errors& errors, const SiteSpec& site, const std::string& path);
void validate_site(Errors& errors, const MicrositeSiteSpec& site, const std::string& path);

}  // namespace rl::model::detail
