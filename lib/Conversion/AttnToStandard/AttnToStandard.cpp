//===- AttnToStandard.cpp - Lower attn models to loops over memrefs -------===//
//
// Part of circc.
//
// An `attn.greedy_decoder` becomes one function that encodes the command,
// then decodes greedily one position at a time. Every tensor of the encoder
// and decoder functions becomes a stack buffer with a static number of rows
// (the longest command for encoder values, one row for decoder values that
// depend on the targets) of which the first `rows` are live. Self-attention
// in the decoder appends each step's key and value rows to a cache and
// attends over it; keys and values computed from the memory alone are
// computed once, before the first step. Matrix products are
// `linalg.generic`s ordered (row, input, output) so that the innermost loop
// runs along contiguous output columns of a transposed weight; everything
// else is scf loops.
//
//===----------------------------------------------------------------------===//

#include "circc/Conversion/AttnToStandard.h"
#include "circc/Support/LoweringBuilder.h"
#include "circc/Support/RuntimeABI.h"
#include "circc/Dialect/Attn/AttnOps.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>
#include <map>

namespace circc {
#define GEN_PASS_DEF_CONVERTATTNTOSTANDARD
#include "circc/Conversion/Passes.h.inc"
} // namespace circc

using namespace mlir;
using namespace circc;

namespace {

/// A tensor value as a stack buffer `memref<capacity x width x f32>` whose
/// first `rows` rows are live.
struct Buffer {
  Value memory;
  Value rows;
  int64_t capacity = 0, width = 0;
};

/// The stack buffers of one run, all allocated at the start of its entry
/// block; a buffer whose value is dead is reused for a later value of the
/// same shape.
class BufferPool {
public:
  BufferPool(ImplicitLocOpBuilder &b) : b(b) {}

  /// Allocations go before `marker`, an op at the start of the entry block.
  void setEntry(Operation *marker) { entry = marker; }
  /// A buffer of `capacity` rows of `width`, `rows` of them live.
  Buffer allocate(int64_t capacity, int64_t width, Value rows);
  void release(const Buffer &buffer) {
    free[{buffer.capacity, buffer.width}].push_back(buffer.memory);
  }
  /// A buffer of its own (caches, the outputs, the softmax row).
  Value allocateFixed(MemRefType type);

private:
  ImplicitLocOpBuilder &b;
  Operation *entry = nullptr;
  std::map<std::pair<int64_t, int64_t>, SmallVector<Value>> free;
};

/// Which decoder values depend on the targets, and so are computed once per
/// decoding step (one row), rather than once per command from the memory.
class StepAnalysis {
public:
  /// Fails (with an error) when the logits do not depend on the targets.
  LogicalResult analyze(func::FuncOp decoder);
  bool isPerStep(Value value) const { return perStep.contains(value); }
  Value logits() const { return logitsValue; }

private:
  llvm::DenseSet<Value> perStep;
  Value logitsValue;
};

/// Emits the code of one model; see the file comment. Each attn op is
/// lowered by one `lower` overload: its checks, its buffer and its loops.
class ModelEmitter {
public:
  ModelEmitter(ImplicitLocOpBuilder &b, attn::GreedyDecoderOp model,
               func::FuncOp encoder, func::FuncOp decoder)
      : b(b), build(b), pool(b), model(model), encoder(encoder),
        decoder(decoder) {}

  /// Finds the decoder values computed once per step; fails after an error.
  LogicalResult analyze() { return steps.analyze(decoder); }
  /// Builds the weight globals and `@__circc_logits_one`, carrying
  /// `metadata`; fails after an error.
  LogicalResult emit(const RuntimeMetadata &metadata);
  /// Emits one run at the builder's insertion point and returns its status:
  /// buffers are allocated before `marker` (an op at the start of the entry
  /// block), weight globals created before `globalsBefore`. The arguments
  /// are those of `__circc_logits`, as any memrefs of those shapes.
  FailureOr<Value> emitRun(Operation *marker, Operation *globalsBefore,
                           Value tokens, Value n, Value out, Value capacity,
                           Value info, Value logits);

