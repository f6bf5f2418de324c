//===- SoftGradient.cpp - Learning op tables from answers -----------------===//
//
// Part of circc.
//
// A circuit that applies learnable op tables learns them from the value at
// the root alone (as the HWTA circuits do): __circc_gradient parses the
// command with the same automaton, but every node holds a distribution over
// the outputs instead of a symbol. A constant is one-hot, a learnable entry
// the softmax of its row, and a table applied to distributions p1..pk gives
//
//   q = sum over tuples (v1..vk) of p1[v1] ... pk[vk] * row(v1..vk)
//
// where a given table's row is one-hot and a learnable table's row is the
// softmax of its weights (a soft, multilinear lookup). The loss is the
// cross-entropy of the root's distribution against the answer; its
// gradient flows back through every application, node by node in reverse
// order of a tape the parse records (each node's rule and children), into
// the rows of the learnable tables. Rules that pass a child through make no
// node. Trained this way, the tables are then hardened: the library decodes
// each row to its largest entry and runs discrete.
//
//===----------------------------------------------------------------------===//

#include "CircuitCode.h"
#include "circc/Support/RuntimeABI.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;
using namespace circc;
namespace c = circc::circuit;

bool circc::appliesLearnableTables(const CircuitCode &code) {
  return !code.runtimeOpTables.empty();
}

namespace {

/// One distribution: row `row` of a `memref<? x V x f32>` buffer.
struct Dist {
  Value buffer, row;
};

class SoftGradientBuilder : public StackSemantics {
public:
  SoftGradientBuilder(ImplicitLocOpBuilder &b, const CircuitCode &code)
      : b(b), build(b), code(code), symbols(code.circuit),
        width(code.circuit.getOutputs().size()) {}

  LogicalResult emitFunction();

  // StackSemantics: slots hold node ids (-1 for tokens).
  void allocate(int64_t slots) override {
    // At the start of the function: the root is read after the parse.
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPoint(entryMarker);
    stackNode = memref::AllocaOp::create(
        b, MemRefType::get({slots}, b.getIndexType()));
  }
  Value shift(Value slot, Value, Value) override {
    memref::StoreOp::create(b, build.index(-1), stackNode, slot);
    return {};
  }
  Value reduce(c::RuleOp rule, Value base) override;
  Value accept() override { return build.i32(CIRCC_OK); }

private:
  /// A fresh distribution buffer of `rows` rows, allocated at the start of
  /// the function.
  Value scratchRows(int64_t rows) {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPoint(entryMarker);
    return memref::AllocaOp::create(
        b, MemRefType::get({rows, width}, b.getF32Type()));
  }
  Dist fresh() { return {scratchRows(1), build.index(0)}; }
  Value at(const Dist &d, Value j) {
    return memref::LoadOp::create(b, d.buffer, ValueRange{d.row, j});
  }
  void put(Value v, const Dist &d, Value j) {
    memref::StoreOp::create(b, v, d.buffer, ValueRange{d.row, j});
  }
  void forEach(int64_t n, function_ref<void(Value)> body) {
    auto loop = scf::ForOp::create(b, build.index(0), build.index(n),
                                   build.index(1));
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    body(loop.getInductionVar());
  }
  void fill(const Dist &d, float value) {
    forEach(width, [&](Value j) { put(build.f32(value), d, j); });
  }
  /// softmax(weights[row]) into `out`.
  void softmax(Value row, const Dist &out);
  /// The learnable row of weights for row `row` of the learnable table
  /// whose row 0 is learnable row `base`.
  Value weightRow(int64_t base, Value row) {
    return arith::AddIOp::create(b, build.index(base), row);
  }

  /// The symbol of row `row` of the given table `name`, as an index.
  Value givenSymbol(StringAttr name, Value row) {
    memref::GlobalOp global = code.opTables.lookup(name);
    Value table =
        memref::GetGlobalOp::create(b, global.getType(), global.getSymName());
    return build.toIndex(memref::LoadOp::create(b, table, row));
  }
  /// The child node of block argument `argument` of the rule being built.
  Value childNode(BlockArgument argument) {
    return children[argument.getArgNumber()];
  }
  void forward(Value content, const Dist &out);
  void backward(Value content, const Dist &adjoint);
  /// Visits every tuple of `k` symbols, in row order: body(values, row).
  void forEachTuple(unsigned k, function_ref<void(ArrayRef<Value>, Value)> body);

