// The individual content files. render() in render.hpp puts them together; they are declared
// here so each can be tested on its own. All pure and deterministic.
#pragma once

#include <string>

#include "readinglist/model/types.hpp"

namespace rl::render {

// index.html: the page (semantic HTML5, Open Graph, JSON-LD, theme, no script).
std::string render_index_html(const model::ReadingList& list);

// style.css: the one stylesheet (phone, desktop, print; light/dark/auto by theme).
std::string render_style_css(model::Theme theme);

// readinglist.json: the spec as JSON, for machines (apiVersion, kind, metadata.name/namespace,
// spec), pretty-printed with sorted keys.
std::string render_readinglist_json(const model::ReadingList& list);

// feed.xml: an Atom 1.0 feed, one <entry> per link.
std::string render_feed_xml(const model::ReadingList& list);

// readinglist.md: the list as Markdown in the style of the worked example (a Jekyll post, front
// matter carrying what Markdown has no place for); the importer reads it back to the same spec.
std::string render_readinglist_md(const model::ReadingList& list);

// nginx.conf: the server config (listen 8080, security headers, caching, gzip, /healthz).
std::string render_nginx_conf(const model::ReadingList& list);

}  // namespace rl::render
