//===- GrammarParser.h - Grammar files to the grammar dialect ---*- C++ -*-===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_FRONTEND_GRAMMARPARSER_H
#define CIRCC_FRONTEND_GRAMMARPARSER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

namespace llvm {
class SourceMgr;
} // namespace llvm

namespace circc::frontend {

/// Parses the grammar file in the main buffer of `sourceMgr` into a module
/// holding one `grammar.grammar` op, and verifies it. Every problem is
/// reported as an MLIR diagnostic located at the file's line and column;
/// returns null if there was any.
mlir::OwningOpRef<mlir::ModuleOp> parseGrammarFile(llvm::SourceMgr &sourceMgr,
                                                   mlir::MLIRContext *context);

} // namespace circc::frontend

#endif // CIRCC_FRONTEND_GRAMMARPARSER_H
