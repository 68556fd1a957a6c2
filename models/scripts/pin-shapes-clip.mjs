// After re-training models/shapes-clip on purpose: writes the files' SHA-256 and sizes into
// the SHAPES_CLIP entry of models/model-registry.ts.   node models/scripts/pin-shapes-clip.mjs
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const models = fileURLToPath(new URL('..', import.meta.url));
const registryPath = `${models}model-registry.ts`;
let source = readFileSync(registryPath, 'utf8');
for (const name of ['vision_model.onnx', 'text_model.onnx', 'tokenizer.json']) {
  const bytes = readFileSync(`${models}shapes-clip/${name}`);
  const sha = createHash('sha256').update(bytes).digest('hex');
  // the registry is biome-formatted: url, sha256 and bytes on lines of their own
  const line = new RegExp(`(url: 'shapes-clip/${name.replace('.', '\\.')}',\\s*sha256: )[^,]+(,\\s*bytes: )[^,]+,`);
  if (!line.test(source)) throw new Error(`no registry line for shapes-clip/${name}`);
  source = source.replace(line, `$1'${sha}'$2${bytes.length},`);
  console.log(name, sha, bytes.length);
}
writeFileSync(registryPath, source);