  ImplicitLocOpBuilder &b;
  LoweringBuilder build;
  const CircuitCode &code;
  SymbolTable symbols;
  int64_t width;
  Operation *entryMarker = nullptr;
  Value weights, gradients, stackNode, values, adjoints, tapeRule, tapeChildren,
      nodeCount;
  int64_t maxChildren = 1;
  /// While a rule's code is built: the node ids of its children.
  SmallVector<Value> children;
};

} // namespace

void SoftGradientBuilder::softmax(Value row, const Dist &out) {
  Value base = arith::MulIOp::create(b, row, build.index(width));
  auto weight = [&](Value j) -> Value {
    return memref::LoadOp::create(b, weights,
                                  ValueRange{arith::AddIOp::create(b, base, j)});
  };
  Value top = weight(build.index(0));
  {
    auto loop = scf::ForOp::create(b, build.index(1), build.index(width),
                                   build.index(1), ValueRange{top});
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    scf::YieldOp::create(
        b, arith::MaximumFOp::create(b, loop.getRegionIterArgs()[0],
                                     weight(loop.getInductionVar()))
               .getResult());
    top = loop.getResult(0);
  }
  auto sumLoop = scf::ForOp::create(b, build.index(0), build.index(width),
                                    build.index(1), ValueRange{build.f32(0)});
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(sumLoop.getBody());
    Value j = sumLoop.getInductionVar();
    Value e = math::ExpOp::create(b, arith::SubFOp::create(b, weight(j), top));
    put(e, out, j);
    scf::YieldOp::create(
        b, arith::AddFOp::create(b, sumLoop.getRegionIterArgs()[0], e).getResult());
  }
  Value inverse = arith::DivFOp::create(b, build.f32(1), sumLoop.getResult(0));
  forEach(width, [&](Value j) {
    put(arith::MulFOp::create(b, at(out, j), inverse), out, j);
  });
}

void SoftGradientBuilder::forEachTuple(
    unsigned k, function_ref<void(ArrayRef<Value>, Value)> body) {
  SmallVector<Value> tuple;
  std::function<void(unsigned, Value)> nest = [&](unsigned i, Value row) {
    if (i == k) {
      body(tuple, row);
      return;
    }
    forEach(width, [&](Value v) {
      tuple.push_back(v);
      nest(i + 1, arith::AddIOp::create(
                      b, arith::MulIOp::create(b, row, build.index(width)), v));
      tuple.pop_back();
    });
  };
  nest(0, build.index(0));
}

void SoftGradientBuilder::forward(Value content, const Dist &out) {
  if (auto argument = dyn_cast<BlockArgument>(content)) {
    Dist child{values, childNode(argument)};
    forEach(width, [&](Value j) { put(at(child, j), out, j); });
    return;
  }
  Operation *op = content.getDefiningOp();
  auto oneHot = [&](int64_t symbol) {
    fill(out, 0.0f);
    put(build.f32(1.0f), out, build.index(symbol));
  };
  if (auto constant = dyn_cast<c::ConstantOp>(op))
    return oneHot(constant.getSymbol());
  if (auto gather = dyn_cast<c::GatherOp>(op)) {
    auto param = symbols.lookup<c::ParamOp>(gather.getTable());
    int64_t contentCode = code.circuit.getContentCode(param, gather.getRow());
    if (contentCode < width)
      return oneHot(contentCode);
    return softmax(build.index(contentCode - width), out);
  }
  auto apply = cast<c::ApplyOp>(op);
  SmallVector<Dist> operands;
  for (Value input : apply.getInputs()) {
    operands.push_back(fresh());
    forward(input, operands.back());
  }
  fill(out, 0.0f);
  StringAttr name = apply.getTableAttr().getAttr();
  auto runtime = code.runtimeOpTables.find(name);
  Dist row = fresh();
  forEachTuple(operands.size(), [&](ArrayRef<Value> tuple, Value index) {
    Value w = build.f32(1.0f);
    for (auto [operand, v] : llvm::zip(operands, tuple))
      w = arith::MulFOp::create(b, w, at(operand, v));
    if (runtime == code.runtimeOpTables.end()) {
      Value symbol = givenSymbol(name, index);
      put(arith::AddFOp::create(b, at(out, symbol), w), out, symbol);
      return;
    }
    softmax(weightRow(runtime->second, index), row);
    forEach(width, [&](Value j) {
      put(arith::AddFOp::create(b, at(out, j),
                                arith::MulFOp::create(b, w, at(row, j))),
          out, j);
    });
  });
}

