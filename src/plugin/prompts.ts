// Prompts live on the frames themselves (plugin data), so they travel with the document and
// every collaborator sees the same ROI prompts.

export const PROMPT_KEY = 'prompt';

export function readPrompt(node: BaseNode): string {
  return node.getPluginData(PROMPT_KEY);
}

export function writePrompt(node: BaseNode, prompt: string): void {
  node.setPluginData(PROMPT_KEY, prompt);
}
