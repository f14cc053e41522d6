#include "readinglist/render/escape.hpp"

#include <array>
#include <cstddef>
#include <cstdint>

namespace rl::render {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Length of the well-formed UTF-8 sequence at text[i] and its code point, or 0 when the bytes
// there are not one (overlong forms, surrogates, truncation, stray continuation bytes).
std::size_t decode_utf8(std::string_view text, std::size_t i, char32_t& code_point) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
  const unsigned char lead = byte(0);
  std::size_t length = 0;
  char32_t min = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2, min = 0x80, code_point = lead & 0x1Fu;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3, min = 0x800, code_point = lead & 0x0Fu;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4, min = 0x10000, code_point = lead & 0x07u;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(k) & 0xC0u) != 0x80u) return 0;
    code_point = (code_point << 6) | (byte(k) & 0x3Fu);
  }
  if (code_point < min || code_point > 0x10FFFF) return 0;
  if (code_point >= 0xD800 && code_point <= 0xDFFF) return 0;
  return length;
}

// What the escaping does with an ASCII byte.
enum class Ascii : unsigned char { Copy, Entity, Drop };
using AsciiTable = std::array<Ascii, 0x80>;

// & < > " ' become entities. HTML drops C0 controls other than tab, LF, CR and FF, and DEL
// (parse errors that no reader needs); XML 1.0 forbids C0 controls other than tab, LF and CR.
// A table lookup per byte keeps the common case (a run of plain text) a tight loop.
constexpr AsciiTable ascii_table(bool xml) {
  AsciiTable table{};
  for (std::size_t c = 0; c < table.size(); ++c) {
    const bool control = c < 0x20 && c != '\t' && c != '\n' && c != '\r';
    const bool dropped = xml ? control : (control && c != '\f') || c == 0x7F;
    table[c] = dropped ? Ascii::Drop : Ascii::Copy;
  }
  for (const char c : std::string_view("&<>\"'"))
    table[static_cast<std::size_t>(c)] = Ascii::Entity;
  return table;
}
constexpr AsciiTable kHtmlAscii = ascii_table(false);
constexpr AsciiTable kXmlAscii = ascii_table(true);

std::string_view entity_for(char c) {
  switch (c) {
    case '&':
      return "&amp;";
    case '<':
      return "&lt;";
    case '>':
      return "&gt;";
    case '"':
      return "&quot;";
    case '\'':
      return "&#39;";
    default:
      return {};
  }
}

// The shared loop of HTML and XML escaping: runs of bytes that need nothing are copied in bulk,
// markup characters become entities, invalid UTF-8 becomes U+FFFD, and the table and
// `drop_code_point` decide which characters vanish.
template <typename DropCodePoint>
void append_escaped(std::string& out, std::string_view text, const AsciiTable& ascii,
                    DropCodePoint drop_code_point) {
  std::size_t run = 0;  // start of the pending run of bytes copied unchanged
  std::size_t i = 0;
  const auto flush = [&](std::size_t end) { out.append(text.data() + run, end - run); };
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      const Ascii action = ascii[c];
      if (action == Ascii::Copy) {
        ++i;
        continue;
      }
      flush(i);
      if (action == Ascii::Entity) out.append(entity_for(text[i]));
      run = ++i;
      continue;
    }
    char32_t code_point = 0;
    const std::size_t length = decode_utf8(text, i, code_point);
    if (length != 0 && !drop_code_point(code_point)) {
      i += length;
      continue;
    }
    flush(i);
    if (length == 0) out.append(kReplacement);
    i += length == 0 ? 1 : length;
    run = i;
  }
  flush(i);
}

bool scheme_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '-' || c == '.';
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (x != b[i]) return false;
  }
  return true;
}

