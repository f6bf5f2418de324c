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
// else is scf loops. A batch (`@__circc_decode_batch`) encodes all its
// commands at once, their tokens packed row after row, then decodes them in
// lockstep, one row per command, with register-tiled products.
//
//===----------------------------------------------------------------------===//

#include "circc/Conversion/AttnToStandard.h"
#include "circc/Support/LoweringBuilder.h"
#include "circc/Support/RuntimeABI.h"
#include "circc/Dialect/Attn/AttnOps.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>
#include <map>
#include <tuple>

namespace circc {
#define GEN_PASS_DEF_CONVERTATTNTOSTANDARD
#include "circc/Conversion/Passes.h.inc"
} // namespace circc

using namespace mlir;
using namespace circc;

namespace {

/// Floats per vector and the register tile of a batch's matrix products:
/// 8 rows x 2 vectors of 16 floats are 16 accumulators, half of an
/// AVX-512 register file (on narrower targets LLVM splits the vectors).
constexpr int64_t kLanes = 16;
constexpr int64_t kTileRows = 8;
constexpr int64_t kTileColumns = 2 * kLanes;
/// Inputs per block of a product: a block of a panel (16 KiB) stays in
/// the L1 cache while every row tile of the batch reads it.
constexpr int64_t kInputBlock = 128;

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

  /// Allocations go before `marker`, an op at the start of the entry block:
  /// stack buffers, or with a `workspace` (a 1-d i8 memref) views of it at
  /// 64-byte aligned offsets. Forgets the buffers of an earlier run.
  void setEntry(Operation *marker, Value workspace = nullptr) {
    entry = marker;
    this->workspace = workspace;
    workspaceBytes = 0;
    free.clear();
  }
  /// The bytes of workspace the views so far take.
  int64_t bytes() const { return workspaceBytes; }
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
  Value workspace;
  int64_t workspaceBytes = 0;
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

  /// Whether the decoder can run in lockstep over a batch: each value it
  /// computes from the memory alone and reads at every step is the keys or
  /// values of an attention.
  bool canBatch();
  /// Emits `@__circc_decode_batch` (circc_decode_batch_fn) for `tile`
  /// commands, a multiple of kTileRows, after `emit`; returns the bytes of
  /// workspace it needs.
  FailureOr<int64_t> emitBatch(int64_t tile);

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
  /// The same over vectors of kLanes floats: the sum of body(c) for c =
  /// 0, kLanes, ... < width, reduced to one float (reassociated).
  Value vectorSum(int64_t width, function_ref<Value(Value)> body);
  Value vectorLoad(Value memory, ValueRange indices, int64_t lanes = kLanes) {
    return vector::LoadOp::create(
        b, VectorType::get({lanes}, b.getF32Type()), memory, indices);
  }
  Value splat(Value scalar, int64_t lanes = kLanes) {
    return vector::BroadcastOp::create(
        b, VectorType::get({lanes}, b.getF32Type()), scalar);
  }
  /// `rows` rounded up to whole register tiles (kTileRows).
  Value wholeTiles(Value rows) {
    Value tileRows = build.index(kTileRows);
    Value up = arith::AddIOp::create(b, rows, build.index(kTileRows - 1));
    return arith::MulIOp::create(b, arith::DivUIOp::create(b, up, tileRows),
                                 tileRows);
  }
  /// The index of the first largest of `columns` floats in row `row`.
  Value argmax(Value memory, Value row, int64_t columns);

  /// How a global holds a constant: as it is, a linear's weight transposed
  /// to [in, out] (from output column `first` on), or that weight's first
  /// kTileColumns x (out / kTileColumns) columns as contiguous panels
  /// [out / kTileColumns, in, kTileColumns], the order a register tile reads.
  enum class Layout { AsIs, Transposed, Panels };
  /// A global holding `constant` in `layout`.
  Value global(arith::ConstantOp constant, Layout layout = Layout::AsIs,
               int64_t first = 0);

  // The walk over the encoder and decoder, in two phases for the decoder:
  // once per command (rowPhase false), once per step (true).
  LogicalResult emitFunction(func::FuncOp func, bool rowPhase);
  /// The encoder, then the decoder's values of the memory alone.
  LogicalResult emitMemoryPhase();
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
  /// Columns [first, width) of a linear's output, as a linalg.generic over
  /// those columns of the weight as [in, out].
  void emitLinearColumns(attn::LinearOp op, Value weight, Value bias,
                         const Buffer &in, const Buffer &out, int64_t first);
  /// Columns [0, width rounded down to kTileColumns) of a linear's output,
  /// in register tiles of kTileRows x kTileColumns (rows rounded up).
  void emitTiledLinear(attn::LinearOp op, Value weight, Value bias,
                       const Buffer &in, const Buffer &out);
  /// Query row r attends to key rows firstKey(r) + [0, visible(r)).
  void emitAttention(attn::AttentionOp op, const Buffer &query,
                     const Buffer &key, const Buffer &value,
                     function_ref<Value(Value)> firstKey,
                     function_ref<Value(Value)> visible, const Buffer &out);
  /// The same for a batch whose heads are vectors.
  void emitVectorAttention(attn::AttentionOp op, const Buffer &query,
                           const Buffer &key, const Buffer &value,
                           function_ref<Value(Value)> firstKey,
                           function_ref<Value(Value)> visible,
                           const Buffer &out);
  /// The sums of `parts` (a power of two of them, at most kLanes, each a
  /// vector of a multiple of kLanes floats) as one vector, part i in lane i.
  Value sumHeads(ArrayRef<Value> parts);
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
  std::map<std::tuple<Operation *, unsigned, int64_t>, StringAttr> globals;
  unsigned nextGlobal = 0;
  Operation *moduleInsertPoint = nullptr;

