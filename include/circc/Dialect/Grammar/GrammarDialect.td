//===- GrammarDialect.td - Grammar dialect definition ------*- tablegen -*-===//
//
// Part of circc. The grammar dialect is the compiler's view of a grammar file.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_DIALECT_GRAMMAR_GRAMMARDIALECT_TD
#define CIRCC_DIALECT_GRAMMAR_GRAMMARDIALECT_TD

include "mlir/IR/OpBase.td"

def Grammar_Dialect : Dialect {
  let name = "grammar";
  let cppNamespace = "::circc::grammar";
  let summary = "Compositional grammars with semantic templates";
  let description = [{
    The grammar dialect holds a context-free grammar whose productions carry
    a semantic template: the output of a production is the concatenation of
    its children's outputs, repeated a fixed number of times and interleaved
    with output symbols. A `grammar.grammar` op declares the input and output
    vocabularies and the start nonterminal; `grammar.nonterminal` ops hold
    `grammar.production` ops, whose regions are the templates.

    The verifier checks that the grammar is well formed: every nonterminal is
    defined, reachable from the start and productive; templates refer to
    existing nonterminal children and declared output symbols; no production
    is listed twice; and the output length is bounded (a recursive grammar
    must declare the longest input it accepts).
  }];
}

#endif // CIRCC_DIALECT_GRAMMAR_GRAMMARDIALECT_TD
