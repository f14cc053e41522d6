// Private to the importer: walks the top-level blocks of a cmark document and builds the spec:
// title and subtitle, introduction, talk, epigraph, sections, entries and their items.
#pragma once

#include <cmark.h>

#include <string>
#include <string_view>
#include <vector>

#include "front_matter.hpp"
#include "inline_text.hpp"
#include "readinglist/model/types.hpp"

namespace rl::import::detail {

class DocumentReader {
 public:
  DocumentReader(std::string_view body, const FrontMatter& front_matter);
  model::ReadingListSpec read(cmark_node* document);

 private:
  struct SectionDraft {
    model::Section section;
    std::vector<std::string> description;
  };

  // The block's Markdown as written, its indentation (inside a list item) removed.
  std::string source_of(cmark_node* block) const;
  void read_heading(cmark_node* heading);
  void read_paragraph(cmark_node* paragraph);
  void read_block_quote(cmark_node* quote);
  void read_list(cmark_node* list);
  void read_list_item(cmark_node* item);
  void read_talk(const InlineText& intro);
  void add_entry(model::Entry entry);
  void add_text(std::string markdown);
  model::ReadingListSpec finish();

  std::vector<std::string_view> lines_;
  const FrontMatter& front_matter_;
  cmark_node* title_heading_ = nullptr;
  cmark_node* previous_block_ = nullptr;
  bool title_read_ = false;
  model::ReadingListSpec spec_;
  std::vector<std::string> description_;
  std::vector<SectionDraft> sections_;
  bool in_sections_ = false;   // a section heading has been seen
  bool talk_is_mine_ = false;  // "my talk": the post's author is its speaker
};

}  // namespace rl::import::detail
