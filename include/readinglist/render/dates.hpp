// Partial dates (YYYY, YYYY-MM, YYYY-MM-DD) in English: "2018", "January 2023",
// "May 9, 2019". Pure.
#pragma once

#include <string>
#include <string_view>

namespace rl::render {

// Whether the text is a partial date naming a real calendar day, month or year.
bool is_partial_date(std::string_view date);

// The English form, or the input unchanged when it is not a partial date.
std::string format_partial_date(std::string_view date);
void append_formatted_partial_date(std::string& out, std::string_view date);

// An RFC 3339 timestamp at midnight UTC of the first day the partial date covers
// ("2019-05" -> "2019-05-01T00:00:00Z"); empty when it is not a partial date.
std::string partial_date_to_rfc3339(std::string_view date);

}  // namespace rl::render
