//===- PTX.h - The PTX of a circuit's batch kernel --------------*- C++ -*-===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_TARGET_PTX_H
#define CIRCC_TARGET_PTX_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace llvm {
class Module;
} // namespace llvm

namespace circc {

/// Removes the gpu.binary that buildCircuitToPTXPipeline produced from
/// `module` and returns its PTX; fails (with a diagnostic) if there is none.
mlir::FailureOr<std::string> takePTX(mlir::ModuleOp module);

/// Adds the PTX to the host library as the NUL-terminated constant
/// `__circc_ptx`, which the runtime hands to the CUDA driver.
void embedPTX(llvm::Module &module, llvm::StringRef ptx);

} // namespace circc

#endif // CIRCC_TARGET_PTX_H