  // The values of the run, and the softmax scratch row.
  Value tokens, count, step, previous, scores;
  /// A batch's scores, one row per head; or, where a key's scores for all
  /// heads are one vector, one row per key.
  Value headScores, keyScores;

  // A batch run (tile > 0): per command, its token count; per row of a
  // step, the previous output; the rows a step computes (the commands
  // rounded up to kTileRows).
  int64_t tile = 0;
  Value counts, previousIds, stepRows;
  /// A batch's encoder runs once over the rows of all its commands packed
  /// one after another: per command, its first row (and past the last,
  /// the total), and per row, its command.
  Value starts, rowCommands;
  /// Rows of an encoder buffer: one command's tokens, or a batch's packed
  /// rows plus room for whole register tiles and the row an empty command
  /// attends to.
  int64_t inputCapacity() {
    return tile ? llvm::alignTo(tile * maxInput() + 1, kTileRows)
                : maxInput();
  }
  /// In a batch's encoder, the command of packed row `r` and the row's
  /// position in it.
  std::pair<Value, Value> commandAndPosition(Value r) {
    Value c = build.toIndex(load(rowCommands, {r}));
    Value first = build.toIndex(load(starts, {c}));
    return {c, arith::SubIOp::create(b, r, first)};
  }
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

Value ModelEmitter::vectorSum(int64_t width,
                              function_ref<Value(Value)> body) {
  auto type = VectorType::get({kLanes}, b.getF32Type());
  Value zero = arith::ConstantOp::create(b, type, b.getZeroAttr(type));
  auto forOp = scf::ForOp::create(b, build.index(0), build.index(width),
                                  build.index(kLanes), ValueRange{zero});
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(forOp.getBody());
    Value next = arith::AddFOp::create(b, forOp.getRegionIterArgs()[0],
                                       body(forOp.getInductionVar()),
                                       arith::FastMathFlags::contract);
    scf::YieldOp::create(b, next);
  }
  return vector::ReductionOp::create(b, vector::CombiningKind::ADD,
                                     forOp.getResult(0), Value(),
                                     arith::FastMathFlags::reassoc);
}

Value ModelEmitter::argmax(Value memory, Value row, int64_t columns) {
  Value zero = build.index(0);
  auto best = scf::ForOp::create(b, build.index(1), build.index(columns),
                                 build.index(1),
                                 ValueRange{zero, load(memory, {row, zero})});
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(best.getBody());
  Value v = best.getInductionVar();
  Value x = load(memory, {row, v});
  Value better = arith::CmpFOp::create(b, arith::CmpFPredicate::OGT, x,
                                       best.getRegionIterArgs()[1]);
  scf::YieldOp::create(
      b, ValueRange{
             arith::SelectOp::create(b, better, v, best.getRegionIterArgs()[0]),
             arith::SelectOp::create(b, better, x, best.getRegionIterArgs()[1])});
  return best.getResult(0);
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
  if (!workspace)
    return memref::AllocaOp::create(b, type);
  Value offset = arith::ConstantIndexOp::create(b, workspaceBytes);
  int64_t size = type.getNumElements() * type.getElementTypeBitWidth() / 8;
  workspaceBytes += llvm::alignTo(size, 64);
  return memref::ViewOp::create(b, type, workspace, offset, ValueRange{});
}

