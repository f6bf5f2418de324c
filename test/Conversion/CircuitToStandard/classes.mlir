// RUN: circ-opt %s --convert-circuit-to-standard=direct-automaton-states=0 | FileCheck %s --implicit-check-not=circuit.

// With token classes the automaton reads each token's action column from
// a table, and a shifted token's slot holds the symbol its class gives it
// (length 1) or nothing (a lexeme of -1).
// CHECK-DAG: memref.global "private" constant @__circc_columns : memref<4xi32> = dense<[1, 1, 1, 0]>
// CHECK-DAG: memref.global "private" constant @__circc_lexemes : memref<4xi32> = dense<[0, 1, 2, -1]>
// CHECK-LABEL: func.func private @__circc_run_one(
// CHECK: %[[COLUMNS:.+]] = memref.get_global @__circc_columns
// CHECK: scf.while
// CHECK: scf.if %{{.+}} -> (index, index)
// CHECK: %[[ID:.+]] = memref.load %arg0
// CHECK: %[[TOKEN:.+]] = arith.index_cast %[[ID]]
// CHECK: memref.load %[[COLUMNS]][%[[TOKEN]]]
// CHECK: %[[LEXEMES:.+]] = memref.get_global @__circc_lexemes
// CHECK: %[[LEXEME:.+]] = memref.load %[[LEXEMES]]
// CHECK: %[[CARRIES:.+]] = arith.cmpi ne, %[[LEXEME]], %c-1
// CHECK: arith.extui %[[CARRIES]] : i1 to i32
// CHECK: memref.store %[[LEXEME]]
module {
  circuit.circuit @classes tokens ["a", "b", "c", "r"] outputs ["A", "B", "C"] nonterminals ["s", "word"] max_input 4 max_output 4 {
    circuit.parser actions dense<[[4, 5, 0], [0, 0, 2147483647], [0, 0, -1], [0, 5, 0], [0, 5, -3], [0, 0, -2], [0, 0, -4]]> : tensor<7x3xi32> gotos dense<[[1, 2], [-1, -1], [-1, -1], [-1, 5], [-1, 6], [-1, -1], [-1, -1]]> : tensor<7x2xi32> columns [1, 1, 1, 0] lexemes [0, 1, 2, -1]
    circuit.rule 0 lhs 0 arity 1 children [0] -> !circuit.seq<4> {
    ^bb0(%arg0: !circuit.seq<4>):
      circuit.yield %arg0 : <4>
    }
    circuit.rule 1 lhs 0 arity 2 children [1] -> !circuit.seq<3> {
    ^bb0(%arg0: !circuit.seq<4>):
      %0 = circuit.reverse %arg0 : <4>
      circuit.yield %0 : <4>
    }
    circuit.rule 2 lhs 1 arity 1 children [0] -> !circuit.seq<1> {
    ^bb0(%arg0: !circuit.seq<1>):
      circuit.yield %arg0 : <1>
    }
    circuit.rule 3 lhs 1 arity 2 children [0, 1] -> !circuit.seq<4> {
    ^bb0(%arg0: !circuit.seq<1>, %arg1: !circuit.seq<4>):
      %0 = circuit.concat %arg0, %arg1 : (!circuit.seq<1>, !circuit.seq<4>) -> !circuit.seq<5>
      circuit.yield %0 : <5>
    }
  }
}

