// RUN: circ-opt %s --convert-grammar-to-circuit | FileCheck %s

// Sequence functions become position remaps whose bounds follow their
// input's: of a list of at most 6 items, the tail (5), the last item (1),
// the inside (4). A rule's bound counts what it can span (after "t", a list
// of 5: 4 + 1 + 3 = 8), below the sum of its parts' bounds (10); the
// circuit's max_output is the largest sequence of any rule, here more than
// a plain list's 6.
// CHECK: circuit.circuit @remaps {{.*}} max_input 6 max_output 8
// CHECK: circuit.rule 1 lhs 0 arity 2 children [1] -> !circuit.seq<5>
// CHECK-NEXT: ^bb0(%[[L:.+]]: !circuit.seq<6>):
// CHECK-NEXT: %[[R:.+]] = circuit.reverse %[[L]] : <6>
// CHECK-NEXT: circuit.yield %[[R]] : <6>
// CHECK: circuit.rule 2 lhs 0 arity 2 children [1] -> !circuit.seq<8>
// CHECK-NEXT: ^bb0(%[[L:.+]]: !circuit.seq<6>):
// CHECK-NEXT: %[[TAIL:.+]] = circuit.slice %[[L]][1 :] : <6> -> <5>
// CHECK-NEXT: %[[LAST:.+]] = circuit.slice %[[L]][-1 :] : <6> -> <1>
// CHECK-NEXT: %[[IN:.+]] = circuit.slice %[[L]][1 : -1] : <6> -> <4>
// CHECK-NEXT: %[[C:.+]] = circuit.concat %[[TAIL]], %[[LAST]], %[[IN]] : (!circuit.seq<5>, !circuit.seq<1>, !circuit.seq<4>) -> !circuit.seq<10>
// CHECK-NEXT: circuit.yield %[[C]] : <10>
grammar.grammar @remaps start @s tokens ["x", "r", "t"] outputs ["X"] max_input 6 {
  grammar.nonterminal @s {
    grammar.production [@list] {
      grammar.child 1
    }
    grammar.production ["r", @list] {
      grammar.reverse {
        grammar.child 2
      }
    }
    grammar.production ["t", @list] {
      grammar.slice 1 {
        grammar.child 2
      }
      grammar.slice -1 {
        grammar.child 2
      }
      grammar.slice 1 to -1 {
        grammar.child 2
      }
    }
  }
  grammar.nonterminal @list {
    grammar.production ["x"] {
      grammar.emit "X"
    }
    grammar.production ["x", @list] {
      grammar.emit "X"
      grammar.child 2
    }
  }
}
