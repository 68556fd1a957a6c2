#!/usr/bin/env bash
# Run ON THE GPU MACHINE from the repository root, after prepare-gpu-bundle.sh made
# .gpu-bundle/ here and it travelled with the working tree (device tool: carry [".gpu-bundle"]).
# Unpacks the Vulkan loader into /, Node and the bench into /tmp/clipvg-gpu, then runs
# gpu-bench.mjs: the raster benchmark (4 SVGs, group and resolution scaling, resvg as the
# yardstick in the same process) and a short edit of pitt.svg. JSON goes to stdout and to
# $OUT/gpu-bench.json when $OUT is set. Needs python3 (for xz) and dpkg, nothing from a network.
set -euo pipefail
cd "$(dirname "$0")/../../.."
b=.gpu-bundle
[ -f "$b/node.xz" ] || { echo "no $b/node.xz: run test/bench/gpu/prepare-gpu-bundle.sh first and carry $b" >&2; exit 2; }
# CLIPVG_NO_DEBS=1: leave / alone (a smoke run on a machine with its own loader, e.g.
# LD_LIBRARY_PATH=/usr/lib/chromium VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json).
if [ "${CLIPVG_NO_DEBS:-}" != 1 ] && ! ldconfig -p | grep -q 'libvulkan.so.1 '; then
  for f in "$b"/debs/*.deb; do dpkg -x "$f" /; done
  ldconfig
fi
t=/tmp/clipvg-gpu
rm -rf "$t" && mkdir -p "$t"
python3 - "$b" "$t" <<'PY'
import lzma, os, shutil, sys, tarfile
b, t = sys.argv[1], sys.argv[2]
with lzma.open(f"{b}/node.xz") as src, open(f"{t}/node", "wb") as dst:
    shutil.copyfileobj(src, dst)
os.chmod(f"{t}/node", 0o755)
with tarfile.open(f"{b}/app.tar.xz") as tar:
    tar.extractall(t)
PY
# NVIDIA's ICD where the container mounts it (see the device notes); Dawn finds others itself.
icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
if [ -f "$icd" ] && [ -z "${VK_DRIVER_FILES:-}${VK_ICD_FILENAMES:-}" ]; then export VK_DRIVER_FILES="$icd"; fi
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>/dev/null || true
export CLIPVG_ROOT="$PWD" CLIPVG_ORT_WASM="$t/app/ort.wasm"
"$t/node" --version
set -o pipefail
"$t/node" "$t/app/gpu-bench.mjs" | tee "${OUT:-$t}/gpu-bench.json"
