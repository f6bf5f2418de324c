// RUN: circ-opt %s --grammar-derivation-output | FileCheck %s

// Every production gets a symbol, placed before the grammar's outputs (a
// class child still emits its word's), and outputs its symbol then its
// children; open and written templates alike; op tables go, and so does
// the output bound.
// CHECK-LABEL: grammar.grammar @skeleton start @cmd tokens ["walk", "twice", "left"] outputs ["@0", "@1", "@2", "@3", "W", "L"]
// CHECK-NOT: max_output
// CHECK-NOT: grammar.table
// CHECK:      grammar.production [@prim] {
// CHECK-NEXT:   grammar.emit "@0"
// CHECK-NEXT:   grammar.child 1
// CHECK-NEXT: }
// CHECK:      grammar.production [@prim, "twice"] {
// CHECK-NEXT:   grammar.emit "@1"
// CHECK-NEXT:   grammar.child 1
// CHECK-NEXT: }
// CHECK:      grammar.production ["walk"] {
// CHECK-NEXT:   grammar.emit "@2"
// CHECK-NEXT: }
// CHECK:      grammar.production [@dir] {
// CHECK-NEXT:   grammar.emit "@3"
// CHECK-NEXT:   grammar.child 1
// CHECK-NEXT: }
grammar.grammar @skeleton start @cmd tokens ["walk", "twice", "left"] outputs ["W", "L"] max_output 9 {
  grammar.class @dir tokens ["left"] outputs ["L"]
  grammar.table @same(1) = [0, 1]
  grammar.nonterminal @cmd {
    grammar.production [@prim] {
      grammar.hole
    }
    grammar.production [@prim, "twice"] {
      grammar.hole max_items 4
    }
  }
  grammar.nonterminal @prim {
    grammar.production ["walk"] {
      grammar.emit "W"
    }
    grammar.production [@dir] {
      grammar.apply @same {
        grammar.child 1
      }
    }
  }
}
