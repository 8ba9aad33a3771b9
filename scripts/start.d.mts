export declare function electronViteArgs(args: readonly string[], options: { stale: boolean }): string[];
