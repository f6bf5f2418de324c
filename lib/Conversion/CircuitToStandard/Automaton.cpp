//===- Automaton.cpp - The LR automaton of one run ------------------------===//
//
// Part of circc.
//
// The automaton reads the tokens with the parser's action and goto tables;
// each reduce evaluates its rule's routing (Routing.cpp) into the scratch
// buffer, and accepting copies the start symbol's output out. A small
// automaton is emitted as code instead (direct coding): one block per
// state, which branches on the lookahead's column to a shift (into the
// next state's block, the next token read), a reduce (one block per rule,
// whose goto branches on the state below among those that have one) or a
// stop. The state is then where the code is, not a value loaded from the
// stack and looked up in a table; the stack keeps the states only for the
// gotos.
//
//===----------------------------------------------------------------------===//

#include "CircuitCode.h"

#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

#include "circc/Support/RuntimeABI.h"

#include <limits>
#include <map>

using namespace mlir;
using namespace circc;
namespace c = circc::circuit;

namespace {

/// The status of a run that has not finished; the others are circc_status.
constexpr int32_t kRunning = -1;

/// A run's stack: the output codes of each slot's symbol in a scratch
/// buffer laid out as ScratchLayout says, and their lengths.
class RoutingSemantics : public StackSemantics {
public:
  RoutingSemantics(ImplicitLocOpBuilder &b, const CircuitCode &code,
                   const RunArguments &args)
      : b(b), build(b), code(code), args(args), routing(b, code, args) {}

