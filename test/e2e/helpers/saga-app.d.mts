export declare const REPO_DIR: string;
export declare const CREATE_SERVICE_BIN: string;
export declare const ARCH_LINT_BIN: string;
export declare const SAGA_SERVICES: Record<"orders" | "inventory", { publishes: string[]; consumes: string[] }>;
export declare const SAGA_TOPICS: string[];

export interface SagaDirs {
  root: string;
  orders: string;
  inventory: string;
}

export declare function nodeEnv(extra?: Record<string, string>): NodeJS.ProcessEnv;
export declare function generateSagaWorkspace(root: string): Promise<SagaDirs>;
export declare function writeSagaCode(dirs: SagaDirs): void;
export declare function installAndBuild(dirs: SagaDirs): Promise<void>;
export declare function freePort(): Promise<number>;
export declare function prepareKafka(bootstrap: string, groups: Record<string, string[]>): Promise<void>;

export declare class ServiceProcess {
  constructor(options: { name: string; dir: string; env: Record<string, string>; logFile: string });
  readonly name: string;
  readonly dir: string;
  env: Record<string, string>;
  readonly logFile: string;
  readonly port: number;
  readonly baseUrl: string;
  readonly running: boolean;
  readonly starts: number;
  start(options?: { timeoutMs?: number; ready?: (body: any) => boolean }): Promise<void>;
  stop(options?: { timeoutMs?: number }): Promise<void>;
  kill(): Promise<void>;
  servicePid(): number | undefined;
  logTail(lines?: number): string;
}
