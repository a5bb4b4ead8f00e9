// Helpers for the rct tests: compare a converter table with the rows a test
// writes out from the primary source, and print rows readably on failure.
#pragma once

#include <ostream>
#include <span>
#include <vector>

#include "rct/names.h"
#include "rct/table.h"

namespace rc::rct {

template <class Neutral, class Number>
void PrintTo(const Row<Neutral, Number>& row, std::ostream* os) {
  *os << "{" << to_string(row.neutral) << ", " << +row.number << "}";
}

inline void PrintTo(const IdTypeRow& row, std::ostream* os) {
  *os << "{" << to_string(row.type) << ", v" << static_cast<int>(row.family) << ", " << +row.id
      << "}";
}

}  // namespace rc::rct

namespace rc::rct::test {

template <class T>
std::vector<T> rows_of(std::span<const T> rows) {
  return {rows.begin(), rows.end()};
}

}  // namespace rc::rct::test