  void allocate(int64_t slots) override {
    auto i32 = b.getI32Type();
    lengths = memref::AllocaOp::create(b, MemRefType::get({slots}, i32));
    offsets = memref::AllocaOp::create(b, MemRefType::get({slots}, i32));
    if (code.placesPositions)
      starts = memref::AllocaOp::create(b, MemRefType::get({slots}, i32));
    scratch =
        memref::AllocaOp::create(b, MemRefType::get({code.layout.size}, i32));
    stackLimit = build.i32(code.layout.stackCapacity);
    initialize();
  }
  void allocateIn(const WorkspaceStorage &storage) override {
    scratch = storage.scratch;
    lengths = storage.lengths;
    offsets = storage.offsets;
    stackLimit = storage.stackLimit;
    initialize();
  }
  /// The token's output goes after the slot below's: nothing, or with token
  /// classes the symbol its class gives it (a lexeme of -1 is nothing). Its
  /// position starts the slot's span; a reduce keeps its first child's.
  Value shift(Value slot, Value token, Value position) override {
    if (starts)
      memref::StoreOp::create(b, build.toI32(position), starts, slot);
    Value below = arith::SubIOp::create(b, slot, build.index(1));
    Value start = arith::AddIOp::create(
        b, memref::LoadOp::create(b, offsets, below),
        memref::LoadOp::create(b, lengths, below));
    memref::StoreOp::create(b, start, offsets, slot);
    if (!code.lexemes) {
      memref::StoreOp::create(b, build.i32(0), lengths, slot);
      return {};
    }
    Value lexeme = carriedCode(b, code, token, position);
    Value carries = arith::CmpIOp::create(b, arith::CmpIPredicate::ne, lexeme,
                                          build.i32(-1));
    Value length = arith::ExtUIOp::create(b, b.getI32Type(), carries);
    memref::StoreOp::create(b, length, lengths, slot);
    // The store is harmless past the capacity: the spare region (or a
    // growing run's guard) follows.
    memref::StoreOp::create(b, lexeme, scratch, build.toIndex(start));
    return stop(withinStack(arith::AddIOp::create(b, start, length)), {});
  }
  /// A rule built outside the stack is copied into place if it fits; a
  /// stack that would outgrow its capacity, or a checked rule that built
  /// more than its bound, stops the run.
  Value reduce(c::RuleOp rule, Value base) override {
    Routing::RuleOutput output =
        routing.lowerRule(rule, base, {scratch, lengths, offsets, starts});
    Value length = output.length;
    memref::StoreOp::create(b, build.toI32(length), lengths, base);
    Value start = memref::LoadOp::create(b, offsets, base);
    Value stackFits =
        withinStack(arith::AddIOp::create(b, start, build.toI32(length)));
    Value ruleFits;
    if (rule.getChecked())
      ruleFits = arith::CmpIOp::create(
          b, arith::CmpIPredicate::ule, length,
          build.index(rule.getResultType().getMaxLength()));
    Value fits =
        ruleFits ? arith::AndIOp::create(b, stackFits, ruleFits) : stackFits;
    if (!output.inPlace) {
      auto place = scf::IfOp::create(b, fits, /*withElse=*/false);
      OpBuilder::InsertionGuard g(b);
      b.setInsertionPointToStart(place.thenBlock());
      routing.copy(scratch, output.start, build.toIndex(start), length);
    }
    return stop(stackFits, ruleFits);
  }
  /// Copies the start symbol's output out, if it fits.
  Value accept() override {
    Value zero = build.index(0);
    Value length = memref::LoadOp::create(b, lengths, build.index(1));
    memref::StoreOp::create(b, length, args.info, zero);
    Value fits = arith::CmpIOp::create(b, arith::CmpIPredicate::sle, length,
                                       args.capacity);
    auto write = scf::IfOp::create(b, fits, /*withElse=*/false);
    {
      OpBuilder::InsertionGuard g(b);
      b.setInsertionPointToStart(write.thenBlock());
      Value start = build.toIndex(
          memref::LoadOp::create(b, offsets, build.index(1)));
      scf::ForOp::create(
          b, zero, build.toIndex(length), build.index(1), ValueRange{},
          [&](OpBuilder &, Location, Value i, ValueRange) {
            Value from = arith::AddIOp::create(b, start, i);
            Value content = memref::LoadOp::create(b, scratch, from);
            memref::StoreOp::create(b, routing.decode(content), args.out, i);
            scf::YieldOp::create(b);
          });
    }
    return arith::SelectOp::create(b, fits, build.i32(CIRCC_OK),
                                   build.i32(CIRCC_OUTPUT_TOO_SMALL));
  }

private:
  /// Slot 0 holds the start state and no output.
  void initialize() {
    memref::StoreOp::create(b, build.i32(0), lengths, build.index(0));
    memref::StoreOp::create(b, build.i32(code.layout.stackStart), offsets,
                            build.index(0));
  }
  /// Whether the stack's outputs, ending at `end` (an i32), fit its storage.
  Value withinStack(Value end) {
    return arith::CmpIOp::create(b, arith::CmpIPredicate::sle, end, stackLimit);
  }
  /// Running if the stack fits and a checked rule's output (`ruleFits`,
  /// null when unchecked) too. A stack that does not fit asks a growing
  /// run's caller for more workspace (`info` 0: twice as much); otherwise,
  /// or for a rule too long, the run stops with CIRCC_OUTPUT_TOO_LONG and
  /// the circuit's output bound in `info`.
  Value stop(Value stackFits, Value ruleFits) {
    Value fits =
        ruleFits ? arith::AndIOp::create(b, stackFits, ruleFits) : stackFits;
    Value tooLong = build.i32(CIRCC_OUTPUT_TOO_LONG);
    Value outOfStack =
        code.layout.growing ? build.i32(CIRCC_GROW_WORKSPACE) : tooLong;
    Value failed = arith::SelectOp::create(
        b, stackFits, ruleFits ? tooLong : outOfStack, outOfStack);
    auto report = scf::IfOp::create(
        b, arith::XOrIOp::create(b, fits, build.i1(true)), /*withElse=*/false);
    {
      OpBuilder::InsertionGuard g(b);
      b.setInsertionPointToStart(report.thenBlock());
      Value grows = arith::CmpIOp::create(b, arith::CmpIPredicate::eq, failed,
                                          build.i32(CIRCC_GROW_WORKSPACE));
      memref::StoreOp::create(
          b,
          arith::SelectOp::create(b, grows, build.i32(0),
                                  build.i32(code.circuit.getMaxOutput())),
          args.info, build.index(0));
    }
    return arith::SelectOp::create(b, fits, build.i32(kRunning), failed);
  }

