// RUN: circ-opt %s --pass-pipeline='builtin.module(circuit.circuit(circuit-share-weights, circuit-eliminate-dead-routes, circuit-tabulate-shapes))' | FileCheck %s
// RUN: circ-opt %s --pass-pipeline='builtin.module(circuit.circuit(circuit-count-params))' 2>&1 >/dev/null | FileCheck %s --check-prefix=COUNT

// Op tables through the circuit passes: two equal frozen tables become one,
// which every application then reads; a table nothing applies is dropped;
// and a circuit that computes keeps its automaton (routes cannot be
// tabulated over values known only at run time).
// CHECK-LABEL: circuit.circuit @values
// CHECK: circuit.param @xor frozen
// CHECK-NOT: circuit.param @xor2
// CHECK-NOT: circuit.param @unused
// CHECK: circuit.parser
// CHECK-NOT: circuit.shapes
// CHECK: circuit.apply @xor(%{{.*}}, %{{.*}})
// CHECK: circuit.apply @xor(%{{.*}}, %{{.*}})

// Parameters: two 4 x 2 op tables, one unused 2 x 2 table.
// COUNT: circuit @values: 20 parameters in 3 tables (20 frozen, 0 learnable)
circuit.circuit @values tokens ["0", "1", "+"] outputs ["0", "1"] nonterminals ["e", "d"] max_input 9 max_output 1 {
  circuit.param @xor frozen = dense<[[1.0, 0.0], [0.0, 1.0], [0.0, 1.0], [1.0, 0.0]]> : tensor<4x2xf32>
  circuit.param @xor2 frozen = dense<[[1.0, 0.0], [0.0, 1.0], [0.0, 1.0], [1.0, 0.0]]> : tensor<4x2xf32>
  circuit.param @unused frozen = dense<[[1.0, 0.0], [0.0, 1.0]]> : tensor<2x2xf32>
  circuit.parser actions dense<[[4, 5, 0, 0], [0, 0, 6, 2147483647], [0, 0, -1, -1], [0, 0, -3, -3], [0, 0, -4, -4], [4, 5, 0, 0], [0, 0, -2, -2]]> : tensor<7x4xi32> gotos dense<[[1, 2], [-1, -1], [-1, -1], [-1, -1], [-1, -1], [-1, 6], [-1, -1]]> : tensor<7x2xi32>
  circuit.rule 0 lhs 0 arity 1 children [0] -> !circuit.seq<1> {
  ^bb0(%arg0: !circuit.seq<1>):
    circuit.yield %arg0 : <1>
  }
  circuit.rule 1 lhs 0 arity 3 children [0, 2] -> !circuit.seq<1> {
  ^bb0(%arg0: !circuit.seq<1>, %arg1: !circuit.seq<1>):
    %0 = circuit.constant 1 : <1>
    %1 = circuit.apply @xor2(%arg1, %0) : (!circuit.seq<1>, !circuit.seq<1>) -> !circuit.seq<1>
    %2 = circuit.apply @xor(%arg0, %1) : (!circuit.seq<1>, !circuit.seq<1>) -> !circuit.seq<1>
    circuit.yield %2 : <1>
  }
  circuit.rule 2 lhs 1 arity 1 token 0 -> !circuit.seq<1> {
    %0 = circuit.constant 0 : <1>
    circuit.yield %0 : <1>
  }
  circuit.rule 3 lhs 1 arity 1 token 1 -> !circuit.seq<1> {
    %0 = circuit.constant 1 : <1>
    circuit.yield %0 : <1>
  }
}
