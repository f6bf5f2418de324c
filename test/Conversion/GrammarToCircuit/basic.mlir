// RUN: circ-opt %s --convert-grammar-to-circuit | FileCheck %s --implicit-check-not=grammar.

// CHECK-LABEL: circuit.circuit @tiny tokens ["walk", "jump", "twice", "left"]
// CHECK-SAME: outputs ["I_WALK", "I_TURN_LEFT"] nonterminals ["cmd", "prim"]
// CHECK-SAME: max_input 3 max_output 4 stack_output 4 {
// Each emitted symbol gets a frozen one-hot row; a learnable entry a free row.
// CHECK-NEXT: circuit.param @cmd.I_TURN_LEFT frozen = dense<{{\[\[}}0.000000e+00, 1.000000e+00]]> : tensor<1x2xf32>
// CHECK-NEXT: circuit.param @prim.I_WALK frozen = dense<{{\[\[}}1.000000e+00, 0.000000e+00]]> : tensor<1x2xf32>
// CHECK-NEXT: circuit.param @prim.jump = dense<0.000000e+00> : tensor<1x2xf32>
// CHECK-NEXT: circuit.parser actions {{.*}} : tensor<{{[0-9]+}}x5xi32> gotos {{.*}} : tensor<{{[0-9]+}}x2xi32>
grammar.grammar @tiny start @cmd tokens ["walk", "jump", "twice", "left"]
    outputs ["I_WALK", "I_TURN_LEFT"] {
  grammar.nonterminal @cmd {
    // CHECK: circuit.rule 0 lhs 0 arity 1 children [0] -> !circuit.seq<1> {
    // CHECK-NEXT: ^bb0(%[[P:.+]]: !circuit.seq<1>):
    // CHECK-NEXT:   circuit.yield %[[P]] : <1>
    grammar.production [@prim] {
      grammar.child 1
    }
    // CHECK: circuit.rule 1 lhs 0 arity 2 children [0] -> !circuit.seq<2> {
    // CHECK-NEXT: ^bb0(%[[P:.+]]: !circuit.seq<1>):
    // CHECK-NEXT:   %[[R:.+]] = circuit.repeat %[[P]] x 2 : <1> -> <2>
    // CHECK-NEXT:   circuit.yield %[[R]] : <2>
    grammar.production [@prim, "twice"] {
      grammar.repeat 2 {
        grammar.child 1
      }
    }
    // Output bounds follow the input bound: "walk left twice" emits 4.
    // CHECK: circuit.rule 2 lhs 0 arity 3 children [0] -> !circuit.seq<4> {
    // CHECK-NEXT: ^bb0(%[[P:.+]]: !circuit.seq<1>):
    // CHECK-NEXT:   %[[T:.+]] = circuit.gather @cmd.I_TURN_LEFT[0] : <1>
    // CHECK-NEXT:   %[[C:.+]] = circuit.concat %[[T]], %[[P]] : (!circuit.seq<1>, !circuit.seq<1>) -> !circuit.seq<2>
    // CHECK-NEXT:   %[[R:.+]] = circuit.repeat %[[C]] x 2 : <2> -> <4>
    // CHECK-NEXT:   circuit.yield %[[R]] : <4>
    grammar.production [@prim, "left", "twice"] {
      grammar.repeat 2 {
        grammar.emit "I_TURN_LEFT"
        grammar.child 1
      }
    }
  }
  grammar.nonterminal @prim {
    // CHECK: circuit.rule 3 lhs 1 arity 1 token 0 -> !circuit.seq<1> {
    // CHECK-NEXT:   %[[G:.+]] = circuit.gather @prim.I_WALK[0] : <1>
    // CHECK-NEXT:   circuit.yield %[[G]] : <1>
    grammar.production ["walk"] {
      grammar.emit "I_WALK"
    }
    // CHECK: circuit.rule 4 lhs 1 arity 1 token 1 -> !circuit.seq<1> {
    // CHECK-NEXT:   %[[G:.+]] = circuit.gather @prim.jump[0] : <1>
    grammar.production ["jump"] {
      grammar.learned
    }
  }
}