Value ModelEmitter::global(arith::ConstantOp constant, Layout layout,
                           int64_t first) {
  auto value = cast<DenseElementsAttr>(constant.getValue());
  auto type = cast<RankedTensorType>(value.getType());
  StringAttr &name =
      globals[{constant.getOperation(), unsigned(layout), first}];
  if (layout != Layout::AsIs) {
    // A linear's weight W[o][i]: as [in, out] from column `first` on, or
    // as panels P[s][i][j] = W[s * kTileColumns + j][i].
    int64_t outputs = type.getDimSize(0), inputs = type.getDimSize(1);
    int64_t panels = outputs / kTileColumns;
    type = layout == Layout::Panels
               ? RankedTensorType::get({panels, inputs, kTileColumns},
                                       b.getF32Type())
               : RankedTensorType::get({inputs, outputs - first},
                                       b.getF32Type());
    if (!name) {
      SmallVector<float> data(value.getValues<float>());
      SmallVector<float> moved;
      moved.reserve(type.getNumElements());
      if (layout == Layout::Panels) {
        for (int64_t p = 0; p < panels; ++p)
          for (int64_t i = 0; i < inputs; ++i)
            for (int64_t j = 0; j < kTileColumns; ++j)
              moved.push_back(data[(p * kTileColumns + j) * inputs + i]);
      } else {
        for (int64_t i = 0; i < inputs; ++i)
          for (int64_t o = first; o < outputs; ++o)
            moved.push_back(data[o * inputs + i]);
      }
      value = DenseElementsAttr::get(type, ArrayRef<float>(moved));
    }
  }
  auto memrefType = MemRefType::get(type.getShape(), type.getElementType());
  if (!name) {
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
  Value table = global(constantOf(op.getTable()));
  Value positions = global(constantOf(op.getPositions()));
  Value scale = build.f32(op.getScale().convertToFloat());
  // Encoder: ids are the command's tokens at positions 0..n-1 (a batch's:
  // packed row r's command's token at r's position). Decoder: the previous
  // output at position `step`.
  loop(build.index(0), out.rows, [&](Value r) {
    Value id, position = decoding ? step : r;
    if (decoding) {
      id = tile ? build.toIndex(load(previousIds, {r})) : previous;
    } else if (tile) {
      auto [c, p] = commandAndPosition(r);
      id = build.toIndex(load(tokens, {c, p}));
      position = p;
    } else {
      id = build.toIndex(load(tokens, {r}));
    }
    loop(build.index(0), build.index(out.width), [&](Value c) {
      Value x = arith::MulFOp::create(b, load(table, {id, c}), scale);
      store(arith::AddFOp::create(b, x, load(positions, {position, c})),
            out.memory, {r, c});
    });
  });
}

void ModelEmitter::emitLayerNorm(attn::LayerNormOp op, const Buffer &in,
                                 const Buffer &out) {
  Value gamma = global(constantOf(op.getGamma()));
  Value beta = global(constantOf(op.getBeta()));
  Value width = build.index(in.width);
  Value inverseWidth = build.f32(1.0f / float(in.width));
  Value epsilon = build.f32(op.getEpsilon().convertToFloat());
  if (tile && in.width % kLanes == 0) {
    // The same, kLanes columns at a time.
    loop(build.index(0), in.rows, [&](Value r) {
      Value mean = arith::MulFOp::create(
          b, vectorSum(in.width, [&](Value c) { return vectorLoad(in.memory, {r, c}); }),
          inverseWidth);
      Value means = splat(mean);
      Value variance = arith::MulFOp::create(
          b, vectorSum(in.width, [&](Value c) {
            Value d = arith::SubFOp::create(b, vectorLoad(in.memory, {r, c}), means);
            return arith::MulFOp::create(b, d, d, arith::FastMathFlags::contract);
          }),
          inverseWidth);
      Value scale = splat(arith::DivFOp::create(
          b, build.f32(1.0f), sqrt(arith::AddFOp::create(b, variance, epsilon))));
      auto columns = scf::ForOp::create(b, build.index(0), width,
                                        build.index(kLanes));
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(columns.getBody());
      Value c = columns.getInductionVar();
      Value d = arith::SubFOp::create(b, vectorLoad(in.memory, {r, c}), means);
      Value y = arith::MulFOp::create(b, arith::MulFOp::create(b, d, scale),
                                      vectorLoad(gamma, {c}));
      vector::StoreOp::create(b, arith::AddFOp::create(b, y, vectorLoad(beta, {c})),
                              out.memory, ValueRange{r, c});
    });
    return;
  }
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
  // Weights are [out, in]; the products read them as [in, out], or a
  // batch's register tiles as panels.
  arith::ConstantOp weight = constantOf(op.getWeight());
  Value bias = global(constantOf(op.getBias()));
  int64_t tiled = tile ? out.width / kTileColumns * kTileColumns : 0;
  if (tiled)
    emitTiledLinear(op, global(weight, Layout::Panels), bias, in, out);
  if (tiled < out.width)
    emitLinearColumns(op, global(weight, Layout::Transposed, tiled), bias, in,
                      out, tiled);
}

void ModelEmitter::emitLinearColumns(attn::LinearOp op, Value weight,
                                     Value bias, const Buffer &in,
                                     const Buffer &out, int64_t first) {
  Value firstColumn = build.index(first), width = build.index(out.width);
  loop(build.index(0), out.rows, [&](Value r) {
    loop(firstColumn, width, [&](Value c) {
      store(load(bias, {c}), out.memory, {r, c});
    });
  });
  auto slice = [&](Value memory, OpFoldResult rows, int64_t column,
                   int64_t columns) -> Value {
    SmallVector<OpFoldResult> offsets = {b.getIndexAttr(0),
                                         b.getIndexAttr(column)};
    SmallVector<OpFoldResult> sizes = {rows, b.getIndexAttr(columns)};
    SmallVector<OpFoldResult> strides = {b.getIndexAttr(1), b.getIndexAttr(1)};
    return memref::SubViewOp::create(b, memory, offsets, sizes, strides);
  };
  int64_t columns = out.width - first;
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
      b,
      ValueRange{slice(in.memory, in.rows, 0, in.width), weight},
      ValueRange{slice(out.memory, out.rows, first, columns)}, maps, iterators,
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
    loop(firstColumn, width, [&](Value c) {
      store(arith::MaximumFOp::create(b, load(out.memory, {r, c}), zero),
            out.memory, {r, c});
    });
  });
}

