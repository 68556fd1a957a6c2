// color-name ships no types: a frozen map from CSS colour keyword to [r, g, b] in 0..255.
declare module 'color-name' {
  const colors: Readonly<Record<string, readonly [number, number, number]>>;
  export default colors;
}
