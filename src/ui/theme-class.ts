// @create-figma-plugin/ui's theme.css scopes its colour tokens under `:root .figma-light` /
// `:root .figma-dark`, i.e. below <html>. Figma (themeColors: true) marks <html> itself with
// the theme class and may change it while the plugin is open. Mirror it onto <body>; outside
// Figma (tests, CLI) there is no class and the light theme applies.

const THEMES = ['figma-light', 'figma-dark'];

export function mirrorFigmaThemeClass(doc: Document = document): void {
  const sync = () => {
    const theme = THEMES.find((t) => doc.documentElement.classList.contains(t)) ?? 'figma-light';
    for (const t of THEMES) doc.body.classList.toggle(t, t === theme);
  };
  sync();
  new MutationObserver(sync).observe(doc.documentElement, { attributes: true, attributeFilter: ['class'] });
}
