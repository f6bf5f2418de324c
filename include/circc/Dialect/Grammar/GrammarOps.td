//===- GrammarOps.td - Grammar dialect operations ----------*- tablegen -*-===//
//
// Part of circc. Ops for grammars, nonterminals, productions and templates.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_DIALECT_GRAMMAR_GRAMMAROPS_TD
#define CIRCC_DIALECT_GRAMMAR_GRAMMAROPS_TD

include "circc/Dialect/Grammar/GrammarDialect.td"
include "mlir/IR/EnumAttr.td"
include "mlir/IR/OpBase.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/IR/RegionKindInterface.td"

class Grammar_Op<string mnemonic, list<Trait> traits = []>
    : Op<Grammar_Dialect, mnemonic, traits>;

def Grammar_PositiveI64Attr : ConfinedAttr<I64Attr, [IntMinValue<1>]>;

def Grammar_Associativity : I32EnumAttr<"Associativity",
    "how operators of one precedence level group", [
      I32EnumAttrCase<"left", 0>,
      I32EnumAttrCase<"right", 1>,
      I32EnumAttrCase<"nonassoc", 2>]> {
  let cppNamespace = "::circc::grammar";
}

//===----------------------------------------------------------------------===//
// Structure: grammar, nonterminal, production
//===----------------------------------------------------------------------===//

