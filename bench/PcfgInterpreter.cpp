//===- PcfgInterpreter.cpp - A hand-written PCFG SET interpreter ----------===//
//
// Part of circc's benchmarks.
//
//===----------------------------------------------------------------------===//

#include "PcfgInterpreter.h"

#include <algorithm>
#include <cstring>

namespace {

enum Word {
  Letter, Copy, Reverse, Shift, SwapFirstLast, Repeat, Echo, Append, Prepend,
  RemoveFirst, RemoveSecond, Comma, End, Bad
};

struct Interpreter {
  const char *cur, *end;
  int32_t *out;
  int32_t capacity;
  int32_t letter = 0; // the id of the last Letter read

  static bool is(const char *word, size_t n, const char *name) {
    return std::strlen(name) == n && std::memcmp(word, name, n) == 0;
  }

  /// Reads the next word without consuming it when `peek`.
  Word next(bool peek = false) {
    const char *p = cur;
    while (p < end && *p == ' ')
      ++p;
    if (p == end) {
      cur = p;
      return End;
    }
    const char *start = p;
    while (p < end && *p != ' ')
      ++p;
    size_t n = p - start;
    if (!peek)
      cur = p;
    if (n >= 2 && n <= 3 && start[0] >= 'A' && start[0] <= 'Z') {
      int number = 0;
      for (size_t i = 1; i < n; ++i) {
        if (start[i] < '0' || start[i] > '9')
          return Bad;
        number = number * 10 + (start[i] - '0');
      }
      if (number < 1 || number > 20 || (n == 3 && start[1] == '0'))
        return Bad;
      letter = (start[0] - 'A') * 20 + (number - 1);
      return Letter;
    }
    if (n == 1 && *start == ',')
      return Comma;
    if (is(start, n, "copy"))
      return Copy;
    if (is(start, n, "reverse"))
      return Reverse;
    if (is(start, n, "shift"))
      return Shift;
    if (is(start, n, "swap_first_last") || is(start, n, "swap_first_last_twin"))
      return SwapFirstLast;
    if (is(start, n, "repeat") || is(start, n, "repeat_twin"))
      return Repeat;
    if (is(start, n, "echo"))
      return Echo;
    if (is(start, n, "append") || is(start, n, "append_twin"))
      return Append;
    if (is(start, n, "prepend"))
      return Prepend;
    if (is(start, n, "remove_first"))
      return RemoveFirst;
    if (is(start, n, "remove_second") || is(start, n, "remove_second_twin"))
      return RemoveSecond;
    return Bad;
  }

  /// Evaluates a sequence into out[at, ...); returns its length or -1.
  int32_t sequence(int32_t at) {
    Word word = next();
    if (word == Letter) {
      int32_t n = 0;
      while (true) {
        if (at + n >= capacity)
          return -1;
        out[at + n++] = letter;
        if (next(/*peek=*/true) != Letter)
          return n;
        next();
      }
    }
    if (word >= Copy && word <= Echo) {
      int32_t n = sequence(at);
      if (n < 0)
        return -1;
      int32_t *s = out + at;
      switch (word) {
      case Reverse:
        std::reverse(s, s + n);
        return n;
      case Shift:
        std::rotate(s, s + 1, s + n);
        return n;
      case SwapFirstLast:
        if (n == 1) { // [x[-1]] + x[1:-1] + [x[0]]
          if (at + 2 > capacity)
            return -1;
          s[1] = s[0];
          return 2;
        }
        std::swap(s[0], s[n - 1]);
        return n;
      case Repeat:
        if (at + 2 * n > capacity)
          return -1;
        std::memcpy(s + n, s, n * sizeof(int32_t));
        return 2 * n;
      case Echo:
        if (at + n + 1 > capacity)
          return -1;
        s[n] = s[n - 1];
        return n + 1;
      default: // Copy
        return n;
      }
    }
    if (word >= Append && word <= RemoveSecond) {
      int32_t a = sequence(at);
      if (a < 0 || next() != Comma)
        return -1;
      int32_t b = sequence(at + a);
      if (b < 0)
        return -1;
      int32_t *s = out + at;
      switch (word) {
      case Prepend:
        std::rotate(s, s + a, s + a + b);
        return a + b;
      case RemoveFirst:
        std::memmove(s, s + a, b * sizeof(int32_t));
        return b;
      case RemoveSecond:
        return a;
      default: // Append
        return a + b;
      }
    }
    return -1;
  }
};

} // namespace

int32_t pcfg::interpret(const char *text, size_t length, int32_t *out,
                        int32_t capacity) {
  Interpreter interpreter{text, text + length, out, capacity};
  int32_t n = interpreter.sequence(0);
  if (n < 0 || interpreter.next() != End)
    return -1;
  return n;
}
