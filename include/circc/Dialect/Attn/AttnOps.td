//===- AttnOps.td - Attn dialect operations ----------------*- tablegen -*-===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_DIALECT_ATTN_ATTNOPS_TD
#define CIRCC_DIALECT_ATTN_ATTNOPS_TD

include "circc/Dialect/Attn/AttnDialect.td"
include "mlir/IR/OpBase.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

class Attn_Op<string mnemonic, list<Trait> traits = []>
    : Op<Attn_Dialect, mnemonic, !listconcat(traits, [Pure])>;

def Attn_Matrix : 2DTensorOf<[F32]>;
def Attn_Vector : 1DTensorOf<[F32]>;
def Attn_Ids : 1DTensorOf<[Index]>;

def Attn_EmbedOp : Attn_Op<"embed"> {
  let summary = "Token embedding, scaled, plus learned position embedding";
  let description = [{
    Row `i` of the result is `table[ids[i]] * scale + positions[i]`. The
    position table must have at least as many rows as there are ids, and
    both tables the result's width.

    ```mlir
    %x = attn.embed %ids, %table, %positions {scale = 5.65685415 : f32}
        : tensor<9xindex>, tensor<14x32xf32>, tensor<9x32xf32> -> tensor<9x32xf32>
    ```
  }];
  let arguments = (ins Attn_Ids:$ids, Attn_Matrix:$table,
                       Attn_Matrix:$positions, F32Attr:$scale);
  let results = (outs Attn_Matrix:$result);
  let assemblyFormat = [{
    $ids `,` $table `,` $positions attr-dict `:` type($ids) `,` type($table)
    `,` type($positions) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Attn_LayerNormOp : Attn_Op<"layer_norm", [AllTypesMatch<["input", "result"]>]> {
  let summary = "Layer normalisation of every row";
  let description = [{
    Each row is normalised to mean 0 and variance 1 (variance over the row,
    plus `epsilon`), then scaled by `gamma` and shifted by `beta`.
  }];
  let arguments = (ins Attn_Matrix:$input, Attn_Vector:$gamma,
                       Attn_Vector:$beta, F32Attr:$epsilon);
  let results = (outs Attn_Matrix:$result);
  let assemblyFormat = [{
    $input `,` $gamma `,` $beta attr-dict `:` type($input) `,` type($gamma)
    `,` type($beta)
  }];
  let hasVerifier = 1;
}

def Attn_LinearOp : Attn_Op<"linear"> {
  let summary = "Affine map of every row: x W^T + b, optionally rectified";
  let description = [{
    `weight` is stored as PyTorch stores it, `[out, in]`. With `relu`, the
    result is `max(0, x W^T + b)`.
  }];
  let arguments = (ins Attn_Matrix:$input, Attn_Matrix:$weight,
                       Attn_Vector:$bias, UnitAttr:$relu);
  let results = (outs Attn_Matrix:$result);
  let assemblyFormat = [{
    $input `,` $weight `,` $bias attr-dict `:` type($input) `,` type($weight)
    `,` type($bias) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Attn_AttentionOp : Attn_Op<"attention"> {
  let summary = "Scaled dot-product attention with contiguous heads";
  let description = [{
    Operands hold `heads` heads side by side: columns
    `[h * d, (h + 1) * d)` of `query`, `key` and `value` belong to head `h`,
    with `d = width / heads`. For each head, row `t` of the result is the
    softmax over the key rows `s` of `q_t . k_s / sqrt(d)` applied to the
    value rows; with `causal`, key rows after `t` are hidden. Heads that
    pruning removed are simply absent: `heads` counts the ones left.

    `importance`, when present, holds one score per head (the importer
    takes it from the weights file); `head_ids`, when present, names each
    head's index in the unpruned model (absent means `0 .. heads - 1`);
    `module`, when present, is the attention module's name in the trained
    model (e.g. `decoder.0.cross_attention`), by which heads can be named.
  }];
  let arguments = (ins Attn_Matrix:$query, Attn_Matrix:$key,
                       Attn_Matrix:$value,
                       ConfinedAttr<I64Attr, [IntMinValue<1>]>:$heads,
                       UnitAttr:$causal,
                       OptionalAttr<DenseF32ArrayAttr>:$importance,
                       OptionalAttr<DenseI64ArrayAttr>:$head_ids,
                       OptionalAttr<StrAttr>:$module);
  let results = (outs Attn_Matrix:$result);
  let assemblyFormat = [{
    $query `,` $key `,` $value attr-dict `:` type($query) `,` type($key)
    `,` type($value) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Attn_GreedyDecoderOp : Op<Attn_Dialect, "greedy_decoder", [
    Symbol, HasParent<"::mlir::ModuleOp">,
    DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "An encoder-decoder model run by greedy decoding";
  let description = [{
    Names the two functions of an encoder-decoder Transformer and how a
    command is run through them:

    - `encoder`, `(tensor<?xindex>) -> tensor<?xDxf32>`, maps the source
      token ids to the memory;
    - `decoder`, `(tensor<?xindex>, tensor<?xDxf32>) -> tensor<?xVxf32>`,
      maps target ids and the memory to one row of logits per target
      position, each depending only on the targets up to its own position.

    Greedy decoding feeds `bos`, then at every step the id of the largest
    logit (the lowest id on ties), until `eos` or until `max_target - 1`
    ids have been produced; `eos` is not part of the output. A command has
    at most `max_source` tokens. `source_tokens` spells the source ids
    `0 .. N-1` (the embedding may have more rows, e.g. padding);
    `target_tokens` spells every target id, `V` of them.

    Lowerings decode with a key/value cache: each step computes one row of
    the decoder, and the keys and values of the memory once per command.

    ```mlir
    attn.greedy_decoder @scan encoder @encode decoder @decode {
        source_tokens = ["walk", "jump"], target_tokens = ["I_WALK", "I_JUMP",
        "<bos>", "<eos>"], bos = 2 : i64, eos = 3 : i64, max_source = 9 : i64,
        max_target = 50 : i64}
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name,
                       FlatSymbolRefAttr:$encoder,
                       FlatSymbolRefAttr:$decoder,
                       StrArrayAttr:$source_tokens,
                       StrArrayAttr:$target_tokens,
                       I64Attr:$bos, I64Attr:$eos,
                       ConfinedAttr<I64Attr, [IntMinValue<1>]>:$max_source,
                       ConfinedAttr<I64Attr, [IntMinValue<2>]>:$max_target);
  let assemblyFormat = [{
    $sym_name `encoder` $encoder `decoder` $decoder attr-dict
  }];
  let hasVerifier = 1;
}

#endif // CIRCC_DIALECT_ATTN_ATTNOPS_TD
