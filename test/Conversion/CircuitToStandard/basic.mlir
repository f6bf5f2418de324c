// RUN: circ-opt %s --convert-circuit-to-standard=direct-automaton-states=0 | FileCheck %s --implicit-check-not=circuit.
// RUN: circ-opt %s --circc-circuit-to-standard | FileCheck %s --check-prefix=STD
// RUN: circ-opt %s --circc-circuit-to-standard --circc-standard-to-llvm | FileCheck %s --check-prefix=LLVM

// The parser's tables, and one command's run with the library's metadata
// (for circc-build-entry-points).
// CHECK-DAG: memref.global "private" constant @__circc_actions : memref<5x3xi32>
// CHECK-DAG: memref.global "private" constant @__circc_gotos : memref<5x2xi32>
// CHECK-LABEL: func.func private @__circc_run_one(
// CHECK-SAME: %[[TOKENS:.+]]: memref<2xi32, strided<[1], offset: ?>>, %[[N:.+]]: i32, %[[OUT:.+]]: memref<2xi32, strided<[1], offset: ?>>, %[[CAP:.+]]: i32, %[[INFO:.+]]: memref<1xi32, strided<[1], offset: ?>>, %[[LEARNED:.+]]: memref<1xi32, strided<[1], offset: ?>>, %[[DECODE:.+]]: i1) -> i32
// CHECK-SAME: circc.metadata = {count_only, max_input = 2 : i64, max_output = 2 : i64, name = "tiny", num_rules = 3 : i64, num_states = 5 : i64, outputs = ["I_WALK", "I_JUMP"], param_count = 4 : i64, runtime_rows = 0 : i64, tokens = ["walk", "twice"], weight_names = [], weight_shapes = array<i32>}
// Too long an input never reaches the automaton.
// CHECK: arith.cmpi sgt, %[[N]]
// CHECK: scf.if
// CHECK: memref.alloca() : memref<4xi32>
// CHECK: scf.while
// CHECK: memref.load %[[TOKENS]]
// A reduce dispatches on the rule.
// CHECK: scf.index_switch
// CHECK: case 0
// CHECK: case 1
// A gather whose table is baked in writes the symbol its row decodes to.
// CHECK: case 2
// CHECK: memref.store %c1_i32
// CHECK: default
// CHECK: memref.store {{.*}}, %[[OUT]]
// CHECK: return

// The pipeline: the metadata the runtime reads and the entry points, with
// the run inlined into them.
// STD-DAG: memref.global "public" constant @__circc_info : memref<15xi32> = dense<[2, 2, 2, 2, 2, 4, 3, 5, 0, 0, 0, 0, 1, 0, 0]>
// STD-DAG: memref.global "public" constant @__circc_weight_names : memref<1xi8> = dense<0>
// STD-DAG: memref.global "public" constant @__circc_weight_shapes : memref<2xi32> = dense<0>
// STD-DAG: memref.global "public" constant @__circc_name : memref<5xi8> = dense<[116, 105, 110, 121, 0]>
// STD-DAG: memref.global "public" constant @__circc_token_names : memref<11xi8>
// STD-DAG: memref.global "public" constant @__circc_output_names : memref<14xi8>
// STD-LABEL: func.func @__circc_run(
// STD-SAME: %{{.+}}: memref<2xi32>, %{{.+}}: i32, %{{.+}}: memref<2xi32>, %{{.+}}: i32, %{{.+}}: memref<1xi32>, %{{.+}}: memref<1xi32>, %{{.+}}: memref<1xi32>, %{{.+}}: i64) -> i32
// STD-NOT: call
// STD: scf.execute_region
// STD: cf.switch
// STD-LABEL: func.func @__circc_trace(
// STD-NOT: __circc_run_one

// The whole pipeline ends in the LLVM dialect with bare-pointer arguments.
// LLVM: llvm.func @__circc_run(%{{.*}}: !llvm.ptr, %{{.*}}: i32, %{{.*}}: !llvm.ptr, %{{.*}}: i32, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: i64) -> i32
circuit.circuit @tiny tokens ["walk", "twice"] outputs ["I_WALK", "I_JUMP"]
    nonterminals ["cmd", "prim"] max_input 2 max_output 2 param_count 4 {
  circuit.param @learned = dense<[[0.0, 1.0]]> : tensor<1x2xf32>
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
  circuit.rule 2 lhs 1 arity 1 -> !circuit.seq<1> {
    %0 = circuit.gather @learned[0] : !circuit.seq<1>
    circuit.yield %0 : !circuit.seq<1>
  }
}