  int64_t maxInput() { return model.getMaxSource(); }
  int64_t maxOutput() { return model.getMaxTarget() - 1; }
  int64_t vocabulary() { return model.getTargetTokens().size(); }

private:
  // Small helpers.
  Value load(Value memory, ValueRange indices) {
    return memref::LoadOp::create(b, memory, indices);
  }
  void store(Value value, Value memory, ValueRange indices) {
    memref::StoreOp::create(b, value, memory, indices);
  }
  /// e^x and the square root of an f32 (on a GPU,
  /// circc-outline-batch-kernel makes them NVVM intrinsics).
  Value exp(Value x) { return math::ExpOp::create(b, x); }
  Value sqrt(Value x) { return math::SqrtOp::create(b, x); }
  /// for (iv = lb; iv < ub; ++iv) body(iv), with `b` inside the loop.
  void loop(Value lb, Value ub, function_ref<void(Value)> body);
  /// A loop carrying `init`; body(iv, carried) returns the next value.
  Value reduce(Value lb, Value ub, Value init,
               function_ref<Value(Value, Value)> body);

  /// A global holding `constant`, transposed when `transpose`.
  Value global(arith::ConstantOp constant, bool transpose);

  // The walk over the encoder and decoder, in two phases for the decoder:
  // once per command (rowPhase false), once per step (true).
  LogicalResult emitFunction(func::FuncOp func, bool rowPhase);
  LogicalResult emitOp(Operation *op, bool rowPhase);
  // What every op's lowering checks: weights that are constants, and
  // activations computed from the command.
  LogicalResult requireConstant(Operation *op, Value weight, StringRef role);
  LogicalResult requireActivation(Operation *op, unsigned operand);
  FailureOr<int64_t> staticWidth(Operation *op);
  // One lowering per op; ops computed row by row from their first operand
  // share lowerRowWise.
  LogicalResult lowerRowWise(
      Operation *op, function_ref<void(const Buffer &, const Buffer &)> emit);
  LogicalResult lower(attn::EmbedOp op, bool rowPhase);
  LogicalResult lower(attn::LayerNormOp op, bool rowPhase);
  LogicalResult lower(attn::LinearOp op, bool rowPhase);
  LogicalResult lower(attn::AttentionOp op, bool rowPhase);
  LogicalResult lower(arith::AddFOp op, bool rowPhase);
  // Their loops, on buffers.
  void emitEmbed(attn::EmbedOp op, const Buffer &out, bool decoding);
  void emitLayerNorm(attn::LayerNormOp op, const Buffer &in, const Buffer &out);
  void emitLinear(attn::LinearOp op, const Buffer &in, const Buffer &out);
  void emitAttention(attn::AttentionOp op, const Buffer &query,
                     const Buffer &key, const Buffer &value, Value keyRows,
                     bool maskFuture, const Buffer &out);
  void emitAdd(const Buffer &lhs, const Buffer &rhs, const Buffer &out);
  void emitCopyRow(const Buffer &from, Value fromRow, Value to, Value toRow);

  ImplicitLocOpBuilder &b;
  LoweringBuilder build;
  BufferPool pool;
  StepAnalysis steps;
  attn::GreedyDecoderOp model;
  func::FuncOp encoder, decoder;

  /// Where weight reads are materialised: the entry block.
  Operation *entryPoint = nullptr;
  DenseMap<Value, Buffer> buffers;
  /// Per decoder self-attention: the key and value caches.
  DenseMap<Operation *, std::pair<Value, Value>> caches;
  DenseMap<std::pair<Operation *, unsigned>, StringAttr> globals;
  unsigned nextGlobal = 0;
  Operation *moduleInsertPoint = nullptr;

