import type { MethodHandler } from './calls.js';

/** A method of the table: the name Telegram spells it with (calls are counted and logged under it). */
export interface MethodEntry {
  name: string;
  handler: MethodHandler;
}

/**
 * The Bot API methods the double implements, name to handler. Telegram matches method names
 * case-insensitively, so lookups go by lower case.
 */
export class MethodTable {
  private readonly byLowerName = new Map<string, MethodEntry>();

  constructor(handlers: Readonly<Record<string, MethodHandler>>) {
    for (const [name, handler] of Object.entries(handlers)) {
      const key = name.toLowerCase();
      if (this.byLowerName.has(key)) throw new Error(`method ${name} is implemented twice`);
      this.byLowerName.set(key, { name, handler });
    }
  }

  /** The method called `rawName` in any letter case, or undefined (Telegram answers 404). */
  find(rawName: string): MethodEntry | undefined {
    return this.byLowerName.get(rawName.toLowerCase());
  }

  /** Every implemented method, as Telegram spells it. */
  names(): string[] {
    return [...this.byLowerName.values()].map((entry) => entry.name);
  }
}
