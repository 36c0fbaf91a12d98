// Eleventy 3 ships no type declarations; this is the part of its API we use.
declare module "@11ty/eleventy" {
  interface EleventyOptions {
    /** A config file, or false: none (the build configures Eleventy in code: site/eleventy-config.ts). */
    configPath?: string | false;
    quietMode?: boolean;
    config?: (eleventyConfig: any) => void | Promise<void>;
    runMode?: "build" | "watch" | "serve";
  }
  export default class Eleventy {
    constructor(input?: string, output?: string, options?: EleventyOptions);
    setIsVerbose?(verbose: boolean): void;
    disableLogger(): void;
    write(): Promise<unknown>;
    toJSON(): Promise<Array<{ url: string; inputPath: string; outputPath: string; content: string }>>;
    /** Reads the configuration; needed before watch(). */
    init(): Promise<void>;
    /** Builds once, then rebuilds on every change to the watched files. */
    watch(): Promise<unknown>;
    /** Starts the dev server on the output folder (resolves before it listens). */
    serve(port?: number): Promise<void>;
    /** Closes the file watcher and the dev server. */
    stopWatch(): Promise<void>;
    /** The chokidar watcher, once watch() has resolved. */
    watcher?: { options: { cwd?: string }; emit(event: string | symbol, ...args: unknown[]): boolean };
    readonly errorHandler: { error(error: unknown, message?: string): void; fatal(error: unknown, message?: string): void };
  }
}
