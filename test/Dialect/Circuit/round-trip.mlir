// RUN: circ-opt %s | circ-opt | FileCheck %s

// CHECK-LABEL: circuit.circuit @tiny tokens ["walk", "twice"] outputs ["I_WALK", "I_JUMP"]
// CHECK-SAME: nonterminals ["cmd", "prim"] max_input 2 max_output 2 param_count 4 {
circuit.circuit @tiny tokens ["walk", "twice"] outputs ["I_WALK", "I_JUMP"]
    nonterminals ["cmd", "prim"] max_input 2 max_output 2 param_count 4 {
  // CHECK: circuit.param @walk frozen = dense<{{\[\[}}1.000000e+00, 0.000000e+00]]> : tensor<1x2xf32>
  circuit.param @walk frozen = dense<[[1.0, 0.0]]> : tensor<1x2xf32>
  // CHECK: circuit.param @learned = dense<0.000000e+00> : tensor<1x2xf32>
  circuit.param @learned = dense<0.0> : tensor<1x2xf32>
  // CHECK: circuit.parser actions dense<{{.*}}> : tensor<5x3xi32> gotos dense<{{.*}}> : tensor<5x2xi32>
  circuit.parser actions dense<[[4, 0, 0], [0, 3, -1], [0, 0, 2147483647],
                                [0, 0, -2], [0, -3, -3]]> : tensor<5x3xi32>
      gotos dense<[[3, 2], [-1, -1], [-1, -1], [-1, -1], [-1, -1]]> : tensor<5x2xi32>
  // CHECK: circuit.rule 0 lhs 0 arity 1 children [0] -> !circuit.seq<1> {
  // CHECK-NEXT: ^bb0(%[[A:.+]]: !circuit.seq<1>):
  // CHECK-NEXT:   circuit.yield %[[A]] : <1>
  circuit.rule 0 lhs 0 arity 1 children [0] -> !circuit.seq<1> {
  ^bb0(%a: !circuit.seq<1>):
    circuit.yield %a : !circuit.seq<1>
  }
  // CHECK: circuit.rule 1 lhs 0 arity 2 children [0] -> !circuit.seq<2> {
  // CHECK-NEXT: ^bb0(%[[A:.+]]: !circuit.seq<1>):
  // CHECK-NEXT:   %[[R:.+]] = circuit.repeat %[[A]] x 2 : <1> -> <2>
  // CHECK-NEXT:   circuit.yield %[[R]] : <2>
  circuit.rule 1 lhs 0 arity 2 children [0] -> !circuit.seq<2> {
  ^bb0(%a: !circuit.seq<1>):
    %0 = circuit.repeat %a x 2 : !circuit.seq<1> -> !circuit.seq<2>
    circuit.yield %0 : !circuit.seq<2>
  }
  // CHECK: circuit.rule 2 lhs 1 arity 1 -> !circuit.seq<1> {
  // CHECK-NEXT:   %[[G:.+]] = circuit.gather @walk[0] : <1>
  // CHECK-NEXT:   %[[C:.+]] = circuit.constant 1 : <1>
  // CHECK-NEXT:   %[[E:.+]] = circuit.empty : <0>
  // CHECK-NEXT:   %[[X:.+]] = circuit.concat %[[G]], %[[E]] : (!circuit.seq<1>, !circuit.seq<0>) -> !circuit.seq<1>
  // CHECK-NEXT:   circuit.yield %[[X]] : <1>
  circuit.rule 2 lhs 1 arity 1 -> !circuit.seq<1> {
    %0 = circuit.gather @walk[0] : !circuit.seq<1>
    %1 = circuit.constant 1 : !circuit.seq<1>
    %2 = circuit.empty : !circuit.seq<0>
    %3 = circuit.concat %0, %2 : (!circuit.seq<1>, !circuit.seq<0>) -> !circuit.seq<1>
    circuit.yield %3 : !circuit.seq<1>
  }
}

// An op table applied to two symbols: 2^2 rows over 2 outputs.
// CHECK-LABEL: circuit.circuit @values
// CHECK: circuit.param @xor frozen = dense<{{.*}}> : tensor<4x2xf32>
// CHECK: ^bb0(%[[A:.+]]: !circuit.seq<1>, %[[B:.+]]: !circuit.seq<1>):
// CHECK-NEXT: %[[R:.+]] = circuit.apply @xor(%[[A]], %[[B]]) : (!circuit.seq<1>, !circuit.seq<1>) -> !circuit.seq<1>
// CHECK-NEXT: circuit.yield %[[R]] : <1>
circuit.circuit @values tokens ["0", "1", "^"] outputs ["0", "1"]
    nonterminals ["e", "d"] max_input 3 max_output 1 {
  circuit.param @xor frozen = dense<[[1.0, 0.0], [0.0, 1.0], [0.0, 1.0], [1.0, 0.0]]> : tensor<4x2xf32>
  circuit.parser actions dense<0> : tensor<1x4xi32> gotos dense<-1> : tensor<1x2xi32>
  circuit.rule 0 lhs 0 arity 3 children [0, 2] -> !circuit.seq<1> {
  ^bb0(%a: !circuit.seq<1>, %b: !circuit.seq<1>):
    %0 = circuit.apply @xor(%a, %b) : (!circuit.seq<1>, !circuit.seq<1>) -> !circuit.seq<1>
    circuit.yield %0 : !circuit.seq<1>
  }
}

