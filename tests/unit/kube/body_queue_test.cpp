// The transport's body queue: writes go through at once below the limit, a write that fills it
// waits for the reader, the reader takes everything queued, and a reader that leaves fails the
// writer instead of leaving it waiting.

// gtest before cpprest (in body_queue.hpp), whose macro U breaks gtest's templates.
// clang-format off
#include <gtest/gtest.h>
#include "body_queue.hpp"
// clang-format on

#include <memory>
#include <string>
#include <thread>

namespace rl::kube::detail {
namespace {

class BodyQueueTest : public ::testing::Test {
 protected:
  pplx::task<size_t> write(const std::string& bytes) {
    return buffer_.putn_nocopy(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  }

  static constexpr std::size_t kLimit = 10;
  std::shared_ptr<BodyQueue> queue_ = std::make_shared<BodyQueue>(kLimit);
  concurrency::streams::streambuf<uint8_t> buffer_{queue_};
};

TEST_F(BodyQueueTest, WritesBelowTheLimitCompleteAtOnceAndAreTakenTogether) {
  const std::string first = "abc", second = "def";
  EXPECT_EQ(write(first).get(), 3u) << "completes without a reader";
  EXPECT_EQ(write(second).get(), 3u);
  std::string taken;
  ASSERT_TRUE(queue_->take(taken));
  EXPECT_EQ(taken, "abcdef");
}

TEST_F(BodyQueueTest, AWriteThatFillsTheQueueWaitsForTheReader) {
  const std::string bytes = "0123456789ab";
  auto blocked = write(bytes);
  // Time enough for a write that does not wait (its completion runs on cpprest's pool).
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(blocked.is_done()) << "the socket is not read further until the reader takes";
  std::string taken;
  ASSERT_TRUE(queue_->take(taken));
  EXPECT_EQ(taken, bytes);
  EXPECT_EQ(blocked.get(), bytes.size());
}

TEST_F(BodyQueueTest, TheReaderWaitsForBytesAndSeesTheEndAfterThem) {
  std::string taken;
  std::jthread writer([this] {
    const std::string bytes = "late";
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    write(bytes).wait();
    queue_->end();
  });
  ASSERT_TRUE(queue_->take(taken));
  EXPECT_EQ(taken, "late");
  writer.join();
  EXPECT_FALSE(queue_->take(taken));
  EXPECT_TRUE(taken.empty());
}

TEST_F(BodyQueueTest, AReaderThatLeavesFailsTheWaitingWriteAndEveryLaterOne) {
  const std::string bytes = "0123456789ab";
  auto blocked = write(bytes);
  queue_->close();
  EXPECT_ANY_THROW(blocked.get());
  const std::string more = "x";
  EXPECT_ANY_THROW(write(more).get());
}

}  // namespace
}  // namespace rl::kube::detail
