/** SVG input we cannot read: not XML, not SVG, or numbers that are not finite. The CLI maps it to exit code 2. */
export class SvgImportError extends Error {
  override name = 'SvgImportError';
}
