// Overloaded: one visitor for std::visit out of several lambdas,
//   std::visit(Overloaded{[](const A&) {...}, [](const B&) {...}}, variant);
#pragma once

namespace rc {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
// clang 14 does not deduce aggregate class templates yet (P1816).
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

}  // namespace rc
