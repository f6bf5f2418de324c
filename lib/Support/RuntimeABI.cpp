//===- RuntimeABI.cpp - The runtime contract, on the compiler's side -----===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#include "circc/Support/RuntimeABI.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinAttributes.h"

#include <array>

using namespace mlir;
using namespace circc;

MemRefType abi::memrefOf(Type element, ArrayRef<int64_t> shape,
                         bool dynamicOffset) {
  if (!dynamicOffset)
    return MemRefType::get(shape, element);
  // Row-major strides, offset unknown.
  SmallVector<int64_t> strides(shape.size(), 1);
  for (int64_t i = int64_t(shape.size()) - 2; i >= 0; --i)
    strides[i] = strides[i + 1] * shape[i + 1];
  return MemRefType::get(
      shape, element,
      StridedLayoutAttr::get(element.getContext(), ShapedType::kDynamic,
                             strides));
}

FunctionType circc::runEntryType(Builder &b, int64_t maxInput,
                                 int64_t maxOutput, int64_t learnedRows) {
  return abi::EntryPoint<circc_run_fn>::type(
      b, {{maxInput ? maxInput : kRunTimeExtent},
          {maxOutput},
          {1},
          {std::max<int64_t>(1, learnedRows)},
          {1}});
}

FunctionType circc::runOneType(Builder &b, int64_t maxInput, int64_t maxOutput,
                               int64_t learnedRows) {
  FunctionType run = abi::EntryPoint<circc_run_fn>::type(
      b,
      {{maxInput ? maxInput : kRunTimeExtent},
       {maxOutput},
       {1},
       {std::max<int64_t>(1, learnedRows)},
       {kRunTimeExtent}},
      /*dynamicOffsets=*/true);
  // The workspace and its words come last, and only with any input length.
  SmallVector<Type> inputs(run.getInputs().drop_back(2));
  inputs.push_back(b.getI1Type()); // decode
  if (maxInput == 0)
    llvm::append_range(inputs, run.getInputs().take_back(2));
  return b.getFunctionType(inputs, run.getResults());
}

FunctionType circc::logitsOneType(Builder &b, int64_t maxInput,
                                  int64_t maxOutput, int64_t vocabulary) {
  return abi::EntryPoint<circc_logits_fn>::type(
      b, {{maxInput}, {maxOutput}, {1}, {maxOutput, vocabulary}},
      /*dynamicOffsets=*/true);
}

FailureOr<PerCommandFunction> circc::findPerCommandFunction(ModuleOp module) {
  auto runOne = module.lookupSymbol<func::FuncOp>(kRunOneName);
  auto logitsOne = module.lookupSymbol<func::FuncOp>(kLogitsOneName);
  if (runOne && logitsOne)
    return module.emitError()
           << "holds both a circuit and a model; a library holds one";
  return PerCommandFunction{runOne ? runOne : logitsOne, bool(logitsOne)};
}

memref::GlobalOp circc::createTableGlobal(ImplicitLocOpBuilder &b,
                                          StringRef name,
                                          DenseIntElementsAttr table) {
  auto type = cast<ShapedType>(table.getType());
  return memref::GlobalOp::create(
      b, name, b.getStringAttr("private"),
      MemRefType::get(type.getShape(), type.getElementType()), table,
      /*constant=*/true, IntegerAttr());
}

//===----------------------------------------------------------------------===//
// Metadata
//===----------------------------------------------------------------------===//

DictionaryAttr RuntimeMetadata::toAttribute(Builder &b) const {
  auto strings = [&](ArrayRef<StringRef> values) {
    SmallVector<Attribute> attrs;
    for (StringRef v : values)
      attrs.push_back(b.getStringAttr(v));
    return b.getArrayAttr(attrs);
  };
  NamedAttrList fields;
  fields.append("name", b.getStringAttr(name));
  fields.append("tokens", strings(tokens));
  fields.append("outputs", strings(outputs));
  fields.append("max_input", b.getI64IntegerAttr(maxInput));
  fields.append("max_output", b.getI64IntegerAttr(maxOutput));
  fields.append("param_count", b.getI64IntegerAttr(paramCount));
  fields.append("num_rules", b.getI64IntegerAttr(numRules));
  fields.append("num_states", b.getI64IntegerAttr(numStates));
  fields.append("runtime_rows", b.getI64IntegerAttr(runtimeRows));
  if (batchTile) {
    fields.append("batch_tile", b.getI64IntegerAttr(batchTile));
    fields.append("workspace_kb", b.getI64IntegerAttr(workspaceKB));
  }
  if (countOnly)
    fields.append("count_only", b.getUnitAttr());
  if (grows)
    fields.append("grows", b.getUnitAttr());
  if (!openWords.empty())
    fields.append("open_words", b.getDenseI32ArrayAttr(openWords));
  fields.append("weight_names", strings(weightNames));
  fields.append("weight_shapes", b.getDenseI32ArrayAttr(weightShapes));
  return fields.getDictionary(b.getContext());
}

