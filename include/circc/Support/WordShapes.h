//===- WordShapes.h - The word shapes of open token classes -----*- C++ -*-===//
//
// Part of circc.
//
// An open token class (`class noun open lowercase = ...;`) also reads every
// word outside the vocabulary that has its shape; circc/abi.h defines the
// shapes, their names and their codes, which the runtime's lexer matches.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_SUPPORT_WORDSHAPES_H
#define CIRCC_SUPPORT_WORDSHAPES_H

#include "circc/abi.h"

#include "llvm/ADT/StringRef.h"

#include <optional>

namespace circc {

/// The circc_word_shape named `name`, if it is one.
inline std::optional<int32_t> wordShapeNamed(llvm::StringRef name) {
#define CIRCC_WORD_SHAPE_CASE(NAME, VALUE, SPELLING)                           \
  if (name == SPELLING)                                                        \
    return VALUE;
  CIRCC_WORD_SHAPES(CIRCC_WORD_SHAPE_CASE)
#undef CIRCC_WORD_SHAPE_CASE
  return std::nullopt;
}

/// The names of the shapes, for messages: "lowercase, capitalized or
/// digits".
inline const char *wordShapeNames() {
  return "lowercase, capitalized or digits";
}

} // namespace circc

#endif // CIRCC_SUPPORT_WORDSHAPES_H
