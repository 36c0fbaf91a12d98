// The importer's failures: a Dutch message for the user (cli/report.ts shows it as
// it is); nothing has been written when one is thrown.
export class ImportError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ImportError";
  }
}