  ImplicitLocOpBuilder &b;
  LoweringBuilder build;
  const CircuitCode &code;
  const RunArguments &args;
  Routing routing;
  Value lengths, offsets, starts, scratch;
  /// Where the stack's outputs must end (an i32).
  Value stackLimit;
};

class AutomatonBuilder {
public:
  AutomatonBuilder(ImplicitLocOpBuilder &b, const CircuitCode &code,
                   const RunArguments &args, StackSemantics &semantics)
      : b(b), build(b), code(code), args(args), semantics(semantics) {}

  Value emit();
  /// The automaton as code, a block per state (see the file's comment).
  Value emitDirect();

private:
  /// The states' storage and the semantics': on the machine stack, or in a
  /// growing run's workspace.
  void allocate() {
    if (code.layout.growing) {
      WorkspaceStorage storage = WorkspaceStorage::carve(b, code, args);
      states = storage.states;
      semantics.allocateIn(storage);
      return;
    }
    states = memref::AllocaOp::create(
        b, MemRefType::get({code.layout.slots}, b.getI32Type()));
    semantics.allocate(code.layout.slots);
  }
  void emitReduce(Value sp, Value pos, Value action);
  void emitStop(Value sp, Value pos, Value action);
  /// The id of the token at `pos` (an index) and its action column, the
  /// end's past the last token.
  std::pair<Value, Value> readToken(Value pos);
  /// Reads the column table where the automaton starts.
  void getColumnTable() {
    if (code.columns)
      columnTable = memref::GetGlobalOp::create(b, code.columns.getType(),
                                                code.columns.getSymName());
  }

  ImplicitLocOpBuilder &b;
  LoweringBuilder build;
  const CircuitCode &code;
  const RunArguments &args;
  StackSemantics &semantics;
  Value states, gotoTable;
  /// With token classes, each token's action column.
  Value columnTable;
};

} // namespace

Value AutomatonBuilder::emit() {
  auto i32 = b.getI32Type();
  const ScratchLayout &layout = code.layout;
  Value zero = build.index(0);
  getColumnTable();
  allocate();
  Value actionTable = memref::GetGlobalOp::create(b, code.actions.getType(),
                                                  code.actions.getSymName());
  gotoTable = memref::GetGlobalOp::create(b, code.gotos.getType(),
                                          code.gotos.getSymName());
  memref::StoreOp::create(b, build.i32(0), states, zero);

  Type indexType = b.getIndexType();
  auto loop = scf::WhileOp::create(
      b, TypeRange{indexType, indexType, i32},
      ValueRange{zero, zero, build.i32(kRunning)},
      [&](OpBuilder &, Location, ValueRange loopArgs) {
        Value running = arith::CmpIOp::create(b, arith::CmpIPredicate::eq,
                                              loopArgs[2], build.i32(kRunning));
        scf::ConditionOp::create(b, running, loopArgs);
      },
      [&](OpBuilder &, Location, ValueRange loopArgs) {
        Value sp = loopArgs[0], pos = loopArgs[1];
        Value state = build.toIndex(memref::LoadOp::create(b, states, sp));
        Value token, column;
        std::tie(token, column) = readToken(pos);
        Value action =
            memref::LoadOp::create(b, actionTable, ValueRange{state, column});
        Value positive = arith::CmpIOp::create(b, arith::CmpIPredicate::sgt,
                                               action, build.i32(0));
        Value notAccept =
            arith::CmpIOp::create(b, arith::CmpIPredicate::ne, action,
                                  build.i32(c::ParserOp::kAccept));
        Value isShift = arith::AndIOp::create(b, positive, notAccept);
        auto step = scf::IfOp::create(
            b, isShift,
            [&](OpBuilder &, Location) {
              Value next = arith::AddIOp::create(b, sp, build.index(1));
              memref::StoreOp::create(
                  b, arith::SubIOp::create(b, action, build.i32(1)), states,
                  next);
              Value status = semantics.shift(next, token, pos);
              scf::YieldOp::create(
                  b, ValueRange{next,
                                arith::AddIOp::create(b, pos, build.index(1)),
                                status ? status : build.i32(kRunning)});
            },
            [&](OpBuilder &, Location) {
              Value isReduce = arith::CmpIOp::create(
                  b, arith::CmpIPredicate::slt, action, build.i32(0));
              auto reduceOrStop = scf::IfOp::create(
                  b, isReduce,
                  [&](OpBuilder &, Location) { emitReduce(sp, pos, action); },
                  [&](OpBuilder &, Location) { emitStop(sp, pos, action); });
              scf::YieldOp::create(b, reduceOrStop.getResults());
            });
        scf::YieldOp::create(b, step.getResults());
      });
  return loop.getResult(2);
}

