//===- Pruning.h - What the attn pruning passes share -----------*- C++ -*-===//
//
// Part of circc. Slicing the constants of a model whose rows or columns
// pruning removes, and counting what is left.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_LIB_DIALECT_ATTN_TRANSFORMS_PRUNING_H
#define CIRCC_LIB_DIALECT_ATTN_TRANSFORMS_PRUNING_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinOps.h"

#include <string>

namespace circc::attn::pruning {

/// `value` as a person writes it: 0.5, not 5.000000e-01.
std::string shortFloat(double value);

/// The f32 constant a linear op's weight or bias comes from, or null.
mlir::DenseElementsAttr constantOf(mlir::Value value);

/// `attr` restricted to the given rows (dim 0) or, with `columns`, to the
/// given columns of a matrix.
mlir::DenseElementsAttr slice(mlir::DenseElementsAttr attr,
                              llvm::ArrayRef<int64_t> keep, bool columns);

/// Points `operand` at a new constant holding `attr`, erasing the old
/// constant once nothing uses it.
void replaceConstant(mlir::OpOperand &operand, mlir::DenseElementsAttr attr);

/// The scalars in the module's f32 constants: the model's parameters.
int64_t countParameters(mlir::ModuleOp module);

/// An error on `module` unless `fraction` is in [0, 1).
mlir::LogicalResult checkFraction(mlir::ModuleOp module, llvm::StringRef pass,
                                  double fraction);

} // namespace circc::attn::pruning

#endif // CIRCC_LIB_DIALECT_ATTN_TRANSFORMS_PRUNING_H
