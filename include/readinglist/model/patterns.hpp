// The regular expressions of the ReadingList and Microsite APIs. Written once so the CRD schema
// (`pattern`) and the validator agree; they use only syntax that both RE2 (the API server) and
// std::regex (ECMAScript) read the same way.
#pragma once

#include <string_view>

namespace rl::model::patterns {

// YYYY, YYYY-MM or YYYY-MM-DD; the validator also checks the day exists in that month.
inline constexpr std::string_view kPartialDate =
    "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$";

// A BCP 47 language tag in its common shape: "en", "pt-BR", "zh-Hant-TW", "sr-Latn".
inline constexpr std::string_view kLanguage = "^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$";

// http(s) only (talk.url, source.url, entry.url, item.url, person.url); schemes lower-case.
inline constexpr std::string_view kWebUrl = "^https?://[^\\s]+$";

// A social handle as people write them: "@alpeb", "alpeb", "@user@host.social".
inline constexpr std::string_view kHandle = "^@?[A-Za-z0-9_][A-Za-z0-9_.@-]*$";

// metadata.name of a ReadingList: "NAME-site" must be a DNS-1035 label (a Service name), so a
// lower-case letter first, then letters, digits and '-', not ending in '-'.
inline constexpr std::string_view kListName = "^[a-z]([-a-z0-9]*[a-z0-9])?$";

// An Ingress host: a DNS-1123 subdomain, optionally with a leading "*." wildcard.
inline constexpr std::string_view kHost =
    "^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

// An Ingress path: absolute, of URL path characters only. The site's nginx.conf serves the
// site under it, so nothing nginx's config syntax would read (quotes, ';', '{', '$', ...) may
// appear.
inline constexpr std::string_view kIngressPath = "^/[A-Za-z0-9._~/%-]*$";

// A label value (metav1.LabelSelector values and matchLabels values): empty, or alphanumerics
// with '-', '_' and '.' inside; at most 63 characters, which the caller bounds.
inline constexpr std::string_view kLabelValue = "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$";

// A label key (Kubernetes' qualified name): an optional DNS-1123 subdomain and "/", then 1-63
// alphanumerics with '-', '_' and '.' inside.
inline constexpr std::string_view kLabelKey =
    "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
    "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$";

// A DNS-1123 subdomain (the names of most objects, a ReadingList's among them).
inline constexpr std::string_view kSubdomain =
    "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

}  // namespace rl::model::patterns
