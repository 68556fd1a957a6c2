// The one list of hosts that model files may come from, redirects included. Figma's
// manifest.json networkAccess.allowedDomains must cover every origin here (a test checks it).
//
// A Hugging Face "resolve" URL answers with a redirect: LFS files go to the LFS CDN
// (cdn-lfs*.hf.co, formerly cdn-lfs.huggingface.co), files stored with Xet go to
// cas-bridge.xethub.hf.co (signed URLs), some via the CDN edge us.aws.cdn.hf.co. Small
// non-LFS files (tokenizer.json) are served by huggingface.co itself. Source: Hugging Face hub-docs "Downloading behind a proxy or
// firewall" and transformers issue #33947 (list given by HF staff).

export const MODEL_HOSTS = [
  'huggingface.co',
  'cdn-lfs.hf.co',
  'cdn-lfs-us-1.hf.co',
  'cdn-lfs-eu-1.hf.co',
  'cdn-lfs.huggingface.co',
  'cas-bridge.xethub.hf.co',
  'us.aws.cdn.hf.co',
] as const;

/** Allowed origins (https only), as compared with URL.origin. */
export const MODEL_ORIGINS: readonly string[] = MODEL_HOSTS.map((h) => `https://${h}`);