void ModelEmitter::emitTiledLinear(attn::LinearOp op, Value weight, Value bias,
                                   const Buffer &in, const Buffer &out) {
  // For each panel of kTileColumns output columns, for each block of
  // kInputBlock inputs, for each tile of kTileRows rows: the tile's
  // accumulators start at the bias (first block) or the sums so far, take
  // one broadcast input times one weight row per input, in input order
  // (the order of the per-command product), and are stored whole.
  constexpr int64_t kVectors = kTileColumns / kLanes;
  auto vectorType = VectorType::get({kLanes}, b.getF32Type());
  Value rows = wholeTiles(in.rows);
  auto panelLoop = scf::ForOp::create(b, build.index(0),
                                      build.index(out.width / kTileColumns),
                                      build.index(1));
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(panelLoop.getBody());
  Value panel = panelLoop.getInductionVar();
  Value c0 = arith::MulIOp::create(b, panel, build.index(kTileColumns));
  SmallVector<Value> columns, offsets, biases;
  for (int64_t j = 0; j < kVectors; ++j) {
    offsets.push_back(build.index(j * kLanes));
    columns.push_back(arith::AddIOp::create(b, c0, offsets.back()));
    biases.push_back(vectorLoad(bias, {columns.back()}));
  }
  int64_t blocks = llvm::divideCeil(in.width, kInputBlock);
  Value zero = arith::ConstantOp::create(b, vectorType,
                                         b.getZeroAttr(vectorType));
  // The panels as one array, for prefetching: the blocks are read in
  // memory order, and while the row tiles read one block from the L1
  // cache, its successor is fetched, prefetchFloats per input step over
  // the first prefetchTiles row tiles (up to 8, a power of two, as many as
  // the buffer holds; later ones fetch it again).
  Value flat = memref::CollapseShapeOp::create(
      b, weight, ArrayRef<ReassociationIndices>{{0, 1, 2}});
  int64_t flatSize = cast<MemRefType>(weight.getType()).getNumElements();
  int64_t prefetchTiles = int64_t(1) << llvm::Log2_64(std::clamp<int64_t>(
                              in.capacity / kTileRows, 1, 8));
  int64_t prefetchFloats = kTileColumns / prefetchTiles;
  Value panelStart = arith::MulIOp::create(b, panel, build.index(in.width));
  // One block of inputs [first, last) over every row tile; the last block
  // applies the ReLU as it stores the sums.
  auto emitBlock = [&](Value first, Value last, bool fromBias, bool relu) {
    // Where the next block starts, as floats of `flat`.
    Value next = arith::MulIOp::create(
        b, arith::AddIOp::create(b, panelStart, last),
        build.index(kTileColumns));
    auto rowLoop = scf::ForOp::create(b, build.index(0), rows,
                                      build.index(kTileRows));
    OpBuilder::InsertionGuard inner(b);
    b.setInsertionPointToStart(rowLoop.getBody());
    Value r0 = rowLoop.getInductionVar();
    Value tileIndex = arith::RemUIOp::create(
        b, arith::DivUIOp::create(b, r0, build.index(kTileRows)),
        build.index(prefetchTiles));
    Value fetchBase = arith::SubIOp::create(
        b,
        arith::AddIOp::create(
            b, next,
            arith::MulIOp::create(
                b, tileIndex, build.index(kInputBlock * prefetchFloats))),
        arith::MulIOp::create(b, first, build.index(prefetchFloats)));
    SmallVector<Value> tileRows, init;
    for (int64_t rr = 0; rr < kTileRows; ++rr) {
      tileRows.push_back(arith::AddIOp::create(b, r0, build.index(rr)));
      for (int64_t j = 0; j < kVectors; ++j)
        init.push_back(fromBias ? biases[j]
                                : vectorLoad(out.memory,
                                             {tileRows.back(), columns[j]}));
    }
    auto inputLoop =
        scf::ForOp::create(b, first, last, build.index(1), init);
    {
      OpBuilder::InsertionGuard body(b);
      b.setInsertionPointToStart(inputLoop.getBody());
      Value i = inputLoop.getInductionVar();
      Value fetch = arith::MinUIOp::create(
          b,
          arith::AddIOp::create(
              b, fetchBase,
              arith::MulIOp::create(b, i, build.index(prefetchFloats))),
          build.index(flatSize - 1));
      memref::PrefetchOp::create(b, flat, ValueRange{fetch}, /*isWrite=*/false,
                                 /*localityHint=*/3, /*isDataCache=*/true);
      SmallVector<Value> weights;
      for (int64_t j = 0; j < kVectors; ++j)
        weights.push_back(vectorLoad(weight, {panel, i, offsets[j]}));
      SmallVector<Value> next;
      for (int64_t rr = 0; rr < kTileRows; ++rr) {
        Value x = splat(load(in.memory, {tileRows[rr], i}));
        for (int64_t j = 0; j < kVectors; ++j) {
          Value product = arith::MulFOp::create(
              b, x, weights[j], arith::FastMathFlags::contract);
          next.push_back(arith::AddFOp::create(
              b, inputLoop.getRegionIterArgs()[rr * kVectors + j], product,
              arith::FastMathFlags::contract));
        }
      }
      scf::YieldOp::create(b, next);
    }
    for (int64_t rr = 0; rr < kTileRows; ++rr)
      for (int64_t j = 0; j < kVectors; ++j) {
        Value result = inputLoop.getResult(rr * kVectors + j);
        if (relu)
          result = arith::MaximumFOp::create(b, result, zero);
        vector::StoreOp::create(b, result, out.memory,
                                ValueRange{tileRows[rr], columns[j]});
      }
  };
  // The first block, the middle ones in a loop, the last one.
  bool relu = op.getRelu();
  int64_t lastStart = (blocks - 1) * kInputBlock;
  Value block = build.index(kInputBlock);
  emitBlock(build.index(0), build.index(std::min(kInputBlock, in.width)),
            /*fromBias=*/true, /*relu=*/relu && blocks == 1);
  if (blocks > 2) {
    auto blockLoop =
        scf::ForOp::create(b, block, build.index(lastStart), block);
    OpBuilder::InsertionGuard inner(b);
    b.setInsertionPointToStart(blockLoop.getBody());
    Value first = blockLoop.getInductionVar();
    emitBlock(first, arith::AddIOp::create(b, first, block),
              /*fromBias=*/false, /*relu=*/false);
  }
  if (blocks > 1)
    emitBlock(build.index(lastStart), build.index(in.width),
              /*fromBias=*/false, relu);
}

void ModelEmitter::emitAttention(attn::AttentionOp op, const Buffer &query,
                                 const Buffer &key, const Buffer &value,
                                 function_ref<Value(Value)> firstKey,
                                 function_ref<Value(Value)> visibleKeys,
                                 const Buffer &out) {
  int64_t heads = op.getHeads();
  int64_t d = query.width / heads;
  // A batch's heads are whole vectors when they can be.
  if (tile && d % 8 == 0 && d <= 64 && heads <= 16)
    return emitVectorAttention(op, query, key, value, firstKey, visibleKeys,
                               out);
  Value scale = build.f32(1.0f / std::sqrt(float(d)));
  if (!scores)
    scores = pool.allocateFixed(
        MemRefType::get({std::max(maxInput(), maxOutput())}, b.getF32Type()));
  loop(build.index(0), query.rows, [&](Value r) {
    Value first = firstKey(r), visible = visibleKeys(r);
    auto keyRow = [&](Value s) { return arith::AddIOp::create(b, first, s); };
    loop(build.index(0), build.index(heads), [&](Value h) {
      Value base = arith::MulIOp::create(b, h, build.index(d));
      Value top = reduce(build.index(0), visible, build.f32(-INFINITY),
                         [&](Value s, Value best) {
        Value dot = reduce(build.index(0), build.index(d), build.f32(0),
                           [&](Value c, Value acc) {
          Value col = arith::AddIOp::create(b, base, c);
          Value p = arith::MulFOp::create(b, load(query.memory, {r, col}),
                                          load(key.memory, {keyRow(s), col}),
                                          arith::FastMathFlags::contract);
          return arith::AddFOp::create(b, acc, p,
                                       arith::FastMathFlags::contract);
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
                                          load(value.memory, {keyRow(s), col}),
                                          arith::FastMathFlags::contract);
          return arith::AddFOp::create(b, acc, p, arith::FastMathFlags::contract);
        });
        store(arith::MulFOp::create(b, sum, inverse), out.memory, {r, col});
      });
    });
  });
}

