#include "readinglist/kube/watch_decoder.hpp"

#include <gtest/gtest.h>

namespace rl::kube {
namespace {

const std::string kAdded =
    R"({"type":"ADDED","object":{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"a","namespace":"ns","resourceVersion":"10596"},"data":{"k":"v"}}})"
    "\n";
const std::string kBookmark =
    R"({"type":"BOOKMARK","object":{"kind":"ConfigMap","apiVersion":"v1","metadata":{"resourceVersion":"12746","creationTimestamp":null}}})"
    "\n";
const std::string kError =
    R"json({"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 1 (2)","reason":"Expired","code":410}})json"
    "\n";

TEST(WatchDecoder, DecodesSeveralEventsInOnePiece) {
  WatchDecoder decoder;
  std::vector<WatchEvent> events;
  ASSERT_TRUE(decoder.feed(kAdded + kBookmark + kError, events));
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].type, WatchEventType::Added);
  EXPECT_EQ(events[0].resource_version(), "10596");
  EXPECT_EQ(events[0].object["data"]["k"], "v");
  EXPECT_EQ(events[1].type, WatchEventType::Bookmark);
  EXPECT_EQ(events[1].resource_version(), "12746");
  EXPECT_EQ(events[2].type, WatchEventType::Error);
  EXPECT_EQ(events[2].object["code"], 410);
  EXPECT_TRUE(decoder.finish());
}

TEST(WatchDecoder, JoinsAnEventSplitAcrossEveryPossibleBoundary) {
  const std::string stream = kAdded + kBookmark;
  for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
    WatchDecoder decoder;
    std::vector<WatchEvent> events;
    ASSERT_TRUE(decoder.feed(std::string_view(stream).substr(0, cut), events));
    ASSERT_TRUE(decoder.feed(std::string_view(stream).substr(cut), events));
    ASSERT_EQ(events.size(), 2u) << "cut at " << cut;
    EXPECT_EQ(events[1].resource_version(), "12746");
  }
}

TEST(WatchDecoder, AcceptsOneByteAtATime) {
  WatchDecoder decoder;
  std::vector<WatchEvent> events;
  for (const char c : kAdded)
    ASSERT_TRUE(decoder.feed(std::string_view(&c, 1), events));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(decoder.buffered_bytes(), 0u);
}

TEST(WatchDecoder, HandlesVeryLongLines) {
  const std::string big(3 * 1024 * 1024, 'x');
  const std::string line =
      R"({"type":"MODIFIED","object":{"metadata":{"resourceVersion":"5"},"data":{"big":")" + big +
      "\"}}}\n";
  WatchDecoder decoder;
  std::vector<WatchEvent> events;
  for (std::size_t at = 0; at < line.size(); at += 65536) {
    ASSERT_TRUE(decoder.feed(std::string_view(line).substr(at, 65536), events));
  }
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].object["data"]["big"].get_ref<const std::string&>().size(), big.size());
}

TEST(WatchDecoder, RefusesALineOverTheLimitWithAClearError) {
  WatchDecoder decoder(1024);
  std::vector<WatchEvent> events;
  const auto r = decoder.feed(std::string(2000, 'x'), events);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::Decode);
  EXPECT_NE(r.error().message.find("longer than 1024 bytes"), std::string::npos);
  EXPECT_EQ(decoder.buffered_bytes(), 0u);
  EXPECT_FALSE(decoder.feed(kAdded, events));
}

TEST(WatchDecoder, LimitAppliesToLinesBuiltFromSeveralPieces) {
  WatchDecoder decoder(1024);
  std::vector<WatchEvent> events;
  ASSERT_TRUE(decoder.feed(std::string(1000, ' '), events));
  EXPECT_FALSE(decoder.feed(std::string(100, ' ') + "\n", events));
}

TEST(WatchDecoder, TruncatedEventAtEndOfStreamIsAnErrorAndNotDelivered) {
  WatchDecoder decoder;
  std::vector<WatchEvent> events;
  ASSERT_TRUE(decoder.feed(kAdded + kBookmark.substr(0, 30), events));
  EXPECT_EQ(events.size(), 1u);
  const auto end = decoder.finish();
  ASSERT_FALSE(end);
  EXPECT_EQ(end.error().kind, ErrorKind::Transport);
}

TEST(WatchDecoder, SkipsBlankLinesAndCarriageReturns) {
  WatchDecoder decoder;
  std::vector<WatchEvent> events;
  std::string crlf = kAdded;
  crlf.insert(crlf.size() - 1, "\r");
  ASSERT_TRUE(decoder.feed("\n  \n" + crlf + "\r\n", events));
  EXPECT_EQ(events.size(), 1u);
  EXPECT_TRUE(decoder.finish());
}

