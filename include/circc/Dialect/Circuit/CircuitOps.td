//===- CircuitOps.td - Circuit dialect operations ----------*- tablegen -*-===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_DIALECT_CIRCUIT_CIRCUITOPS_TD
#define CIRCC_DIALECT_CIRCUIT_CIRCUITOPS_TD

include "circc/Dialect/Circuit/CircuitDialect.td"
include "circc/Dialect/Circuit/CircuitTypes.td"
include "mlir/IR/OpBase.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/IR/RegionKindInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

class Circuit_Op<string mnemonic, list<Trait> traits = []>
    : Op<Circuit_Dialect, mnemonic, traits>;

def Circuit_NonNegativeI64Attr : ConfinedAttr<I64Attr, [IntNonNegative]>;
def Circuit_PositiveI64Attr : ConfinedAttr<I64Attr, [IntMinValue<1>]>;

//===----------------------------------------------------------------------===//
// Circuit, parameters, structure
//===----------------------------------------------------------------------===//

def Circuit_CircuitOp : Circuit_Op<"circuit", [
    IsolatedFromAbove, Symbol, SymbolTable, NoTerminator, SingleBlock,
    NoRegionArguments]> {
  let summary = "A compiled circuit: vocabularies, bounds, tables and rules";
  let description = [{
    The top of a circuit. It declares the input tokens (ids are positions
    in `tokens`), the output symbols (ids are positions in `outputs`), the
    nonterminals that rules refer to by index, and the bounds every shape in
    the circuit is sized for: at most `max_input` tokens in, at most
    `max_output` symbols out. Its body holds `circuit.param` tables, one
    `circuit.parser` and one `circuit.rule` per production.

    Without `max_input` the circuit takes inputs of any length: its parser
    keeps its stack in a workspace the runtime grows as the input needs
    (circc_run_fn), `max_output` still bounds every sequence, and nothing in
    it may depend on the input's length being bounded (no tabulated shapes,
    no `circuit.position`).

    `stack_output`, when present, is the most output symbols the parser's
    stack can hold at once (its entries' outputs over disjoint spans of an
    input within `max_input`), as the grammar's analysis bounds it; the
    lowering sizes the stack's storage by it. Without it, or where a run
    would need more, the storage holds `2 * max_output + max_input`
    symbols and a run that outgrows it stops with CIRCC_OUTPUT_TOO_LONG.

    `param_count`, when present, is the number of scalars in the circuit's
    parameter tables as counted by `circuit-count-params` before frozen
    weights were folded into code; the runtime reports it.

    With `runtime_weights`, the learnable tables are not baked into the
    compiled circuit: their values come from a weights file when the
    library is loaded. Content is then carried as a *content code*: an
    output symbol id, or `|outputs|` plus the global index of a learnable
    row, decoded at the output once the weights are known.

    Example:

    ```mlir
    circuit.circuit @tiny tokens ["walk"] outputs ["I_WALK"]
        nonterminals ["cmd"] max_input 1 max_output 1 {
      circuit.param @w frozen = dense<[[1.0]]> : tensor<1x1xf32>
      circuit.parser actions dense<[[2, 0], [0, -1], [0, 2147483647]]>
          : tensor<3x2xi32> gotos dense<[[2], [-1], [-1]]> : tensor<3x1xi32>
      circuit.rule 0 lhs 0 arity 1 -> !circuit.seq<1> {
        %0 = circuit.gather @w[0] : !circuit.seq<1>
        circuit.yield %0 : !circuit.seq<1>
      }
    }
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name, StrArrayAttr:$tokens,
                       StrArrayAttr:$outputs, StrArrayAttr:$nonterminals,
                       OptionalAttr<Circuit_PositiveI64Attr>:$max_input,
                       Circuit_PositiveI64Attr:$max_output,
                       OptionalAttr<Circuit_NonNegativeI64Attr>:$param_count,
                       UnitAttr:$runtime_weights,
                       OptionalAttr<Circuit_PositiveI64Attr>:$stack_output);
  let regions = (region SizedRegion<1>:$bodyRegion);
  let assemblyFormat = [{
    $sym_name `tokens` $tokens `outputs` $outputs
    `nonterminals` $nonterminals (`max_input` $max_input^)?
    `max_output` $max_output (`stack_output` $stack_output^)?
    (`param_count` $param_count^)? (`runtime_weights` $runtime_weights^)?
    attr-dict-with-keyword $bodyRegion
  }];
  let hasRegionVerifier = 1;
  let extraClassDeclaration = [{
    auto getParams() { return getBody()->getOps<ParamOp>(); }
    auto getRules() { return getBody()->getOps<RuleOp>(); }
    /// Whether the circuit takes inputs of any length (it has no
    /// max_input).
    bool takesAnyLength() { return !getMaxInputAttr(); }
    /// The longest input bound whose run keeps its stack on the machine
    /// stack, sized by the bound; above it (or without one) the stack grows
    /// in the runtime's workspace and the bound is enforced as a limit.
    static constexpr int64_t kGrowAboveInput = 16384;
    bool growsStorage() {
      return takesAnyLength() || *getMaxInput() > kGrowAboveInput;
    }
    /// The circuit's parser, or null before one is added.
    ParserOp getParser();
    /// The tabulated structure, or null if there is none.
    ShapesOp getShapes();
    /// The number of scalars in the circuit's parameter tables now.
    uint64_t countParameters();
    /// Whether row `row` of `param` is decoded when the library loads its
    /// weights rather than at compile time.
    bool isLoadedAtRunTime(ParamOp param);
    /// The content code of row `row` of `param`: the symbol it decodes to,
    /// or, for a row loaded at run time, |outputs| + its learnable-row index.
    int64_t getContentCode(ParamOp param, int64_t row);
    /// The learnable tables loaded at run time, in order, and their rows.
    void getRuntimeTables(::llvm::SmallVectorImpl<ParamOp> &tables);
    int64_t getNumRuntimeRows();
  }];
}

def Circuit_ParamOp : Circuit_Op<"param", [
    Symbol, HasParent<"CircuitOp">]> {
  let summary = "A parameter table: rows of content vectors";
  let description = [{
    A table of `R` rows, each a content vector over the circuit's output
    symbols (so the table is `R x |outputs|`). Gathers name the table by
    symbol, so every gather from one table shares its weights.

    A `frozen` table's values are known at compile time (e.g. "walk" means
    `I_WALK`): passes may fold them into code. A table that is not frozen
    is learnable: its values are an initialisation, and a trained weights
    file supplies the real ones at run time.

    Example:

    ```mlir
    circuit.param @walk frozen = dense<[[1.0, 0.0]]> : tensor<1x2xf32>
    circuit.param @jump = dense<0.0> : tensor<1x2xf32>
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name, UnitAttr:$frozen,
                       FloatElementsAttr<32>:$value);
  let assemblyFormat = "$sym_name (`frozen` $frozen^)? `=` $value attr-dict";
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    int64_t getNumRows() { return getValue().getType().getDimSize(0); }
    int64_t getNumColumns() { return getValue().getType().getDimSize(1); }
    /// The decoded symbol of `row`: the column of its largest entry, the
    /// lowest one on ties.
    int64_t decodeRow(int64_t row);
  }];
}

