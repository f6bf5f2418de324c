// RUN: circ-opt %s --convert-circuit-to-standard=direct-automaton-states=0 --circc-outline-batch-kernel | FileCheck %s
// RUN: circ-opt %s --convert-circuit-to-standard --circc-outline-batch-kernel | FileCheck %s --check-prefix=CODE

// The kernel sits in a GPU module with its own copy of the tables and of
// the run; the host's run stays for the host's entry points.
// CHECK: module attributes {gpu.container_module}
// CHECK: func.func private @__circc_run_one(
// CHECK: gpu.module @circc_kernels {
// CHECK-DAG: memref.global "private" constant @__circc_actions : memref<5x3xi32>
// CHECK-DAG: memref.global "private" constant @__circc_gotos : memref<5x2xi32>
// The same run code as the CPU entry point: here, the LR automaton.
// CHECK: func.func private @__circc_run_one(
// CHECK-NOT: circc.metadata
// CHECK: scf.while
// CHECK: scf.index_switch
// With the automaton as code, the kernel's run is that code, and the
// tables stay out of the GPU module.
// CODE: gpu.module @circc_kernels {
// CODE-NOT: @__circc_actions
// CODE: func.func private @__circc_run_one(
// CODE: scf.execute_region
// CODE: cf.switch
// CODE: gpu.func @circc_batch(
// CHECK: gpu.func @circc_batch(%[[TOKENS:.+]]: memref<?xi32>, %[[COUNTS:.+]]: memref<?xi32>, %[[OUT:.+]]: memref<?xi32>, %[[LENGTHS:.+]]: memref<?xi32>, %[[STATUSES:.+]]: memref<?xi32>, %[[LEARNED:.+]]: memref<?xi32>, %[[N:.+]]: i32) kernel {
// One command per thread over the grid's x dimension.
// CHECK: gpu.block_id x
// CHECK: gpu.block_dim x
// CHECK: gpu.thread_id x
// CHECK: scf.if
// Thread i's command: max_input tokens, max_output outputs.
// CHECK: %[[T:.+]] = memref.reinterpret_cast %[[TOKENS]] to offset: [%{{.*}}], sizes: [2], strides: [1]
// CHECK: %[[COUNT:.+]] = memref.load %[[COUNTS]]
// CHECK: %[[O:.+]] = memref.reinterpret_cast %[[OUT]] to offset: [%{{.*}}], sizes: [2], strides: [1]
// CHECK: %[[L:.+]] = memref.reinterpret_cast %[[LENGTHS]] to offset: [%{{.*}}], sizes: [1], strides: [1]
// CHECK: %[[R:.+]] = memref.reinterpret_cast %[[LEARNED]] to offset: [%{{.*}}], sizes: [1], strides: [1]
// CHECK: %[[STATUS:.+]] = func.call @__circc_run_one(%[[T]], %[[COUNT]], %[[O]], %{{.*}}, %[[L]], %[[R]], %true)
// CHECK: memref.store %[[STATUS]], %[[STATUSES]]
// CHECK: gpu.return

circuit.circuit @tiny tokens ["walk", "twice"] outputs ["I_WALK", "I_JUMP"]
    nonterminals ["cmd", "prim"] max_input 2 max_output 2 {
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
    %0 = circuit.constant 0 : !circuit.seq<1>
    circuit.yield %0 : !circuit.seq<1>
  }
}
