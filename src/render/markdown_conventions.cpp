#include "readinglist/render/markdown_conventions.hpp"

#include <algorithm>
#include <array>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace rl::render {
namespace {

std::string lower_ascii(std::string_view text) {
  std::string out(text);
  std::ranges::transform(out, out.begin(), [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  });
  return out;
}

// Calls `visit` with each run of non-space characters.
template <typename Visit>
void for_each_word(std::string_view text, Visit visit) {
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ')
      ++i;
    const std::size_t start = i;
    while (i < text.size() && text[i] != ' ')
      ++i;
    if (i > start) visit(text.substr(start, i - start));
  }
}

// `lower` is already lower case.
bool iequals_ascii(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if ((c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c) != lower[i]) return false;
  }
  return true;
}

// Lower-case words that belong inside names ("Jan van der Berg", "Ana de la Cruz").
constexpr std::array<std::string_view, 14> kParticles = {
    "van", "von", "der", "den", "de", "da", "di", "du", "la", "le", "del", "dos", "bin", "al",
};

// Words that name an organisation, not a person.
constexpr std::array<std::string_view, 24> kOrganisationWords = {
    "team",    "inc",      "inc.",       "ltd",       "ltd.",  "llc",     "gmbh",     "corp",
    "corp.",   "company",  "university", "institute", "lab",   "labs",    "group",    "foundation",
    "project", "security", "blog",       "press",     "media", "systems", "software", "research",
};

}  // namespace

std::string_view markdown_type_label(model::EntryType type) {
  switch (type) {
    case model::EntryType::BlogPost:
      return "Blog post";
    case model::EntryType::Article:
      return "Article";
    case model::EntryType::Talk:
      return "Talk";
    case model::EntryType::Video:
      return "Video";
    case model::EntryType::Podcast:
      return "Podcast";
    case model::EntryType::Paper:
      return "Paper";
    case model::EntryType::Book:
      return "Book";
    case model::EntryType::Website:
      return "Website";
    case model::EntryType::Project:
      return "Project";
    case model::EntryType::Collection:
      return "Collection";
  }
  return "Website";
}

std::optional<model::EntryType> entry_type_from_label(std::string_view label) {
  using model::EntryType;
  static constexpr std::array<std::pair<std::string_view, EntryType>, 24> kLabels = {{
      {"blog post", EntryType::BlogPost},
      {"blog", EntryType::BlogPost},
      {"post", EntryType::BlogPost},
      {"blogpost", EntryType::BlogPost},
      {"article", EntryType::Article},
      {"essay", EntryType::Article},
      {"talk", EntryType::Talk},
      {"keynote", EntryType::Talk},
      {"presentation", EntryType::Talk},
      {"video", EntryType::Video},
      {"podcast", EntryType::Podcast},
      {"episode", EntryType::Podcast},
      {"paper", EntryType::Paper},
      {"whitepaper", EntryType::Paper},
      {"book", EntryType::Book},
      {"website", EntryType::Website},
      {"web site", EntryType::Website},
      {"site", EntryType::Website},
      {"project", EntryType::Project},
      {"repository", EntryType::Project},
      {"repo", EntryType::Project},
      {"library", EntryType::Project},
      {"collection", EntryType::Collection},
      {"open source projects", EntryType::Collection},
  }};
  const std::string wanted = lower_ascii(label);
  for (const auto& [name, type] : kLabels) {
    if (name == wanted) return type;
  }
  return std::nullopt;
}

bool looks_like_person_name(std::string_view text) {
  // Called for every affiliation readinglist.md writes: the words are views, and compared
  // without copies.
  std::array<std::string_view, 6> words;
  std::size_t count = 0;
  for_each_word(text, [&](std::string_view word) {
    if (count < words.size()) words[count] = word;
    ++count;
  });
  if (count < 2 || count > 5) return false;
  for (const auto word : std::span(words.data(), count)) {
    if (word.find_first_of("0123456789&@/:;!?()[]\"") != std::string_view::npos) return false;
    const auto is_word = [word](std::string_view organisation) {
      return iequals_ascii(word, organisation);
    };
    if (std::ranges::any_of(kOrganisationWords, is_word)) return false;
    if (std::ranges::find(kParticles, word) != kParticles.end()) continue;
    const auto first = static_cast<unsigned char>(word.front());
    // Non-ASCII first bytes ("Ángel", "Łukasz") count as capitals: we cannot case-fold them
    // without a Unicode table, and a lower-case non-ASCII initial is rare in names.
    if (!((first >= 'A' && first <= 'Z') || first >= 0x80)) return false;
  }
  return words.front() != "The";
}

std::string join_non_empty(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (const auto& part : parts) {
    if (part.empty()) continue;
    if (!out.empty()) out += separator;
    out += part;
  }
  return out;
}

}  // namespace rl::render
