//===- TransformerImporter.cpp - Import a Transformer into attn -----------===//
//
// Part of circc. Reads config.json and weights.safetensors (no Python at
// compile time), checks every tensor against the configuration, and builds
// the encoder and decoder as attn ops over constant weights.
//
//===----------------------------------------------------------------------===//

#include "circc/Import/TransformerImporter.h"

#include "circc/Dialect/Attn/AttnOps.h"
#include "circc/safetensors.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <cmath>
#include <cstring>

using namespace mlir;
using namespace circc;

namespace {

struct Tensor {
  std::string dtype;
  SmallVector<int64_t> shape;
  const unsigned char *data = nullptr;
  uint64_t bytes = 0;
  bool used = false;
};

std::string shapeString(ArrayRef<int64_t> shape) {
  std::string s = "[";
  for (auto [i, d] : llvm::enumerate(shape))
    s += (i ? ", " : "") + std::to_string(d);
  return s + "]";
}

/// The hyperparameters the importer needs from config.json.
struct Config {
  int64_t dModel, heads, ff, encLayers, decLayers, srcVocab, tgtVocab,
      maxSrc, maxTgt, bos, eos, tgtPad;
  std::string name;
  /// Spellings of the source ids 0..N-1 and the target ids 0..M-1; the
  /// remaining target ids are special (bos, eos, padding).
  std::vector<std::string> srcWords, tgtWords;
};

class Importer {
public:
  Importer(MLIRContext &context, StringRef directory)
      : context(context), builder(&context),
        configPath(join(directory, "config.json")),
        weightsPath(join(directory, "weights.safetensors")),
        loc(FileLineColLoc::get(&context, weightsPath, 1, 1)) {}
  ~Importer() {
    if (opened)
      st_close(&file);
  }
  Importer(const Importer &) = delete;
  Importer &operator=(const Importer &) = delete;

  OwningOpRef<ModuleOp> run(std::string &error);

private:
  static std::string join(StringRef dir, StringRef file) {
    SmallString<256> path(dir);
    llvm::sys::path::append(path, file);
    return std::string(path);
  }
  bool fail(const Twine &message) {
    error = message.str();
    return false;
  }
  bool readConfig();
  bool readWeights();
  bool expect(StringRef name, ArrayRef<int64_t> shape);
  bool checkAll();
  Value weight(StringRef name);
  Value linear(const Twine &name, Value x, int64_t out, bool relu = false);
  Value norm(const Twine &name, Value x);
  Value attention(const Twine &name, Value query, Value memory, bool causal);
  Value feedForward(const Twine &name, Value x);
  Value add(Value a, Value b) { return arith::AddFOp::create(builder, loc, a, b); }
  RankedTensorType rows(int64_t width) {
    return RankedTensorType::get({ShapedType::kDynamic, width},
                                 builder.getF32Type());
  }
  /// A new function taking target or source ids (and `extraInputs`),
  /// with the builder at its entry.
  func::FuncOp startFunction(ModuleOp module, StringRef name,
                             ArrayRef<Type> extraInputs, Type result);
  /// `<prefix>_embed` scaled by sqrt(d_model) plus `<prefix>_pos`.
  Value embed(Value ids, StringRef prefix);
  void buildEncoder(ModuleOp module);
  void buildDecoder(ModuleOp module);
  void buildGreedyDecoder(ModuleOp module);