def Grammar_GrammarOp : Grammar_Op<"grammar", [
    IsolatedFromAbove, Symbol, SymbolTable, NoTerminator, SingleBlock,
    NoRegionArguments]> {
  let summary = "A grammar with its vocabularies and start nonterminal";
  let description = [{
    A grammar declares the input tokens it accepts, the output symbols its
    templates may emit, its start nonterminal, and (for recursive grammars)
    the longest input it accepts. Its body holds `grammar.nonterminal` ops.

    The verifier checks the grammar as a whole: the start nonterminal
    exists, every nonterminal is reachable from it and derives at least one
    sentence, no chain of single-nonterminal productions loops back on
    itself, and a recursive grammar declares `max_input`, since its output
    length is otherwise unbounded.

    Example:

    ```mlir
    grammar.grammar @tiny start @cmd tokens ["walk", "twice"]
        outputs ["I_WALK"] {
      grammar.nonterminal @cmd {
        grammar.production [@prim] {
          grammar.child 1
        }
        grammar.production [@prim, "twice"] {
          grammar.repeat 2 {
            grammar.child 1
          }
        }
      }
      grammar.nonterminal @prim {
        grammar.production ["walk"] {
          grammar.emit "I_WALK"
        }
      }
    }
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name, FlatSymbolRefAttr:$start,
                       StrArrayAttr:$tokens, StrArrayAttr:$outputs,
                       OptionalAttr<Grammar_PositiveI64Attr>:$max_input,
                       OptionalAttr<Grammar_PositiveI64Attr>:$max_output);
  let regions = (region SizedRegion<1>:$bodyRegion);
  let assemblyFormat = [{
    $sym_name `start` $start `tokens` $tokens `outputs` $outputs
    (`max_input` $max_input^)? (`max_output` $max_output^)?
    attr-dict-with-keyword $bodyRegion
  }];
  let hasVerifier = 1;
  let hasRegionVerifier = 1;
  let extraClassDeclaration = [{
    /// The longest input bound a grammar may declare: positions and the
    /// content codes of input words stay int32. A bound above
    /// circuit::CircuitOp::kGrowAboveInput is a limit the runtime enforces
    /// on a stack that grows as needed.
    static constexpr int64_t kMaxInputLimit = int64_t(1) << 30;
    /// The longest output bound circc compiles a grammar for.
    static constexpr int64_t kMaxOutputLimit = 1 << 20;
    /// Returns the nonterminal named `name`, or null.
    NonterminalOp lookupNonterminal(::llvm::StringRef name);
    /// Returns true if `token` is one of the declared input tokens.
    bool hasToken(::llvm::StringRef token);
    /// Returns true if `symbol` is one of the declared output symbols.
    bool hasOutput(::llvm::StringRef symbol);
    /// The nonterminals in the order they are written.
    auto getNonterminals() { return getBody()->getOps<NonterminalOp>(); }
    /// The token classes in the order they are written.
    auto getClasses() { return getBody()->getOps<ClassOp>(); }
    /// Returns the token class named `name`, or null.
    ClassOp lookupClass(::llvm::StringRef name);
    /// The precedence levels, loosest first.
    auto getPrecedences() { return getBody()->getOps<PrecedenceOp>(); }
  }];
}

def Grammar_ClassOp : Grammar_Op<"class", [Symbol, HasParent<"GrammarOp">]> {
  let summary = "A token class: tokens that play one part in the structure";
  let description = [{
    A set of input tokens that a right-hand side names as one symbol (a
    reference to the class, like a nonterminal's): the grammar's structure,
    and so its parser, sees one terminal for the whole class, however many
    tokens it holds. Placed in a template (`$N`), the class outputs one
    symbol, the entry of `outputs` at the token's position: the token's own
    name for a class that copies its tokens through. A token belongs to at
    most one class and is then not written literally in any production.

    Example (`class letter = A1..A3;`):

    ```mlir
    grammar.class @letter tokens ["A1", "A2", "A3"]
        outputs ["A1", "A2", "A3"]
    ```

    With `open`, the class is *open*: it also reads every input word
    outside the grammar's tokens that has the named shape (`lowercase`,
    `capitalized` or `digits`, circc/abi.h), and placed in a template such a
    word outputs itself, its own spelling, though no output names it. The
    listed tokens keep their own outputs; a known word is never read as an
    open one. One class at most is open to each shape, and an open class's
    symbol may not be an op table's argument (a table has a row per
    output, and the word is none).
  }];
  let arguments = (ins SymbolNameAttr:$sym_name, StrArrayAttr:$tokens,
                       StrArrayAttr:$outputs, OptionalAttr<StrAttr>:$open);
  let assemblyFormat = [{
    $sym_name (`open` $open^)? `tokens` $tokens `outputs` $outputs attr-dict
  }];
  let hasVerifier = 1;
}

def Grammar_PrecedenceOp : Grammar_Op<"precedence", [
    HasParent<"GrammarOp">]> {
  let summary = "A precedence level of tokens, with its associativity";
  let description = [{
    Declares tokens that share one precedence level, as yacc's `%left`,
    `%right` and `%nonassoc` do: each `grammar.precedence` binds tighter
    than the ones before it. The parser's construction uses the levels to
    settle a shift/reduce conflict between a production and a lookahead
    token that both have one: a production's level is that of its last
    token with a level, or the one its `prec` names. The higher level
    wins; at the same level, `left` reduces, `right` shifts, and
    `nonassoc` makes the input an error. Other conflicts are reported as
    before.

    A name that is not one of the grammar's tokens names a level for
    `prec` alone (yacc's `%prec UMINUS`). A token of a class, read as its
    class, cannot take a level.

    Example (`precedence left "+" "-";`):

    ```mlir
    grammar.precedence left ["+", "-"]
    ```
  }];
  let arguments = (ins Grammar_Associativity:$assoc, StrArrayAttr:$tokens);
  let assemblyFormat = "$assoc $tokens attr-dict";
  let hasVerifier = 1;
}

def Grammar_NonterminalOp : Grammar_Op<"nonterminal", [
    Symbol, HasParent<"GrammarOp">, NoTerminator, SingleBlock,
    NoRegionArguments]> {
  let summary = "A nonterminal and its productions";
  let description = [{
    A nonterminal holds its alternatives as `grammar.production` ops. Two
    productions of one nonterminal may not have the same right-hand side.

    Example:

    ```mlir
    grammar.nonterminal @direction {
      grammar.production ["left"] {
        grammar.emit "I_TURN_LEFT"
      }
      grammar.production ["right"] {
        grammar.emit "I_TURN_RIGHT"
      }
    }
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name);
  let regions = (region SizedRegion<1>:$bodyRegion);
  let assemblyFormat = "$sym_name attr-dict-with-keyword $bodyRegion";
  let hasRegionVerifier = 1;
  let extraClassDeclaration = [{
    auto getProductions() { return getBody()->getOps<ProductionOp>(); }
    /// The names of its output streams, in the order its productions first
    /// give them; empty when its productions output one sequence.
    ::llvm::SmallVector<::llvm::StringRef> getStreamNames();
  }];
}

def Grammar_ProductionOp : Grammar_Op<"production", [
    HasParent<"NonterminalOp">, NoTerminator, SingleBlock,
    NoRegionArguments]> {
  let summary = "One alternative of a nonterminal, with its template";
  let description = [{
    `rhs` lists the right-hand side: a symbol reference names a nonterminal,
    a string is an input token. The body is the production's semantic
    template: the template ops in order, whose outputs are concatenated.
    Children are numbered from 1 across the whole right-hand side, tokens
    included, as `$1`, `$2`, ... are in the grammar file.

    `prec`, when given, names a token or name of a `grammar.precedence`
    whose level the production takes instead of its last token's.

    Example (`sentence "after" sentence` emits the second child first):

    ```mlir
    grammar.production [@sentence, "after", @sentence] {
      grammar.child 3
      grammar.child 1
    }
    ```
  }];
  let arguments = (ins ArrayAttr:$rhs, OptionalAttr<StrAttr>:$prec);
  let regions = (region SizedRegion<1>:$bodyRegion);
  let assemblyFormat =
      "$rhs (`prec` $prec^)? attr-dict-with-keyword $bodyRegion";
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The nonterminal this production belongs to.
    NonterminalOp getNonterminal();
    /// The grammar this production belongs to.
    GrammarOp getGrammar();
    /// The nonterminal named at 1-based position `index` of the right-hand
    /// side, or null if that position is a token or out of range.
    ::mlir::FlatSymbolRefAttr getChildSymbol(int64_t index);
    /// Renders the production as `lhs -> a "b" c` for diagnostics.
    std::string describe();
  }];
}

