//===- CircuitCode.h - The pieces of convert-circuit-to-standard -*- C++ -*-===//
//
// Part of circc. Private to lib/Conversion/CircuitToStandard.
//
// One command's run (`@__circc_run_one`) is built from named pieces, each in
// the file named after it:
//   Routing.cpp    a rule's routing, evaluated into the scratch buffer
//                  (ScratchLayout), and the decoding of content codes;
//   Automaton.cpp  the LR automaton that drives the rules;
//   ValueStack.cpp its stack of one content code per slot, for circuits
//                  whose every rule outputs one symbol;
//   Shapes.cpp     the tabulated alternative: shape lookup and route gather;
//   TextEntry.cpp  __circc_run_text, the whole run from a command's text.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_LIB_CONVERSION_CIRCUITTOSTANDARD_CIRCUITCODE_H
#define CIRCC_LIB_CONVERSION_CIRCUITTOSTANDARD_CIRCUITCODE_H

#include "circc/Dialect/Circuit/CircuitOps.h"
#include "circc/Support/LoweringBuilder.h"
#include "circc/abi.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"

#include <memory>

namespace circc {

/// Where the LR stack keeps the outputs of its symbols. The stack has
/// `slots` slots: slot 0 holds the start state, slots 1..max_input+1 the
/// symbols (at most one per token read; no production is empty). Their
/// outputs lie one after the other in scratch[0, stackCapacity): slot `i`'s
/// at offsets[i], lengths[i] long, so the storage grows with the outputs
/// the stack holds, not with slots times the longest output. A reduce
/// writes the rule's output where its first child starts: in place when the
/// output begins with its first children in order (already there) and reads
/// no later child after them; else into the spare region after the stack,
/// then copied into place. A run whose stack would outgrow stackCapacity
/// stops with CIRCC_OUTPUT_TOO_LONG.
///
/// A circuit of any input length (no max_input) keeps all of it in the
/// workspace its caller gives (circc_run_fn), laid out for the command's
/// token count n: the spare region first, at 0; the stack's outputs from
/// `stackStart` (spareSize) to a limit the run computes; a guard of
/// spareSize words (what a shift or a rule may write before its check);
/// then the slots' states, lengths and offsets, n + 2 each, at the end. A
/// run whose stack would pass the limit asks for a larger workspace
/// (CIRCC_GROW_WORKSPACE) instead of stopping.
struct ScratchLayout {
  /// Whether the storage is the caller's workspace (any input length); the
  /// slot count and the stack's capacity are then the run's.
  bool growing = false;
  int64_t slots = 0;
  /// What the stack's outputs may hold at once: the circuit's stack_output
  /// up to 2^18 words, else 2 * max_output + max_input.
  int64_t stackCapacity = 0;
  /// Offset of the spare region (stackCapacity), its words (the most any
  /// rule writes while it is evaluated), and the words of scratch in all.
  int64_t spareRegion = 0, spareSize = 0, size = 0;
  /// Where the first slot's output starts: 0, or spareSize when growing.
  int64_t stackStart = 0;

  /// The layout for `circuit`; fails (with an error on the circuit) when
  /// the scratch would exceed 1M words and the circuit needs the automaton.
  static mlir::FailureOr<ScratchLayout> plan(circuit::CircuitOp circuit);
};

/// The tables of a circuit.shapes op, as constant globals.
struct ShapeGlobals {
  mutable mlir::memref::GlobalOp classes, lexicon, trie, accepting, routes, lengths,
      keys, slots;
};

/// What the code of one run reads: the circuit, its constant tables and
/// its scratch layout.
struct CircuitCode {
  // Op handles are values whose accessors are not const.
  mutable circuit::CircuitOp circuit;
  mutable circuit::ParserOp parser;
  llvm::SmallVector<circuit::RuleOp> rules;
  mutable mlir::memref::GlobalOp actions, gotos;
  /// With token classes: each token's action column and the symbol it
  /// carries (circuit.parser's columns and lexemes); null without.
  mutable mlir::memref::GlobalOp columns, lexemes;
  ShapeGlobals shapes;
  /// Per op table a circuit.apply reads: the symbol of each of its rows, or
  /// for a table loaded at run time, the learnable-row index of its row 0.
  llvm::DenseMap<mlir::StringAttr, mlir::memref::GlobalOp> opTables;
  llvm::DenseMap<mlir::StringAttr, int64_t> runtimeOpTables;
  ScratchLayout layout;
  /// Whether a rule places an input position (circuit.position): the
  /// stack then keeps where each slot's span starts.
  bool placesPositions = false;
  /// Whether copies and field scans call one shared function each
  /// (Routing::loop): big circuits (the pass's share-loops-above).
  bool shareLoops = false;
  /// Whether the LR automaton is emitted as code, a block per state, rather
  /// than as a walk of its tables: automata of at most the pass's
  /// direct-automaton-states states.
  bool directAutomaton = false;
  /// Whether the automaton's stack holds one content code per slot
  /// (holdsValues).
  bool valueStack = false;
};

/// The arguments of one run (those of `@__circc_run_one`), and `n`, the
/// token count as an index.
struct RunArguments {
  mlir::Value tokens, count, out, capacity, info, learned, decode, n;
  /// A circuit of any input length's: the caller's workspace
  /// (memref<kRunTimeExtent x i32>) and its words (an i64).
  mlir::Value workspace, words;
};

/// The words of workspace a run of `code` (growing) needs at least for a
/// command of `n` tokens (an index): the slots, the spare region and its
/// guard, and room for a few output symbols per token (Automaton.cpp).
mlir::Value workspaceNeeded(mlir::ImplicitLocOpBuilder &b,
                            const CircuitCode &code, mlir::Value n);

/// A rule's routing, content codes and their decoding (Routing.cpp).
class Routing {
public:
  Routing(mlir::ImplicitLocOpBuilder &b, const CircuitCode &code,
          const RunArguments &args)
      : b(b), build(b), code(code), args(args), symbols(code.circuit) {}

