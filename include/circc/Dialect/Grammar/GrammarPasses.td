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

#endif // CIRCC_DIALECT_GRAMMAR_GRAMMARPASSES_TD
