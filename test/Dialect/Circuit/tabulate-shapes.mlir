// RUN: circ-opt %s --pass-pipeline='builtin.module(convert-grammar-to-circuit, circuit.circuit(circuit-tabulate-shapes))' | FileCheck %s
// RUN: circ-opt %s --pass-pipeline='builtin.module(convert-grammar-to-circuit, circuit.circuit(circuit-tabulate-shapes{max-nodes=2}))' | FileCheck %s --check-prefix=TOOBIG

// "walk" and "jump" are alternatives of one lexical rule: one class (0).
// "twice" (1) and "left" (2) are classes of their own. Three shapes:
// P -> [meaning of token 0]; P twice -> [token 0, token 0];
// P left -> [L (constant code 2, stored as -3), token 0].
// CHECK: circuit.shapes classes [0, 0, 1, 2]
// CHECK-SAME: lexicon dense<{{\[\[}}0], [1], [0], [0]]> : tensor<4x1xi32>
// CHECK-SAME: transitions dense<{{\[\[}}1, -1, -1], [-1, 2, 3], [-1, -1, -1], [-1, -1, -1]]> : tensor<4x3xi32>
// CHECK-SAME: accepting dense<[-1, 0, 1, 2]> : tensor<4xi32>
// CHECK-SAME: routes dense<{{\[\[}}0, 0], [0, 0], [-3, 0]]> : tensor<3x2xi8>
// CHECK-SAME: lengths dense<[1, 2, 2]> : tensor<3xi8>
// Class sequences packed two bits a token, class + 1: 1, 1 + 2*4, 1 + 3*4.
// CHECK-SAME: keys dense<[1, 9, 13]> : tensor<3xi64>
// CHECK-SAME: slots dense<{{.*}}> : tensor<16xi8>
// CHECK-SAME: class_bits 2

// TOOBIG-NOT: circuit.shapes
grammar.grammar @g start @cmd tokens ["walk", "jump", "twice", "left"]
    outputs ["W", "J", "L"] {
  grammar.nonterminal @cmd {
    grammar.production [@prim] {
      grammar.child 1
    }
    grammar.production [@prim, "twice"] {
      grammar.repeat 2 {
        grammar.child 1
      }
    }
    grammar.production [@prim, "left"] {
      grammar.emit "L"
      grammar.child 1
    }
  }
  grammar.nonterminal @prim {
    grammar.production ["walk"] {
      grammar.emit "W"
    }
    grammar.production ["jump"] {
      grammar.emit "J"
    }
  }
}