  /// Where a rule's output was built.
  struct RuleOutput {
    mlir::Value length;
    /// Where it starts: the first child's offset (in place), or the spare
    /// region, to be copied there.
    mlir::Value start;
    bool inPlace;
  };
  /// The stack's storage: the slots' outputs are in `scratch` at
  /// `offsets`, `lengths` long; `starts` holds the input position of each
  /// slot's first token.
  struct Stack {
    mlir::Value scratch, lengths, offsets, starts;
  };
  /// Evaluates `rule` at stack position `base` (its first child's slot).
  RuleOutput lowerRule(circuit::RuleOp rule, mlir::Value base,
                       const Stack &stack);
  /// Copies `length` words of `scratch` from `src` to `dst`, first to last
  /// (so a copy to a lower offset may overlap).
  void copy(mlir::Value scratch, mlir::Value src, mlir::Value dst,
            mlir::Value length);
  /// Where field `index` of the packed sequence at `start`, `length` long,
  /// lies: [first, last) relative to `start`, both `length` when it is
  /// missing. One scan, shared by every circuit.field.
  std::pair<mlir::Value, mlir::Value> findField(mlir::Value scratch,
                                                mlir::Value start,
                                                mlir::Value length,
                                                mlir::Value index);

  /// The output of content code `codeValue`: with `decode` set and rows
  /// loaded at run time, a learnable row's decoded symbol; else the code.
  mlir::Value decode(mlir::Value codeValue);
  /// The symbol of content code `codeValue`, whatever `decode` says (what a
  /// table is applied to).
  mlir::Value symbolOf(mlir::Value codeValue);
  /// The symbol in row `row` (an index) of the op table `op` applies.
  mlir::Value tableEntry(circuit::ApplyOp op, mlir::Value row);

private:
  struct RuleEmission;
  /// `body` (what it returns: `results`) applied to `arguments`: inline,
  /// or in a big circuit through one shared function named `name`.
  llvm::SmallVector<mlir::Value>
  loop(llvm::StringRef name, mlir::ValueRange arguments, mlir::TypeRange results,
       llvm::function_ref<llvm::SmallVector<mlir::Value>(
           mlir::ImplicitLocOpBuilder &, mlir::ValueRange)>
           body);

