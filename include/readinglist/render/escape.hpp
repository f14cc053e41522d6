// Escaping for every context the renderer writes user text into: HTML text and attributes,
// XML (the Atom feed), and JSON inside a <script type="application/ld+json"> block. Pure.
#pragma once

#include <string>
#include <string_view>

namespace rl::render {

// & < > " ' escaped; safe for both HTML text and double-quoted attribute values.
std::string escape_html(std::string_view text);
void append_escaped_html(std::string& out, std::string_view text);

// XML 1.0 text/attribute escaping; characters XML 1.0 forbids are dropped.
std::string escape_xml(std::string_view text);
void append_escaped_xml(std::string& out, std::string_view text);

// JSON text that cannot end the surrounding <script> element: '<', '>', '&' and U+2028/2029
// are written as \u escapes.
std::string json_for_script(std::string_view json_text);

// The URL when its scheme is http, https or mailto (after trimming), else an empty string:
// the last line of defence, so no other scheme is ever emitted as a link. Characters a URI
// cannot hold (space, quotes, angle brackets, non-ASCII bytes, ...) are percent-encoded.
std::string safe_href(std::string_view url);
// The same into `href` (reusing its storage, for callers that check many links); whether the
// URL was accepted, i.e. `href` is not empty.
bool assign_safe_href(std::string& href, std::string_view url);

}  // namespace rl::render
