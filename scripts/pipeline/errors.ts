// The error of a build step that failed: the step and a Dutch message.

/** A build step that failed, with the tool that failed and a Dutch message. */
export class BuildError extends Error {
  constructor(
    readonly step: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "BuildError";
  }
}