//===----------------------------------------------------------------------===//
// Templates
//===----------------------------------------------------------------------===//

def Grammar_ChildOp : Grammar_Op<"child", [
    ParentOneOf<["ProductionOp", "StreamOp", "RepeatOp", "ApplyOp", "ReverseOp", "SliceOp"]>]> {
  let summary = "Places the output of a nonterminal child";
  let description = [{
    Places the whole output of the child at 1-based right-hand-side position
    `index`. The position must name a nonterminal, not a token. A child
    whose templates have several output streams (`grammar.stream`) is
    placed one stream at a time: `stream` names it (`$2.defs` in a grammar
    file); a child without streams is placed whole.

    Examples: `grammar.child 1`, `grammar.child 2 stream "defs"`
  }];
  let arguments = (ins Grammar_PositiveI64Attr:$index,
                       OptionalAttr<StrAttr>:$stream);
  let assemblyFormat = "$index (`stream` $stream^)? attr-dict";
  let builders = [
    OpBuilder<(ins "int64_t":$index), [{
      build($_builder, $_state, $_builder.getI64IntegerAttr(index),
            ::mlir::StringAttr());
    }]>
  ];
  let hasVerifier = 1;
}

def Grammar_EmitOp : Grammar_Op<"emit", [
    ParentOneOf<["ProductionOp", "StreamOp", "RepeatOp", "ApplyOp", "ReverseOp", "SliceOp"]>]> {
  let summary = "Emits one output symbol";
  let description = [{
    Emits `symbol`, which must be one of the grammar's declared outputs.

    Example: `grammar.emit "I_WALK"`
  }];
  let arguments = (ins StrAttr:$symbol);
  let assemblyFormat = "$symbol attr-dict";
  let hasVerifier = 1;
}

