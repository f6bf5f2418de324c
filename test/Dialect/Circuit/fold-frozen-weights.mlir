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
