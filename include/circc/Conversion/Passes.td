//===- Passes.td - Conversions between circc dialects ------*- tablegen -*-===//
//
// Part of circc. Every pass that lowers one dialect to another.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_CONVERSION_PASSES_TD
#define CIRCC_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertGrammarToCircuit : Pass<"convert-grammar-to-circuit", "::mlir::ModuleOp"> {
  let summary = "Compile each grammar into a fixed circuit";
  let description = [{
    Replaces every `grammar.grammar` with a `circuit.circuit`:

    - the structure becomes a canonical LR(1) automaton (`circuit.parser`)
      over the grammar's tokens. A grammar that is not LR(1), which includes
      every ambiguous grammar, is rejected with the input prefix and
      lookahead token where two parser actions compete, and, when a search
      of the short sentences finds one, a sentence with two derivations;
    - each production becomes a `circuit.rule` whose body routes the
      children's outputs as the template says (`grammar.child` becomes a
      block argument, a sequence becomes `circuit.concat`, `grammar.repeat`
      becomes `circuit.repeat`);
    - each emitted symbol becomes a gather from its own frozen one-row
      table holding the symbol's one-hot vector, and each learnable entry a
      gather from its own learnable table (`circuit-share-weights` then
      merges identical tables);
    - every sequence is given the static bound of the longest output its
      nonterminal can produce from at most `max_input` tokens.

    The input bound is the grammar's `max_input`, or for a finite grammar its
    longest sentence; the `max-input` option lowers or sets it. A recursive
    grammar without one gives a circuit without `max_input`, of any input
    length, whose sequences are bounded by the outputs alone (one symbol
    each, or the declared output bound). The output
    bound is derived from it, or declared (the grammar's `max_output`, or
    the `max-output` option): every sequence is then capped at it, and a
    rule that could exceed it is marked `checked`, so that a run stops with
    CIRCC_OUTPUT_TOO_LONG instead. With
    `runtime-weights`, the circuit is marked `runtime_weights`: its
    learnable tables will come from a weights file.
  }];
  let dependentDialects = ["::circc::circuit::CircuitDialect"];
  let options = [
    Option<"maxInput", "max-input", "uint64_t", /*default=*/"0",
           "Longest input the circuit accepts (0: derive from the grammar)">,
    Option<"maxOutput", "max-output", "uint64_t", /*default=*/"0",
           "Longest output (and part of one) the circuit builds; longer "
           "ones stop the run (0: the grammar's 'max output', or derived)">,
    Option<"runtimeWeights", "runtime-weights", "bool", /*default=*/"false",
           "Load learnable tables from a weights file at run time instead "
           "of baking them in">,
    Option<"maxParserStates", "max-parser-states", "uint64_t",
           /*default=*/"65536",
           "Most LR(1) states the parser may have; a grammar that needs "
           "more is an error (the construction stops there)">,
    Option<"maxConflicts", "max-conflicts", "unsigned", /*default=*/"10",
           "Most parser conflicts reported, each pair of competing actions "
           "on a token once">,
  ];
}