def Circuit_ParserOp : Circuit_Op<"parser", [HasParent<"CircuitOp">]> {
  let summary = "The circuit's structure: a deterministic LR automaton";
  let description = [{
    A parameter-free LR automaton over the circuit's tokens. `actions` is
    indexed by state and token id, with one extra column for the end of
    the input; an entry is `0` (no parse), `s + 1` (shift the token and go
    to state `s`), `-(r + 1)` (reduce by rule `r`), or `2147483647`
    (accept). `gotos` is indexed by state and nonterminal and gives the
    state after a reduction (`-1` where none). The automaton starts in
    state 0.

    Without `columns`, each token is its own terminal and has the action
    column of its id. With a grammar's token classes, `columns[t]` is the
    column of token `t` (tokens of one class share one), and `lexemes[t]`
    the output symbol that token `t` carries onto the stack when it is
    shifted (`-1`: none); a rule takes such a token as a child.

    `open_words` lists pairs (token, word shape, circc/abi.h): the token of
    an open class, which the runtime's lexer gives every word outside the
    vocabulary of that shape. Its lexeme is `-2` (kInputWord): shifted, it
    carries the input word itself, the content code `|outputs| + position`
    that the run's output keeps (the C ABI's "input word at position").

    Example: see `circuit.circuit`.
  }];
  let arguments = (ins I32ElementsAttr:$actions, I32ElementsAttr:$gotos,
                       OptionalAttr<DenseI32ArrayAttr>:$columns,
                       OptionalAttr<DenseI32ArrayAttr>:$lexemes,
                       OptionalAttr<DenseI32ArrayAttr>:$open_words);
  let assemblyFormat = [{
    `actions` $actions `gotos` $gotos (`columns` $columns^)?
    (`lexemes` $lexemes^)? (`open_words` $open_words^)? attr-dict
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    static constexpr int32_t kAccept = 2147483647;
    /// The lexeme of an open class's token: the input word itself.
    static constexpr int32_t kInputWord = -2;
    /// The number of terminals, hence of action columns less the end's.
    int64_t getNumTerminals();
    int64_t getNumStates() {
      return ::llvm::cast<::mlir::ShapedType>(getActions().getType())
          .getDimSize(0);
    }
  }];
}

