// The ReadingList rules of the API contract (spec/readinglist-api.md): required fields, lengths,
// counts, enum values, URL schemes, real partial dates, "url or items", names. Every problem is
// returned, each as a FieldError naming the field by its path. Pure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "readinglist/model/errors.hpp"
#include "readinglist/model/types.hpp"

namespace rl::model {

// All problems with the list, in document order; empty when the list is valid.
// (The rendered-size limit needs the renderer: see render::render_checked.)
std::vector<FieldError> validate(const ReadingList& list);

// "YYYY", "YYYY-MM" or "YYYY-MM-DD" naming a real calendar date (leap years included).
bool is_partial_date(std::string_view text);

enum class UrlKind {
  Web,        // http or https
  WebOrMail,  // http, https or mailto (links inside an entry, authors)
};

// Empty when `url` is acceptable for `kind`, else the reason ("scheme \"javascript\" is not
// allowed", "must be an absolute URL", ...). Control characters and whitespace are rejected.
std::string check_url(std::string_view url, UrlKind kind);

// DNS-1123 label/subdomain checks used for metadata.name and the ingress host.
bool is_dns1123_label(std::string_view text);
bool is_dns1123_subdomain(std::string_view text);

}  // namespace rl::model
