//===- ScanInterpreter.cpp - A hand-written SCAN interpreter --------------===//
//
// Part of circc's benchmarks.
//
//===----------------------------------------------------------------------===//

#include "ScanInterpreter.h"

#include <algorithm>
#include <cstring>

using namespace scan;

namespace {

enum Word : uint8_t {
  WALK, LOOK, RUN, JUMP, TURN, LEFT, RIGHT, AROUND, OPPOSITE, TWICE, THRICE,
  AND, AFTER, END, UNKNOWN
};

/// Recognises one word by its length, then its spelling.
Word classify(const char *w, size_t n) {
  auto is = [&](const char *s) { return std::memcmp(w, s, n) == 0; };
  switch (n) {
  case 3:
    return is("run") ? RUN : is("and") ? AND : UNKNOWN;
  case 4:
    return is("walk")   ? WALK
           : is("look") ? LOOK
           : is("jump") ? JUMP
           : is("turn") ? TURN
           : is("left") ? LEFT
                        : UNKNOWN;
  case 5:
    return is("right")   ? RIGHT
           : is("twice") ? TWICE
           : is("after") ? AFTER
                         : UNKNOWN;
  case 6:
    return is("around") ? AROUND : is("thrice") ? THRICE : UNKNOWN;
  case 8:
    return is("opposite") ? OPPOSITE : UNKNOWN;
  default:
    return UNKNOWN;
  }
}

/// SCAN commands have at most 9 words; one more slot holds END.
constexpr int kMaxWords = 9;

struct Parser {
  const Word *word;
  int32_t *out;
  int32_t *end;

  bool emit(int32_t action) {
    if (out == end)
      return false;
    *out++ = action;
    return true;
  }

  /// Repeats the `count` actions just written `times` times in all.
  bool repeat(int32_t *start, int times) {
    ptrdiff_t n = out - start;
    for (int t = 1; t < times; ++t) {
      if (end - out < n)
        return false;
      out = std::copy(start, start + n, out);
    }
    return true;
  }

  static bool primitive(Word w, int32_t &action) {
    switch (w) {
    case WALK: action = I_WALK; return true;
    case LOOK: action = I_LOOK; return true;
    case RUN: action = I_RUN; return true;
    case JUMP: action = I_JUMP; return true;
    default: return false;
    }
  }

  static bool direction(Word w, int32_t &turn) {
    if (w == LEFT) { turn = I_TURN_LEFT; return true; }
    if (w == RIGHT) { turn = I_TURN_RIGHT; return true; }
    return false;
  }

  // phrase = primitive | (primitive | turn) [opposite | around] direction
  bool phrase() {
    int32_t action = -1;
    bool isTurn = *word == TURN;
    if (!isTurn && !primitive(*word, action))
      return false;
    ++word;
    int32_t turn;
    if (direction(*word, turn)) {
      ++word;
      return emit(turn) && (isTurn || emit(action));
    }
    if (*word == OPPOSITE || *word == AROUND) {
      bool around = *word == AROUND;
      ++word;
      if (!direction(*word, turn))
        return false;
      ++word;
      if (around) {
        for (int i = 0; i < 4; ++i)
          if (!emit(turn) || (!isTurn && !emit(action)))
            return false;
        return true;
      }
      return emit(turn) && emit(turn) && (isTurn || emit(action));
    }
    return !isTurn && emit(action);
  }

  // sentence = phrase [twice | thrice]
  bool sentence() {
    int32_t *start = out;
    if (!phrase())
      return false;
    if (*word == TWICE) {
      ++word;
      return repeat(start, 2);
    }
    if (*word == THRICE) {
      ++word;
      return repeat(start, 3);
    }
    return true;
  }

  // command = sentence [(and | after) sentence]
  bool command() {
    int32_t *first = out;
    if (!sentence())
      return false;
    if (*word == AND || *word == AFTER) {
      bool after = *word == AFTER;
      ++word;
      int32_t *second = out;
      if (!sentence())
        return false;
      if (after)
        std::rotate(first, second, out);
    }
    return *word == END;
  }
};

} // namespace

int32_t scan::interpret(const char *text, size_t length, int32_t *out,
                        int32_t capacity) {
  Word words[kMaxWords + 1];
  int count = 0;
  size_t i = 0;
  while (true) {
    while (i < length && text[i] == ' ')
      ++i;
    if (i == length)
      break;
    size_t start = i;
    while (i < length && text[i] != ' ')
      ++i;
    if (count == kMaxWords)
      return -1;
    Word w = classify(text + start, i - start);
    if (w == UNKNOWN)
      return -1;
    words[count++] = w;
  }
  words[count] = END;
  Parser parser{words, out, out + capacity};
  if (!parser.command())
    return -1;
  return static_cast<int32_t>(parser.out - out);
}
