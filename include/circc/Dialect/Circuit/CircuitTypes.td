//===- CircuitTypes.td - Circuit dialect types -------------*- tablegen -*-===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_DIALECT_CIRCUIT_CIRCUITTYPES_TD
#define CIRCC_DIALECT_CIRCUIT_CIRCUITTYPES_TD

include "circc/Dialect/Circuit/CircuitDialect.td"
include "mlir/IR/AttrTypeBase.td"

class Circuit_Type<string name, string typeMnemonic, list<Trait> traits = []>
    : TypeDef<Circuit_Dialect, name, traits> {
  let mnemonic = typeMnemonic;
}

def Circuit_SeqType : Circuit_Type<"Seq", "seq"> {
  let summary = "A sequence of at most N content vectors";
  let description = [{
    A value of type `!circuit.seq<N>` is a sequence of between 0 and `N`
    positions, each holding a content vector over the circuit's output
    symbols. `N` is the static bound the storage is sized for; the actual
    length is decided at run time by the structure.

    Example: `!circuit.seq<48>`
  }];
  let parameters = (ins "uint64_t":$maxLength);
  let assemblyFormat = "`<` $maxLength `>`";
}

#endif // CIRCC_DIALECT_CIRCUIT_CIRCUITTYPES_TD
