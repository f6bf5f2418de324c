// RUN: circ-opt %s --convert-circuit-to-standard | FileCheck %s --implicit-check-not=circuit.
// RUN: circ-opt %s --convert-circuit-to-standard --circc-build-entry-points | FileCheck %s --check-prefix=ENTRY

// An open class's token ("<open noun>", lexeme -2) carries the input word
// at its position, as content code |outputs| + position; every other token
// its class's symbol. The metadata and the info name the open tokens.
// CHECK-DAG: memref.global "private" constant @__circc_lexemes : memref<4xi32> = dense<[-1, 0, -1, -2]>
// CHECK-LABEL: func.func private @__circc_run_one(
// CHECK-SAME: open_words = array<i32: 3, 1>
// CHECK: %[[LEXEMES:.+]] = memref.get_global @__circc_lexemes
// CHECK-NEXT: %[[LEXEME:.+]] = memref.load %[[LEXEMES]]
// CHECK: %[[WORD:.+]] = arith.cmpi eq, %[[LEXEME]], %c-2_i32
// CHECK: %[[POSITION:.+]] = arith.index_cast
// CHECK: %[[CODE:.+]] = arith.addi %c1_i32{{.*}}, %[[POSITION]] : i32
// CHECK: %[[CARRIED:.+]] = arith.select %[[WORD]], %[[CODE]], %[[LEXEME]] : i32
// CHECK: memref.store %[[CARRIED]]
// ENTRY-DAG: memref.global "public" constant @__circc_open_words : memref<2xi32> = dense<[3, 1]>
// ENTRY-DAG: memref.global "public" constant @__circc_info : memref<15xi32> = dense<[2, 0, 1, 4, 1, 0, 4, 8, 0, 0, 0, 0, 1, 1, 1]>
module {
  circuit.circuit @one tokens ["the", "dog", "and", "<open noun>"] outputs ["dog"] nonterminals ["s", "np"] max_output 1 param_count 0 {
    circuit.parser actions dense<[[4, 0, 5, 0], [0, 6, 0, 2147483647], [0, -1, 0, -1], [0, 0, 7, 0], [0, -4, 0, -4], [4, 0, 5, 0], [0, -3, 0, -3], [0, -2, 0, -2]]> : tensor<8x4xi32> gotos dense<[[1, 2], [-1, -1], [-1, -1], [-1, -1], [-1, -1], [-1, 7], [-1, -1], [-1, -1]]> : tensor<8x2xi32> columns [0, 2, 1, 2] lexemes [-1, 0, -1, -2] open_words [3, 1]
    circuit.rule 0 lhs 0 arity 1 children [0] -> !circuit.seq<1> {
    ^bb0(%arg0: !circuit.seq<1>):
      circuit.yield %arg0 : <1>
    }
    circuit.rule 1 lhs 0 arity 3 children [0, 2] -> !circuit.seq<1> {
    ^bb0(%arg0: !circuit.seq<1>, %arg1: !circuit.seq<1>):
      circuit.yield %arg1 : <1>
    }
    circuit.rule 2 lhs 1 arity 2 children [1] -> !circuit.seq<1> {
    ^bb0(%arg0: !circuit.seq<1>):
      circuit.yield %arg0 : <1>
    }
    circuit.rule 3 lhs 1 arity 1 children [0] -> !circuit.seq<1> {
    ^bb0(%arg0: !circuit.seq<1>):
      circuit.yield %arg0 : <1>
    }
  }
}

