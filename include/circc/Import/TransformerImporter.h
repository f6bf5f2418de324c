//===- TransformerImporter.h - Import a Transformer into attn ---*- C++ -*-===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_IMPORT_TRANSFORMERIMPORTER_H
#define CIRCC_IMPORT_TRANSFORMERIMPORTER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace circc {

/// Imports the model in `directory` (config.json + weights.safetensors, as
/// baselines/transformer/train.py writes them) into the attn dialect: a
/// module with `@encode(ids) -> memory` and `@decode(targets, memory) ->
/// logits`, every weight a constant. On failure returns null and sets
/// `error` to a message naming the file and, for weights, the tensor.
mlir::OwningOpRef<mlir::ModuleOp>
importTransformer(mlir::MLIRContext &context, llvm::StringRef directory,
                  std::string &error);

} // namespace circc

#endif // CIRCC_IMPORT_TRANSFORMERIMPORTER_H
