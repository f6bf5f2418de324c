//===- ParseView.cpp - circc --parse: derivation trees of inputs ----------===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#include "ParseView.h"

#include "CircuitLibrary.h"
#include "Derivation.h"
#include "JsonWriter.h"
#include "TemporaryFolder.h"

#include "circc/Dialect/Grammar/GrammarOps.h"

#include "llvm/ADT/StringExtras.h"

using namespace mlir;
namespace g = circc::grammar;

namespace {
/// A production as the tree shows it.
struct Rule {
  /// `lhs -> rhs...`, as diagnostics write it.
  std::string text;
  unsigned line = 0, column = 0;
  /// Per right-hand-side symbol: the child's nonterminal or class, or empty
  /// for a token.
  std::vector<std::string> items;
};

/// One input's derivation, with what each node covers.
struct Tree {
  std::vector<circc::tools::DerivationNode> nodes;
  /// Per node: its first word, its number of words, its depth, and for a
  /// class word the class.
  std::vector<size_t> first, count;
  std::vector<unsigned> depth;
  std::vector<std::string> className;
};
} // namespace

/// The text tree: at most this many words shown at each end of a node's
/// words, and the column they start in at most this far right.
static constexpr size_t kEndWords = 6;
static constexpr size_t kMaxColumn = 72;

/// The words of `text` as the runtime reads them: runs of bytes above ' '.
static std::vector<llvm::StringRef> splitWords(llvm::StringRef text) {
  std::vector<llvm::StringRef> words;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (unsigned char)text[i] <= ' ')
      ++i;
    size_t start = i;
    while (i < text.size() && (unsigned char)text[i] > ' ')
      ++i;
    if (i > start)
      words.push_back(text.slice(start, i));
  }
  return words;
}

/// Places every node of `tree` over the words it derives; false when the
/// derivation does not derive `numWords` words.
static bool placeWords(Tree &tree, const std::vector<Rule> &rules,
                       size_t numWords) {
  size_t size = tree.nodes.size();
  tree.first.assign(size, 0);
  tree.count.assign(size, 1);
  tree.depth.assign(size, 0);
  tree.className.assign(size, "");
  // Nodes are in prefix order: children after their parent.
  for (size_t n = size; n-- > 0;) {
    const circc::tools::DerivationNode &node = tree.nodes[n];
    if (node.production < 0)
      continue;
    size_t words = 0;
    for (const std::string &item : rules[node.production].items)
      words += item.empty();
    for (int32_t child : node.children)
      words += tree.count[child];
    tree.count[n] = words;
  }
  for (size_t n = 0; n < size; ++n) {
    const circc::tools::DerivationNode &node = tree.nodes[n];
    if (node.production < 0)
      continue;
    size_t next = tree.first[n], child = 0;
    for (const std::string &item : rules[node.production].items) {
      if (item.empty()) {
        ++next;
        continue;
      }
      int32_t c = node.children[child++];
      tree.first[c] = next;
      tree.depth[c] = tree.depth[n] + 1;
      tree.className[c] = item;
      next += tree.count[c];
    }
  }
  return tree.count[0] == numWords;
}

