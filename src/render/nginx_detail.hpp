// The nginx config both kinds of site run on (nginx_conf.cpp): the process, the types, the
// security and caching headers, gzip, /healthz and the dotfile rule, with the site's own
// locations spliced in. Private to render/.
#pragma once

#include <string>
#include <string_view>

namespace rl::render::nginx_detail {

// What the config's first line says it was generated from.
struct ConfOrigin {
  std::string_view site;  // "site", "microsite"
  std::string_view kind;  // "ReadingList", "Microsite"
};

// The complete config. `locations` are the site's own location blocks, each line indented by
// eight spaces, after /healthz and the dotfile rule; they must never hold user text that is
// not made of safe characters (is_config_safe).
std::string nginx_conf(ConfOrigin origin, std::string_view locations);

// Whether text spliced into the config cannot end a directive, block or string: the characters
// the validator allows in an Ingress path (patterns::kIngressPath).
bool is_config_safe(std::string_view text);

// The locations that serve the site under its Ingress path as well (an Ingress forwards the
// path unchanged): "= PREFIX" redirects to "PREFIX/", and "PREFIX/..." is stripped and matched
// again. Empty for "/" and for a path that is not config-safe.
std::string path_prefix_locations(const std::string& prefix);

}  // namespace rl::render::nginx_detail
