export { electronBinary, root } from './electron-binary.cjs';
export declare function nodeRuntime(): { command: string; env: NodeJS.ProcessEnv; name: string };
export declare function ensureNativeModules(runtime?: ReturnType<typeof nodeRuntime>): void;
