/** A `like` pattern that finds `text` anywhere, with `%`, `_` and backslash taken literally. */
export const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
