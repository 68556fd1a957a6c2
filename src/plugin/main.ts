import { startPluginController } from './controller.ts';

// Entry of the sandbox bundle (dist/code.js). Figma injects `figma` and `__html__` (dist/ui.html).
startPluginController(figma, __html__);