FailureOr<RuntimeMetadata>
RuntimeMetadata::fromAttribute(DictionaryAttr dictionary) {
  if (!dictionary)
    return failure();
  RuntimeMetadata m;
  auto string = [&](StringRef key, StringRef &out) {
    auto attr = dictionary.getAs<StringAttr>(key);
    if (attr)
      out = attr.getValue();
    return bool(attr);
  };
  auto strings = [&](StringRef key, SmallVector<StringRef> &out) {
    auto attr = dictionary.getAs<ArrayAttr>(key);
    if (!attr)
      return false;
    for (Attribute element : attr) {
      auto s = dyn_cast<StringAttr>(element);
      if (!s)
        return false;
      out.push_back(s.getValue());
    }
    return true;
  };
  auto integer = [&](StringRef key, int64_t &out) {
    auto attr = dictionary.getAs<IntegerAttr>(key);
    if (attr)
      out = attr.getInt();
    return bool(attr);
  };
  auto shapes = dictionary.getAs<DenseI32ArrayAttr>("weight_shapes");
  if (!string("name", m.name) || !strings("tokens", m.tokens) ||
      !strings("outputs", m.outputs) || !integer("max_input", m.maxInput) ||
      !integer("max_output", m.maxOutput) ||
      !integer("param_count", m.paramCount) ||
      !integer("num_rules", m.numRules) ||
      !integer("num_states", m.numStates) ||
      !integer("runtime_rows", m.runtimeRows) ||
      !strings("weight_names", m.weightNames) || !shapes ||
      shapes.size() != 2 * int64_t(m.weightNames.size()))
    return failure();
  if (dictionary.get("batch_tile") &&
      (!integer("batch_tile", m.batchTile) ||
       !integer("workspace_kb", m.workspaceKB)))
    return failure();
  m.countOnly = bool(dictionary.get("count_only"));
  m.grows = bool(dictionary.get("grows")) || m.maxInput == 0;
  if (auto open = dictionary.getAs<DenseI32ArrayAttr>("open_words"))
    m.openWords.assign(open.asArrayRef().begin(), open.asArrayRef().end());
  m.weightShapes.assign(shapes.asArrayRef().begin(), shapes.asArrayRef().end());
  return m;
}

/// A NUL-separated blob of strings as a public constant i8 global.
static void createStringGlobal(ImplicitLocOpBuilder &b, StringRef name,
                               ArrayRef<StringRef> strings) {
  SmallVector<int8_t> bytes;
  for (StringRef s : strings) {
    bytes.append(s.begin(), s.end());
    bytes.push_back(0);
  }
  auto tensorType = RankedTensorType::get({(int64_t)bytes.size()}, b.getI8Type());
  auto memrefType = MemRefType::get({(int64_t)bytes.size()}, b.getI8Type());
  memref::GlobalOp::create(b, name, b.getStringAttr("public"), memrefType,
                           DenseElementsAttr::get(tensorType, ArrayRef<int8_t>(bytes)),
                           /*constant=*/true, IntegerAttr());
}

static void createIntGlobal(ImplicitLocOpBuilder &b, StringRef name,
                            ArrayRef<int32_t> values) {
  auto type = RankedTensorType::get({(int64_t)values.size()}, b.getI32Type());
  memref::GlobalOp::create(b, name, b.getStringAttr("public"),
                           MemRefType::get({(int64_t)values.size()}, b.getI32Type()),
                           DenseElementsAttr::get(type, values),
                           /*constant=*/true, IntegerAttr());
}

void circc::emitRuntimeMetadata(ImplicitLocOpBuilder &b,
                                const RuntimeMetadata &m) {
  // Indexed by circc/abi.h's fields, so the order cannot disagree.
  std::array<int32_t, CIRCC_INFO_SIZE> info{};
  info[CIRCC_INFO_ABI_VERSION] = CIRCC_ABI_VERSION;
  info[CIRCC_INFO_MAX_INPUT] = int32_t(m.maxInput);
  info[CIRCC_INFO_MAX_OUTPUT] = int32_t(m.maxOutput);
  info[CIRCC_INFO_NUM_TOKENS] = int32_t(m.tokens.size());
  info[CIRCC_INFO_NUM_OUTPUTS] = int32_t(m.outputs.size());
  info[CIRCC_INFO_PARAM_COUNT] = int32_t(m.paramCount);
  info[CIRCC_INFO_NUM_RULES] = int32_t(m.numRules);
  info[CIRCC_INFO_NUM_STATES] = int32_t(m.numStates);
  info[CIRCC_INFO_RUNTIME_ROWS] = int32_t(m.runtimeRows);
  info[CIRCC_INFO_RUNTIME_TABLES] = int32_t(m.weightNames.size());
  info[CIRCC_INFO_COUNT_ONLY] = m.countOnly;
  info[CIRCC_INFO_NUM_OPEN_WORDS] = int32_t(m.openWords.size() / 2);
  info[CIRCC_INFO_GROWS] = m.grows;
  info[CIRCC_INFO_BATCH_TILE] = int32_t(m.batchTile);
  info[CIRCC_INFO_WORKSPACE_KB] = int32_t(m.workspaceKB);
  createIntGlobal(b, abi::kInfo, info);
  createStringGlobal(b, abi::kName, {m.name});
  createStringGlobal(b, abi::kTokenNames, m.tokens);
  createStringGlobal(b, abi::kOutputNames, m.outputs);
  // Never empty, so that every library defines both globals.
  SmallVector<StringRef> names(m.weightNames);
  if (names.empty())
    names.push_back("");
  createStringGlobal(b, abi::kWeightNames, names);
  SmallVector<int32_t> shapes(m.weightShapes);
  if (shapes.empty())
    shapes = {0, 0};
  createIntGlobal(b, abi::kWeightShapes, shapes);
  SmallVector<int32_t> open(m.openWords);
  if (open.empty())
    open = {0, 0};
  createIntGlobal(b, abi::kOpenWords, open);
}