void SoftGradientBuilder::backward(Value content, const Dist &adjoint) {
  if (auto argument = dyn_cast<BlockArgument>(content)) {
    Dist child{adjoints, childNode(argument)};
    forEach(width, [&](Value j) {
      put(arith::AddFOp::create(b, at(child, j), at(adjoint, j)), child, j);
    });
    return;
  }
  Operation *op = content.getDefiningOp();
  if (isa<c::ConstantOp>(op))
    return;
  /// d softmax(weights[row]) into gradients[row], given the adjoint `g`
  /// of s = softmax(row) scaled by `scale`: s_j * scale * (g_j - s . g).
  auto softmaxBackward = [&](Value row, const Dist &s, const Dist &g,
                             Value scale) {
    Value dot = build.f32(0);
    {
      auto loop = scf::ForOp::create(b, build.index(0), build.index(width),
                                     build.index(1), ValueRange{dot});
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(loop.getBody());
      Value j = loop.getInductionVar();
      scf::YieldOp::create(
          b, arith::AddFOp::create(b, loop.getRegionIterArgs()[0],
                                   arith::MulFOp::create(b, at(s, j), at(g, j)))
                 .getResult());
      dot = loop.getResult(0);
    }
    Value base = arith::MulIOp::create(b, row, build.index(width));
    forEach(width, [&](Value j) {
      Value index = arith::AddIOp::create(b, base, j);
      Value d = arith::MulFOp::create(
          b, arith::MulFOp::create(b, at(s, j), scale),
          arith::SubFOp::create(b, at(g, j), dot));
      Value old = memref::LoadOp::create(b, gradients, index);
      memref::StoreOp::create(b, arith::AddFOp::create(b, old, d), gradients,
                              index);
    });
    return dot;
  };
  if (auto gather = dyn_cast<c::GatherOp>(op)) {
    auto param = symbols.lookup<c::ParamOp>(gather.getTable());
    int64_t contentCode = code.circuit.getContentCode(param, gather.getRow());
    if (contentCode < width)
      return;
    Dist s = fresh();
    Value row = build.index(contentCode - width);
    softmax(row, s);
    softmaxBackward(row, s, adjoint, build.f32(1.0f));
    return;
  }
  auto apply = cast<c::ApplyOp>(op);
  // The operands again (their forward values), and their adjoints.
  SmallVector<Dist> operands, operandAdjoints;
  for (Value input : apply.getInputs()) {
    operands.push_back(fresh());
    forward(input, operands.back());
    operandAdjoints.push_back(fresh());
    fill(operandAdjoints.back(), 0.0f);
  }
  StringAttr name = apply.getTableAttr().getAttr();
  auto runtime = code.runtimeOpTables.find(name);
  Dist row = fresh();
  forEachTuple(operands.size(), [&](ArrayRef<Value> tuple, Value index) {
    // g: the adjoint of the tuple's weight w = p1[v1] ... pk[vk].
    Value g;
    Value w = build.f32(1.0f);
    for (auto [operand, v] : llvm::zip(operands, tuple))
      w = arith::MulFOp::create(b, w, at(operand, v));
    if (runtime == code.runtimeOpTables.end()) {
      g = at(adjoint, givenSymbol(name, index));
    } else {
      Value weightIndex = weightRow(runtime->second, index);
      softmax(weightIndex, row);
      g = softmaxBackward(weightIndex, row, adjoint, w);
    }
    // d w / d pi[vi] = the product of the other operands.
    for (unsigned i = 0; i < operands.size(); ++i) {
      Value others = build.f32(1.0f);
      for (unsigned l = 0; l < operands.size(); ++l)
        if (l != i)
          others = arith::MulFOp::create(b, others, at(operands[l], tuple[l]));
      Value old = at(operandAdjoints[i], tuple[i]);
      put(arith::AddFOp::create(b, old, arith::MulFOp::create(b, g, others)),
          operandAdjoints[i], tuple[i]);
    }
  });
  for (auto [input, operandAdjoint] :
       llvm::zip(apply.getInputs(), operandAdjoints))
    backward(input, operandAdjoint);
}

