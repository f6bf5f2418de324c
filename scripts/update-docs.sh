#!/usr/bin/env bash
#===- scripts/update-docs.sh - Refresh the generated reference pages ------===#
#
# Builds the op and pass reference pages from TableGen and copies them into
# docs/, where test/docs/generated-docs.test checks they stay current.
#
#===----------------------------------------------------------------------===#
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$root/build}"
cmake --build "$build" --target circc-doc
cp "$build"/docs/Dialects/*.md "$root/docs/Dialects/"
cp "$build"/docs/ConversionPasses.md "$root/docs/ConversionPasses.md"
cp "$build"/docs/TransformsPasses.md "$root/docs/TransformsPasses.md"
