// RUN: circ-opt %s --convert-grammar-to-circuit | FileCheck %s

// A token class is one terminal: the parser has a column for "r", one for
// the class, and the end's (3 columns for 4 tokens). Each token of the
// class carries its output symbol, and a rule takes it as a child of one
// position.
// CHECK: circuit.parser actions {{.*}} : tensor<{{[0-9]+}}x3xi32>
// CHECK-SAME: columns [1, 1, 1, 0] lexemes [0, 1, 2, -1]
// CHECK: circuit.rule 3 lhs 1 arity 2 children [0, 1] -> !circuit.seq<4>
// CHECK-NEXT: ^bb0(%[[L:.+]]: !circuit.seq<1>, %[[R:.+]]: !circuit.seq<4>):
// CHECK-NEXT: circuit.concat %[[L]], %[[R]]
grammar.grammar @classes start @s tokens ["a", "b", "c", "r"] outputs ["A", "B", "C"] max_input 4 {
  grammar.class @letter tokens ["a", "b", "c"] outputs ["A", "B", "C"]
  grammar.nonterminal @s {
    grammar.production [@word] {
      grammar.child 1
    }
    grammar.production ["r", @word] {
      grammar.reverse {
        grammar.child 2
      }
    }
  }
  grammar.nonterminal @word {
    grammar.production [@letter] {
      grammar.child 1
    }
    grammar.production [@letter, @word] {
      grammar.child 1
      grammar.child 2
    }
  }
}