void ModelEmitter::emitVectorAttention(attn::AttentionOp op,
                                       const Buffer &query, const Buffer &key,
                                       const Buffer &value,
                                       function_ref<Value(Value)> firstKey,
                                       function_ref<Value(Value)> visibleKeys,
                                       const Buffer &out) {
  // Per query row, every head at once: one pass over the key rows (each
  // read whole, in order) for the scores of all heads, the softmax of each
  // head, one pass over the value rows with one vector accumulator per
  // head.
  int64_t heads = op.getHeads();
  int64_t d = query.width / heads;
  int64_t keys = std::max(maxInput(), maxOutput());
  auto f32 = b.getF32Type();
  auto headType = VectorType::get({d}, f32);
  Value scale = build.f32(1.0f / std::sqrt(float(d)));
  Value zero = build.index(0), one = build.index(1);
  SmallVector<Value> bases;
  for (int64_t h = 0; h < heads; ++h)
    bases.push_back(build.index(h * d));
  // Each command's keys and values are rows of their own, far from the
  // last command's: those of the next query row are fetched while this row
  // reads its own.
  auto prefetchRow = [&](const Buffer &from, Value row) {
    row = arith::MinUIOp::create(b, row, build.index(from.capacity - 1));
    for (int64_t c = 0; c < from.width; c += kLanes)
      memref::PrefetchOp::create(b, from.memory, ValueRange{row, build.index(c)},
                                 /*isWrite=*/false, /*localityHint=*/2,
                                 /*isDataCache=*/true);
  };
  // With heads of whole vectors, a power of two of them, a key's scores
  // are one tree of shuffles and adds (sumHeads) rather than a reduction
  // per head.
  bool treeScores = d % kLanes == 0 && llvm::isPowerOf2_64(heads) &&
                    heads <= kLanes;
  // Those scores are a row per key, and each softmax step runs over all
  // heads at once; otherwise each head has a row of scores.
  Value &scoreRows = treeScores ? keyScores : headScores;
  if (!scoreRows)
    scoreRows = pool.allocateFixed(MemRefType::get(
        treeScores ? ArrayRef<int64_t>{keys, 16} : ArrayRef<int64_t>{16, keys},
        f32));
  auto weight = [&](int64_t h, Value s) {
    return treeScores ? load(keyScores, {s, build.index(h)})
                      : load(headScores, {build.index(h), s});
  };
  loop(zero, query.rows, [&](Value r) {
    Value first = firstKey(r), visible = visibleKeys(r);
    Value nextFirst = firstKey(arith::AddIOp::create(b, r, one));
    SmallVector<Value> q;
    for (int64_t h = 0; h < heads; ++h)
      q.push_back(vectorLoad(query.memory, {r, bases[h]}, d));
    loop(zero, visible, [&](Value s) {
      Value row = arith::AddIOp::create(b, first, s);
      prefetchRow(key, arith::AddIOp::create(b, nextFirst, s));
      SmallVector<Value> products;
      for (int64_t h = 0; h < heads; ++h)
        products.push_back(arith::MulFOp::create(
            b, q[h], vectorLoad(key.memory, {row, bases[h]}, d)));
      if (treeScores) {
        Value dots = arith::MulFOp::create(b, sumHeads(products),
                                           splat(scale, heads));
        vector::StoreOp::create(b, dots, keyScores, ValueRange{s, zero});
        return;
      }
      for (int64_t h = 0; h < heads; ++h) {
        Value dot = vector::ReductionOp::create(
            b, vector::CombiningKind::ADD, products[h], Value(),
            arith::FastMathFlags::reassoc);
        store(arith::MulFOp::create(b, dot, scale), headScores,
              {build.index(h), s});
      }
    });
    // Each head's softmax, its weights left where its scores were.
    SmallVector<Value> inverses;
    if (treeScores) {
      auto rowType = VectorType::get({heads}, f32);
      auto row = [&](Value s) { return vectorLoad(keyScores, {s, zero}, heads); };
      Value top = reduce(zero, visible, splat(build.f32(-INFINITY), heads),
                         [&](Value s, Value best) {
        return arith::MaximumFOp::create(b, best, row(s));
      });
      Value total = reduce(
          zero, visible,
          arith::ConstantOp::create(b, rowType, b.getZeroAttr(rowType)),
          [&](Value s, Value acc) {
        Value e = exp(arith::SubFOp::create(b, row(s), top));
        vector::StoreOp::create(b, e, keyScores, ValueRange{s, zero});
        return arith::AddFOp::create(b, acc, e);
      });
      Value inverse = arith::DivFOp::create(b, splat(build.f32(1.0f), heads),
                                            total);
      for (int64_t h = 0; h < heads; ++h)
        inverses.push_back(vector::ExtractOp::create(b, inverse, h));
    }
    for (int64_t h = 0; h < heads && !treeScores; ++h) {
      Value head = build.index(h);
      Value top = reduce(zero, visible, build.f32(-INFINITY),
                         [&](Value s, Value best) {
        return arith::MaximumFOp::create(b, best, load(headScores, {head, s}));
      });
      Value total = reduce(zero, visible, build.f32(0), [&](Value s, Value acc) {
        Value e = exp(arith::SubFOp::create(b, load(headScores, {head, s}), top));
        store(e, headScores, {head, s});
        return arith::AddFOp::create(b, acc, e);
      });
      inverses.push_back(arith::DivFOp::create(b, build.f32(1.0f), total));
    }
    SmallVector<Value> init(
        heads, arith::ConstantOp::create(b, headType, b.getZeroAttr(headType)));
    auto sums = scf::ForOp::create(b, zero, visible, one, init);
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(sums.getBody());
      Value s = sums.getInductionVar();
      Value row = arith::AddIOp::create(b, first, s);
      prefetchRow(value, arith::AddIOp::create(b, nextFirst, s));
      SmallVector<Value> next;
      for (int64_t h = 0; h < heads; ++h) {
        Value p = arith::MulFOp::create(
            b, splat(weight(h, s), d),
            vectorLoad(value.memory, {row, bases[h]}, d),
            arith::FastMathFlags::contract);
        next.push_back(arith::AddFOp::create(b, sums.getRegionIterArgs()[h], p,
                                             arith::FastMathFlags::contract));
      }
      scf::YieldOp::create(b, next);
    }
    for (int64_t h = 0; h < heads; ++h)
      vector::StoreOp::create(
          b, arith::MulFOp::create(b, sums.getResult(h), splat(inverses[h], d)),
          out.memory, ValueRange{r, bases[h]});
  });
}

