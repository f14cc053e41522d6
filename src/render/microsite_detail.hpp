// The files of a microsite's index ConfigMap one by one (render_microsite in microsite.cpp puts
// them together), and what they must agree on: which lists get a path of their own and what
// URL a list has under the microsite. Private to render/.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "readinglist/model/microsite.hpp"
#include "readinglist/model/types.hpp"

namespace rl::render::microsite_detail {

// Whether a list of this name gets a card link and a location: a DNS-1123 label, as every
// ReadingList name is ([a-z0-9-], so nothing to escape anywhere). Other names (only ever in an
// invalid input) get a card without a link and no location.
bool is_servable_list_name(std::string_view name);

// "SITE/NAME/" for the absolute URL of a list's page (Open Graph, JSON-LD, the feed), given the
// microsite's URL through safe_href; empty when either is unusable.
std::string list_page_url(std::string_view site_url, std::string_view name);

std::string microsite_index_html(const model::Microsite& microsite,
                                 std::span<const model::ReadingList* const> lists);
std::string microsite_style_css(model::Theme theme);
std::string microsite_feed_xml(const model::Microsite& microsite,
                               std::span<const model::ReadingList* const> lists);
std::string microsite_nginx_conf(const model::Microsite& microsite,
                                 std::span<const model::ReadingList* const> lists);

}  // namespace rl::render::microsite_detail