int circc::printParses(ModuleOp module, const CircuitPipelineOptions &circuit,
                       const LinkOptions &link,
                       const std::vector<std::string> &inputs, bool json,
                       llvm::raw_ostream &os) {
  auto fail = [](const llvm::Twine &message) {
    llvm::errs() << "circc: error: " << message << "\n";
    return 1;
  };
  auto grammars = module.getOps<g::GrammarOp>();
  if (!llvm::hasSingleElement(grammars))
    return fail("--parse needs a module with one grammar");
  g::GrammarOp grammar = *grammars.begin();

  // The productions, in the order grammar-derivation-output numbers them.
  std::vector<Rule> rules;
  std::vector<int32_t> numChildren;
  for (g::NonterminalOp nonterminal : grammar.getNonterminals()) {
    for (g::ProductionOp op :
         nonterminal.getBody()->getOps<g::ProductionOp>()) {
      Rule rule;
      rule.text = op.describe();
      if (auto loc = dyn_cast<FileLineColLoc>(op.getLoc())) {
        rule.line = loc.getLine();
        rule.column = loc.getColumn();
      }
      for (Attribute item : op.getRhs())
        rule.items.push_back(
            isa<FlatSymbolRefAttr>(item)
                ? cast<FlatSymbolRefAttr>(item).getValue().str()
                : std::string());
      numChildren.push_back(int32_t(llvm::count_if(
          rule.items, [](const std::string &item) { return !item.empty(); })));
      rules.push_back(std::move(rule));
    }
  }
  std::vector<std::string> outputs(
      grammar.getOutputs().getAsValueRange<StringAttr>().begin(),
      grammar.getOutputs().getAsValueRange<StringAttr>().end());

  std::string error;
  tools::TemporaryFolder folder;
  if (!folder.create("circc-parse", error))
    return fail(error);
  std::string libraryPath = folder.file("derivations.so");
  if (failed(
          compileDerivationLibrary(module, circuit, link, libraryPath, error)))
    return error.empty() ? 1 : fail(error);
  tools::CircuitLibrary library;
  if (!library.open(std::string(libraryPath), error) ||
      !library.create("", error))
    return fail(error);

  int status = 0;
  std::vector<int32_t> ids(std::max(library.maxOutput(library.circuit), 1));
  Tree tree;
  for (const std::string &input : inputs) {
    circc_result result;
    circc_status ran =
        library.runText(library.circuit, input.data(), input.size(), ids.data(),
                        int32_t(ids.size()), &result);
    std::vector<llvm::StringRef> words = splitWords(input);
    std::string message;
    if (ran != CIRCC_OK) {
      char text[512];
      library.describe(library.circuit, input.data(), input.size(), &result,
                       text, sizeof(text));
      message = text;
    } else if (!tools::readDerivation(ids.data(), size_t(result.length),
                                      numChildren, tree.nodes) ||
               !placeWords(tree, rules, words.size())) {
      message = "the circuit's derivation is malformed";
    }
    if (!message.empty()) {
      status = 1;
      if (json)
        os << JsonWriter()
                  .beginObject()
                  .key("input")
                  .value(input)
                  .key("error")
                  .value(message)
                  .endObject()
                  .str()
           << "\n";
      else {
        os.flush();
        llvm::errs() << "circc: error: cannot parse '" << input
                     << "': " << message << "\n";
      }
      continue;
    }

    // The words a node covers; a long stretch as its two ends, so that a
    // deep tree prints in space linear in the input.
    auto covered = [&](size_t n) {
      llvm::ArrayRef<llvm::StringRef> span =
          llvm::ArrayRef(words).slice(tree.first[n], tree.count[n]);
      if (span.size() <= 2 * kEndWords + 1)
        return llvm::join(span, " ");
      return llvm::join(span.take_front(kEndWords), " ") + " ... " +
             llvm::join(span.take_back(kEndWords), " ");
    };
    // A word of an open class is carried to the output as itself.
    auto outputOf = [&](size_t n) {
      int32_t symbol = tree.nodes[n].symbol;
      return symbol < int32_t(outputs.size()) ? outputs[symbol]
                                              : words[tree.first[n]].str();
    };
    auto label = [&](size_t n) {
      const tools::DerivationNode &node = tree.nodes[n];
      if (node.production >= 0)
        return rules[node.production].text;
      return tree.className[n] + ": " + outputOf(n);
    };
    size_t size = tree.nodes.size();
    if (json) {
      JsonWriter writer;
      writer.beginObject().key("input").value(input).key("tree");
      // Objects whose children are still being written.
      size_t open = 0;
      for (size_t n = 0; n < size; ++n) {
        for (; open > tree.depth[n]; --open)
          writer.endArray().endObject();
        const tools::DerivationNode &node = tree.nodes[n];
        writer.beginObject();
        if (node.production < 0) {
          writer.key("class").value(tree.className[n]);
          writer.key("output").value(outputOf(n));
          writer.key("word").value(words[tree.first[n]]);
          writer.endObject();
          continue;
        }
        const Rule &rule = rules[node.production];
        writer.key("rule").value(rule.text);
        writer.key("line").value(int64_t(rule.line));
        writer.key("column").value(int64_t(rule.column));
        writer.key("span").beginArray();
        writer.value(uint64_t(tree.first[n]));
        writer.value(uint64_t(tree.first[n] + tree.count[n]));
        writer.endArray();
        writer.key("children").beginArray();
        ++open;
      }
      for (; open > 0; --open)
        writer.endArray().endObject();
      os << writer.endObject().str() << "\n";
      continue;
    }
    // Two spaces per level; the words each node covers in a column (after
    // a line too long for it, two spaces).
    size_t width = 0;
    for (size_t n = 0; n < size; ++n)
      width = std::max(width, 2 * (tree.depth[n] + 1) + label(n).size());
    width = std::min(width, kMaxColumn);
    os << input << "\n";
    for (size_t n = 0; n < size; ++n) {
      std::string line = std::string(2 * (tree.depth[n] + 1), ' ') + label(n);
      os << line << std::string(width - std::min(width, line.size()) + 2, ' ')
         << covered(n) << "\n";
    }
  }
  return status;
}
