import '@create-figma-plugin/ui/css/base.css';
import '@create-figma-plugin/ui/css/theme.css';
import { render } from 'preact';
import { App } from './app.tsx';
import { mirrorFigmaThemeClass } from './theme-class.ts';

// Entry of the UI bundle, inlined into dist/ui.html. fonts.css is left out on purpose: it
// fetches Inter from Google Fonts, and the plugin makes no network requests but model files.
const root = document.getElementById('root');
if (!root) throw new Error('ui.html has no #root element');
mirrorFigmaThemeClass();
render(<App />, root);
