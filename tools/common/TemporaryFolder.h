//===- TemporaryFolder.h - A folder of files removed at the end -*- C++ -*-===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//
//
// A uniquely named temporary folder for the libraries a tool compiles and
// loads (derivation circuits, skeletons tried); the files it names and the
// folder are removed when it goes out of scope.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_TOOLS_COMMON_TEMPORARYFOLDER_H
#define CIRCC_TOOLS_COMMON_TEMPORARYFOLDER_H

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <string>
#include <vector>

namespace circc::tools {

class TemporaryFolder {
public:
  TemporaryFolder() = default;
  TemporaryFolder(const TemporaryFolder &) = delete;
  TemporaryFolder &operator=(const TemporaryFolder &) = delete;
  ~TemporaryFolder() {
    for (const std::string &file : files)
      llvm::sys::fs::remove(file);
    if (!path.empty())
      llvm::sys::fs::remove(path);
  }

  /// Creates the folder, named after `prefix`; false (with `error` set)
  /// if it cannot be.
  bool create(const llvm::Twine &prefix, std::string &error) {
    if (std::error_code ec =
            llvm::sys::fs::createUniqueDirectory(prefix, path)) {
      path.clear();
      error = "cannot create a temporary folder: " + ec.message();
      return false;
    }
    return true;
  }

  /// The path of a file `name` in the folder, removed with it.
  std::string file(const llvm::Twine &name) {
    llvm::SmallString<128> file(path);
    llvm::sys::path::append(file, name);
    files.push_back(std::string(file));
    return files.back();
  }

  /// How many files have been named.
  size_t size() const { return files.size(); }

private:
  llvm::SmallString<128> path;
  std::vector<std::string> files;
};

} // namespace circc::tools

#endif // CIRCC_TOOLS_COMMON_TEMPORARYFOLDER_H
