// Putting the content files together: the file set, the content hash and the size limit that
// keeps the content ConfigMap under the API server's object limit.
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <stdexcept>

#include "list_markdown.hpp"
#include "readinglist/model/limits.hpp"
#include "readinglist/model/validate.hpp"
#include "readinglist/render/files.hpp"
#include "readinglist/render/render.hpp"

namespace rl::render {
namespace {

struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};

// A length prefix makes the hashed byte stream unambiguous: ("ab", "c") and ("a", "bc") differ.
void update_with_length_prefixed(EVP_MD_CTX* ctx, std::string_view bytes) {
  std::array<unsigned char, 8> length{};
  auto size = static_cast<std::uint64_t>(bytes.size());
  for (std::size_t i = 0; i < length.size(); ++i) {
    length[length.size() - 1 - i] = static_cast<unsigned char>(size & 0xffU);
    size >>= 8U;
  }
  if (EVP_DigestUpdate(ctx, length.data(), length.size()) != 1 ||
      EVP_DigestUpdate(ctx, bytes.data(), bytes.size()) != 1) {
    throw std::runtime_error("EVP_DigestUpdate failed");
  }
}

}  // namespace

std::size_t Content::total_bytes() const {
  // Keys count towards the ConfigMap's size as well as the values.
  std::size_t total = 0;
  for (const auto& file : files)
    total += file.name.size() + file.data.size();
  return total;
}

std::string Content::hash() const {
  std::vector<const ContentFile*> ordered;
  ordered.reserve(files.size());
  for (const auto& file : files)
    ordered.push_back(&file);
  std::ranges::sort(ordered, {},
                    [](const ContentFile* file) -> const std::string& { return file->name; });

  // A failing digest means a broken OpenSSL installation, not bad input: a programmer error.
  std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("cannot initialise sha256");
  }
  for (const ContentFile* file : ordered) {
    update_with_length_prefixed(ctx.get(), file->name);
    update_with_length_prefixed(ctx.get(), file->data);
  }
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int digest_size = 0;
  if (EVP_DigestFinal_ex(ctx.get(), digest.data(), &digest_size) != 1) {
    throw std::runtime_error("EVP_DigestFinal_ex failed");
  }

  static constexpr std::string_view kHex = "0123456789abcdef";
  std::string hex;
  hex.reserve(digest_size * 2U);
  for (unsigned int i = 0; i < digest_size; ++i) {
    hex.push_back(kHex[digest[i] >> 4U]);
    hex.push_back(kHex[digest[i] & 0x0fU]);
  }
  return hex;
}

const ContentFile* Content::find(std::string_view name) const {
  auto it = std::ranges::find(files, name, &ContentFile::name);
  return it == files.end() ? nullptr : &*it;
}

Content render(const model::ReadingList& list) {
  // emplace_back moves each file in; an initializer list would copy megabytes of text.
  Content content;
  content.files.reserve(6);
  // The page and the feed both show every note: parse each once for the two.
  const detail::ListMarkdown markdown = detail::render_list_markdown(list.spec);
  content.files.emplace_back("feed.xml", detail::render_feed_xml(list, markdown));
  content.files.emplace_back("index.html", detail::render_index_html(list, markdown));
  content.files.emplace_back("nginx.conf", render_nginx_conf(list));
  content.files.emplace_back("readinglist.json", render_readinglist_json(list));
  content.files.emplace_back("readinglist.md", render_readinglist_md(list));
  content.files.emplace_back("style.css",
                             render_style_css(list.spec.effective_site().effective_theme()));
  std::ranges::sort(content.files, {}, &ContentFile::name);
  return content;
}

std::expected<Content, std::vector<model::FieldError>> render_checked(
    const model::ReadingList& list) {
  if (auto errors = model::validate(list); !errors.empty()) {
    return std::unexpected(std::move(errors));
  }
  Content content = render(list);
  if (const std::size_t size = content.total_bytes(); size > model::limits::kContentMax) {
    return std::unexpected(std::vector<model::FieldError>{{
        "spec",
        "rendered content is " + std::to_string(size) + " bytes, over the limit of " +
            std::to_string(model::limits::kContentMax) +
            " bytes (the content ConfigMap must fit in 1 MiB)",
    }});
  }
  return content;
}

}  // namespace rl::render
