#include "readinglist/kube/status_error.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace rl::kube {
namespace {

TEST(StatusError, NotFoundStatusIsAMissingObject) {
  const auto e = error_from_response(404, R"({"kind":"Status","apiVersion":"v1","metadata":{},
    "status":"Failure","message":"configmaps \"cm1\" not found","reason":"NotFound",
    "details":{"name":"cm1","kind":"configmaps"},"code":404})");
  EXPECT_EQ(e.kind, ErrorKind::Api);
  EXPECT_EQ(e.code, 404);
  EXPECT_EQ(e.reason, "NotFound");
  EXPECT_EQ(e.message, "configmaps \"cm1\" not found");
  EXPECT_EQ(e.details.name, "cm1");
  EXPECT_EQ(e.details.kind, "configmaps");
  EXPECT_TRUE(e.status_body);
  EXPECT_TRUE(e.is_not_found());
  EXPECT_FALSE(e.is_resource_type_missing());
  EXPECT_FALSE(e.retryable());
}

TEST(StatusError, PlainTextNotFoundMeansTheResourceTypeIsMissing) {
  const auto e = error_from_response(404, "404 page not found\n");
  EXPECT_TRUE(e.is_resource_type_missing());
  EXPECT_FALSE(e.is_not_found());
  EXPECT_EQ(e.reason, "NotFound");
  EXPECT_EQ(e.message, "404 page not found");
}

TEST(StatusError, AlreadyExistsAndConflictAreBoth409ButDistinct) {
  const auto exists = error_from_response(
      409, R"({"kind":"Status","reason":"AlreadyExists","message":"x already exists",
               "details":{"name":"x"},"code":409})");
  EXPECT_TRUE(exists.is_already_exists());
  EXPECT_FALSE(exists.is_conflict());
  const auto conflict = error_from_response(
      409, R"({"kind":"Status","reason":"Conflict","message":"Operation cannot be fulfilled",
               "details":{"name":"x"},"code":409})");
  EXPECT_TRUE(conflict.is_conflict());
  EXPECT_FALSE(conflict.is_already_exists());
  EXPECT_FALSE(conflict.is_field_manager_conflict());
  EXPECT_FALSE(conflict.retryable());
}

TEST(StatusError, ServerSideApplyConflictCarriesFieldManagerCauses) {
  const auto e = error_from_response(409, R"({"kind":"Status","reason":"Conflict",
      "message":"Apply failed with 1 conflict: conflict with \"mgr\": .spec.x",
      "details":{"causes":[{"reason":"FieldManagerConflict","message":"conflict with \"mgr\"",
                            "field":".spec.x"}]},"code":409})");
  EXPECT_TRUE(e.is_field_manager_conflict());
  ASSERT_EQ(e.details.causes.size(), 1u);
  EXPECT_EQ(e.details.causes[0].field, ".spec.x");
}

TEST(StatusError, InvalidKeepsEveryCause) {
  const auto e = error_from_response(422, R"({"kind":"Status","apiVersion":"v1","metadata":{},
    "status":"Failure","message":"Foo.example.com \"f1\" is invalid: spec.replicas: Invalid",
    "reason":"Invalid","details":{"name":"f1","group":"example.com","kind":"Foo",
    "causes":[{"reason":"FieldValueInvalid","message":"Invalid value","field":"spec.replicas"},
              {"reason":"FieldValueRequired","message":"Required value","field":"spec.x"}]},
    "code":422})");
  EXPECT_TRUE(e.is_invalid());
  EXPECT_EQ(e.details.group, "example.com");
  ASSERT_EQ(e.details.causes.size(), 2u);
  EXPECT_EQ(e.details.causes[1], (StatusCause{"FieldValueRequired", "Required value", "spec.x"}));
  EXPECT_NE(e.to_string().find("spec.x: Required value"), std::string::npos) << e.to_string();
  EXPECT_NE(e.to_string().find("[permanent]"), std::string::npos);
}

TEST(StatusError, TooManyRequestsWithTextBodyHonoursRetryAfter) {
  const auto e = error_from_response(429, "Too many requests, please try again later.\n", "2");
  EXPECT_TRUE(e.is_too_many_requests());
  EXPECT_FALSE(e.status_body);
  EXPECT_EQ(e.reason, "TooManyRequests");
  ASSERT_TRUE(e.retry_after);
  EXPECT_EQ(*e.retry_after, std::chrono::seconds(2));
  EXPECT_TRUE(e.retryable());
}

