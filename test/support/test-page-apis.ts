// Global names of the test pages' APIs, tagged with each API's type, for callPageAsync on the
// Node side and exposePageApi in the page. Type-only imports: nothing here runs page code.
import { pageApiName } from '../../src/cli/page-api.ts';
import type { AugmentPageApi } from '../augment/augment-browser-page.ts';
import type { ClipRuntimePageApi } from './clip-runtime-page.ts';
import type { ClipStartupPageApi } from './clip-startup-page.ts';
import type { EditTestPageApi } from './edit-test-page.ts';
import type { WebGpuProbePageApi } from './webgpu-probe-page.ts';

export const AUGMENT_PAGE = pageApiName<AugmentPageApi>('clipvgAugmentPage');
export const CLIP_RUNTIME_PAGE = pageApiName<ClipRuntimePageApi>('clipvgClipRuntimePage');
export const CLIP_STARTUP_PAGE = pageApiName<ClipStartupPageApi>('clipvgClipStartupPage');
export const EDIT_TEST_PAGE = pageApiName<EditTestPageApi>('clipvgEditTestPage');
export const WEBGPU_PROBE_PAGE = pageApiName<WebGpuProbePageApi>('clipvgWebGpuProbePage');
