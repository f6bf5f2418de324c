//===- AttnOps.cpp - Attn dialect operations ------------------------------===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#include "circc/Dialect/Attn/AttnOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/StringSet.h"

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

LogicalResult GreedyDecoderOp::verify() {
  ArrayAttr source = getSourceTokens(), target = getTargetTokens();
  if (source.empty())
    return emitOpError() << "needs at least one source token";
  for (ArrayAttr tokens : {source, target}) {
    llvm::StringSet<> seen;
    for (StringRef token : tokens.getAsValueRange<StringAttr>())
      if (token.empty() || !seen.insert(token).second)
        return emitOpError() << (token.empty() ? "has an empty token name"
                                               : "names token '" + token +
                                                     "' twice");
  }
  int64_t vocabulary = target.size();
  for (auto [name, id] : {std::pair<StringRef, int64_t>{"bos", getBos()},
                          {"eos", getEos()}})
    if (id < 0 || id >= vocabulary)
      return emitOpError() << name << " id " << id << " is not one of the "
                           << vocabulary << " target tokens";
  if (getBos() == getEos())
    return emitOpError() << "bos and eos are the same id " << getBos();
  return success();
}

/// The function `symbol` names, or null after an error on `op`.
static func::FuncOp lookupFunction(Operation *op, SymbolTableCollection &table,
                                   FlatSymbolRefAttr symbol, StringRef role) {
  auto func = table.lookupNearestSymbolFrom<func::FuncOp>(op, symbol);
  if (!func)
    op->emitOpError() << role << " " << symbol
                      << " does not name a function";
  return func;
}

/// Whether `type` is tensor<?xindex> (ids) or tensor<?xWxf32> (rows); `width`
/// receives W.
static bool isIds(Type type) {
  auto ranked = dyn_cast<RankedTensorType>(type);
  return ranked && ranked.getRank() == 1 && ranked.isDynamicDim(0) &&
         ranked.getElementType().isIndex();
}
static bool isRows(Type type, int64_t &width) {
  auto ranked = dyn_cast<RankedTensorType>(type);
  if (!ranked || ranked.getRank() != 2 || !ranked.isDynamicDim(0) ||
      ranked.isDynamicDim(1) || !ranked.getElementType().isF32())
    return false;
  width = ranked.getDimSize(1);
  return true;
}

LogicalResult
GreedyDecoderOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  Operation *op = getOperation();
  func::FuncOp encoder =
      lookupFunction(op, symbolTable, getEncoderAttr(), "encoder");
  func::FuncOp decoder =
      lookupFunction(op, symbolTable, getDecoderAttr(), "decoder");
  if (!encoder || !decoder)
    return failure();
  FunctionType enc = encoder.getFunctionType(), dec = decoder.getFunctionType();
  int64_t memory = 0, memoryIn = 0, logits = 0;
  if (enc.getNumInputs() != 1 || !isIds(enc.getInput(0)) ||
      enc.getNumResults() != 1 || !isRows(enc.getResult(0), memory))
    return emitOpError() << "encoder @" << encoder.getSymName() << " has type "
                         << enc << ", expected (tensor<?xindex>) -> "
                                   "tensor<?xDxf32>";
  if (dec.getNumInputs() != 2 || !isIds(dec.getInput(0)) ||
      !isRows(dec.getInput(1), memoryIn) || memoryIn != memory ||
      dec.getNumResults() != 1 || !isRows(dec.getResult(0), logits))
    return emitOpError() << "decoder @" << decoder.getSymName() << " has type "
                         << dec << ", expected (tensor<?xindex>, tensor<?x"
                         << memory << "xf32>) -> tensor<?xVxf32>";
  if (logits != int64_t(getTargetTokens().size()))
    return emitOpError() << "decoder produces " << logits
                         << " logits per position for "
                         << getTargetTokens().size() << " target tokens";
  return success();
}

#define GET_OP_CLASSES
#include "circc/Dialect/Attn/AttnOps.cpp.inc"
