// RUN: circ-opt %s --split-input-file --convert-circuit-to-standard | FileCheck %s --implicit-check-not=circuit.
// RUN: circ-opt %s --split-input-file --convert-circuit-to-standard=text-entry=false | FileCheck %s --check-prefix=OFF

// The whole run from text: the vocabulary's perfect hash (each word's bytes,
// class + 1 and meaning in its own slot), the routes as leaf indices four
// bytes per output symbol (slot 15, always zero, fills the upper bytes),
// and the constant code 2 of route entry -3 in the leaf slot after the two
// input positions.
// CHECK-DAG: memref.global "private" constant @__circc_text_words : memref<8xi64>
// CHECK-DAG: memref.global "private" constant @__circc_text_classes : memref<8xi8>
// CHECK-DAG: memref.global "private" constant @__circc_text_meanings : memref<8xi8>
// CHECK-DAG: memref.global "private" constant @__circc_text_routes : memref<3x16xi8> = dense<{{\[}}[0, 15, 15, 15, 0, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15], [0, 15, 15, 15, 0, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15], [2, 15, 15, 15, 0, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15]]>
// CHECK-LABEL: func.func @__circc_run_text(
// CHECK-SAME: memref<1xi8>, %{{.*}}: memref<64xi8>, %{{.*}}: i64, %{{.*}}: memref<4xi32>, %{{.*}}: i32, %{{.*}}: memref<3xi32>) -> i32
// A text shorter than 16 bytes is copied into 16 spaces; texts of up to 64
// bytes, a buffer for the whole padded route.
// CHECK: %[[PADDED:.*]] = memref.alloca() : memref<64xi8>
// CHECK: arith.cmpi ult, %{{.*}}, %c16_i64
// CHECK: scf.if %{{.*}} -> (memref<64xi8>)
// CHECK: scf.for
// CHECK: memref.store %{{.*}}, %[[PADDED]]
// CHECK: arith.maxui %{{.*}}, %c16_i64
// CHECK: arith.cmpi sle, %{{.*}}, %c64_i64
// CHECK: arith.cmpi sge, %{{.*}}, %c4_i32
// Four chunk loads inside the text give the word and control-byte masks.
// CHECK-COUNT-4: vector.load %{{.*}} : memref<64xi8>, vector<16xi8>
// CHECK: math.ctpop
// CHECK: arith.constant dense<[0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]> : vector<16xi8>
// Each word: one 8-byte load, the hash, the check against its slot; the
// first word on its own, then one of two loops: every later word ends at
// byte 8 or later (one shift), or not (two).
// CHECK: math.cttz
// CHECK: vector.load %{{.*}} : memref<64xi8>, vector<8xi8>
// CHECK: arith.muli %{{.*}}, %c7960286522194355701_i64
// CHECK: memref.load %{{.*}} : memref<8xi64>
// CHECK: memref.store %{{.*}} : memref<16xi8>
// CHECK: scf.if %{{.*}} -> (i64, i1)
// CHECK: scf.while
// CHECK: vector.load %{{.*}} : memref<64xi8>, vector<8xi8>
// CHECK-NOT: arith.shli %{{.*}}, %{{.*}} : i64
// CHECK: arith.shrui
// CHECK: } else {
// CHECK: scf.while
// CHECK: vector.load %{{.*}} : memref<64xi8>, vector<8xi8>
// CHECK: arith.shli
// CHECK: arith.shrui
// The shape, then the output: a permutation of the leaf table.
// CHECK: memref.load %{{.*}} : memref<16xi8>
// CHECK: vector.load %{{.*}} : memref<16xi8>, vector<16xi8>
// CHECK: vector.load %{{.*}} : memref<3x16xi8>, vector<16xi8>
// CHECK-COUNT-16: vector.extract %{{.*}}[%{{.*}}] : i8 from vector<16xi8>
// CHECK: vector.from_elements
// CHECK: vector.bitcast %{{.*}} : vector<16xi8> to vector<4xi32>
// CHECK: vector.store %{{.*}} : memref<4xi32>, vector<4xi32>
// OFF-NOT: __circc_run_text
// OFF-NOT: __circc_text_
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

// -----

// A word longer than eight bytes: no text entry; the runtime lexes.
// CHECK-LABEL: func.func private @__circc_run_one(
// CHECK-NOT: __circc_run_text
circuit.circuit @long tokens ["walk", "jumpjumpjump"] outputs ["W", "J"]
    nonterminals ["cmd"] max_input 1 max_output 1 {
  circuit.parser actions dense<0> : tensor<1x3xi32> gotos dense<-1> : tensor<1x1xi32>
  circuit.shapes classes [0, 0]
      lexicon dense<[[0], [1]]> : tensor<2x1xi32>
      transitions dense<[[1], [-1]]> : tensor<2x1xi32>
      accepting dense<[-1, 0]> : tensor<2xi32>
      routes dense<[[0]]> : tensor<1x1xi8>
      lengths dense<[1]> : tensor<1xi8>
      keys dense<[1]> : tensor<1xi64>
      slots dense<[-1, 0, -1, -1]> : tensor<4xi8>
      multiplier 7 class_bits 1
}