std::pair<Value, Value> AutomatonBuilder::readToken(Value pos) {
  Value hasToken =
      arith::CmpIOp::create(b, arith::CmpIPredicate::ult, pos, args.n);
  auto read = scf::IfOp::create(
      b, hasToken,
      [&](OpBuilder &, Location) {
        Value token =
            build.toIndex(memref::LoadOp::create(b, args.tokens, pos));
        Value column =
            columnTable
                ? build.toIndex(memref::LoadOp::create(b, columnTable, token))
                : token;
        scf::YieldOp::create(b, ValueRange{token, column});
      },
      [&](OpBuilder &, Location) {
        scf::YieldOp::create(
            b, ValueRange{build.index(0),
                          build.index(code.parser.getNumTerminals())});
      });
  return {read.getResult(0), read.getResult(1)};
}

Value AutomatonBuilder::emitDirect() {
  auto i32 = b.getI32Type();
  Type indexType = b.getIndexType();
  int64_t numStates = code.parser.getNumStates();
  int64_t numColumns = code.parser.getNumTerminals() + 1;
  auto actions =
      llvm::to_vector(cast<DenseIntElementsAttr>(code.parser.getActions())
                          .getValues<int32_t>());
  auto gotoAttr = cast<DenseIntElementsAttr>(code.parser.getGotos());
  auto gotos = llvm::to_vector(gotoAttr.getValues<int32_t>());
  int64_t numNonterminals = gotoAttr.getType().getDimSize(1);
  ArrayRef<c::RuleOp> rules = code.rules;

  allocate();
  getColumnTable();
  auto region = scf::ExecuteRegionOp::create(b, TypeRange{i32});
  Region &body = region.getRegion();
  Block *entry = &body.emplaceBlock();
  // A state's block: (stack pointer, position, token, column); it records
  // itself in the stack.
  SmallVector<Type> cursor(4, indexType);
  // Blocks are added at the region's end; the insertion point stays.
  auto newBlock = [&](TypeRange types) {
    Block *block = new Block();
    body.push_back(block);
    for (Type type : types)
      block->addArgument(type, b.getLoc());
    return block;
  };
  SmallVector<Block *> stateBlocks;
  for (int64_t s = 0; s < numStates; ++s)
    stateBlocks.push_back(newBlock(cursor));
  // A reduce's block and a shift's take the same four.
  SmallVector<Block *> reduceBlocks, shiftBlocks(numStates, nullptr);
  for (size_t r = 0; r < rules.size(); ++r)
    reduceBlocks.push_back(newBlock(cursor));
  Block *acceptBlock = newBlock({});
  Block *errorBlock = newBlock(indexType);
  Block *exitBlock = newBlock(i32);
  auto shiftBlock = [&](int64_t target) {
    if (!shiftBlocks[target])
      shiftBlocks[target] = newBlock(cursor);
    return shiftBlocks[target];
  };
  // Continues at `next` if `status` (null: none) says the run goes on.
  auto continueAt = [&](Value status, Block *next, ValueRange operands) {
    if (!status) {
      cf::BranchOp::create(b, next, operands);
      return;
    }
    Value running = arith::CmpIOp::create(b, arith::CmpIPredicate::eq, status,
                                          build.i32(kRunning));
    cf::CondBranchOp::create(b, running, next, operands, exitBlock,
                             ValueRange{status});
  };

  {
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(entry);
    Value zero = build.index(0);
    auto [token, column] = readToken(zero);
    cf::BranchOp::create(b, stateBlocks[0],
                         ValueRange{zero, zero, token, column});
  }

  // Each state: a switch on the column; no action is a parse error.
  for (int64_t s = 0; s < numStates; ++s) {
    Block *block = stateBlocks[s];
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(block);
    Value sp = block->getArgument(0), pos = block->getArgument(1);
    memref::StoreOp::create(b, build.i32(s), states, sp);
    SmallVector<int32_t> caseValues;
    SmallVector<Block *> caseBlocks;
    SmallVector<ValueRange> caseOperands;
    for (int64_t column = 0; column < numColumns; ++column) {
      int32_t action = actions[s * numColumns + column];
      if (action == 0)
        continue;
      caseValues.push_back(int32_t(column));
      caseBlocks.push_back(action == c::ParserOp::kAccept ? acceptBlock
                           : action > 0 ? shiftBlock(action - 1)
                                        : reduceBlocks[-(action + 1)]);
      caseOperands.push_back(action == c::ParserOp::kAccept
                                 ? ValueRange{}
                                 : ValueRange(block->getArguments()));
    }
    Value column32 = build.toI32(block->getArgument(3));
    cf::SwitchOp::create(b, column32, errorBlock, ValueRange{pos},
                         ArrayRef<int32_t>(caseValues), caseBlocks,
                         caseOperands);
  }

  // A shift into state t: the token goes on the stack, the next is read.
  for (int64_t t = 0; t < numStates; ++t) {
    Block *block = shiftBlocks[t];
    if (!block)
      continue;
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(block);
    Value next =
        arith::AddIOp::create(b, block->getArgument(0), build.index(1));
    Value pos = block->getArgument(1);
    Value status = semantics.shift(next, block->getArgument(2), pos);
    Value after = arith::AddIOp::create(b, pos, build.index(1));
    auto [token, column] = readToken(after);
    continueAt(status, stateBlocks[t], ValueRange{next, after, token, column});
  }

  // A reduce: the rule's semantics, then the goto on the state below. The
  // most common target is the default, so a nonterminal entered from one
  // state only needs no switch.
  for (auto [r, constRule] : llvm::enumerate(rules)) {
    c::RuleOp rule = constRule;
    Block *block = reduceBlocks[r];
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(block);
    Value base = arith::SubIOp::create(b, block->getArgument(0),
                                       build.index(rule.getArity() - 1));
    Value status = semantics.reduce(rule, base);
    int64_t lhs = rule.getLhs();
    std::map<int32_t, SmallVector<int32_t>> sourcesOf;
    for (int64_t p = 0; p < numStates; ++p)
      if (int32_t target = gotos[p * numNonterminals + lhs]; target >= 0)
        sourcesOf[target].push_back(int32_t(p));
    SmallVector<Value> operands{base, block->getArgument(1),
                                block->getArgument(2), block->getArgument(3)};
    if (sourcesOf.empty()) {
      // A nonterminal no state goes to on (the parser never reduces it).
      continueAt(status, errorBlock, ValueRange{block->getArgument(1)});
      continue;
    }
    if (sourcesOf.size() == 1) {
      continueAt(status, stateBlocks[sourcesOf.begin()->first], operands);
      continue;
    }
    Block *gotoBlock = newBlock(cursor);
    continueAt(status, gotoBlock, operands);
    b.setInsertionPointToStart(gotoBlock);
    Value below =
        arith::SubIOp::create(b, gotoBlock->getArgument(0), build.index(1));
    Value previous = memref::LoadOp::create(b, states, below);
    auto common = llvm::max_element(sourcesOf, [](auto &x, auto &y) {
      return x.second.size() < y.second.size();
    });
    SmallVector<int32_t> caseValues;
    SmallVector<Block *> caseBlocks;
    SmallVector<ValueRange> caseOperands;
    for (auto &[target, sources] : sourcesOf) {
      if (target == common->first)
        continue;
      for (int32_t source : sources) {
        caseValues.push_back(source);
        caseBlocks.push_back(stateBlocks[target]);
        caseOperands.push_back(gotoBlock->getArguments());
      }
    }
    cf::SwitchOp::create(b, previous, stateBlocks[common->first],
                         ValueRange(gotoBlock->getArguments()),
                         ArrayRef<int32_t>(caseValues), caseBlocks,
                         caseOperands);
  }

  {
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(acceptBlock);
    cf::BranchOp::create(b, exitBlock, ValueRange{semantics.accept()});
    b.setInsertionPointToStart(errorBlock);
    memref::StoreOp::create(b, build.toI32(errorBlock->getArgument(0)),
                            args.info, build.index(0));
    cf::BranchOp::create(b, exitBlock, ValueRange{build.i32(CIRCC_NO_PARSE)});
    b.setInsertionPointToStart(exitBlock);
    scf::YieldOp::create(b, exitBlock->getArgument(0));
  }
  return region.getResult(0);
}

