#!/usr/bin/env bash
# Run HERE (a Linux x86-64 machine with this repo's node_modules, apt and network to Debian):
# packs into .gpu-bundle/ (git-ignored) what test/bench/gpu/run-on-gpu.sh needs on a GPU
# machine that has no Node, no Vulkan loader and no network:
#   node.xz          this machine's Node binary (x86-64), xz-compressed
#   app.tar.xz       gpu-bench.mjs (esbuild bundle of gpu-bench.ts) beside a minimal
#                    node_modules: webgpu (linux-x64 dawn.node only), @resvg/resvg-js and its
#                    linux-x64-gnu binary; plus ORT's wasm binary (ort.wasm)
#   debs/*.deb       Debian's Vulkan loader (libvulkan1) and GL/EGL dispatch libraries
# Examples, models/shapes-clip and the templates travel with the repository itself.
# About 40 MiB in all; the device tool's limit is 64 MiB with the repository's tracked files.
set -euo pipefail
cd "$(dirname "$0")/../../.."
out=.gpu-bundle
# node.xz is kept when it is newer than the Node binary (xz takes minutes).
rm -rf "$out/app" "$out/app.tar.xz" "$out/debs" && mkdir -p "$out/app/node_modules/webgpu/dist/linux-x64" "$out/app/node_modules/@resvg" "$out/debs"
[ "$(uname -m)" = x86_64 ] || { echo "prepare on x86-64: the GPU machine is x86-64" >&2; exit 2; }

node_modules/.bin/esbuild test/bench/gpu/gpu-bench.ts --bundle --platform=node --format=esm --target=node20 \
  --external:webgpu --external:@resvg/resvg-js --outfile="$out/app/gpu-bench.mjs" --log-level=warning \
  --banner:js="import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);"
cp node_modules/webgpu/package.json node_modules/webgpu/index.js node_modules/webgpu/LICENSE.md "$out/app/node_modules/webgpu/"
cp node_modules/webgpu/dist/linux-x64/dawn.node "$out/app/node_modules/webgpu/dist/linux-x64/"
cp -r node_modules/@resvg/resvg-js node_modules/@resvg/resvg-js-linux-x64-gnu "$out/app/node_modules/@resvg/"
wasm=$(node --input-type=module -e "import { ORT_WASM_FILE } from './src/engine/clip/clip-ort-config.ts'; console.log(ORT_WASM_FILE)" --import tsx)
cp "node_modules/onnxruntime-web/dist/$wasm" "$out/app/ort.wasm"
tar -C "$out" -cJf "$out/app.tar.xz" app && rm -rf "$out/app"
if [ ! -s "$out/node.xz" ] || [ "$(command -v node)" -nt "$out/node.xz" ]; then
  xz -6 -T1 -c "$(command -v node)" > "$out/node.xz.part" && mv "$out/node.xz.part" "$out/node.xz"
fi

# Debian's packages as the device notes describe (amd64 lists in /tmp, nothing installed here).
o='-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=/tmp/amd64'
mkdir -p /tmp/amd64/partial
apt-get $o update >/dev/null
(cd "$out/debs" && apt-get $o download libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2 >/dev/null)
du -sh "$out" "$out"/*
