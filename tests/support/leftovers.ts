// What a test file created and has not removed yet (servers, databases): each helper adds an
// undo here and takes it back once done. tests/support/cleanup.ts runs what is left after
// every file, so a test that fails half-way leaves nothing behind.
const undos = new Set<() => unknown>();

/** Registers an undo; returns a function that takes it back (call once it has been done). */
export function leaveUndo(undo: () => unknown): () => void {
  undos.add(undo);
  return () => void undos.delete(undo);
}

export async function undoLeftovers(): Promise<void> {
  for (const undo of [...undos].reverse()) {
    undos.delete(undo);
    await undo();
  }
}
