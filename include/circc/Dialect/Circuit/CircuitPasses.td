//===- CircuitPasses.td - Circuit dialect passes -----------*- tablegen -*-===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_DIALECT_CIRCUIT_CIRCUITPASSES_TD
#define CIRCC_DIALECT_CIRCUIT_CIRCUITPASSES_TD

include "mlir/Pass/PassBase.td"

def CircuitShareWeights : Pass<"circuit-share-weights", "CircuitOp"> {
  let summary = "Merge identical frozen parameter tables";
  let description = [{
    Frozen tables with the same shape and values are one set of weights:
    every gather from a duplicate is redirected to the first such table and
    the duplicate is erased. Learnable tables are never merged, since
    training may give them different values.

    Example: two productions that both mean `I_WALK` start with a one-row
    table each; after this pass they gather from one table.
  }];
}

def CircuitCountParams : Pass<"circuit-count-params", "CircuitOp"> {
  let summary = "Count the scalars in the circuit's parameter tables";
  let description = [{
    Records in the circuit's `param_count` attribute the number of scalars
    in its parameter tables, and prints the count and the tables to stderr:

    ```
    circuit @scan: 36 parameters in 6 tables (36 frozen, 0 learnable)
    ```

    Run it before `circuit-fold-frozen-weights`, which removes frozen tables
    from the circuit by folding them into code: the recorded count is the
    size of the circuit's weights, not of what is left to load.
  }];
  let options = [
    Option<"quiet", "quiet", "bool", /*default=*/"false",
           "Record the count without printing it">,
  ];
}

def CircuitFoldFrozenWeights : Pass<"circuit-fold-frozen-weights", "CircuitOp"> {
  let summary = "Fold gathers from frozen tables, and frozen op tables applied to known symbols, into known output symbols";
  let description = [{
    Content flows through the rules linearly, and the circuit's output
    decoder is tied to the output embedding, so a gathered row of a frozen
    table always decodes to the same symbol. This pass replaces each such
    `circuit.gather` with a `circuit.constant` of that symbol, and then each
    `circuit.apply` of a frozen op table to constants with the constant of
    the row those symbols select. Tables left without users are removed by
    `circuit-eliminate-dead-routes`.
  }];
}

def CircuitEliminateDeadRoutes
    : Pass<"circuit-eliminate-dead-routes", "CircuitOp"> {
  let summary = "Remove routing that carries no content and unused tables";
  let description = [{
    Removes empty operands of `circuit.concat`, single-operand concats,
    repeats of one copy, routing values nothing uses, and parameter tables
    no gather reads.
  }];
}

def CircuitTabulateShapes : Pass<"circuit-tabulate-shapes", "CircuitOp"> {
  let summary = "Tabulate the structure of grammars with few derivation shapes";
  let description = [{
    Runs the circuit's LR automaton at compile time over every sequence of
    token classes up to `max_input` long, evaluating the rules on symbolic
    content (which token position, or which constant, each output position
    comes from), and records the result in a `circuit.shapes` op: a trie of
    the viable class sequences, a lexicon of each token's meaning and, per
    complete sentence shape, the route of its output.

    Two tokens share a class when each is the whole right-hand side of its
    own lexical rule, the rules have the same nonterminal and output length,
    and the automaton treats the tokens alike in every state; every other
    token is a class of its own. Circuits with more than `max-nodes` trie
    nodes keep running the automaton. Gathers are tabulated with the symbol
    their baked row decodes to.
  }];
  let options = [
    Option<"maxNodes", "max-nodes", "int64_t", /*default=*/"1 << 16",
           "Largest trie to build before giving up">,
  ];
}

#endif // CIRCC_DIALECT_CIRCUIT_CIRCUITPASSES_TD
