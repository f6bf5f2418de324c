// RUN: circ-opt %s --convert-grammar-to-circuit | FileCheck %s

// Positions and streams: pos($N) is a circuit.position of child N-1 whose
// symbols start at output "0" (id 1); a nonterminal's streams are packed in
// the order its productions first name them (ref, defs), a production that
// names fewer packs nothing for the others, and a parent takes a stream
// apart with circuit.field, whose bound is the child's less its delimiter.
// CHECK-LABEL: circuit.circuit @streams
// CHECK: circuit.rule 0 lhs 0 arity 2 children [0]
// CHECK-NEXT: ^bb0(%[[NP:.+]]: !circuit.seq<4>):
// CHECK-NEXT: %[[DEFS:.+]] = circuit.field %[[NP]][1] of 2 : <4> -> <3>
// CHECK-NEXT: %[[B:.+]] = circuit.position 1 base 1 : <1>
// CHECK-NEXT: %[[REF:.+]] = circuit.field %[[NP]][0] of 2 : <4> -> <3>
// CHECK-NEXT: circuit.concat %[[DEFS]], %[[B]], %[[REF]]
// CHECK: circuit.rule 1 lhs 1 arity 2 -> !circuit.seq<4>
// CHECK-NEXT: %[[N:.+]] = circuit.position 1 base 1 : <1>
// CHECK-NEXT: %[[X:.+]] = circuit.gather
// CHECK-NEXT: %[[A:.+]] = circuit.position 0 base 1 : <1>
// CHECK-NEXT: %[[D:.+]] = circuit.concat %[[X]], %[[A]]
// CHECK-NEXT: %[[P:.+]] = circuit.pack %[[N]], %[[D]] : (!circuit.seq<1>, !circuit.seq<2>) -> !circuit.seq<4>
// CHECK-NEXT: circuit.yield %[[P]]
// CHECK: circuit.rule 2 lhs 1 arity 1
// CHECK-NEXT: %[[N:.+]] = circuit.position 0 base 1 : <1>
// CHECK-NEXT: %[[E:.+]] = circuit.empty : <0>
// CHECK-NEXT: circuit.pack %[[N]], %[[E]] : (!circuit.seq<1>, !circuit.seq<0>) -> !circuit.seq<2>
grammar.grammar @streams start @s tokens ["a", "n", "b"] outputs ["X", "0", "1", "2", "3"] max_input 4 {
  grammar.nonterminal @s {
    grammar.production [@np, "b"] {
      grammar.child 1 stream "defs"
      grammar.position 2
      grammar.child 1 stream "ref"
    }
  }
  grammar.nonterminal @np {
    grammar.production ["a", "n"] {
      grammar.stream "ref" {
        grammar.position 2
      }
      grammar.stream "defs" {
        grammar.emit "X"
        grammar.position 1
      }
    }
    grammar.production ["n"] {
      grammar.stream "ref" {
        grammar.position 1
      }
    }
  }
}
