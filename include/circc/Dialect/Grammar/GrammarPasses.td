//===- GrammarPasses.td - Grammar dialect passes -----------*- tablegen -*-===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_DIALECT_GRAMMAR_GRAMMARPASSES_TD
#define CIRCC_DIALECT_GRAMMAR_GRAMMARPASSES_TD

include "mlir/Pass/PassBase.td"

def GrammarPrintStats : Pass<"grammar-print-stats", "::mlir::ModuleOp"> {
  let summary = "Print the size and length bounds of each grammar";
  let description = [{
    Prints, for every `grammar.grammar` in the module, its nonterminal,
    production, token and output-symbol counts, the number of learnable
    entries, and its language: for a finite grammar, the longest input and
    output and the number of distinct derivations (the number of sentences
    when the grammar is unambiguous); for a recursive one, its declared input
    bound. The report goes to stderr; the IR is left unchanged.

    Example output for SCAN:

    ```
    grammar @scan: 6 nonterminals, 20 productions, 13 tokens, 6 outputs, 0 learnable
      language: finite, 20910 derivations, inputs <= 9 tokens, outputs <= 48 symbols
    ```
  }];
}

def GrammarDerivationOutput
    : Pass<"grammar-derivation-output", "::mlir::ModuleOp"> {
  let summary = "Make every grammar output its derivations instead";
  let description = [{
    Gives each production an output symbol, placed before the grammar's own
    outputs in the order of the productions in the grammar, and replaces
    every production's template (open or not) by its own symbol followed by
    its children in order: nonterminals, and token classes, whose child
    still emits its word's output symbol. The circuit compiled from the
    result parses a command exactly as the original grammar does and
    outputs its derivation in prefix order: what circ-induce, `circc
    --parse` and a derivation library (`circc --derivations`) read, so that
    the parse of a command is the compiled circuit's own. Tokens, classes,
    bounds and the start symbol are kept; op tables, which nothing applies
    any more, are removed, and the output bound is derived again. A
    recursive grammar that declares no input bound gets `max-input`'s: its
    derivations grow with the input.

    A production's symbol describes it, so that a reader of the library
    needs nothing else: `@INDEX LINE:COLUMN LHS -> RHS...`, the index among
    the productions, the production's place in its file (0:0 when unknown)
    and its rule as diagnostics write it, tokens in double quotes (a token
    holds no white space, so the items are split at spaces).

    Example: `command = sentence "and" sentence { $1 $3 }`, the second
    production of the grammar, written at line 3, becomes `{ @1 $1 $3 }`,
    where the symbol `@1` is named `@1 3:11 command -> sentence "and"
    sentence`.
  }];
  let options = [
    Option<"maxInput", "max-input", "int64_t", /*default=*/"256",
           "Input bound given to a recursive grammar that declares none">,
  ];
}

#endif // CIRCC_DIALECT_GRAMMAR_GRAMMARPASSES_TD
