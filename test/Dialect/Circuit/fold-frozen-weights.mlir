// RUN: circ-opt %s --pass-pipeline='builtin.module(circuit.circuit(circuit-fold-frozen-weights))' | FileCheck %s

// A gather from a frozen table becomes the symbol its row decodes to (the
// largest entry, the lowest id on ties); a learnable gather stays.
// CHECK-LABEL: circuit.rule 0
// CHECK-NEXT: %[[A:.+]] = circuit.constant 1 : <1>
// CHECK-NEXT: %[[B:.+]] = circuit.constant 0 : <1>
// CHECK-NEXT: %[[C:.+]] = circuit.constant 2 : <1>
// CHECK-NEXT: %[[D:.+]] = circuit.gather @free[0] : <1>
// CHECK-NEXT: circuit.concat %[[A]], %[[B]], %[[C]], %[[D]]
circuit.circuit @c tokens ["x"] outputs ["A", "B", "C"] nonterminals ["a"] max_input 1 max_output 4 {
  circuit.param @fixed frozen = dense<[[0.0, 1.0, 0.0], [0.5, 0.5, 0.0], [0.1, 0.2, 0.9]]> : tensor<3x3xf32>
  circuit.param @free = dense<[[0.0, 0.0, 1.0]]> : tensor<1x3xf32>
  circuit.parser actions dense<0> : tensor<1x2xi32> gotos dense<-1> : tensor<1x1xi32>
  circuit.rule 0 lhs 0 arity 1 -> !circuit.seq<4> {
    %0 = circuit.gather @fixed[0] : !circuit.seq<1>
    %1 = circuit.gather @fixed[1] : !circuit.seq<1>
    %2 = circuit.gather @fixed[2] : !circuit.seq<1>
    %3 = circuit.gather @free[0] : !circuit.seq<1>
    %4 = circuit.concat %0, %1, %2, %3 : (!circuit.seq<1>, !circuit.seq<1>, !circuit.seq<1>, !circuit.seq<1>) -> !circuit.seq<4>
    circuit.yield %4 : !circuit.seq<4>
  }
}

// A frozen op table applied to known symbols folds, one application after
// another; one with an operand known only at run time, or a learnable
// table, stays.
// CHECK-LABEL: circuit.circuit @values
// CHECK: circuit.rule 0
// CHECK-NEXT: ^bb0(%[[X:.+]]: !circuit.seq<1>):
// CHECK-NEXT: %[[ONE:.+]] = circuit.constant 1 : <1>
// CHECK-NEXT: %[[Z:.+]] = circuit.constant 0 : <1>
// CHECK-NEXT: %[[R:.+]] = circuit.apply @xor(%[[X]], %[[Z]])
// CHECK-NEXT: %[[L:.+]] = circuit.apply @free(%[[ONE]], %[[Z]])
// CHECK-NEXT: circuit.concat %[[R]], %[[L]]
circuit.circuit @values tokens ["x"] outputs ["0", "1"] nonterminals ["a"] max_input 1 max_output 2 {
  circuit.param @one frozen = dense<[[0.0, 1.0]]> : tensor<1x2xf32>
  circuit.param @xor frozen = dense<[[1.0, 0.0], [0.0, 1.0], [0.0, 1.0], [1.0, 0.0]]> : tensor<4x2xf32>
  circuit.param @free = dense<0.0> : tensor<4x2xf32>
  circuit.parser actions dense<0> : tensor<1x2xi32> gotos dense<-1> : tensor<1x1xi32>
  circuit.rule 0 lhs 0 arity 1 children [0] -> !circuit.seq<2> {
  ^bb0(%x: !circuit.seq<1>):
    %0 = circuit.gather @one[0] : !circuit.seq<1>
    %1 = circuit.apply @xor(%0, %0) : (!circuit.seq<1>, !circuit.seq<1>) -> !circuit.seq<1>
    %2 = circuit.apply @xor(%x, %1) : (!circuit.seq<1>, !circuit.seq<1>) -> !circuit.seq<1>
    %3 = circuit.apply @free(%0, %1) : (!circuit.seq<1>, !circuit.seq<1>) -> !circuit.seq<1>
    %4 = circuit.concat %2, %3 : (!circuit.seq<1>, !circuit.seq<1>) -> !circuit.seq<2>
    circuit.yield %4 : !circuit.seq<2>
  }
}