def Circuit_ShapesOp : Circuit_Op<"shapes", [HasParent<"CircuitOp">]> {
  let summary = "The structure tabulated: shapes of derivations and their routes";
  let description = [{
    A faster form of the circuit's structure, computed by
    `circuit-tabulate-shapes` for grammars with few derivation shapes.
    Tokens that the grammar cannot tell apart except by their meaning (the
    alternatives of one lexical rule, such as SCAN's four primitives) share
    a class; a derivation's *shape* is its sequence of classes.

    - `classes[t]` is the class of token `t`;
    - `transitions[node][class]` walks a trie of the viable class sequences
      from node 0 (`-1`: no sentence starts like this);
    - `accepting[node]` is the shape a complete sentence ends in, or `-1`;
    - `lexicon[t][e]` is the content code of the `e`-th position that token
      `t` emits through its lexical rule;
    - `routes[shape][i]` says where output position `i` comes from: a value
      `r >= 0` is position `r % E` of the token at input position `r / E`
      (`E` is the lexicon's width), a value `r < 0` is the constant content
      code `-(r + 1)`; `lengths[shape]` is the output length.

    The output of a command is thus a gather of its tokens' meanings along a
    route chosen by its shape: structure decides routing, content flows
    through the gather.

    When a whole class sequence fits in 64 bits (`class_bits` per token,
    class + 1 at bit `class_bits * k`), complete shapes are also found in
    one step: `keys[shape]` is the shape's packed sequence, and `slots` an
    open-addressing table of shape ids (`-1`: empty) indexed from
    `(key * multiplier) >> (64 - log2(|slots|))`. The trie then only serves
    to find where a command that is not a sentence goes wrong.

    `routes`, `lengths` and `slots` use the narrowest signed integer type
    (8, 16 or 32 bits) that holds their values, to keep them in cache.
  }];
  let arguments = (ins DenseI32ArrayAttr:$classes, I32ElementsAttr:$lexicon,
                       I32ElementsAttr:$transitions, I32ElementsAttr:$accepting,
                       AnyIntElementsAttr:$routes, AnyIntElementsAttr:$lengths,
                       OptionalAttr<I64ElementsAttr>:$keys,
                       OptionalAttr<AnyIntElementsAttr>:$slots,
                       OptionalAttr<I64Attr>:$multiplier,
                       OptionalAttr<I64Attr>:$class_bits);
  let assemblyFormat = [{
    `classes` $classes `lexicon` $lexicon `transitions` $transitions
    `accepting` $accepting `routes` $routes `lengths` $lengths
    (`keys` $keys^)? (`slots` $slots^)? (`multiplier` $multiplier^)?
    (`class_bits` $class_bits^)? attr-dict
  }];
  let hasVerifier = 1;
}

def Circuit_RuleOp : Circuit_Op<"rule", [
    HasParent<"CircuitOp">, SingleBlock, IsolatedFromAbove]> {
  let summary = "The content routing of one production";
  let description = [{
    What the circuit computes when the parser reduces by rule `index`:
    the production of nonterminal `lhs` (an index into the circuit's
    `nonterminals`) with `arity` right-hand-side symbols. The block has one
    argument per nonterminal child, in order; `children` lists their
    0-based positions on the right-hand side (tokens have no content). The
    body is a dataflow graph over bounded sequences ending in
    `circuit.yield`, whose operand is the rule's output. `token`, when
    present, is the id of the single token that makes up the right-hand
    side of a lexical rule.

    The rule's output is at most its result bound, as the grammar's
    analysis guarantees, unless the rule is `checked`: then the circuit's
    output bound was declared below what the rule can build, the body may
    build more (up to the yielded value's bound), and a run that does stops
    with CIRCC_OUTPUT_TOO_LONG.

    Example (SCAN's `sentence "after" sentence`):

    ```mlir
    circuit.rule 2 lhs 0 arity 3 children [0, 2] -> !circuit.seq<48> {
    ^bb0(%first: !circuit.seq<24>, %second: !circuit.seq<24>):
      %0 = circuit.concat %second, %first
          : (!circuit.seq<24>, !circuit.seq<24>) -> !circuit.seq<48>
      circuit.yield %0 : !circuit.seq<48>
    }
    ```
  }];
  let arguments = (ins Circuit_NonNegativeI64Attr:$index,
                       Circuit_NonNegativeI64Attr:$lhs,
                       Circuit_PositiveI64Attr:$arity,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{}">:$children,
                       TypeAttrOf<Circuit_SeqType>:$result_type,
                       OptionalAttr<Circuit_NonNegativeI64Attr>:$token,
                       UnitAttr:$checked);
  let regions = (region SizedRegion<1>:$bodyRegion);
  let assemblyFormat = [{
    $index `lhs` $lhs `arity` $arity (`children` $children^)?
    (`token` $token^)? (`checked` $checked^)? `->` $result_type
    attr-dict-with-keyword $bodyRegion
  }];
  let hasVerifier = 1;
  let hasRegionVerifier = 1;
  let extraClassDeclaration = [{
    /// The rule's terminator.
    YieldOp getYield();
  }];
}

//===----------------------------------------------------------------------===//
// Content routing
//===----------------------------------------------------------------------===//

def Circuit_GatherOp : Circuit_Op<"gather", [
    Pure, DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "One position holding a row of a parameter table";
  let description = [{
    Produces a one-position sequence whose content is row `row` of the
    parameter table `table`.

    Example: `%0 = circuit.gather @walk[0] : !circuit.seq<1>`
  }];
  let arguments = (ins FlatSymbolRefAttr:$table, Circuit_NonNegativeI64Attr:$row);
  let results = (outs Circuit_SeqType:$result);
  let assemblyFormat = "$table `[` $row `]` attr-dict `:` type($result)";
  let hasVerifier = 1;
}

def Circuit_ApplyOp : Circuit_Op<"apply", [
    Pure, DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "One position: an op table applied to symbols";
  let description = [{
    Applies the op table `table` to its `k` operands, each a one-position
    sequence holding a symbol, and produces a one-position sequence. The
    table is a `circuit.param` with one row per tuple of `k` output symbols
    (`|outputs|^k` rows, the first operand varying slowest) and
    `|outputs|` columns: the content of the result is the row of the
    operands' symbols, `v1 * |outputs|^(k-1) + ... + vk`. Every application
    of one table shares its weights, like every gather from it; a `k`-ary
    table over `V` symbols holds `V^k x V` parameters.

    Example (`add($2, $4)` in a grammar file):

    ```mlir
    %0 = circuit.apply @add(%a, %b) : (!circuit.seq<1>, !circuit.seq<1>) -> !circuit.seq<1>
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$table,
                       Variadic<Circuit_SeqType>:$inputs);
  let results = (outs Circuit_SeqType:$result);
  let assemblyFormat = [{
    $table `(` $inputs `)` attr-dict `:` functional-type($inputs, $result)
  }];
  let hasVerifier = 1;
}

def Circuit_ConstantOp : Circuit_Op<"constant", [Pure]> {
  let summary = "One position holding a known output symbol";
  let description = [{
    Produces a one-position sequence whose content is the one-hot vector
    of output symbol `symbol`: what a gather from a frozen table becomes
    once folded.

    Example: `%0 = circuit.constant 2 : !circuit.seq<1>`
  }];
  let arguments = (ins Circuit_NonNegativeI64Attr:$symbol);
  let results = (outs Circuit_SeqType:$result);
  let assemblyFormat = "$symbol attr-dict `:` type($result)";
  let hasVerifier = 1;
}

def Circuit_EmptyOp : Circuit_Op<"empty", [Pure]> {
  let summary = "The empty sequence";
  let description = [{
    Example: `%0 = circuit.empty : !circuit.seq<0>`
  }];
  let results = (outs Circuit_SeqType:$result);
  let assemblyFormat = "attr-dict `:` type($result)";
}

def Circuit_ConcatOp : Circuit_Op<"concat", [Pure]> {
  let summary = "Places sequences one after the other";
  let description = [{
    The result holds the first operand's positions, then the second's at
    offset `len(first)`, and so on. The bound of the result is the sum of
    the operands' bounds.

    Example:

    ```mlir
    %0 = circuit.concat %a, %b : (!circuit.seq<8>, !circuit.seq<1>) -> !circuit.seq<9>
    ```
  }];
  let arguments = (ins Variadic<Circuit_SeqType>:$inputs);
  let results = (outs Circuit_SeqType:$result);
  let assemblyFormat =
      "$inputs attr-dict `:` functional-type($inputs, $result)";
  let hasVerifier = 1;
}

def Circuit_RepeatOp : Circuit_Op<"repeat", [Pure]> {
  let summary = "Repeats a sequence a fixed number of times, or a child's count";
  let description = [{
    The result is `count` copies of the input, one after the other. With
    `by`, a child of the rule whose output is one symbol, it is as many
    copies as that symbol's count: `counts` pairs output symbols with their
    counts, `[symbol, count, ...]`, and `count` is the largest (the bound);
    a symbol it does not list is no count, which the grammar's verifier
    rules out.

    Examples:

    ```mlir
    %0 = circuit.repeat %a x 4 : !circuit.seq<2> -> !circuit.seq<8>
    %1 = circuit.repeat %a x 3 by %n counts [4, 1, 5, 2, 6, 3]
        : !circuit.seq<2>, !circuit.seq<1> -> !circuit.seq<6>
    ```
  }];
  let arguments = (ins Circuit_SeqType:$input, Circuit_PositiveI64Attr:$count,
                       Optional<Circuit_SeqType>:$by,
                       OptionalAttr<DenseI64ArrayAttr>:$counts);
  let results = (outs Circuit_SeqType:$result);
  let assemblyFormat = [{
    $input `x` $count (`by` $by^ `counts` $counts)? attr-dict `:` type($input)
    (`,` type($by)^)? `->` type($result)
  }];
  let builders = [
    OpBuilder<(ins "::mlir::Type":$result, "::mlir::Value":$input,
                   "int64_t":$count), [{
      build($_builder, $_state, result, input,
            $_builder.getI64IntegerAttr(count), ::mlir::Value(),
            ::mlir::DenseI64ArrayAttr());
    }]>
  ];
  let hasVerifier = 1;
}

def Circuit_ReverseOp : Circuit_Op<"reverse", [
    Pure, AllTypesMatch<["input", "result"]>]> {
  let summary = "The positions of a sequence in reverse order";
  let description = [{
    A parameter-free position remap: position `i` of the result is position
    `len - 1 - i` of the input, whose length is known when the rule runs.

    Example: `%0 = circuit.reverse %a : !circuit.seq<8>`
  }];
  let arguments = (ins Circuit_SeqType:$input);
  let results = (outs Circuit_SeqType:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def Circuit_SliceOp : Circuit_Op<"slice", [Pure]> {
  let summary = "The positions [start, stop) of a sequence";
  let description = [{
    A parameter-free position remap: the input's positions from `start` up
    to, not including, `stop`, resolved against the input's length when the
    rule runs as Python resolves slices (a negative index counts from the
    end, indices are clamped to the sequence, no `stop` is the end). The
    result's bound is the longest slice of any input within the input's
    bound, which the verifier checks.

    Example (every position but the first and the last):

    ```mlir
    %0 = circuit.slice %a [1 : -1] : !circuit.seq<8> -> !circuit.seq<6>
    ```
  }];
  let arguments = (ins Circuit_SeqType:$input, I64Attr:$start,
                       OptionalAttr<I64Attr>:$stop);
  let results = (outs Circuit_SeqType:$result);
  let assemblyFormat = [{
    $input `[` $start `:` ($stop^)? `]` attr-dict `:` type($input) `->`
    type($result)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    ::circc::Slice getSlice() {
      return {int64_t(getStart()),
              getStop() ? std::optional<int64_t>(int64_t(*getStop()))
                        : std::nullopt};
    }
  }];
}

//===----------------------------------------------------------------------===//
// Positions and streams
//===----------------------------------------------------------------------===//

def Circuit_PositionOp : Circuit_Op<"position", [Pure]> {
  let summary = "One position holding the input position of a child";
  let description = [{
    Produces a one-position sequence holding the output symbol that names
    where the rule's child at 0-based right-hand-side position `child`
    starts in the input: the 0-based index `p` of its first token, as
    symbol `base + p`. The circuit's outputs hold one such symbol per input
    position, `max_input` of them in a row from `base` (the grammar
    declares them as the outputs `0..N-1`). It is structure, not content:
    the symbol is known once the parser has read the input, and no table
    is read.
    Example (`pos($2)` in a grammar file, outputs `0..63` from id 12):
    ```mlir
    %0 = circuit.position 1 base 12 : !circuit.seq<1>
    ```
  }];
  let arguments = (ins Circuit_NonNegativeI64Attr:$child,
                       Circuit_NonNegativeI64Attr:$base);
  let results = (outs Circuit_SeqType:$result);
  let assemblyFormat = "$child `base` $base attr-dict `:` type($result)";
  let hasVerifier = 1;
}

def Circuit_PackOp : Circuit_Op<"pack", [Pure]> {
  let summary = "Packs the streams of a nonterminal into one sequence";
  let description = [{
    A nonterminal with several output streams yields them packed into one
    sequence: the operands in order, each but the last followed by a
    delimiter, so that `circuit.field` can take them apart again in the
    parent's rule. A delimiter takes one position; the result's bound is
    the sum of the operands' bounds plus one per delimiter. The operands
    hold no delimiters themselves (a stream places its children's fields,
    never a packed child whole), and the start nonterminal has one stream,
    so a delimiter never reaches the output.
    Example (streams `ref` and `conj`):
    ```mlir
    %0 = circuit.pack %ref, %conj : (!circuit.seq<3>, !circuit.seq<8>) -> !circuit.seq<12>
    ```
  }];
  let arguments = (ins Variadic<Circuit_SeqType>:$inputs);
  let results = (outs Circuit_SeqType:$result);
  let assemblyFormat =
      "$inputs attr-dict `:` functional-type($inputs, $result)";
  let hasVerifier = 1;
}

def Circuit_FieldOp : Circuit_Op<"field", [Pure]> {
  let summary = "One stream of a packed sequence";
  let description = [{
    The positions of stream `index` of a sequence packed by `circuit.pack`
    from `count` streams: those after the `index`-th delimiter and before
    the next (or the end). A parameter-free position remap, like a slice
    whose ends are found when the rule runs. The result's bound is the
    input's less its `count - 1` delimiters (no field can hold more). A
    missing delimiter (a sequence not built by `circuit.pack`) leaves the
    later fields empty.
    Example (the second of three streams):
    ```mlir
    %0 = circuit.field %np [1] of 3 : !circuit.seq<20> -> !circuit.seq<18>
    ```
  }];
  let arguments = (ins Circuit_SeqType:$input,
                       Circuit_NonNegativeI64Attr:$index,
                       Circuit_PositiveI64Attr:$count);
  let results = (outs Circuit_SeqType:$result);
  let assemblyFormat = [{
    $input `[` $index `]` `of` $count attr-dict `:` type($input) `->`
    type($result)
  }];
  let hasVerifier = 1;
}

def Circuit_YieldOp : Circuit_Op<"yield", [
    Pure, Terminator, HasParent<"RuleOp">]> {
  let summary = "The output of a rule";
  let description = [{
    Example: `circuit.yield %0 : !circuit.seq<48>`
  }];
  let arguments = (ins Circuit_SeqType:$value);
  let assemblyFormat = "$value attr-dict `:` type($value)";
}

#endif // CIRCC_DIALECT_CIRCUIT_CIRCUITOPS_TD
