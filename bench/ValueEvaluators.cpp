//===- ValueEvaluators.cpp - Hand-written CruxMini and ListOps evaluators -===//
//
// Part of circc's benchmarks.
//
//===----------------------------------------------------------------------===//

#include "ValueEvaluators.h"

#include <algorithm>
#include <cstring>

namespace {

/// A cursor over one command; `failed` is set by any malformed token.
struct Cursor {
  const char *p, *end;
  bool failed = false;

  /// The next token, skipping single spaces; empty at the end.
  bool token(const char *&start, size_t &size) {
    while (p < end && *p == ' ')
      ++p;
    start = p;
    while (p < end && *p != ' ')
      ++p;
    size = p - start;
    return size != 0;
  }
};

bool isDigit(const char *token, size_t size) {
  return size == 1 && token[0] >= '0' && token[0] <= '9';
}

int32_t arith(Cursor &c, int depth) {
  const char *t;
  size_t n;
  if (depth > 1000 || !c.token(t, n)) {
    c.failed = true;
    return 0;
  }
  if (isDigit(t, n))
    return t[0] - '0';
  if (n != 1 || t[0] != '(') {
    c.failed = true;
    return 0;
  }
  int32_t a = arith(c, depth + 1);
  if (!c.token(t, n) || n != 1 || (t[0] != '+' && t[0] != '-' && t[0] != '*')) {
    c.failed = true;
    return 0;
  }
  char op = t[0];
  int32_t b = arith(c, depth + 1);
  if (!c.token(t, n) || n != 1 || t[0] != ')') {
    c.failed = true;
    return 0;
  }
  int32_t v = op == '+' ? a + b : op == '-' ? a - b + 10 : a * b;
  return v % 10;
}

enum Op { Min, Max, Med, Sm };

int32_t listops(Cursor &c, int depth, const char *t, size_t n) {
  if (isDigit(t, n))
    return t[0] - '0';
  Op op;
  if (n == 4 && std::memcmp(t, "[MIN", 4) == 0)
    op = Min;
  else if (n == 4 && std::memcmp(t, "[MAX", 4) == 0)
    op = Max;
  else if (n == 4 && std::memcmp(t, "[MED", 4) == 0)
    op = Med;
  else if (n == 3 && std::memcmp(t, "[SM", 3) == 0)
    op = Sm;
  else {
    c.failed = true;
    return 0;
  }
  if (depth > 1000) {
    c.failed = true;
    return 0;
  }
  int32_t values[5];
  int count = 0;
  while (c.token(t, n)) {
    if (n == 1 && t[0] == ']')
      break;
    if (count == 5) {
      c.failed = true;
      return 0;
    }
    values[count++] = listops(c, depth + 1, t, n);
    if (c.failed)
      return 0;
  }
  if (n != 1 || t[0] != ']' || count < 2) {
    c.failed = true;
    return 0;
  }
  switch (op) {
  case Min:
    return *std::min_element(values, values + count);
  case Max:
    return *std::max_element(values, values + count);
  case Sm: {
    int32_t sum = 0;
    for (int i = 0; i < count; ++i)
      sum += values[i];
    return sum % 10;
  }
  case Med:
    std::sort(values, values + count);
    return values[(count - 1) / 2];
  }
  return 0;
}

} // namespace

int32_t values::evaluateArith(const char *text, size_t length) {
  Cursor c{text, text + length};
  int32_t v = arith(c, 0);
  const char *t;
  size_t n;
  return c.failed || c.token(t, n) ? -1 : v;
}

int32_t values::evaluateListOps(const char *text, size_t length) {
  Cursor c{text, text + length};
  const char *t;
  size_t n;
  if (!c.token(t, n))
    return -1;
  int32_t v = listops(c, 0, t, n);
  return c.failed || c.token(t, n) ? -1 : v;
}