// What safe_href does with each byte of a URL.
enum class UrlByte : unsigned char { Keep, Remove, Encode, Reject };
constexpr std::array<UrlByte, 256> url_byte_table() {
  std::array<UrlByte, 256> table{};
  for (std::size_t c = 0; c < table.size(); ++c) {
    if (c == '\t' || c == '\n' || c == '\r') {
      table[c] = UrlByte::Remove;
    } else if (c < 0x20 || c == 0x7F) {
      table[c] = UrlByte::Reject;
    } else if (c >= 0x80) {
      table[c] = UrlByte::Encode;
    }
  }
  for (const char c : std::string_view(" \"<>\\^`{|}"))
    table[static_cast<std::size_t>(c)] = UrlByte::Encode;
  return table;
}
constexpr std::array<UrlByte, 256> kUrlBytes = url_byte_table();

}  // namespace

void append_escaped_html(std::string& out, std::string_view text) {
  append_escaped(out, text, kHtmlAscii,
                 // C1 controls are parse errors in HTML too.
                 [](char32_t cp) { return cp >= 0x80 && cp <= 0x9F; });
}

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  append_escaped_html(out, text);
  return out;
}

void append_escaped_xml(std::string& out, std::string_view text) {
  append_escaped(out, text, kXmlAscii, [](char32_t cp) { return cp == 0xFFFE || cp == 0xFFFF; });
}

std::string escape_xml(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  append_escaped_xml(out, text);
  return out;
}

std::string json_for_script(std::string_view json_text) {
  std::string out;
  out.reserve(json_text.size() + 32);
  for (std::size_t i = 0; i < json_text.size(); ++i) {
    const char c = json_text[i];
    // These characters only occur inside JSON strings, where \u escapes mean the same.
    if (c == '<') {
      out += "\\u003c";
    } else if (c == '>') {
      out += "\\u003e";
    } else if (c == '&') {
      out += "\\u0026";
    } else if (c == '\xE2' && i + 2 < json_text.size() && json_text[i + 1] == '\x80' &&
               (json_text[i + 2] == '\xA8' || json_text[i + 2] == '\xA9')) {
      out += json_text[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

bool assign_safe_href(std::string& href, std::string_view url) {
  href.clear();
  // Browsers strip leading and trailing C0 controls and spaces, and remove tabs and newlines
  // anywhere, before reading the scheme ("java\nscript:" is javascript:). Do the same first so
  // the scheme we check is the scheme a browser would see.
  while (!url.empty() && static_cast<unsigned char>(url.front()) <= 0x20)
    url.remove_prefix(1);
  while (!url.empty() && static_cast<unsigned char>(url.back()) <= 0x20)
    url.remove_suffix(1);
  href.reserve(url.size());
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::size_t run = 0;  // start of the bytes not yet copied
  for (std::size_t i = 0; i < url.size(); ++i) {
    const auto byte = static_cast<unsigned char>(url[i]);
    const UrlByte action = kUrlBytes[byte];
    if (action == UrlByte::Keep) continue;
    // Any other control character has no business in a link.
    if (action == UrlByte::Reject) {
      href.clear();
      return false;
    }
    href.append(url, run, i - run);
    run = i + 1;
    if (action == UrlByte::Remove) continue;
    // Characters a URI may not contain are percent-encoded, as browsers do when they follow
    // the link, so the attribute holds a valid URL; '%' is kept as an existing escape.
    href += '%';
    href += kHex[byte >> 4];
    href += kHex[byte & 0x0F];
  }
  href.append(url, run, url.size() - run);
  const std::size_t colon = href.find(':');
  bool safe = colon != std::string::npos && colon != 0;  // relative: no scheme to trust
  const std::string_view scheme = std::string_view(href).substr(0, safe ? colon : 0);
  for (const char c : scheme)
    safe = safe && scheme_char(c);
  safe = safe && (iequals(scheme, "http") || iequals(scheme, "https") || iequals(scheme, "mailto"));
  if (!safe) href.clear();
  return safe;
}

std::string safe_href(std::string_view url) {
  std::string href;
  assign_safe_href(href, url);
  return href;
}

}  // namespace rl::render
