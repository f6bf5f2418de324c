#!/usr/bin/env bash
#===- baselines/transformer/setup_onnxruntime.sh - ONNX Runtime's CPU build ===#
#
# Usage: setup_onnxruntime.sh DIR   -> prints DIR/.../libonnxruntime.so.1
#
# Installs ONNX Runtime's CPU library from npm (the package onnxruntime-node,
# pinned; Debian's npm if there is no npm) into DIR, for bench_speed.py
# --onnxruntime. The package's install script is skipped: it only fetches a
# GPU provider from outside npm. Idempotent.
#
#===----------------------------------------------------------------------===#
set -euo pipefail
version=1.30.0
dir="${1:?usage: setup_onnxruntime.sh DIR}"
find_library() {
  find "$dir/node_modules/onnxruntime-node/bin" -name libonnxruntime.so.1 \
    -path "*linux/x64*" 2>/dev/null | head -n 1 || true
}
library="$(find_library)"
if [ -z "$library" ]; then
  if ! command -v npm >/dev/null; then
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    echo "setup: installing npm" >&2
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -q
    $sudo apt-get install -y -q --no-install-recommends npm
  fi
  echo "setup: installing onnxruntime-node $version into $dir" >&2
  mkdir -p "$dir"
  npm install --prefix "$dir" --ignore-scripts --no-audit --no-fund \
    "onnxruntime-node@$version" >&2
  library="$(find_library)"
  if [ -z "$library" ]; then
    echo "setup: error: onnxruntime-node $version has no linux/x64 libonnxruntime.so.1" >&2
    exit 1
  fi
fi
echo "$library"