/// Reduces by the rule `-(action + 1)` and takes the goto.
void AutomatonBuilder::emitReduce(Value sp, Value pos, Value action) {
  ArrayRef<c::RuleOp> rules = code.rules;
  Value ruleIndex =
      build.toIndex(arith::SubIOp::create(b, build.i32(-1), action));
  SmallVector<int64_t> cases;
  for (int64_t i = 0; i < static_cast<int64_t>(rules.size()); ++i)
    cases.push_back(i);
  Type indexType = b.getIndexType();
  auto dispatch = scf::IndexSwitchOp::create(
      b, TypeRange{indexType, indexType, b.getI32Type()}, ruleIndex, cases,
      cases.size());
  for (auto [i, constRule] : llvm::enumerate(rules)) {
    c::RuleOp rule = constRule;
    Block &block = dispatch.getCaseRegions()[i].emplaceBlock();
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(&block);
    Value base = arith::SubIOp::create(b, sp, build.index(rule.getArity() - 1));
    Value status = semantics.reduce(rule, base);
    scf::YieldOp::create(b, ValueRange{base, build.index(rule.getLhs()),
                                       status ? status : build.i32(kRunning)});
  }
  {
    // Reduce actions only name existing rules; keep the stack as it is.
    Block &block = dispatch.getDefaultRegion().emplaceBlock();
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(&block);
    scf::YieldOp::create(b, ValueRange{sp, build.index(0), build.i32(kRunning)});
  }
  Value base = dispatch.getResult(0);
  Value below = arith::SubIOp::create(b, base, build.index(1));
  Value previous = build.toIndex(memref::LoadOp::create(b, states, below));
  Value next = memref::LoadOp::create(
      b, gotoTable, ValueRange{previous, dispatch.getResult(1)});
  memref::StoreOp::create(b, next, states, base);
  scf::YieldOp::create(b, ValueRange{base, pos, dispatch.getResult(2)});
}

