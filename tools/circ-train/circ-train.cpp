//===- circ-train.cpp - Learn a circuit's learnable tables from data ------===//
//
// Part of circc. Trains the learnable tables of a circuit compiled with
// `circc --weights=file` on SCAN-format examples and writes them as a
// safetensors file that circc_create_with_weights (and circ-eval --weights)
// loads:
//
//   circc grammars/scan_learn.scan --weights=file -o scan_learn.so
//   circ-train scan_learn.so --data=tasks_train_addprim_jump.txt.gz \
//       -o weights.safetensors --seed=1
//
// The gradient comes from the compiled circuit: circc_gradient_text runs the
// command forward to its route (which learnable row, or which fixed symbol,
// every output position comes from), takes the cross-entropy of each
// position's decoded symbol (the softmax of the routed row, the decoder being
// tied to the one-hot output embedding), and scatters its gradient (softmax
// minus one-hot) back along the same route. circ-train applies plain SGD, one
// example at a time; rows start from small random values drawn from --seed.
// circc_trace_text gives the routes once, for the training accuracy.
//
//===----------------------------------------------------------------------===//

#include "ArgumentReader.h"
#include "CircuitLibrary.h"
#include "JsonWriter.h"
#include "ScanFile.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <unistd.h>
#include <vector>

using namespace circc::tools;

namespace {

struct Options {
  std::string library, output;
  std::vector<std::string> data;
  uint64_t seed = 1;
  int epochs = 20;
  double learningRate = 0.5;
  bool quiet = false;
};

/// One learnable table of the circuit.
struct Table {
  std::string name;
  int32_t rows;
};

/// A training example, and the route the circuit gives it.
struct Routed {
  std::string command;
  std::vector<int32_t> codes;   // per output position
  std::vector<int32_t> targets; // output symbol ids (-1: not a symbol)
  size_t learnablePositions;    // positions the loss counts
};

void usage(FILE *to) {
  std::fprintf(to,
               "usage: circ-train LIBRARY.so --data=FILE [--data=FILE...] -o "
               "WEIGHTS.safetensors\n"
               "                  [--seed=N] [--epochs=N] [--lr=X] [--quiet]\n"
               "       circ-train --help | --version\n"
               "\n"
               "Learns the learnable tables of LIBRARY.so (compiled with circc "
               "--weights=file)\nfrom SCAN-format examples by gradient descent "
               "on the cross-entropy of the\ndecoded outputs, and writes them "
               "to WEIGHTS.safetensors.\n");
}

/// Writes `weights` (rows x columns, tables one after the other) as F32
/// tensors named after the tables.
bool writeWeights(const std::string &path, const std::vector<Table> &tables,
                  int32_t columns, const std::vector<float> &weights) {
  circc::JsonWriter json;
  json.beginObject().key("__metadata__").beginObject().key("format").value("circc").endObject();
  size_t offset = 0;
  for (const Table &t : tables) {
    size_t bytes = size_t(t.rows) * columns * sizeof(float);
    json.key(t.name)
        .beginObject()
        .key("dtype")
        .value("F32")
        .key("shape")
        .beginArray()
        .value(int64_t(t.rows))
        .value(int64_t(columns))
        .endArray()
        .key("data_offsets")
        .beginArray()
        .value(uint64_t(offset))
        .value(uint64_t(offset + bytes))
        .endArray()
        .endObject();
    offset += bytes;
  }
  json.endObject();
  std::string header = json.str();
  while (header.size() % 8)
    header += ' ';
  FILE *out = std::fopen(path.c_str(), "wb");
  if (!out)
    return false;
  uint64_t length = header.size();
  unsigned char prefix[8];
  for (int i = 0; i < 8; ++i)
    prefix[i] = static_cast<unsigned char>(length >> (8 * i));
  bool ok = std::fwrite(prefix, 1, 8, out) == 8 &&
            std::fwrite(header.data(), 1, header.size(), out) == header.size() &&
            std::fwrite(weights.data(), sizeof(float), weights.size(), out) ==
                weights.size();
  return std::fclose(out) == 0 && ok;
}

int fail(const std::string &message) {
  std::fprintf(stderr, "circ-train: error: %s\n", message.c_str());
  return 1;
}

} // namespace

