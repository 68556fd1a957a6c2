// The one rule for where model files may come from, redirects included. Figma's
// manifest.json networkAccess.allowedDomains holds exactly these entries (a test checks it),
// and the loader applies the same rule to every hop (src/engine/models/host-allowlist.ts).
//
// A Hugging Face "resolve" URL answers with a redirect to a storage host that changes over
// time: cdn-lfs*.hf.co (Git LFS), cas-bridge.xethub.hf.co (Xet, signed URLs), now the CDN
// edge us.aws.cdn.hf.co/xet-bridge-us/...; older hosts (cdn-lfs.huggingface.co) are gone. All
// current ones are subdomains of hf.co, so the rule is a wildcard, as Figma accepts
// ("*.example.com" matches any subdomain, https only). Small non-LFS files (tokenizer.json)
// are served by huggingface.co itself.

export const MODEL_ORIGINS = ['https://huggingface.co', 'https://*.hf.co'] as const;
