// RUN: circ-opt %s --convert-circuit-to-standard=direct-automaton-states=0 | FileCheck %s --implicit-check-not=circuit.

// Position remaps run in the scratch buffer: the child is copied where the
// result goes, then reversed in place (swapping up to half its length), or
// its kept positions [first, last) resolved against its length at run time
// and moved to the front.
// CHECK-LABEL: func.func private @__circc_run_one(
// CHECK: scf.index_switch
// A reverse: copy, then half-length swaps.
// CHECK: case 1 {
// CHECK: scf.for
// CHECK: %[[HALF:.+]] = arith.divui %{{.+}}, %c2 : index
// CHECK: scf.for %{{.+}} = %{{.+}} to %[[HALF]]
// CHECK-COUNT-2: memref.load
// CHECK-COUNT-2: memref.store
// A slice [1:]: first = min(1, len), last = len; the tail moved down.
// CHECK: case 2 {
// CHECK: %[[LEN:.+]] = arith.index_cast
// CHECK: scf.for
// CHECK: %[[FIRST:.+]] = arith.minui %[[LEN]], %c1{{.*}} : index
// CHECK: %[[LAST:.+]] = arith.maxsi %[[FIRST]], %[[LEN]] : index
// CHECK: arith.subi %[[LAST]], %[[FIRST]] : index
// A slice [-1:]: first = max(len - 1, 0).
// CHECK: arith.addi %{{.+}}, %c-1{{.*}} : index
// CHECK: arith.maxsi %{{.+}}, %c0{{.*}} : index
module {
  circuit.circuit @remaps tokens ["x", "r", "t"] outputs ["X"] nonterminals ["s", "list"] max_input 6 max_output 8 {
    circuit.param @list.X frozen = dense<1.000000e+00> : tensor<1x1xf32>
    circuit.param @list.X_0 frozen = dense<1.000000e+00> : tensor<1x1xf32>
    circuit.parser actions dense<[[4, 5, 6, 0], [0, 0, 0, 2147483647], [0, 0, 0, -1], [4, 0, 0, -4], [4, 0, 0, 0], [4, 0, 0, 0], [0, 0, 0, -5], [0, 0, 0, -2], [0, 0, 0, -3]]> : tensor<9x4xi32> gotos dense<[[1, 2], [-1, -1], [-1, -1], [-1, 6], [-1, 7], [-1, 8], [-1, -1], [-1, -1], [-1, -1]]> : tensor<9x2xi32>
    circuit.rule 0 lhs 0 arity 1 children [0] -> !circuit.seq<6> {
    ^bb0(%arg0: !circuit.seq<6>):
      circuit.yield %arg0 : <6>
    }
    circuit.rule 1 lhs 0 arity 2 children [1] -> !circuit.seq<5> {
    ^bb0(%arg0: !circuit.seq<6>):
      %0 = circuit.reverse %arg0 : <6>
      circuit.yield %0 : <6>
    }
    circuit.rule 2 lhs 0 arity 2 children [1] -> !circuit.seq<8> {
    ^bb0(%arg0: !circuit.seq<6>):
      %0 = circuit.slice %arg0[1 :] : <6> -> <5>
      %1 = circuit.slice %arg0[-1 :] : <6> -> <1>
      %2 = circuit.slice %arg0[1 : -1] : <6> -> <4>
      %3 = circuit.concat %0, %1, %2 : (!circuit.seq<5>, !circuit.seq<1>, !circuit.seq<4>) -> !circuit.seq<10>
      circuit.yield %3 : <10>
    }
    circuit.rule 3 lhs 1 arity 1 token 0 -> !circuit.seq<1> {
      %0 = circuit.gather @list.X[0] : <1>
      circuit.yield %0 : <1>
    }
    circuit.rule 4 lhs 1 arity 2 children [1] -> !circuit.seq<6> {
    ^bb0(%arg0: !circuit.seq<6>):
      %0 = circuit.gather @list.X_0[0] : <1>
      %1 = circuit.concat %0, %arg0 : (!circuit.seq<1>, !circuit.seq<6>) -> !circuit.seq<7>
      circuit.yield %1 : <7>
    }
  }
}

