// RUN: circ-opt %s --convert-circuit-to-standard=direct-automaton-states=0 | FileCheck %s --implicit-check-not=circuit.

// Each op table becomes the symbol of each of its rows (a learnable table
// baked at its initial value decodes every row to symbol 0).
// CHECK-DAG: memref.global "private" constant @__circc_table_add : memref<4xi8> = dense<[0, 1, 1, 0]>
// CHECK-DAG: memref.global "private" constant @__circc_table_mul : memref<4xi8> = dense<0>
// CHECK-LABEL: func.func private @__circc_run_one(
// CHECK: scf.index_switch
// CHECK: case 1 {
// The row of (child 2, the constant 1): 2 * v1 + v2, then the table.
// CHECK: %[[V1:.+]] = memref.load %{{.*}} : memref<11xi32>
// CHECK: %[[S1:.+]] = arith.index_cast %[[V1]]
// CHECK: arith.muli %{{.*}}, %c2
// CHECK: %[[MUL:.+]] = memref.get_global @__circc_table_mul : memref<4xi8>
// CHECK: %[[R:.+]] = memref.load %[[MUL]][%{{.*}}] : memref<4xi8>
// CHECK: arith.extsi %[[R]] : i8 to i32
// CHECK: memref.get_global @__circc_table_add : memref<4xi8>
circuit.circuit @values tokens ["0", "1", "+"] outputs ["0", "1"] nonterminals ["e", "d"] max_input 9 max_output 1 param_count 20 {
  circuit.param @mul = dense<0.000000e+00> : tensor<4x2xf32>
  circuit.param @add frozen = dense<[[1.000000e+00, 0.000000e+00], [0.000000e+00, 1.000000e+00], [0.000000e+00, 1.000000e+00], [1.000000e+00, 0.000000e+00]]> : tensor<4x2xf32>
  circuit.parser actions dense<[[4, 5, 0, 0], [0, 0, 6, 2147483647], [0, 0, -1, -1], [0, 0, -3, -3], [0, 0, -4, -4], [4, 5, 0, 0], [0, 0, -2, -2]]> : tensor<7x4xi32> gotos dense<[[1, 2], [-1, -1], [-1, -1], [-1, -1], [-1, -1], [-1, 6], [-1, -1]]> : tensor<7x2xi32>
  circuit.rule 0 lhs 0 arity 1 children [0] -> !circuit.seq<1> {
  ^bb0(%arg0: !circuit.seq<1>):
    circuit.yield %arg0 : <1>
  }
  circuit.rule 1 lhs 0 arity 3 children [0, 2] -> !circuit.seq<1> {
  ^bb0(%arg0: !circuit.seq<1>, %arg1: !circuit.seq<1>):
    %0 = circuit.constant 1 : <1>
    %1 = circuit.apply @mul(%arg1, %0) : (!circuit.seq<1>, !circuit.seq<1>) -> !circuit.seq<1>
    %2 = circuit.apply @add(%arg0, %1) : (!circuit.seq<1>, !circuit.seq<1>) -> !circuit.seq<1>
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

