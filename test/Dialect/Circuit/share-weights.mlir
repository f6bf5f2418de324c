// RUN: circ-opt %s --pass-pipeline='builtin.module(circuit.circuit(circuit-share-weights))' | FileCheck %s

// Two productions that mean I_WALK share one table; the learnable twin and a
// different frozen table stay.
// CHECK-LABEL: circuit.circuit @c
// CHECK:     circuit.param @walk frozen
// CHECK-NOT: circuit.param @stroll
// CHECK:     circuit.param @learned =
// CHECK:     circuit.param @learned_twin =
// CHECK:     circuit.param @jump frozen
// CHECK:     circuit.gather @walk[0]
// CHECK:     circuit.gather @walk[0]
// CHECK:     circuit.gather @learned[0]
// CHECK:     circuit.gather @learned_twin[0]
// CHECK:     circuit.gather @jump[0]
circuit.circuit @c tokens ["x"] outputs ["I_WALK", "I_JUMP"] nonterminals ["a"] max_input 1 max_output 5 {
  circuit.param @walk frozen = dense<[[1.0, 0.0]]> : tensor<1x2xf32>
  circuit.param @stroll frozen = dense<[[1.0, 0.0]]> : tensor<1x2xf32>
  circuit.param @learned = dense<0.0> : tensor<1x2xf32>
  circuit.param @learned_twin = dense<0.0> : tensor<1x2xf32>
  circuit.param @jump frozen = dense<[[0.0, 1.0]]> : tensor<1x2xf32>
  circuit.parser actions dense<0> : tensor<1x2xi32> gotos dense<-1> : tensor<1x1xi32>
  circuit.rule 0 lhs 0 arity 1 -> !circuit.seq<5> {
    %0 = circuit.gather @walk[0] : !circuit.seq<1>
    %1 = circuit.gather @stroll[0] : !circuit.seq<1>
    %2 = circuit.gather @learned[0] : !circuit.seq<1>
    %3 = circuit.gather @learned_twin[0] : !circuit.seq<1>
    %4 = circuit.gather @jump[0] : !circuit.seq<1>
    %5 = circuit.concat %0, %1, %2, %3, %4 : (!circuit.seq<1>, !circuit.seq<1>, !circuit.seq<1>, !circuit.seq<1>, !circuit.seq<1>) -> !circuit.seq<5>
    circuit.yield %5 : !circuit.seq<5>
  }
}
