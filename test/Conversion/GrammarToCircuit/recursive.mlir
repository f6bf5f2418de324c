// RUN: circ-opt %s --convert-grammar-to-circuit | FileCheck %s
// RUN: circ-opt %s --convert-grammar-to-circuit=max-input=3 | FileCheck %s --check-prefix=FLAG

// A recursive grammar is sized by its input bound: a list of at most 7
// tokens holds at most 4 items, each emitting X twice.
// CHECK: circuit.circuit @list {{.*}} max_input 7 max_output 8
// CHECK: circuit.rule 0 lhs 0 arity 1 token 0 -> !circuit.seq<2>
// CHECK: circuit.rule 1 lhs 0 arity 3 children [0] -> !circuit.seq<8>
// CHECK-NEXT: ^bb0(%{{.*}}: !circuit.seq<8>):
// FLAG: circuit.circuit @list {{.*}} max_input 3 max_output 4
grammar.grammar @list start @list tokens ["x", ","] outputs ["X"] max_input 7 {
  grammar.nonterminal @list {
    grammar.production ["x"] {
      grammar.repeat 2 {
        grammar.emit "X"
      }
    }
    grammar.production [@list, ",", "x"] {
      grammar.child 1
      grammar.repeat 2 {
        grammar.emit "X"
      }
    }
  }
}
