/** Cuts `text` to at most `max` UTF-16 units, adding an ellipsis when cut (for echoing user input). */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${[...text.slice(0, max - 1)].join('').replace(/[\uD800-\uDBFF]$/, '')}…`;
}