  // The values of the run, and the softmax scratch row.
  Value tokens, count, step, previous, scores;
};

void ModelEmitter::loop(Value lb, Value ub, function_ref<void(Value)> body) {
  auto forOp = scf::ForOp::create(b, lb, ub, build.index(1));
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(forOp.getBody());
  body(forOp.getInductionVar());
}

Value ModelEmitter::reduce(Value lb, Value ub, Value init,
                           function_ref<Value(Value, Value)> body) {
  auto forOp = scf::ForOp::create(b, lb, ub, build.index(1), ValueRange{init});
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(forOp.getBody());
  Value next = body(forOp.getInductionVar(), forOp.getRegionIterArgs()[0]);
  scf::YieldOp::create(b, next);
  return forOp.getResult(0);
}

Buffer BufferPool::allocate(int64_t capacity, int64_t width, Value rows) {
  Buffer buffer{nullptr, rows, capacity, width};
  SmallVector<Value> &reusable = free[{capacity, width}];
  if (!reusable.empty()) {
    buffer.memory = reusable.pop_back_val();
    return buffer;
  }
  buffer.memory =
      allocateFixed(MemRefType::get({capacity, width}, b.getF32Type()));
  return buffer;
}

Value BufferPool::allocateFixed(MemRefType type) {
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPoint(entry);
  return memref::AllocaOp::create(b, type);
}

Value ModelEmitter::global(arith::ConstantOp constant, bool transpose) {
  auto value = cast<DenseElementsAttr>(constant.getValue());
  auto type = cast<RankedTensorType>(value.getType());
  if (transpose)
    type = RankedTensorType::get({type.getDimSize(1), type.getDimSize(0)},
                                 b.getF32Type());
  auto memrefType = MemRefType::get(type.getShape(), type.getElementType());
  StringAttr &name = globals[{constant.getOperation(), unsigned(transpose)}];
  if (!name) {
    if (transpose) {
      int64_t rows = type.getDimSize(1), columns = type.getDimSize(0);
      SmallVector<float> data(value.getValues<float>());
      SmallVector<float> flipped(data.size());
      for (int64_t r = 0; r < rows; ++r)
        for (int64_t c = 0; c < columns; ++c)
          flipped[c * rows + r] = data[r * columns + c];
      value = DenseElementsAttr::get(type, ArrayRef<float>(flipped));
    }
    name = b.getStringAttr("__circc_weight" + std::to_string(nextGlobal++));
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPoint(moduleInsertPoint);
    memref::GlobalOp::create(b, name, b.getStringAttr("private"), memrefType,
                             value, /*constant=*/true, b.getI64IntegerAttr(64));
  }
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPoint(entryPoint);
  return memref::GetGlobalOp::create(b, memrefType, name);
}

/// The constant behind `value`, or null.
static arith::ConstantOp constantOf(Value value) {
  auto constant = value.getDefiningOp<arith::ConstantOp>();
  return constant && isa<DenseElementsAttr>(constant.getValue()) ? constant
                                                                 : nullptr;
}

void ModelEmitter::emitEmbed(attn::EmbedOp op, const Buffer &out,
                             bool decoding) {
  Value table = global(constantOf(op.getTable()), false);
  Value positions = global(constantOf(op.getPositions()), false);
  Value scale = build.f32(op.getScale().convertToFloat());
  // Encoder: ids are the command's tokens at positions 0..n-1. Decoder: the
  // previous output at position `step`.
  loop(build.index(0), out.rows, [&](Value r) {
    Value id = decoding ? previous
                        : arith::IndexCastOp::create(b, b.getIndexType(),
                                                     load(tokens, {r}));
    Value position = decoding ? step : r;
    loop(build.index(0), build.index(out.width), [&](Value c) {
      Value x = arith::MulFOp::create(b, load(table, {id, c}), scale);
      store(arith::AddFOp::create(b, x, load(positions, {position, c})),
            out.memory, {r, c});
    });
  });
}

void ModelEmitter::emitLayerNorm(attn::LayerNormOp op, const Buffer &in,
                                 const Buffer &out) {
  Value gamma = global(constantOf(op.getGamma()), false);
  Value beta = global(constantOf(op.getBeta()), false);
  Value width = build.index(in.width);
  Value inverseWidth = build.f32(1.0f / float(in.width));
  Value epsilon = build.f32(op.getEpsilon().convertToFloat());
  loop(build.index(0), in.rows, [&](Value r) {
    Value sum = reduce(build.index(0), width, build.f32(0), [&](Value c, Value acc) {
      return arith::AddFOp::create(b, acc, load(in.memory, {r, c}));
    });
    Value mean = arith::MulFOp::create(b, sum, inverseWidth);
    Value squares = reduce(build.index(0), width, build.f32(0), [&](Value c, Value acc) {
      Value d = arith::SubFOp::create(b, load(in.memory, {r, c}), mean);
      return arith::AddFOp::create(b, acc, arith::MulFOp::create(b, d, d));
    });
    Value variance = arith::MulFOp::create(b, squares, inverseWidth);
    Value scale = arith::DivFOp::create(
        b, build.f32(1.0f), sqrt(arith::AddFOp::create(b, variance, epsilon)));
    loop(build.index(0), width, [&](Value c) {
      Value d = arith::SubFOp::create(b, load(in.memory, {r, c}), mean);
      Value y = arith::MulFOp::create(
          b, arith::MulFOp::create(b, d, scale), load(gamma, {c}));
      store(arith::AddFOp::create(b, y, load(beta, {c})), out.memory, {r, c});
    });
  });
}

void ModelEmitter::emitLinear(attn::LinearOp op, const Buffer &in,
                              const Buffer &out) {
  // Weights are [out, in]; the product reads them as [in, out].
  Value weight = global(constantOf(op.getWeight()), /*transpose=*/true);
  Value bias = global(constantOf(op.getBias()), false);
  loop(build.index(0), out.rows, [&](Value r) {
    loop(build.index(0), build.index(out.width), [&](Value c) {
      store(load(bias, {c}), out.memory, {r, c});
    });
  });
  auto rows = [&](const Buffer &buffer) -> Value {
    SmallVector<OpFoldResult> offsets = {b.getIndexAttr(0), b.getIndexAttr(0)};
    SmallVector<OpFoldResult> sizes = {buffer.rows,
                                       b.getIndexAttr(buffer.width)};
    SmallVector<OpFoldResult> strides = {b.getIndexAttr(1), b.getIndexAttr(1)};
    return memref::SubViewOp::create(b, buffer.memory, offsets, sizes, strides);
  };
  MLIRContext *ctx = b.getContext();
  AffineExpr r = getAffineDimExpr(0, ctx), i = getAffineDimExpr(1, ctx),
             o = getAffineDimExpr(2, ctx);
  SmallVector<AffineMap> maps = {AffineMap::get(3, 0, {r, i}, ctx),
                                 AffineMap::get(3, 0, {i, o}, ctx),
                                 AffineMap::get(3, 0, {r, o}, ctx)};
  SmallVector<utils::IteratorType> iterators = {utils::IteratorType::parallel,
                                                utils::IteratorType::reduction,
                                                utils::IteratorType::parallel};
  linalg::GenericOp::create(
      b, ValueRange{rows(in), weight}, ValueRange{rows(out)}, maps, iterators,
      [](OpBuilder &nested, Location loc, ValueRange args) {
        // `contract` lets the multiply and add become one fused
        // multiply-add where the target has one (--mcpu with FMA).
        Value product = arith::MulFOp::create(nested, loc, args[0], args[1],
                                              arith::FastMathFlags::contract);
        Value sum = arith::AddFOp::create(nested, loc, args[2], product,
                                          arith::FastMathFlags::contract);
        linalg::YieldOp::create(nested, loc, sum);
      });
  if (!op.getRelu())
    return;
  Value zero = build.f32(0);
  loop(build.index(0), out.rows, [&](Value r) {
    loop(build.index(0), build.index(out.width), [&](Value c) {
      store(arith::MaximumFOp::create(b, load(out.memory, {r, c}), zero),
            out.memory, {r, c});
    });
  });
}

void ModelEmitter::emitAttention(attn::AttentionOp op, const Buffer &query,
                                 const Buffer &key, const Buffer &value,
                                 Value keyRows, bool maskFuture,
                                 const Buffer &out) {
  int64_t heads = op.getHeads();
  int64_t d = query.width / heads;
  Value scale = build.f32(1.0f / std::sqrt(float(d)));
  if (!scores)
    scores = pool.allocateFixed(
        MemRefType::get({std::max(maxInput(), maxOutput())}, b.getF32Type()));
  // Causal attention over all rows at once sees keys up to its own row; the
  // decoder's cached attention sees exactly the cache.
  loop(build.index(0), query.rows, [&](Value r) {
    Value visible =
        maskFuture ? arith::MinUIOp::create(
                     b, arith::AddIOp::create(b, r, build.index(1)), keyRows)
               : keyRows;
    loop(build.index(0), build.index(heads), [&](Value h) {
      Value base = arith::MulIOp::create(b, h, build.index(d));
      Value top = reduce(build.index(0), visible, build.f32(-INFINITY),
                         [&](Value s, Value best) {
        Value dot = reduce(build.index(0), build.index(d), build.f32(0), [&](Value c, Value acc) {
          Value col = arith::AddIOp::create(b, base, c);
          Value p = arith::MulFOp::create(b, load(query.memory, {r, col}),
                                          load(key.memory, {s, col}),
                                          arith::FastMathFlags::contract);
          return arith::AddFOp::create(b, acc, p, arith::FastMathFlags::contract);
        });
        Value score = arith::MulFOp::create(b, dot, scale);
        store(score, scores, {s});
        return arith::MaximumFOp::create(b, best, score);
      });
      Value total = reduce(build.index(0), visible, build.f32(0), [&](Value s, Value acc) {
        Value e = exp(arith::SubFOp::create(b, load(scores, {s}), top));
        store(e, scores, {s});
        return arith::AddFOp::create(b, acc, e);
      });
      Value inverse = arith::DivFOp::create(b, build.f32(1.0f), total);
      loop(build.index(0), build.index(d), [&](Value c) {
        Value col = arith::AddIOp::create(b, base, c);
        Value sum = reduce(build.index(0), visible, build.f32(0), [&](Value s, Value acc) {
          Value p = arith::MulFOp::create(b, load(scores, {s}),
                                          load(value.memory, {s, col}),
                                          arith::FastMathFlags::contract);
          return arith::AddFOp::create(b, acc, p, arith::FastMathFlags::contract);
        });
        store(arith::MulFOp::create(b, sum, inverse), out.memory, {r, col});
      });
    });
  });
}

void ModelEmitter::emitAdd(const Buffer &lhs, const Buffer &rhs,
                           const Buffer &out) {
  loop(build.index(0), out.rows, [&](Value r) {
    loop(build.index(0), build.index(out.width), [&](Value c) {
      store(arith::AddFOp::create(b, load(lhs.memory, {r, c}),
                                  load(rhs.memory, {r, c})),
            out.memory, {r, c});
    });
  });
}

void ModelEmitter::emitCopyRow(const Buffer &from, Value fromRow, Value to,
                               Value toRow) {
  loop(build.index(0), build.index(from.width), [&](Value c) {
    store(load(from.memory, {fromRow, c}), to, {toRow, c});
  });
}

LogicalResult ModelEmitter::requireConstant(Operation *op, Value weight,
                                            StringRef role) {
  if (constantOf(weight))
    return success();
  return op->emitOpError() << "needs a constant " << role << " to be lowered";
}

LogicalResult ModelEmitter::requireActivation(Operation *op, unsigned operand) {
  if (buffers.count(op->getOperand(operand)))
    return success();
  return op->emitOpError() << "operand #" << operand
                           << " is not computed from the command";
}

FailureOr<int64_t> ModelEmitter::staticWidth(Operation *op) {
  int64_t width =
      cast<RankedTensorType>(op->getResult(0).getType()).getDimSize(1);
  if (ShapedType::isDynamic(width))
    return op->emitOpError() << "needs a static width to be lowered";
  return width;
}

LogicalResult ModelEmitter::lower(attn::EmbedOp op, bool rowPhase) {
  if (failed(requireConstant(op, op.getTable(), "token table")) ||
      failed(requireConstant(op, op.getPositions(), "position table")))
    return failure();
  if (!isa<BlockArgument>(op.getIds()))
    return op->emitOpError() << "operand #0 must be the function's token ids";
  FailureOr<int64_t> width = staticWidth(op);
  if (failed(width))
    return failure();
  Buffer out = rowPhase ? pool.allocate(1, *width, build.index(1))
                        : pool.allocate(maxInput(), *width, count);
  emitEmbed(op, out, rowPhase);
  buffers[op.getResult()] = out;
  return success();
}

LogicalResult ModelEmitter::lowerRowWise(
    Operation *op, function_ref<void(const Buffer &, const Buffer &)> emit) {
  if (failed(requireActivation(op, 0)))
    return failure();
  FailureOr<int64_t> width = staticWidth(op);
  if (failed(width))
    return failure();
  Buffer in = buffers.lookup(op->getOperand(0));
  Buffer out = pool.allocate(in.capacity, *width, in.rows);
  emit(in, out);
  buffers[op->getResult(0)] = out;
  return success();
}

LogicalResult ModelEmitter::lower(attn::LayerNormOp op, bool) {
  if (failed(requireConstant(op, op.getGamma(), "gamma")) ||
      failed(requireConstant(op, op.getBeta(), "beta")))
    return failure();
  return lowerRowWise(op, [&](const Buffer &in, const Buffer &out) {
    emitLayerNorm(op, in, out);
  });
}

LogicalResult ModelEmitter::lower(attn::LinearOp op, bool) {
  if (failed(requireConstant(op, op.getWeight(), "weight")) ||
      failed(requireConstant(op, op.getBias(), "bias")))
    return failure();
  return lowerRowWise(op, [&](const Buffer &in, const Buffer &out) {
    emitLinear(op, in, out);
  });
}

LogicalResult ModelEmitter::lower(attn::AttentionOp op, bool rowPhase) {
  for (unsigned operand = 0; operand < 3; ++operand)
    if (failed(requireActivation(op, operand)))
      return failure();
  FailureOr<int64_t> width = staticWidth(op);
  if (failed(width))
    return failure();
  Buffer query = buffers.lookup(op.getQuery()), key = buffers.lookup(op.getKey()),
         value = buffers.lookup(op.getValue());
  Buffer out = pool.allocate(query.capacity, *width, query.rows);
  if (rowPhase && steps.isPerStep(op.getKey())) {
    // Decoder self-attention: append this step's key and value rows to the
    // cache and attend over it.
    if (!op.getCausal())
      return op->emitOpError()
             << "attends to later targets, so the decoder cannot run one "
                "step at a time; decoder self-attention must be causal";
    if (!steps.isPerStep(op.getValue()))
      return op->emitOpError()
             << "has keys that depend on the targets but values that do "
                "not";
    auto [keys, values] = caches.lookup(op);
    Value zero = build.index(0);
    emitCopyRow(key, zero, keys, step);
    emitCopyRow(value, zero, values, step);
    Value cached = arith::AddIOp::create(b, step, build.index(1));
    Buffer keyCache{keys, cached, maxOutput(), *width};
    Buffer valueCache{values, cached, maxOutput(), *width};
    emitAttention(op, query, keyCache, valueCache, cached,
                  /*maskFuture=*/false, out);
  } else {
    emitAttention(op, query, key, value, key.rows, op.getCausal(), out);
  }
  buffers[op.getResult()] = out;
  return success();
}

LogicalResult ModelEmitter::lower(arith::AddFOp op, bool) {
  if (failed(requireActivation(op, 0)) || failed(requireActivation(op, 1)))
    return failure();
  FailureOr<int64_t> width = staticWidth(op);
  if (failed(width))
    return failure();
  Buffer lhs = buffers.lookup(op.getLhs());
  Buffer out = pool.allocate(lhs.capacity, *width, lhs.rows);
  emitAdd(lhs, buffers.lookup(op.getRhs()), out);
  buffers[op.getResult()] = out;
  return success();
}

LogicalResult ModelEmitter::emitOp(Operation *op, bool rowPhase) {
  return TypeSwitch<Operation *, LogicalResult>(op)
      .Case<arith::ConstantOp>([](auto) { return success(); })
      .Case<attn::EmbedOp, attn::LayerNormOp, attn::LinearOp,
            attn::AttentionOp, arith::AddFOp>(
          [&](auto typed) { return lower(typed, rowPhase); })
      .Default([](Operation *other) {
        return other->emitOpError()
               << "cannot be lowered by convert-attn-to-standard";
      });
}

LogicalResult ModelEmitter::emitFunction(func::FuncOp func, bool rowPhase) {
  // How many uses of each value are still to be emitted in this phase.
  DenseMap<Value, unsigned> pending;
  for (Operation &op : func.getBody().front())
    for (Value operand : op.getOperands())
      ++pending[operand];
  for (Operation &op : func.getBody().front()) {
    if (isa<func::ReturnOp>(op))
      continue;
    bool isStep = llvm::any_of(op.getResults(),
                               [&](Value v) { return steps.isPerStep(v); });
    if (func == decoder && isStep != rowPhase)
      continue;
    if (failed(emitOp(&op, rowPhase)))
      return failure();
    // Buffers of this phase whose last use this was go back to the pool.
    for (Value operand : op.getOperands()) {
      if (--pending[operand] != 0 || !buffers.count(operand) ||
          isa<BlockArgument>(operand))
        continue;
      bool samePhase = func != decoder || steps.isPerStep(operand) == rowPhase;
      if (samePhase)
        pool.release(buffers[operand]);
    }
  }
  return success();
}

LogicalResult StepAnalysis::analyze(func::FuncOp decoder) {
  // The decoder values that depend on the targets.
  perStep.insert(decoder.getArgument(0));
  for (Operation &op : decoder.getBody().front())
    if (llvm::any_of(op.getOperands(),
                     [&](Value v) { return perStep.contains(v); }))
      for (Value result : op.getResults())
        perStep.insert(result);
  logitsValue = cast<func::ReturnOp>(decoder.getBody().front().getTerminator())
                    .getOperand(0);
  if (!perStep.contains(logitsValue))
    return decoder.emitOpError() << "returns logits that do not depend on the "
                                    "targets";
  return success();
}

LogicalResult ModelEmitter::emit(const RuntimeMetadata &metadata) {
  auto func = func::FuncOp::create(
      b, kLogitsOneName,
      logitsOneType(b, maxInput(), maxOutput(), vocabulary()));
  func.setPrivate();
  func->setAttr(kMetadataAttr, metadata.toAttribute(b));
  Block *entry = func.addEntryBlock();
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(entry);
  Operation *marker = arith::ConstantIndexOp::create(b, 0);
  // The weights go before the function that reads them.
  FailureOr<Value> status =
      emitRun(marker, func, entry->getArgument(0), entry->getArgument(1),
              entry->getArgument(2), entry->getArgument(3),
              entry->getArgument(4), entry->getArgument(5));
  if (failed(status))
    return failure();
  func::ReturnOp::create(b, *status);
  return success();
}

FailureOr<Value> ModelEmitter::emitRun(Operation *marker,
                                       Operation *globalsBefore, Value tokensIn,
                                       Value n, Value out, Value capacity,
                                       Value info, Value logits) {
  auto i32Type = b.getI32Type();
  int64_t vocab = vocabulary();
  entryPoint = marker;
  pool.setEntry(marker);
  moduleInsertPoint = globalsBefore;
  tokens = tokensIn;
  count = arith::IndexCastOp::create(b, b.getIndexType(), n);
  Value zero = build.index(0);

  // An empty command has nothing to attend to.
  Value empty = arith::CmpIOp::create(b, arith::CmpIPredicate::eq, count, zero);
  auto ifEmpty = scf::IfOp::create(b, i32Type, empty, /*withElse=*/true);
  b.setInsertionPointToStart(&ifEmpty.getThenRegion().front());
  store(build.i32(0), info, {zero});
  scf::YieldOp::create(b, build.i32(CIRCC_NO_PARSE));
  b.setInsertionPointToStart(&ifEmpty.getElseRegion().front());

  // The encoder, then what the decoder computes from the memory alone.
  if (failed(emitFunction(encoder, /*rowPhase=*/false)))
    return failure();
  Value memoryValue =
      cast<func::ReturnOp>(encoder.getBody().front().getTerminator())
          .getOperand(0);
  buffers[decoder.getArgument(1)] = buffers.lookup(memoryValue);
  if (failed(emitFunction(decoder, /*rowPhase=*/false)))
    return failure();
  for (Operation &op : decoder.getBody().front())
    if (auto attention = dyn_cast<attn::AttentionOp>(op);
        attention && steps.isPerStep(attention.getKey())) {
      auto type = MemRefType::get(
          {maxOutput(),
           cast<RankedTensorType>(attention.getKey().getType()).getDimSize(1)},
          b.getF32Type());
      caches[attention] = {pool.allocateFixed(type), pool.allocateFixed(type)};
    }

  // Greedy decoding: (previous id, outputs so far, still running).
  Value produced;
  Value outputs = pool.allocateFixed(MemRefType::get({maxOutput()}, i32Type));
  Value eos = build.index(model.getEos());
  Value running = arith::ConstantOp::create(b, b.getBoolAttr(true));
  auto decoding = scf::ForOp::create(
      b, zero, build.index(maxOutput()), build.index(1),
      ValueRange{build.index(model.getBos()), zero, running});
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(decoding.getBody());
    step = decoding.getInductionVar();
    previous = decoding.getRegionIterArgs()[0];
    Value length = decoding.getRegionIterArgs()[1];
    Value active = decoding.getRegionIterArgs()[2];
    auto ifActive = scf::IfOp::create(
        b, TypeRange{b.getIndexType(), b.getIndexType(), b.getI1Type()},
        active, /*withElse=*/true);
    scf::YieldOp::create(b, ifActive.getResults());
    b.setInsertionPointToStart(&ifActive.getElseRegion().front());
    scf::YieldOp::create(b, ValueRange{previous, length, active});

    b.setInsertionPointToStart(&ifActive.getThenRegion().front());
    if (failed(emitFunction(decoder, /*rowPhase=*/true)))
      return failure();
    Buffer row = buffers.lookup(steps.logits());
    emitCopyRow(row, zero, logits, step);
    // The first largest logit.
    auto best = scf::ForOp::create(b, build.index(1), build.index(vocab), build.index(1),
                                   ValueRange{zero, load(row.memory, {zero, zero})});
    {
      OpBuilder::InsertionGuard inner(b);
      b.setInsertionPointToStart(best.getBody());
      Value v = best.getInductionVar();
      Value x = load(row.memory, {zero, v});
      Value better = arith::CmpFOp::create(b, arith::CmpFPredicate::OGT, x,
                                           best.getRegionIterArgs()[1]);
      scf::YieldOp::create(
          b, ValueRange{arith::SelectOp::create(b, better, v,
                                                best.getRegionIterArgs()[0]),
                        arith::SelectOp::create(b, better, x,
                                                best.getRegionIterArgs()[1])});
    }
    Value next = best.getResult(0);
    Value more = arith::CmpIOp::create(b, arith::CmpIPredicate::ne, next, eos);
    auto ifMore = scf::IfOp::create(b, b.getIndexType(), more, true);
    {
      OpBuilder::InsertionGuard inner(b);
      b.setInsertionPointToStart(&ifMore.getThenRegion().front());
      store(arith::IndexCastOp::create(b, i32Type, next), outputs, {length});
      scf::YieldOp::create(b, ValueRange{arith::AddIOp::create(b, length, build.index(1))});
      b.setInsertionPointToStart(&ifMore.getElseRegion().front());
      scf::YieldOp::create(b, ValueRange{length});
    }
    scf::YieldOp::create(b, ValueRange{next, ifMore.getResult(0), more});
  }
  produced = decoding.getResult(1);