/// Accepts or reports where parsing failed.
void AutomatonBuilder::emitStop(Value sp, Value pos, Value action) {
  Value zero = build.index(0);
  Value isAccept = arith::CmpIOp::create(b, arith::CmpIPredicate::eq, action,
                                         build.i32(c::ParserOp::kAccept));
  auto outcome = scf::IfOp::create(
      b, isAccept,
      [&](OpBuilder &, Location) {
        Value status = semantics.accept();
        scf::YieldOp::create(b, ValueRange{sp, pos, status});
      },
      [&](OpBuilder &, Location) {
        memref::StoreOp::create(b, build.toI32(pos), args.info, zero);
        scf::YieldOp::create(b, ValueRange{sp, pos, build.i32(CIRCC_NO_PARSE)});
      });
  scf::YieldOp::create(b, outcome.getResults());
}

Value circc::carriedCode(ImplicitLocOpBuilder &b, const CircuitCode &code,
                         Value token, Value position) {
  LoweringBuilder build(b);
  Value table = memref::GetGlobalOp::create(b, code.lexemes.getType(),
                                            code.lexemes.getSymName());
  Value lexeme = memref::LoadOp::create(b, table, token);
  if (!code.parser.getOpenWords())
    return lexeme;
  // An open class's token carries the word at its position.
  Value isWord = arith::CmpIOp::create(b, arith::CmpIPredicate::eq, lexeme,
                                       build.i32(c::ParserOp::kInputWord));
  Value word = arith::AddIOp::create(
      b, build.i32(code.circuit.getOutputs().size()), build.toI32(position));
  return arith::SelectOp::create(b, isWord, word, lexeme);
}

