// nginx.conf: the complete server config for a list's site, and the parts of it a microsite's
// shares (nginx_detail.hpp). Every path is relative to the nginx prefix (`nginx -p PREFIX -c
// conf/nginx.conf`), so the same file runs in the non-root container (read-only root filesystem,
// an emptyDir at PREFIX/tmp, the content at PREFIX/html) and under a test's temporary directory.
#include <algorithm>
#include <string_view>

#include "nginx_detail.hpp"
#include "readinglist/model/names.hpp"
#include "readinglist/render/files.hpp"

namespace rl::render {
namespace {

// No user text goes into the config: nothing a list says can change how nginx behaves.
// Security and caching headers are set once at server level and never with add_header inside a
// location, because a location's add_header replaces every inherited one.
constexpr std::string_view kNginxConf =
    R"conf(# nginx.conf for a readinglist-operator @SITE@. Generated; edit the @KIND@ instead.
# Paths are relative to the prefix: run as `nginx -p PREFIX -c conf/nginx.conf`, with the
# content in PREFIX/html and a writable PREFIX/tmp.
worker_processes 1;
pid tmp/nginx.pid;
error_log stderr warn;

events {
    worker_connections 256;
}

http {
    types {
        text/html html;
        text/css css;
        application/json json;
        application/atom+xml xml;
        text/markdown md;
        text/plain txt;
    }
    default_type application/octet-stream;
    charset utf-8;
    charset_types text/css application/json application/atom+xml text/markdown text/plain;

    log_format main '$remote_addr - $remote_user [$time_local] "$request" $status '
                    '$body_bytes_sent "$http_referer" "$http_user_agent"';
    access_log /dev/stdout main;

    client_body_temp_path tmp/client_body;
    proxy_temp_path tmp/proxy;
    fastcgi_temp_path tmp/fastcgi;
    uwsgi_temp_path tmp/uwsgi;
    scgi_temp_path tmp/scgi;

    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    client_max_body_size 1k;
    server_tokens off;

    etag on;
    gzip on;
    gzip_vary on;
    gzip_min_length 256;
    gzip_types text/css application/json application/atom+xml text/markdown text/plain;

    # The page changes whenever the list does: let browsers keep it only briefly.
    map $sent_http_content_type $rl_cache_control {
        default "no-cache";
        ~^text/html "public, max-age=60";
        ~^text/css "public, max-age=300";
        ~^text/plain "no-store";
    }

    server {
        listen 8080;
        server_name _;
        root html;
        index index.html;
        # Redirects keep the host and port the browser used (behind an Ingress or a port-forward).
        absolute_redirect off;
        # A mounted ConfigMap's files are symlinks into ..data/.
        disable_symlinks off;

        add_header Content-Security-Policy "default-src 'none'; style-src 'self'; img-src 'self' https: data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'" always;
        add_header X-Content-Type-Options "nosniff" always;
        add_header Referrer-Policy "strict-origin-when-cross-origin" always;
        add_header X-Frame-Options "DENY" always;
        add_header Permissions-Policy "camera=(), geolocation=(), microphone=(), payment=(), usb=()" always;
        add_header Cache-Control $rl_cache_control always;

        location = /healthz {
            access_log off;
            default_type text/plain;
            return 200 "ok\n";
        }

        # Dotfiles, and the ..data links of a mounted ConfigMap, are never served.
        location ~ /\. {
            return 404;
        }

@LOCATIONS@    }
}
)conf";

// The locations a list's site has: the whole web root, but not the config should it land there.
constexpr std::string_view kListLocations = R"conf(        location = /nginx.conf {
            return 404;
        }

@PATH_PREFIX@        location / {
            try_files $uri $uri/ =404;
        }
)conf";

void replace_marker(std::string& text, std::string_view marker, std::string_view with) {
  text.replace(text.find(marker), marker.size(), with);
}

}  // namespace

bool nginx_detail::is_config_safe(std::string_view path) {
  return std::ranges::all_of(path, [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("._~/%-").find(c) != std::string_view::npos;
  });
}

// A site behind "/reading" gets "/reading/style.css": strip the prefix and match again, so every
// rule still applies. '.' is escaped for the regex. A path the validator would refuse gets no
// rules: render() promises safe output even for an invalid list, and text spliced into the
// config would be config.
std::string nginx_detail::path_prefix_locations(const std::string& prefix) {
  if (prefix == "/" || !is_config_safe(prefix)) return {};
  std::string pattern;
  for (const char c : prefix) {
    if (c == '.') pattern += '\\';
    pattern += c;
  }
  return "        # The Ingress path: the same site under " + prefix + "/.\n" +
         "        location = " + prefix + " {\n            return 301 " + prefix +
         "/;\n        }\n" + "        location ^~ " + prefix + "/ {\n            rewrite ^" +
         pattern + "(/.*)$ $1 last;\n        }\n\n";
}

std::string nginx_detail::nginx_conf(ConfOrigin origin, std::string_view locations) {
  std::string conf(kNginxConf);
  replace_marker(conf, "@SITE@", origin.site);
  replace_marker(conf, "@KIND@", origin.kind);
  replace_marker(conf, "@LOCATIONS@", locations);
  return conf;
}

std::string render_nginx_conf(const model::ReadingList& list) {
  std::string locations(kListLocations);
  replace_marker(locations, "@PATH_PREFIX@",
                 nginx_detail::path_prefix_locations(model::served_path(list)));
  return nginx_detail::nginx_conf({.site = "site", .kind = "ReadingList"}, locations);
}

}  // namespace rl::render
