// Checks shared by the tests that feed hostile lists (and microsites) to the renderer: which
// elements and links index.html may hold, what a user string must never become in HTML, whether
// feed.xml is well-formed XML, and what HTML Tidy says. Each returns what is wrong, so a failure
// says why.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "html_scan.hpp"

namespace rl::render::page_testing {

// Every element the page template writes (Markdown adds only a few of these).
inline const std::set<std::string>& page_tags() {
  static const std::set<std::string> tags = {
      "!doctype", "html",    "head",  "meta", "title", "link",   "script",     "body",
      "header",   "h1",      "h2",    "h3",   "h4",    "h5",     "h6",         "p",
      "span",     "cite",    "a",     "time", "div",   "figure", "blockquote", "figcaption",
      "main",     "section", "ul",    "ol",   "li",    "em",     "strong",     "code",
      "pre",      "footer",  "small", "br",   "hr"};
  return tags;
}

// The only link targets a page may have: http(s), mailto, its own files and fragments.
inline bool is_allowed_link(const std::string& target) {
  static const std::set<std::string> own_files = {"style.css", "feed.xml", "readinglist.json"};
  if (own_files.contains(target) || target.starts_with("#")) return true;
  return target.starts_with("https://") || target.starts_with("http://") ||
         target.starts_with("mailto:");
}

inline constexpr const char* kLinkAttributes[] = {"href",   "src",    "action",    "formaction",
                                                  "srcset", "poster", "xlink:href"};

// How `html` lets text become markup: a '<' that was not escaped, an element outside `tags`, an
// event-handler attribute, a link to anything but is_allowed_link, more than `scripts` scripts.
inline std::vector<std::string> html_problems(std::string_view html,
                                              const std::set<std::string>& tags,
                                              std::size_t scripts) {
  std::vector<std::string> problems;
  const HtmlScan scan = scan_html(html);
  if (scan.truncated) problems.push_back("a tag or attribute value never ends");
  if (scan.stray_less_than != 0) problems.push_back("an unescaped '<' in text");
  if (scan.scripts.size() > scripts) {
    problems.push_back(std::to_string(scan.scripts.size()) + " <script> elements");
  }
  for (const Tag& tag : scan.tags) {
    if (!tags.contains(tag.name)) problems.push_back("element <" + tag.name + ">");
    for (const auto& [name, value] : tag.attributes) {
      if (name.starts_with("on")) problems.push_back("event handler " + name + " on <" + tag.name);
    }
    for (const char* attribute : kLinkAttributes) {
      const std::string* target = tag.attribute(attribute);
      if (target != nullptr && !is_allowed_link(*target)) {
        problems.push_back("<" + tag.name + " " + attribute + "=\"" + *target + "\">");
      }
    }
  }
  return problems;
}

// A small well-formedness check that needs no XML library: tags balance, attribute values are
// quoted, '&' starts an entity and '<' never appears in text or attributes. Empty when fine.
inline std::string xml_problem(const std::string& xml) {
  std::vector<std::string> open;
  std::size_t i = 0;
  if (xml.starts_with("<?xml")) i = xml.find("?>") + 2;
  bool root_seen = false;
  while (i < xml.size()) {
    if (xml[i] == '&') {
      static const std::regex kEntity("^&(lt|gt|amp|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);");
      if (!std::regex_search(xml.substr(i, 12), kEntity)) return "bare & at " + std::to_string(i);
      ++i;
      continue;
    }
    if (xml[i] == '>') return "bare > at " + std::to_string(i);
    if (xml[i] != '<') {
      if (open.empty() && xml[i] != '\n') return "text outside the root at " + std::to_string(i);
      ++i;
      continue;
    }
    const auto end = xml.find('>', i);
    if (end == std::string::npos) return "unterminated tag";
    std::string tag = xml.substr(i + 1, end - i - 1);
    i = end + 1;
    if (std::ranges::count(tag, '"') % 2 != 0 || tag.find('<') != std::string::npos)
      return "bad tag " + tag;
    if (tag.starts_with("/")) {
      if (open.empty() || open.back() != tag.substr(1)) return "mismatched </" + tag.substr(1);
      open.pop_back();
      continue;
    }
    const bool self_closing = tag.ends_with("/");
    const std::string name = tag.substr(0, tag.find_first_of(" /"));
    if (open.empty() && root_seen) return "second root element " + name;
    root_seen = true;
    if (!self_closing) open.push_back(name);
  }
  return open.empty() ? "" : "unclosed <" + open.back() + ">";
}

// xmllint, when installed, as a second opinion on XML (a real parser): what it said when it
// refused the document; empty when it accepted it or is not installed.
inline std::string xmllint_problem(const std::string& xml) {
  if (!std::filesystem::exists("/usr/bin/xmllint")) return {};
  std::string dir = (std::filesystem::temp_directory_path() / "rl-xmllint-XXXXXX").string();
  if (::mkdtemp(dir.data()) == nullptr) return "cannot make a temporary directory";
  const auto input = std::filesystem::path(dir) / "feed.xml";
  std::ofstream(input, std::ios::binary) << xml;
  FILE* pipe = ::popen(("/usr/bin/xmllint --noout '" + input.string() + "' 2>&1").c_str(), "r");
  if (pipe == nullptr) return "cannot run xmllint";
  std::string output;
  char buffer[512];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr)
    output += buffer;
  const int status = ::pclose(pipe);
  std::filesystem::remove_all(dir);
  const bool accepted = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  return accepted ? std::string() : "xmllint: " + output;
}

// Runs HTML Tidy (Debian's `tidy`) on the page; returns its exit status (0 clean, 1 warnings,
// 2 errors, 127 no tidy installed) and what it said.
inline std::pair<int, std::string> tidy(const std::string& html) {
  std::string dir = (std::filesystem::temp_directory_path() / "rl-tidy-XXXXXX").string();
  if (::mkdtemp(dir.data()) == nullptr) return {-1, "cannot make a temporary directory"};
  const auto input = std::filesystem::path(dir) / "index.html";
  std::ofstream(input, std::ios::binary) << html;
  const std::string command = "tidy -q -e --gnu-emacs yes '" + input.string() + "' 2>&1";
  std::string output;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return {-1, "cannot run tidy"};
  char buffer[512];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr)
    output += buffer;
  const int status = ::pclose(pipe);
  std::filesystem::remove_all(dir);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

}  // namespace rl::render::page_testing
