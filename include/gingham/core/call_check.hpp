#pragma once
/// \file
/// The checking mode's one mechanism for C++ entry points (issue 12): with the mode on
/// (GINGHAM_CHECK_COLLECTIVES=1 or set_collective_checks(true)), a public collective entry point starts with
///
///   const auto checked = check_call(x.grid().comm(), "concat", arg("arrays", arrays), arg("axis", axis));
///
/// which describes each argument as text that every rank gives alike when the arguments agree (never an
/// address) and compares the descriptions across ranks (require_same_arguments: one MPI_Allreduce). Ranks
/// whose arguments differ throw std::invalid_argument on every rank naming the operation, the first
/// differing argument, rank 0's value and a differing rank's value. Off, check_call reads one flag and
/// describes nothing. While a checked entry runs, the entries it calls on this thread are not checked
/// again (the guard `checked` marks the call; their arguments follow from the outer entry's).
///
/// Descriptions come from the overload set describe_argument(value): here for numbers, bools, enums,
/// strings, std::optional / std::vector / std::span / std::variant of describable values, types with a
/// describe() member (ProcessGrid, Distribution, IndexMap, HaloSpec) and pointers to them, and RawView
/// (a rank's own view: only what must agree, its element size and dimensions); gingham/array/call_arguments.hpp
/// adds Array, DType, host data and the parts of keys. Overloads are found by argument-dependent lookup, so
/// a type with none fails to compile rather than being described by an address.

#include <complex>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "gingham/core/collective_errors.hpp"
#include "gingham/core/comm.hpp"
#include "gingham/core/local_view.hpp"
#include "gingham/core/profile.hpp"

namespace gingham {

/// One argument of a checked call: its name and a reference to its value (described only when checking).
template <class T>
struct NamedArgument {
  std::string_view name;
  const T& value;
};

/// Local. `value` named `name` for check_call (holds a reference: use it within the call's statement).
template <class T>
NamedArgument<T> arg(std::string_view name, const T& value) {
  return {name, value};
}

/// Marks, while it lives, that this thread runs inside a checked entry point (see check_call), and is the
/// entry point's operation in the profile log (gingham/core/profile.hpp; one flag test when that is off).
class [[nodiscard]] CallCheck {
 public:
  /// Local. `active`: this object marks the call (it checked the arguments). `operation`: the entry
  /// point's name in the profile log.
  explicit CallCheck(bool active, std::string_view operation) noexcept;
  ~CallCheck();
  CallCheck(const CallCheck&) = delete;
  CallCheck& operator=(const CallCheck&) = delete;

  /// Local. Whether this thread is inside a checked entry point now (its inner entries skip the check).
  static bool inside_checked_call() noexcept;

 private:
  bool active_;
  ProfileOperation operation_;
};

/// Local. A rank's own strided view (a shard, whose shape is the rank's): its element size and dimensions.
std::string describe_argument(const RawView& view);
/// Local. A floating value, exactly (17 significant digits).
std::string describe_floating(double value);

namespace detail {
template <class T> struct IsOptional : std::false_type {};
template <class T> struct IsOptional<std::optional<T>> : std::true_type {};
template <class T> struct IsVariant : std::false_type {};
template <class... T> struct IsVariant<std::variant<T...>> : std::true_type {};
template <class T> struct IsComplex : std::false_type {};
template <class T> struct IsComplex<std::complex<T>> : std::true_type {};
template <class T> struct IsPointer : std::is_pointer<T> {};
template <class T> struct IsPointer<std::shared_ptr<T>> : std::true_type {};
template <class T> struct IsPointer<std::unique_ptr<T>> : std::true_type {};
template <class T> struct IsSequence : std::false_type {};
template <class T, class A> struct IsSequence<std::vector<T, A>> : std::true_type {};
template <class T, std::size_t N> struct IsSequence<std::span<T, N>> : std::true_type {};
template <class T>
concept HasDescribe = requires(const T& value) {
  { value.describe() } -> std::convertible_to<std::string>;
};
}  // namespace detail

/// Local. `value` as text every rank gives alike when the values agree (see the file comment).
template <class T>
std::string describe_argument(const T& value) {
  if constexpr (std::is_same_v<T, bool>) {
    return value ? "true" : "false";
  } else if constexpr (std::is_integral_v<T>) {
    return std::to_string(value);
  } else if constexpr (std::is_floating_point_v<T>) {
    return describe_floating(static_cast<double>(value));
  } else if constexpr (detail::IsComplex<T>::value) {
    const std::string sign = value.imag() < 0 ? "" : "+";
    return "(" + describe_floating(value.real()) + sign + describe_floating(value.imag()) + "j)";
  } else if constexpr (std::is_enum_v<T>) {
    return "enumerator " + std::to_string(static_cast<long long>(value));
  } else if constexpr (std::is_convertible_v<const T&, std::string_view>) {
    return "'" + std::string(std::string_view(value)) + "'";
  } else if constexpr (detail::HasDescribe<T>) {
    return value.describe();
  } else if constexpr (detail::IsPointer<T>::value) {
    if (!value) return "none";
    return describe_argument(*value);
  } else if constexpr (detail::IsOptional<T>::value) {
    if (!value) return "none";
    return describe_argument(*value);
  } else if constexpr (detail::IsVariant<T>::value) {
    return std::visit([](const auto& held) -> std::string { return describe_argument(held); }, value);
  } else if constexpr (detail::IsSequence<T>::value) {
    std::string text = "[";
    for (std::size_t k = 0; k < value.size(); ++k) text += (k ? ", " : "") + describe_argument(value[k]);
    return text + "]";
  } else {
    static_assert(sizeof(T) == 0, "gingham::describe_argument: no description for this argument type");
  }
}

/// Collective over `comm` when the checking mode is on and this thread is not inside a checked call
/// (require_same_arguments: one MPI_Allreduce of three 64-bit integers, plus one MPI_Allgather and four
/// MPI_Bcast when the arguments differ), else Local and free (nothing is described). Throws
/// std::invalid_argument on every rank when the ranks pass different arguments; otherwise returns the
/// guard that marks the call as checked while it lives (keep it: `const auto checked = check_call(...)`).
template <class... T>
CallCheck check_call(const Comm& comm, std::string_view operation, const NamedArgument<T>&... arguments) {
  if (!collective_checks_enabled() || CallCheck::inside_checked_call()) return CallCheck(false, operation);
  CallArguments call{std::string(operation), {}};
  call.arguments.reserve(sizeof...(T));
  (call.arguments.emplace_back(std::string(arguments.name), describe_argument(arguments.value)), ...);
  require_same_arguments(comm, call);
  return CallCheck(true, operation);
}

/// As above over `*comm`, or Local and free when `comm` is null (a call with no array to name the
/// communicator, such as an empty list: the entry's own error then says so).
template <class... T>
CallCheck check_call(const Comm* comm, std::string_view operation, const NamedArgument<T>&... arguments) {
  if (comm == nullptr) return CallCheck(false, operation);
  return check_call(*comm, operation, arguments...);
}

}  // namespace gingham
