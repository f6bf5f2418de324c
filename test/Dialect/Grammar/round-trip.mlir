// RUN: circ-opt %s | circ-opt | FileCheck %s

// CHECK-LABEL: grammar.grammar @tiny start @cmd
// CHECK-SAME: tokens ["walk", "twice", "around", "left"]
// CHECK-SAME: outputs ["I_WALK", "I_TURN_LEFT"]
// CHECK-NOT: max_input
grammar.grammar @tiny start @cmd tokens ["walk", "twice", "around", "left"]
    outputs ["I_WALK", "I_TURN_LEFT"] {
  // CHECK: grammar.nonterminal @cmd {
  grammar.nonterminal @cmd {
    // CHECK-NEXT: grammar.production [@prim] {
    // CHECK-NEXT:   grammar.child 1
    // CHECK-NEXT: }
    grammar.production [@prim] {
      grammar.child 1
    }
    // CHECK-NEXT: grammar.production [@prim, "twice"] {
    // CHECK-NEXT:   grammar.repeat 2 {
    // CHECK-NEXT:     grammar.child 1
    // CHECK-NEXT:   }
    // CHECK-NEXT: }
    grammar.production [@prim, "twice"] {
      grammar.repeat 2 {
        grammar.child 1
      }
    }
    // CHECK-NEXT: grammar.production [@prim, "around", "left"] {
    // CHECK-NEXT:   grammar.repeat 4 {
    // CHECK-NEXT:     grammar.emit "I_TURN_LEFT"
    // CHECK-NEXT:     grammar.child 1
    // CHECK-NEXT:   }
    // CHECK-NEXT: }
    grammar.production [@prim, "around", "left"] {
      grammar.repeat 4 {
        grammar.emit "I_TURN_LEFT"
        grammar.child 1
      }
    }
  }
  // CHECK: grammar.nonterminal @prim {
  // CHECK-NEXT: grammar.production ["walk"] {
  // CHECK-NEXT:   grammar.learned
  // CHECK-NEXT: }
  grammar.nonterminal @prim {
    grammar.production ["walk"] {
      grammar.learned
    }
  }
}

// A recursive grammar keeps its declared input bound.
// CHECK-LABEL: grammar.grammar @nested start @list
// CHECK-SAME: max_input 12 {
grammar.grammar @nested start @list tokens ["x", ","] outputs ["X"]
    max_input 12 {
  grammar.nonterminal @list {
    grammar.production ["x"] {
      grammar.emit "X"
    }
    // An empty template emits nothing.
    // CHECK: grammar.production [@list, ",", "x"] {
    // CHECK-NEXT: }
    grammar.production [@list, ",", "x"] {
    }
  }
}

// Op tables and their application.
// CHECK-LABEL: grammar.grammar @values start @e
// CHECK: grammar.table @add(2) = [0, 1, 1, 0]
// CHECK: grammar.table @mul(2) learnable
// CHECK: grammar.production [@e, "+", @d] {
// CHECK-NEXT:   grammar.apply @add {
// CHECK-NEXT:     grammar.child 1
// CHECK-NEXT:     grammar.apply @mul {
// CHECK-NEXT:       grammar.child 3
// CHECK-NEXT:       grammar.emit "1"
// CHECK-NEXT:     }
// CHECK-NEXT:   }
// CHECK-NEXT: }
grammar.grammar @values start @e tokens ["0", "1", "+"] outputs ["0", "1"] max_input 9 {
  grammar.table @add(2) = [0, 1, 1, 0]
  grammar.table @mul(2) learnable
  grammar.nonterminal @e {
    grammar.production [@d] {
      grammar.child 1
    }
    grammar.production [@e, "+", @d] {
      grammar.apply @add {
        grammar.child 1
        grammar.apply @mul {
          grammar.child 3
          grammar.emit "1"
        }
      }
    }
  }
  grammar.nonterminal @d {
    grammar.production ["0"] {
      grammar.emit "0"
    }
    grammar.production ["1"] {
      grammar.emit "1"
    }
  }
}

// Sequence functions: a reverse, an index, a slice from the end, nested.
// CHECK-LABEL: grammar.grammar @sequences
// CHECK:      grammar.production ["r", @s] {
// CHECK-NEXT:   grammar.reverse {
// CHECK-NEXT:     grammar.child 2
// CHECK-NEXT:   }
// CHECK-NEXT: }
// CHECK:      grammar.production ["w", @s] {
// CHECK-NEXT:   grammar.slice -1 {
// CHECK-NEXT:     grammar.child 2
// CHECK-NEXT:   }
// CHECK-NEXT:   grammar.slice 1 to -1 {
// CHECK-NEXT:     grammar.reverse {
// CHECK-NEXT:       grammar.child 2
// CHECK-NEXT:     }
// CHECK-NEXT:   }
// CHECK-NEXT:   grammar.slice 0 to 1 {
grammar.grammar @sequences start @s tokens ["a", "r", "w"] outputs ["A"] max_input 9 {
  grammar.nonterminal @s {
    grammar.production ["a"] {
      grammar.emit "A"
    }
    grammar.production ["r", @s] {
      grammar.reverse {
        grammar.child 2
      }
    }
    grammar.production ["w", @s] {
      grammar.slice -1 {
        grammar.child 2
      }
      grammar.slice 1 to -1 {
        grammar.reverse {
          grammar.child 2
        }
      }
      grammar.slice 0 to 1 {
        grammar.child 2
      }
    }
  }
}

