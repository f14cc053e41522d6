// Private to the transport (it includes cpprest): the bytes of a streamed response body on
// their way from cpprest's I/O thread to the reading thread, at most `limit` of them at a time.
//
// cpprest's own body buffer has no limit: it reads the socket as fast as the network allows
// and keeps every chunk until the reader asks for it. While a watch's initial events were
// decoded it grew to 10 MB for 1,000 lists, and the freed blocks stayed in the heap among the
// cached objects. Here a write that fills the queue completes only once the reader has taken
// the bytes, so the socket is read at most `limit` ahead of the decoder (as client-go's reader
// stops reading while it decodes), and the reader takes everything queued at once.
#pragma once

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wpedantic"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include <cpprest/producerconsumerstream.h>
#pragma GCC diagnostic pop

#include <condition_variable>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>

namespace rl::kube::detail {

class BodyQueue final
    : public concurrency::streams::details::basic_producer_consumer_buffer<uint8_t> {
 public:
  explicit BodyQueue(std::size_t limit)
      : basic_producer_consumer_buffer<uint8_t>(kUnusedBlockSize), limit_(limit) {}

  // Reader: swaps what is queued into `out` (cleared first); false once the body has ended and
  // nothing is left. Blocks while the queue is empty and the body goes on.
  bool take(std::string& out) {
    std::optional<pplx::task_completion_event<size_t>> writer;
    {
      std::unique_lock lock(mutex_);
      readable_.wait(lock, [this] { return !queued_.empty() || ended_; });
      out.clear();
      out.swap(queued_);
      writer.swap(blocked_writer_);
    }
    if (writer) writer->set(blocked_count_);
    return !out.empty();
  }

  // cpprest: the body is complete, cleanly or not (content_ready() says which).
  void end() {
    std::lock_guard lock(mutex_);
    ended_ = true;
    readable_.notify_all();
  }

  // Reader: it takes nothing more. A write waiting for room fails, which ends the request.
  void close() {
    std::optional<pplx::task_completion_event<size_t>> writer;
    {
      std::lock_guard lock(mutex_);
      closed_ = true;
      writer.swap(blocked_writer_);
      queued_.clear();
    }
    if (writer) writer->set_exception(std::make_exception_ptr(reader_gone()));
  }

 private:
  // The base class's blocks are never used: _putn below takes every write.
  static constexpr std::size_t kUnusedBlockSize = 512;

  static std::runtime_error reader_gone() {
    return std::runtime_error("the reader stopped reading the body");
  }

  pplx::task<size_t> _putn(const uint8_t* ptr, size_t count) override {
    std::lock_guard lock(mutex_);
    if (closed_) return pplx::task_from_exception<size_t>(std::make_exception_ptr(reader_gone()));
    queued_.append(reinterpret_cast<const char*>(ptr), count);
    readable_.notify_one();
    if (queued_.size() < limit_) return pplx::task_from_result<size_t>(count);
    // cpprest reads the next chunk when this completes: when the reader has taken the queue.
    blocked_writer_.emplace();
    blocked_count_ = count;
    return pplx::create_task(*blocked_writer_);
  }

  const std::size_t limit_;
  std::mutex mutex_;
  std::condition_variable readable_;
  std::string queued_;
  std::optional<pplx::task_completion_event<size_t>> blocked_writer_;
  size_t blocked_count_ = 0;
  bool ended_ = false;
  bool closed_ = false;
};

}  // namespace rl::kube::detail
