// RUN: circ-opt %s "--convert-circuit-to-standard=share-loops-above=0 direct-automaton-states=0" | FileCheck %s --implicit-check-not=circuit.
// RUN: circ-opt %s --convert-circuit-to-standard=direct-automaton-states=0 | FileCheck %s --check-prefix=INLINE

// A circuit of few rules keeps its loops inline: the scan is in the run.
// INLINE-NOT: func.func private @__circc_field
// INLINE: scf.for {{.*}} iter_args({{.*}}) -> (index, index, index)
// INLINE-NOT: func.func private @__circc_field

// Positions and streams (loops shared, as in a big circuit): a circuit that reads positions keeps a fourth
// stack array, each slot's start position (stored by the shift); a position
// is that start plus the symbol of position 0; a field calls one shared
// scan of its packed input for delimiters (-1), carrying (seen, first,
// last), and moves the field to the front.
// CHECK-LABEL: func.func private @__circc_run_one(
// CHECK-COUNT-4: memref.alloca() : memref<6xi32>
// CHECK: memref.alloca() : memref<24xi32>
// CHECK: scf.index_switch
// CHECK: case 0 {
// The field [1] of 2.
// CHECK: call @__circc_field(%{{.+}}, %{{.+}}, %{{.+}}, %c1{{.*}}) {no_inline}
// A position: the slot's start, plus 1.
// CHECK: %[[START:.+]] = memref.load %{{.+}}[%{{.+}}] : memref<6xi32>
// CHECK: arith.addi %[[START]], %c1_i32{{.*}} : i32
// The shared scan, after the run.
// CHECK-LABEL: func.func private @__circc_field(
// CHECK-SAME: -> (index, index)
// CHECK: %[[DELIM:.+]] = arith.constant -1 : i32
// CHECK: scf.for %{{.+}} = %{{.+}} to %{{.+}} step %{{.+}} iter_args(%{{.+}} = %{{.+}}, %{{.+}} = %{{.+}}, %{{.+}} = %{{.+}}) -> (index, index, index)
// CHECK: %[[CODE:.+]] = memref.load
// CHECK: arith.cmpi eq, %[[CODE]], %[[DELIM]] : i32
// CHECK: arith.select
// CHECK: scf.yield
module {
  circuit.circuit @streams tokens ["a", "n", "b"] outputs ["X", "0", "1", "2", "3"] nonterminals ["s", "np"] max_input 4 max_output 9 stack_output 11 {
    circuit.param @np.X frozen = dense<[[1.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00]]> : tensor<1x5xf32>
    circuit.parser actions dense<[[4, 5, 0, 0], [0, 0, 0, 2147483647], [0, 0, 6, 0], [0, 7, 0, 0], [0, 0, -3, 0], [0, 0, 0, -1], [0, 0, -2, 0]]> : tensor<7x4xi32> gotos dense<[[1, 2], [-1, -1], [-1, -1], [-1, -1], [-1, -1], [-1, -1], [-1, -1]]> : tensor<7x2xi32>
    circuit.rule 0 lhs 0 arity 2 children [0] -> !circuit.seq<9> {
    ^bb0(%arg0: !circuit.seq<4>):
      %0 = circuit.field %arg0[1] of 2 : <4> -> <3>
      %1 = circuit.position 1 base 1 : <1>
      %2 = circuit.field %arg0[0] of 2 : <4> -> <3>
      %3 = circuit.concat %0, %1, %2 : (!circuit.seq<3>, !circuit.seq<1>, !circuit.seq<3>) -> !circuit.seq<7>
      circuit.yield %3 : <7>
    }
    circuit.rule 1 lhs 1 arity 2 -> !circuit.seq<4> {
      %0 = circuit.position 1 base 1 : <1>
      %1 = circuit.gather @np.X[0] : <1>
      %2 = circuit.position 0 base 1 : <1>
      %3 = circuit.concat %1, %2 : (!circuit.seq<1>, !circuit.seq<1>) -> !circuit.seq<2>
      %4 = circuit.pack %0, %3 : (!circuit.seq<1>, !circuit.seq<2>) -> !circuit.seq<4>
      circuit.yield %4 : <4>
    }
    circuit.rule 2 lhs 1 arity 1 token 1 -> !circuit.seq<2> {
      %0 = circuit.position 0 base 1 : <1>
      %1 = circuit.empty : <0>
      %2 = circuit.pack %0, %1 : (!circuit.seq<1>, !circuit.seq<0>) -> !circuit.seq<2>
      circuit.yield %2 : <2>
    }
  }
}

