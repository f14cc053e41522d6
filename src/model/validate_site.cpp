// The Kubernetes-facing rules of both kinds: metadata.name (so the Service named after it is
// valid), and spec.site (replicas, image, resources, ingress), checked here so a bad value is
// reported as InvalidSpec instead of surfacing later as a rejected Deployment or Ingress.
#include <algorithm>

#include "readinglist/model/limits.hpp"
#include "readinglist/model/patterns.hpp"
#include "readinglist/model/validate.hpp"
#include "validate_detail.hpp"

namespace rl::model {
namespace {

bool is_lower_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}
bool is_alnum(char c) {
  return is_lower_alnum(c) || (c >= 'A' && c <= 'Z');
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// [a-z0-9]([-a-z0-9]*[a-z0-9])? without a length bound.
bool is_label_shaped(std::string_view text) {
  return !text.empty() && is_lower_alnum(text.front()) && is_lower_alnum(text.back()) &&
         std::ranges::all_of(text, [](char c) { return is_lower_alnum(c) || c == '-'; });
}

bool is_ipv4(std::string_view text) {
  return !text.empty() && std::ranges::all_of(text, [](char c) { return is_digit(c) || c == '.'; });
}

bool is_image_reference(std::string_view text) {
  return std::ranges::all_of(text, [](char c) {
    return is_alnum(c) || c == '.' || c == '_' || c == '-' || c == '/' || c == ':' || c == '@';
  });
}

// Container resource names: the standard ones, or an extended resource with a domain prefix.
void check_resource_name(detail::Errors& errors, const std::string& path, std::string_view name) {
  const bool standard = name == "cpu" || name == "memory" || name == "ephemeral-storage" ||
                        (name.starts_with("hugepages-") && name.size() > 10);
  const bool extended = name.find('/') != std::string_view::npos && detail::is_qualified_name(name);
  if (!standard && !extended) {
    detail::add(errors, path,
                "must name a resource: \"cpu\", \"memory\", \"ephemeral-storage\", "
                "\"hugepages-<size>\" or a domain-prefixed name such as \"example.com/gpu\"");
  }
}

void check_quantities(detail::Errors& errors, const std::string& path,
                      const std::map<std::string, std::string>& quantities) {
  for (const auto& [name, quantity] : quantities) {
    const std::string at = detail::keyed(path, name);
    check_resource_name(errors, at, name);
    if (auto problem = detail::quantity_problem(quantity); !problem.empty()) {
      detail::add(errors, at, std::move(problem));
    }
  }
}

// Names of other objects (IngressClass, Secret).
void check_object_name(detail::Errors& errors, const std::string& path,
                       const std::optional<std::string>& value, std::size_t max) {
  if (!value) return;
  const auto length = detail::utf8_length(*value);
  if (length && *length > max) {
    detail::add(errors, path, detail::too_long(max, *length));
  } else if (!is_dns1123_subdomain(*value)) {
    detail::add(errors, path,
                "must be a DNS-1123 subdomain: lower-case letters, digits, '-' and '.', "
                "starting and ending with a letter or digit");
  }
}

void validate_ingress(detail::Errors& errors, const IngressSpec& ingress, const std::string& path) {
  const std::string host_path = path + ".host";
  const auto host_length = detail::utf8_length(ingress.host);
  if (ingress.host.empty()) {
    detail::add(errors, host_path, "is required");
  } else if (!host_length) {
    detail::add(errors, host_path, detail::text_problem(ingress.host, detail::Lines::Single));
  } else if (*host_length > limits::kHostMax) {
    detail::add(errors, host_path, detail::too_long(limits::kHostMax, *host_length));
  } else if (!detail::full_match<patterns::kHost>(ingress.host)) {
    detail::add(errors, host_path,
                "must be a lower-case DNS name such as \"lists.example.com\" (a leading \"*.\" "
                "is allowed)");
  } else if (is_ipv4(ingress.host)) {
    detail::add(errors, host_path, "must be a DNS name, not an IP address");
  }

  if (ingress.path) {
    const std::string at = path + ".path";
    const auto length = detail::utf8_length(*ingress.path);
    std::string problem = detail::text_problem(*ingress.path, detail::Lines::Single);
    if (length && *length > limits::kPathMax) {
      detail::add(errors, at, detail::too_long(limits::kPathMax, *length));
    } else if (!problem.empty()) {
      detail::add(errors, at, std::move(problem));
    } else if (!detail::full_match<patterns::kIngressPath>(*ingress.path)) {
      detail::add(errors, at,
                  "must be an absolute path starting with \"/\" made of letters, digits and "
                  "'-', '.', '_', '~', '%' or '/'");
    }
  }
  check_object_name(errors, path + ".className", ingress.class_name, limits::kIngressClassNameMax);
  check_object_name(errors, path + ".tlsSecretName", ingress.tls_secret_name,
                    limits::kTlsSecretNameMax);
  for (const auto& [key, value] : ingress.annotations) {
    if (!detail::is_qualified_name(key)) {
      detail::add(errors, detail::keyed(path + ".annotations", key),
                  "must be an annotation key such as \"example.com/name\": an optional DNS "
                  "prefix and \"/\", then 1-63 letters, digits, '-', '_' or '.', starting and "
                  "ending with a letter or digit");
    }
  }
}

}  // namespace

bool is_dns1123_label(std::string_view text) {
  return text.size() <= 63 && is_label_shaped(text);
}

bool is_dns1123_subdomain(std::string_view text) {
  if (text.empty() || text.size() > 253) return false;
  std::size_t start = 0;
  while (true) {
    const auto dot = text.find('.', start);
    if (!is_label_shaped(text.substr(start, dot - start))) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

namespace detail {

bool is_qualified_name(std::string_view text) {
  std::string_view name = text;
  if (const auto slash = text.find('/'); slash != std::string_view::npos) {
    if (!is_dns1123_subdomain(text.substr(0, slash))) return false;
    name = text.substr(slash + 1);
  }
  return !name.empty() && name.size() <= 63 && is_alnum(name.front()) && is_alnum(name.back()) &&
         std::ranges::all_of(
             name, [](char c) { return is_alnum(c) || c == '-' || c == '_' || c == '.'; });
}

// Kubernetes' quantity grammar: sign, digits with an optional fraction, then a binary suffix
// (Ki..Ei), a decimal suffix (n, u, m, k, M, G, T, P, E) or an exponent (e3, E-2).
std::string quantity_problem(std::string_view text) {
  std::size_t pos = 0;
  const bool negative = !text.empty() && text[0] == '-';
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) ++pos;
  std::size_t digit_count = 0;
  bool nonzero = false;
  bool seen_point = false;
  for (; pos < text.size(); ++pos) {
    if (is_digit(text[pos])) {
      ++digit_count;
      nonzero = nonzero || text[pos] != '0';
    } else if (text[pos] == '.' && !seen_point) {
      seen_point = true;
    } else {
      break;
    }
  }
  const std::string_view suffix = text.substr(pos);
  bool suffix_ok = false;
  if (suffix.empty() || suffix == "n" || suffix == "u" || suffix == "m" || suffix == "k" ||
      suffix == "M" || suffix == "G" || suffix == "T" || suffix == "P" || suffix == "E" ||
      suffix == "Ki" || suffix == "Mi" || suffix == "Gi" || suffix == "Ti" || suffix == "Pi" ||
      suffix == "Ei") {
    suffix_ok = true;
  } else if (suffix[0] == 'e' || suffix[0] == 'E') {
    std::string_view exponent = suffix.substr(1);
    if (!exponent.empty() && (exponent[0] == '-' || exponent[0] == '+')) {
      exponent.remove_prefix(1);
    }
    suffix_ok = !exponent.empty() && std::ranges::all_of(exponent, is_digit);
  }
  if (digit_count == 0 || !suffix_ok) {
    return "must be a quantity such as \"100m\", \"64Mi\" or \"0.5\" (got " + quoted(text) + ")";
  }
  if (negative && nonzero) return "must not be negative (got " + quoted(text) + ")";
  return "";
}

void validate_metadata(Errors& errors, const ObjectMeta& metadata, std::size_t max,
                       std::string_view service_suffix) {
  const std::string path = "metadata.name";
  const auto length = utf8_length(metadata.name);
  if (metadata.name.empty()) {
    add(errors, path, "is required");
  } else if (!length) {
    add(errors, path, text_problem(metadata.name, Lines::Single));
  } else if (*length > max) {
    add(errors, path,
        too_long(max, *length) + ", so that \"NAME" + std::string(service_suffix) +
            "\" is a valid Service name");
  } else if (!full_match<patterns::kListName>(metadata.name)) {
    add(errors, path,
        "must consist of lower-case letters, digits and '-', start with a letter and end with a "
        "letter or digit");
  }
}

// Both kinds' site types hold these four fields under the same names.
template <typename Site>
void validate_serving(Errors& errors, const Site& site, const std::string& path) {
  if (site.replicas &&
      (*site.replicas < limits::kReplicasMin || *site.replicas > limits::kReplicasMax)) {
    add(errors, path + ".replicas",
        "must be between " + std::to_string(limits::kReplicasMin) + " and " +
            std::to_string(limits::kReplicasMax) + " (got " + std::to_string(*site.replicas) + ")");
  }
  if (site.image) {
    const std::string at = path + ".image";
    const auto length = utf8_length(*site.image);
    if (site.image->empty()) {
      add(errors, at, "must not be empty");
    } else if (length && *length > limits::kImageMax) {
      add(errors, at, too_long(limits::kImageMax, *length));
    } else if (!is_image_reference(*site.image)) {
      add(errors, at,
          "must be a container image reference such as "
          "\"nginxinc/nginx-unprivileged:1.27-alpine\" (letters, digits and \"._-/:@\")");
    }
  }
  if (site.resources) {
    check_quantities(errors, path + ".resources.limits", site.resources->limits);
    check_quantities(errors, path + ".resources.requests", site.resources->requests);
  }
  if (site.ingress) validate_ingress(errors, *site.ingress, path + ".ingress");
}

void validate_site(Errors& errors, const SiteSpec& site, const std::string& path) {
  validate_serving(errors, site, path);
}

void validate_site(Errors& errors, const MicrositeSiteSpec& site, const std::string& path) {
  validate_serving(errors, site, path);
}

}  // namespace detail
}  // namespace rl::model
