// RUN: circ-opt %s --grammar-print-stats 2>&1 >/dev/null | FileCheck %s
// RUN: circ-opt %s --grammar-print-stats 2>/dev/null | circ-opt | FileCheck %s --check-prefix=IR

// Finite: cmd is "walk", "walk twice", "walk around left" and the same with
// "run": 6 derivations; "run around left" is the longest input (3 tokens) and
// emits 4 * 2 = 8 symbols.
// CHECK: grammar @tiny: 2 nonterminals, 5 productions, 5 tokens, 3 outputs, 1 learnable
// CHECK-NEXT: language: finite, 6 derivations, inputs <= 3 tokens, outputs <= 8 symbols
grammar.grammar @tiny start @cmd tokens ["walk", "run", "twice", "around", "left"]
    outputs ["I_WALK", "I_RUN", "I_TURN_LEFT"] {
  grammar.nonterminal @cmd {
    grammar.production [@prim] {
      grammar.child 1
    }
    grammar.production [@prim, "twice"] {
      grammar.repeat 2 {
        grammar.child 1
      }
    }
    grammar.production [@prim, "around", "left"] {
      grammar.repeat 4 {
        grammar.emit "I_TURN_LEFT"
        grammar.child 1
      }
    }
  }
  grammar.nonterminal @prim {
    grammar.production ["walk"] {
      grammar.emit "I_WALK"
    }
    grammar.production ["run"] {
      grammar.learned
    }
  }
}

// CHECK: grammar @nested: 1 nonterminals, 2 productions, 2 tokens, 1 outputs, 0 learnable
// CHECK-NEXT: language: recursive, inputs <= 12 tokens (declared)
grammar.grammar @nested start @list tokens ["x", ","] outputs ["X"]
    max_input 12 {
  grammar.nonterminal @list {
    grammar.production ["x"] {
      grammar.emit "X"
    }
    grammar.production [@list, ",", "x"] {
      grammar.child 1
      grammar.emit "X"
    }
  }
}

// The pass leaves the IR as it was.
// IR: grammar.grammar @tiny
// IR: grammar.grammar @nested
