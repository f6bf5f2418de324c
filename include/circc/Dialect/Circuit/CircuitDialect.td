//===- CircuitDialect.td - Circuit dialect definition ------*- tablegen -*-===//
//
// Part of circc. The circuit dialect: fixed, weight-shared circuits.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_DIALECT_CIRCUIT_CIRCUITDIALECT_TD
#define CIRCC_DIALECT_CIRCUIT_CIRCUITDIALECT_TD

include "mlir/IR/OpBase.td"

def Circuit_Dialect : Dialect {
  let name = "circuit";
  let cppNamespace = "::circc::circuit";
  let summary = "Fixed circuits with hard-shared parameter tables";
  let description = [{
    A circuit maps a sequence of input token ids to a sequence of output
    symbols with fixed storage: every shape is static and bounded by the
    circuit's `max_input` and `max_output`, and nothing is allocated while it
    runs.

    A circuit has two parts. The **structure** is parameter-free: a
    deterministic LR automaton (`circuit.parser`) reads the tokens and
    decides which rule fires and how long each child's output is. The
    **content** flows through the rules (`circuit.rule`): each rule is a
    dataflow graph over bounded sequences (`!circuit.seq<N>`) that gathers
    rows of parameter tables, places child sequences at offsets
    (`circuit.concat`), repeats them (`circuit.repeat`), and yields the
    rule's output. The only numbers that are not structure live in
    `circuit.param` tables referenced by symbol, so one table used at many
    places is one set of weights. At the circuit's output every position is
    decoded to the output symbol whose one-hot embedding has the largest dot
    product with the position's content vector (a decoder tied to the output
    embedding; ties go to the lowest symbol id).
  }];
  let useDefaultTypePrinterParser = 1;
}

#endif // CIRCC_DIALECT_CIRCUIT_CIRCUITDIALECT_TD