// Position remaps: a reverse and slices, one with no stop.
// CHECK-LABEL: circuit.circuit @remaps
// CHECK: %[[R:.+]] = circuit.reverse %[[A:.+]] : <4>
// CHECK-NEXT: %[[T:.+]] = circuit.slice %[[R]][1 :] : <4> -> <3>
// CHECK-NEXT: %[[L:.+]] = circuit.slice %[[A]][-1 :] : <4> -> <1>
// CHECK-NEXT: %[[M:.+]] = circuit.slice %[[A]][1 : -1] : <4> -> <2>
circuit.circuit @remaps tokens ["a", "r"] outputs ["A"]
    nonterminals ["s"] max_input 4 max_output 6 {
  circuit.parser actions dense<0> : tensor<1x3xi32> gotos dense<-1> : tensor<1x1xi32>
  circuit.rule 0 lhs 0 arity 2 children [1] -> !circuit.seq<6> {
  ^bb0(%a: !circuit.seq<4>):
    %0 = circuit.reverse %a : !circuit.seq<4>
    %1 = circuit.slice %0 [1 :] : !circuit.seq<4> -> !circuit.seq<3>
    %2 = circuit.slice %a [-1 :] : !circuit.seq<4> -> !circuit.seq<1>
    %3 = circuit.slice %a [1 : -1] : !circuit.seq<4> -> !circuit.seq<2>
    %4 = circuit.concat %1, %2, %3 : (!circuit.seq<3>, !circuit.seq<1>, !circuit.seq<2>) -> !circuit.seq<6>
    circuit.yield %4 : !circuit.seq<6>
  }
}

// A parser over token classes: per token its column and its lexeme.
// CHECK-LABEL: circuit.circuit @classes
// CHECK: circuit.parser actions {{.*}} columns [0, 0, 1] lexemes [0, 1, -1]
circuit.circuit @classes tokens ["a", "b", "r"] outputs ["A", "B"]
    nonterminals ["s"] max_input 2 max_output 2 {
  circuit.parser actions dense<0> : tensor<1x3xi32> gotos dense<-1> : tensor<1x1xi32> columns [0, 0, 1] lexemes [0, 1, -1]
  circuit.rule 0 lhs 0 arity 1 children [0] -> !circuit.seq<1> {
  ^bb0(%a: !circuit.seq<1>):
    circuit.yield %a : !circuit.seq<1>
  }
}

// A declared output bound: a checked rule, and the stack's analysed bound.
// CHECK-LABEL: circuit.circuit @bounded
// CHECK-SAME: max_output 4 stack_output 6
// CHECK: circuit.rule 0 lhs 0 arity 2 children [1] checked -> !circuit.seq<4>
circuit.circuit @bounded tokens ["a", "r"] outputs ["A"]
    nonterminals ["s"] max_input 3 max_output 4 stack_output 6 {
  circuit.parser actions dense<0> : tensor<1x3xi32> gotos dense<-1> : tensor<1x1xi32>
  circuit.rule 0 lhs 0 arity 2 children [1] checked -> !circuit.seq<4> {
  ^bb0(%a: !circuit.seq<4>):
    %0 = circuit.repeat %a x 2 : !circuit.seq<4> -> !circuit.seq<8>
    circuit.yield %0 : !circuit.seq<8>
  }
}

// A repetition by a child's count: symbols 1 and 2 ("1", "2") count once
// and twice.
// CHECK-LABEL: circuit.circuit @counted
// CHECK: %[[R:.+]] = circuit.repeat %[[B:.+]] x 2 by %[[A:.+]] counts [1, 1, 2, 2] : <1>, !circuit.seq<1> -> <2>
circuit.circuit @counted tokens ["1", "2", "go"] outputs ["G", "1", "2"]
    nonterminals ["s"] max_input 2 max_output 2 {
  circuit.parser actions dense<0> : tensor<1x4xi32> gotos dense<-1> : tensor<1x1xi32>
  circuit.rule 0 lhs 0 arity 2 children [0, 1] -> !circuit.seq<2> {
  ^bb0(%n: !circuit.seq<1>, %m: !circuit.seq<1>):
    %0 = circuit.repeat %m x 2 by %n counts [1, 1, 2, 2] : !circuit.seq<1>, !circuit.seq<1> -> !circuit.seq<2>
    circuit.yield %0 : !circuit.seq<2>
  }
}

// Input positions and packed streams: a rule names where its second child
// starts (outputs "0".."2" from id 1), packs two streams, and a parent takes
// the second one apart again.
// CHECK-LABEL: circuit.circuit @streams
// CHECK: %[[P:.+]] = circuit.position 1 base 1 : <1>
// CHECK: %[[K:.+]] = circuit.pack %[[P]], %{{.+}} : (!circuit.seq<1>, !circuit.seq<1>) -> !circuit.seq<3>
// CHECK: circuit.yield %[[K]] : <3>
// CHECK: %[[F:.+]] = circuit.field %{{.+}}[1] of 2 : <3> -> <2>
// CHECK-NEXT: circuit.yield %[[F]] : <2>
circuit.circuit @streams tokens ["a", "b"] outputs ["X", "0", "1", "2"]
    nonterminals ["s", "t"] max_input 3 max_output 3 {
  circuit.parser actions dense<0> : tensor<1x3xi32> gotos dense<-1> : tensor<1x2xi32>
  circuit.rule 0 lhs 1 arity 2 -> !circuit.seq<3> {
    %0 = circuit.position 1 base 1 : !circuit.seq<1>
    %1 = circuit.constant 0 : !circuit.seq<1>
    %2 = circuit.pack %0, %1 : (!circuit.seq<1>, !circuit.seq<1>) -> !circuit.seq<3>
    circuit.yield %2 : !circuit.seq<3>
  }
  circuit.rule 1 lhs 0 arity 1 children [0] -> !circuit.seq<2> {
  ^bb0(%a: !circuit.seq<3>):
    %0 = circuit.field %a [1] of 2 : !circuit.seq<3> -> !circuit.seq<2>
    circuit.yield %0 : !circuit.seq<2>
  }
}
