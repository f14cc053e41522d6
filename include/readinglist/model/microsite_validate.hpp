// The Microsite rules of the API contract: required fields, lengths, partial dates, URL schemes,
// label selector syntax (as the API server checks metav1.LabelSelector), order names, and the
// serving settings shared with a ReadingList's site. Every problem is returned with its path.
#pragma once

#include <vector>

#include "readinglist/model/errors.hpp"
#include "readinglist/model/microsite.hpp"

namespace rl::model {

// All problems with the microsite, in document order; empty when it is valid.
std::vector<FieldError> validate(const Microsite& microsite);

}  // namespace rl::model
