// find_member_value: the exact bytes of json[outer][inner] however the text around it is
// written, and nothing (so the caller parses everything) where the structure is not as asked.
#include "json_member_span.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace rl::kube::detail {
namespace {

std::optional<std::string> member(std::string_view json) {
  const auto span = find_member_value(json, "object", "spec");
  if (!span) return std::nullopt;
  return std::string(json.substr(span->begin, span->end - span->begin));
}

TEST(FindMemberValue, FindsTheValueBehindMembersOfEveryKind) {
  const std::string event =
      R"({"type":"ADDED","object":{"apiVersion":"v1","n":-1.5e3,"t":true,"z":null,)"
      R"("a":[1,[2,{"spec":3}],"]}\"{"],"metadata":{"name":"x","spec":"no"},)"
      R"("spec":{"title":"a \"quoted\" } brace","list":[{"x":[]},{}],"u":"\u00e9"},"status":{}}})";
  const auto spec = member(event);
  ASSERT_TRUE(spec);
  EXPECT_EQ(*spec, R"({"title":"a \"quoted\" } brace","list":[{"x":[]},{}],"u":"\u00e9"})");
  EXPECT_EQ(nlohmann::json::parse(event)["object"]["spec"], nlohmann::json::parse(*spec));
}

TEST(FindMemberValue, AllowsWhitespaceAnywhereJsonDoes) {
  const std::string event =
      " {\n \"type\" : \"ADDED\" ,\r\n\t\"object\" : { \"kind\" : \"K\" ,"
      " \"spec\" :\n { \"a\" : [ 1 , 2 ] } \n } } ";
  EXPECT_EQ(member(event), R"({ "a" : [ 1 , 2 ] })");
}

TEST(FindMemberValue, ScalarsAndStringsAreValuesToo) {
  EXPECT_EQ(member(R"({"object":{"spec":"text, with } and ]"}})"), R"("text, with } and ]")");
  EXPECT_EQ(member(R"({"object":{"spec":42}})"), "42");
  EXPECT_EQ(member(R"({"object":{"spec":null }})"), "null");
}

TEST(FindMemberValue, FindsNothingWhereTheStructureIsNotAsAsked) {
  for (const std::string_view json : {
           R"({"object":{"kind":"K"}})",                  // no spec
           R"({"type":"ADDED"})",                         // no object
           R"({"object":[{"spec":{}}]})",                 // object is not an object
           R"(["object",{"spec":{}}])",                   // not an object at all
           R"({"object":{"sp\u0065c":{}}})",              // an escaped name is not matched
           R"({"object":{"a":[1,2},"spec":{}}})",         // mismatched brackets before it
           R"({"object":{"a":"unclosed,"spec":{}}})",     // an unclosed string swallows it
           R"({"object":{"spec":{"a":[}}})",              // mismatched brackets in it
           R"({"object":{"spec":{"a":1)",                 // cut short
           R"({"object":{"a" 1,"spec":{}}})",             // no colon
           R"({"object":{"spec":{"a":1},"spec":{}}})",    // twice: a parser keeps the last
           R"({"object":{"spec":{}},"object":{}})",       // the object twice
           R"({"object":{"spec":{},"x":[}}})",            // broken after it
           R"({"object":{"a":1 "spec":{}}})",             // no comma
           R"({"object":{}})", R"({"object":)", "", "{",  // empty and truncated
       }) {
    EXPECT_EQ(member(json), std::nullopt) << json;
  }
}

}  // namespace
}  // namespace rl::kube::detail
