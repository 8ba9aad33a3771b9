export interface SmokeLine {
  version: string;
  platform: string;
  backend: string;
}
export interface AppCommand {
  command: string;
  args: string[];
}
export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  timeoutMs: number;
}
export declare function parseSmokeLine(stdout: string): SmokeLine | null;
export declare function runApp(options: {
  command: string;
  args?: string[];
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}): Promise<RunResult>;
export declare function withoutRunAsNode<Env extends NodeJS.ProcessEnv>(env: Env): Env;
export declare function smokeProblems(result: RunResult, expected: Partial<SmokeLine>): string[];
export declare function devApp(): AppCommand | null;
export declare function packagedApp(
  distDir: string,
  platform?: NodeJS.Platform,
  workDir?: string,
): AppCommand;
