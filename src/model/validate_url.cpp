// URL checks: only absolute http(s) (and, where allowed, mailto) links get onto the page. Written
// by hand rather than with patterns::kWebUrl alone because the tricks that smuggle a script
// past a careless check (mixed-case schemes, control-character prefixes, backslashes that
// browsers read as "/", user names that disguise the real host) each deserve a clear message.
// Anything check_url accepts as Web also matches kWebUrl (a test holds the two together).
#include <algorithm>

#include "readinglist/model/limits.hpp"
#include "readinglist/model/validate.hpp"
#include "validate_detail.hpp"

namespace rl::model {
namespace {

using detail::code_point_name;

bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// RFC 3986: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
bool is_scheme(std::string_view text) {
  if (text.empty() || !is_alpha(text.front())) return false;
  return std::ranges::all_of(
      text, [](char c) { return is_alpha(c) || is_digit(c) || c == '+' || c == '-' || c == '.'; });
}

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// "" when every character may appear in a link, else the reason.
std::string character_problem(std::string_view url) {
  std::size_t index = 0;
  for (std::size_t pos = 0; pos < url.size();) {
    const std::size_t start = pos;
    const auto cp = detail::next_code_point(url, pos);
    ++index;
    if (!cp) return "must be valid UTF-8 (invalid byte at offset " + std::to_string(start) + ")";
    const std::string where = " at character " + std::to_string(index);
    if (detail::is_control(*cp)) {
      return "must not contain control characters (" + code_point_name(*cp) + where + ")";
    }
    if (detail::is_url_space(*cp)) {
      return "must not contain whitespace (" + code_point_name(*cp) + where + ")";
    }
    if (detail::is_bidi_control(*cp)) {
      return "must not contain bidirectional control characters (" + code_point_name(*cp) + where +
             ")";
    }
    if (*cp == '\\') return "must not contain a backslash (browsers read it as \"/\")";
  }
  return "";
}

// The part after "scheme://": host and optional port, no user information.
std::string authority_problem(std::string_view rest, std::string_view scheme) {
  const std::string after = "\"" + std::string(scheme) + "://\"";
  if (!rest.starts_with("//"))
    return "must have \"//\" and a host after \"" + std::string(scheme) + ":\"";
  std::string_view authority = rest.substr(2);
  authority = authority.substr(0, authority.find_first_of("/?#"));
  if (authority.find('@') != std::string_view::npos) {
    return "must not contain a user name or password before the host";
  }
  std::string_view host = authority;
  std::string_view port;
  if (authority.starts_with('[')) {  // IPv6 literal
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return "has an invalid host";
    host = authority.substr(0, close + 1);
    const auto tail = authority.substr(close + 1);
    if (!tail.empty() && !tail.starts_with(':')) return "has an invalid host";
    if (!tail.empty()) port = tail.substr(1);
    const auto inside = host.substr(1, host.size() - 2);
    if (inside.empty() || !std::ranges::all_of(inside, [](char c) {
          return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' ||
                 c == '.';
        })) {
      return "has an invalid host";
    }
  } else if (const auto colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.empty()) return "must have a host after " + after;
  if (host.find_first_of("<>^|[]%\"`{}") != std::string_view::npos && !host.starts_with('[')) {
    return "has an invalid host";
  }
  if (port.size() > 5 || !std::ranges::all_of(port, is_digit) ||
      (!port.empty() && std::stoi(std::string(port)) > 65535)) {
    return "has an invalid port";
  }
  return "";
}

}  // namespace

std::string check_url(std::string_view url, UrlKind kind) {
  if (url.empty()) return "must not be empty";
  if (auto problem = character_problem(url); !problem.empty()) return problem;

  const auto colon = url.find(':');
  const std::string_view scheme = url.substr(0, colon);
  if (colon == std::string_view::npos || !is_scheme(scheme)) {
    return kind == UrlKind::Web
               ? "must be an absolute URL starting with \"http://\" or \"https://\""
               : "must be an absolute URL starting with \"http://\", \"https://\" or \"mailto:\"";
  }
  const std::string lower = ascii_lower(scheme);
  const bool web = lower == "http" || lower == "https";
  const bool mail = lower == "mailto" && kind == UrlKind::WebOrMail;
  if (!web && !mail) return "scheme " + detail::quoted(scheme) + " is not allowed";
  if (lower != scheme) {
    return "scheme " + detail::quoted(scheme) + " must be written in lower case (\"" + lower +
           "\")";
  }
  const std::string_view rest = url.substr(colon + 1);
  if (mail) return rest.empty() ? "must have an address after \"mailto:\"" : "";
  return authority_problem(rest, scheme);
}

namespace detail {

// The API page allows http(s) only for every link field, person.url included (patterns::kWebUrl
// is what the CRD applies to all of them); mailto stays available to check_url's callers.
void check_link(Errors& errors, const std::string& path, std::string_view url) {
  if (const auto length = utf8_length(url); length && *length > limits::kUrlMax) {
    add(errors, path, too_long(limits::kUrlMax, *length));
  }
  if (auto problem = check_url(url, UrlKind::Web); !problem.empty()) {
    add(errors, path, std::move(problem));
  }
}

void check_optional_link(Errors& errors, const std::string& path,
                         const std::optional<std::string>& url) {
  if (url) check_link(errors, path, *url);
}

}  // namespace detail
}  // namespace rl::model