def ConvertCircuitToStandard : Pass<"convert-circuit-to-standard", "::mlir::ModuleOp"> {
  let summary = "Lower circuits to func, scf, arith and memref";
  let description = [{
    Replaces every `circuit.circuit` with

    - `func.func @__circc_run(%tokens: memref<MAX_INPUTxi32>, %n: i32,
      %out: memref<MAX_OUTPUTxi32>, %capacity: i32, %info: memref<1xi32>,
      %learned: memref<Kxi32>) -> i32`, which finds the structure of the
      first `%n` token ids (all `MAX_INPUT` slots must hold valid ids) and
      writes the decoded output symbols. It returns the runtime's status code
      (0 ok, 3 no parse, 4 output buffer too small, 2 input too long) and
      stores in `%info` the output length (also when the buffer is too
      small) or the index of the token where parsing failed. `%learned`
      holds the decoded symbol of each learnable row loaded at run time (K
      rows, at least one);
    - constant `memref.global`s for the parser tables and the metadata the
      runtime library reads: `@__circc_info` (ABI version, bounds, counts),
      `@__circc_name`, `@__circc_token_names`, `@__circc_output_names`, and
      for run-time weights `@__circc_weight_names` and `@__circc_weight_shapes`
      (rows and columns of each table loaded at run time);
    - `__circc_run_text(%circuit: memref<1xi8>, %text: memref<64xi8>,
      %length: i64, %out: memref<Rxi32>, %capacity: i32,
      %result: memref<3xi32>) -> i32`, `circc_run_text` compiled whole, for
      circuits with tabulated shapes, weights baked in and a vocabulary of
      words of at most eight bytes (with `text-entry`): a perfect hash of the
      vocabulary found at compile time recognises the words, and each output
      chunk is a variable byte permutation of the words' meanings (one
      `pshufb` on x86 with SSSE3). It handles texts of up to 64 bytes (shorter
      than 16: copied into 16 spaces first) that are sentences and whose output fits `%capacity` >= R (the route length
      rounded up to 4), and on success may write all of `%out[0, R)`; it
      passes anything else, having written nothing, to the runtime's
      `__circc_run_text_general` (declared here), which lexes and calls
      `__circc_run` and reports errors;
    - `__circc_trace`, the run function without the final decoder (content
      codes out), and for circuits with tables loaded at run time
      `__circc_gradient(%tokens, %n, %targets: memref<MAX_OUTPUTxi32>,
      %target_count: i32, %weights: memref<KxDxf32 flattened>, %gradients,
      %loss: memref<1xf32>) -> i32`: the forward route, the cross-entropy of
      the tied decoder at every position routed from a learnable row, and
      its gradient scattered back into that row along the same route.

    All storage is stack-allocated with static shapes. Gathers from tables
    whose values are baked into the library are decoded at compile time.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::cf::ControlFlowDialect",
    "::mlir::func::FuncDialect", "::mlir::math::MathDialect",
    "::mlir::memref::MemRefDialect", "::mlir::scf::SCFDialect",
    "::mlir::vector::VectorDialect",
  ];
  let options = [
    Option<"textEntry", "text-entry", "bool", /*default=*/"true",
           "Add __circc_run_text where the circuit allows it (off for "
           "targets without a fast variable byte permutation)">,
    Option<"shareLoopsAbove", "share-loops-above", "int64_t", /*default=*/"32",
           "Circuits of more rules than this call one shared function for "
           "their copies and one for their field scans instead of inlining "
           "each (LLVM's loop passes grow with the loops of one function)">,
    Option<"directAutomatonStates", "direct-automaton-states", "int64_t",
           /*default=*/"1024",
           "LR automata of at most this many states are emitted as code, a "
           "block per state branching on the lookahead; larger ones walk "
           "their tables (0: always the tables)">,
  ];
}

def ConvertAttnToStandard : Pass<"convert-attn-to-standard", "::mlir::ModuleOp"> {
  let summary = "Lower an attn model to greedy decoding over memrefs";
  let description = [{
    Replaces the module's `attn.greedy_decoder` and the encoder and decoder
    functions it names with the entry points of the runtime library:

    - `func.func @__circc_logits(%tokens: memref<MAX_SOURCExi32>, %n: i32,
      %out: memref<MAX_OUTPUTxi32>, %capacity: i32, %info: memref<1xi32>,
      %logits: memref<MAX_OUTPUTxVxf32>) -> i32` encodes the first `%n`
      token ids, then decodes greedily (`MAX_OUTPUT` is `max_target - 1`):
      each step computes one row of the decoder, with the keys and values of
      decoder self-attention appended to a per-layer cache and those of the
      memory computed once, writes the step's logits to row `step` of
      `%logits`, and stops at `eos`. It returns the runtime's status (0 ok,
      4 output buffer too small, 3 for an empty command) and stores the
      output length in `%info`;
    - `@__circc_run` (the same, logits into a stack buffer) and
      `@__circc_trace` (status 5: a model has no content codes);
    - the runtime's metadata globals, and one constant `memref.global` per
      weight (linear weights transposed to `[in, out]`).

    Every value is a stack buffer with a static number of rows. Matrix
    products are `linalg.generic` ops iterating (row, input, output), so
    that `convert-linalg-to-loops` leaves the contiguous output columns
    innermost; the rest is scf loops. Weights must be constants.

    With `batch-tile` B > 0 (a multiple of 8) it also emits
    `@__circc_decode_batch` (circc_decode_batch_fn in circc/abi.h): up to B
    commands decoded in lockstep. The encoder, and the keys and values of
    the memory, run once over the tokens of all the commands packed one
    after another (each row attends within its own command); then every
    decoding step runs the decoder on one row per command, so that each
    weight is read once per step for the whole batch. Its matrix products
    are register tiles of 8 rows x 32 columns over `vector` ops (multiply
    and add marked `contract`, so that they fuse where the target has FMA),
    which prefetch the next block of weights while the row tiles read one;
    layer norms and the heads of attention are vectors too, and attention
    prefetches the next command's key and value rows while a command reads
    its own. Commands that have finished are computed
    with the rest (masked) until every command of the batch has. Every
    buffer is a view of a workspace argument, whose size the library's
    metadata states; the self-attention caches are B x MAX_OUTPUT rows.
  }];
  let options = [
    Option<"batchTile", "batch-tile", "int64_t", /*default=*/"16",
           "Commands per lockstep batch call (0: no batch entry point)">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::func::FuncDialect",
    "::mlir::linalg::LinalgDialect", "::mlir::math::MathDialect",
    "::mlir::memref::MemRefDialect", "::mlir::scf::SCFDialect",
    "::mlir::vector::VectorDialect",
  ];
}

#endif // CIRCC_CONVERSION_PASSES_TD
