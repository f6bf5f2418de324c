// RUN: circ-opt %s --split-input-file --grammar-derivation-output | FileCheck %s
// RUN: circ-opt %s --split-input-file --grammar-derivation-output=max-input=40 | FileCheck %s --check-prefix=BOUND
// RUN: not circ-opt %s --grammar-derivation-output=max-input=0 2>&1 | FileCheck %s --check-prefix=ZERO

// Every production gets a symbol, placed before the grammar's outputs (a
// class child still emits its word's), and outputs its symbol then its
// children; open and written templates alike; op tables go, and so does
// the output bound. A production's symbol names its index, its place in
// the file and its rule (quotes escaped as the printer writes them).
// CHECK-LABEL: grammar.grammar @skeleton start @cmd tokens ["walk", "twice", "left"] outputs ["@0 {{[0-9]+}}:5 cmd -> prim", "@1 {{[0-9]+}}:5 cmd -> prim \22twice\22", "@2 {{[0-9]+}}:5 prim -> \22walk\22", "@3 {{[0-9]+}}:5 prim -> dir", "W", "L"]
// CHECK-NOT: max_output
// CHECK-NOT: grammar.table
// CHECK:      grammar.production [@prim] {
// CHECK-NEXT:   grammar.emit "@0 [[#L0:]]:5 cmd -> prim"
// CHECK-NEXT:   grammar.child 1
// CHECK-NEXT: }
// CHECK:      grammar.production [@prim, "twice"] {
// CHECK-NEXT:   grammar.emit "@1 [[#L0+3]]:5 cmd -> prim \22twice\22"
// CHECK-NEXT:   grammar.child 1
// CHECK-NEXT: }
// CHECK:      grammar.production ["walk"] {
// CHECK-NEXT:   grammar.emit "@2 [[#L0+8]]:5 prim -> \22walk\22"
// CHECK-NEXT: }
// CHECK:      grammar.production [@dir] {
// CHECK-NEXT:   grammar.emit "@3 [[#L0+11]]:5 prim -> dir"
// CHECK-NEXT:   grammar.child 1
// CHECK-NEXT: }
// A grammar that is not recursive gets no input bound.
// BOUND-LABEL: grammar.grammar @skeleton start @cmd
// BOUND-NOT:   max_input
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

// -----

// A recursive grammar without an input bound: its derivations grow with the
// input, so it reads inputs of up to max-input tokens (256 by default).
// CHECK-LABEL: grammar.grammar @sum start @e
// CHECK-SAME:  max_input 256
// CHECK-NOT:   max_output
// BOUND-LABEL: grammar.grammar @sum start @e
// BOUND-SAME:  max_input 40
// ZERO: error: grammar-derivation-output: max-input must be 1 to 1073741824, not 0
grammar.grammar @sum start @e tokens ["1", "+"] outputs ["1"] {
  grammar.nonterminal @e {
    grammar.production ["1"] {
      grammar.emit "1"
    }
    grammar.production [@e, "+", "1"] {
      grammar.child 1
    }
  }
}

// -----

// A declared bound is kept.
// CHECK-LABEL: grammar.grammar @bounded start @e
// CHECK-SAME:  max_input 9
// BOUND-LABEL: grammar.grammar @bounded start @e
// BOUND-SAME:  max_input 9
grammar.grammar @bounded start @e tokens ["1", "+"] outputs ["1"] max_input 9 {
  grammar.nonterminal @e {
    grammar.production ["1"] {
      grammar.emit "1"
    }
    grammar.production [@e, "+", "1"] {
      grammar.emit "1"
      grammar.child 1
    }
  }
}
