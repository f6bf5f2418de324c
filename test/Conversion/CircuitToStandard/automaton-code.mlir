// RUN: circ-opt %s --convert-circuit-to-standard | FileCheck %s --implicit-check-not=circuit.
// RUN: circ-opt %s --convert-circuit-to-standard=direct-automaton-states=6 | FileCheck %s --check-prefix=TABLE
// RUN: circ-opt %s --circc-circuit-to-standard --circc-standard-to-llvm | FileCheck %s --check-prefix=LLVM

// A small automaton is emitted as code: one block per state, each recording
// itself in the stack and branching on the lookahead's column; no table is
// read for an action. e = d | e "+" d over the digits 0 and 1 (seven states).
// CHECK-LABEL: func.func private @__circc_run_one(
// CHECK: %[[STATES:.+]] = memref.alloca() : memref<11xi32>
// CHECK-NOT: scf.while
// CHECK: scf.execute_region -> i32 {
// The first token's column, then state 0.
// CHECK: cf.br ^bb1
// CHECK: ^bb1:
// CHECK-NEXT: %[[C0:.+]] = arith.constant 0 : i32
// CHECK-NEXT: memref.store %[[C0]], %[[STATES]][%{{.*}}] : memref<11xi32>
// State 0 shifts "0" (column 0) and "1" (column 1); the rest is an error.
// CHECK: cf.switch %{{.*}} : i32, [
// CHECK-NEXT: default: ^[[ERROR:bb[0-9]+]](%{{.*}} : index),
// CHECK-NEXT: 0: ^{{bb[0-9]+}}(
// CHECK-NEXT: 1: ^{{bb[0-9]+}}(
// CHECK-NEXT: ]
// State 1 shifts "+" or accepts at the end (column 3).
// CHECK: %[[C1:.+]] = arith.constant 1 : i32
// CHECK-NEXT: memref.store %[[C1]], %[[STATES]][
// CHECK: cf.switch %{{.*}} : i32, [
// CHECK-NEXT: default: ^[[ERROR]](
// CHECK-NEXT: 2: ^{{bb[0-9]+}},
// CHECK-NEXT: 3: ^{{bb[0-9]+}}
// CHECK-NEXT: ]
// A parse error stores its position and stops with CIRCC_NO_PARSE (3).
// CHECK: ^[[ERROR]](%[[POS:.+]]: index):
// CHECK-NEXT: %[[POS32:.+]] = arith.index_cast %[[POS]]
// CHECK: memref.store %[[POS32]], %arg4
// CHECK: arith.constant 3 : i32
// A digit's reduce goes to state 2 after state 0 and to state 6 after
// state 5 ("e +"): a switch on the state below, the first target the
// default.
// CHECK: memref.load %[[STATES]][
// CHECK-NEXT: cf.switch %{{.*}} : i32, [
// CHECK-NEXT: default: ^{{bb[0-9]+}},
// CHECK-NEXT: 5: ^{{bb[0-9]+}}
// CHECK-NEXT: ]

// Above the limit, the tables are walked.
// TABLE-LABEL: func.func private @__circc_run_one(
// TABLE-NOT: scf.execute_region
// TABLE: scf.while

// The code lowers to the LLVM dialect with the upstream passes.
// LLVM: llvm.func @__circc_run(
// LLVM: llvm.switch
circuit.circuit @sums tokens ["0", "1", "+"] outputs ["0", "1"]
    nonterminals ["e", "d"] max_input 9 max_output 1 param_count 0 {
  circuit.parser actions dense<[[4, 5, 0, 0], [0, 0, 6, 2147483647],
                                [0, 0, -1, -1], [0, 0, -3, -3], [0, 0, -4, -4],
                                [4, 5, 0, 0], [0, 0, -2, -2]]> : tensor<7x4xi32>
      gotos dense<[[1, 2], [-1, -1], [-1, -1], [-1, -1], [-1, -1], [-1, 6],
                   [-1, -1]]> : tensor<7x2xi32>
  circuit.rule 0 lhs 0 arity 1 children [0] -> !circuit.seq<1> {
  ^bb0(%a: !circuit.seq<1>):
    circuit.yield %a : !circuit.seq<1>
  }
  circuit.rule 1 lhs 0 arity 3 children [2] -> !circuit.seq<1> {
  ^bb0(%b: !circuit.seq<1>):
    circuit.yield %b : !circuit.seq<1>
  }
  circuit.rule 2 lhs 1 arity 1 token 0 -> !circuit.seq<1> {
    %0 = circuit.constant 0 : !circuit.seq<1>
    circuit.yield %0 : !circuit.seq<1>
  }
  circuit.rule 3 lhs 1 arity 1 token 1 -> !circuit.seq<1> {
    %0 = circuit.constant 1 : !circuit.seq<1>
    circuit.yield %0 : !circuit.seq<1>
  }
}
