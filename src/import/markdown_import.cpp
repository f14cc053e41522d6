#include "readinglist/import/markdown_import.hpp"

#include <cmark.h>

#include <memory>

#include "document_reader.hpp"
#include "front_matter.hpp"
#include "input_check.hpp"
#include "readinglist/model/limits.hpp"
#include "readinglist/model/validate.hpp"

namespace rl::import {
namespace {

struct NodeDeleter {
  void operator()(cmark_node* node) const { cmark_node_free(node); }
};

}  // namespace

std::string ImportError::to_string() const {
  if (fields.empty()) return message;
  std::string out = message;
  for (const auto& field : fields) {
    if (!out.empty()) out += "\n";
    out += field.to_string();
  }
  return out;
}

std::string name_from_text(std::string_view text) {
  std::string name;
  for (const char c : text) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (alnum) {
      name += c;
    } else if (c >= 'A' && c <= 'Z') {
      name += static_cast<char>(c - 'A' + 'a');
    } else if (!name.empty() && name.back() != '-') {
      name += '-';
    }
    if (name.size() >= model::limits::kNameMax) break;
  }
  while (!name.empty() && name.back() == '-')
    name.pop_back();
  return name.empty() ? "reading-list" : name;
}

std::expected<model::ReadingList, ImportError> import_markdown(std::string_view markdown,
                                                               const ImportOptions& options) {
  if (auto problem = detail::input_problem(markdown, kMaxMarkdownBytes)) {
    return std::unexpected(ImportError{*problem, {}});
  }
  if (markdown.starts_with("\xEF\xBB\xBF")) markdown.remove_prefix(3);  // a BOM is not text
  auto split = detail::split_front_matter(markdown);
  if (!split) return std::unexpected(ImportError{split.error(), {}});

  // Safe mode, no smart punctuation: quotes and dashes stay as the author typed them.
  std::unique_ptr<cmark_node, NodeDeleter> document(
      cmark_parse_document(split->body.data(), split->body.size(), CMARK_OPT_DEFAULT));
  if (!document) return std::unexpected(ImportError{"cannot parse the Markdown", {}});

  model::ReadingList list;
  list.spec = detail::DocumentReader(split->body, split->front_matter).read(document.get());
  list.metadata.name = options.name.empty() ? name_from_text(list.spec.title) : options.name;
  list.metadata.namespace_ = options.namespace_;
  if (auto problems = model::validate(list); !problems.empty()) {
    return std::unexpected(ImportError{
        "the list read from the document is not a valid ReadingList:", std::move(problems)});
  }
  return list;
}

}  // namespace rl::import
