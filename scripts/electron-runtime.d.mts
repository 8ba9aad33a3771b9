export declare const root: string;
export declare function electronBinary(): string | null;
export declare function nodeRuntime(): { command: string; env: NodeJS.ProcessEnv; name: string };
export declare function ensureNativeModules(runtime?: ReturnType<typeof nodeRuntime>): void;