/// Per token: a slot in each of the three arrays and room for four output
/// symbols.
static constexpr int64_t kWordsPerToken = 3 + 4;

Value circc::workspaceNeeded(ImplicitLocOpBuilder &b, const CircuitCode &code,
                             Value n) {
  LoweringBuilder build(b);
  Value slots = arith::AddIOp::create(b, n, build.index(2));
  return arith::AddIOp::create(
      b, arith::MulIOp::create(b, slots, build.index(kWordsPerToken)),
      build.index(2 * code.layout.spareSize));
}

WorkspaceStorage WorkspaceStorage::carve(ImplicitLocOpBuilder &b,
                                         const CircuitCode &code,
                                         const RunArguments &args) {
  LoweringBuilder build(b);
  WorkspaceStorage storage;
  storage.scratch = args.workspace;
  Value slots = arith::AddIOp::create(b, args.n, build.index(2));
  Value words = arith::IndexCastOp::create(b, b.getIndexType(), args.words);
  Value arraysAt = arith::SubIOp::create(
      b, words, arith::MulIOp::create(b, slots, build.index(3)));
  auto array = [&](int64_t k) -> Value {
    Value at = arith::AddIOp::create(
        b, arraysAt, arith::MulIOp::create(b, slots, build.index(k)));
    auto type = MemRefType::get(
        {kRunTimeExtent}, b.getI32Type(),
        StridedLayoutAttr::get(b.getContext(), ShapedType::kDynamic, {1}));
    return memref::ReinterpretCastOp::create(
        b, type, args.workspace, OpFoldResult(at),
        ArrayRef<OpFoldResult>{b.getIndexAttr(kRunTimeExtent)},
        ArrayRef<OpFoldResult>{b.getIndexAttr(1)});
  };
  storage.states = array(0);
  storage.lengths = array(1);
  storage.offsets = array(2);
  // The guard's spareSize words lie between the limit and the arrays; the
  // offsets are i32.
  Value limit = arith::MinUIOp::create(
      b, arith::SubIOp::create(b, arraysAt, build.index(code.layout.spareSize)),
      build.index(std::numeric_limits<int32_t>::max()));
  storage.stackLimit = build.toI32(limit);
  return storage;
}

Value circc::emitAutomaton(ImplicitLocOpBuilder &b, const CircuitCode &code,
                           const RunArguments &args, StackSemantics &semantics) {
  AutomatonBuilder builder(b, code, args, semantics);
  return code.directAutomaton ? builder.emitDirect() : builder.emit();
}

Value circc::emitAutomaton(ImplicitLocOpBuilder &b, const CircuitCode &code,
                           const RunArguments &args) {
  if (code.valueStack)
    return emitAutomaton(b, code, args, *createValueSemantics(b, code, args));
  RoutingSemantics routing(b, code, args);
  return emitAutomaton(b, code, args, routing);
}
