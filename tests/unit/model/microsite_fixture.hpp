// Microsites for the model tests, built as C++ values: one with every field set and valid, and
// the smallest valid one.
#pragma once

#include "readinglist/model/microsite.hpp"

namespace rl::model::testing {

// Every field set, every value valid: a conference site picking its talks' lists by label.
inline Microsite valid_microsite() {
  Microsite site;
  site.metadata.name = "kubecon-2024";
  site.metadata.namespace_ = "talks";
  site.metadata.labels = {{"app.kubernetes.io/part-of", "kubecon"}};

  MicrositeSpec& spec = site.spec;
  spec.title = "KubeCon + CloudNativeCon Europe 2024";
  spec.description = "Reading lists for the talks of **Paris**.\n\nOne per talk.";
  spec.language = "en-GB";

  EventSpec& event = spec.event.emplace();
  event.name = "KubeCon + CloudNativeCon Europe 2024";
  event.url = "https://events.linuxfoundation.org/kubecon-cloudnativecon-europe/";
  event.start_date = "2024-03-19";
  event.end_date = "2024-03-22";
  event.location = "Paris, France";

  LabelSelector& selector = spec.selector.emplace();
  selector.match_labels = {{"readinglist.dev/event", "kubecon-eu-2024"}};
  LabelSelectorRequirement track;
  track.key = "track";
  track.operator_ = "In";
  track.values = {"rust", "networking"};
  LabelSelectorRequirement draft;
  draft.key = "example.com/draft";
  draft.operator_ = "DoesNotExist";
  selector.match_expressions = {track, draft};

  MicrositeOrder& order = spec.order.emplace();
  order.by = MicrositeOrderBy::Names;
  order.names = {"keynote", "cloud-native-rust"};

  spec.theme = Theme::Dark;

  MicrositeSiteSpec& serving = spec.site.emplace();
  serving.replicas = 2;
  serving.image = "registry.example.com:5000/nginx-unprivileged:1.27-alpine";
  serving.resources = ResourceRequirements{};
  serving.resources->limits = {{"cpu", "100m"}, {"memory", "64Mi"}};
  serving.resources->requests = {{"cpu", "0.05"}};
  IngressSpec& ingress = serving.ingress.emplace();
  ingress.host = "kubecon.example.com";
  ingress.path = "/eu-2024";
  ingress.class_name = "nginx";
  ingress.tls_secret_name = "kubecon-tls";
  ingress.annotations = {{"cert-manager.io/cluster-issuer", "letsencrypt"}};
  return site;
}

// A name and a title: every other field has its default.
inline Microsite minimal_microsite() {
  Microsite site;
  site.metadata.name = "minimal";
  site.spec.title = "Minimal";
  return site;
}

}  // namespace rl::model::testing