Value ModelEmitter::sumHeads(ArrayRef<Value> parts) {
  // Each part folded to kLanes partial sums; then pairs of vectors merged,
  // each output lane the sum of two lanes of one part, until one vector
  // holds every part; then that vector folded until each part is one lane.
  SmallVector<Value> vectors;
  for (Value part : parts) {
    int64_t width = cast<VectorType>(part.getType()).getDimSize(0);
    auto slice = [&](int64_t c) -> Value {
      return vector::ExtractStridedSliceOp::create(
          b, part, ArrayRef<int64_t>{c}, ArrayRef<int64_t>{kLanes},
          ArrayRef<int64_t>{1});
    };
    Value sum = width == kLanes ? part : slice(0);
    for (int64_t c = kLanes; c < width; c += kLanes)
      sum = arith::AddFOp::create(b, sum, slice(c));
    vectors.push_back(sum);
  }
  // `partials` lanes per part: the first and second halves of each part's
  // lanes, in `a` then in `other` (unless it is `a`; its lanes numbered
  // from `lanes` on), go to x and y in order, and x + y is the result.
  auto halves = [&](Value a, Value other, int64_t lanes, int64_t partials) {
    SmallVector<int64_t> x, y;
    for (int64_t offset : {int64_t(0), lanes}) {
      if (offset && a == other)
        break;
      for (int64_t p = 0; p < lanes; p += partials)
        for (int64_t t = 0; t < partials / 2; ++t) {
          x.push_back(offset + p + t);
          y.push_back(offset + p + partials / 2 + t);
        }
    }
    return arith::AddFOp::create(
        b, vector::ShuffleOp::create(b, a, other, b.getDenseI64ArrayAttr(x)),
        vector::ShuffleOp::create(b, a, other, b.getDenseI64ArrayAttr(y)));
  };
  int64_t partials = kLanes;
  while (vectors.size() > 1) {
    SmallVector<Value> merged;
    for (size_t i = 0; i < vectors.size(); i += 2)
      merged.push_back(halves(vectors[i], vectors[i + 1], kLanes, partials));
    vectors = std::move(merged);
    partials /= 2;
  }
  Value sum = vectors.front();
  for (int64_t lanes = kLanes; partials > 1; partials /= 2, lanes /= 2)
    sum = halves(sum, sum, lanes, partials);
  return sum;
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
  Buffer out = rowPhase ? pool.allocate(tile ? tile : 1, *width, stepRows)
                        : pool.allocate(inputCapacity(), *width, count);
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
  Value zero = build.index(0), one = build.index(1);
  if (rowPhase && steps.isPerStep(op.getKey())) {
    // Decoder self-attention: append this step's key and value rows to the
    // cache (a batch's: each command's maxOutput rows in turn) and attend
    // over it.
    if (!op.getCausal())
      return op->emitOpError()
             << "attends to later targets, so the decoder cannot run one "
                "step at a time; decoder self-attention must be causal";
    if (!steps.isPerStep(op.getValue()))
      return op->emitOpError()
             << "has keys that depend on the targets but values that do "
                "not";
    Value keys = caches.lookup(op).first, values = caches.lookup(op).second;
    Value perCommand = build.index(maxOutput());
    auto firstKey = [&](Value r) -> Value {
      return tile ? arith::MulIOp::create(b, r, perCommand).getResult() : zero;
    };
    Value cached = arith::AddIOp::create(b, step, one);
    loop(zero, query.rows, [&](Value r) {
      Value at =
          tile ? arith::AddIOp::create(b, firstKey(r), step).getResult() : step;
      emitCopyRow(key, r, keys, at);
      emitCopyRow(value, r, values, at);
    });
    int64_t capacity = (tile ? tile : 1) * maxOutput();
    Buffer keyCache{keys, cached, capacity, *width};
    Buffer valueCache{values, cached, capacity, *width};
    emitAttention(op, query, keyCache, valueCache, firstKey,
                  [&](Value) { return cached; }, out);
  } else if (rowPhase && tile) {
    // A batch's keys and values of the memory: each command's packed rows.
    emitAttention(
        op, query, key, value,
        [&](Value r) { return build.toIndex(load(starts, {r})); },
        [&](Value r) {
          // An empty command attends to one row that is not its own.
          return arith::MaxUIOp::create(b, build.toIndex(load(counts, {r})),
                                        one);
        },
        out);
  } else if (tile) {
    // A batch's encoder: each packed row attends within its command.
    bool causal = op.getCausal();
    emitAttention(
        op, query, key, value,
        [&](Value r) {
          return build.toIndex(load(starts, {commandAndPosition(r).first}));
        },
        [&](Value r) -> Value {
          auto [c, p] = commandAndPosition(r);
          if (causal)
            return arith::AddIOp::create(b, p, one);
          return build.toIndex(load(counts, {c}));
        },
        out);
  } else {
    // Causal attention over all rows at once sees keys up to its own row.
    bool causal = op.getCausal();
    emitAttention(
        op, query, key, value, [&](Value) { return zero; },
        [&](Value r) -> Value {
          if (!causal)
            return key.rows;
          return arith::MinUIOp::create(b, arith::AddIOp::create(b, r, one),
                                        key.rows);
        },
        out);
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

LogicalResult ModelEmitter::emitMemoryPhase() {
  if (failed(emitFunction(encoder, /*rowPhase=*/false)))
    return failure();
  Value memory = cast<func::ReturnOp>(encoder.getBody().front().getTerminator())
                     .getOperand(0);
  buffers[decoder.getArgument(1)] = buffers.lookup(memory);
  return emitFunction(decoder, /*rowPhase=*/false);
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
  stepRows = build.index(1);

  // An empty command has nothing to attend to.
  Value empty = arith::CmpIOp::create(b, arith::CmpIPredicate::eq, count, zero);
  auto ifEmpty = scf::IfOp::create(b, i32Type, empty, /*withElse=*/true);
  b.setInsertionPointToStart(&ifEmpty.getThenRegion().front());
  store(build.i32(0), info, {zero});
  scf::YieldOp::create(b, build.i32(CIRCC_NO_PARSE));
  b.setInsertionPointToStart(&ifEmpty.getElseRegion().front());

  // The encoder, then what the decoder computes from the memory alone.
  if (failed(emitMemoryPhase()))
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
    Value next = argmax(row.memory, zero, vocab);
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

bool ModelEmitter::canBatch() {
  for (Operation &op : decoder.getBody().front()) {
    if (isa<func::ReturnOp>(op) ||
        llvm::none_of(op.getResults(),
                      [&](Value v) { return steps.isPerStep(v); }))
      continue;
    for (OpOperand &use : op.getOpOperands()) {
      Value v = use.get();
      if (steps.isPerStep(v) || constantOf(v))
        continue;
      auto attention = dyn_cast<attn::AttentionOp>(op);
      if (!attention || use.getOperandNumber() == 0 || attention.getCausal() ||
          steps.isPerStep(attention.getKey()) ||
          steps.isPerStep(attention.getValue()) ||
          ShapedType::isDynamic(
              cast<RankedTensorType>(v.getType()).getDimSize(1)))
        return false;
    }
  }
  return true;
}

FailureOr<int64_t> ModelEmitter::emitBatch(int64_t batch) {
  tile = batch;
  Type i32Type = b.getI32Type(), f32Type = b.getF32Type();
  int64_t in = maxInput(), vocab = vocabulary();
  auto typeWith = [&](int64_t workspaceBytes) {
    return abi::EntryPoint<circc_decode_batch_fn>::type(
        b, {{tile, in}, {tile}, {tile, maxOutput()}, {tile}, {tile},
            {workspaceBytes}});
  };
  auto func = func::FuncOp::create(b, abi::kDecodeBatch, typeWith(0));
  Block *entry = func.addEntryBlock();
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(entry);
  Operation *marker = arith::ConstantIndexOp::create(b, 0);
  Value tokensAll = entry->getArgument(0), countsIn = entry->getArgument(1),
        out = entry->getArgument(3), infos = entry->getArgument(4),
        statuses = entry->getArgument(5);
  entryPoint = marker;
  pool.setEntry(marker, entry->getArgument(6));
  buffers.clear();
  caches.clear();
  scores = headScores = keyScores = nullptr;
  Value zero = build.index(0), one = build.index(1);
  Value commands = build.toIndex(entry->getArgument(2));
  stepRows = wholeTiles(commands);
  auto fixed = [&](ArrayRef<int64_t> shape, Type element) {
    return pool.allocateFixed(MemRefType::get(shape, element));
  };
  // The counts, 0 past the batch (rows a step computes but nobody reads).
  counts = fixed({tile}, i32Type);
  loop(zero, build.index(tile), [&](Value r) {
    Value inside = arith::CmpIOp::create(b, arith::CmpIPredicate::ult, r,
                                         commands);
    auto ifInside = scf::IfOp::create(b, i32Type, inside, /*withElse=*/true);
    b.setInsertionPointToStart(&ifInside.getThenRegion().front());
    scf::YieldOp::create(b, load(countsIn, {r}));
    b.setInsertionPointToStart(&ifInside.getElseRegion().front());
    scf::YieldOp::create(b, build.i32(0));
    b.setInsertionPointAfter(ifInside);
    store(ifInside.getResult(0), counts, {r});
  });

  // The encoder, then the decoder's values of the memory alone, once over
  // the packed rows of every command: the commands' first rows (a running
  // sum of the counts, the total past the last) and each row's command.
  starts = fixed({tile + 1}, i32Type);
  rowCommands = fixed({inputCapacity()}, i32Type);
  Value total = reduce(zero, build.index(tile), build.i32(0),
                       [&](Value c, Value sum) {
    store(sum, starts, {c});
    return arith::AddIOp::create(b, sum, load(counts, {c})).getResult();
  });
  store(total, starts, {build.index(tile)});
  loop(zero, commands, [&](Value c) {
    Value first = build.toIndex(load(starts, {c}));
    loop(zero, build.toIndex(load(counts, {c})), [&](Value p) {
      store(build.toI32(c), rowCommands,
            {arith::AddIOp::create(b, first, p)});
    });
  });
  tokens = tokensAll;
  count = build.toIndex(total);
  if (failed(emitMemoryPhase()))
    return failure();
  for (Operation &op : decoder.getBody().front())
    if (auto attention = dyn_cast<attn::AttentionOp>(op);
        attention && steps.isPerStep(attention.getKey())) {
      int64_t width =
          cast<RankedTensorType>(attention.getKey().getType()).getDimSize(1);
      caches[attention] = {fixed({tile * maxOutput(), width}, f32Type),
                           fixed({tile * maxOutput(), width}, f32Type)};
    }

  // Greedy decoding in lockstep: per row the previous output, the length so
  // far and whether it still runs.
  previousIds = fixed({tile}, i32Type);
  Value lengths = fixed({tile}, i32Type), active = fixed({tile}, i32Type);
  loop(zero, build.index(tile), [&](Value r) {
    store(build.i32(model.getBos()), previousIds, {r});
    store(build.i32(0), lengths, {r});
    Value runs = arith::CmpIOp::create(b, arith::CmpIPredicate::sgt,
                                       load(counts, {r}), build.i32(0));
    store(arith::ExtUIOp::create(b, i32Type, runs), active, {r});
  });
  Value eos = build.index(model.getEos());
  auto decoding =
      scf::ForOp::create(b, zero, build.index(maxOutput()), one,
                         ValueRange{build.i1(true)});
  {
    OpBuilder::InsertionGuard inner(b);
    b.setInsertionPointToStart(decoding.getBody());
    step = decoding.getInductionVar();
    auto ifAny = scf::IfOp::create(b, b.getI1Type(),
                                   decoding.getRegionIterArgs()[0],
                                   /*withElse=*/true);
    scf::YieldOp::create(b, ifAny.getResults());
    b.setInsertionPointToStart(&ifAny.getElseRegion().front());
    scf::YieldOp::create(b, build.i1(false));
    b.setInsertionPointToStart(&ifAny.getThenRegion().front());
    if (failed(emitFunction(decoder, /*rowPhase=*/true)))
      return failure();
    Buffer row = buffers.lookup(steps.logits());
    Value more = reduce(zero, commands, build.i1(false), [&](Value r,
                                                             Value any) {
      Value runs = arith::CmpIOp::create(b, arith::CmpIPredicate::ne,
                                         load(active, {r}), build.i32(0));
      auto ifRuns = scf::IfOp::create(b, b.getI1Type(), runs, true);
      OpBuilder::InsertionGuard rowGuard(b);
      b.setInsertionPointToStart(&ifRuns.getElseRegion().front());
      scf::YieldOp::create(b, build.i1(false));
      b.setInsertionPointToStart(&ifRuns.getThenRegion().front());
      Value next = argmax(row.memory, r, vocab);
      Value next32 = build.toI32(next);
      store(next32, previousIds, {r});
      Value goesOn =
          arith::CmpIOp::create(b, arith::CmpIPredicate::ne, next, eos);
      auto ifOn = scf::IfOp::create(b, goesOn, /*withElse=*/true);
      {
        OpBuilder::InsertionGuard onGuard(b);
        b.setInsertionPointToStart(ifOn.thenBlock());
        Value length = load(lengths, {r});
        store(next32, out, {r, build.toIndex(length)});
        store(arith::AddIOp::create(b, length, build.i32(1)), lengths, {r});
        b.setInsertionPointToStart(ifOn.elseBlock());
        store(build.i32(0), active, {r});
      }
      scf::YieldOp::create(b, goesOn);
      b.setInsertionPointAfter(ifRuns);
      return arith::OrIOp::create(b, any, ifRuns.getResult(0));
    });
    scf::YieldOp::create(b, more);
  }
  loop(zero, commands, [&](Value r) {
    store(load(lengths, {r}), infos, {r});
    Value runs = arith::CmpIOp::create(b, arith::CmpIPredicate::sgt,
                                       load(counts, {r}), build.i32(0));
    store(arith::SelectOp::create(b, runs, build.i32(CIRCC_OK),
                                  build.i32(CIRCC_NO_PARSE)),
          statuses, {r});
  });
  func::ReturnOp::create(b, build.i32(CIRCC_OK));

  // Now that the workspace's size is known, the argument says it.
  int64_t bytes = std::max<int64_t>(pool.bytes(), 64);
  FunctionType type = typeWith(bytes);
  func.setType(type);
  entry->getArgument(6).setType(type.getInput(6));
  tile = 0;
  return bytes;
}

} // namespace

namespace {

struct ConvertAttnToStandardPass
    : public circc::impl::ConvertAttnToStandardBase<ConvertAttnToStandardPass> {
  using Base::Base;
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
    if (batchTile > 0 && emitter.canBatch()) {
      if (batchTile % kTileRows != 0) {
        model.emitOpError() << "cannot be batched by " << batchTile.getValue()
                            << " commands: batch-tile must be a multiple of "
                            << kTileRows;
        return signalPassFailure();
      }
      FailureOr<int64_t> bytes = emitter.emitBatch(batchTile);
      if (failed(bytes))
        return signalPassFailure();
      metadata.batchTile = batchTile;
      metadata.workspaceKB = llvm::divideCeil(*bytes, 1024);
      module.lookupSymbol(kLogitsOneName)
          ->setAttr(kMetadataAttr, metadata.toAttribute(b));
    }

    model.erase();
    if (SymbolTable::symbolKnownUseEmpty(encoder, module))
      encoder.erase();
    if (SymbolTable::symbolKnownUseEmpty(decoder, module))
      decoder.erase();
  }
};

} // namespace
