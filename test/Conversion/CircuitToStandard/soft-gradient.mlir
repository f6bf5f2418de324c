// RUN: circ-opt %s --convert-circuit-to-standard=direct-automaton-states=0 | FileCheck %s

// A circuit that applies a learnable op table loaded at run time: the run
// reads the table's decoded rows from the learned symbols, and the lowering
// builds the soft gradient: distributions per node, a tape, and the
// backward pass over it.
// CHECK-LABEL: func.func private @__circc_run_one(
// CHECK: memref.load %arg5[%{{.*}}] : memref<4xi32, strided<[1], offset: ?>>
// CHECK-LABEL: func.func @__circc_gradient(
// CHECK-SAME: memref<9xi32>, %{{.*}}: i32, %{{.*}}: memref<1xi32>, %{{.*}}: i32, %[[W:.+]]: memref<8xf32>, %[[G:.+]]: memref<8xf32>, %[[LOSS:.+]]: memref<1xf32>) -> i32
// Values and adjoints of every node, the tape's rules and children.
// CHECK-DAG: memref.alloca() : memref<37x2xf32>
// CHECK-DAG: memref.alloca() : memref<37xi32>
// CHECK-DAG: memref.alloca() : memref<37x2xindex>
// The parse, with a softmax of the learnable rows in the forward pass.
// CHECK: scf.while
// CHECK: math.exp
// The loss at the root, then the tape backwards, rule by rule.
// CHECK: math.log
// CHECK: memref.store %{{.*}}, %[[LOSS]]
// CHECK: scf.index_switch
// CHECK: memref.store %{{.*}}, %[[G]]
circuit.circuit @values tokens ["0", "1", "+"] outputs ["0", "1"] nonterminals ["e", "d"] max_input 9 max_output 1 param_count 20 runtime_weights {
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

