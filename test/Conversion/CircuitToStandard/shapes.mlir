// RUN: circ-opt %s --convert-circuit-to-standard | FileCheck %s --implicit-check-not=circuit.

// With tabulated shapes, the run function packs the class sequence into a
// key, finds the shape in the slot table and gathers the route; the trie
// only serves commands that are not sentences.
// CHECK-DAG: memref.global "private" constant @__circc_classes : memref<4xi32> = dense<[0, 0, 1, 2]>
// CHECK-DAG: memref.global "private" constant @__circc_routes : memref<3x2xi8>
// CHECK-DAG: memref.global "private" constant @__circc_shape_keys : memref<3xi64> = dense<[1, 9, 13]>
// CHECK-DAG: memref.global "private" constant @__circc_shape_slots : memref<16xi8>
// CHECK-DAG: memref.global "private" constant @__circc_trie : memref<4x3xi32>
// CHECK-LABEL: func.func private @__circc_run_one(
// Every token's meaning, for all max_input slots.
// CHECK: memref.alloca() : memref<2xi32>
// CHECK: scf.for
// CHECK: memref.load %{{.*}} : memref<4x1xi32>
// The key: two bits a token, then the multiplicative hash.
// CHECK: arith.shli
// CHECK: arith.muli %{{.*}}, %c7_i64
// CHECK: arith.shrui %{{.*}}, %c60_i64
// CHECK: scf.while
// CHECK: memref.load %{{.*}} : memref<16xi8>
// CHECK: scf.if
// The route: a token's meaning or a constant code.
// CHECK: memref.load %{{.*}} : memref<3x2xi8>
// CHECK: arith.extsi
// CHECK: arith.select
// CHECK: } else {
// The trie, for where parsing fails.
// CHECK: memref.load %{{.*}} : memref<4x3xi32>
circuit.circuit @g tokens ["walk", "jump", "twice", "left"] outputs ["W", "J", "L"]
    nonterminals ["cmd", "prim"] max_input 2 max_output 2 {
  circuit.parser actions dense<0> : tensor<1x5xi32> gotos dense<-1> : tensor<1x2xi32>
  circuit.shapes classes [0, 0, 1, 2]
      lexicon dense<[[0], [1], [0], [0]]> : tensor<4x1xi32>
      transitions dense<[[1, -1, -1], [-1, 2, 3], [-1, -1, -1], [-1, -1, -1]]> : tensor<4x3xi32>
      accepting dense<[-1, 0, 1, 2]> : tensor<4xi32>
      routes dense<[[0, 0], [0, 0], [-3, 0]]> : tensor<3x2xi8>
      lengths dense<[1, 2, 2]> : tensor<3xi8>
      keys dense<[1, 9, 13]> : tensor<3xi64>
      slots dense<[-1, 0, -1, -1, 1, -1, -1, -1, -1, 2, -1, -1, -1, -1, -1, -1]> : tensor<16xi8>
      multiplier 7 class_bits 2
}
