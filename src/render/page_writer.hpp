// Writing HTML into one string, shared by the list page (page.cpp) and the microsite's index
// (microsite_page.cpp): the <head> both pages share, and the escaped pieces a page is made of
// (links, dates, people, talks, entries). Private to render/.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "readinglist/model/types.hpp"
#include "readinglist/render/escape.hpp"
#include "readinglist/render/markdown.hpp"

namespace rl::render::page_detail {

// What the <head> says about a page. Every field is user text and is escaped when written.
struct PageHead {
  std::string_view language;
  model::Theme theme = model::Theme::Auto;
  std::string_view title;
  std::string_view summary;   // may be empty: no description meta then
  std::string_view page_url;  // already through safe_href; may be empty
};

class PageWriter {
 public:
  explicit PageWriter(std::string& out) : out_(out) {}

  void raw(std::string_view html) { out_ += html; }
  void text(std::string_view text) { append_escaped_html(out_, text); }

  // From <!DOCTYPE html> to the feed's <link> in <head>: language, theme, title, description,
  // colour scheme, Open Graph, canonical URL, the stylesheet and the Atom feed. The caller
  // writes the JSON-LD block and closes <head>.
  void head(const PageHead& head);

  // An external link, or just the label when the URL is missing or not http(s)/mailto.
  void link(const std::optional<std::string>& url, std::string_view label);

  // <time datetime="2019-05">May 2019</time>
  void date(std::string_view partial_date);

  // "Name", "<a>Name</a>" or "Name (<a>@handle</a>)", then ", Affiliation".
  void person(const model::Person& who);

  // "A", "A and B", "A, B and C"; with affiliations (which contain commas themselves) three or
  // more people are separated by semicolons: "A, X; B, Y; and C, Z".
  void people(const std::vector<model::Person>& people);

  // "Label: <cite>Title</cite>, by People (Where, When)". A Collection's title names what it
  // collects, so it stands alone as the heading instead of following a label.
  // `note` is the entry's note rendered (when it has one).
  void entry(const model::Entry& entry, const MarkdownForms& note);

  // <p class="talk">Talk: <cite>Title</cite>, by Speakers (Event, Date)</p>
  void talk(const model::Talk& talk);

  void epigraph(const model::Epigraph& epigraph);

  void markdown_block(std::string_view css_class, const std::optional<std::string>& markdown) {
    if (markdown) html_block(css_class, markdown_to_html(*markdown));
  }

  // <div class="CSS_CLASS">HTML</div>, nothing when the HTML is empty.
  void html_block(std::string_view css_class, std::string_view html);

 private:
  // " (Source, Date)", " (Source)" or " (Date)". A year the source's name already ends with
  // ("ServiceMeshCon 2022") is not repeated.
  void where_and_when(const std::optional<model::Source>& source,
                      const std::optional<std::string>& date);

  // A one-paragraph note follows the entry on the same line after a dash; a longer one gets
  // its own block. Returns whether it was a block.
  bool note(std::string_view html);

  std::string& out_;
  std::string href_;     // the link being written, kept to reuse its storage
  std::string scratch_;  // likewise for a date
};

}  // namespace rl::render::page_detail