TEST(WatchDecoder, MalformedJsonFailsTheStream) {
  WatchDecoder decoder;
  std::vector<WatchEvent> events;
  const auto r = decoder.feed("{\"type\":\"ADDED\",\"object\":{\n", events);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::Decode);
}

TEST(ParseWatchLine, UnknownTypeIsAnError) {
  const auto r = parse_watch_line(R"({"type":"SYNC","object":{}})");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("invalid watch event type"), std::string::npos);
}

TEST(ParseWatchLine, MissingObjectIsAnError) {
  EXPECT_FALSE(parse_watch_line(R"({"type":"ADDED"})"));
  EXPECT_FALSE(parse_watch_line(R"({"object":{}})"));
  EXPECT_FALSE(parse_watch_line(R"([1,2])"));
}

TEST(WatchEvent, ResourceVersionIsEmptyWhenAbsentOrNotAString) {
  WatchEvent e;
  e.object = nlohmann::json::parse(R"({"metadata":{"resourceVersion":5}})");
  EXPECT_EQ(e.resource_version(), "");
  e.object = nlohmann::json::object();
  EXPECT_EQ(e.resource_version(), "");
}

const std::string kList =
    R"({"type":"MODIFIED","object":{"apiVersion":"readinglist.dev/v1alpha1","kind":"ReadingList",)"
    R"("metadata":{"name":"talk","resourceVersion":"7"},)"
    R"("spec":{"title":"T \"q\" }","sections":[{"entries":[]}]},"status":{"entryCount":0}}})";

TEST(WatchDecoder, AnUnparsedFieldComesAsItsTextAndTheRestParsed) {
  WatchDecoder decoder(WatchDecoder::kDefaultMaxLineBytes, "spec");
  std::vector<WatchEvent> events;
  ASSERT_TRUE(decoder.feed(kList + "\n" + kAdded + kBookmark, events));
  ASSERT_EQ(events.size(), 3u);
  const auto& list = events[0].object;
  EXPECT_EQ(events[0].resource_version(), "7");
  EXPECT_EQ(list["status"]["entryCount"], 0);
  const auto text = json_text_of(list["spec"]);
  ASSERT_TRUE(text);
  EXPECT_EQ(*text, R"({"title":"T \"q\" }","sections":[{"entries":[]}]})");
  EXPECT_EQ(nlohmann::json::parse(*text), nlohmann::json::parse(kList)["object"]["spec"]);
  // Objects without the field are parsed whole.
  EXPECT_EQ(events[1].object["data"]["k"], "v");
  EXPECT_EQ(events[2].resource_version(), "12746");
}

TEST(WatchDecoder, AFieldThatIsNotAnObjectIsParsedAsUsual) {
  for (const std::string_view spec : {"\"text\"", "[1,2]", "null", "3"}) {
    const auto event =
        parse_watch_line(R"({"type":"ADDED","object":{"spec":)" + std::string(spec) + "}}", "spec");
    ASSERT_TRUE(event) << spec;
    EXPECT_FALSE(json_text_of(event->object["spec"])) << spec;
    EXPECT_EQ(event->object["spec"], nlohmann::json::parse(spec));
  }
}

TEST(WatchDecoder, AnUnparsedFieldLeavesBrokenEventsBroken) {
  // What the whole parse rejects is rejected the same way, whatever the span finder made of it.
  for (const std::string& line : {std::string(R"({"type":"ADDED","object":{"spec":{},"x":}})"),
                                  std::string(R"({"type":"ADDED","object":{"spec":{"a":[}}})"),
                                  std::string(R"({"type":"ADDED","object":{"spec":{}})")}) {
    EXPECT_FALSE(parse_watch_line(line, "spec")) << line;
  }
  EXPECT_FALSE(parse_watch_line(R"({"type":"NOPE","object":{"spec":{}}})", "spec"));
}

TEST(WatchDecoder, OnlyTextMadeByJsonTextValueIsJsonText) {
  EXPECT_EQ(json_text_of(json_text_value(R"({"a":1})")), R"({"a":1})");
  EXPECT_FALSE(json_text_of(nlohmann::json(R"({"a":1})")));
  EXPECT_FALSE(json_text_of(nlohmann::json::binary({'{', '}'})));
  EXPECT_FALSE(json_text_of(nlohmann::json::binary({'{', '}'}, 7)));
}

}  // namespace
}  // namespace rl::kube