def Grammar_LearnedOp : Grammar_Op<"learned", [
    ParentOneOf<["ProductionOp", "StreamOp", "RepeatOp", "ApplyOp", "ReverseOp", "SliceOp"]>]> {
  let summary = "Emits one output symbol that is learned from data";
  let description = [{
    Marks a lexical meaning as learnable: the production emits exactly one
    output symbol, which the grammar leaves open and a training run fixes.
    Until then, the compiled circuit's table row for it is free.

    Example (`"jump" { ? }` in a grammar file):

    ```mlir
    grammar.production ["jump"] {
      grammar.learned
    }
    ```
  }];
  let assemblyFormat = "attr-dict";
}

def Grammar_RepeatOp : Grammar_Op<"repeat", [
    ParentOneOf<["ProductionOp", "StreamOp", "RepeatOp", "ReverseOp", "SliceOp"]>, NoTerminator, SingleBlock,
    NoRegionArguments]> {
  let summary = "Repeats a template a fixed number of times, or a child's count";
  let description = [{
    Emits the output of its body `count` times in a row, or, with `by`, as
    many times as the count child `by` (a 1-based right-hand-side position)
    outputs: a token class, not open, whose every output symbol is a count,
    a decimal number (`class count = 1..9;`). The output's bound is the
    body's times the class's largest count.

    Examples (`($3 $1) * 4`, SCAN's "around"; `($5) * $2`, a count read
    from the input):

    ```mlir
    grammar.repeat 4 {
      grammar.child 3
      grammar.child 1
    }
    grammar.repeat by 2 {
      grammar.child 5
    }
    ```
  }];
  let arguments = (ins OptionalAttr<Grammar_PositiveI64Attr>:$count,
                       OptionalAttr<Grammar_PositiveI64Attr>:$by);
  let regions = (region SizedRegion<1>:$bodyRegion);
  let assemblyFormat =
      "($count^)? (`by` $by^)? attr-dict-with-keyword $bodyRegion";
  let builders = [
    OpBuilder<(ins "int64_t":$count), [{
      build($_builder, $_state, $_builder.getI64IntegerAttr(count),
            ::mlir::IntegerAttr());
    }]>
  ];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The production whose template holds this repeat.
    ProductionOp getProduction();
    /// The most times the body is emitted: `count`, or the largest count
    /// of the class `by` names (0 when it names none).
    uint64_t getMaxCount();
    /// With `by`: each output symbol of the count class with its count.
    /// Empty when `by` names no such class.
    llvm::SmallVector<std::pair<llvm::StringRef, uint64_t>> getCounts();
    /// The largest count a count symbol may name.
    static constexpr uint64_t kMaxCount = 1 << 20;
  }];
}

def Grammar_HoleOp : Grammar_Op<"hole", [HasParent<"ProductionOp">]> {
  let summary = "A template left open, for circ-induce to find";
  let description = [{
    The production's whole template is unknown (`{ ?? }` in a grammar
    file, `{ ?? max N }` to bound it): a sequence of child references and
    output symbols, at most `max_items` of them once repetitions are
    unrolled (without the attribute, circ-induce's default). A grammar with
    a hole is a skeleton: it verifies and its structure compiles
    (`grammar-derivation-output`), but it cannot become a circuit until
    every hole is filled.

    Example (`"around" { ?? max 8 }`):

    ```mlir
    grammar.production [@action, "around", @direction] {
      grammar.hole max_items 8
    }
    ```
  }];
  let arguments = (ins OptionalAttr<Grammar_PositiveI64Attr>:$max_items);
  let assemblyFormat = "(`max_items` $max_items^)? attr-dict";
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The largest `max_items` a grammar file may declare.
    static constexpr int64_t kMaxItemsLimit = 64;
  }];
}

