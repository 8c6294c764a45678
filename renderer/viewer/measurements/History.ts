/** An undoable change; both directions talk to the main side, so both are async. */
export interface Command {
  label: string;
  undo(): Promise<void>;
  redo(): Promise<void>;
}

/**
 * Undo/redo over app-level measurement changes (not Cornerstone's internal memo), so an undone
 * change is undone in the database too.
 */
export class History {
  private done: Command[] = [];
  private undone: Command[] = [];
  private running = false;

  constructor(private readonly onChange: () => void = () => {}) {}

  push(command: Command): void {
    this.done.push(command);
    if (this.done.length > 200) this.done.shift();
    this.undone = [];
    this.onChange();
  }

  get canUndo(): boolean {
    return this.done.length > 0 && !this.running;
  }

  get canRedo(): boolean {
    return this.undone.length > 0 && !this.running;
  }

  async undo(): Promise<void> {
    const c = this.done.pop();
    if (!c || this.running) return;
    this.running = true;
    try {
      await c.undo();
      this.undone.push(c);
    } finally {
      this.running = false;
      this.onChange();
    }
  }

  async redo(): Promise<void> {
    const c = this.undone.pop();
    if (!c || this.running) return;
    this.running = true;
    try {
      await c.redo();
      this.done.push(c);
    } finally {
      this.running = false;
      this.onChange();
    }
  }
}
