//===- Slice.h - What a slice of a sequence keeps ---------------*- C++ -*-===//
//
// Part of circc.
//
// A slice `[start:stop]` keeps the positions from `start` up to, not
// including, `stop` of a sequence, as Python's slices do: a negative index
// counts from the end, indices past either end are clamped, no `stop` means
// the end, and a slice whose start is at or after its stop is empty. The
// grammar dialect's and the circuit dialect's slices, their bounds and their
// lowering share this one definition.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_SUPPORT_SLICE_H
#define CIRCC_SUPPORT_SLICE_H

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <utility>

namespace circc {

struct Slice {
  int64_t start = 0;
  std::optional<int64_t> stop;

  /// `index` resolved against a sequence of `length` positions.
  static int64_t resolve(int64_t index, int64_t length) {
    return index < 0 ? std::max<int64_t>(length + index, 0)
                     : std::min(index, length);
  }
  /// The positions [first, last) kept from a sequence of `length`.
  std::pair<int64_t, int64_t> range(int64_t length) const {
    int64_t first = resolve(start, length);
    int64_t last = stop ? resolve(*stop, length) : length;
    return {first, std::max(first, last)};
  }
  int64_t lengthOf(int64_t length) const {
    auto [first, last] = range(length);
    return last - first;
  }

  /// The longest and shortest result over input lengths in [lo, hi]. The
  /// result length is piecewise linear in the input length, with breaks
  /// where an index meets an end, so its extremes lie at lo, hi or a break.
  int64_t maxLength(int64_t hi, int64_t lo = 0) const {
    return extreme(lo, hi, /*longest=*/true);
  }
  int64_t minLength(int64_t lo, int64_t hi) const {
    return extreme(lo, hi, /*longest=*/false);
  }

private:
  int64_t extreme(int64_t lo, int64_t hi, bool longest) const {
    int64_t best = lengthOf(lo);
    auto consider = [&](int64_t length) {
      if (length < lo || length > hi)
        return;
      int64_t value = lengthOf(length);
      best = longest ? std::max(best, value) : std::min(best, value);
    };
    consider(hi);
    int64_t stopIndex = stop.value_or(0);
    for (int64_t index : {start, stopIndex})
      consider(index < 0 ? -index : index);
    return best;
  }
};

} // namespace circc

#endif // CIRCC_SUPPORT_SLICE_H
