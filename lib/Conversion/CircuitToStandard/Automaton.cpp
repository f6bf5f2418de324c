//===- Automaton.cpp - The LR automaton of one run ------------------------===//
//
// Part of circc.
//
// The automaton reads the tokens with the parser's action and goto tables;
// each reduce evaluates its rule's routing (Routing.cpp) into the scratch
// buffer, and accepting copies the start symbol's output out.
//
//===----------------------------------------------------------------------===//

#include "CircuitCode.h"

#include "mlir/Dialect/SCF/IR/SCF.h"

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
    // Slot 0 holds the start state and no output.
    memref::StoreOp::create(b, build.i32(0), lengths, build.index(0));
    memref::StoreOp::create(b, build.i32(0), offsets, build.index(0));
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
    Value table = memref::GetGlobalOp::create(b, code.lexemes.getType(),
                                              code.lexemes.getSymName());
    Value lexeme = memref::LoadOp::create(b, table, token);
    Value carries = arith::CmpIOp::create(b, arith::CmpIPredicate::sge, lexeme,
                                          build.i32(0));
    Value length = arith::ExtUIOp::create(b, b.getI32Type(), carries);
    memref::StoreOp::create(b, length, lengths, slot);
    // The store is harmless past the capacity: the spare region follows.
    memref::StoreOp::create(b, lexeme, scratch, build.toIndex(start));
    return stop(withinStack(arith::AddIOp::create(b, start, length)));
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
    Value fits =
        withinStack(arith::AddIOp::create(b, start, build.toI32(length)));
    if (rule.getChecked())
      fits = arith::AndIOp::create(
          b, fits,
          arith::CmpIOp::create(
              b, arith::CmpIPredicate::ule, length,
              build.index(rule.getResultType().getMaxLength())));
    if (!output.inPlace) {
      auto place = scf::IfOp::create(b, fits, /*withElse=*/false);
      OpBuilder::InsertionGuard g(b);
      b.setInsertionPointToStart(place.thenBlock());
      routing.copy(scratch, output.start, build.toIndex(start), length);
    }
    return stop(fits);
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
  /// Whether the stack's outputs, ending at `end` (an i32), fit its storage.
  Value withinStack(Value end) {
    return arith::CmpIOp::create(b, arith::CmpIPredicate::sle, end,
                                 build.i32(code.layout.stackCapacity));
  }
  /// Running if `fits`, else CIRCC_OUTPUT_TOO_LONG with the circuit's
  /// output bound in `info`.
  Value stop(Value fits) {
    auto report = scf::IfOp::create(
        b, arith::XOrIOp::create(b, fits, build.i1(true)), /*withElse=*/false);
    {
      OpBuilder::InsertionGuard g(b);
      b.setInsertionPointToStart(report.thenBlock());
      memref::StoreOp::create(b, build.i32(code.circuit.getMaxOutput()),
                              args.info, build.index(0));
    }
    return arith::SelectOp::create(b, fits, build.i32(kRunning),
                                   build.i32(CIRCC_OUTPUT_TOO_LONG));
  }

  ImplicitLocOpBuilder &b;
  LoweringBuilder build;
  const CircuitCode &code;
  const RunArguments &args;
  Routing routing;
  Value lengths, offsets, starts, scratch;
};

class AutomatonBuilder {
public:
  AutomatonBuilder(ImplicitLocOpBuilder &b, const CircuitCode &code,
                   const RunArguments &args, StackSemantics &semantics)
      : b(b), build(b), code(code), args(args), semantics(semantics) {}

  Value emit();

private:
  void emitReduce(Value sp, Value pos, Value action);
  void emitStop(Value sp, Value pos, Value action);

  ImplicitLocOpBuilder &b;
  LoweringBuilder build;
  const CircuitCode &code;
  const RunArguments &args;
  StackSemantics &semantics;
  Value states, gotoTable;
};

} // namespace

Value AutomatonBuilder::emit() {
  auto i32 = b.getI32Type();
  const ScratchLayout &layout = code.layout;
  int64_t numTerminals = code.parser.getNumTerminals();
  Value zero = build.index(0);
  Value columnTable;
  if (code.columns)
    columnTable = memref::GetGlobalOp::create(b, code.columns.getType(),
                                              code.columns.getSymName());
  states = memref::AllocaOp::create(b, MemRefType::get({layout.slots}, i32));
  semantics.allocate(layout.slots);
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
        Value hasToken =
            arith::CmpIOp::create(b, arith::CmpIPredicate::ult, pos, args.n);
        // The token's id and its action column (the end's past the last).
        auto readToken = scf::IfOp::create(
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
              scf::YieldOp::create(b, ValueRange{build.index(0),
                                                 build.index(numTerminals)});
            });
        Value action = memref::LoadOp::create(
            b, actionTable, ValueRange{state, readToken.getResult(1)});
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
              Value status =
                  semantics.shift(next, readToken.getResult(0), pos);
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

Value circc::emitAutomaton(ImplicitLocOpBuilder &b, const CircuitCode &code,
                           const RunArguments &args, StackSemantics &semantics) {
  return AutomatonBuilder(b, code, args, semantics).emit();
}

Value circc::emitAutomaton(ImplicitLocOpBuilder &b, const CircuitCode &code,
                           const RunArguments &args) {
  RoutingSemantics routing(b, code, args);
  return emitAutomaton(b, code, args, routing);
}