// A token class, named on a right-hand side like a nonterminal.
// CHECK-LABEL: grammar.grammar @classes
// CHECK: grammar.class @verb tokens ["ate", "eaten"] outputs ["eat", "eat"]
// CHECK: grammar.production [@verb] {
grammar.grammar @classes start @s tokens ["ate", "eaten"] outputs ["eat"] {
  grammar.class @verb tokens ["ate", "eaten"] outputs ["eat", "eat"]
  grammar.nonterminal @s {
    grammar.production [@verb] {
      grammar.child 1
    }
  }
}

// An open class: also every word of its shape outside the vocabulary; it
// may list no tokens.
// CHECK-LABEL: grammar.grammar @open
// CHECK: grammar.class @noun open "lowercase" tokens ["cat"] outputs ["cat"]
// CHECK: grammar.class @name open "capitalized" tokens [] outputs []
grammar.grammar @open start @s tokens ["cat"] outputs ["cat"] {
  grammar.class @noun open "lowercase" tokens ["cat"] outputs ["cat"]
  grammar.class @name open "capitalized" tokens [] outputs []
  grammar.nonterminal @s {
    grammar.production [@noun] {
      grammar.child 1
    }
    grammar.production [@name] {
      grammar.child 1
    }
  }
}

// Open templates, with and without a bound.
// CHECK-LABEL: grammar.grammar @skeleton
// CHECK:      grammar.production [@p] {
// CHECK-NEXT:   grammar.hole{{$}}
// CHECK:      grammar.production [@p, "twice"] {
// CHECK-NEXT:   grammar.hole max_items 4
grammar.grammar @skeleton start @s tokens ["x", "twice"] outputs ["X"] {
  grammar.nonterminal @s {
    grammar.production [@p] {
      grammar.hole
    }
    grammar.production [@p, "twice"] {
      grammar.hole max_items 4
    }
  }
  grammar.nonterminal @p {
    grammar.production ["x"] {
      grammar.emit "X"
    }
  }
}

// Positions and streams.
// CHECK-LABEL: grammar.grammar @streams
// CHECK: grammar.child 1 stream "defs"
// CHECK-NEXT: grammar.position 2
// CHECK: grammar.stream "ref" {
// CHECK-NEXT: grammar.position 2
// CHECK-NEXT: }
// CHECK-NEXT: grammar.stream "defs" {
// CHECK-NEXT: grammar.emit "X"
// CHECK-NEXT: }
grammar.grammar @streams start @s tokens ["a", "n", "b"] outputs ["X", "0", "1", "2"] max_input 3 {
  grammar.nonterminal @s {
    grammar.production [@np, "b"] {
      grammar.child 1 stream "defs"
      grammar.position 2
    }
  }
  grammar.nonterminal @np {
    grammar.production ["a", "n"] {
      grammar.stream "ref" {
        grammar.position 2
      }
      grammar.stream "defs" {
        grammar.emit "X"
      }
    }
  }
}

// CHECK-LABEL: grammar.grammar @ops start @e
// CHECK: grammar.precedence left ["+", "-"]
// CHECK: grammar.precedence nonassoc ["<"]
// CHECK: grammar.precedence right ["neg"]
// CHECK: grammar.production ["-", @e] prec "neg" {
grammar.grammar @ops start @e tokens ["x", "+", "-", "<"] outputs ["X", "NEG"]
    max_input 9 {
  grammar.precedence left ["+", "-"]
  grammar.precedence nonassoc ["<"]
  grammar.precedence right ["neg"]
  grammar.nonterminal @e {
    grammar.production [@e, "+", @e] {
      grammar.child 1
      grammar.child 3
    }
    grammar.production [@e, "-", @e] {
      grammar.child 1
      grammar.child 3
    }
    grammar.production [@e, "<", @e] {
      grammar.child 1
      grammar.child 3
    }
    grammar.production ["-", @e] prec "neg" {
      grammar.child 2
      grammar.emit "NEG"
    }
    grammar.production ["x"] {
      grammar.emit "X"
    }
  }
}

// A repetition by a child's count: the class's outputs are the counts.
// CHECK-LABEL: grammar.grammar @robot start @block
// CHECK:      grammar.production ["repeat", @count, @move] {
// CHECK-NEXT:   grammar.repeat by 2 {
// CHECK-NEXT:     grammar.child 3
// CHECK-NEXT:   }
// CHECK-NEXT: }
grammar.grammar @robot start @block tokens ["repeat", "1", "2", "3", "forward"]
    outputs ["F", "1", "2", "3"] {
  grammar.class @count tokens ["1", "2", "3"] outputs ["1", "2", "3"]
  grammar.nonterminal @block {
    grammar.production ["repeat", @count, @move] {
      grammar.repeat by 2 {
        grammar.child 3
      }
    }
    grammar.production [@move] {
      grammar.child 1
    }
  }
  grammar.nonterminal @move {
    grammar.production ["forward"] {
      grammar.emit "F"
    }
  }
}