  mlir::ImplicitLocOpBuilder &b;
  LoweringBuilder build;
  const CircuitCode &code;
  const RunArguments &args;
  mlir::SymbolTable symbols;
};

/// The content code between the streams of a circuit.pack: no symbol's,
/// no learnable row's, and never part of a circuit's output (the start
/// nonterminal has one stream).
constexpr int32_t kStreamDelimiter = -1;

/// A growing run's storage, carved from the caller's workspace as
/// ScratchLayout says: the scratch buffer (the workspace itself), the
/// slots' states, lengths and offsets, and where the stack's outputs must
/// end (an i32).
struct WorkspaceStorage {
  mlir::Value scratch, states, lengths, offsets, stackLimit;
  static WorkspaceStorage carve(mlir::ImplicitLocOpBuilder &b,
                                const CircuitCode &code,
                                const RunArguments &args);
};

/// What the LR automaton keeps in its stack slots besides the states, and
/// what it does with them: a run routes content codes (RoutingSemantics in
/// Automaton.cpp), the soft gradient builds a tape of distributions
/// (SoftGradient.cpp).
class StackSemantics {
public:
  virtual ~StackSemantics() = default;
  /// Allocates the per-slot storage of a stack of `slots` slots.
  virtual void allocate(int64_t slots) = 0;
  /// Takes the per-slot storage of a growing run from `storage`; only
  /// semantics that run circuits of any input length override it.
  virtual void allocateIn(const WorkspaceStorage &storage) {
    llvm_unreachable("these semantics need a bounded input");
  }
  /// Token `token` (its id, an index), at input position `position` (an
  /// index), was shifted into stack slot `slot`. Returns the run's status
  /// if the shift stops it (an i32), or null.
  virtual mlir::Value shift(mlir::Value slot, mlir::Value token,
                            mlir::Value position) = 0;
  /// `rule` was reduced, its first symbol in slot `base`: leaves the rule's
  /// result in slot `base`. Returns the run's status if the reduce stops it
  /// (an i32), or null.
  virtual mlir::Value reduce(circuit::RuleOp rule, mlir::Value base) = 0;
  /// The input was accepted (the start symbol is in slot 1); returns the
  /// status.
  virtual mlir::Value accept() = 0;
};

/// The content code token `token` (an index) carries onto the stack when
/// shifted at `position` (an index), an i32: its class's symbol, -1 for
/// none, or for an open class's token the input word, |outputs| + position
/// (Automaton.cpp). Only for circuits with token classes.
mlir::Value carriedCode(mlir::ImplicitLocOpBuilder &b, const CircuitCode &code,
                        mlir::Value token, mlir::Value position);

/// Whether every rule of `code`'s circuit outputs one symbol: a child's, a
/// constant or gathered code, or a table applied to such symbols. Its
/// automaton's stack then holds one content code per slot, in place of
/// routed outputs (ValueStack.cpp).
bool holdsValues(const CircuitCode &code);
/// The stack semantics of such a run (ValueStack.cpp).
std::unique_ptr<StackSemantics>
createValueSemantics(mlir::ImplicitLocOpBuilder &b, const CircuitCode &code,
                     const RunArguments &args);

/// The LR automaton over the tokens; returns the run's status, having
/// stored the failing position in `args.info` on a parse error
/// (Automaton.cpp). The plain run routes content into `args.out`.
mlir::Value emitAutomaton(mlir::ImplicitLocOpBuilder &b, const CircuitCode &code,
                          const RunArguments &args);
mlir::Value emitAutomaton(mlir::ImplicitLocOpBuilder &b, const CircuitCode &code,
                          const RunArguments &args, StackSemantics &semantics);

/// The tabulated structure: the command's shape, then its route; returns
/// the run's status (Shapes.cpp).
mlir::Value emitShapes(mlir::ImplicitLocOpBuilder &b, const CircuitCode &code,
                       const RunArguments &args);

/// Creates the constant tables of a circuit.shapes op (Shapes.cpp).
ShapeGlobals createShapeGlobals(mlir::ImplicitLocOpBuilder &b,
                                circuit::CircuitOp circuit,
                                circuit::ShapesOp shapes);

/// Emits the lookup of a packed class-sequence `key` in the slot table of
/// `shapes` (open addressing, multiplicative hash); returns the shape as an
/// i32, or -1 when no sentence has that class sequence (Shapes.cpp).
mlir::Value emitShapeLookup(mlir::ImplicitLocOpBuilder &b,
                            circuit::ShapesOp shapes, mlir::Value slotTable,
                            mlir::Value keyTable, mlir::Value key);

/// Whether the circuit applies an op table loaded at run time, which
/// __circc_gradient then learns through soft applications (SoftGradient.cpp).
bool appliesLearnableTables(const CircuitCode &code);

/// Adds `__circc_gradient` for a circuit that applies learnable op tables:
/// the parse run with distributions over the outputs at every node, the
/// tables applied bilinearly, the cross-entropy at the root and its
/// gradient back through every application. Fails (with an error) for a
/// circuit whose rules do not each output one symbol (SoftGradient.cpp).
mlir::LogicalResult buildSoftGradient(mlir::ImplicitLocOpBuilder &b,
                                      const CircuitCode &code);

/// Adds `__circc_run_text` when the circuit allows it (tabulated shapes,
/// weights baked in, a vocabulary of words of at most eight bytes); returns
/// whether it was added (TextEntry.cpp).
bool buildTextEntry(mlir::ImplicitLocOpBuilder &b, const CircuitCode &code);

} // namespace circc

#endif // CIRCC_LIB_CONVERSION_CIRCUITTOSTANDARD_CIRCUITCODE_H