  // Copy the outputs when they fit.
  Value produced32 = arith::IndexCastOp::create(b, i32Type, produced);
  store(produced32, info, {zero});
  Value fits = arith::CmpIOp::create(b, arith::CmpIPredicate::sle, produced32,
                                     capacity);
  auto ifFits = scf::IfOp::create(b, i32Type, fits, true);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(&ifFits.getThenRegion().front());
    loop(zero, produced, [&](Value i) { store(load(outputs, {i}), out, {i}); });
    scf::YieldOp::create(b, build.i32(CIRCC_OK));
    b.setInsertionPointToStart(&ifFits.getElseRegion().front());
    scf::YieldOp::create(b, build.i32(CIRCC_OUTPUT_TOO_SMALL));
  }
  scf::YieldOp::create(b, ifFits.getResult(0));
  b.setInsertionPointAfter(ifEmpty);
  return ifEmpty.getResult(0);
}

} // namespace

namespace {

struct ConvertAttnToStandardPass
    : public circc::impl::ConvertAttnToStandardBase<ConvertAttnToStandardPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<attn::GreedyDecoderOp> models(
        module.getOps<attn::GreedyDecoderOp>());
    if (models.empty())
      return;
    if (models.size() > 1) {
      models[1].emitOpError() << "is a second model; a library holds one";
      return signalPassFailure();
    }
    attn::GreedyDecoderOp model = models.front();
    SymbolTable symbols(module);
    auto encoder = symbols.lookup<func::FuncOp>(model.getEncoder());
    auto decoder = symbols.lookup<func::FuncOp>(model.getDecoder());
    if (!encoder || !decoder) {
      model.emitOpError() << "names functions the module does not hold";
      return signalPassFailure();
    }

