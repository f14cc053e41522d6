// The OpenAPI schema of ReadingList.spec.site (how the page is served), the serving and status
// parts a Microsite shares, and the status the operator writes on a list. Bounds that Kubernetes
// sets rather than our API page (metav1.Condition's field lengths, the annotation budget) are named
// here, next to where they apply.
#include "crd_detail.hpp"
#include "readinglist/model/limits.hpp"
#include "readinglist/model/patterns.hpp"
#include "readinglist/model/types.hpp"

namespace rl::model::crd_detail {
namespace {

// metav1.Condition's own limits (k8s.io/apimachinery, the markers on its fields).
constexpr std::size_t kConditionTypeMax = 316;
constexpr std::size_t kConditionReasonMax = 1024;
constexpr std::size_t kConditionMessageMax = 32 * limits::kKiB;
// We write three condition types; the rest is room for ones added later.
constexpr std::size_t kConditionsMax = 8;
// The API server's budget for all annotations of an object together bounds any single value.
constexpr std::size_t kAnnotationsTotalMax = 256 * limits::kKiB;
// A quantity is a decimal number and a suffix ("500m", "1.5Gi", "2e3"); no real one is longer.
constexpr std::size_t kQuantityMax = 64;

Schema quantities(std::string_view description) {
  Schema quantity{
      {"description",
       "A quantity such as \"100m\" (a tenth of a CPU), \"2\", \"64Mi\" or \"1Gi\". At most " +
           std::to_string(kQuantityMax) + " characters."},
      {"maxLength", kQuantityMax},
      {"anyOf", Schema::array({Schema{{"type", "integer"}}, Schema{{"type", "string"}}})},
      {"x-kubernetes-int-or-string", true},
  };
  return map_of(description, std::move(quantity));
}

}  // namespace

Schema resources() {
  return object(
      "CPU and memory for each nginx container, as in a Pod's resources (core/v1 "
      "ResourceRequirements). When unset, the operator asks for small requests and limits that "
      "suit a static page.",
      {
          {"limits", quantities("The most of each resource a container may use, by resource "
                                "name (cpu, memory, ephemeral-storage, ...), e.g. {cpu: 200m, "
                                "memory: 64Mi}.")},
          {"requests", quantities("The amount of each resource reserved for a container, by "
                                  "resource name, e.g. {cpu: 10m, memory: 16Mi}. A request must "
                                  "not exceed its limit.")},
      });
}

Schema ingress(std::string_view description) {
  return object(
      description,
      {
          {"host", matching("The DNS name the page is served at, e.g. \"lists.example.com\": "
                            "lower-case letters, digits, '-' and '.'; a leading \"*.\" wildcard "
                            "is allowed.",
                            limits::kHostMax, patterns::kHost)},
          {"path",
           with_default(matching("The path the page is served under; it starts with "
                                 "\"/\" and holds only letters, digits and '-', '.', '_', '~', "
                                 "'%' or '/'.",
                                 limits::kPathMax, patterns::kIngressPath),
                        "/")},
          {"className", text("The IngressClass that serves the Ingress; when unset, the "
                             "cluster's default class.",
                             limits::kIngressClassNameMax)},
          {"tlsSecretName", text("A Secret of type kubernetes.io/tls in the list's namespace "
                                 "holding the certificate for host. When set, the Ingress "
                                 "terminates TLS and status.url starts with https.",
                                 limits::kTlsSecretNameMax)},
          {"annotations",
           map_of("Annotations put on the Ingress, e.g. for cert-manager or the ingress "
                  "controller's settings.",
                  text("An annotation value.", kAnnotationsTotalMax))},
      },
      {"host"});
}

Schema theme(std::string_view description) {
  return with_default(one_of(description, {to_string(Theme::Auto), to_string(Theme::Light),
                                           to_string(Theme::Dark)}),
                      to_string(Theme::Auto));
}

Schema replicas(std::string_view description) {
  return with_default(integer(description, limits::kReplicasMin, limits::kReplicasMax), 1);
}

Schema image(std::string_view description) {
  return with_default(text(description, limits::kImageMax, 1), kDefaultImage);
}

Schema conditions(std::string_view description, std::string_view subject, std::string_view reasons,
                  std::string_view messages) {
  Schema condition = object(
      subject,
      {
          {"type", text("What the condition is about: Ready, Rendered or Available.",
                        kConditionTypeMax, 1)},
          {"status", one_of("Whether the condition holds.", {"True", "False", "Unknown"})},
          {"reason", text(reasons, kConditionReasonMax, 1)},
          {"message", text(messages, kConditionMessageMax)},
          {"lastTransitionTime", Schema{{"description", "When the status last changed."},
                                        {"type", "string"},
                                        {"format", "date-time"}}},
          {"observedGeneration", counter("The metadata.generation the condition was computed "
                                         "from.")},
      },
      {"type", "status", "reason", "message", "lastTransitionTime"});
  Schema list = array(description, std::move(condition), 0, kConditionsMax);
  list["x-kubernetes-list-type"] = "map";
  list["x-kubernetes-list-map-keys"] = Schema::array({"type"});
  return list;
}

Schema site_schema() {
  return object(
      "How the page is served. Leave it out for one nginx replica with the default image, reached "
      "inside the cluster at http://NAME-site.NAMESPACE.svc.",
      {
          {"enabled", with_default(boolean("Whether the operator runs nginx for the page. With "
                                           "false it only writes the content ConfigMap NAME-site, "
                                           "for serving it yourself, and removes the Deployment "
                                           "and Service it made before."),
                                   true)},
          {"replicas", replicas("How many nginx pods serve the page; with two or more, a changed "
                                "list rolls out without downtime.")},
          {"image", image("The nginx image. It must listen on port 8080 and run as a non-root "
                          "user, as the default does; change it to use a mirror.")},
          {"resources", resources()},
          {"theme", theme("The page's colours: light, dark, or auto to follow the reader's "
                          "system setting (prefers-color-scheme).")},
          {"ingress", ingress("Serve the page outside the cluster through the Ingress NAME-site. "
                              "Without it the page is served only inside the cluster, by the "
                              "Service NAME-site (port 80).")},
      });
}

Schema status_object(Schema conditions, std::initializer_list<Property> observations,
                     std::string_view url, std::string_view thing) {
  Schema status = object(
      "What the operator last observed and did. Written by the operator; not to be edited.",
      {
          {"observedGeneration", counter("The metadata.generation the operator last acted on. "
                                         "When it is behind metadata.generation, the rest of the "
                                         "status describes an older spec.")},
          {"conditions", std::move(conditions)},
      });
  Schema& properties = status["properties"];
  for (const auto& [name, property] : observations)
    properties[std::string(name)] = property;
  properties["url"] = text(url, limits::kUrlMax);
  properties["contentHash"] = text(
      "The SHA-256 of the rendered content, in hex. It changes "
      "exactly when the " +
          std::string(thing) + "'s files change.",
      kContentHashLength);
  properties["readyReplicas"] = counter("How many nginx pods are ready, from the Deployment.");
  return status;
}

Schema status_schema() {
  return status_object(
      conditions("The latest observations of the list, one per type. Ready: the page is "
                 "rendered and served by at least one ready pod (with site.enabled false, "
                 "rendered is enough). Rendered: the content ConfigMap is up to date. "
                 "Available: the nginx Deployment is available.",
                 "One aspect of the list's state, in the standard shape of metav1.Condition.",
                 "Why it last changed, as a CamelCase word: Rendered, InvalidSpec, "
                 "ContentTooLarge, Progressing, Available, SiteDisabled or ApiError.",
                 "What happened, for people. For InvalidSpec it names each offending field by "
                 "its path, e.g. spec.sections[2].entries[0].url."),
      {
          {"entryCount", counter("How many entries the sections hold together.")},
          {"sectionCount", counter("How many sections the list has.")},
      },
      "Where the page is served: the Ingress URL when site.ingress is set, otherwise "
      "http://NAME-site.NAMESPACE.svc inside the cluster.",
      "page");
}

}  // namespace rl::model::crd_detail
