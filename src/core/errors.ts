/** An error the user caused or can fix: printed as one line, never with a stack trace. */
export class VigilError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.exitCode = exitCode;
    this.name = 'VigilError';
  }
}

/** Bad usage: exit 2 (SPEC §3). */
export class UsageError extends VigilError {
  constructor(message: string) {
    super(message, 2);
    this.name = 'UsageError';
  }
}