    ImplicitLocOpBuilder b(model.getLoc(), model);
    ModelEmitter emitter(b, model, encoder, decoder);
    if (failed(emitter.analyze()))
      return signalPassFailure();

    // The metadata the runtime reads.
    int64_t params = 0;
    for (func::FuncOp func : {encoder, decoder})
      func.walk([&](arith::ConstantOp constant) {
        if (auto type = dyn_cast<RankedTensorType>(constant.getType());
            type && type.getElementType().isF32())
          params += type.getNumElements();
      });
    RuntimeMetadata metadata;
    metadata.name = model.getSymName();
    for (StringRef token : model.getSourceTokens().getAsValueRange<StringAttr>())
      metadata.tokens.push_back(token);
    for (StringRef token : model.getTargetTokens().getAsValueRange<StringAttr>())
      metadata.outputs.push_back(token);
    metadata.maxInput = emitter.maxInput();
    metadata.maxOutput = emitter.maxOutput();
    metadata.paramCount = params;
    if (failed(emitter.emit(metadata)))
      return signalPassFailure();

    model.erase();
    if (SymbolTable::symbolKnownUseEmpty(encoder, module))
      encoder.erase();
    if (SymbolTable::symbolKnownUseEmpty(decoder, module))
      decoder.erase();
  }
};

} // namespace
