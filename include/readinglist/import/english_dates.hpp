// Dates as people write them in English ("May 9, 2019", "July 23rd, 2019", "9 May 2019",
// "January 2023", "Jan. 2023", "2018", "2019-05-09") -> the API's partial dates. Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace rl::import {

// "YYYY", "YYYY-MM" or "YYYY-MM-DD" when the whole text is one date naming a real day, month or
// year; nullopt otherwise ("May 32, 2019", "ServiceMeshCon 2022", "soon").
std::optional<std::string> parse_english_date(std::string_view text);

}  // namespace rl::import