  MLIRContext &context;
  OpBuilder builder;
  std::string configPath, weightsPath;
  Location loc;
  std::string error;
  Config config{};
  /// The weights file, held until the import ends.
  st_file file = {};
  bool opened = false;
  llvm::StringMap<Tensor> tensors;
};

bool Importer::readConfig() {
  auto buffer = llvm::MemoryBuffer::getFile(configPath);
  if (!buffer)
    return fail(configPath + ": " + buffer.getError().message());
  auto json = llvm::json::parse((*buffer)->getBuffer());
  if (!json)
    return fail(configPath + ": not valid JSON: " +
                llvm::toString(json.takeError()));
  const llvm::json::Object *object = json->getAsObject();
  if (!object)
    return fail(configPath + ": expected a JSON object");
  // A field circc does not implement would be compiled as if absent, into
  // a different model: refuse it (docs/Models.md lists the schema).
  static constexpr llvm::StringLiteral kArchitecture[] = {
      "d_model", "heads",   "ff",      "enc_layers", "dec_layers",
      "src_vocab", "src_pad", "tgt_vocab", "bos",     "eos",
      "tgt_pad", "max_src", "max_tgt", "src_words", "tgt_words",
      "norm",    "activation"};
  // What training and pruning record about a model, which does not change it.
  static constexpr llvm::StringLiteral kRecords[] = {
      "name",           "seed",          "parameters",   "device",
      "training_seconds", "steps",       "test_accuracy", "pruned_from",
      "prune_target",   "prune_rounds",  "finetune_steps", "prune_seconds"};
  std::vector<std::string> keys;
  for (const auto &entry : *object)
    keys.push_back(entry.first.str());
  llvm::sort(keys);
  for (const std::string &key : keys)
    if (!llvm::is_contained(kArchitecture, key) &&
        !llvm::is_contained(kRecords, key))
      return fail(configPath + ": unknown field '" + key +
                  "'; circc implements the architecture docs/Models.md "
                  "describes, and a field it does not know could change the "
                  "model");
  struct Choice {
    const char *field, *supported, *meaning;
  } choices[] = {{"norm", "pre", "layer norm before each sublayer"},
                 {"activation", "relu", "ReLU in the feed-forward layers"}};
  for (const Choice &choice : choices) {
    const llvm::json::Value *value = object->get(choice.field);
    if (!value)
      continue;
    std::optional<StringRef> text = value->getAsString();
    if (!text || *text != choice.supported)
      return fail(configPath + ": field '" + choice.field + "' is " +
                  (text ? "'" + text->str() + "'" : std::string("not a string")) +
                  "; circc implements only '" + choice.supported + "' (" +
                  choice.meaning + ")");
  }
  struct Field {
    const char *name;
    int64_t *value;
  } fields[] = {{"d_model", &config.dModel},   {"heads", &config.heads},
                {"ff", &config.ff},             {"enc_layers", &config.encLayers},
                {"dec_layers", &config.decLayers}, {"src_vocab", &config.srcVocab},
                {"tgt_vocab", &config.tgtVocab}, {"max_src", &config.maxSrc},
                {"max_tgt", &config.maxTgt},   {"bos", &config.bos},
                {"eos", &config.eos},           {"tgt_pad", &config.tgtPad}};
  for (Field &field : fields) {
    std::optional<int64_t> value = object->getInteger(field.name);
    if (!value || *value < 0 || *value > (1 << 20))
      return fail(configPath + ": field '" + field.name +
                  "' is missing or not an integer in [0, 2^20]");
    *field.value = *value;
  }
  if (config.heads == 0 || config.dModel == 0 || config.dModel % config.heads)
    return fail(configPath + ": d_model " + Twine(config.dModel) +
                " is not a positive multiple of heads " + Twine(config.heads));
  auto words = [&](StringRef field, int64_t vocabulary,
                   std::vector<std::string> &out) {
    const llvm::json::Array *array = object->getArray(field);
    if (!array)
      return fail(configPath + ": field '" + field +
                  "' is missing or not an array of strings");
    for (const llvm::json::Value &word : *array) {
      std::optional<StringRef> text = word.getAsString();
      if (!text || text->empty())
        return fail(configPath + ": field '" + field +
                    "' holds something other than a non-empty string");
      if (llvm::is_contained(out, text->str()))
        return fail(configPath + ": field '" + field + "' lists '" + *text +
                    "' twice");
      out.push_back(text->str());
    }
    if (int64_t(out.size()) > vocabulary)
      return fail(configPath + ": field '" + field + "' has " +
                  Twine(out.size()) + " words for a vocabulary of " +
                  Twine(vocabulary));
    return true;
  };
  if (!words("src_words", config.srcVocab, config.srcWords) ||
      !words("tgt_words", config.tgtVocab, config.tgtWords))
    return false;
  for (int64_t id : {config.bos, config.eos, config.tgtPad})
    if (id < int64_t(config.tgtWords.size()) || id >= config.tgtVocab)
      return fail(configPath + ": special target id " + Twine(id) +
                  " is not in [" + Twine(config.tgtWords.size()) + ", " +
                  Twine(config.tgtVocab) + ")");
  if (config.maxSrc < 1 || config.maxTgt < 2)
    return fail(configPath + ": max_src must be at least 1 and max_tgt at "
                             "least 2");
  config.name = object->getString("name").value_or("model").str();
  return true;
}

bool Importer::readWeights() {
  st_error error;
  if (st_read(weightsPath.c_str(), &file, &error) != 0) {
    std::string tensor = std::string("tensor '") + error.tensor + "'";
    switch (error.kind) {
    case ST_CANNOT_OPEN:
    case ST_CANNOT_READ:
      return fail(weightsPath + ": " + std::strerror(error.os_error));
    case ST_TOO_SHORT:
      return fail(weightsPath + ": too short for a safetensors header");
    case ST_HEADER_TOO_LONG:
      if (error.header_length > error.file_size - 8)
        return fail(weightsPath + ": header length " +
                    Twine(error.header_length) +
                    " runs past the end of the file (" +
                    Twine(error.file_size) + " bytes)");
      return fail(weightsPath + ": header length " +
                  Twine(error.header_length) + " exceeds 100 MiB");
    case ST_DATA_PAST_END:
      return fail(weightsPath + ": " + tensor +
                  ": data_offsets lie outside the file's " +
                  Twine(error.data_size) + " data bytes");
    case ST_OUT_OF_MEMORY:
      return fail(weightsPath + ": out of memory");
    default:
      return fail(weightsPath + ": " +
                  (error.tensor[0] ? tensor + ": " : std::string()) +
                  "header: " + (error.what ? error.what : "malformed"));
    }
  }
  opened = true;
  for (const st_tensor &entry : ArrayRef<st_tensor>(file.tensors, file.count)) {
    std::string where = weightsPath + ": tensor '" + entry.name + "'";
    Tensor tensor;
    tensor.dtype = entry.dtype;
    tensor.data = st_data(&file, &entry);
    uint64_t count = 1;
    for (int64_t extent : ArrayRef<int64_t>(entry.shape, entry.rank)) {
      if (extent < 0 || extent > (int64_t(1) << 32))
        return fail(where + ": shape holds a bad extent");
      tensor.shape.push_back(extent);
      count *= extent;
    }
    tensor.bytes = entry.end - entry.begin;
    if (tensor.dtype == "F32" && tensor.bytes != 4 * count)
      return fail(where + ": " + Twine(tensor.bytes) +
                  " bytes do not hold shape " + shapeString(tensor.shape));
    tensors[entry.name] = std::move(tensor);
  }
  return true;
}

bool Importer::expect(StringRef name, ArrayRef<int64_t> shape) {
  auto it = tensors.find(name);
  if (it == tensors.end())
    return fail(weightsPath + ": tensor '" + name + "' is missing");
  Tensor &tensor = it->second;
  if (tensor.dtype != "F32")
    return fail(weightsPath + ": tensor '" + name + "' has dtype " +
                tensor.dtype + ", expected F32");
  if (ArrayRef<int64_t>(tensor.shape) != shape)
    return fail(weightsPath + ": tensor '" + name + "' has shape " +
                shapeString(tensor.shape) + ", expected " + shapeString(shape));
  tensor.used = true;
  return true;
}

bool Importer::checkAll() {
  const Config &c = config;
  auto linearShapes = [&](const std::string &name, int64_t out, int64_t in) {
    return expect(name + ".weight", {out, in}) && expect(name + ".bias", {out});
  };
  auto normShapes = [&](const std::string &name) {
    return expect(name + ".weight", {c.dModel}) &&
           expect(name + ".bias", {c.dModel});
  };
  auto attentionShapes = [&](const std::string &name) {
    for (const char *proj : {".q", ".k", ".v", ".o"})
      if (!linearShapes(name + proj, c.dModel, c.dModel))
        return false;
    // Head importance is optional; when present it has one score per head.
    if (tensors.count(name + ".importance"))
      return expect(name + ".importance", {c.heads});
    return true;
  };
  auto ffnShapes = [&](const std::string &name) {
    return linearShapes(name + ".up", c.ff, c.dModel) &&
           linearShapes(name + ".down", c.dModel, c.ff);
  };
  if (!expect("src_embed.weight", {c.srcVocab, c.dModel}) ||
      !expect("tgt_embed.weight", {c.tgtVocab, c.dModel}) ||
      !expect("src_pos.weight", {c.maxSrc, c.dModel}) ||
      !expect("tgt_pos.weight", {c.maxTgt, c.dModel}))
    return false;
  for (int64_t l = 0; l < c.encLayers; ++l) {
    std::string p = "encoder." + std::to_string(l) + ".";
    if (!normShapes(p + "norm1") || !attentionShapes(p + "self_attention") ||
        !normShapes(p + "norm2") || !ffnShapes(p + "ffn"))
      return false;
  }
  for (int64_t l = 0; l < c.decLayers; ++l) {
    std::string p = "decoder." + std::to_string(l) + ".";
    if (!normShapes(p + "norm1") || !attentionShapes(p + "self_attention") ||
        !normShapes(p + "norm2") || !attentionShapes(p + "cross_attention") ||
        !normShapes(p + "norm3") || !ffnShapes(p + "ffn"))
      return false;
  }
  if (!normShapes("encoder_norm") || !normShapes("decoder_norm") ||
      !linearShapes("out", c.tgtVocab, c.dModel))
    return false;
  for (const auto &entry : tensors)
    if (!entry.second.used)
      return fail(weightsPath + ": unexpected tensor '" + entry.first() +
                  "' (not part of a model with this config.json)");
  return true;
}

Value Importer::weight(StringRef name) {
  const Tensor &tensor = tensors.find(name)->second;
  size_t count = tensor.bytes / 4;
  std::vector<float> values(count);
  std::memcpy(values.data(), tensor.data, count * 4);
  auto type = RankedTensorType::get(tensor.shape, builder.getF32Type());
  auto attr = DenseElementsAttr::get(type, ArrayRef<float>(values));
  return arith::ConstantOp::create(builder, NameLoc::get(
      builder.getStringAttr(name), loc), type, attr);
}

Value Importer::linear(const Twine &name, Value x, int64_t out, bool relu) {
  std::string n = name.str();
  auto op = attn::LinearOp::create(builder, loc, rows(out), x,
                                   weight(n + ".weight"), weight(n + ".bias"));
  if (relu)
    op.setRelu(true);
  return op;
}

Value Importer::norm(const Twine &name, Value x) {
  std::string n = name.str();
  return attn::LayerNormOp::create(builder, loc, x.getType(),
                                   x, weight(n + ".weight"),
                                   weight(n + ".bias"),
                                   builder.getF32FloatAttr(1e-5f));
}

Value Importer::attention(const Twine &name, Value query, Value memory,
                          bool causal) {
  std::string n = name.str();
  int64_t d = config.dModel;
  Value q = linear(n + ".q", query, d);
  Value k = linear(n + ".k", memory, d);
  Value v = linear(n + ".v", memory, d);
  auto op = attn::AttentionOp::create(builder, loc, rows(d), q, k, v,
                                      builder.getI64IntegerAttr(config.heads),
                                      causal ? builder.getUnitAttr() : nullptr,
                                      nullptr, nullptr,
                                      builder.getStringAttr(n));
  auto importance = tensors.find(n + ".importance");
  if (importance != tensors.end()) {
    SmallVector<float> scores(config.heads);
    std::memcpy(scores.data(), importance->second.data,
                scores.size() * sizeof(float));
    op.setImportance(scores);
  }
  return linear(n + ".o", op, d);
}

Value Importer::feedForward(const Twine &name, Value x) {
  std::string n = name.str();
  return linear(n + ".down", linear(n + ".up", x, config.ff, /*relu=*/true),
                config.dModel);
}

func::FuncOp Importer::startFunction(ModuleOp module, StringRef name,
                                     ArrayRef<Type> extraInputs,
                                     Type result) {
  auto ids = RankedTensorType::get({ShapedType::kDynamic}, builder.getIndexType());
  SmallVector<Type> inputs{ids};
  inputs.append(extraInputs.begin(), extraInputs.end());
  builder.setInsertionPointToEnd(module.getBody());
  auto func = func::FuncOp::create(builder, loc, name,
                                   builder.getFunctionType(inputs, {result}));
  builder.setInsertionPointToStart(func.addEntryBlock());
  return func;
}

Value Importer::embed(Value ids, StringRef prefix) {
  int64_t d = config.dModel;
  return attn::EmbedOp::create(builder, loc, rows(d), ids,
                               weight((prefix + "_embed.weight").str()),
                               weight((prefix + "_pos.weight").str()),
                               builder.getF32FloatAttr(std::sqrt(float(d))));
}

void Importer::buildEncoder(ModuleOp module) {
  auto func = startFunction(module, "encode", {}, rows(config.dModel));
  Value x = embed(func.getArgument(0), "src");
  for (int64_t l = 0; l < config.encLayers; ++l) {
    std::string p = "encoder." + std::to_string(l) + ".";
    Value h = norm(p + "norm1", x);
    x = add(x, attention(p + "self_attention", h, h, /*causal=*/false));
    x = add(x, feedForward(p + "ffn", norm(p + "norm2", x)));
  }
  func::ReturnOp::create(builder, loc, norm("encoder_norm", x));
}

void Importer::buildDecoder(ModuleOp module) {
  auto func = startFunction(module, "decode", {rows(config.dModel)},
                            rows(config.tgtVocab));
  Value memory = func.getArgument(1);
  Value y = embed(func.getArgument(0), "tgt");
  for (int64_t l = 0; l < config.decLayers; ++l) {
    std::string p = "decoder." + std::to_string(l) + ".";
    Value h = norm(p + "norm1", y);
    y = add(y, attention(p + "self_attention", h, h, /*causal=*/true));
    y = add(y, attention(p + "cross_attention", norm(p + "norm2", y), memory,
                         /*causal=*/false));
    y = add(y, feedForward(p + "ffn", norm(p + "norm3", y)));
  }
  func::ReturnOp::create(
      builder, loc,
      linear("out", norm("decoder_norm", y), config.tgtVocab));
}

void Importer::buildGreedyDecoder(ModuleOp module) {
  SmallVector<StringRef> source(config.srcWords.begin(), config.srcWords.end());
  std::vector<std::string> target = config.tgtWords;
  for (int64_t id = target.size(); id < config.tgtVocab; ++id)
    target.push_back(id == config.bos     ? "<bos>"
                     : id == config.eos   ? "<eos>"
                     : id == config.tgtPad ? "<pad>"
                                           : "<special" + std::to_string(id) + ">");
  SmallVector<StringRef> targetRefs(target.begin(), target.end());
  builder.setInsertionPointToEnd(module.getBody());
  attn::GreedyDecoderOp::create(
      builder, loc, config.name, "encode", "decode",
      builder.getStrArrayAttr(source), builder.getStrArrayAttr(targetRefs),
      config.bos, config.eos, config.maxSrc, config.maxTgt);
}

OwningOpRef<ModuleOp> Importer::run(std::string &message) {
  if (!readConfig() || !readWeights() || !checkAll()) {
    message = error;
    return nullptr;
  }
  context.loadDialect<attn::AttnDialect, arith::ArithDialect,
                      func::FuncDialect>();
  OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
  buildEncoder(*module);
  buildDecoder(*module);
  buildGreedyDecoder(*module);
  // Whatever config.json says that the checks above let through and the
  // model's ops refuse (the same id for bos and eos, say) is the config's
  // error, not a module that does not verify.
  std::string problem;
  {
    ScopedDiagnosticHandler capture(&context, [&](Diagnostic &diagnostic) {
      if (problem.empty() && diagnostic.getSeverity() == DiagnosticSeverity::Error)
        problem = diagnostic.str();
      return success();
    });
    if (failed(verify(*module))) {
      message = configPath + ": not a model circc can import: " +
                (problem.empty()
                     ? std::string("the imported module does not verify")
                     : problem);
      return nullptr;
    }
  }
  return module;
}

} // namespace

OwningOpRef<ModuleOp> circc::importTransformer(MLIRContext &context,
                                               StringRef directory,
                                               std::string &error) {
  return Importer(context, directory).run(error);
}
