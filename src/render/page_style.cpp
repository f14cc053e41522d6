// style.css: the one stylesheet of a list's page and (with its card rules added) of a microsite's
// index. A narrow column with fluid type for phones and desktops, colours from custom properties
// so the theme only chooses a palette, and a print layout that is black on white and spells out
// where each link goes.
#include <string>
#include <string_view>

#include "page_detail.hpp"
#include "readinglist/render/files.hpp"

namespace rl::render {
namespace {

constexpr std::string_view kLight =
    "  --bg: #fdfdfc;\n  --fg: #1f2328;\n  --muted: #57606a;\n  --link: #0b57d0;\n"
    "  --visited: #6f42c1;\n  --rule: #d0d7de;\n  --code-bg: #f3f4f6;\n";

constexpr std::string_view kDark =
    "  --bg: #121417;\n  --fg: #e6e8eb;\n  --muted: #a0a8b3;\n  --link: #8ab4f8;\n"
    "  --visited: #c8a2ff;\n  --rule: #30363d;\n  --code-bg: #1d2127;\n";

constexpr std::string_view kBody = R"(
*,
*::before,
*::after {
  box-sizing: border-box;
}
html {
  -webkit-text-size-adjust: 100%;
  text-size-adjust: 100%;
}
body {
  margin: 0;
  background: var(--bg);
  color: var(--fg);
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: clamp(1rem, 0.95rem + 0.25vw, 1.125rem);
  line-height: 1.6;
}
header,
main,
footer {
  max-width: 44rem;
  margin: 0 auto;
  padding: 0 1.25rem;
}
h1 {
  font-size: clamp(1.75rem, 1.3rem + 2vw, 2.5rem);
  line-height: 1.2;
  margin: 2.5rem 0 0.5rem;
}
h2 {
  font-size: clamp(1.3rem, 1.15rem + 0.8vw, 1.6rem);
  line-height: 1.3;
  margin: 2.5rem 0 0.75rem;
  padding-bottom: 0.25rem;
  border-bottom: 1px solid var(--rule);
}
h3,
h4,
h5,
h6 {
  font-size: 1.05em;
  margin: 1.5rem 0 0.5rem;
}
a {
  color: var(--link);
  text-underline-offset: 0.15em;
}
a:visited {
  color: var(--visited);
}
a:focus-visible {
  outline: 2px solid var(--link);
  outline-offset: 2px;
}
.subtitle {
  font-size: 1.15em;
  color: var(--muted);
  margin-top: 0;
}
.talk,
.note {
  color: var(--muted);
}
cite,
.type {
  font-style: normal;
  font-weight: 600;
}
.epigraph {
  margin: 2rem 0;
  padding-left: 1.25rem;
  border-left: 3px solid var(--rule);
}
.epigraph blockquote {
  margin: 0;
  font-style: italic;
}
.epigraph blockquote p {
  margin: 0 0 0.5rem;
}
.epigraph figcaption {
  color: var(--muted);
}
.entries {
  padding-left: 1.25rem;
}
.entries > li {
  margin: 0 0 0.9rem;
  overflow-wrap: anywhere;
}
.items {
  margin: 0.4rem 0 0;
  padding-left: 1.25rem;
}
.items > li {
  margin: 0.2rem 0;
}
div.note > :first-child {
  margin-top: 0.3rem;
}
code {
  font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  font-size: 0.9em;
  background: var(--code-bg);
  padding: 0.1em 0.3em;
  border-radius: 3px;
}
pre {
  overflow-x: auto;
  background: var(--code-bg);
  padding: 0.75rem;
}
pre code {
  padding: 0;
  background: none;
}
blockquote {
  margin-left: 0;
  padding-left: 1rem;
  border-left: 3px solid var(--rule);
}
footer {
  margin-top: 3rem;
  color: var(--muted);
  font-size: 0.875em;
}
footer p {
  margin: 0;
  padding: 1rem 0 2rem;
  border-top: 1px solid var(--rule);
}
@media print {
  :root {
    --bg: #fff;
    --fg: #000;
    --muted: #000;
    --link: #000;
    --visited: #000;
    --rule: #888;
    --code-bg: #fff;
    color-scheme: light;
  }
  body {
    font-size: 11pt;
    line-height: 1.4;
  }
  header,
  main {
    max-width: none;
    padding: 0;
  }
  a {
    text-decoration: none;
  }
  header a[href^="http"]::after,
  main a[href^="http"]::after,
  main a[href^="mailto:"]::after {
    content: " <" attr(href) ">";
    font-size: 0.85em;
    font-weight: normal;
    overflow-wrap: anywhere;
  }
  h2 {
    break-after: avoid;
  }
  .entries > li {
    break-inside: avoid;
  }
  footer {
    display: none;
  }
}
)";

}  // namespace

std::string page_detail::style_css(model::Theme theme, std::string_view extra_rules) {
  std::string out;
  out.reserve(kBody.size() + 2 * kLight.size() + extra_rules.size() + 256);
  out += "/* readinglist-operator: phone, desktop and print; theme ";
  out += model::to_string(theme);
  out += " */\n:root {\n";
  switch (theme) {
    case model::Theme::Light:
      out += kLight;
      out += "  color-scheme: light;\n}\n";
      break;
    case model::Theme::Dark:
      out += kDark;
      out += "  color-scheme: dark;\n}\n";
      break;
    case model::Theme::Auto:
      out += kLight;
      out += "  color-scheme: light dark;\n}\n@media (prefers-color-scheme: dark) {\n  :root {\n";
      out += kDark;
      out += "  }\n}\n";
      break;
  }
  out += kBody;
  out += extra_rules;
  return out;
}

std::string render_style_css(model::Theme theme) {
  return page_detail::style_css(theme, {});
}

}  // namespace rl::render
