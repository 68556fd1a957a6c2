// Input the user can fix (a corrupt, truncated, unsupported or oversized image). Hosts map it to
// their own "bad input" path: the CLI to InputError (exit 2), the plugin UI to a message.

export class ImageDecodeError extends Error {
  override name = 'ImageDecodeError';
}