Value SoftGradientBuilder::reduce(c::RuleOp rule, Value base) {
  Value yielded = rule.getYield().getValue();
  ArrayRef<int64_t> positions = rule.getChildren();
  // A rule that passes a child through makes no node.
  if (auto argument = dyn_cast<BlockArgument>(yielded)) {
    Value slot = arith::AddIOp::create(
        b, base, build.index(positions[argument.getArgNumber()]));
    memref::StoreOp::create(b, memref::LoadOp::create(b, stackNode, slot),
                            stackNode, base);
    return {};
  }
  Value node = memref::LoadOp::create(b, nodeCount, build.index(0));
  memref::StoreOp::create(b, build.i32(rule.getIndex()), tapeRule, node);
  children.clear();
  for (auto [i, position] : llvm::enumerate(positions)) {
    Value slot = arith::AddIOp::create(b, base, build.index(position));
    Value child = memref::LoadOp::create(b, stackNode, slot);
    memref::StoreOp::create(
        b, child, tapeChildren,
        ValueRange{node, build.index(int64_t(i))});
    children.push_back(child);
  }
  forward(yielded, {values, node});
  memref::StoreOp::create(b, node, stackNode, base);
  memref::StoreOp::create(b, arith::AddIOp::create(b, node, build.index(1)),
                          nodeCount, build.index(0));
  return {};
}

