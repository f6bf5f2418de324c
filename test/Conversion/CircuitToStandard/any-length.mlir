// RUN: circ-opt %s --convert-circuit-to-standard | FileCheck %s --implicit-check-not=circuit.
// RUN: circ-opt %s --circuit-tabulate-shapes | FileCheck %s --check-prefix=SHAPES
// RUN: circ-opt %s --circc-circuit-to-standard | FileCheck %s --check-prefix=STD

// A circuit without max_input takes inputs of any length: its run takes the
// caller's workspace and its words, checks that the slots of the command's
// tokens fit, and keeps its stack there rather than on the machine stack;
// a stack that outgrows the workspace asks for more (status 64,
// CIRCC_GROW_WORKSPACE) instead of stopping.
// CHECK-LABEL: func.func private @__circc_run_one(
// CHECK-SAME: %[[TOKENS:.+]]: memref<2147483647xi32, strided<[1], offset: ?>>, %[[N:.+]]: i32,
// CHECK-SAME: %[[DECODE:.+]]: i1, %[[WORKSPACE:.+]]: memref<2147483647xi32, strided<[1], offset: ?>>, %[[WORDS:.+]]: i64) -> i32
// CHECK-SAME: max_input = 0 : i64
// CHECK-NOT: memref.alloca
// CHECK: arith.cmpi sge, %[[WORDS]]
// CHECK: scf.if
// CHECK: memref.reinterpret_cast %[[WORKSPACE]]
// CHECK-NOT: memref.alloca
// CHECK: %c64_i32
// CHECK: return

// Shapes are those of a bounded input: none are tabulated.
// SHAPES-NOT: circuit.shapes

// The entry points pass the workspace on, given the extent of its words.
// STD-LABEL: func.func @__circc_run(
// STD-SAME: %{{.+}}: memref<2147483647xi32>, %{{.+}}: i32, %{{.+}}: memref<2xi32>, %{{.+}}: i32, %{{.+}}: memref<1xi32>, %{{.+}}: memref<1xi32>, %[[WS:.+]]: memref<1xi32>, %{{.+}}: i64) -> i32
// STD: memref.reinterpret_cast %[[WS]] to offset: [0], sizes: [2147483647], strides: [1] : memref<1xi32> to memref<2147483647xi32>
circuit.circuit @tiny tokens ["walk", "twice"] outputs ["I_WALK", "I_JUMP"]
    nonterminals ["cmd", "prim"] max_output 2 {
  circuit.parser actions dense<[[4, 0, 0], [0, 3, -1], [0, 0, 2147483647],
                                [0, 0, -2], [0, -3, -3]]> : tensor<5x3xi32>
      gotos dense<[[3, 2], [-1, -1], [-1, -1], [-1, -1], [-1, -1]]> : tensor<5x2xi32>
  circuit.rule 0 lhs 0 arity 1 children [0] -> !circuit.seq<1> {
  ^bb0(%a: !circuit.seq<1>):
    circuit.yield %a : !circuit.seq<1>
  }
  circuit.rule 1 lhs 0 arity 2 children [0] -> !circuit.seq<2> {
  ^bb0(%a: !circuit.seq<1>):
    %0 = circuit.repeat %a x 2 : !circuit.seq<1> -> !circuit.seq<2>
    circuit.yield %0 : !circuit.seq<2>
  }
  circuit.rule 2 lhs 1 arity 1 token 0 -> !circuit.seq<1> {
    %0 = circuit.constant 0 : !circuit.seq<1>
    circuit.yield %0 : !circuit.seq<1>
  }
}
