//===- LoweringBuilder.h - Constants and casts every lowering emits -*- C++ -*-===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_SUPPORT_LOWERINGBUILDER_H
#define CIRCC_SUPPORT_LOWERINGBUILDER_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"

namespace circc {

/// The small values the lowerings emit everywhere, at the insertion point
/// of an ImplicitLocOpBuilder they share.
class LoweringBuilder {
public:
  explicit LoweringBuilder(mlir::ImplicitLocOpBuilder &b) : b(b) {}

  mlir::Value index(int64_t value) const {
    return mlir::arith::ConstantIndexOp::create(b, value);
  }
  mlir::Value i1(bool value) const {
    return mlir::arith::ConstantIntOp::create(b, b.getI1Type(), value);
  }
  mlir::Value i32(int64_t value) const {
    return mlir::arith::ConstantIntOp::create(b, b.getI32Type(), value);
  }
  mlir::Value i64(int64_t value) const {
    return mlir::arith::ConstantIntOp::create(b, b.getI64Type(), value);
  }
  mlir::Value f32(float value) const {
    return mlir::arith::ConstantOp::create(b, b.getF32FloatAttr(value));
  }
  /// An integer as an index, and an index (or integer) as an i32.
  mlir::Value toIndex(mlir::Value v) const {
    return mlir::arith::IndexCastOp::create(b, b.getIndexType(), v);
  }
  mlir::Value toI32(mlir::Value v) const {
    return mlir::arith::IndexCastOp::create(b, b.getI32Type(), v);
  }

private:
  mlir::ImplicitLocOpBuilder &b;
};

} // namespace circc

#endif // CIRCC_SUPPORT_LOWERINGBUILDER_H