//===----------------------------------------------------------------------===//
// Sequence functions
//===----------------------------------------------------------------------===//

def Grammar_ReverseOp : Grammar_Op<"reverse", [
    ParentOneOf<["ProductionOp", "StreamOp", "RepeatOp", "ReverseOp", "SliceOp"]>,
    NoTerminator, SingleBlock, NoRegionArguments]> {
  let summary = "Emits the output of its body in reverse order";
  let description = [{
    Example (`reverse($2)` in a grammar file):

    ```mlir
    grammar.reverse {
      grammar.child 2
    }
    ```
  }];
  let regions = (region SizedRegion<1>:$bodyRegion);
  let assemblyFormat = "attr-dict-with-keyword $bodyRegion";
  let hasRegionVerifier = 1;
}

def Grammar_SliceOp : Grammar_Op<"slice", [
    ParentOneOf<["ProductionOp", "StreamOp", "RepeatOp", "ApplyOp", "ReverseOp", "SliceOp"]>,
    NoTerminator, SingleBlock, NoRegionArguments]> {
  let summary = "Emits the positions [start:stop) of the output of its body";
  let description = [{
    Keeps the positions from `start` up to, not including, `stop` of its
    body's output, as Python's slices do: a negative index counts from the
    end, indices past either end are clamped, no `stop` means the end.
    `$2[i]` in a grammar file is the slice `[i:i+1]` (`[-1:]` for `-1`),
    which is empty when the output has no position `i`. As an argument of
    `grammar.apply` (`add($2[0], $3)`), a slice is one position of one
    child, and the grammar's verifier checks that the child's output always
    has that position.

    Example (`$2[1:-1]`, every position but the first and the last):

    ```mlir
    grammar.slice 1 to -1 {
      grammar.child 2
    }
    ```
  }];
  let arguments = (ins I64Attr:$start, OptionalAttr<I64Attr>:$stop);
  let regions = (region SizedRegion<1>:$bodyRegion);
  let assemblyFormat = [{
    $start (`to` $stop^)? attr-dict-with-keyword $bodyRegion
  }];
  let hasRegionVerifier = 1;
  let extraClassDeclaration = [{
    ::circc::Slice getSlice() {
      return {int64_t(getStart()),
              getStop() ? std::optional<int64_t>(int64_t(*getStop()))
                        : std::nullopt};
    }
    /// Whether this is `$N[I]`: one position of one whole child.
    bool isPositionOfChild() {
      ::mlir::Block &body = *getBody();
      auto child = body.empty() ? nullptr
                                : ::llvm::dyn_cast<ChildOp>(body.front());
      if (!child || child->getNextNode() || child.getStream())
        return false;
      int64_t start = getStart();
      return getStop() ? int64_t(*getStop()) == start + 1 && start != -1
                       : start == -1;
    }
    /// The output length that position `start` needs to exist.
    uint64_t getPositionsNeeded() {
      int64_t start = getStart();
      return start >= 0 ? uint64_t(start) + 1 : uint64_t(-start);
    }
  }];
}

//===----------------------------------------------------------------------===//
// Positions and streams
//===----------------------------------------------------------------------===//

def Grammar_PositionOp : Grammar_Op<"position", [
    ParentOneOf<["ProductionOp", "StreamOp", "RepeatOp", "ApplyOp", "ReverseOp", "SliceOp"]>]> {
  let summary = "Emits the input position of a child as an output symbol";
  let description = [{
    Emits one output symbol: the 0-based index, in the input, of the first
    token of the child at 1-based right-hand-side position `index` (a
    token, a token class or a nonterminal). The grammar's outputs must hold
    the positions `0`, `1`, ... up to its input bound less one, in that
    order; position `p` is the symbol named `p`.

    Example (`pos($2)`, where the noun of `the cake` is):

    ```mlir
    grammar.position 2
    ```
  }];
  let arguments = (ins Grammar_PositiveI64Attr:$index);
  let assemblyFormat = "$index attr-dict";
  let hasVerifier = 1;
}

