//===- AttnOps.cpp - Attn dialect operations ------------------------------===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#include "circc/Dialect/Attn/AttnOps.h"

#include "mlir/IR/Builders.h"

using namespace mlir;
using namespace circc::attn;

/// Two extents disagree only when both are known.
static bool disagree(int64_t a, int64_t b) {
  return !ShapedType::isDynamic(a) && !ShapedType::isDynamic(b) && a != b;
}

static int64_t dim(Value value, unsigned index) {
  return cast<RankedTensorType>(value.getType()).getDimSize(index);
}

/// Emits "<what> has <actual> <unit>, expected <expected>" unless they agree.
static LogicalResult expectExtent(Operation *op, int64_t actual,
                                  int64_t expected, StringRef what,
                                  StringRef unit) {
  if (!disagree(actual, expected))
    return success();
  return op->emitOpError() << what << " has " << actual << " " << unit
                           << ", expected " << expected;
}

LogicalResult EmbedOp::verify() {
  Operation *op = getOperation();
  int64_t width = dim(getResult(), 1);
  if (failed(expectExtent(op, dim(getTable(), 1), width, "token table",
                          "columns")) ||
      failed(expectExtent(op, dim(getPositions(), 1), width,
                          "position table", "columns")) ||
      failed(expectExtent(op, dim(getResult(), 0), dim(getIds(), 0), "result",
                          "rows")))
    return failure();
  int64_t ids = dim(getIds(), 0), positions = dim(getPositions(), 0);
  if (!ShapedType::isDynamic(ids) && !ShapedType::isDynamic(positions) &&
      positions < ids)
    return emitOpError() << "position table has " << positions
                         << " rows, fewer than the " << ids << " ids";
  return success();
}

LogicalResult LayerNormOp::verify() {
  Operation *op = getOperation();
  int64_t width = dim(getInput(), 1);
  if (failed(expectExtent(op, dim(getGamma(), 0), width, "gamma", "elements")) ||
      failed(expectExtent(op, dim(getBeta(), 0), width, "beta", "elements")))
    return failure();
  if (!(getEpsilon().convertToFloat() > 0.0f))
    return emitOpError() << "epsilon must be positive";
  return success();
}

LogicalResult LinearOp::verify() {
  Operation *op = getOperation();
  int64_t in = dim(getWeight(), 1), out = dim(getWeight(), 0);
  if (failed(expectExtent(op, dim(getInput(), 1), in, "input", "columns")) ||
      failed(expectExtent(op, dim(getBias(), 0), out, "bias", "elements")) ||
      failed(expectExtent(op, dim(getResult(), 1), out, "result", "columns")) ||
      failed(expectExtent(op, dim(getResult(), 0), dim(getInput(), 0),
                          "result", "rows")))
    return failure();
  return success();
}

LogicalResult AttentionOp::verify() {
  Operation *op = getOperation();
  int64_t width = dim(getQuery(), 1);
  int64_t heads = getHeads();
  if (!ShapedType::isDynamic(width) && width % heads != 0)
    return emitOpError() << "width " << width << " is not a multiple of "
                         << heads << " heads";
  if (failed(expectExtent(op, dim(getKey(), 1), width, "key", "columns")) ||
      failed(expectExtent(op, dim(getValue(), 1), width, "value", "columns")) ||
      failed(expectExtent(op, dim(getValue(), 0), dim(getKey(), 0), "value",
                          "rows")) ||
      failed(expectExtent(op, dim(getResult(), 1), width, "result",
                          "columns")) ||
      failed(expectExtent(op, dim(getResult(), 0), dim(getQuery(), 0),
                          "result", "rows")))
    return failure();
  if (auto importance = getImportance();
      importance && int64_t(importance->size()) != heads)
    return emitOpError() << "importance has " << importance->size()
                         << " scores for " << heads << " heads";
  if (auto ids = getHeadIds(); ids && int64_t(ids->size()) != heads)
    return emitOpError() << "head_ids has " << ids->size() << " entries for "
                         << heads << " heads";
  if (getCausal() && disagree(dim(getQuery(), 0), dim(getKey(), 0)))
    return emitOpError() << "causal attention needs as many key rows as "
                            "query rows";
  return success();
}

#define GET_OP_CLASSES
#include "circc/Dialect/Attn/AttnOps.cpp.inc"
