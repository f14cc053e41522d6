// Every size and count limit of the ReadingList and Microsite APIs, in one place. The validator and
// the CRD schema generator both read these, so the two can never disagree (a test compares the CRD
// in crds/ with the one generated from here).
#pragma once

#include <cstddef>
#include <cstdint>

namespace rl::model::limits {

inline constexpr std::size_t kKiB = 1024;

// spec
inline constexpr std::size_t kTitleMax = 200;
inline constexpr std::size_t kSubtitleMax = 200;
inline constexpr std::size_t kDescriptionMax = 16 * kKiB;  // CommonMark
inline constexpr std::size_t kLanguageMax = 35;  // BCP 47 tags longer than this are not real
inline constexpr std::size_t kSectionsMin = 1;
inline constexpr std::size_t kSectionsMax = 100;

// talk
inline constexpr std::size_t kTalkTitleMax = 300;
inline constexpr std::size_t kEventMax = 200;
inline constexpr std::size_t kSpeakersMax = 20;

// epigraph
inline constexpr std::size_t kEpigraphTextMax = 2 * kKiB;

// section
inline constexpr std::size_t kSectionTitleMax = 200;
inline constexpr std::size_t kSectionDescriptionMax = 4 * kKiB;
inline constexpr std::size_t kEntriesMin = 1;
inline constexpr std::size_t kEntriesMax = 500;

// entry
inline constexpr std::size_t kEntryTitleMax = 300;
inline constexpr std::size_t kUrlMax = 2048;
inline constexpr std::size_t kAuthorsMax = 50;
inline constexpr std::size_t kSourceNameMax = 200;
inline constexpr std::size_t kNoteMax = 4 * kKiB;
inline constexpr std::size_t kItemsMax = 200;

// item
inline constexpr std::size_t kItemTitleMax = 300;
inline constexpr std::size_t kItemDescriptionMax = 500;

// person
inline constexpr std::size_t kPersonNameMax = 200;
inline constexpr std::size_t kAffiliationMax = 200;
inline constexpr std::size_t kHandleMax = 100;

// site
inline constexpr std::int64_t kReplicasMin = 0;
inline constexpr std::int64_t kReplicasMax = 10;
inline constexpr std::size_t kImageMax = 512;
inline constexpr std::size_t kHostMax = 253;
inline constexpr std::size_t kPathMax = 1024;
inline constexpr std::size_t kIngressClassNameMax = 253;
inline constexpr std::size_t kTlsSecretNameMax = 253;

// metadata.name of a ReadingList: a DNS-1123 label short enough that "NAME-site" is still a
// valid Service name (DNS-1035, 63 characters).
inline constexpr std::size_t kNameMax = 58;

// Microsite: what it shares with a ReadingList (title, description, language, site) uses the
// limits above; its metadata.name leaves room for "-microsite" in a DNS-1035 Service name.
inline constexpr std::size_t kMicrositeNameMax = 53;
inline constexpr std::size_t kEventNameMax = kEventMax;
inline constexpr std::size_t kLocationMax = 200;
// Bounds that keep the CRD's CEL rules within the API server's cost budget; a conference needs
// far fewer.
inline constexpr std::size_t kMatchLabelsMax = 32;
inline constexpr std::size_t kMatchExpressionsMax = 32;
inline constexpr std::size_t kMatchValuesMax = 64;
inline constexpr std::size_t kOrderNamesMax = 500;
// Kubernetes' own: a label value, the name part of a qualified name, and its DNS prefix.
inline constexpr std::size_t kLabelValueMax = 63;
inline constexpr std::size_t kQualifiedNameMax = 63;
inline constexpr std::size_t kLabelPrefixMax = 253;
inline constexpr std::size_t kLabelKeyMax = kLabelPrefixMax + 1 + kQualifiedNameMax;
inline constexpr std::size_t kObjectNameMax = 253;

// The content ConfigMap must fit the API server's object limit (sum of data values, 1 MiB).
// We keep headroom for metadata so the whole object stays under it.
inline constexpr std::size_t kConfigMapDataMax = 1024 * kKiB;
inline constexpr std::size_t kContentMax = kConfigMapDataMax - 16 * kKiB;

// Parser safety: bound what a hostile YAML document can make us build.
inline constexpr std::size_t kMaxDocumentBytes = 8 * 1024 * kKiB;
inline constexpr std::size_t kMaxYamlNodes = 1'000'000;
inline constexpr std::size_t kMaxYamlDepth = 64;

}  // namespace rl::model::limits
