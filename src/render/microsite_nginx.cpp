// A microsite's nginx.conf: the list's config (nginx_detail.hpp) with the microsite's locations.
// The pod's web root (PREFIX/html) holds the index ConfigMap's files and, at html/NAME/, each
// list's own content ConfigMap. Only those are served: the index at "/", each list under
// "/NAME/", and a 404 for anything else.
#include <set>
#include <string>
#include <string_view>

#include "microsite_detail.hpp"
#include "nginx_detail.hpp"
#include "readinglist/model/microsite_names.hpp"
#include "readinglist/model/validate.hpp"

namespace rl::render::microsite_detail {
namespace {

// Exact locations for the index's own files; an empty block serves the file from the root, and
// "/" reaches index.html through the server's `index` directive.
constexpr std::string_view kIndexLocations =
    R"conf(        # Any nginx.conf, the index's or a list's, should one be mounted in the web root.
        location ~ /nginx\.conf$ {
            return 404;
        }

        # The index and its own files.
        location = / {
        }
        location = /index.html {
        }
        location = /style.css {
        }
        location = /feed.xml {
        }

)conf";

constexpr std::string_view kOtherwise = R"conf(
        # Nothing else: not a list this microsite does not show, nor a stray file.
        location / {
            return 404;
        }
)conf";

// "/NAME" redirects to "NAME/": relative to the request, so it lands on ".../NAME/" under any
// Ingress path (after the prefix rewrite nginx only knows "/NAME"). A prefix location without
// ^~ leaves the dotfile and nginx.conf rules (regular expressions) in force inside the list.
// /healthz stays the probe's: a list of that name is reached only with the slash.
void append_list_locations(std::string& out, std::string_view name) {
  if (name != "healthz") {
    out += "        location = /";
    out += name;
    out += " {\n            return 301 ";
    out += name;
    out += "/;\n        }\n";
  }
  out += "        location /";
  out += name;
  out += "/ {\n        }\n";
}

}  // namespace

// A DNS-1123 label is made of [a-z0-9-] only: safe in a URL path, in HTML and in the config.
bool is_servable_list_name(std::string_view name) {
  return model::is_dns1123_label(name);
}

std::string microsite_nginx_conf(const model::Microsite& microsite,
                                 std::span<const model::ReadingList* const> lists) {
  const std::string prefix = model::microsite_served_path(microsite);
  std::string locations(kIndexLocations);
  locations += nginx_detail::path_prefix_locations(prefix);
  locations += "        # Each list's own files, mounted at html/NAME/.\n";
  // Names nginx would refuse as duplicate locations: the Ingress path's (a list named like a
  // one-segment Ingress path is hidden by its rewrite anyway) and a name seen before.
  std::set<std::string_view> taken;
  if (prefix != "/") taken.insert(std::string_view(prefix).substr(1));
  for (const model::ReadingList* list : lists) {
    const std::string_view name = list->metadata.name;
    if (!is_servable_list_name(name) || !taken.insert(name).second) continue;
    append_list_locations(locations, name);
  }
  locations += kOtherwise;
  return nginx_detail::nginx_conf({.site = "microsite", .kind = "Microsite"}, locations);
}

}  // namespace rl::render::microsite_detail