int main(int argc, char **argv) {
  Options options;
  ArgumentReader args(argc, argv);
  long long seed = options.seed, epochs = options.epochs;
  std::string data;
  while (args.next()) {
    if (args.flag("--help") || args.flag("-h")) {
      usage(stdout);
      return 0;
    } else if (args.flag("--version")) {
      std::printf("%s\n", versionText("circ-train").c_str());
      return 0;
    } else if (args.flag("--quiet")) {
      options.quiet = true;
    } else if (args.value("--data", data)) {
      options.data.push_back(data);
    } else if (args.value("-o", options.output) ||
               args.integer("--seed", 0, INT64_MAX, seed) ||
               args.integer("--epochs", 1, 1000000, epochs) ||
               args.positiveReal("--lr", options.learningRate)) {
    } else if (args.isOption()) {
      return fail("unknown option " + args.current() + " (see --help)");
    } else if (options.library.empty()) {
      options.library = args.current();
    } else {
      return fail("unexpected argument " + args.current() + " (see --help)");
    }
    if (!args.error().empty())
      return fail(args.error());
  }
  options.seed = uint64_t(seed);
  options.epochs = int(epochs);
  if (options.library.empty() || options.data.empty() || options.output.empty()) {
    usage(stderr);
    return fail(options.library.empty() ? "no library given"
                : options.data.empty()  ? "no --data file given"
                                        : "no -o output given");
  }
  auto start = std::chrono::steady_clock::now();

  CircuitLibrary c;
  std::string error;
  if (!c.open(options.library, error))
    return fail(error);
  std::vector<Table> tables;
  int32_t columns = 0, totalRows = 0;
  for (int32_t t = 0; t < c.weightTableCount(); ++t) {
    int32_t rows, cols;
    c.weightTableShape(t, &rows, &cols);
    tables.push_back({c.weightTableName(t), rows});
    columns = cols;
    totalRows += rows;
  }
  if (tables.empty())
    return fail(options.library +
                " has no learnable tables to train; compile a grammar with "
                "'?' entries using circc --weights=file");

  // Small random rows, from the seed.
  std::mt19937_64 random(options.seed);
  std::uniform_real_distribution<float> initial(-0.1f, 0.1f);
  std::vector<float> weights(size_t(totalRows) * columns);
  for (float &w : weights)
    w = initial(random);

  // A handle needs weights; the initial ones serve, since routes do not
  // depend on them.
  std::string initialPath = options.output + ".initial";
  if (!writeWeights(initialPath, tables, columns, weights))
    return fail("cannot write " + initialPath);
  bool created = c.create(initialPath, error);
  std::remove(initialPath.c_str());
  if (!created)
    return fail(error);

  // Route every example once.
  std::vector<Routed> examples;
  size_t rejected = 0;
  int32_t capacity = c.maxOutput(c.circuit);
  std::vector<int32_t> codes(capacity);
  for (const std::string &file : options.data) {
    std::vector<ScanExample> read;
    ScanFileCounts counts;
    if (!readScanFile(file, /*stopOnError=*/false, read, counts, error) ||
        counts.malformed) {
      if (!error.empty())
        return fail(error);
      return fail(file + " has malformed lines");
    }
    for (const ScanExample &example : read) {
      circc_result result;
      c.traceText(c.circuit, example.command.data(), example.command.size(),
                  codes.data(), capacity, &result);
      if (result.status != CIRCC_OK) {
        ++rejected;
        continue;
      }
      Routed routed{example.command,
                    std::vector<int32_t>(codes.begin(),
                                         codes.begin() + result.length),
                    c.outputIds(example.actions), 0};
      size_t n = std::min(routed.codes.size(), routed.targets.size());
      for (size_t i = 0; i < n; ++i)
        routed.learnablePositions +=
            routed.codes[i] >= 0 && routed.targets[i] >= 0 &&
            routed.codes[i] >= static_cast<int32_t>(columns);
      examples.push_back(std::move(routed));
    }
  }
  if (examples.empty())
    return fail("no training example is a sentence of the grammar");
  if (!options.quiet)
    std::printf("circ-train: %zu examples (%zu not sentences of the grammar), "
                "%zu tables, %d rows x %d outputs, seed %llu\n",
                examples.size(), rejected, tables.size(), totalRows, columns,
                static_cast<unsigned long long>(options.seed));

  auto decode = [&](int32_t code) -> int32_t {
    if (code < columns)
      return code;
    const float *row = &weights[size_t(code - columns) * columns];
    return std::max_element(row, row + columns) - row;
  };
  // A circuit that routes learnable rows to its outputs learns from each
  // routed position; one that applies learnable op tables learns from the
  // answer alone (its trace routes none), and is judged by running it.
  bool fromAnswers = std::none_of(
      examples.begin(), examples.end(),
      [](const Routed &example) { return example.learnablePositions > 0; });
  std::string epochPath = options.output + ".epoch";
  auto exactNow = [&]() -> size_t {
    size_t count = 0;
    if (!fromAnswers) {
      for (const Routed &example : examples) {
        bool same = example.codes.size() == example.targets.size();
        for (size_t i = 0; same && i < example.codes.size(); ++i)
          same = decode(example.codes[i]) == example.targets[i];
        count += same;
      }
      return count;
    }
    // The hardened circuit: each row decoded to its largest entry.
    std::string ignored;
    c.destroy(c.circuit);
    c.circuit = nullptr;
    if (!writeWeights(epochPath, tables, columns, weights) ||
        !c.create(epochPath, ignored)) {
      std::remove(epochPath.c_str());
      return 0;
    }
    std::remove(epochPath.c_str());
    std::vector<int32_t> out(capacity);
    for (const Routed &example : examples) {
      circc_result result;
      c.runText(c.circuit, example.command.data(), example.command.size(),
                out.data(), capacity, &result);
      count += result.status == CIRCC_OK &&
               std::equal(out.begin(), out.begin() + result.length,
                          example.targets.begin(), example.targets.end());
    }
    return count;
  };

  std::vector<size_t> order(examples.size());
  for (size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  std::vector<float> gradients(weights.size());
  double firstLoss = 0, lastLoss = 0;
  size_t exact = 0;
  for (int epoch = 1; epoch <= options.epochs; ++epoch) {
    std::shuffle(order.begin(), order.end(), random);
    double loss = 0;
    size_t positions = 0;
    for (size_t index : order) {
      const Routed &example = examples[index];
      if (!fromAnswers && !example.learnablePositions)
        continue; // Only fixed symbols: nothing to learn from it.
      // The compiled circuit's gradient (see __circc_gradient): along the
      // route, or through the soft applications of its op tables.
      std::fill(gradients.begin(), gradients.end(), 0.0f);
      float exampleLoss = 0;
      circc_status status = c.gradientText(
          c.circuit, example.command.data(), example.command.size(),
          example.targets.data(), example.targets.size(), weights.data(),
          gradients.data(), &exampleLoss);
      if (status != CIRCC_OK)
        return fail("the circuit's gradient failed on '" + example.command +
                    "'");
      for (size_t k = 0; k < weights.size(); ++k)
        weights[k] -= options.learningRate * gradients[k];
      loss += exampleLoss;
      positions += fromAnswers ? 1 : example.learnablePositions;
    }
    loss = positions ? loss / positions : 0;
    exact = exactNow();
    if (epoch == 1)
      firstLoss = loss;
    lastLoss = loss;
    if (!options.quiet)
      std::printf("epoch %d/%d: loss %.6f, train exact %zu/%zu (%.2f%%)\n",
                  epoch, options.epochs, loss, exact, examples.size(),
                  100.0 * exact / examples.size());
  }

  if (!writeWeights(options.output, tables, columns, weights))
    return fail("cannot write " + options.output);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  std::printf("circ-train: loss %s from %.6f to %.6f; train exact %zu/%zu; "
              "%.2f s; wrote %s\n",
              lastLoss < firstLoss ? "fell" : "did not fall", firstLoss,
              lastLoss, exact, examples.size(), seconds,
              options.output.c_str());
  return 0;
}