LogicalResult SoftGradientBuilder::emitFunction() {
  c::CircuitOp circuit = code.circuit;
  if (code.columns)
    return circuit.emitOpError()
           << "reads token classes; learning op tables through them is not "
              "supported yet";
  for (c::RuleOp rule : code.rules) {
    if (rule.getResultType().getMaxLength() != 1 ||
        !llvm::all_of(rule.getBodyRegion().front().without_terminator(),
                      [](Operation &op) {
                        return isa<c::ConstantOp, c::GatherOp, c::ApplyOp>(op);
                      }))
      return rule.emitOpError()
             << "computes something other than one symbol from tables; "
                "learning op tables needs every rule to output one symbol "
                "built from constants, learnable entries and applications";
    maxChildren = std::max<int64_t>(maxChildren, rule.getChildren().size());
  }
  // Learnable tables are loaded at run time, which ScratchLayout::plan
  // allows only with an input bound: the tape is sized by it.
  assert(!circuit.takesAnyLength() && "a gradient needs max_input");
  int64_t maxInput = *circuit.getMaxInput();
  int64_t maxOutput = circuit.getMaxOutput();
  int64_t rows = circuit.getNumRuntimeRows() * width;
  // Each reduction that makes a node pops at least one symbol more than it
  // pushes, or is a unit rule; no unit rules loop, so a chain of them is
  // shorter than the number of nonterminals.
  int64_t maxNodes =
      2 * maxInput * std::max<int64_t>(1, circuit.getNonterminals().size()) + 1;

  auto func = func::FuncOp::create(
      b, abi::kGradient,
      abi::EntryPoint<circc_gradient_fn>::type(
          b, {{maxInput}, {maxOutput}, {rows}, {rows}, {1}}));
  Block *entry = func.addEntryBlock();
  b.setInsertionPointToStart(entry);
  entryMarker = arith::ConstantIndexOp::create(b, 0);
  RunArguments args;
  args.tokens = entry->getArgument(0);
  args.count = entry->getArgument(1);
  Value targets = entry->getArgument(2), targetCount = entry->getArgument(3);
  weights = entry->getArgument(4);
  gradients = entry->getArgument(5);
  Value lossOut = entry->getArgument(6);
  args.info = memref::AllocaOp::create(b, MemRefType::get({1}, b.getI32Type()));
  args.n = build.toIndex(args.count);
  values = scratchRows(maxNodes);
  adjoints = scratchRows(maxNodes);
  tapeRule = memref::AllocaOp::create(
      b, MemRefType::get({maxNodes}, b.getI32Type()));
  tapeChildren = memref::AllocaOp::create(
      b, MemRefType::get({maxNodes, maxChildren}, b.getIndexType()));
  nodeCount =
      memref::AllocaOp::create(b, MemRefType::get({1}, b.getIndexType()));
  memref::StoreOp::create(b, build.index(0), nodeCount, build.index(0));

  Value tooLong = arith::CmpIOp::create(b, arith::CmpIPredicate::sgt,
                                        args.count, build.i32(maxInput));
  auto guard = scf::IfOp::create(
      b, tooLong,
      [&](OpBuilder &, Location) {
        scf::YieldOp::create(b, build.i32(CIRCC_INPUT_TOO_LONG));
      },
      [&](OpBuilder &, Location) {
        scf::YieldOp::create(b, emitAutomaton(b, code, args, *this));
      });
  Value status = guard.getResult(0);

  // The loss at the root, then the adjoints back through the tape.
  Value target = memref::LoadOp::create(b, targets, build.index(0));
  Value learnFrom = arith::AndIOp::create(
      b,
      arith::CmpIOp::create(b, arith::CmpIPredicate::eq, status,
                            build.i32(CIRCC_OK)),
      arith::AndIOp::create(
          b,
          arith::CmpIOp::create(b, arith::CmpIPredicate::sgt, targetCount,
                                build.i32(0)),
          arith::AndIOp::create(
              b,
              arith::CmpIOp::create(b, arith::CmpIPredicate::sge, target,
                                    build.i32(0)),
              arith::CmpIOp::create(b, arith::CmpIPredicate::slt, target,
                                    build.i32(width)))));
  auto learn = scf::IfOp::create(b, learnFrom, /*withElse=*/false);
  b.setInsertionPointToStart(learn.thenBlock());
  Value count = memref::LoadOp::create(b, nodeCount, build.index(0));
  Value root = memref::LoadOp::create(b, stackNode, build.index(1));
  // A root that is a constant passed through has nothing to learn.
  Value rootIsNode =
      arith::CmpIOp::create(b, arith::CmpIPredicate::sge, root, build.index(0));
  auto hasRoot = scf::IfOp::create(b, rootIsNode, /*withElse=*/false);
  b.setInsertionPointToStart(hasRoot.thenBlock());
  scf::ForOp::create(
      b, build.index(0), count, build.index(1), ValueRange{},
      [&](OpBuilder &, Location, Value node, ValueRange) {
        fill({adjoints, node}, 0.0f);
        scf::YieldOp::create(b);
      });
  Value t = build.toIndex(target);
  Value q = arith::MaximumFOp::create(b, at({values, root}, t),
                                      build.f32(1e-30f));
  Value old = memref::LoadOp::create(b, lossOut, build.index(0));
  memref::StoreOp::create(
      b, arith::SubFOp::create(b, old, math::LogOp::create(b, q)), lossOut,
      build.index(0));
  put(arith::DivFOp::create(b, build.f32(-1.0f), q), {adjoints, root}, t);
  // Nodes in reverse order of creation: each after every node it feeds.
  scf::ForOp::create(
      b, build.index(0), count, build.index(1), ValueRange{},
      [&](OpBuilder &, Location, Value i, ValueRange) {
        Value node = arith::SubIOp::create(
            b, arith::SubIOp::create(b, count, build.index(1)), i);
        Value ruleIndex =
            build.toIndex(memref::LoadOp::create(b, tapeRule, node));
        SmallVector<int64_t> cases;
        for (c::RuleOp rule : code.rules)
          cases.push_back(rule.getIndex());
        auto dispatch = scf::IndexSwitchOp::create(b, TypeRange{}, ruleIndex,
                                                   cases, cases.size());
        for (auto [k, constRule] : llvm::enumerate(code.rules)) {
          c::RuleOp rule = constRule;
          Block &block = dispatch.getCaseRegions()[k].emplaceBlock();
          OpBuilder::InsertionGuard g(b);
          b.setInsertionPointToStart(&block);
          children.clear();
          for (size_t c = 0; c < rule.getChildren().size(); ++c)
            children.push_back(memref::LoadOp::create(
                b, tapeChildren, ValueRange{node, build.index(int64_t(c))}));
          Value yielded = rule.getYield().getValue();
          if (!isa<BlockArgument>(yielded))
            backward(yielded, {adjoints, node});
          scf::YieldOp::create(b);
        }
        {
          Block &block = dispatch.getDefaultRegion().emplaceBlock();
          OpBuilder::InsertionGuard g(b);
          b.setInsertionPointToStart(&block);
          scf::YieldOp::create(b);
        }
        scf::YieldOp::create(b);
      });
  b.setInsertionPointAfter(learn);
  func::ReturnOp::create(b, status);
  return success();
}

LogicalResult circc::buildSoftGradient(ImplicitLocOpBuilder &b,
                                       const CircuitCode &code) {
  SoftGradientBuilder builder(b, code);
  return builder.emitFunction();
}