TEST(StatusError, RetryAfterSecondsInDetailsIsUsedWithoutHeader) {
  const auto e = error_from_response(500, R"({"kind":"Status","reason":"ServerTimeout",
      "message":"try again","details":{"retryAfterSeconds":2},"code":500})");
  ASSERT_TRUE(e.retry_after);
  EXPECT_EQ(*e.retry_after, std::chrono::seconds(2));
  EXPECT_TRUE(e.retryable());
}

TEST(StatusError, ExpiredIsDetectedForExpiredAndGone) {
  EXPECT_TRUE(
      error_from_response(410, R"({"kind":"Status","reason":"Expired","code":410})").is_expired());
  EXPECT_TRUE(
      error_from_response(410, R"({"kind":"Status","reason":"Gone","code":410})").is_expired());
  EXPECT_FALSE(error_from_response(410, "").retryable());
}

TEST(StatusError, WatchErrorEventStatusBecomesExpiredError) {
  const auto status = nlohmann::json::parse(
      R"json({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
          "message":"too old resource version: 10245 (11000)","reason":"Expired","code":410})json");
  const auto e = error_from_status(status);
  EXPECT_EQ(e.code, 410);
  EXPECT_TRUE(e.is_expired());
  EXPECT_EQ(e.message, "too old resource version: 10245 (11000)");
}

TEST(StatusError, TooLargeResourceVersionIsRecognised) {
  const auto e = error_from_response(504, R"({"kind":"Status","reason":"Timeout",
      "message":"Too large resource version: 20, current: 10",
      "details":{"causes":[{"reason":"ResourceVersionTooLarge","message":"Too large resource version"}],
                 "retryAfterSeconds":1},"code":504})",
                                     "1");
  EXPECT_TRUE(e.is_resource_version_too_large());
  EXPECT_TRUE(e.retryable());
}

TEST(StatusError, HttpStatusWinsOverTheBodyCode) {
  const auto e = error_from_response(503, R"({"kind":"Status","reason":"","code":200})");
  EXPECT_EQ(e.code, 503);
  EXPECT_EQ(e.reason, "ServiceUnavailable");
}

TEST(StatusError, JsonThatIsNotAStatusIsTreatedAsText) {
  const auto e = error_from_response(500, R"({"error":"boom"})");
  EXPECT_FALSE(e.status_body);
  EXPECT_EQ(e.reason, "InternalError");
  EXPECT_EQ(e.message, R"({"error":"boom"})");
}

TEST(StatusError, HtmlFromAProxyIsTruncated) {
  const std::string html = "<html>" + std::string(2000, 'x') + "</html>";
  const auto e = error_from_response(502, html);
  EXPECT_LT(e.message.size(), 600u);
  EXPECT_TRUE(e.retryable());
}

TEST(StatusError, WrongTypesInStatusFieldsAreIgnored) {
  const auto e = error_from_response(
      404, R"({"kind":"Status","reason":7,"message":null,"details":{"name":3,"causes":"x"}})");
  EXPECT_EQ(e.reason, "NotFound");
  EXPECT_TRUE(e.is_resource_type_missing());
}

TEST(ParseRetryAfter, AcceptsOnlyDeltaSeconds) {
  EXPECT_EQ(parse_retry_after("5"), std::chrono::seconds(5));
  EXPECT_EQ(parse_retry_after(" 1 "), std::chrono::seconds(1));
  EXPECT_FALSE(parse_retry_after(""));
  EXPECT_FALSE(parse_retry_after("-1"));
  EXPECT_FALSE(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"));
}

TEST(Error, TransportErrorsAreRetryableConfigErrorsAreNot) {
  EXPECT_TRUE(transport_error("connection refused").retryable());
  EXPECT_FALSE(config_error("bad").retryable());
  EXPECT_FALSE(cancelled_error().retryable());
  EXPECT_NE(transport_error("connection refused").to_string().find("[retryable]"),
            std::string::npos);
}

}  // namespace
}  // namespace rl::kube
