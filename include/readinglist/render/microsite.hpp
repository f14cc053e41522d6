// Microsite -> the content files of its index ConfigMap: index.html (the event, then one card
// per list), style.css, feed.xml (Atom, the lists' entries merged) and nginx.conf (the index at
// "/", each list's own files under "/<list-name>/"). Pure and deterministic, with the list
// page's quality bar: everything escaped, no script, Open Graph and JSON-LD, dark mode, print.
#pragma once

#include <span>

#include "readinglist/model/microsite.hpp"
#include "readinglist/model/types.hpp"
#include "readinglist/render/render.hpp"

namespace rl::render {

// `lists` are the valid selected ReadingLists in index order (reconcile::select_lists); each
// card links to "<list-name>/", relative, so the site works under any Ingress path. Files, sorted
// by name: feed.xml, index.html, nginx.conf, style.css. nginx.conf expects the pod to mount the
// index's files (all but nginx.conf) at PREFIX/html/ and each list's content ConfigMap at
// PREFIX/html/<list-name>/; it serves only those lists, so the index and the mounts must come from
// the same `lists`. A list whose name is not a DNS-1123 label (never one the API server accepts)
// gets a card without a link and no location. Safe for any input: everything is escaped.
Content render_microsite(const model::Microsite& microsite,
                         std::span<const model::ReadingList* const> lists);

}  // namespace rl::render
