// render_microsite: the index ConfigMap's files put together, and the microsite's stylesheet
// (the list page's, plus the event line and the cards).
#include "readinglist/render/microsite.hpp"

#include <algorithm>

#include "microsite_detail.hpp"
#include "page_detail.hpp"

namespace rl::render {
namespace microsite_detail {
namespace {

constexpr std::string_view kCardRules = R"(.event {
  font-size: 1.15em;
  color: var(--muted);
  margin-top: 0;
}
.cards {
  list-style: none;
  margin: 2rem 0 0;
  padding: 0;
}
.card {
  margin: 0 0 1rem;
  padding: 0.75rem 1.25rem;
  border: 1px solid var(--rule);
  border-radius: 6px;
  overflow-wrap: anywhere;
}
.card h2 {
  margin: 0 0 0.25rem;
  padding: 0;
  border-bottom: none;
}
.card p {
  margin: 0.25rem 0;
}
.count,
.empty {
  color: var(--muted);
}
@media print {
  .card {
    break-inside: avoid;
    border-radius: 0;
  }
}
)";

}  // namespace

std::string microsite_style_css(model::Theme theme) {
  return page_detail::style_css(theme, kCardRules);
}

}  // namespace microsite_detail

Content render_microsite(const model::Microsite& microsite,
                         std::span<const model::ReadingList* const> lists) {
  using namespace microsite_detail;
  Content content;
  content.files.reserve(4);
  content.files.emplace_back("feed.xml", microsite_feed_xml(microsite, lists));
  content.files.emplace_back("index.html", microsite_index_html(microsite, lists));
  content.files.emplace_back("nginx.conf", microsite_nginx_conf(microsite, lists));
  content.files.emplace_back("style.css", microsite_style_css(microsite.spec.effective_theme()));
  std::ranges::sort(content.files, {}, &ContentFile::name);
  return content;
}

}  // namespace rl::render
