// RUN: circ-opt %s --pass-pipeline='builtin.module(circuit.circuit(circuit-eliminate-dead-routes))' | FileCheck %s

// CHECK-LABEL: circuit.circuit @c
// CHECK-NOT: circuit.param @unused
// CHECK: circuit.param @used
// CHECK-NOT: circuit.param @unused
circuit.circuit @c tokens ["x"] outputs ["A"] nonterminals ["a"] max_input 1 max_output 4 {
  circuit.param @unused frozen = dense<1.0> : tensor<1x1xf32>
  circuit.param @used = dense<1.0> : tensor<1x1xf32>
  circuit.parser actions dense<0> : tensor<1x2xi32> gotos dense<-1> : tensor<1x1xi32>
  // Empty operands and one-copy repeats go; what nothing uses goes.
  // CHECK-LABEL: circuit.rule 0
  // CHECK-NEXT: ^bb0(%[[A:.+]]: !circuit.seq<2>):
  // CHECK-NEXT: %[[G:.+]] = circuit.gather @used[0] : <1>
  // CHECK-NEXT: %[[X:.+]] = circuit.concat %[[A]], %[[G]] : (!circuit.seq<2>, !circuit.seq<1>) -> !circuit.seq<3>
  // CHECK-NEXT: circuit.yield %[[X]] : <3>
  circuit.rule 0 lhs 0 arity 1 children [0] -> !circuit.seq<3> {
  ^bb0(%a: !circuit.seq<2>):
    %dead = circuit.repeat %a x 2 : !circuit.seq<2> -> !circuit.seq<4>
    %e = circuit.empty : !circuit.seq<0>
    %g = circuit.gather @used[0] : !circuit.seq<1>
    %one = circuit.repeat %g x 1 : !circuit.seq<1> -> !circuit.seq<1>
    %x = circuit.concat %e, %a, %e, %one : (!circuit.seq<0>, !circuit.seq<2>, !circuit.seq<0>, !circuit.seq<1>) -> !circuit.seq<3>
    circuit.yield %x : !circuit.seq<3>
  }
  // A rule whose output is empty yields one empty value.
  // CHECK-LABEL: circuit.rule 1
  // CHECK-NEXT: %[[E:.+]] = circuit.empty : <0>
  // CHECK-NEXT: circuit.yield %[[E]] : <0>
  circuit.rule 1 lhs 0 arity 1 -> !circuit.seq<0> {
    %e = circuit.empty : !circuit.seq<0>
    %r = circuit.repeat %e x 3 : !circuit.seq<0> -> !circuit.seq<0>
    %x = circuit.concat %r, %e : (!circuit.seq<0>, !circuit.seq<0>) -> !circuit.seq<0>
    circuit.yield %x : !circuit.seq<0>
  }
}

// A repetition by a count of at most 1 may still be 0 copies: it stays.
// CHECK-LABEL: circuit.circuit @counted
// CHECK: circuit.repeat %{{.+}} x 1 by %{{.+}} counts [1, 0, 2, 1]
circuit.circuit @counted tokens ["0", "1", "go"] outputs ["G", "0", "1"] nonterminals ["s"] max_input 2 max_output 1 {
  circuit.parser actions dense<0> : tensor<1x4xi32> gotos dense<-1> : tensor<1x1xi32>
  circuit.rule 0 lhs 0 arity 2 children [0, 1] -> !circuit.seq<1> {
  ^bb0(%n: !circuit.seq<1>, %m: !circuit.seq<1>):
    %0 = circuit.repeat %m x 1 by %n counts [1, 0, 2, 1] : !circuit.seq<1>, !circuit.seq<1> -> !circuit.seq<1>
    circuit.yield %0 : !circuit.seq<1>
  }
}
