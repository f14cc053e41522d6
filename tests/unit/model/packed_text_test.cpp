// PackedText: what goes in comes out, byte for byte, whatever the text; a large document is
// stored in far fewer bytes, and a text that does not compress costs one byte more.
#include "readinglist/model/packed_text.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "../read_file.hpp"

namespace rl::model {
namespace {

TEST(PackedText, TheEmptyTextIsEmpty) {
  TextPacker packer;
  EXPECT_TRUE(PackedText().empty());
  EXPECT_EQ(PackedText().unpack(), "");
  EXPECT_TRUE(packer.pack("").empty());
  EXPECT_EQ(packer.pack(""), PackedText());
}

TEST(PackedText, ALargeDocumentComesBackWholeInAboutHalfItsBytes) {
  TextPacker packer;
  const std::string text =
      testing::read_file(RL_SOURCE_DIR "/examples/five-years-of-cloud-native-rust.yaml");
  ASSERT_GT(text.size(), 4000U);
  const PackedText packed = packer.pack(text);
  EXPECT_EQ(packed.unpack(), text);
  EXPECT_LT(packed.packed_bytes(), text.size() / 2);
}

TEST(PackedText, ShortAndIncompressibleTextsAreKeptAsTheyAreAtOneByteMore) {
  TextPacker packer;
  for (const std::string& text :
       {std::string("{}"), std::string("x"), std::string("\0\xff\n", 3)}) {
    const PackedText packed = packer.pack(text);
    EXPECT_EQ(packed.unpack(), text);
    EXPECT_EQ(packed.packed_bytes(), text.size() + 1);
  }
  std::string noise;
  unsigned state = 12345;
  for (int i = 0; i < 4096; ++i) {
    state = state * 1103515245U + 12345U;
    noise += static_cast<char>(state >> 24);
  }
  const PackedText packed = packer.pack(noise);
  EXPECT_EQ(packed.unpack(), noise);
  EXPECT_LE(packed.packed_bytes(), noise.size() + 1);
}

TEST(PackedText, OnePackerPacksManyTextsEachOnItsOwn) {
  TextPacker packer;
  std::vector<std::string> texts;
  std::vector<PackedText> packed;
  for (int i = 0; i < 50; ++i) {
    texts.push_back(
        std::string(static_cast<std::size_t>(100 * i), static_cast<char>('a' + i % 26)) +
        std::to_string(i));
    packed.push_back(packer.pack(texts.back()));
  }
  for (std::size_t i = 0; i < texts.size(); ++i)
    EXPECT_EQ(packed[i].unpack(), texts[i]) << i;
  // The same text packs to the same bytes, so equal texts compare equal.
  EXPECT_EQ(packer.pack(texts[7]), packed[7]);
  EXPECT_NE(packed[7], packed[8]);
}

}  // namespace
}  // namespace rl::model