def Grammar_StreamOp : Grammar_Op<"stream", [
    HasParent<"ProductionOp">, NoTerminator, SingleBlock, NoRegionArguments]> {
  let summary = "One named output stream of a production";
  let description = [{
    A nonterminal can output several sequences, which its parents place
    separately (`ref:` and `defs:` in a grammar file): each production's
    template is then a list of named streams, and a parent places stream
    `s` of child `N` with `grammar.child N stream "s"`. The nonterminal's
    streams are the names its productions give, in the order they first
    appear; a production that does not name one of them outputs nothing
    on it. Either every production of a nonterminal names its streams, or
    none does; the start nonterminal has no streams.

    Example (`{ ref: x _ pos($2)  defs: "*" $2 "(" x _ pos($2) ")" ";" }`,
    shortened):

    ```mlir
    grammar.production [@det, @noun] {
      grammar.stream "ref" {
        grammar.emit "x"
        grammar.emit "_"
        grammar.position 2
      }
      grammar.stream "defs" {
        grammar.child 2
      }
    }
    ```
  }];
  let arguments = (ins StrAttr:$name);
  let regions = (region SizedRegion<1>:$bodyRegion);
  let assemblyFormat = "$name attr-dict-with-keyword $bodyRegion";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Op tables
//===----------------------------------------------------------------------===//

def Grammar_TableOp : Grammar_Op<"table", [Symbol, HasParent<"GrammarOp">]> {
  let summary = "An op table over the grammar's output symbols";
  let description = [{
    A function from `arity` output symbols to one output symbol, declared
    once and applied by `grammar.apply` wherever a template names it, so
    that every application shares it. Symbols are numbered by their position
    in the grammar's `outputs`. A given table lists its result for every
    tuple of arguments, `|outputs|^arity` entries with the first argument
    varying slowest (`values`); a `learnable` table is left to training.

    Example (`table add(a, b) = (a + b) mod 10;` over outputs 0..9, and
    `table mul(a, b) learnable;`):

    ```mlir
    grammar.table @add(2) = [0, 1, 2, ...]
    grammar.table @mul(2) learnable
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name,
                       Grammar_PositiveI64Attr:$arity,
                       OptionalAttr<DenseI32ArrayAttr>:$values,
                       UnitAttr:$learnable);
  let assemblyFormat = [{
    $sym_name `(` $arity `)` (`=` $values^)? (`learnable` $learnable^)?
    attr-dict
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The largest table circc builds: rows of arguments.
    static constexpr int64_t kMaxRows = 1 << 20;
  }];
}

def Grammar_ApplyOp : Grammar_Op<"apply", [
    ParentOneOf<["ProductionOp", "StreamOp", "RepeatOp", "ApplyOp", "ReverseOp", "SliceOp"]>, NoTerminator,
    SingleBlock, NoRegionArguments,
    DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "Applies an op table to one symbol per argument";
  let description = [{
    Emits one output symbol: the table's result for its arguments. Each op
    of the body is one argument (a child, an emitted symbol, a learnable
    entry or another application), and each must output exactly one symbol;
    for children, the grammar's verifier checks that with the lengths every
    nonterminal can output.

    Example (`add($2, $4)`):

    ```mlir
    grammar.apply @add {
      grammar.child 2
      grammar.child 4
    }
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$table);
  let regions = (region SizedRegion<1>:$bodyRegion);
  let assemblyFormat = "$table attr-dict-with-keyword $bodyRegion";
  let hasRegionVerifier = 1;
  let extraClassDeclaration = [{
    /// The production whose template holds this application.
    ProductionOp getProduction();
  }];
}

#endif // CIRCC_DIALECT_GRAMMAR_GRAMMAROPS_TD
