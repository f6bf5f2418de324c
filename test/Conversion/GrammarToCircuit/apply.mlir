// RUN: circ-opt %s --convert-grammar-to-circuit | FileCheck %s

// An op table becomes one parameter table, one-hot row per tuple of
// arguments (the first varying slowest), shared by every application; a
// learnable table starts at zero.
// CHECK-LABEL: circuit.circuit @values
// CHECK-DAG: circuit.param @add frozen = dense<{{\[}}[1.000000e+00, 0.000000e+00], [0.000000e+00, 1.000000e+00], [0.000000e+00, 1.000000e+00], [1.000000e+00, 0.000000e+00]]> : tensor<4x2xf32>
// CHECK-DAG: circuit.param @mul = dense<0.000000e+00> : tensor<4x2xf32>
// CHECK: circuit.rule {{[0-9]+}} lhs 0 arity 3 children [0, 2] -> !circuit.seq<1> {
// CHECK-NEXT: ^bb0(%[[E:.+]]: !circuit.seq<1>, %[[D:.+]]: !circuit.seq<1>):
// CHECK-NEXT: %[[ONE:.+]] = circuit.gather @{{.*}}[0] : <1>
// CHECK-NEXT: %[[M:.+]] = circuit.apply @mul(%[[D]], %[[ONE]])
// CHECK-NEXT: %[[A:.+]] = circuit.apply @add(%[[E]], %[[M]])
// CHECK-NEXT: circuit.yield %[[A]] : <1>
grammar.grammar @values start @e tokens ["0", "1", "+"] outputs ["0", "1"] max_input 9 {
  grammar.table @add(2) = [0, 1, 1, 0]
  grammar.table @mul(2) learnable
  grammar.nonterminal @e {
    grammar.production [@d] {
      grammar.child 1
    }
    grammar.production [@e, "+", @d] {
      grammar.apply @add {
        grammar.child 1
        grammar.apply @mul {
          grammar.child 3
          grammar.emit "1"
        }
      }
    }
  }
  grammar.nonterminal @d {
    grammar.production ["0"] {
      grammar.emit "0"
    }
    grammar.production ["1"] {
      grammar.emit "1"
    }
  }
}
