// RUN: circ-opt %s --convert-grammar-to-circuit | FileCheck %s

// A repetition by a count class's symbol: the circuit repeats the part by
// the class child's block argument, each of the class's output symbols
// paired with its count ("1" is symbol 1, counting once; "3" symbol 2,
// three times), and bounds it by the largest count.
// CHECK: circuit.rule {{[0-9]+}} lhs 0 arity 3 children [1, 2] -> !circuit.seq<3>
// CHECK-NEXT: ^bb0(%[[N:.+]]: !circuit.seq<1>, %[[M:.+]]: !circuit.seq<1>):
// CHECK-NEXT: %[[R:.+]] = circuit.repeat %[[M]] x 3 by %[[N]] counts [1, 1, 2, 3] : <1>, !circuit.seq<1> -> <3>
// CHECK-NEXT: circuit.yield %[[R]]
grammar.grammar @robot start @block tokens ["repeat", "1", "3", "go"] outputs ["G", "1", "3"] max_input 3 {
  grammar.class @count tokens ["1", "3"] outputs ["1", "3"]
  grammar.nonterminal @block {
    grammar.production ["repeat", @count, @move] {
      grammar.repeat by 2 {
        grammar.child 3
      }
    }
  }
  grammar.nonterminal @move {
    grammar.production ["go"] {
      grammar.emit "G"
    }
  }
}
