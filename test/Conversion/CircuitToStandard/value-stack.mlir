// RUN: circ-opt %s --convert-circuit-to-standard | FileCheck %s --implicit-check-not=circuit.
// RUN: circ-opt %s --convert-circuit-to-standard=direct-automaton-states=0 | FileCheck %s --check-prefix=TABLES --implicit-check-not=circuit.

// Every rule outputs one symbol (a constant, or a table applied to its
// children's): the automaton's stack holds one content code per slot, next
// to the states, and no scratch buffer, offsets or lengths; a reduce reads
// its children's codes and applies the table. Made by circc from
//   tokens a b "+" "(" ")"; outputs 0 1; max input 9;
//   table add(x, y) = (x + y) mod 2;
//   e = "a" { 0 } | "b" { 1 } | "(" e "+" e ")" { add($2, $4) };
// CHECK-LABEL: func.func private @__circc_run_one(
// CHECK-SAME: count_only
// CHECK: memref.alloca() : memref<11xi32>
// CHECK: memref.alloca() : memref<11xi32>
// CHECK-NOT: memref.alloca
// CHECK: memref.get_global @__circc_table_add : memref<4xi8>
// CHECK: return
// TABLES-LABEL: func.func private @__circc_run_one(
// TABLES: memref.alloca() : memref<11xi32>
// TABLES: memref.alloca() : memref<11xi32>
// TABLES-NOT: memref.alloca
// TABLES: scf.while
module {
  circuit.circuit @v tokens ["a", "b", "+", "(", ")"] outputs ["0", "1"] nonterminals ["e"] max_input 9 max_output 1 stack_output 9 param_count 12 {
    circuit.param @add frozen = dense<[[1.000000e+00, 0.000000e+00], [0.000000e+00, 1.000000e+00], [0.000000e+00, 1.000000e+00], [1.000000e+00, 0.000000e+00]]> : tensor<4x2xf32>
    circuit.parser actions dense<"0x0300000004000000000000000500000000000000000000000000000000000000000000000000000000000000FFFFFF7F0000000000000000000000000000000000000000FFFFFFFF0000000000000000000000000000000000000000FEFFFFFF07000000080000000000000009000000000000000000000000000000000000000A0000000000000000000000000000000000000000000000FFFFFFFF0000000000000000000000000000000000000000FEFFFFFF0000000000000000000000000700000008000000000000000900000000000000000000000D0000000E000000000000000F000000000000000000000000000000000000001000000000000000000000000000000000000000000000000000000000000000110000000000000000000000000000000000000000000000FFFFFFFF0000000000000000000000000000000000000000FEFFFFFF000000000700000008000000000000000900000000000000000000000D0000000E000000000000000F00000000000000000000000000000000000000000000000000000000000000FDFFFFFF0000000000000000140000000000000000000000000000000000000000000000000000000000000015000000000000000D0000000E000000000000000F00000000000000000000000000000000000000FDFFFFFF00000000000000000000000000000000000000000000000000000000170000000000000000000000000000000000000000000000FDFFFFFF00000000"> : tensor<23x6xi32> gotos dense<[[1], [-1], [-1], [-1], [5], [-1], [-1], [-1], [10], [11], [-1], [-1], [-1], [-1], [17], [18], [-1], [-1], [-1], [21], [-1], [-1], [-1]]> : tensor<23x1xi32>
    circuit.rule 0 lhs 0 arity 1 token 0 -> !circuit.seq<1> {
      %0 = circuit.constant 0 : <1>
      circuit.yield %0 : <1>
    }
    circuit.rule 1 lhs 0 arity 1 token 1 -> !circuit.seq<1> {
      %0 = circuit.constant 1 : <1>
      circuit.yield %0 : <1>
    }
    circuit.rule 2 lhs 0 arity 5 children [1, 3] -> !circuit.seq<1> {
    ^bb0(%arg0: !circuit.seq<1>, %arg1: !circuit.seq<1>):
      %0 = circuit.apply @add(%arg0, %arg1) : (!circuit.seq<1>, !circuit.seq<1>) -> !circuit.seq<1>
      circuit.yield %0 : <1>
    }
  }
}

